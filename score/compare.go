package score

import "math"

// Comparator returns the similarity of two strings.
//
// The contract every Comparator in this package keeps, and every Comparator passed to it
// should keep:
//   - the result is in [0,1] and never NaN;
//   - identical inputs give 1;
//   - Compare(a, b) == Compare(b, a), bit for bit;
//   - two empty strings give 1; one empty and one non-empty string give 0.
//
// Comparators compare exactly what they are given: case, spaces and scripts are the business
// of normalization, which runs before. Invalid UTF-8 is read as U+FFFD, one replacement rune
// per invalid byte, as a range loop reads it.
type Comparator interface {
	Compare(a, b string) float64
}

// ComparatorFunc adapts an ordinary function to the Comparator interface. The function is
// responsible for the contract of Comparator.
//
// A ComparatorFunc is safe for concurrent use if the function is.
type ComparatorFunc func(a, b string) float64

// Compare returns f(a, b). A nil ComparatorFunc compares like Exact rather than panicking.
func (f ComparatorFunc) Compare(a, b string) float64 {
	if f == nil {
		return Exact{}.Compare(a, b)
	}
	return f(a, b)
}

// Exact gives 1 to equal strings and 0 to all others. It is the comparator of identifiers,
// postcodes and document numbers, and the fallback of Numeric for values it cannot parse.
//
// Exact is a stateless value, safe for concurrent use; it keeps nothing it is passed.
type Exact struct{}

// Compare returns 1 if a == b, else 0.
func (Exact) Compare(a, b string) float64 {
	if a == b {
		return 1
	}
	return 0
}

// trivial settles the cases every comparator shares: equal strings give 1 and one empty
// string gives 0 (two empty strings are equal).
func trivial(a, b string) (float64, bool) {
	if a == b {
		return 1, true
	}
	if a == "" || b == "" {
		return 0, true
	}
	return 0, false
}

// clip01 clips x to [0,1] and maps NaN to 0.
func clip01(x float64) float64 {
	if !(x > 0) {
		return 0
	}
	if x > 1 {
		return 1
	}
	return x
}

// isFinite reports whether x is neither NaN nor infinite.
func isFinite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }
