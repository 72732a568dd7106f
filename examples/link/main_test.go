package main

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/idmatch/idmatch/examples/internal/output"
	"github.com/idmatch/idmatch/internal/dataset"
	"github.com/idmatch/idmatch/match"
)

// sharedData is the reference data directory, relative to this package.
const sharedData = "../../../shared/data"

// wantColumns are the documented columns of -out.
var wantColumns = []string{"contact_id", "customer_id", "status", "confidence", "best_id", "best_confidence", "candidate_count"}

// runResult is what one call of run produced.
type runResult struct {
	code           int
	stdout, stderr string
}

func runWith(t testing.TB, stdin string, args ...string) runResult {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(args, strings.NewReader(stdin), &out, &errOut)
	return runResult{code: code, stdout: out.String(), stderr: errOut.String()}
}

// idsOf returns the first column of a CSV file's rows, header skipped.
func idsOf(t *testing.T, path string) []string {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	r := csv.NewReader(f)
	r.TrimLeadingSpace = true
	recs, err := r.ReadAll()
	require.NoError(t, err)
	ids := make([]string, 0, len(recs)-1)
	for _, rec := range recs[1:] {
		ids = append(ids, rec[0])
	}
	return ids
}

// checkAnswers reads the -out CSV and checks it: the documented columns, one row per wanted
// contact in order, a known status, a customer_id set exactly for the decided statuses
// (matched, and review when includeReview) and equal to best_id then, confidences in [0,1]
// that are empty exactly when their id is, and a best_id that is a customer's. It returns
// the rows by contact id.
func checkAnswers(t *testing.T, data string, wantContacts, customers []string, includeReview bool) map[string][]string {
	t.Helper()
	recs, err := csv.NewReader(strings.NewReader(data)).ReadAll()
	require.NoError(t, err)
	require.NotEmpty(t, recs)
	require.Equal(t, wantColumns, recs[0])
	isCustomer := make(map[string]bool, len(customers))
	for _, id := range customers {
		isCustomer[id] = true
	}
	got := make([]string, 0, len(recs)-1)
	byID := make(map[string][]string, len(recs)-1)
	for _, r := range recs[1:] {
		got = append(got, r[0])
		byID[r[0]] = r
		id, customer, status, conf, best, bestConf := r[0], r[1], r[2], r[3], r[4], r[5]
		require.Contains(t, []string{"matched", "review", "ambiguous", "nomatch"}, status)
		wantDecided := status == "matched" || (status == "review" && includeReview)
		assert.Equal(t, wantDecided, customer != "", "%s: customer_id %q for status %s", id, customer, status)
		assert.Equal(t, customer == "", conf == "", "%s: confidence %q goes with customer_id %q", id, conf, customer)
		assert.Equal(t, best == "", bestConf == "", "%s: best_confidence %q goes with best_id %q", id, bestConf, best)
		if customer != "" {
			assert.Equal(t, best, customer, "%s: the decided customer is the best candidate", id)
			assert.Equal(t, bestConf, conf, id)
		}
		if best == "" {
			assert.Equal(t, "nomatch", status, "%s has no candidate", id)
		} else {
			assert.True(t, isCustomer[best], "%s answered with unknown customer %q", id, best)
			c, err := strconv.ParseFloat(bestConf, 64)
			require.NoError(t, err)
			assert.True(t, c >= 0 && c <= 1, "confidence %v of %s", c, id)
		}
		n, err := strconv.Atoi(r[6])
		require.NoError(t, err, "candidate_count of %s", id)
		assert.GreaterOrEqual(t, n, 0)
	}
	require.Equal(t, wantContacts, got)
	return byID
}

// without returns ids less the dropped ones.
func without(ids []string, dropped ...string) []string {
	return slices.DeleteFunc(slices.Clone(ids), func(id string) bool { return slices.Contains(dropped, id) })
}

// rejectedLines returns the line numbers of the rows a run reported as rejected in file.
func rejectedLines(t *testing.T, stderr, file string) []int {
	t.Helper()
	var lines []int
	for _, l := range strings.Split(stderr, "\n") {
		i := strings.Index(l, file+":")
		if i < 0 || !strings.Contains(l, ": rejected: ") {
			continue
		}
		rest := l[i+len(file)+1:]
		n, err := strconv.Atoi(rest[:strings.IndexByte(rest, ':')])
		require.NoError(t, err, l)
		lines = append(lines, n)
	}
	return lines
}

