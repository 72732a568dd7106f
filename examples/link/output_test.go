package main

import (
	"math"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/idmatch/idmatch/examples/internal/output"
	"github.com/idmatch/idmatch/internal/dataset"
	"github.com/idmatch/idmatch/match"
)

// TestOutRow checks the columns of one answer for every status, with and without
// -include-review: customer_id and confidence only for a decided contact, best_id and
// best_confidence whenever there is a candidate.
func TestOutRow(t *testing.T) {
	nan := math.NaN()
	withBest := func(st match.Status, conf float64, considered int) match.Result {
		c := match.Candidate{ID: "c7", Confidence: conf}
		return match.Result{Best: &c, Candidates: []match.Candidate{c}, Confidence: conf, Status: st, Considered: considered}
	}
	tests := []struct {
		name          string
		res           match.Result
		includeReview bool
		want          []any
		reason        string
	}{
		{"matched", withBest(match.Matched, 0.99, 2), false, []any{"k1", "c7", "matched", 0.99, "c7", 0.99, 2},
			"a match is decided"},
		{"matched with review", withBest(match.Matched, 0.99, 2), true, []any{"k1", "c7", "matched", 0.99, "c7", 0.99, 2},
			"-include-review changes nothing for a match"},
		{"review", withBest(match.Review, 0.7, 3), false, []any{"k1", "", "review", nan, "c7", 0.7, 3},
			"review is left to a person by default"},
		{"review included", withBest(match.Review, 0.7, 3), true, []any{"k1", "c7", "review", 0.7, "c7", 0.7, 3},
			"-include-review takes the best candidate of a review"},
		{"ambiguous", withBest(match.Ambiguous, 0.02, 200), false, []any{"k1", "", "ambiguous", nan, "c7", 0.02, 200},
			"an ambiguous contact is no customer's, whatever the flag"},
		{"ambiguous with review", withBest(match.Ambiguous, 0.02, 200), true, []any{"k1", "", "ambiguous", nan, "c7", 0.02, 200},
			"an ambiguous contact is no customer's, whatever the flag"},
		{"nomatch with a candidate", withBest(match.NoMatch, 0.1, 1), true, []any{"k1", "", "nomatch", nan, "c7", 0.1, 1},
			"the nearest candidate of a nomatch is shown as best_id only"},
		{"nomatch without a candidate", match.Result{Status: match.NoMatch}, false, []any{"k1", "", "nomatch", nan, "", nan, 0},
			"no candidate at all"},
		{"confidence rounded above one", withBest(match.Matched, 1+1e-12, 1), false, []any{"k1", "c7", "matched", 1.0, "c7", 1.0, 1},
			"the [0,1] range holds"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := answer{row: dataset.Row{Line: 2, Record: match.Record{ID: "k1"}}, res: tt.res}
			got := outRow(a, tt.includeReview)
			require.Len(t, got, len(outColumns))
			for i := range got {
				if f, ok := tt.want[i].(float64); ok && math.IsNaN(f) {
					g, ok := got[i].(float64)
					assert.True(t, ok && math.IsNaN(g), "%s: column %s = %v, want empty (NaN)", tt.reason, outColumns[i].Name, got[i])
					continue
				}
				assert.Equal(t, tt.want[i], got[i], "%s: column %s", tt.reason, outColumns[i].Name)
			}
		})
	}
}

// TestRunIncludeReview runs the bundled files with and without -include-review: only the
// review rows change, and they gain their best candidate as customer_id.
func TestRunIncludeReview(t *testing.T) {
	dir := t.TempDir()
	plain, with := filepath.Join(dir, "plain.csv"), filepath.Join(dir, "with.csv")
	res := runWith(t, "", "-q", "-train=false", "-out", plain)
	require.Equal(t, 0, res.code, res.stderr)
	res = runWith(t, "", "-q", "-train=false", "-include-review", "-out", with)
	require.Equal(t, 0, res.code, res.stderr)
	a, err := output.ReadTable(plain)
	require.NoError(t, err)
	b, err := output.ReadTable(with)
	require.NoError(t, err)
	require.Equal(t, len(a), len(b))
	reviews := 0
	for i := range a {
		if a[i][2] != "review" {
			assert.Equal(t, a[i], b[i], "only review rows change")
			continue
		}
		reviews++
		assert.Equal(t, "", a[i][1])
		assert.Equal(t, a[i][4], b[i][1], "%s: review decided for its best candidate", a[i][0])
		assert.Equal(t, a[i][5], b[i][3])
	}
	assert.Positive(t, reviews, "the bundled contacts include review answers")
}

