package main

import (
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/idmatch/idmatch/examples/internal/output"
)

// TestRunOutputFormats writes the clusters of the bundled file as CSV, JSON Lines and xlsx,
// reads each back, and checks that they hold the same table.
func TestRunOutputFormats(t *testing.T) {
	tables := map[string][][]string{}
	for _, ext := range []string{"csv", "jsonl", "xlsx"} {
		t.Run(ext, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "clusters."+ext)
			res := runWith(t, "", "-q", "-train=false", "-in", "testdata/broken.csv", "-out", out)
			require.Equal(t, 0, res.code, res.stderr)
			got, err := output.ReadTable(out)
			require.NoError(t, err)
			require.Equal(t, []string{"id", "cluster_id", "cluster_size"}, got[0])
			checkClusters(t, got[1:], []string{"a1", "a2", "a3", "c1", "c2"})
			tables[ext] = got
		})
	}
	require.Len(t, tables, 3)
	assert.Equal(t, tables["csv"], tables["jsonl"])
	assert.Equal(t, tables["csv"], tables["xlsx"])
}

// TestRunPairs checks -pairs in every format: one row per linked pair, strongest first, with
// the documented columns and a level and bits for every field of the model.
func TestRunPairs(t *testing.T) {
	for _, ext := range []string{"csv", "jsonl", "xlsx"} {
		t.Run(ext, func(t *testing.T) {
			dir := t.TempDir()
			pairs, out := filepath.Join(dir, "pairs."+ext), filepath.Join(dir, "clusters.csv")
			res := runWith(t, "", "-q", "-pairs", pairs, "-out", out)
			require.Equal(t, 0, res.code, res.stderr)
			i := strings.Index(res.stdout, " at probability >= 0.50")
			require.Positive(t, i, res.stdout)
			j := strings.LastIndex(res.stdout[:i], "scored, ")
			linked, err := strconv.Atoi(res.stdout[j+len("scored, ") : i])
			require.NoError(t, err, "the summary's count of linked pairs")
			assert.Contains(t, res.stdout, "  pairs     "+pairs+": ")

			got, err := output.ReadTable(pairs)
			require.NoError(t, err)
			header := got[0]
			require.Equal(t, []string{"a_id", "b_id", "same_cluster", "probability", "weight", "prior_bits", "explained_weight"}, header[:7])
			for _, f := range []string{"given_name", "surname", "birth_date", "phone", "email", "city"} {
				assert.Contains(t, header, f+"_level")
				assert.Contains(t, header, f+"_bits")
			}
			require.Len(t, got[1:], linked, "one row per linked pair")

			clusters, err := output.ReadTable(out)
			require.NoError(t, err)
			clusterOf := map[string]string{}
			for _, r := range clusters[1:] {
				clusterOf[r[0]] = r[1]
			}
			col := func(name string) int { return slices.Index(header, name) }
			prev := 2.0
			for _, r := range got[1:] {
				p, err := strconv.ParseFloat(r[col("probability")], 64)
				require.NoError(t, err)
				assert.GreaterOrEqual(t, p, 0.5, "only linked pairs")
				assert.LessOrEqual(t, p, prev+1e-9, "strongest first")
				prev = p
				same := strings.EqualFold(r[col("same_cluster")], "true")
				assert.Equal(t, clusterOf[r[0]] == clusterOf[r[1]], same, "same_cluster of %s %s", r[0], r[1])
				sum, _ := strconv.ParseFloat(r[col("prior_bits")], 64)
				for k := 7; k < len(header); k += 2 {
					assert.True(t, strings.HasSuffix(header[k], "_level") && strings.HasSuffix(header[k+1], "_bits"), header[k])
					require.NotEmpty(t, r[k], "%s of %s %s", header[k], r[0], r[1])
					b, err := strconv.ParseFloat(r[k+1], 64)
					require.NoError(t, err)
					if r[k] == "missing" {
						assert.Zero(t, b, "a missing field adds nothing")
					}
					sum += b
				}
				ew, err := strconv.ParseFloat(r[col("explained_weight")], 64)
				require.NoError(t, err)
				assert.InDelta(t, sum, ew, 1e-3, "explained_weight adds up the field bits")
			}
		})
	}
}

// TestRunPairsUsage checks the -pairs errors caught before any work.
func TestRunPairsUsage(t *testing.T) {
	for _, tc := range []struct {
		name, pairs, want string
	}{
		{"stdout", "-", "-pairs: name a file"},
		{"unknown extension", "pairs.json", "-pairs: output: unknown format"},
		{"missing directory", filepath.Join(t.TempDir(), "no", "pairs.csv"), "-pairs: "},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := runWith(t, "", "-q", "-train=false", "-pairs", tc.pairs)
			assert.Equal(t, 2, res.code)
			assert.Contains(t, res.stderr, tc.want)
			assert.Empty(t, res.stdout)
		})
	}
}

// TestRunNotATerminal checks that without -q, on a stderr that is not a terminal, no bar or
// spinner is drawn, and that the summary ends with the phase table.
func TestRunNotATerminal(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
	}{
		{"not a terminal", nil},
		{"quiet", []string{"-q"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			res := runWith(t, "", append(tc.args, "-out", filepath.Join(dir, "c.csv"), "-pairs", filepath.Join(dir, "p.csv"))...)
			require.Equal(t, 0, res.code, res.stderr)
			assert.NotContains(t, res.stderr, "\r", "no bar redraws")
			for _, l := range strings.Split(strings.TrimSpace(res.stderr), "\n") {
				// Row messages, and the column mapping printed before the work.
				assert.Regexp(t, `^(\S+\.csv:\d+: (warning|rejected): |\S+\.csv: (reading with this mapping:|more warnings of )|input: |columns:|ignored:|  )`, l)
			}
			for _, phase := range []string{"reading customers.csv", "indexing", "training", "scoring pairs and clustering",
				"writing c.csv", "explaining and writing p.csv"} {
				assert.Regexp(t, `\n  `+phase+` +\d+\.\d{3} s +\d+\.\d%\n`, res.stdout)
			}
			assert.Regexp(t, `time per phase:\n(.*\n)*  total +\d+\.\d{3} s  100\.0%\n$`, res.stdout, "the summary ends with the phase table")
		})
	}
}
