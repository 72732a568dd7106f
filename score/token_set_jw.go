package score

import (
	"bytes"
	"math"
	"math/bits"
	"slices"
	"unicode"
	"unicode/utf8"
)

// The bounds of a value prepared by SortedTokens. They keep the comparison of two prepared
// values in fixed stack buffers and linear in their length, whatever the input.
const (
	// MaxSetTokens is the most tokens SortedTokens keeps of a value.
	MaxSetTokens = 64
	// MaxSetBytes is the most bytes of a value SortedTokens reads.
	MaxSetBytes = 256
)

// SortedTokens appends to dst the distinct tokens of s in sorted order and returns the
// extended slice: the prepared form that TokenSetJaroWinkler.CompareTokens reads. Tokens are
// split at white space as strings.Fields splits them, sorted as strings compare, and share
// the memory of s.
//
// Only the first MaxSetTokens (64) tokens within the first MaxSetBytes (256) bytes of s are
// kept; a token that crosses byte 256 is cut there, before the rune it would split. A longer
// value therefore compares as its beginning, which free text such as addresses never reaches.
// SortedTokens allocates only when dst lacks room for the tokens.
func SortedTokens(dst []string, s string) []string {
	if len(s) > MaxSetBytes {
		cut := MaxSetBytes
		for i := 0; i < utf8.UTFMax-1 && cut > 0 && !utf8.RuneStart(s[cut]); i++ {
			cut--
		}
		s = s[:cut]
	}
	start := len(dst)
	n := 0
	from := -1
	for i := 0; i < len(s) && n < MaxSetTokens; {
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		if unicode.IsSpace(r) {
			if from >= 0 {
				dst = append(dst, s[from:i])
				n++
				from = -1
			}
		} else if from < 0 {
			from = i
		}
		i += size
	}
	if from >= 0 && n < MaxSetTokens {
		dst = append(dst, s[from:])
	}
	toks := dst[start:]
	slices.Sort(toks)
	return dst[:start+len(slices.Compact(toks))]
}

// TokenSetJaroWinkler is TokenSet with JaroWinkler as Inner, for values split into tokens
// once, when they are prepared, rather than at every comparison. CompareTokens takes the
// sorted distinct tokens of SortedTokens and returns what TokenSet{Inner: JaroWinkler}
// returns for the original non-empty strings, bit for bit, when each has at most
// MaxSetTokens tokens and MaxSetBytes bytes (longer values compare as what SortedTokens
// keeps of them).
//
// It finds the shared tokens by merging the two sorted lists and runs Jaro-Winkler only on
// the tokens left over: the shared tokens begin both joined forms, so Jaro matches each of
// their runes with itself and they only add to the counts, and the scores of the shared
// tokens against each side follow from the lengths alone. On prepared values (at most
// MaxSetBytes bytes each) a comparison allocates nothing; longer token lists given by the
// caller are compared correctly in heap buffers.
//
// TokenSetJaroWinkler is a plain value, safe for concurrent use; it keeps nothing it is passed.
type TokenSetJaroWinkler struct {
	// JaroWinkler holds the inner comparator's settings; its zero value means those of
	// NewJaroWinkler.
	JaroWinkler JaroWinkler
}

// Compare returns the token-set similarity of a and b, as TokenSet{Inner: t.JaroWinkler}
// does for values within the bounds of SortedTokens. It splits both values on every call; a
// caller that compares a value more than once should keep its SortedTokens and call
// CompareTokens.
func (t TokenSetJaroWinkler) Compare(a, b string) float64 {
	if s, ok := trivial(a, b); ok {
		return s
	}
	var bufA, bufB [MaxSetTokens]string
	return t.CompareTokens(SortedTokens(bufA[:0], a), SortedTokens(bufB[:0], b))
}

// CompareTokens returns the token-set similarity of two values given as their sorted
// distinct tokens (see SortedTokens). A side without tokens scores 1 against another
// without tokens and 0 against one with tokens. The result is symmetric and in [0,1]; for
// lists that are not sorted and distinct it is still in [0,1] but otherwise unspecified.
func (t TokenSetJaroWinkler) CompareTokens(a, b []string) float64 {
	return t.similarity(a, b, nil)
}

