package cli_test

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/charmap"

	"github.com/idmatch/idmatch/examples/internal/cli"
	"github.com/idmatch/idmatch/internal/dataset"
	"github.com/idmatch/idmatch/match"
)

func TestFindFile(t *testing.T) {
	root, err := filepath.Abs("../../..")
	require.NoError(t, err)
	tests := []struct {
		name    string
		rel     string
		want    string
		wantErr error
		reason  string
	}{
		{"in the working directory", "cli.go", "cli.go", nil, "a path that exists as given wins"},
		{"under the module root", "testdata/customers.csv", filepath.Join(root, "testdata/customers.csv"), nil,
			"tests run in the package directory; the bundled data is at the root"},
		{"missing", "testdata/no-such-file.csv", "", cli.ErrNotFound, ""},
		{"a directory is no file", "testdata", "", cli.ErrNotFound, "the root's testdata directory is not a data file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := cli.FindFile(tt.rel)
			if tt.wantErr != nil {
				require.ErrorIs(t, err, tt.wantErr, tt.reason)
				return
			}
			require.NoError(t, err, tt.reason)
			assert.Equal(t, tt.want, got, tt.reason)
		})
	}
}

// writeFile writes content to a new file in a test directory and returns its path.
func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	require.NoError(t, os.WriteFile(p, []byte(content), 0o644))
	return p
}

func TestLoad(t *testing.T) {
	const crm = "cust_no,given_name,surname\nC-1,Anna,Smith\nC-2,Bob\nC-3,Olga,Ivanova\n"
	const jsonl = `{"id": "k1", "name": "Вася Петров"}` + "\n[1]\n" + `{"id": "k2", "email": ["a@b.ru"]}` + "\n"
	crmPath := writeFile(t, "crm.csv", crm)
	tests := []struct {
		name        string
		path        string // "-" reads stdin
		stdin       string
		fields      string
		lenient     bool
		input       cli.InputFlags
		wantIDs     []string
		wantLines   []int
		wantReport  string // a line expected on stderr
		wantDropped []string
		wantErr     error
		reason      string
	}{
		{
			name: "bad row reported and skipped", path: crmPath, fields: "cust_no:id",
			wantIDs: []string{"C-1", "C-3"}, wantLines: []int{2, 4},
			wantReport: "crm.csv:3: rejected: wrong number of fields: got 2, want 3",
		},
		{
			name: "JSON Lines from stdin", path: "-", stdin: jsonl,
			wantIDs: []string{"k1", "k2"}, wantLines: []int{1, 3}, wantReport: "stdin:2: rejected: ",
		},
		{
			name: "lenient drops a column the file lacks", path: crmPath, fields: "cust_no:id,fax:phone", lenient: true,
			wantIDs: []string{"C-1", "C-3"}, wantLines: []int{2, 4}, wantDropped: []string{"fax"},
			reason: "the map also serves another file that has a fax column",
		},
		{
			name: "strict map fails on a column the file lacks", path: crmPath, fields: "cust_no:id,fax:phone",
			wantErr: dataset.ErrBadFieldMap,
		},
		{
			name: "lenient needs a seekable file", path: "-", stdin: crm, fields: "cust_no:id,fax:phone", lenient: true,
			wantErr: dataset.ErrBadFieldMap, reason: "stdin cannot be read twice",
		},
		{
			name: "no id column", path: crmPath,
			wantIDs: []string{"line:2", "line:4"}, wantLines: []int{2, 4},
			wantReport: "crm.csv:3: rejected: wrong number of fields: got 2, want 3",
			reason:     "rows are numbered by line",
		},
		{name: "no id column required", path: crmPath, input: cli.InputFlags{RequireID: true}, wantErr: dataset.ErrNoID},
		{name: "bad delimiter", path: crmPath, input: cli.InputFlags{Delimiter: "ab"}, wantErr: dataset.ErrBadOptions},
		{name: "bad encoding", path: crmPath, input: cli.InputFlags{Encoding: "ebcdic-ru"}, wantErr: dataset.ErrBadOptions},
		{name: "empty input", path: "-", stdin: "", wantErr: dataset.ErrNoHeader},
		{name: "missing file", path: filepath.Join(t.TempDir(), "nope.csv"), wantErr: os.ErrNotExist},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fields, err := dataset.ParseFieldMap(tt.fields)
			require.NoError(t, err)
			var stderr bytes.Buffer
			rep := cli.NewReporter(&stderr)
			in, err := cli.Load(tt.path, strings.NewReader(tt.stdin), cli.LoadOptions{Fields: fields, Input: tt.input, Lenient: tt.lenient, Quiet: true}, rep)
			if tt.wantErr != nil {
				require.ErrorIs(t, err, cli.ErrInput, tt.reason)
				require.ErrorIs(t, err, tt.wantErr, tt.reason)
				return
			}
			require.NoError(t, err, tt.reason)
			var ids []string
			var lines []int
			for _, row := range in.Rows {
				ids = append(ids, row.Record.ID)
				lines = append(lines, row.Line)
			}
			assert.Equal(t, tt.wantIDs, ids, tt.reason)
			assert.Equal(t, tt.wantLines, lines, tt.reason)
			assert.Equal(t, tt.wantDropped, in.Dropped, tt.reason)
			if tt.wantReport != "" {
				assert.Contains(t, stderr.String(), tt.wantReport)
				assert.Equal(t, 1, rep.Rejected)
			}
		})
	}
}

