package score

import (
	"math"
	"testing"

	"github.com/adrg/strutil/metrics"
	"github.com/stretchr/testify/assert"
)

func TestExactAndFunc(t *testing.T) {
	assert.Equal(t, 1.0, Exact{}.Compare("190000", "190000"))
	assert.Equal(t, 0.0, Exact{}.Compare("190000", "190001"))
	half := ComparatorFunc(func(a, b string) float64 { return 0.5 })
	assert.Equal(t, 0.5, half.Compare("a", "b"))
	var nilFunc ComparatorFunc
	assert.Equal(t, 0.0, nilFunc.Compare("a", "b"), "a nil func compares like Exact")
	assert.Equal(t, 1.0, nilFunc.Compare("a", "a"))
}

func TestNumeric(t *testing.T) {
	tests := []struct {
		name   string
		n      Numeric
		a, b   string
		want   float64
		reason string
	}{
		{"close", Numeric{Scale: 10}, "30", "33", 0.7, "1 - 3/10"},
		{"at scale", Numeric{Scale: 10}, "30", "40", 0, "clipped at 0"},
		{"beyond scale", Numeric{Scale: 10}, "30", "45", 0, "clipped at 0"},
		{"same number, other spelling", Numeric{Scale: 10}, "7", " 7.0 ", 1, "parsed, not compared as text"},
		{"fractions", Numeric{Scale: 2}, "1.5", "2", 0.75, "1 - 0.5/2"},
		{"zero scale equal", Numeric{}, "42", "42.0", 1, "exact numeric equality"},
		{"zero scale unequal", Numeric{}, "42", "43", 0, "exact numeric equality"},
		{"negative scale", Numeric{Scale: -5}, "42", "43", 0, "not a positive scale: exact"},
		{"NaN scale", Numeric{Scale: math.NaN()}, "42", "43", 0, "not a positive scale: exact"},
		{"unparsable", Numeric{Scale: 10}, "5", "five", 0, "falls back to Exact"},
		{"decimal comma", Numeric{Scale: 10}, "1,5", "1.5", 0, "not parsed: Exact on the raw strings"},
		{"infinity text", Numeric{Scale: 10}, "Inf", "1", 0, "non-finite values do not parse"},
		{"huge difference", Numeric{Scale: 1}, "1e308", "-1e308", 0, "the difference overflows to +Inf"},
		{"infinite scale", Numeric{Scale: math.Inf(1)}, "1", "1000", 1, "every finite difference is nothing"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			assert.InDelta(t, tc.want, tc.n.Compare(tc.a, tc.b), 1e-12, tc.reason)
		})
	}
}

func TestGuard(t *testing.T) {
	// The raw strutil metrics break the contract in the ways Guard exists for.
	assert.True(t, math.IsNaN(metrics.NewLevenshtein().Compare("", "")), "strutil returns NaN for two empty strings")
	assert.True(t, math.IsNaN(metrics.NewHamming().Compare("", "")), "strutil returns NaN for two empty strings")

	tests := []struct {
		name   string
		c      Comparator
		a, b   string
		want   float64
		reason string
	}{
		{"levenshtein empty", Guard(metrics.NewLevenshtein()), "", "", 1, "settled before strutil is called"},
		{"hamming empty", Guard(metrics.NewHamming()), "", "", 1, "settled before strutil is called"},
		{"zero-cost levenshtein", Guard(&metrics.Levenshtein{}), "abc", "xyz", 0, "unit costs replace the zero costs"},
		{"zero-cost levenshtein close", Guard(&metrics.Levenshtein{}), "kitten", "sitting", 1 - 3.0/7, "unit costs"},
		{"nil levenshtein", Guard((*metrics.Levenshtein)(nil)), "a", "b", 0, "compares like Exact"},
		{"sorensen-dice", Guard(metrics.NewSorensenDice()), "night", "nacht", 0.25, "bigrams: ht in common, 2·1/(4+4)"},
		{"hamming", Guard(metrics.NewHamming()), "karolin", "kathrin", 1 - 3.0/7, "three positions differ"},
		{"out of range", Guard(ComparatorFunc(func(a, b string) float64 { return 2 })), "a", "b", 1, "clipped"},
		{"NaN", Guard(ComparatorFunc(func(a, b string) float64 { return math.NaN() })), "a", "b", 0, "NaN becomes 0"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			assert.InDelta(t, tc.want, tc.c.Compare(tc.a, tc.b), 1e-12, tc.reason)
		})
	}

	lv := &metrics.Levenshtein{}
	_ = Guard(lv)
	assert.Zero(t, lv.InsertCost, "Guard does not change the metric it wraps")

	// Guard hands the metric each pair in one order, so even a lopsided metric is symmetric.
	lopsided := Guard(ComparatorFunc(func(a, b string) float64 { return float64(len(a)) / 10 }))
	assert.Equal(t, lopsided.Compare("ab", "abcd"), lopsided.Compare("abcd", "ab"))
}
