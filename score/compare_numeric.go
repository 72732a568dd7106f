package score

import (
	"math"
	"strconv"
	"strings"
)

// Numeric compares decimal numbers (ages, house numbers, amounts) by their distance:
// 1 - |a-b|/Scale, clipped to [0,1]. With Scale 10, 30 and 33 score 0.7 and 30 and 45 score 0.
//
// Values are parsed with strconv.ParseFloat after trimming spaces, so "7", "7.0" and " 7 "
// are equal numbers; a decimal comma is not accepted. A pair where either side does not parse
// as a finite number compares like Exact on the raw strings.
//
// The zero value, and any Scale that is not a positive number, demands exact numeric equality:
// 1 for equal numbers, 0 otherwise.
//
// Numeric is a plain value, safe for concurrent use; it keeps nothing it is passed.
type Numeric struct {
	// Scale is the difference at which the similarity reaches 0.
	Scale float64
}

// Compare returns the similarity of the numbers written in a and b.
func (n Numeric) Compare(a, b string) float64 {
	if s, ok := trivial(a, b); ok {
		return s
	}
	x, okA := parseNumber(a)
	y, okB := parseNumber(b)
	if !okA || !okB {
		return 0 // a != b, so Exact gives 0
	}
	d := math.Abs(x - y)
	if d == 0 {
		return 1
	}
	if !(n.Scale > 0) {
		return 0
	}
	// d/Scale may overflow to +Inf or be Inf/Inf; clip01 maps both results into [0,1].
	return clip01(1 - d/n.Scale)
}

func parseNumber(s string) (float64, bool) {
	x, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || !isFinite(x) {
		return 0, false
	}
	return x, true
}