func TestAddAll(t *testing.T) {
	m, err := match.New()
	require.NoError(t, err)
	in := &cli.Input{Name: "crm.csv", Rows: []dataset.Row{
		{Line: 2, Record: match.Record{ID: "c1", FirstName: "Anna", LastName: "Smith", BirthDate: "31.02.1990"}},
		{Line: 3, Record: match.Record{ID: "c2"}},
		{Line: 5, Record: match.Record{ID: "c1", FirstName: "Anna", LastName: "Smith"}},
		{Line: 6, Record: match.Record{ID: "c3", Phones: []string{"+79161234567"}}},
	}}
	var stderr bytes.Buffer
	rep := cli.NewReporter(&stderr)
	kept := cli.AddAll(m, in, rep, true)

	ids := make([]string, len(kept))
	for i, row := range kept {
		ids[i] = row.Record.ID
	}
	assert.Equal(t, []string{"c1", "c3"}, ids)
	assert.Equal(t, kept, in.Rows, "in.Rows holds the kept rows only")
	assert.Equal(t, []int{2, 6}, []int{kept[0].Line, kept[1].Line}, "each kept row with its own line")
	assert.Equal(t, 2, m.Len())
	assert.Equal(t, 2, rep.Rejected)
	assert.Equal(t, 1, rep.Warnings)
	for _, want := range []string{
		`crm.csv:2: warning: birth_date "31.02.1990" left out: `,
		"crm.csv:3: rejected: match: empty record",
		`crm.csv:5: rejected: duplicate id "c1" (first on line 2)`,
	} {
		assert.Contains(t, stderr.String(), want)
	}
}

func TestNewMatcher(t *testing.T) {
	tests := []struct {
		name       string
		extras     []map[string]match.FieldKind // one per input
		region     string
		wantFields []string // the model's last fields: the extras
		wantErr    error
		reason     string
	}{
		{"extras in name order", []map[string]match.FieldKind{{"zip": match.Exact, "address": match.Text}}, "AU",
			[]string{"address", "zip"}, nil, "map order must not change the model"},
		{"union of inputs", []map[string]match.FieldKind{{"passport": match.Exact}, {"inn": match.Exact, "passport": match.Exact}}, "RU",
			[]string{"inn", "passport"}, nil, "an extra field of either file is declared once"},
		{"kinds disagree", []map[string]match.FieldKind{{"passport": match.Exact}, {"passport": match.Text}}, "RU",
			nil, match.ErrOption, "one field cannot be compared two ways"},
		{"no extras", nil, "RU", nil, nil, ""},
		{"bad region", nil, "Russia", nil, match.ErrOption, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var inputs []*cli.Input
			for i, x := range tt.extras {
				inputs = append(inputs, &cli.Input{Name: fmt.Sprintf("f%d.csv", i), Extras: x})
			}
			m, err := cli.NewMatcher(tt.region, inputs)
			if tt.wantErr != nil {
				require.ErrorIs(t, err, tt.wantErr, tt.reason)
				return
			}
			require.NoError(t, err)
			mod := m.Model()
			var last []string
			for _, f := range mod.Fields[len(mod.Fields)-len(tt.wantFields):] {
				last = append(last, f.Name)
			}
			assert.Equal(t, tt.wantFields, last, tt.reason)
		})
	}
}

