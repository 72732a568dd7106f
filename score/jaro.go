package score

import "math/bits"

// maxJaroWindow caps the Jaro match window. The textbook window, max(len)/2-1 runes, makes
// the cost quadratic in the input length; capped, it stays linear (about 130 symbol tests
// per rune). Only strings longer than 2*maxJaroWindow+2 = 130 runes are affected, and for
// them a character can still match one up to 64 positions away.
const maxJaroWindow = 64

// Jaro is the Jaro similarity: with m matching characters (equal characters no further apart
// than the match window) and t transpositions (half the matching characters that appear in a
// different order), it is (m/|a| + m/|b| + (m-t)/m) / 3, or 0 when m is 0.
//
// The match window is the textbook max(|a|,|b|)/2 - 1 runes, capped at 64 runes for inputs
// longer than 130 runes so that the cost stays linear in the input length; strutil's
// metrics.Jaro uses max(|a|,|b|)/2, one rune wider (ITMAN/SMITH: 0.467 here, 0.622 there).
// t is rounded down, as in Winkler's reference code. Lengths and matches are counted in
// runes; two strings of at most 64 ASCII bytes take a byte fast path. A comparison allocates
// nothing unless a string is longer than 64 runes.
//
// Jaro is a stateless value, safe for concurrent use; it keeps nothing it is passed.
type Jaro struct{}

// Compare returns the Jaro similarity of a and b.
func (Jaro) Compare(a, b string) float64 {
	if s, ok := trivial(a, b); ok {
		return s
	}
	if a > b { // one order for each pair makes the result symmetric bit for bit
		a, b = b, a
	}
	j, _, _ := jaroPrefix(a, b, 0, jaroFloor{})
	return j
}

// JaroWinkler is the Jaro similarity with Winkler's bonus for a common prefix: with Jaro
// similarity j and a common prefix of l runes (at most MaxPrefix), the similarity is
// j + l·PrefixScale·(1-j) when j is above BoostThreshold, and j otherwise. The bonus reflects
// that typing errors are rarer at the start of a name.
//
// Known values with the defaults: MARTHA/MARHTA 0.961, DWAYNE/DUANE 0.840,
// DIXON/DICKSONX 0.813. A comparison of names allocates nothing and takes about 100 ns for
// two 16-letter ASCII names, less for shorter ones (see Jaro for the fast path and for long
// inputs).
//
// The zero value uses the defaults of NewJaroWinkler. A PrefixScale·MaxPrefix above 1 could
// push the result past 1; it is clipped.
//
// JaroWinkler is a plain value, safe for concurrent use; it keeps nothing it is passed.
type JaroWinkler struct {
	// PrefixScale is the weight of each common prefix rune. Zero, a negative value or NaN
	// means the default, 0.1.
	PrefixScale float64
	// MaxPrefix is the longest prefix that earns the bonus. Zero or negative means the
	// default, 4.
	MaxPrefix int
	// BoostThreshold is the Jaro similarity the pair must exceed to earn the bonus. Zero or
	// NaN means the default, 0.7; a negative value gives every pair the bonus, as
	// strutil's metrics.JaroWinkler does.
	BoostThreshold float64
}

// NewJaroWinkler returns the classic Jaro-Winkler of Winkler (1990): PrefixScale 0.1,
// MaxPrefix 4, BoostThreshold 0.7. It equals the zero value.
func NewJaroWinkler() JaroWinkler {
	return JaroWinkler{PrefixScale: 0.1, MaxPrefix: 4, BoostThreshold: 0.7}
}

// Compare returns the Jaro-Winkler similarity of a and b.
func (w JaroWinkler) Compare(a, b string) float64 {
	return w.CompareAtLeast(a, b, 0)
}

// CompareAtLeast returns Compare(a, b) when that is at least least, and otherwise a value
// below least: it gives up on a pair as soon as too few characters are left unmatched for
// the similarity to reach least, which on the names of two people is after a few
// characters. A comparison against a threshold gives the same answer with either method.
func (w JaroWinkler) CompareAtLeast(a, b string, least float64) float64 {
	if s, ok := trivial(a, b); ok {
		return s
	}
	if a > b { // one order for each pair makes the result symmetric bit for bit
		a, b = b, a
	}
	scale, maxPrefix, threshold := w.PrefixScale, w.MaxPrefix, w.BoostThreshold
	if !(scale > 0) {
		scale = 0.1
	}
	if maxPrefix <= 0 {
		maxPrefix = 4
	}
	if threshold == 0 || threshold != threshold {
		threshold = 0.7
	}
	f := jaroFloor{least: least, scale: scale, boost: threshold}
	j, l, ok := jaroPrefix(a, b, maxPrefix, f)
	if !ok {
		return 0
	}
	if l == 0 || !(j > threshold) {
		return j
	}
	return clip01(j + float64(l)*scale*(1-j))
}

// jaroFloor is what CompareAtLeast needs to know to give up early: the similarity asked
// for and the Winkler bonus that may lift a Jaro similarity to it.
type jaroFloor struct{ least, scale, boost float64 }

