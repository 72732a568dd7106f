package match_test

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/idmatch/idmatch/match"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// loadRecords reads the bundled customers and their true entities.
func loadRecords(t testing.TB) ([]match.Record, map[string]string) {
	t.Helper()
	f, err := os.Open(filepath.Join("..", "testdata", "customers.csv"))
	require.NoError(t, err)
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	require.NoError(t, err)
	var recs []match.Record
	truth := map[string]string{}
	for _, r := range rows[1:] { // id,entity,source,first,last,middle,full,phone,email,city,birth,crowd
		recs = append(recs, match.Record{ID: r[0], Source: r[2], FirstName: r[3], LastName: r[4], MiddleName: r[5], FullName: r[6],
			Phones: []string{r[7]}, Emails: []string{r[8]}, City: r[9], BirthDate: r[10]})
		truth[r[0]] = r[1]
	}
	return recs, truth
}

// loadCustomers adds the bundled customers to a new matcher and returns their IDs in order.
func loadCustomers(t *testing.T) (*match.Matcher, []string) {
	t.Helper()
	recs, _ := loadRecords(t)
	m, err := match.New()
	require.NoError(t, err)
	var ids []string
	for _, rec := range recs {
		if _, err := m.Add(rec); err == nil {
			ids = append(ids, rec.ID)
		}
	}
	return m, ids
}

func TestLinksAndClusterLinksGiveTheBatchPartition(t *testing.T) {
	m, ids := loadCustomers(t)
	batch, err := m.Dedup(ctx, match.DedupOptions{})
	require.NoError(t, err)

	var links []match.Pair
	for _, id := range ids {
		ls, err := m.Links(ctx, id, 0.5)
		require.NoError(t, err)
		for _, l := range ls {
			if l.A == id || l.B == id {
				links = append(links, l)
			}
			p, err := m.PairProbability(l.B, l.A)
			require.NoError(t, err)
			assert.InDelta(t, l.Weight, p.Weight, 1e-9, "a pair scores the same from either side")
		}
	}
	clusters, err := m.ClusterLinks(ids, links, 0.5)
	require.NoError(t, err)
	assert.Equal(t, canonical(batch.Clusters), canonical(clusters), "incremental links, clustered by the batch rule, give the batch partition")

	sub, err := m.ClusterLinks(ids[:10], links, 0.5)
	require.NoError(t, err)
	n := 0
	for _, c := range sub {
		n += len(c)
	}
	assert.Equal(t, 10, n, "a subset is partitioned on its own")
	_, err = m.Links(ctx, "nobody", 0.5)
	assert.ErrorIs(t, err, match.ErrNotFound)
}

// canonical sorts each cluster and the list of clusters, for comparing partitions.
func canonical(cs [][]string) [][]string {
	out := make([][]string, len(cs))
	for i, c := range cs {
		out[i] = slices.Sorted(slices.Values(c))
	}
	slices.SortFunc(out, func(a, b []string) int { return slices.Compare(a, b) })
	return out
}

func TestTrainWithLabels(t *testing.T) {
	m := crm(t)
	rep, err := m.Train(ctx, match.TrainOptions{
		Labels: []match.Label{{A: "crowd001", B: "crowd002", Same: false}, {A: "c1", B: "c2", Same: false}, {A: "c1", B: "nobody", Same: true}},
	})
	require.NoError(t, err)
	assert.Equal(t, 2, rep.LabelledDifferent)
	assert.Len(t, rep.LabelErrors, 1, "the label naming a record that is not stored is reported")
}

func TestExplainPairAddsUp(t *testing.T) {
	m, ids := loadCustomers(t)
	ls, err := m.Links(ctx, ids[5], 0)
	require.NoError(t, err)
	require.NotEmpty(t, ls)
	e, err := m.ExplainPair(ls[0].A, ls[0].B)
	require.NoError(t, err)
	sum := e.Pair.PriorBits
	for _, f := range e.Pair.Fields {
		sum += f.Bits
	}
	assert.InDelta(t, e.Pair.Weight, sum, 1e-9, "the lines and the prior sum to the total")
	assert.InDelta(t, ls[0].Weight, e.Pair.Weight, 1e-9, "the same weight as Links and Dedup give")
}