func TestRunBundled(t *testing.T) {
	out := filepath.Join(t.TempDir(), "links.csv")
	res := runWith(t, "", "-q", "-out", out)
	contacts := idsOf(t, "../../testdata/contacts.csv")

	// Some bundled calls carry only a phone number, in a form that may not parse: the matcher
	// then rejects them, after a warning that says why.
	var rejected []string
	for _, line := range rejectedLines(t, res.stderr, "contacts.csv") {
		assert.Contains(t, res.stderr, fmt.Sprintf("contacts.csv:%d: warning: phone", line))
		assert.Contains(t, res.stderr, fmt.Sprintf("contacts.csv:%d: rejected: match: empty record", line))
		rejected = append(rejected, contacts[line-2])
	}
	require.Equal(t, 0, res.code, "rejected rows are reported, not a failure:\n%s", res.stderr)
	assert.Equal(t, len(rejected), strings.Count(res.stderr, ": rejected: "), "only contacts are rejected:\n%s", res.stderr)

	data, err := os.ReadFile(out)
	require.NoError(t, err)
	byID := checkAnswers(t, string(data), without(contacts, rejected...), idsOf(t, "../../testdata/crm.csv"), false)
	assert.Equal(t, "c781", byID["k1"][1], "k1 shares its phone with c781")

	for _, want := range []string{
		"link ", "customers  1060 kept", fmt.Sprintf("contacts   %d answered", len(contacts)-len(rejected)),
		"matched ", "review ", "ambiguous ", "nomatch ", "examples:", "accuracy ",
	} {
		assert.Contains(t, res.stdout, want, "a summary goes to stdout with -out FILE")
	}
}

func TestRunSummary(t *testing.T) {
	res := runWith(t, "", "-q", "-train=false")
	require.Equal(t, 0, res.code, res.stderr)
	var answered, read int
	i := strings.Index(res.stdout, "contacts   ")
	require.GreaterOrEqual(t, i, 0, res.stdout)
	_, err := fmt.Sscanf(res.stdout[i:], "contacts   %d answered of %d rows read", &answered, &read)
	require.NoError(t, err)
	assert.Equal(t, 1000, read)
	counts := 0
	for _, st := range []string{"matched", "review", "ambiguous", "nomatch"} {
		var n int
		var share float64
		i := strings.Index(res.stdout, "\n  "+st+" ")
		require.GreaterOrEqual(t, i, 0, "no count for %s:\n%s", st, res.stdout)
		_, err := fmt.Sscanf(res.stdout[i+3+len(st):], "%d %f%%", &n, &share)
		require.NoError(t, err)
		counts += n
	}
	assert.Equal(t, answered, counts, "every answered contact has one status")
	assert.Contains(t, res.stdout, "-> c781  confidence")
	t.Log(res.stdout[:strings.Index(res.stdout, "examples:")])
}

// smallFiles writes a two-customer CRM and two contacts, one of whom shares nothing with
// any customer, and returns their paths.
func smallFiles(t *testing.T) (crm, contacts string) {
	t.Helper()
	dir := t.TempDir()
	crm = filepath.Join(dir, "crm.csv")
	require.NoError(t, os.WriteFile(crm, []byte("id,first_name,last_name,phone,city\n"+
		"C-1,Василий,Петров,+79161234567,Москва\n"+
		"C-2,Anna,Smith,+447700900123,London\n"), 0o644))
	contacts = filepath.Join(dir, "contacts.csv")
	require.NoError(t, os.WriteFile(contacts, []byte("id,full_name,phone,city\n"+
		"k1,Вася Петров,8 916 123-45-67,\n"+
		"k2,Марина Ласточкина,,Омск\n"), 0o644))
	return crm, contacts
}

