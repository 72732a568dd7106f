package match

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// TestSpaceEdge checks the table behind trimSpace against unicode.IsSpace on every rune.
func TestSpaceEdge(t *testing.T) {
	var buf [utf8.UTFMax]byte
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if !unicode.IsSpace(r) {
			continue
		}
		b := utf8.AppendRune(buf[:0], r)
		if spaceEdge[b[0]]&1 == 0 || spaceEdge[b[len(b)-1]]&2 == 0 {
			t.Fatalf("white space %U is not marked", r)
		}
	}
}

// FuzzTrimSpace compares trimSpace and hasCellSeparator with the strings functions they
// stand for.
func FuzzTrimSpace(f *testing.F) {
	for _, s := range []string{"", " ", "Москва", " Москва\u00a0", "р\u2000", "\u3000x", "\xe2\x80", "a,b", "x\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := trimSpace(s), strings.TrimSpace(s); got != want {
			t.Fatalf("trimSpace(%q) = %q, want %q", s, got, want)
		}
		if got, want := hasCellSeparator(s), strings.ContainsAny(s, ",;|\n"); got != want {
			t.Fatalf("hasCellSeparator(%q) = %v, want %v", s, got, want)
		}
	})
}