// matchesNeeded is the fewest matching characters that two sequences of la and lb symbols
// with a common prefix of l need for their similarity to reach the floor, counted as if
// none were transposed; 0 when any number may.
func (f jaroFloor) matchesNeeded(la, lb, l int) int {
	if !(f.least > 0) {
		return 0
	}
	// The least Jaro similarity that reaches the floor, with the bonus where the prefix
	// earns one (the bonus needs a Jaro similarity above boost).
	j := f.least
	if ls := float64(l) * f.scale; l > 0 && ls >= 1 {
		j = min(j, f.boost) // the bonus alone takes any pair above boost to 1
	} else if l > 0 {
		j = min(j, max((f.least-ls)/(1-ls), f.boost))
	}
	// (m/la + m/lb + 1) / 3 ≥ j, so m ≥ (3j − 1)·la·lb / (la + lb), rounded up; a margin
	// keeps rounding from refusing a pair at the floor. One division: this runs on every
	// comparison.
	m := (3*j-1)*float64(la*lb)/float64(la+lb) - 1e-9
	if !(m > 0) {
		return 0
	}
	n := int(m)
	if float64(n) < m {
		n++
	}
	return n
}

// jaroPrefix returns the Jaro similarity of two non-empty strings and the length of their
// common prefix in runes, at most maxPrefix; ok is false, and the similarity 0, when it
// gave up because the pair cannot reach f.
func jaroPrefix(a, b string, maxPrefix int, f jaroFloor) (float64, int, bool) {
	if asciiPair(a, b) {
		var bufA, bufB [shortLen]byte
		x, y := bufA[:copy(bufA[:], a)], bufB[:copy(bufB[:], b)]
		l := commonPrefixLen(x, y, maxPrefix)
		j, ok := jaroShort(x, y, f.matchesNeeded(len(x), len(y), l))
		return j, l, ok
	}
	var bufA, bufB [shortLen]rune
	x, okA := decodeShort(&bufA, a)
	y, okB := decodeShort(&bufB, b)
	if okA && okB {
		l := commonPrefixLen(x, y, maxPrefix)
		j, ok := jaroShort(x, y, f.matchesNeeded(len(x), len(y), l))
		return j, l, ok
	}
	x, y = appendRunes(nil, a), appendRunes(nil, b)
	return jaroLong(x, y), commonPrefixLen(x, y, maxPrefix), true
}

// jaroWindow returns the match window of sequences of lengths la and lb.
func jaroWindow(la, lb int) int {
	return min(max(max(la, lb)/2-1, 0), maxJaroWindow)
}

// jaroScore is the Jaro formula for m matches and u matches out of order. t is u/2 rounded
// down, as in Winkler's reference code (strcmp95), strutil and Apache Commons Text.
func jaroScore(m, u, la, lb int) float64 {
	if m == 0 {
		return 0
	}
	fm := float64(m)
	return (fm/float64(la) + fm/float64(lb) + (fm-float64(u/2))/fm) / 3
}

// jaroShort computes Jaro on sequences of 1 to 64 symbols, with the matched positions of
// each side as bits of a word. It scans the window for each symbol of a: on names an index
// of b (tried, with 128 words of positions) costs as much to build as it saves.
//
// It gives up, returning false, once fewer than need of a's symbols can still match.
func jaroShort[T symbol](a, b []T, need int) (float64, bool) {
	la, lb := len(a), len(b)
	if need > min(la, lb) {
		return 0, false
	}
	w := jaroWindow(la, lb)
	var ma, mb uint64
	m := 0
	for i, c := range a {
		lo, hi := max(0, i-w), min(lb, i+w+1)
		for j := lo; j < hi; j++ {
			if b[j] == c && mb&(1<<uint(j)) == 0 {
				ma |= 1 << uint(i)
				mb |= 1 << uint(j)
				m++
				break
			}
		}
		if m+la-1-i < need {
			return 0, false
		}
	}
	return jaroScore(m, jaroUnordered(a, b, ma, mb), la, lb), true
}

// jaroUnordered counts the matched symbols that differ when the matches of a (bits of ma) and
// of b (bits of mb, as many) are paired in order.
func jaroUnordered[T symbol](a, b []T, ma, mb uint64) int {
	u := 0
	for ma != 0 {
		i, j := bits.TrailingZeros64(ma), bits.TrailingZeros64(mb)
		if a[i] != b[j] {
			u++
		}
		ma &= ma - 1
		mb &= mb - 1
	}
	return u
}

// jaroLong computes Jaro on sequences of any length, with bitsets of matched positions; it
// allocates them, one bit a symbol.
func jaroLong[T symbol](a, b []T) float64 {
	la, lb := len(a), len(b)
	m, u := jaroRestLong(a, b, jaroWindow(la, lb), make([]uint64, (la+63)/64), make([]uint64, (lb+63)/64))
	return jaroScore(m, u, la, lb)
}
