package score

import (
	"math"
	"testing"

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