func TestRunExplain(t *testing.T) {
	crm, contacts := smallFiles(t)
	tests := []struct {
		name   string
		id     string
		want   []string
		reason string
	}{
		{"best candidate", "k1", []string{"explain k1: Вася Петров", "best candidate C-1", "phone", "bits", "none of the customers"},
			"k1 shares C-1's phone"},
		{"no candidate", "k2", []string{"explain k2:", "no candidate"}, "k2 shares no blocking key with any customer"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := runWith(t, "", "-q", "-train=false", "-crm", crm, "-contacts", contacts, "-explain", tt.id,
				"-out", filepath.Join(t.TempDir(), "out.csv"))
			require.Equal(t, 0, res.code, res.stderr)
			for _, w := range tt.want {
				assert.Contains(t, res.stdout, w, tt.reason)
			}
		})
	}
}

func TestRunExplainRejected(t *testing.T) {
	crm := filepath.Join(t.TempDir(), "crm.csv")
	require.NoError(t, os.WriteFile(crm, []byte("id,first_name,last_name\nC-1,Василий,Петров\n"), 0o644))
	res := runWith(t, "id,phone\nk1,not a phone\n", "-q", "-train=false", "-crm", crm, "-contacts", "-", "-explain", "k1")
	require.Equal(t, 0, res.code, res.stderr)
	assert.Contains(t, res.stderr, "stdin:2: rejected: match: empty record")
	assert.Contains(t, res.stdout, "explain k1: the contact was rejected")
}

func TestRunExplainToStderrWhenCSVOnStdout(t *testing.T) {
	crm, contacts := smallFiles(t)
	res := runWith(t, "", "-q", "-train=false", "-crm", crm, "-contacts", contacts, "-explain", "k1", "-out", "-")
	require.Equal(t, 0, res.code, res.stderr)
	assert.True(t, strings.HasPrefix(res.stdout, strings.Join(wantColumns, ",")), "stdout holds only the CSV")
	assert.NotContains(t, res.stdout, "explain")
	assert.Contains(t, res.stderr, "explain k1:")
}

func TestRunBrokenContacts(t *testing.T) {
	out := filepath.Join(t.TempDir(), "links.csv")
	res := runWith(t, "", "-q", "-train=false", "-contacts", "../dedup/testdata/broken.csv", "-out", out)
	require.Equal(t, 0, res.code, "the output is complete: %s", res.stderr)
	tests := []struct {
		name string
		want string
	}{
		{"wrong field count", "broken.csv:4: rejected: wrong number of fields"},
		{"broken quote", "broken.csv:5: rejected: "},
		{"invalid UTF-8", "broken.csv:7: rejected: column 2 (first_name): invalid UTF-8"},
		{"empty record", "broken.csv:8: rejected: match: empty record"},
		{"duplicate id", "broken.csv:9: rejected: duplicate contact id \"a1\" (first on line 2)"},
		{"bad date kept", "broken.csv:10: warning: birth_date \"31.02.1990\""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Contains(t, res.stderr, tt.want)
		})
	}
	assert.Equal(t, 5, strings.Count(res.stderr, ": rejected: "), res.stderr)
	data, err := os.ReadFile(out)
	require.NoError(t, err)
	checkAnswers(t, string(data), []string{"a1", "a2", "a3", "c1", "c2"}, idsOf(t, "../../testdata/crm.csv"), false)

	strict := runWith(t, "", "-q", "-train=false", "-strict", "-contacts", "../dedup/testdata/broken.csv", "-out", out)
	assert.Equal(t, 1, strict.code, "-strict fails a run with rejected rows")
	data2, err := os.ReadFile(out)
	require.NoError(t, err)
	assert.Equal(t, string(data), string(data2), "-strict writes the same output")
}

