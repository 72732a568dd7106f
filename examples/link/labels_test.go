package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A reviewer's answers are kept in the output: a contact answered the same as a customer is
// matched to it, a contact whose best candidate was answered different gets another answer.
func TestRunLabels(t *testing.T) {
	dir := t.TempDir()
	before := filepath.Join(dir, "before.csv")
	res := runWith(t, "", "-q", "-train=false", "-out", before)
	require.Equal(t, 0, res.code, res.stderr)
	data, err := os.ReadFile(before)
	require.NoError(t, err)
	rows := checkAnswers(t, string(data), idsOfOut(t, string(data)), idsOf(t, "../../testdata/crm.csv"), false)

	// Two undecided contacts with a best candidate: one is answered the same as a customer
	// that is not its best, the other different from its best.
	var chosen, refused string
	for _, id := range idsOfOut(t, string(data)) {
		r := rows[id]
		if r[2] == "matched" || r[4] == "" {
			continue
		}
		switch {
		case chosen == "":
			chosen = id
		case refused == "":
			refused = id
		}
	}
	require.NotEmpty(t, refused, "the bundled contacts hold undecided ones")
	other := "c1"
	if rows[chosen][4] == other {
		other = "c2"
	}
	labels := filepath.Join(dir, "labels.jsonl")
	require.NoError(t, os.WriteFile(labels, []byte(strings.Join([]string{
		`{"a":"` + chosen + `","b":"` + other + `","answer":"same"}`,
		`{"a":"` + refused + `","b":"` + rows[refused][4] + `","answer":"different"}`,
		`{"a":"nobody","b":"c1","answer":"same"}`,
		`{not json`,
	}, "\n")+"\n"), 0o600))

	after := filepath.Join(dir, "after.csv")
	res = runWith(t, "", "-q", "-train=false", "-labels", labels, "-out", after)
	require.Equal(t, 0, res.code, res.stderr)
	assert.Contains(t, res.stderr, "labels.jsonl:4: skipped", "a bad line is reported by number")
	assert.Contains(t, res.stderr, "1 answers about contacts this run does not hold")
	assert.Contains(t, res.stdout, "answers    2 from labels.jsonl; 2 contacts decided by them")
	data, err = os.ReadFile(after)
	require.NoError(t, err)
	got := checkAnswers(t, string(data), idsOfOut(t, string(data)), idsOf(t, "../../testdata/crm.csv"), false)
	assert.Equal(t, []string{chosen, other, "matched", "1.0000"}, got[chosen][:4], "the answer is the customer")
	assert.NotEqual(t, rows[refused][4], got[refused][4], "a customer answered different is no longer the best")
	// Every other contact keeps its answer.
	for id, r := range rows {
		if id != chosen && id != refused {
			assert.Equal(t, r, got[id], id)
		}
	}

	res = runWith(t, "", "-q", "-labels", filepath.Join(dir, "missing.jsonl"))
	assert.Equal(t, 2, res.code, "a missing labels file is a usage error")
	assert.Contains(t, res.stderr, "-labels")
}

// idsOfOut returns the contact ids of an -out CSV, in order.
func idsOfOut(t *testing.T, data string) []string {
	t.Helper()
	var ids []string
	for i, line := range strings.Split(strings.TrimSpace(data), "\n") {
		if i > 0 {
			ids = append(ids, line[:strings.IndexByte(line, ',')])
		}
	}
	return ids
}
