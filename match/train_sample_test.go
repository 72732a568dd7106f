package match_test

import (
	"context"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/idmatch/idmatch/internal/synth"
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

// TestTrainSamplesQueries checks that a bound on the candidate pairs makes link training
// compare the pairs of a share of the contacts, chosen by their values: the same model in
// whatever order the contacts come, and one that links about as well as training on all.
func TestTrainSamplesQueries(t *testing.T) {
	ctx := context.Background()
	cfg := synth.DefaultConfig()
	cfg.Customers = 3_000
	base, entity := map[string]bool{}, map[string]string{}
	m := func() *match.Matcher {
		m, err := match.New()
		require.NoError(t, err)
		for r := range synth.CRM(cfg) {
			_, err := m.Add(synthRecord(r))
			require.NoError(t, err)
			base[r.Entity], entity[r.ID] = true, r.Entity
		}
		return m
	}
	var contacts []match.Record
	var truth []string
	for r := range synth.Contacts(cfg) {
		if len(contacts) == 2_000 {
			break
		}
		q := synthRecord(r)
		q.ID = ""
		contacts, truth = append(contacts, q), append(truth, r.Entity)
	}
	// linkF1 is the F1 of matched contacts placed with a customer of their person.
	linkF1 := func(mt *match.Matcher) float64 {
		var tp, fp, fn float64
		for i, q := range contacts {
			res, err := mt.Match(ctx, q)
			require.NoError(t, err)
			ok := res.Status == match.Matched && entity[res.Best.ID] == truth[i]
			switch {
			case ok:
				tp++
			case res.Status == match.Matched:
				fp++
			}
			if !ok && base[truth[i]] {
				fn++
			}
		}
		return 2 * tp / (2*tp + fp + fn)
	}

	full := m()
	all, err := full.Train(ctx, match.TrainOptions{Queries: contacts, Seed: 1})
	require.NoError(t, err)
	require.Equal(t, 1.0, all.CandidateShare)

	train := func(qs []match.Record) (*match.Matcher, match.TrainReport) {
		mt := m()
		rep, err := mt.Train(ctx, match.TrainOptions{Queries: qs, Seed: 1, CandidatePairs: all.CandidatePairs / 3})
		require.NoError(t, err)
		return mt, rep
	}
	sampled, rep := train(contacts)
	assert.Greater(t, rep.CandidateShare, 0.15)
	assert.Less(t, rep.CandidateShare, 0.6)
	assert.Less(t, rep.CandidatePairs, all.CandidatePairs/2)

	shuffled := append([]match.Record(nil), contacts...)
	rand.New(rand.NewPCG(9, 9)).Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
	_, rep2 := train(shuffled)
	assert.Equal(t, rep.CandidatePairs, rep2.CandidatePairs, "the sample depends on the contacts, not their order")
	assert.Equal(t, rep.CandidateShare, rep2.CandidateShare)

	fAll, fSampled := linkF1(full), linkF1(sampled)
	t.Logf("link F1 trained on all contacts %.4f, on a share of %.2f: %.4f", fAll, rep.CandidateShare, fSampled)
	assert.InDelta(t, fAll, fSampled, 0.02)
}

// synthRecord converts a generated row.
func synthRecord(r synth.Record) match.Record {
	rec := match.Record{ID: r.ID, Source: r.Source, FirstName: r.FirstName, LastName: r.LastName,
		MiddleName: r.MiddleName, FullName: r.FullName, City: r.City, BirthDate: r.BirthDate}
	if r.Phone != "" {
		rec.Phones = []string{r.Phone}
	}
	if r.Email != "" {
		rec.Emails = []string{r.Email}
	}
	return rec
}