func TestReporterZeroValueCounts(t *testing.T) {
	var rep cli.Reporter
	rep.Reject("f.csv", 3, "bad")
	rep.Warn("f.csv", 4, []match.Problem{{Field: "phone", Value: "x"}, {Field: "email", Value: "y"}})
	rep.Printf("note")
	assert.Equal(t, 1, rep.Rejected)
	assert.Equal(t, 2, rep.Warnings)
}

func TestDescribe(t *testing.T) {
	tests := []struct {
		name string
		rec  match.Record
		want string
	}{
		{"parts", match.Record{FirstName: "Василий", MiddleName: "Иванович", LastName: "Петров", City: "Москва"}, "Василий Иванович Петров, Москва"},
		{"full name when no parts", match.Record{FullName: "Vasya Petrov", Phones: []string{"+79161234567"}, Source: "vk"}, "Vasya Petrov, +79161234567 [vk]"},
		{"no name", match.Record{Emails: []string{"a@b.ru", "c@d.ru"}, BirthDate: "1980"}, "a@b.ru, c@d.ru, 1980"},
		{"gender and handles", match.Record{FullName: "Анна Ли", Gender: "ж", Handles: []string{"vk.com/anna", "@anna_li"}},
			"Анна Ли, ж, vk.com/anna, @anna_li"},
		{"nothing", match.Record{ID: "x"}, "(no fields)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, cli.Describe(tt.rec))
		})
	}
}

func TestScoreClusters(t *testing.T) {
	entity := map[string]string{"a1": "A", "a2": "A", "a3": "A", "b1": "B", "b2": "B", "c1": "C"}
	tests := []struct {
		name     string
		clusters [][]string
		want     cli.PairAccuracy
		f1       float64
		reason   string
	}{
		{"perfect", [][]string{{"a1", "a2", "a3"}, {"b1", "b2"}, {"c1"}}, cli.PairAccuracy{Predicted: 4, True: 4, Correct: 4}, 1, ""},
		{"all singletons", [][]string{{"a1"}, {"a2"}, {"a3"}, {"b1"}, {"b2"}, {"c1"}}, cli.PairAccuracy{True: 4}, 0,
			"nothing predicted: precision 1 by convention, recall 0"},
		{"one lump", [][]string{{"a1", "a2", "a3", "b1", "b2", "c1"}}, cli.PairAccuracy{Predicted: 15, True: 4, Correct: 4}, 2 * (4.0 / 15) / (4.0/15 + 1), ""},
		{"unlabelled ids ignored", [][]string{{"a1", "a2", "zz"}, {"a3"}, {"b1", "b2"}}, cli.PairAccuracy{Predicted: 2, True: 4, Correct: 2}, 2 * 0.5 / 1.5,
			"zz has no label and c1 is in no cluster"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := cli.ScoreClusters(tt.clusters, entity)
			assert.Equal(t, tt.want, got, tt.reason)
			assert.InDelta(t, tt.f1, got.F1(), 1e-12, tt.reason)
		})
	}
}

func TestEntities(t *testing.T) {
	in := &cli.Input{Header: []string{"rec_id", "given_name"}}
	rows := []dataset.Row{
		{Record: match.Record{ID: "rec-1-org"}, Columns: dataset.ColumnsOf(map[string]string{"rec_id": "rec-1-org"})},
		{Record: match.Record{ID: "rec-1-dup-0"}, Columns: dataset.ColumnsOf(map[string]string{"rec_id": "rec-1-dup-0"})},
	}
	ent, src, ok := cli.Entities(in, rows)
	require.True(t, ok)
	assert.Equal(t, map[string]string{"rec-1-org": "1", "rec-1-dup-0": "1"}, ent)
	assert.Contains(t, src, "Febrl")

	_, _, ok = cli.Entities(&cli.Input{Header: []string{"id", "name"}}, []dataset.Row{{Record: match.Record{ID: "7"}, Columns: dataset.ColumnsOf(map[string]string{"id": "7"})}})
	assert.False(t, ok, "an unlabelled file has no entities")
}

func TestPrinterKeepsFirstError(t *testing.T) {
	p := &cli.Printer{W: failWriter{}}
	p.Printf("a")
	p.Printf("b")
	require.ErrorIs(t, p.Err, os.ErrClosed)
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, os.ErrClosed }

