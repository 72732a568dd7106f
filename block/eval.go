package block

import "iter"

// Pair is a pair of record numbers. For deduplication A < B (see NewPair); for linkage
// (EvaluateLink) A is the query number and B the record number, in no order of value.
// It is a plain value, safe to copy and compare, and usable as a map key.
type Pair struct{ A, B uint32 }

// NewPair returns the deduplication pair of a and b, ordered so that A <= B.
func NewPair(a, b uint32) Pair {
	if a > b {
		a, b = b, a
	}
	return Pair{A: a, B: b}
}

// Evaluation measures a blocking scheme against known true pairs. It is a plain value.
type Evaluation struct {
	// CandidatePairs is the number of pairs the blocking yielded; TruePairs the number of
	// true pairs; FoundTruePairs the number of distinct true pairs among the candidates.
	CandidatePairs, TruePairs, FoundTruePairs uint64
	// PairsCompleteness is FoundTruePairs / TruePairs, the recall of blocking: a true pair
	// lost here can never be matched. It is 1 when TruePairs is 0.
	PairsCompleteness float64
	// ReductionRatio is 1 - CandidatePairs / possible pairs: n(n-1)/2 for deduplication of
	// n records, nQueries*nRecords for linkage. It is the share of comparisons blocking
	// saves, clamped to [0, 1], and 1 when no pair is possible.
	ReductionRatio float64
}

// EvaluateDedup counts the candidate pairs of a deduplication of n records and compares them
// with truth, whose pairs must be ordered as NewPair orders them. Candidate pairs may come in
// either order; each yielded pair counts as one candidate, so pairs should yield each pair
// once (as Index.Pairs does). truth is only read.
func EvaluateDedup(pairs iter.Seq2[uint32, uint32], truth map[Pair]struct{}, n int) Evaluation {
	var possible uint64
	if n > 1 {
		possible = pairsIn(uint64(n))
	}
	return evaluate(pairs, truth, possible, NewPair)
}

// EvaluateLink counts the candidate pairs (query i, record j) of a linkage of nQueries
// queries against nRecords records and compares them with truth, whose pairs are
// Pair{A: query, B: record}. Each yielded pair counts as one candidate. truth is only read.
func EvaluateLink(pairs iter.Seq2[uint32, uint32], truth map[Pair]struct{}, nQueries, nRecords int) Evaluation {
	var possible uint64
	if nQueries > 0 && nRecords > 0 {
		possible = uint64(nQueries) * uint64(nRecords)
	}
	return evaluate(pairs, truth, possible, func(q, r uint32) Pair { return Pair{A: q, B: r} })
}

func evaluate(pairs iter.Seq2[uint32, uint32], truth map[Pair]struct{}, possible uint64, mk func(a, b uint32) Pair) Evaluation {
	ev := Evaluation{TruePairs: uint64(len(truth))}
	// Found pairs are kept in a set so that a repeated candidate cannot push recall over 1;
	// the set is at most as large as truth.
	found := make(map[Pair]struct{})
	for a, b := range pairs {
		ev.CandidatePairs++
		p := mk(a, b)
		if _, ok := truth[p]; ok {
			found[p] = struct{}{}
		}
	}
	ev.FoundTruePairs = uint64(len(found))
	ev.PairsCompleteness = 1
	if ev.TruePairs > 0 {
		ev.PairsCompleteness = float64(ev.FoundTruePairs) / float64(ev.TruePairs)
	}
	ev.ReductionRatio = 1
	if possible > 0 {
		ev.ReductionRatio = max(0, 1-float64(ev.CandidatePairs)/float64(possible))
	}
	return ev
}
