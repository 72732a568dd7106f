package match

import (
	"context"
	"fmt"
	"math"
	"strings"

	"github.com/idmatch/idmatch/score"
)

// Explanation says why a candidate got its confidence: each field's comparison level and
// contribution in bits, and how the candidate's evidence compares with the rest.
//
// Programs should read the fields; the String form is for people and may change.
type Explanation struct {
	// Pair is the field-by-field account of the pair's match weight. Its PriorBits is the
	// pairwise prior used in deduplication; Evidence leaves it out.
	Pair *score.Explanation
	// Evidence is the sum of the field contributions in bits.
	Evidence float64
	// NoneBits is the weight of the hypothesis "none of the customers" on the same scale:
	// log2(N · p/(1-p)) for N customers and the none prior p.
	NoneBits float64
	// Others is the number of other candidates that shared the posterior.
	Others int
	// Confidence is the candidate's posterior probability.
	Confidence float64
}

// String renders the explanation as a small table. The format is unstable.
func (e *Explanation) String() string {
	if e == nil {
		return "<nil>"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "evidence %+.1f bits against none %.1f bits and %d other candidates: confidence %.4f\n",
		e.Evidence, e.NoneBits, e.Others, e.Confidence)
	if e.Pair != nil {
		// The field lines add up to the evidence: each field's level, then, on a line of
		// its own, how much the frequency of the agreeing value moves it.
		for _, f := range e.Pair.Fields {
			if f.Level == score.Missing {
				continue
			}
			fmt.Fprintf(&b, "  %-12s %-32s %+6.1f bits\n", f.Field, f.LevelName, f.Bits-f.TFBits)
			if f.TFBits != 0 {
				fmt.Fprintf(&b, "  %-12s %-32s %+6.1f bits\n", "", "how common the value is", f.TFBits)
			}
		}
	}
	return b.String()
}

// explainLocked builds the explanation of candidate f for query q; mu is held for reading.
func (m *Matcher) explainLocked(q, f *features, noneBits, norm float64, others int) *Explanation {
	sc := m.schema.newScratch()
	m.compare(q, f, sc)
	pair := m.weights.Explain(sc.vec, sc.tf)
	ev := pair.Weight - pair.PriorBits
	return &Explanation{
		Pair:       pair,
		Evidence:   ev,
		NoneBits:   noneBits,
		Others:     others,
		Confidence: math.Exp2(ev - norm),
	}
}

// Explain matches r and returns the explanation for the stored record with ID candidateID,
// whether or not it made the top candidates. It fails with ErrNotFound when no such record
// is stored, and with ErrEmptyRecord when r has no usable field.
func (m *Matcher) Explain(ctx context.Context, r Record, candidateID string) (*Explanation, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	q, _, err := m.prepare(r)
	if err != nil {
		return nil, err
	}
	res := m.matchPrepared(q)
	m.mu.RLock()
	defer m.mu.RUnlock()
	n, ok := m.byID.get(m.recs, candidateID)
	if !ok {
		return nil, fmt.Errorf("%w: %q", ErrNotFound, candidateID)
	}
	noneBits := m.noneBits(float64(m.live), m.linkNonePrior())
	// Recover the normaliser of the posterior from the result: None = 2^(noneBits - norm).
	norm := noneBits - math.Log2(max(res.None, math.SmallestNonzeroFloat64))
	return m.explainLocked(q, m.recs[n], noneBits, norm, max(res.Considered-1, 0)), nil
}

// ExplainPair returns the field-by-field evidence that the stored records a and b are one
// person, on the scale Dedup uses: Pair.PriorBits is the pairwise prior and Pair.Weight
// the total, so that Probability(Pair.Weight) is the pair's probability in Dedup.
// Evidence is the sum of the field contributions; NoneBits and Others are zero.
func (m *Matcher) ExplainPair(a, b string) (*Explanation, error) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	na, ok := m.byID.get(m.recs, a)
	if !ok {
		return nil, fmt.Errorf("%w: %q", ErrNotFound, a)
	}
	nb, ok := m.byID.get(m.recs, b)
	if !ok {
		return nil, fmt.Errorf("%w: %q", ErrNotFound, b)
	}
	if nb < na {
		na, nb = nb, na
	}
	sc := m.schema.newScratch()
	m.compare(m.recs[na], m.recs[nb], sc)
	pair := m.weights.Explain(sc.vec, sc.tf)
	ev := pair.Weight - pair.PriorBits
	p := m.dedupPrior()
	pair.PriorBits = math.Log2(p / (1 - p))
	pair.Weight = ev + pair.PriorBits
	pair.Probability = score.Probability(pair.Weight)
	return &Explanation{Pair: pair, Evidence: ev, Confidence: score.Probability(pair.Weight)}, nil
}
