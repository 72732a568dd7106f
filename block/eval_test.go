package block

import (
	"iter"
	"testing"

	"github.com/stretchr/testify/assert"
)

func seq2(pairs ...Pair) iter.Seq2[uint32, uint32] {
	return func(yield func(uint32, uint32) bool) {
		for _, p := range pairs {
			if !yield(p.A, p.B) {
				return
			}
		}
	}
}

func truthOf(pairs ...Pair) map[Pair]struct{} {
	m := make(map[Pair]struct{}, len(pairs))
	for _, p := range pairs {
		m[p] = struct{}{}
	}
	return m
}

func TestNewPair(t *testing.T) {
	assert.Equal(t, Pair{1, 2}, NewPair(2, 1))
	assert.Equal(t, Pair{1, 2}, NewPair(1, 2))
	assert.Equal(t, Pair{3, 3}, NewPair(3, 3))
}

func TestEvaluateDedup(t *testing.T) {
	tests := []struct {
		name   string
		pairs  []Pair
		truth  []Pair
		n      int
		want   Evaluation
		reason string
	}{
		{
			name:  "half found",
			pairs: []Pair{{1, 2}, {3, 4}},
			truth: []Pair{{1, 2}, {5, 6}},
			n:     10,
			want:  Evaluation{CandidatePairs: 2, TruePairs: 2, FoundTruePairs: 1, PairsCompleteness: 0.5, ReductionRatio: 1 - 2.0/45},
		},
		{
			name:   "candidate order does not matter",
			pairs:  []Pair{{2, 1}},
			truth:  []Pair{{1, 2}},
			n:      2,
			want:   Evaluation{CandidatePairs: 1, TruePairs: 1, FoundTruePairs: 1, PairsCompleteness: 1, ReductionRatio: 0},
			reason: "dedup pairs are unordered",
		},
		{
			name:   "repeated candidate cannot inflate recall",
			pairs:  []Pair{{1, 2}, {1, 2}},
			truth:  []Pair{{1, 2}, {3, 4}},
			n:      5,
			want:   Evaluation{CandidatePairs: 2, TruePairs: 2, FoundTruePairs: 1, PairsCompleteness: 0.5, ReductionRatio: 0.8},
			reason: "each yield is a candidate, but a true pair is found once",
		},
		{
			name:   "no truth",
			pairs:  []Pair{{1, 2}},
			n:      4,
			want:   Evaluation{CandidatePairs: 1, PairsCompleteness: 1, ReductionRatio: 1 - 1.0/6},
			reason: "completeness is 1 when there is nothing to find",
		},
		{
			name:   "no possible pair",
			n:      1,
			want:   Evaluation{PairsCompleteness: 1, ReductionRatio: 1},
			reason: "a single record has nothing to compare",
		},
		{
			name:   "more candidates than pairs clamps at 0",
			pairs:  []Pair{{1, 2}, {1, 3}, {2, 3}, {7, 9}},
			n:      3,
			want:   Evaluation{CandidatePairs: 4, PairsCompleteness: 1, ReductionRatio: 0},
			reason: "out-of-range pairs must not give a negative ratio",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := EvaluateDedup(seq2(tt.pairs...), truthOf(tt.truth...), tt.n)
			assert.InDelta(t, tt.want.ReductionRatio, got.ReductionRatio, 1e-12, tt.reason)
			got.ReductionRatio = tt.want.ReductionRatio
			assert.Equal(t, tt.want, got, tt.reason)
		})
	}
}

func TestEvaluateLink(t *testing.T) {
	tests := []struct {
		name   string
		pairs  []Pair
		truth  []Pair
		nq, nr int
		want   Evaluation
		reason string
	}{
		{
			name:   "query and record numbers are not reordered",
			pairs:  []Pair{{5, 1}, {0, 3}},
			truth:  []Pair{{5, 1}, {1, 5}},
			nq:     10,
			nr:     10,
			want:   Evaluation{CandidatePairs: 2, TruePairs: 2, FoundTruePairs: 1, PairsCompleteness: 0.5, ReductionRatio: 0.98},
			reason: "(query 5, record 1) differs from (query 1, record 5)",
		},
		{
			name: "no queries",
			nq:   0,
			nr:   10,
			want: Evaluation{PairsCompleteness: 1, ReductionRatio: 1},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := EvaluateLink(seq2(tt.pairs...), truthOf(tt.truth...), tt.nq, tt.nr)
			assert.InDelta(t, tt.want.ReductionRatio, got.ReductionRatio, 1e-12, tt.reason)
			got.ReductionRatio = tt.want.ReductionRatio
			assert.Equal(t, tt.want, got, tt.reason)
		})
	}
}