// Reached returns the index of the first of thresholds that CompareTokens(a, b) reaches, or
// len(thresholds) if it reaches none: the level Levels gives two values that are not equal,
// less one. Thresholds must be descending, as Levels requires. The answer is the one the
// full similarity gives, but Jaro-Winkler on the leftover tokens runs only when a bound on
// it, from their lengths and letters, leaves the answer open.
func (t TokenSetJaroWinkler) Reached(a, b []string, thresholds []float64) int {
	return firstReached(t.similarity(a, b, thresholds), thresholds)
}

// firstReached returns the index of the first threshold s reaches, len(thresholds) for none.
func firstReached(s float64, thresholds []float64) int {
	for i, th := range thresholds {
		if s >= th {
			return i
		}
	}
	return len(thresholds)
}

// similarity returns CompareTokens(a, b) when thresholds is empty; otherwise a value that
// reaches the same first threshold, which may be a bound below the similarity's level when
// that settles it.
func (t TokenSetJaroWinkler) similarity(a, b []string, thresholds []float64) float64 {
	if len(a) == 0 || len(b) == 0 {
		if len(a) == len(b) {
			return 1
		}
		return 0
	}
	// Most values fit small buffers, which cost less to clear; lists beyond what
	// SortedTokens keeps spill from the large ones to the heap.
	if joinedLen(a) <= shortLen && joinedLen(b) <= shortLen {
		var bufA, bufB [shortLen]byte
		return t.merged(a, b, bufA[:0], bufB[:0], thresholds)
	}
	var bufA, bufB [MaxSetBytes]byte
	return t.merged(a, b, bufA[:0], bufB[:0], thresholds)
}

// joinedLen is the length of the tokens joined with spaces.
func joinedLen(toks []string) int {
	n := len(toks) - 1
	for _, tok := range toks {
		n += len(tok)
	}
	return n
}

// merged is similarity with buffers for the leftover tokens of each side.
func (t TokenSetJaroWinkler) merged(a, b []string, restA, restB []byte, thresholds []float64) float64 {
	// Merge the sorted lists: count the shared tokens and join the rest of each side, as
	// TokenSet joins them, behind the shared ones.
	common, commonRunes, onlyA, onlyB := 0, 0, 0, 0
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] == b[j]:
			common++
			commonRunes += utf8.RuneCountInString(a[i])
			i++
			j++
		case a[i] < b[j]:
			restA = appendToken(restA, onlyA, a[i])
			onlyA++
			i++
		default:
			restB = appendToken(restB, onlyB, b[j])
			onlyB++
			j++
		}
	}
	for ; i < len(a); i++ {
		restA = appendToken(restA, onlyA, a[i])
		onlyA++
	}
	for ; j < len(b); j++ {
		restB = appendToken(restB, onlyB, b[j])
		onlyB++
	}
	if common > 0 && (onlyA == 0 || onlyB == 0) {
		return 1 // the shared tokens are all of one side
	}
	scale, maxPrefix, threshold := t.JaroWinkler.settings()
	s, off := 0.0, 0
	if common > 0 {
		// I, the shared tokens joined, has p runes; I+A and I+B begin with I and a space.
		p := commonRunes + common - 1
		qa, qb := p+1+runeCount(restA), p+1+runeCount(restB)
		s = max(jaroWinklerPrefix(p, qa, scale, maxPrefix, threshold), jaroWinklerPrefix(p, qb, scale, maxPrefix, threshold))
		off = p + 1
	}
	// I+A against I+B counts only if it reaches a threshold above the one s reaches.
	need := 0.0
	if len(thresholds) > 0 {
		k := firstReached(s, thresholds)
		if k == 0 {
			return s
		}
		need = thresholds[k-1]
	}
	return max(s, jaroWinklerRest(restA, restB, off, scale, maxPrefix, threshold, need))
}