// FuzzLoad reads arbitrary input: Load never panics, fails only with ErrInput, and every row
// or rejection carries a line number, rows in increasing order.
func FuzzLoad(f *testing.F) {
	f.Add([]byte("id,name\n1,Anna\n2\n\"3\",\"Bob\n"))
	f.Add([]byte(`{"id":"k1","phone":["1",2]}` + "\n{\n"))
	f.Add([]byte("\xef\xbb\xbfid;name\r\n1;a\r\n"))
	cp1251, _ := charmap.Windows1251.NewEncoder().Bytes([]byte("ФИО;Телефон;Почта\r\nАнна Ли;+7916;a@b\r\n;\"\r\n"))
	f.Add(cp1251)
	f.Add([]byte("\xff\xfei\x00d\x00\t\x00a\x00\n\x001\x00\t\x00x\x00\n\x00"))
	f.Fuzz(func(t *testing.T, data []byte) {
		var stderr bytes.Buffer
		rep := cli.NewReporter(&stderr)
		in, err := cli.Load("-", bytes.NewReader(data), cli.LoadOptions{Quiet: true}, rep)
		if err != nil {
			require.ErrorIs(t, err, cli.ErrInput)
			return
		}
		last := 0
		for _, row := range in.Rows {
			require.Greater(t, row.Line, last)
			require.NotEmpty(t, row.Record.ID)
			last = row.Line
		}
		require.Equal(t, rep.Rejected, strings.Count(stderr.String(), ": rejected: "))
	})
}

