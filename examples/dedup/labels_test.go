package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A reviewer's answers are kept in the clusters: two records of two clusters answered the
// same end in one, two records of one cluster answered different end in two.
func TestRunLabels(t *testing.T) {
	dir := t.TempDir()
	clusterOf := func(path string) map[string]string {
		data, err := os.ReadFile(path)
		require.NoError(t, err)
		out := map[string]string{}
		for _, r := range readCSV(t, string(data), "id", "cluster_id", "cluster_size")[1:] {
			out[r[0]] = r[1]
		}
		return out
	}
	before := filepath.Join(dir, "before.csv")
	res := runWith(t, "", "-q", "-train=false", "-out", before)
	require.Equal(t, 0, res.code, res.stderr)
	cl := clusterOf(before)
	members := map[string][]string{}
	var ids []string
	for id, c := range cl {
		members[c] = append(members[c], id)
		ids = append(ids, id)
	}
	slices.Sort(ids)
	var pairA, pairB string // one cluster of two records
	for _, id := range ids {
		if ms := members[cl[id]]; len(ms) == 2 {
			pairA, pairB = ms[0], ms[1]
			break
		}
	}
	require.NotEmpty(t, pairA, "the bundled file holds duplicates")
	var lone1, lone2 string // two records alone in their clusters
	for _, id := range ids {
		if len(members[cl[id]]) == 1 {
			if lone1 == "" {
				lone1 = id
			} else if lone2 == "" {
				lone2 = id
			}
		}
	}
	require.NotEmpty(t, lone2)
	labels := filepath.Join(dir, "labels.jsonl")
	require.NoError(t, os.WriteFile(labels, []byte(strings.Join([]string{
		`{"a":"` + pairA + `","b":"` + pairB + `","answer":"different"}`,
		`{"a":"` + lone1 + `","b":"` + lone2 + `","answer":"same"}`,
		`{"a":"` + lone1 + `","answer":"same"}`,
	}, "\n")+"\n"), 0o600))

	for _, train := range []string{"-train=false", "-train=true"} {
		after := filepath.Join(dir, "after.csv")
		res = runWith(t, "", "-q", train, "-labels", labels, "-out", after)
		require.Equal(t, 0, res.code, res.stderr)
		assert.Contains(t, res.stderr, "labels.jsonl:3: skipped", "a bad line is reported by number")
		assert.Contains(t, res.stdout, "answers   2 from labels.jsonl, kept in the clusters")
		got := clusterOf(after)
		assert.NotEqual(t, got[pairA], got[pairB], "%s: answered different, apart", train)
		assert.Equal(t, got[lone1], got[lone2], "%s: answered the same, together", train)
	}

	res = runWith(t, "", "-q", "-labels", filepath.Join(dir, "missing.jsonl"))
	assert.Equal(t, 2, res.code, "a missing labels file is a usage error")
	assert.Contains(t, res.stderr, "-labels")
}
