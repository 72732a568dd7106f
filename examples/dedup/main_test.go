package main

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/idmatch/idmatch/examples/internal/cli"
	"github.com/idmatch/idmatch/examples/internal/output"
	"github.com/idmatch/idmatch/internal/dataset"
	"github.com/idmatch/idmatch/match"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// sharedData is the reference data directory, relative to this package.
const sharedData = "../../../shared/data"

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

// readCSV reads an output file and checks its leading columns.
func readCSV(t *testing.T, data string, wantColumns ...string) [][]string {
	t.Helper()
	recs, err := csv.NewReader(strings.NewReader(data)).ReadAll()
	require.NoError(t, err)
	require.NotEmpty(t, recs, "no header")
	require.GreaterOrEqual(t, len(recs[0]), len(wantColumns))
	require.Equal(t, wantColumns, recs[0][:len(wantColumns)])
	return recs[1:]
}

// checkClusters checks the dedup output: one row per wanted id, in order, and cluster sizes
// that agree with the cluster ids.
func checkClusters(t *testing.T, rows [][]string, wantIDs []string) {
	t.Helper()
	got := make([]string, len(rows))
	size := map[string]int{}
	for i, r := range rows {
		got[i] = r[0]
		size[r[1]]++
	}
	require.Equal(t, wantIDs, got)
	for _, r := range rows {
		n, err := strconv.Atoi(r[2])
		require.NoError(t, err)
		assert.Equal(t, size[r[1]], n, "cluster_size of %s in cluster %s", r[0], r[1])
	}
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

func TestRunBundled(t *testing.T) {
	out := filepath.Join(t.TempDir(), "clusters.csv")
	res := runWith(t, "", "-q", "-out", out)
	require.Equal(t, 0, res.code, res.stderr)

	for _, want := range []string{
		"dedup ", "customers.csv", "records   1977 kept, 0 rejected", "model     trained on",
		"clusters  ", "largest clusters:", "example merges", "pair probability", "accuracy  against the \"entity\" column",
	} {
		assert.Contains(t, res.stdout, want)
	}
	assert.NotContains(t, res.stderr, "rejected")

	data, err := os.ReadFile(out)
	require.NoError(t, err)
	rows := readCSV(t, string(data), "id", "cluster_id", "cluster_size")
	checkClusters(t, rows, idsOf(t, "../../testdata/customers.csv"))

	p, r, f1 := accuracy(t, res.stdout)
	t.Logf("customers.csv, trained model: precision %.3f recall %.3f F1 %.3f", p, r, f1)
}

// accuracy parses the summary's accuracy line and checks its range.
func accuracy(t *testing.T, summary string) (precision, recall, f1 float64) {
	t.Helper()
	i := strings.Index(summary, "pairwise precision")
	require.GreaterOrEqual(t, i, 0, "labelled data gets an accuracy line:\n%s", summary)
	_, err := fmt.Sscanf(summary[i:], "pairwise precision %f, recall %f, F1 %f", &precision, &recall, &f1)
	require.NoError(t, err)
	for _, v := range []float64{precision, recall, f1} {
		require.True(t, v >= 0 && v <= 1, "%v out of [0,1]", v)
	}
	return precision, recall, f1
}

func TestRunBrokenInput(t *testing.T) {
	out := filepath.Join(t.TempDir(), "clusters.csv")
	res := runWith(t, "", "-q", "-train=false", "-in", "testdata/broken.csv", "-out", out)
	require.Equal(t, 0, res.code, "rejected rows are reported, and the output is complete:\n%s", res.stderr)

	tests := []struct {
		name string
		want string
	}{
		{"wrong field count", "broken.csv:4: rejected: wrong number of fields: got 6, want 7"},
		{"broken quote", "broken.csv:5: rejected: "},
		{"invalid UTF-8", "broken.csv:7: rejected: column 2 (first_name): invalid UTF-8"},
		{"empty record", "broken.csv:8: rejected: match: empty record"},
		{"duplicate id", "broken.csv:9: rejected: duplicate id \"a1\" (first on line 2)"},
		{"bad phone kept", "broken.csv:10: warning: phone \"not-a-phone\""},
		{"bad e-mail kept", "broken.csv:10: warning: email \"olga@\""},
		{"bad date kept", "broken.csv:10: warning: birth_date \"31.02.1990\""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Contains(t, res.stderr, tt.want)
		})
	}
	assert.Equal(t, 5, strings.Count(res.stderr, ": rejected: "), res.stderr)
	assert.Contains(t, res.stdout, "records   5 kept, 5 rejected, 3 warnings")

	data, err := os.ReadFile(out)
	require.NoError(t, err)
	rows := readCSV(t, string(data), "id", "cluster_id", "cluster_size")
	checkClusters(t, rows, []string{"a1", "a2", "a3", "c1", "c2"})

	strict := runWith(t, "", "-q", "-train=false", "-strict", "-in", "testdata/broken.csv", "-out", out)
	assert.Equal(t, 1, strict.code, "-strict fails a run with rejected rows")
	assert.Equal(t, strings.Count(res.stderr, "\n"), strings.Count(strict.stderr, "\n"), "the same messages")
}