// settings returns w's settings with the defaults filled in, as Compare reads them.
func (w JaroWinkler) settings() (scale float64, maxPrefix int, threshold float64) {
	scale, maxPrefix, threshold = w.PrefixScale, w.MaxPrefix, w.BoostThreshold
	if !(scale > 0) {
		scale = 0.1
	}
	if maxPrefix <= 0 {
		maxPrefix = 4
	}
	if threshold == 0 || threshold != threshold {
		threshold = 0.7
	}
	return scale, maxPrefix, threshold
}

// winkler adds the prefix bonus to the Jaro similarity j, as JaroWinkler.Compare does.
func winkler(j float64, l int, scale, threshold float64) float64 {
	if l == 0 || !(j > threshold) {
		return j
	}
	return clip01(j + float64(l)*scale*(1-j))
}

// jaroWinklerPrefix is the Jaro-Winkler similarity of a string of p runes (p >= 1) and a
// longer one it begins: every rune of the shorter matches itself in order, so Jaro is
// (1 + p/q + 1)/3 and the common prefix is the shorter string.
func jaroWinklerPrefix(p, q int, scale float64, maxPrefix int, threshold float64) float64 {
	return winkler(jaroScore(p, 0, p, q), min(p, maxPrefix), scale, threshold)
}

// jaroWinklerRest is the Jaro-Winkler similarity of two strings that share a prefix of off
// runes ending on a rune boundary and go on with x and y. The greedy Jaro matching pairs
// each rune of the prefix with itself, so only x and y are matched, with the window of the
// whole strings. When need > 0 and a bound on the similarity is below need, it returns the
// bound instead.
func jaroWinklerRest(x, y []byte, off int, scale float64, maxPrefix int, threshold, need float64) float64 {
	switch c := bytes.Compare(x, y); {
	case c == 0:
		return 1
	case c > 0: // JaroWinkler compares each pair in string order
		x, y = y, x
	}
	if off == 0 && (len(x) == 0 || len(y) == 0) {
		return 0
	}
	if isASCIIBytes(x) && isASCIIBytes(y) {
		return jaroWinklerSymbols(x, y, off, scale, maxPrefix, threshold, need)
	}
	return jaroWinklerRunes(x, y, off, scale, maxPrefix, threshold, need)
}

// jaroWinklerRunes decodes x and y and compares them; it is apart from jaroWinklerRest so
// that ASCII input does not pay for clearing the rune buffers.
func jaroWinklerRunes(x, y []byte, off int, scale float64, maxPrefix int, threshold, need float64) float64 {
	if len(x) <= shortLen && len(y) <= shortLen {
		var bufX, bufY [shortLen]rune
		return jaroWinklerSymbols(appendRunesOf(bufX[:0], x), appendRunesOf(bufY[:0], y), off, scale, maxPrefix, threshold, need)
	}
	var bufX, bufY [MaxSetBytes]rune
	return jaroWinklerSymbols(appendRunesOf(bufX[:0], x), appendRunesOf(bufY[:0], y), off, scale, maxPrefix, threshold, need)
}

// jaroWinklerSymbols is jaroWinklerRest on decoded symbols.
func jaroWinklerSymbols[T symbol](x, y []T, off int, scale float64, maxPrefix int, threshold, need float64) float64 {
	la, lb := off+len(x), off+len(y)
	l := min(off, maxPrefix)
	if l == off {
		l += commonPrefixLen(x, y, maxPrefix-off)
	}
	if need > 0 {
		// Jaro is at most (m/la + m/lb + 1)/3 and grows with m, and the bonus grows with
		// Jaro; the margin covers rounding.
		if b := winkler(jaroScore(off+matchBound(x, y), 0, la, lb), l, scale, threshold); b+1e-9 < need {
			return b
		}
	}
	w := jaroWindow(la, lb)
	var m, u int
	if len(x) <= 64 && len(y) <= 64 {
		m, u = jaroRestShort(x, y, w)
	} else {
		var bufX, bufY [MaxSetBytes / 64]uint64
		mx, my := bufX[:], bufY[:]
		if len(x) > MaxSetBytes || len(y) > MaxSetBytes {
			mx, my = make([]uint64, len(x)/64+1), make([]uint64, len(y)/64+1)
		}
		m, u = jaroRestLong(x, y, w, mx, my)
	}
	return winkler(jaroScore(off+m, u, la, lb), l, scale, threshold)
}

