package score

// DigitLevels is the number of levels DigitLevel returns other than Missing.
const DigitLevels = 3

// DigitLevel compares two digit strings, such as the digits of a date or phone number that did
// not parse (normalize.Digits), where a mistyped digit is still evidence:
//   - 0: equal;
//   - 1: of equal length and one edit apart, the edit being one substituted digit or two
//     adjacent digits transposed ("19189087" against "19180987"): optimal string alignment
//     distance 1 without a change of length;
//   - 2: else;
//   - Missing: either is empty.
//
// The strings are compared byte by byte; they need not be digits. DigitLevel is linear in
// the length, never allocates, and is safe for concurrent use.
func DigitLevel(a, b string) uint8 {
	if a == "" || b == "" {
		return Missing
	}
	if a == b {
		return 0
	}
	if len(a) != len(b) {
		return 2
	}
	first := -1
	for i := 0; i < len(a); i++ {
		if a[i] == b[i] {
			continue
		}
		switch {
		case first < 0:
			first = i
		case i == first+1 && a[first] == b[i] && a[i] == b[first] && a[first+2:] == b[first+2:]:
			return 1 // a transposition of the two, and nothing else differs
		default:
			return 2
		}
	}
	return 1 // exactly one substitution: a != b, so some byte differs
}