func TestRunStdinJSONL(t *testing.T) {
	const in = `{"id": "x1", "name": "Вася Петров", "phone": "+7 916 123-45-67", "birth_date": "12.03.1985"}
{"id": "x2", "name": "Василий Петров", "phone": "89161234567", "birth_date": "1985-03-12"}
{"id": "x3", "name": "Anna Smith", "email": "anna@example.com"}
not json
`
	res := runWith(t, in, "-q", "-train=false", "-in", "-", "-out", "-")
	require.Equal(t, 0, res.code, res.stderr)
	assert.Contains(t, res.stderr, "stdin:4: rejected: ")
	rows := readCSV(t, res.stdout, "id", "cluster_id", "cluster_size")
	checkClusters(t, rows, []string{"x1", "x2", "x3"})
	assert.Equal(t, rows[0][1], rows[1][1], "x1 and x2 are one person")
	assert.NotEqual(t, rows[0][1], rows[2][1])
	assert.NotContains(t, res.stdout, "largest clusters", "no summary when the CSV goes to stdout")
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
		{"positional argument", []string{"customers.csv"}, "unexpected argument", "the input is named with -in"},
		{"threshold above 1", []string{"-threshold", "1.5"}, "-threshold 1.5", ""},
		{"threshold 0", []string{"-threshold", "0"}, "-threshold 0", "0 would link every pair"},
		{"threshold not a number", []string{"-threshold", "high"}, "invalid value", ""},
		{"train not a bool", []string{"-train=maybe"}, "invalid boolean", ""},
		{"bad field map", []string{"-fields", "rec_id"}, "-fields: dataset: bad field map", "a pair without a role"},
		{"unknown role", []string{"-fields", "rec_id:identifier"}, "unknown role", ""},
		{"field map not fitting the header", []string{"-fields", "cust_no:id"}, "bad field map", "customers.csv has no cust_no column"},
		{"bad region", []string{"-region", "Russia"}, "region", ""},
		{"missing input", []string{"-in", filepath.Join(dir, "nope.csv")}, "no such file", ""},
		{"directory as output", []string{"-out", dir}, "-out:", ""},
		{"no id column", []string{"-in", "-", "-train=false", "-require-id"}, "no id column", "stdin is given a header without id"},
		{"bad delimiter", []string{"-delimiter", "ab"}, "-delimiter", "one character or tab"},
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
	assert.Contains(t, res.stderr, "-threshold")
}

