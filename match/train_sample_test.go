package match_test

import (
	"context"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/idmatch/idmatch/match"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestTrainSamplesCandidatePairs checks that a bound on the candidate pairs makes training
// compare an even share of them, chosen by record ID: the same model whatever the order the
// records came in, and one that still finds the base's duplicates.
func TestTrainSamplesCandidatePairs(t *testing.T) {
	ctx := context.Background()
	recs, truth := loadRecords(t)
	full, _ := loadCustomers(t)
	all, err := full.Train(ctx, match.TrainOptions{Seed: 1})
	require.NoError(t, err)
	assert.Equal(t, 1.0, all.CandidateShare, "a small base is compared in full")

	train := func(order []match.Record) (match.TrainReport, *match.Clustering) {
		m, err := match.New()
		require.NoError(t, err)
		for _, r := range order {
			m.Add(r)
		}
		rep, err := m.Train(ctx, match.TrainOptions{Seed: 1, CandidatePairs: all.CandidatePairs / 3})
		require.NoError(t, err)
		cl, err := m.Dedup(ctx, match.DedupOptions{})
		require.NoError(t, err)
		return rep, cl
	}
	rep, cl := train(recs)
	assert.Less(t, rep.CandidateShare, 1.0)
	assert.Greater(t, rep.CandidateShare, 0.0)
	assert.Less(t, rep.CandidatePairs, all.CandidatePairs, "fewer pairs compared than the whole base offers")
	assert.Greater(t, rep.CandidatePairs, 0)

	shuffled := append([]match.Record(nil), recs...)
	rand.New(rand.NewPCG(7, 7)).Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
	rep2, cl2 := train(shuffled)
	assert.Equal(t, rep.CandidatePairs, rep2.CandidatePairs, "the sample depends on the IDs, not the order")
	assert.InDelta(t, rep.PairPrior, rep2.PairPrior, rep.PairPrior*1e-9)
	assert.ElementsMatch(t, clusterSets(cl), clusterSets(cl2))

	// The sampled model still puts the duplicates together.
	f1 := pairF1(cl, truth)
	t.Logf("dedup F1 with a third of the pairs: %.4f", f1)
	assert.Greater(t, f1, 0.95, "measured 0.99")
}

// clusterSets gives each multi-record cluster as a sorted string, for comparing partitions.
func clusterSets(cl *match.Clustering) []string {
	var out []string
	for _, c := range cl.Clusters {
		if len(c) < 2 {
			continue
		}
		s := append([]string(nil), c...)
		slices.Sort(s)
		out = append(out, strings.Join(s, ","))
	}
	return out
}