// matchBound bounds the Jaro matches of x and y: the symbols they share, counted with
// repeats. Symbols are counted by their low 7 bits, which can only overcount.
func matchBound[T symbol](x, y []T) int {
	if len(x) > math.MaxUint16 {
		return min(len(x), len(y))
	}
	var n [128]uint16
	for _, c := range x {
		n[int(c)&127]++
	}
	m := 0
	for _, c := range y {
		if k := &n[int(c)&127]; *k > 0 {
			*k--
			m++
		}
	}
	return m
}

// jaroRestShort matches x against y (0 to 64 symbols each) within window w, as jaroShort
// does, and returns the matches and the matches out of order. (An index of y's positions by
// symbol, found in a few word operations, was no faster on address words.)
func jaroRestShort[T symbol](x, y []T, w int) (m, u int) {
	lb := len(y)
	var mx, my uint64
	for i, c := range x {
		lo, hi := max(0, i-w), min(lb, i+w+1)
		for j := lo; j < hi; j++ {
			if y[j] == c && my&(1<<uint(j)) == 0 {
				mx |= 1 << uint(i)
				my |= 1 << uint(j)
				m++
				break
			}
		}
	}
	return m, jaroUnordered(x, y, mx, my)
}

// jaroRestLong is jaroRestShort for sequences of any length, as jaroLong matches them, with
// zeroed bitsets mx and my of at least one bit a symbol.
func jaroRestLong[T symbol](x, y []T, w int, mx, my []uint64) (m, u int) {
	lb := len(y)
	free := 0 // every position of y before free is matched
	for i, c := range x {
		for free < lb && my[free/64]&(1<<uint(free%64)) != 0 {
			free++
		}
		lo, hi := max(free, i-w), min(lb, i+w+1)
		for j := lo; j < hi; j++ {
			if y[j] == c && my[j/64]&(1<<uint(j%64)) == 0 {
				mx[i/64] |= 1 << uint(i%64)
				my[j/64] |= 1 << uint(j%64)
				m++
				break
			}
		}
	}
	wy, word := 0, my[0]
	for wi := 0; wi*64 < len(x); wi++ {
		for wx := mx[wi]; wx != 0; wx &= wx - 1 {
			i := wi*64 + bits.TrailingZeros64(wx)
			for word == 0 { // my holds as many bits as mx, so this ends
				wy++
				word = my[wy]
			}
			j := wy*64 + bits.TrailingZeros64(word)
			word &= word - 1
			if x[i] != y[j] {
				u++
			}
		}
	}
	return m, u
}

// appendToken appends tok to a join of n tokens, behind a space if n > 0.
func appendToken(dst []byte, n int, tok string) []byte {
	if n > 0 {
		dst = append(dst, ' ')
	}
	return append(dst, tok...)
}

// isASCIIBytes reports whether b holds only ASCII bytes.
func isASCIIBytes(b []byte) bool {
	var or byte
	for _, c := range b {
		or |= c
	}
	return or < utf8.RuneSelf
}

// runeCount counts the runes of b as a range loop reads them, an invalid byte as one.
func runeCount(b []byte) int {
	if isASCIIBytes(b) {
		return len(b)
	}
	return utf8.RuneCount(b)
}

// appendRunesOf appends the runes of b to dst, each invalid byte as U+FFFD, as appendRunes
// reads a string.
func appendRunesOf(dst []rune, b []byte) []rune {
	for i := 0; i < len(b); {
		c := b[i]
		if c < utf8.RuneSelf {
			dst = append(dst, rune(c))
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		dst = append(dst, r)
		i += size
	}
	return dst
}
