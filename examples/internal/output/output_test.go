package output

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

var testCols = []Column{{"id", String}, {"n", Int}, {"p", Float}, {"ok", Bool}}

// testRows are written by every format test; the second has empty cells.
var testRows = [][]any{
	{"a,1", 3, 0.25, true},
	{"", 0, math.NaN(), false},
}

func TestFormatOf(t *testing.T) {
	for _, tc := range []struct {
		name, path string
		want       Format
		wantErr    bool
		reason     string
	}{
		{"csv", "out/links.csv", CSV, false, "the usual case"},
		{"upper", "LINKS.CSV", CSV, false, "extensions are case-insensitive"},
		{"none", "links", CSV, false, "no extension is CSV"},
		{"stdout", "-", CSV, false, "stdout carries CSV"},
		{"jsonl", "a.jsonl", JSONL, false, ""},
		{"ndjson", "a.ndjson", JSONL, false, "the other name of JSON Lines"},
		{"xlsx", "a.xlsx", XLSX, false, ""},
		{"json", "a.json", 0, true, "a JSON array is not what we write"},
		{"xls", "a.xls", 0, true, "the old Excel format is not written"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := FormatOf(tc.path)
			if tc.wantErr {
				require.ErrorIs(t, err, ErrFormat, tc.reason)
				return
			}
			require.NoError(t, err, tc.reason)
			require.Equal(t, tc.want, got, tc.reason)
		})
	}
}

func TestRoundTrip(t *testing.T) {
	for _, tc := range []struct {
		name, file string
		want       [][]string
		reason     string
	}{
		{"csv", "t.csv", [][]string{{"id", "n", "p", "ok"}, {"a,1", "3", "0.2500", "true"}, {"", "0", "", "false"}},
			"quoted comma, four decimals, NaN as an empty cell"},
		{"jsonl", "t.jsonl", [][]string{{"id", "n", "p", "ok"}, {"a,1", "3", "0.25", "true"}, {"", "0", "", "false"}},
			"typed values; empty string and NaN as null"},
		{"xlsx", "t.xlsx", [][]string{{"id", "n", "p", "ok"}, {"a,1", "3", "0.25", "TRUE"}, {"", "0", "", "FALSE"}},
			"numbers as numbers, empty cells left empty"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), tc.file)
			tb, err := Create(path, nil, testCols)
			require.NoError(t, err)
			for _, r := range testRows {
				require.NoError(t, tb.Row(r...))
			}
			_, err = os.Stat(path)
			require.True(t, os.IsNotExist(err), "the target appears only on Commit")
			require.NoError(t, tb.Commit())
			got, err := ReadTable(path)
			require.NoError(t, err)
			require.Equal(t, tc.want, got, tc.reason)
			left, _ := filepath.Glob(filepath.Join(filepath.Dir(path), ".*.tmp"))
			require.Empty(t, left, "no temporary file is left behind")
		})
	}
}

func TestStdout(t *testing.T) {
	var buf bytes.Buffer
	tb, err := Create("-", &buf, testCols[:2])
	require.NoError(t, err)
	require.NoError(t, tb.Row("x", 1))
	require.NoError(t, tb.Commit())
	require.Equal(t, "id,n\nx,1\n", buf.String())
}

func TestAbortKeepsTheOldFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "t.csv")
	require.NoError(t, os.WriteFile(path, []byte("old\n"), 0o644))
	tb, err := Create(path, nil, testCols)
	require.NoError(t, err)
	require.NoError(t, tb.Row(testRows[0]...))
	tb.Abort()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	require.Equal(t, "old\n", string(b), "an aborted table leaves the previous file")
	require.Error(t, tb.Row(testRows[0]...), "no row after Abort")
}

func TestBadRows(t *testing.T) {
	tb, err := Create(filepath.Join(t.TempDir(), "t.csv"), nil, testCols)
	require.NoError(t, err)
	defer tb.Abort()
	require.ErrorIs(t, tb.Row("x"), ErrValue, "too few values")
	require.ErrorIs(t, tb.Row(1, 1, 1.0, true), ErrValue, "an int in a string column")
	require.Equal(t, 0, tb.Rows())
}

func TestCreateFailsEarly(t *testing.T) {
	_, err := Create(filepath.Join(t.TempDir(), "no", "such", "dir", "t.csv"), nil, testCols)
	require.Error(t, err, "a directory that does not exist fails at Create, before the work")
	_, err = Create("t.json", nil, testCols)
	require.ErrorIs(t, err, ErrFormat)
}

func TestXLSXRowLimit(t *testing.T) {
	tb, err := Create(filepath.Join(t.TempDir(), "t.xlsx"), nil, testCols[:1])
	require.NoError(t, err)
	defer tb.Abort()
	tb.rows = MaxXLSXRows // as if the sheet were full
	require.ErrorIs(t, tb.Row("one too many"), ErrTooManyRows)
	require.ErrorIs(t, tb.Commit(), ErrTooManyRows, "the table is not committed")
}
