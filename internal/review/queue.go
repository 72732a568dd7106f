// Package review holds what the review server and the simulated reviewer of the bench share:
// the order in which uncertain cases are put to a reviewer, the comparison pattern that
// groups them, and the labels file the answers go to.
package review

import (
	"cmp"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/idmatch/idmatch/match"
	"github.com/idmatch/idmatch/score"
)

// Case is one question for a reviewer: is A the same person as B? For a deduplication A and
// B are stored record IDs; for a link A is the contact's ID and B the candidate customer's.
// It is plain data.
type Case struct {
	A, B string
	// Probability is the model's probability that A and B are one person: the pairwise
	// probability in deduplication, the candidate's confidence in a link.
	Probability float64
	// Status is the link decision ("review", "ambiguous", ...); empty in deduplication.
	Status string
	// Pattern is the comparison levels of the pair, one per field (see PatternOf).
	Pattern string
	// Gain is, in deduplication, how many record pairs the answer is expected to move
	// between one cluster and two (see DedupCases): for records in two clusters of a and b
	// records, Probability·a·b, which a "same" answer joins; for records in one cluster of
	// c records, the chance of "different" times the c−1 pairs that one of them has with
	// the rest. Zero in a link, where Order does not use it.
	Gain float64
}

// Key identifies a case by its IDs; a pair of stored records has one key in either order.
func (c Case) Key() string { return PairKey(c.A, c.B, c.Status != "") }

// PairKey is the key of the question about a and b. A link question (a contact and a
// customer) keeps its order; a deduplication question does not.
func PairKey(a, b string, link bool) string {
	if !link && b < a {
		a, b = b, a
	}
	return strconv.Quote(a) + " " + strconv.Quote(b)
}

// PatternOf renders the comparison levels of an explained pair as a short key, such as
// "first_name:0 surname:1 dob:- email:3", where "-" is a missing value. Cases with one
// pattern teach a model the same thing.
func PatternOf(e *match.Explanation) string {
	if e == nil || e.Pair == nil {
		return ""
	}
	var b strings.Builder
	for i, f := range e.Pair.Fields {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(f.Field)
		b.WriteByte(':')
		if f.Level == score.Missing {
			b.WriteByte('-')
		} else {
			b.WriteString(strconv.Itoa(int(f.Level)))
		}
	}
	return b.String()
}

// PatternPenalty is how much less urgent each further case of one comparison pattern is, on
// the scale of |probability − ½|: the second case of a pattern waits behind every fresh
// pattern within 0.1 of its uncertainty.
const PatternPenalty = 0.1

// GainPenalty is how much less urgent a deduplication case is, on the same scale, when its
// answer is expected to change no record pair in the clustering (Case.Gain 0); the penalty
// falls in proportion to Gain and is gone from one pair on. A pair that the clustering
// already holds together through a third record teaches the model, but its answer changes
// nothing a reviewer is there to fix.
const GainPenalty = 0.25

// Order returns the cases to ask, most useful first, leaving out those decided reports as
// already answered (decided may be nil). It does not modify cases.
//
// A case is urgent when the model is unsure of it (probability near ½) and when its
// comparison pattern has not been asked yet: within a pattern, the k-th most uncertain case
// counts as if its probability were k·PatternPenalty further from ½. So patterns take turns,
// the most uncertain first, and one common pattern cannot fill the queue. In deduplication
// a case whose answer would hardly change the clustering (Gain below 1) counts as if its
// probability were a further GainPenalty·(1−Gain) from ½. Ties go to the smaller IDs, so
// the order is deterministic.
func Order(cases []Case, decided func(Case) bool) []Case {
	out := make([]Case, 0, len(cases))
	for _, c := range cases {
		if decided == nil || !decided(c) {
			out = append(out, c)
		}
	}
	unsure := func(c Case) float64 {
		p := c.Probability
		if math.IsNaN(p) {
			p = 0
		}
		return math.Abs(p - 0.5)
	}
	byIDs := func(a, b Case) int {
		return cmp.Or(cmp.Compare(a.A, b.A), cmp.Compare(a.B, b.B))
	}
	slices.SortStableFunc(out, func(a, b Case) int {
		return cmp.Or(cmp.Compare(unsure(a), unsure(b)), byIDs(a, b))
	})
	rank := make(map[string]int)
	key := make([]float64, len(out))
	for i, c := range out {
		key[i] = unsure(c) + PatternPenalty*float64(rank[c.Pattern])
		if c.Status == "" && !(c.Gain >= 1) {
			key[i] += GainPenalty * (1 - max(c.Gain, 0))
		}
		rank[c.Pattern]++
	}
	idx := make([]int, len(out))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(i, j int) int { return cmp.Compare(key[i], key[j]) })
	sorted := make([]Case, len(out))
	for k, i := range idx {
		sorted[k] = out[i]
	}
	return sorted
}
