package synth

import (
	"math/rand/v2"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// levenshtein counts single-rune edits; transpositions count as two.
func levenshtein(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

func TestTypoKinds(t *testing.T) {
	tests := []struct {
		name     string
		in       string
		kind     typoKind
		wantLen  int // rune count after the typo
		maxEdits int
	}{
		{"neighbour cyrillic", "Петров", typoNeighbour, 6, 1},
		{"neighbour latin", "Petrov", typoNeighbour, 6, 1},
		{"transpose", "Петров", typoTranspose, 6, 2},
		{"drop", "Петров", typoDrop, 5, 1},
		{"double", "Петров", typoDouble, 7, 1},
		{"transpose two letters", "Ли", typoTranspose, 2, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for seed := range uint64(50) {
				r := rand.New(rand.NewPCG(seed, 1))
				rs := []rune(tt.in)
				letters := make([]int, len(rs))
				for i := range letters {
					letters[i] = i
				}
				got := applyTypo(r, rs, letters, tt.kind)
				require.True(t, utf8.ValidString(got))
				assert.Equal(t, tt.wantLen, utf8.RuneCountInString(got), got)
				d := levenshtein(tt.in, got)
				assert.LessOrEqual(t, d, tt.maxEdits, got)
				if tt.kind != typoTranspose {
					assert.NotEqual(t, tt.in, got)
				}
			}
		})
	}
}

func TestTypoNeighbourStaysOnLayout(t *testing.T) {
	// A Cyrillic name mistyped on ЙЦУКЕН stays Cyrillic, a Latin one stays Latin: people do
	// not switch layouts between neighbouring keys.
	r := rand.New(rand.NewPCG(1, 2))
	for range 200 {
		got := applyTypo(r, []rune("василий"), []int{0, 1, 2, 3, 4, 5, 6}, typoNeighbour)
		for _, c := range got {
			assert.True(t, c >= 'а' && c <= 'я' || c == 'ё', got)
		}
		got = applyTypo(r, []rune("vasily"), []int{0, 1, 2, 3, 4, 5}, typoNeighbour)
		for _, c := range got {
			assert.True(t, c >= 'a' && c <= 'z', got)
		}
	}
}

func TestNeighboursSymmetric(t *testing.T) {
	m := neighbours()
	for k, ns := range m {
		if k == 'ё' {
			continue
		}
		for _, n := range ns {
			assert.Contains(t, m[n], k, "%c is next to %c but not the reverse", k, n)
		}
	}
	assert.Len(t, m, 26+32+1, "QWERTY letters, ЙЦУКЕН letters and ё")
}

func TestTypoWithoutLetters(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, s := range []string{"", "123", " - ", "\xff\xfe"} {
		assert.Equal(t, s, typo(r, s))
	}
}

func TestYoToE(t *testing.T) {
	assert.Equal(t, "Федор Семенов", yoToE("Фёдор Семёнов"))
	assert.Equal(t, "ЕЖ", yoToE("ЁЖ"))
	assert.Equal(t, "Петров", yoToE("Петров"))
}

func FuzzTypo(f *testing.F) {
	for _, s := range []string{"Петров", "a", "Ё", "O'Brien", "x\xffy", ""} {
		f.Add(s, uint64(1))
	}
	f.Fuzz(func(t *testing.T, s string, seed uint64) {
		r := rand.New(rand.NewPCG(seed, seed))
		got := typo(r, s)
		if utf8.ValidString(s) {
			if !utf8.ValidString(got) {
				t.Fatalf("typo(%q) = %q: invalid UTF-8", s, got)
			}
			if d := levenshtein(s, got); d > 2 {
				t.Fatalf("typo(%q) = %q: %d edits", s, got, d)
			}
		}
	})
}