// TestRunFieldsPerFile checks that one -fields map serves two files with different columns.
func TestRunFieldsPerFile(t *testing.T) {
	dir := t.TempDir()
	crm := filepath.Join(dir, "crm.csv")
	require.NoError(t, os.WriteFile(crm, []byte("cust_no,given_name,surname,tel,postcode\n"+
		"C-1,Василий,Петров,+79161234567,101000\n"+
		"C-2,Anna,Smith,+447700900123,SW1A 1AA\n"), 0o644))
	contacts := filepath.Join(dir, "contacts.csv")
	require.NoError(t, os.WriteFile(contacts, []byte("id,name,phone,tel,postcode\n"+
		"vk-1,Вася Петров,8 916 123-45-67,,\n"+
		"web-1,Ann Smith,,+44 7700 900123,SW1A1AA\n"), 0o644))
	out := filepath.Join(dir, "links.csv")
	res := runWith(t, "", "-q", "-train=false", "-crm", crm, "-contacts", contacts,
		"-fields", "cust_no:id,tel:phone,postcode:exact", "-out", out)
	require.Equal(t, 0, res.code, res.stderr)
	data, err := os.ReadFile(out)
	require.NoError(t, err)
	byID := checkAnswers(t, string(data), []string{"vk-1", "web-1"}, []string{"C-1", "C-2"}, false)
	assert.Equal(t, "C-1", byID["vk-1"][1])
	assert.Equal(t, "C-2", byID["web-1"][1])

	res = runWith(t, "", "-q", "-crm", crm, "-contacts", contacts, "-fields", "cust_no:id,fax:phone")
	assert.Equal(t, 2, res.code)
	assert.Contains(t, res.stderr, `column "fax" is in neither`)
}

func TestRunUsageErrors(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name   string
		args   []string
		want   string
		reason string
	}{
		{"unknown flag", []string{"-bogus"}, "flag provided but not defined", ""},
		{"positional argument", []string{"contacts.csv"}, "unexpected argument", "files are named with -crm and -contacts"},
		{"train not a bool", []string{"-train=maybe"}, "invalid boolean", ""},
		{"bad field map", []string{"-fields", "rec_id"}, "-fields: dataset: bad field map", "a pair without a role"},
		{"unknown role", []string{"-fields", "rec_id:identifier"}, "unknown role", ""},
		{"bad region", []string{"-region", "Russia"}, "region", ""},
		{"missing crm", []string{"-crm", filepath.Join(dir, "nope.csv")}, "no such file", ""},
		{"missing contacts", []string{"-contacts", filepath.Join(dir, "nope.csv")}, "no such file", ""},
		{"crm from stdin", []string{"-crm", "-"}, "stdin is for contacts only", ""},
		{"explain unknown contact", []string{"-explain", "nobody"}, `no contact with id "nobody"`, ""},
		{"directory as output", []string{"-out", dir}, "-out:", ""},
		{"no id column", []string{"-contacts", "-", "-require-id"}, "no id column", "stdin is given a header without id"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := runWith(t, "first_name,last_name\nivan,petrov\n", append([]string{"-q"}, tt.args...)...)
			assert.Equal(t, 2, res.code, tt.reason)
			assert.Contains(t, res.stderr, tt.want, tt.reason)
			assert.Empty(t, res.stdout, "a usage error prints no summary")
		})
	}
}

func TestRunHelp(t *testing.T) {
	res := runWith(t, "", "-h")
	assert.Equal(t, 0, res.code)
	assert.Contains(t, res.stderr, "-explain")
}

// TestRunSharedData links the reference files when they are present: each labelled file to
// itself (every record looks for its duplicates among the others) and Febrl 4a to 4b.
func TestRunSharedData(t *testing.T) {
	const febrlFields = "rec_id:id,given_name:first_name,surname:last_name,date_of_birth:birth_date,suburb:city,postcode:exact,address_1:text,soc_sec_id:exact"
	tests := []struct {
		name          string
		crm, contacts string
		fields        string
	}{
		{"febrl dataset1", "febrl/dataset1.csv", "febrl/dataset1.csv", febrlFields},
		{"splink fake_1000", "splink/fake_1000.csv", "splink/fake_1000.csv", ""},
		{"febrl 4a to 4b", "febrl/dataset4b.csv", "febrl/dataset4a.csv", febrlFields},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			crm, contacts := filepath.Join(sharedData, tt.crm), filepath.Join(sharedData, tt.contacts)
			for _, p := range []string{crm, contacts} {
				if _, err := os.Stat(p); err != nil {
					t.Skipf("reference data not present: %v", err)
				}
			}
			out := filepath.Join(t.TempDir(), "links.csv")
			args := []string{"-q", "-crm", crm, "-contacts", contacts, "-out", out}
			if tt.fields != "" {
				args = append(args, "-fields", tt.fields)
			}
			res := runWith(t, "", args...)
			require.Equal(t, 0, res.code, res.stderr)
			data, err := os.ReadFile(out)
			require.NoError(t, err)
			checkAnswers(t, string(data), idsOf(t, contacts), idsOf(t, crm), false)
			if i := strings.Index(res.stdout, "  matched"); i >= 0 {
				j := strings.Index(res.stdout, "\nexamples:")
				t.Logf("%s:\n%s", tt.name, res.stdout[i:j])
			}
		})
	}
}