// TestRunSharedData runs the documented Febrl and Splink examples when the reference data
// is present.
func TestRunSharedData(t *testing.T) {
	const febrlFields = "rec_id:id,given_name:first_name,surname:last_name,date_of_birth:birth_date,suburb:city,postcode:exact,address_1:text,soc_sec_id:exact"
	tests := []struct {
		name   string
		file   string
		fields string
		minF1  float64
	}{
		{"febrl dataset1", "febrl/dataset1.csv", febrlFields, 0.5},
		{"splink fake_1000", "splink/fake_1000.csv", "", 0.3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(sharedData, tt.file)
			if _, err := os.Stat(path); err != nil {
				t.Skipf("reference data not present: %v", err)
			}
			out := filepath.Join(t.TempDir(), "clusters.csv")
			args := []string{"-q", "-in", path, "-out", out}
			if tt.fields != "" {
				args = append(args, "-fields", tt.fields)
			}
			res := runWith(t, "", args...)
			require.Equal(t, 0, res.code, res.stderr)
			data, err := os.ReadFile(out)
			require.NoError(t, err)
			rows := readCSV(t, string(data), "id", "cluster_id", "cluster_size")
			checkClusters(t, rows, idsOf(t, path))

			p, r, f1 := accuracy(t, res.stdout)
			t.Logf("%s: precision %.3f recall %.3f F1 %.3f", tt.file, p, r, f1)
			assert.Greater(t, f1, tt.minF1)
		})
	}
}

// FuzzRun feeds arbitrary input through stdin: run never panics, exits 0, 1 or 2, and when it
// read the input writes each accepted id once.
func FuzzRun(f *testing.F) {
	broken, err := os.ReadFile("testdata/broken.csv")
	require.NoError(f, err)
	f.Add(broken)
	f.Add([]byte("id,name,phone\n1,Вася Петров,+79161234567\n2,Василий Петров,89161234567\n"))
	f.Add([]byte(`{"id":"a","name":"Anna Smith","email":["a@b.c","x@y.z"]}` + "\n"))
	f.Add([]byte("id\n\"\n"))
	f.Fuzz(func(t *testing.T, in []byte) {
		var out, errOut bytes.Buffer
		code := run([]string{"-q", "-train=false", "-in", "-", "-out", "-"}, bytes.NewReader(in), &out, &errOut)
		require.Contains(t, []int{0, 1, 2}, code)
		if code == 2 {
			return
		}
		recs, err := csv.NewReader(&out).ReadAll()
		require.NoError(t, err)
		require.NotEmpty(t, recs)
		seen := map[string]bool{}
		for _, r := range recs[1:] {
			require.False(t, seen[r[0]], "id %q written twice", r[0])
			seen[r[0]] = true
		}
	})
}

func BenchmarkRunBundled(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if res := runWith(b, "", "-q", "-out", "-"); res.code != 0 {
			b.Fatal(res.stderr)
		}
	}
}

func BenchmarkWriteClusters(b *testing.B) {
	const n = 10_000
	rows := make([]dataset.Row, n)
	cl := &match.Clustering{ClusterOf: make(map[string]int, n)}
	for i := range rows {
		id := "c" + strconv.Itoa(i)
		rows[i] = dataset.Row{Line: i + 2, Record: match.Record{ID: id, FullName: "Анна Петрова"}}
		if i%2 == 0 {
			cl.Clusters = append(cl.Clusters, nil)
		}
		k := len(cl.Clusters) - 1
		cl.Clusters[k] = append(cl.Clusters[k], id)
		cl.ClusterOf[id] = k
	}
	m, err := match.New()
	if err != nil {
		b.Fatal(err)
	}
	kept := cli.AddCompact(m, &cli.Input{Name: "bench", Rows: rows}, cli.NewReporter(io.Discard), true)
	path := filepath.Join(b.TempDir(), "clusters.csv")
	b.ReportAllocs()
	for b.Loop() {
		t, err := output.Create(path, nil, clusterColumns)
		if err == nil {
			err = writeClusters(t, kept, cl, true)
		}
		if err == nil {
			err = t.Commit()
		}
		if err != nil {
			b.Fatal(err)
		}
	}
}