func BenchmarkLoad(b *testing.B) {
	path, err := cli.FindFile("testdata/customers.csv")
	require.NoError(b, err)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := cli.Load(path, nil, cli.LoadOptions{Quiet: true}, &cli.Reporter{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDescribe(b *testing.B) {
	r := match.Record{FirstName: "Василий", MiddleName: "Иванович", LastName: "Петров",
		Phones: []string{"+79161234567"}, Emails: []string{"v.petrov@mail.ru"}, City: "Москва", Source: "crm"}
	b.ReportAllocs()
	for b.Loop() {
		_ = cli.Describe(r)
	}
}

func BenchmarkScoreClusters(b *testing.B) {
	const n = 10_000
	entity := make(map[string]string, n)
	var clusters [][]string
	for i := range n {
		id := "r" + strconv.Itoa(i)
		entity[id] = strconv.Itoa(i / 3)
		if i%3 == 0 {
			clusters = append(clusters, nil)
		}
		clusters[len(clusters)-1] = append(clusters[len(clusters)-1], id)
	}
	b.ReportAllocs()
	for b.Loop() {
		_ = cli.ScoreClusters(clusters, entity)
	}
}

func TestTrainSummary(t *testing.T) {
	tests := []struct {
		name string
		tr   *match.TrainReport
		want string
	}{
		{"not trained", nil, "default, not trained"},
		{"sessions", &match.TrainReport{CandidatePairs: 10, RandomPairs: 99, PairPrior: 0.25, Sessions: []match.TrainSession{
			{Field: "phone"}, {Field: "email", Err: os.ErrInvalid}, {Field: "birth_date"},
		}}, "trained on 10 candidate pairs (EM conditioned on phone, birth_date) and 99 random pairs; pair prior 0.25"},
		{"no session", &match.TrainReport{CandidatePairs: 1}, "trained on 1 candidate pairs (no EM session succeeded) and 0 random pairs; pair prior 0"},
		{"link", &match.TrainReport{CandidatePairs: 5, RandomPairs: 7, PairPrior: 1e-5, NonePrior: 0.2134},
			"trained on 5 candidate pairs (no EM session succeeded) and 7 random pairs; pair prior 1e-05; none of the customers 0.213"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, cli.TrainSummary(tt.tr))
		})
	}
}

func TestParseFlags(t *testing.T) {
	tests := []struct {
		name     string
		args     []string
		wantCode int
		wantDone bool
		wantErr  string
	}{
		{"flags only", []string{"-x", "3"}, cli.ExitOK, false, ""},
		{"help", []string{"-h"}, cli.ExitOK, true, "usage: prog [flags]"},
		{"bad flag", []string{"-nope"}, cli.ExitUsage, true, "flag provided but not defined"},
		{"stray argument", []string{"file.csv"}, cli.ExitUsage, true, `prog: unexpected argument "file.csv"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var stderr bytes.Buffer
			fs := flag.NewFlagSet("prog", flag.ContinueOnError)
			fs.SetOutput(&stderr)
			fs.Int("x", 0, "a number")
			code, done := cli.ParseFlags(fs, tc.args, "Does things.")
			assert.Equal(t, tc.wantCode, code)
			assert.Equal(t, tc.wantDone, done)
			assert.Contains(t, stderr.String(), tc.wantErr)
		})
	}
	var stderr bytes.Buffer
	assert.Equal(t, cli.ExitUsage, cli.UsageError(&stderr, "prog")("-in: %s", "missing"))
	assert.Equal(t, "prog: -in: missing\n", stderr.String())
}

// TestLoadCRMExport loads the files a CRM gives (a Windows-1251 CSV with semicolons and
// Russian headers, an xlsx workbook) and checks the mapping report printed before the rows,
// the rows, and that the extra fields found by name reach the Matcher.
func TestLoadCRMExport(t *testing.T) {
	const export = "Код;ФИО;Telephone;Mobile;Паспорт;Комментарий\r\n" +
		"1;Петров Иван Иванович;+7 916 123-45-67;;4510 123456;vip\r\n" +
		"2;Петров Иван;;8 916 123 45 67;4510 123456;\r\n" +
		"3;Сидорова Анна;;;;\r\n"
	cp1251, err := charmap.Windows1251.NewEncoder().String(export)
	require.NoError(t, err)
	book := excelize.NewFile()
	require.NoError(t, book.SetSheetRow("Sheet1", "A1", &[]any{"Код", "ФИО", "Telephone", "Mobile", "Паспорт", "Комментарий"}))
	require.NoError(t, book.SetSheetRow("Sheet1", "A2", &[]any{1, "Петров Иван Иванович", "+7 916 123-45-67", nil, "4510 123456", "vip"}))
	require.NoError(t, book.SetSheetRow("Sheet1", "A3", &[]any{2, "Петров Иван", nil, 89161234567, "4510 123456"}))
	require.NoError(t, book.SetSheetRow("Sheet1", "A4", &[]any{3, "Сидорова Анна"}))
	xlsxPath := filepath.Join(t.TempDir(), "crm.xlsx")
	require.NoError(t, book.SaveAs(xlsxPath))
	require.NoError(t, book.Close())

	tests := []struct {
		name    string
		path    string
		input   cli.InputFlags
		wantMap string // a line of the mapping report
		reason  string
	}{
		{name: "windows-1251", path: writeFile(t, "crm.csv", cp1251),
			wantMap: "input: csv, encoding windows-1251 (detected), delimiter ';' (detected)", reason: "detected and reported"},
		{name: "forced", path: writeFile(t, "crm.txt", cp1251), input: cli.InputFlags{Delimiter: ";", Encoding: "cp1251"},
			wantMap: "input: csv, encoding windows-1251 (given), delimiter ';' (given)", reason: "the flags win over detection"},
		{name: "xlsx", path: xlsxPath, wantMap: "input: xlsx, sheet \"Sheet1\"", reason: "the first sheet by default"},
		{name: "kept columns", path: writeFile(t, "crm2.csv", cp1251), input: cli.InputFlags{KeepColumns: true},
			wantMap: "6 Комментарий -> extra Комментарий (text) [kept]", reason: "-keep-columns makes the unknown column an extra field"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var report, stderr bytes.Buffer
			rep := cli.NewReporter(&stderr)
			in, err := cli.Load(tt.path, nil, cli.LoadOptions{Input: tt.input, Mapping: &report, Quiet: true}, rep)
			require.NoError(t, err)
			squash := func(s string) string { return strings.Join(strings.Fields(s), " ") }
			assert.Contains(t, squash(report.String()), squash(tt.wantMap), tt.reason)
			assert.Contains(t, squash(report.String()), "5 Паспорт -> extra passport (exact)")
			require.Len(t, in.Rows, 3, stderr.String())
			assert.Equal(t, []string{"+7 916 123-45-67"}, in.Rows[0].Record.Phones)
			assert.Equal(t, []string{"89161234567"}, []string{strings.ReplaceAll(in.Rows[1].Record.Phones[0], " ", "")},
				"the mobile column feeds phones too")

			m, err := cli.NewMatcher("RU", []*cli.Input{in})
			require.NoError(t, err)
			kept := cli.AddAll(m, in, rep, true)
			require.Len(t, kept, 3, stderr.String())
			cl, err := m.Dedup(context.Background(), match.DedupOptions{})
			require.NoError(t, err)
			assert.Equal(t, cl.ClusterOf["1"], cl.ClusterOf["2"], "the shared phone and passport join the two Petrovs")
			assert.NotEqual(t, cl.ClusterOf["1"], cl.ClusterOf["3"])
		})
	}
}