func TestRunContactsFromStdin(t *testing.T) {
	const contacts = `{"id": "vk-1", "name": "Вася Петров", "phone": "8 916 123-45-67"}
{"id": "vk-2", "name": "Марина Ласточкина"}
`
	crm := filepath.Join(t.TempDir(), "crm.csv")
	require.NoError(t, os.WriteFile(crm, []byte("id,first_name,last_name,phone\nC-1,Василий,Петров,+79161234567\n"), 0o644))
	res := runWith(t, contacts, "-q", "-train=false", "-crm", crm, "-contacts", "-", "-out", "-")
	require.Equal(t, 0, res.code, res.stderr)
	byID := checkAnswers(t, res.stdout, []string{"vk-1", "vk-2"}, []string{"C-1"}, false)
	assert.Equal(t, "C-1", byID["vk-1"][1])
	assert.Equal(t, []string{"vk-2", "", "nomatch", "", "", "", "0"}, byID["vk-2"])
}

// FuzzRun feeds arbitrary contacts through stdin against a small CRM: run never panics,
// exits 0, 1 or 2, and when it read the input answers each contact id once.
func FuzzRun(f *testing.F) {
	dir := f.TempDir()
	crm := filepath.Join(dir, "crm.csv")
	require.NoError(f, os.WriteFile(crm, []byte("id,first_name,last_name,phone,email,city\n"+
		"c1,Василий,Петров,+79161234567,vp@mail.ru,Москва\n"+
		"c2,Anna,Smith,+447700900123,anna@example.com,London\n"+
		"c3,Василий,Петров,+79031112233,,Москва\n"), 0o644))
	broken, err := os.ReadFile("../dedup/testdata/broken.csv")
	require.NoError(f, err)
	f.Add(broken)
	f.Add([]byte("id,name,phone\nk1,Вася Петров,+79161234567\nk2,Вася Петров,\n"))
	f.Add([]byte(`{"id":"k1","name":"Ann Smith","email":["anna@example.com"]}` + "\n"))
	f.Fuzz(func(t *testing.T, in []byte) {
		var out, errOut bytes.Buffer
		code := run([]string{"-q", "-train=false", "-crm", crm, "-contacts", "-", "-out", "-"}, bytes.NewReader(in), &out, &errOut)
		require.Contains(t, []int{0, 1, 2}, code)
		if code == 2 {
			return
		}
		recs, err := csv.NewReader(&out).ReadAll()
		require.NoError(t, err)
		require.NotEmpty(t, recs)
		seen := map[string]bool{}
		for _, r := range recs[1:] {
			require.False(t, seen[r[0]], "contact %q answered twice", r[0])
			seen[r[0]] = true
			if r[5] == "" {
				continue
			}
			conf, err := strconv.ParseFloat(r[5], 64)
			require.NoError(t, err)
			require.True(t, conf >= 0 && conf <= 1)
		}
	})
}

func BenchmarkRunBundled(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if res := runWith(b, "", "-q", "-out", "-"); res.code == 2 {
			b.Fatal(res.stderr)
		}
	}
}

func BenchmarkWriteAnswers(b *testing.B) {
	answers := make([]answer, 10_000)
	for i := range answers {
		c := match.Candidate{ID: "c" + strconv.Itoa(i), Confidence: 0.97}
		answers[i] = answer{
			row: dataset.Row{Line: i + 2, Record: match.Record{ID: "k" + strconv.Itoa(i)}},
			res: match.Result{Best: &c, Confidence: c.Confidence, Status: match.Matched, Considered: 3},
		}
	}
	path := filepath.Join(b.TempDir(), "links.csv")
	b.ReportAllocs()
	for b.Loop() {
		t, err := output.Create(path, nil, outColumns)
		if err == nil {
			err = writeAnswers(t, answers, false, true)
		}
		if err == nil {
			err = t.Commit()
		}
		if err != nil {
			b.Fatal(err)
		}
	}
}
