package match_test

import (
	"os"
	"testing"

	"github.com/idmatch/idmatch/internal/dataset"
	"github.com/idmatch/idmatch/match"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// readFrozen reads a committed synthetic dataset with its ground-truth entity column.
func readFrozen(t *testing.T, path string) ([]match.Record, map[string]string) {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	rd, err := dataset.NewReader(f, dataset.FieldMap{}, dataset.Options{})
	require.NoError(t, err)
	var recs []match.Record
	entity := map[string]string{}
	for row, err := range rd.All() {
		require.NoError(t, err)
		recs = append(recs, row.Record)
		entity[row.Record.ID] = row.Columns.Get("entity")
	}
	return recs, entity
}

// TestFrozenDedup trains on the frozen customer base and checks the clustering against its
// ground truth, pair by pair. The bounds sit a little under the measured figures so that a
// regression fails while noise-free changes pass.
func TestFrozenDedup(t *testing.T) {
	recs, entity := readFrozen(t, "../testdata/customers.csv")
	m, err := match.New()
	require.NoError(t, err)
	for _, r := range m.AddBatch(recs) {
		require.NoError(t, r.Err)
	}
	rep, err := m.Train(ctx, match.TrainOptions{Seed: 1})
	require.NoError(t, err)
	assert.Greater(t, rep.PairPrior, 1e-5)
	assert.Less(t, rep.PairPrior, 1e-3, "about 177 true pairs among 1977 records")
	for _, f := range rep.Model.Fields {
		assert.Greater(t, f.Levels[0].M, f.Levels[0].U, "%s: agreement must be evidence for a match", f.Name)
	}

	cl, err := m.Dedup(ctx, match.DedupOptions{})
	require.NoError(t, err)
	var tp, predicted, actual float64
	byEntity := map[string]int{}
	for _, e := range entity {
		byEntity[e]++
	}
	for _, n := range byEntity {
		actual += float64(n * (n - 1) / 2)
	}
	for _, c := range cl.Clusters {
		for i := range c {
			for j := i + 1; j < len(c); j++ {
				predicted++
				if entity[c[i]] == entity[c[j]] {
					tp++
				}
			}
		}
	}
	precision, recall := tp/predicted, tp/actual
	t.Logf("dedup: precision %.3f recall %.3f over %d true pairs", precision, recall, int(actual))
	assert.Greater(t, precision, 0.85)
	assert.Greater(t, recall, 0.97)
}

// TestFrozenLink links the frozen contacts to the frozen CRM: what is Matched must be right.
func TestFrozenLink(t *testing.T) {
	crm, crmEntity := readFrozen(t, "../testdata/crm.csv")
	contacts, contactEntity := readFrozen(t, "../testdata/contacts.csv")
	m, err := match.New()
	require.NoError(t, err)
	m.AddBatch(crm)
	var qs []match.Record
	for _, q := range contacts {
		q.ID = ""
		qs = append(qs, q)
	}
	_, err = m.Train(ctx, match.TrainOptions{Queries: qs, Seed: 1})
	require.NoError(t, err)
	matched, right := 0, 0
	for i, res := range m.MatchBatch(ctx, qs) {
		if res.Status != match.Matched {
			continue
		}
		matched++
		if crmEntity[res.Best.ID] == contactEntity[contacts[i].ID] {
			right++
		}
	}
	t.Logf("link: %d matched, %d right", matched, right)
	assert.Greater(t, matched, len(contacts)/2)
	assert.Greater(t, float64(right)/float64(matched), 0.95, "a confidence of 0.9 or more must be right at least 9 times in 10")
}
