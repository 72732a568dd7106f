package score

import "unicode/utf8"

// shortLen is the length up to which comparators work in stack buffers: names, the hot case,
// fit, and longer input falls back to the heap.
const shortLen = 64

// symbol is an element of a decoded string: a byte when both strings are ASCII, else a rune.
type symbol interface{ ~byte | ~rune }

// isASCII reports whether s holds only ASCII bytes.
func isASCII(s string) bool {
	var or byte
	for i := 0; i < len(s); i++ {
		or |= s[i]
	}
	return or < utf8.RuneSelf
}

// asciiPair reports whether a and b are both ASCII and short enough for the byte fast path.
func asciiPair(a, b string) bool {
	return len(a) <= shortLen && len(b) <= shortLen && isASCII(a) && isASCII(b)
}

// appendRunes appends the runes of s to dst, reading each invalid byte as U+FFFD. When dst
// lacks room it allocates once, for exactly the runes of s.
func appendRunes(dst []rune, s string) []rune {
	if cap(dst)-len(dst) < len(s) {
		if n := utf8.RuneCountInString(s); cap(dst)-len(dst) < n {
			grown := make([]rune, len(dst), len(dst)+n)
			copy(grown, dst)
			dst = grown
		}
	}
	for _, r := range s {
		dst = append(dst, r)
	}
	return dst
}

// decodeShort decodes s into buf, reading each invalid byte as U+FFFD, and reports whether
// all of s fit. Two-byte sequences (Cyrillic, Greek, accented Latin) are decoded inline: a
// range loop calls the runtime for every non-ASCII rune, which dominates on short names.
func decodeShort(buf *[shortLen]rune, s string) ([]rune, bool) {
	n := 0
	for i := 0; i < len(s); n++ {
		if n == len(buf) {
			return nil, false
		}
		c := s[i]
		switch {
		case c < utf8.RuneSelf:
			buf[n] = rune(c)
			i++
		case c >= 0xC2 && c < 0xE0 && i+1 < len(s) && s[i+1]&0xC0 == 0x80:
			// A lead byte from C2 is never overlong, so the pair is valid as it stands.
			buf[n] = rune(c&0x1F)<<6 | rune(s[i+1]&0x3F)
			i += 2
		default:
			r, size := utf8.DecodeRuneInString(s[i:])
			buf[n] = r
			i += size
		}
	}
	return buf[:n], true
}

// appendRunesAtMost is appendRunes limited to the first limit runes of s; it also returns the
// number of runes of s left out.
func appendRunesAtMost(dst []rune, s string, limit int) ([]rune, int) {
	n := utf8.RuneCountInString(s)
	if n <= limit {
		return appendRunes(dst, s), 0
	}
	i, k := 0, 0
	for i = range s {
		if k == limit {
			break
		}
		k++
	}
	return appendRunes(dst, s[:i]), n - limit
}

// commonPrefixLen returns the number of leading symbols a and b share, at most limit.
func commonPrefixLen[T symbol](a, b []T, limit int) int {
	n := min(len(a), len(b), limit)
	for i := 0; i < n; i++ {
		if a[i] != b[i] {
			return i
		}
	}
	return n
}

// trimCommon removes the longest common prefix and suffix of a and b that end on rune
// boundaries in both, so that decoding the rest gives the same runes as decoding the whole.
// A cut is a boundary in both strings when the byte after it, in each string that has one,
// is not a UTF-8 continuation byte: no rune decoding ever consumes such a byte.
func trimCommon(a, b string) (string, string) {
	n := min(len(a), len(b))
	p := 0
	for p < n && a[p] == b[p] {
		p++
	}
	for p > 0 && (p < len(a) && !utf8.RuneStart(a[p]) || p < len(b) && !utf8.RuneStart(b[p])) {
		p--
	}
	a, b = a[p:], b[p:]

	n = min(len(a), len(b))
	s := 0
	for s < n && a[len(a)-1-s] == b[len(b)-1-s] {
		s++
	}
	// The suffix starts at a byte common to both, so one check covers both strings.
	for s > 0 && !utf8.RuneStart(a[len(a)-s]) {
		s--
	}
	return a[:len(a)-s], b[:len(b)-s]
}
