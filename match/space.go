package match

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// spaceEdge marks the bytes a white-space rune (unicode.IsSpace) can start with (bit 0) and
// end with (bit 1) in UTF-8.
var spaceEdge = func() (t [256]uint8) {
	var buf [utf8.UTFMax]byte
	mark := func(r rune) {
		b := utf8.AppendRune(buf[:0], r)
		t[b[0]] |= 1
		t[b[len(b)-1]] |= 2
	}
	// unicode.IsSpace is the White_Space property (TestSpaceEdge checks every rune).
	for _, rg := range unicode.White_Space.R16 {
		for r := rune(rg.Lo); r <= rune(rg.Hi); r += rune(rg.Stride) {
			mark(r)
		}
	}
	for _, rg := range unicode.White_Space.R32 {
		for r := rune(rg.Lo); r <= rune(rg.Hi); r += rune(rg.Stride) {
			mark(r)
		}
	}
	return t
}()

// trimSpace is strings.TrimSpace, which returns s at once when its first byte cannot start a
// white-space rune and its last rune cannot be one: the common case, which TrimSpace itself
// decides only after a Unicode table search when s starts or ends with a non-ASCII letter (a
// Cyrillic name). The last rune is no space when its last byte ends none, or when it is a
// two-byte Cyrillic letter (lead byte D0 or D1; the spaces' lead bytes are C2, E1, E2, E3).
func trimSpace(s string) string {
	n := len(s)
	if n == 0 {
		return s
	}
	if spaceEdge[s[0]]&1 == 0 &&
		(spaceEdge[s[n-1]]&2 == 0 || n >= 2 && s[n-1] >= 0x80 && (s[n-2] == 0xd0 || s[n-2] == 0xd1)) {
		return s
	}
	return strings.TrimSpace(s)
}

// hasCellSeparator is strings.ContainsAny(s, ",;|\n"), byte by byte: the separators are ASCII,
// which in UTF-8 never occurs inside another rune.
func hasCellSeparator(s string) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ',', ';', '|', '\n':
			return true
		}
	}
	return false
}