// TestRunOutputFormats writes the bundled answers as CSV, JSON Lines and xlsx, reads each
// back, and checks that they hold the same table.
func TestRunOutputFormats(t *testing.T) {
	crm, contacts := smallFiles(t)
	tables := map[string][][]string{}
	for _, ext := range []string{"csv", "jsonl", "xlsx"} {
		t.Run(ext, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "links."+ext)
			res := runWith(t, "", "-q", "-train=false", "-crm", crm, "-contacts", contacts, "-out", out)
			require.Equal(t, 0, res.code, res.stderr)
			got, err := output.ReadTable(out)
			require.NoError(t, err)
			require.Equal(t, wantColumns, got[0])
			tables[ext] = canonical(got)
			left, _ := filepath.Glob(filepath.Join(filepath.Dir(out), ".*.tmp"))
			assert.Empty(t, left, "no temporary file left beside the output")
		})
	}
	require.Len(t, tables, 3)
	assert.Equal(t, tables["csv"], tables["jsonl"], "JSON Lines holds the CSV's table")
	assert.Equal(t, tables["csv"], tables["xlsx"], "xlsx holds the CSV's table")
	assert.Equal(t, []string{"k2", "", "nomatch", "", "", "", "0"}, tables["csv"][2], "k2 has no candidate")
}

// canonical rewrites every number to four decimals, so that CSV's "1.0000", JSON's 1 and
// Excel's 1 compare equal.
func canonical(rows [][]string) [][]string {
	out := make([][]string, len(rows))
	for i, r := range rows {
		out[i] = make([]string, len(r))
		for j, v := range r {
			if f, err := strconv.ParseFloat(v, 64); err == nil && strings.ContainsAny(v, ".") {
				v = strconv.FormatFloat(f, 'f', 4, 64)
			} else if err == nil && (j == 3 || j == 5) {
				v = strconv.FormatFloat(f, 'f', 4, 64)
			}
			out[i][j] = v
		}
	}
	return out
}

func TestRunUnknownOutputFormat(t *testing.T) {
	res := runWith(t, "", "-q", "-out", filepath.Join(t.TempDir(), "links.json"))
	assert.Equal(t, 2, res.code)
	assert.Contains(t, res.stderr, ".csv, .jsonl")
	assert.Empty(t, res.stdout, "refused before any work")
}

// TestRunNotATerminal checks that without -q, on a stderr that is not a terminal, no bar or
// spinner is drawn: stderr holds only the row messages, one per line.
func TestRunNotATerminal(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
	}{
		{"not a terminal", nil},
		{"quiet", []string{"-q"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := runWith(t, "", append(tc.args, "-out", filepath.Join(t.TempDir(), "links.csv"))...)
			require.Equal(t, 0, res.code, res.stderr)
			assert.NotContains(t, res.stderr, "\r", "no bar redraws")
			for _, l := range strings.Split(strings.TrimSpace(res.stderr), "\n") {
				// Row messages, and the column mapping printed before the work.
				assert.Regexp(t, `^(\S+\.csv:\d+: (warning|rejected): |\S+\.csv: (reading with this mapping:|more warnings of )|input: |columns:|ignored:|  )`, l)
			}
			assert.Contains(t, res.stdout, "time per phase:\n  reading crm.csv")
			assert.Contains(t, res.stdout, "  training ")
			assert.Contains(t, res.stdout, "  writing links.csv")
			assert.Regexp(t, `\n  total +\d+\.\d{3} s  100\.0%\n$`, res.stdout, "the summary ends with the phase table")
		})
	}
}
