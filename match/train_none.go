package match

import (
	"context"
	"math"
	"sync"

	"github.com/idmatch/idmatch/score"
)

// nonePseudoContacts is how many contacts' worth of weight the option's none prior keeps
// against the contacts' own evidence: a handful of contacts leave it nearly where it was.
const nonePseudoContacts = 20

// noneSampleContacts bounds the contacts whose candidates are weighed for the none prior:
// a share among 4,000 is known to within about 0.008 (one standard error at most), and
// weighing every contact of a large training set would cost as much as matching them.
const noneSampleContacts = 4000

// evenSample returns at most n of xs, evenly spread over them (xs itself when it is short
// enough).
func evenSample[T any](xs []T, n int) []T {
	if len(xs) <= n {
		return xs
	}
	out := make([]T, n)
	for i := range out {
		out[i] = xs[i*len(xs)/n]
	}
	return out
}

// The bounds of a none prior learnt from contacts: every contact a customer, or none, is
// still not a certainty about the next one.
const (
	minLearntNonePrior = 0.001
	maxLearntNonePrior = 0.999
)

// contactMasses returns, for each contact, log2 of the sum over its candidates of 2^bits,
// their evidence under w as Match weighs it (scoreCandidates; −Inf for a contact blocking
// finds no candidate for): what the confidence of "none of the customers" depends on besides
// its prior. The contacts are scored on all workers; mu is held for reading.
func (m *Matcher) contactMasses(ctx context.Context, queries []*features, w *score.Weights) ([]float64, error) {
	out := make([]float64, len(queries))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(m.cfg.workers, max(len(queries), 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sc := m.schema.getScratch()
			defer m.schema.putScratch(sc)
			var all []scored
			collect := func(c scored) { all = append(all, c) }
			for i := range next {
				q := queries[i]
				all = all[:0]
				m.scoreCandidates(q, m.candidatesLocked(m.keys(q, nil)), w, sc, collect)
				out[i] = logSumExp2(math.Inf(-1), all)
			}
		}()
	}
	var err error
	for i := range queries {
		if err = ctx.Err(); err != nil {
			break
		}
		next <- i
	}
	close(next)
	wg.Wait()
	return out, err
}

// noneFixedPoint learns the prior that a contact is none of the records customers from the
// contacts themselves. A contact whose candidates weigh masses[c] (see contactMasses) is none
// of them with probability 1 / (1 + 2^(masses[c] − noneBits(p))) at prior p; the prior that
// makes the contacts most likely is the share of them that it gives to none, the fixed point
// p = mean of those probabilities, which expectation maximisation reaches from any start.
// The mean counts nonePseudoContacts contacts at p0, the option's prior, so that a few
// contacts move it little, and the result stays within [minLearntNonePrior,
// maxLearntNonePrior].
func noneFixedPoint(masses []float64, records, p0 float64) float64 {
	p := p0
	for range 500 {
		nb := math.Log2(max(records, 1) * p / (1 - p))
		s := nonePseudoContacts * p0
		for _, x := range masses {
			s += 1 / (1 + math.Exp2(x-nb)) // 1 for a contact with no candidate (x = −Inf)
		}
		next := min(max(s/(float64(len(masses))+nonePseudoContacts), minLearntNonePrior), maxLearntNonePrior)
		if math.Abs(next-p) < 1e-7 {
			return next
		}
		p = next
	}
	return p
}
