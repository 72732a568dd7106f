package score

import (
	"math/rand/v2"
	"runtime"
	"strings"
	"testing"

	"github.com/adrg/strutil/metrics"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestEditDistances(t *testing.T) {
	tests := []struct {
		name             string
		a, b             string
		levenshtein, osa int
		reason           string
	}{
		{"kitten", "kitten", "sitting", 3, 3, "two substitutions and an insertion"},
		{"flaw", "flaw", "lawn", 2, 2, "delete f, append n"},
		{"adjacent swap", "ab", "ba", 2, 1, "a transposition is one edit for OSA"},
		{"osa restriction", "CA", "ABC", 3, 3, "OSA cannot edit the swapped pair again (true Damerau-Levenshtein gives 2)"},
		{"martha", "MARTHA", "MARHTA", 2, 1, "TH/HT"},
		{"cyrillic", "Пётр", "Петр", 1, 1, "ё and е are different runes; distances count runes, not bytes"},
		{"cyrillic swap", "Петров", "Петорв", 2, 1, "ро/ор"},
		{"empty", "", "abc", 3, 3, "three insertions"},
		{"both empty", "", "", 0, 0, "nothing to do"},
		{"invalid utf-8", "a\xffb", "a\xfeb", 0, 0, "both invalid bytes read as U+FFFD"},
		{"invalid against valid", "a\xd0", "aЖ", 1, 1, "a lone lead byte is one U+FFFD; Ж is one rune"},
		{"shared prefix and suffix", "Василий Петров", "Васили Петров", 1, 1, "trimming keeps the result exact"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.levenshtein, LevenshteinDistance(tc.a, tc.b), "Levenshtein: %s", tc.reason)
			assert.Equal(t, tc.osa, DamerauDistance(tc.a, tc.b), "Damerau: %s", tc.reason)
			assert.Equal(t, tc.levenshtein, LevenshteinDistance(tc.b, tc.a), "reversed")
			assert.Equal(t, tc.osa, DamerauDistance(tc.b, tc.a), "reversed")
		})
	}
}

func TestEditSimilarity(t *testing.T) {
	tests := []struct {
		name string
		c    Comparator
		a, b string
		want float64
	}{
		{"levenshtein", Levenshtein{}, "kitten", "sitting", 1 - 3.0/7},
		{"damerau", Damerau{}, "MARTHA", "MARHTA", 1 - 1.0/6},
		{"cyrillic in runes", Levenshtein{}, "Петров", "Петрова", 1 - 1.0/7},
		{"nothing in common", Levenshtein{}, "abc", "xyz", 0},
		{"constructor equals zero value", NewLevenshtein(), "kitten", "sitting", 1 - 3.0/7},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			assert.InDelta(t, tc.want, tc.c.Compare(tc.a, tc.b), 1e-12)
		})
	}
}

// TestLevenshteinZeroValueTrap pins the difference from strutil: its zero Levenshtein has all
// costs 0 and calls unrelated strings equal; ours has unit costs.
func TestLevenshteinZeroValueTrap(t *testing.T) {
	var zero metrics.Levenshtein
	require.Equal(t, 1.0, zero.Compare("abc", "xyz"), "strutil's zero value is the trap this test is about")
	assert.Equal(t, 0.0, Levenshtein{}.Compare("abc", "xyz"))
}

// refEdit is the full-matrix textbook algorithm on runes: Levenshtein, or with osa the
// optimal string alignment distance.
func refEdit(a, b []rune, osa bool) int {
	d := make([][]int, len(a)+1)
	for i := range d {
		d[i] = make([]int, len(b)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if osa && i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(a)][len(b)]
}

// TestEditDistanceAgainstReference checks the trimmed, stack-buffered and heap paths against
// the full-matrix algorithm and against strutil, on random strings from small alphabets so
// that prefixes, suffixes and transpositions are common.
func TestEditDistanceAgainstReference(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	ref := metrics.NewLevenshtein()
	for range 1500 {
		a, b := randomString(r, 90), randomString(r, 90)
		x, y := []rune(a), []rune(b)
		lev, osa := refEdit(x, y, false), refEdit(x, y, true)
		require.Equal(t, lev, LevenshteinDistance(a, b), "Levenshtein %q / %q", a, b)
		require.Equal(t, osa, DamerauDistance(a, b), "Damerau %q / %q", a, b)
		require.Equal(t, ref.Distance(a, b), lev, "strutil %q / %q", a, b)
	}
}

// TestEditBitsASCII checks the bit-parallel path against the reference up to and across its
// 64-byte limit, where the last row of the table is the top bit of the word.
func TestEditBitsASCII(t *testing.T) {
	r := rand.New(rand.NewPCG(13, 14))
	gen := func(n int) string {
		b := make([]byte, n)
		for i := range b {
			b[i] = "abcd"[r.IntN(4)]
		}
		return string(b)
	}
	for range 3000 {
		a, b := gen(1+r.IntN(70)), gen(1+r.IntN(70))
		x, y := []rune(a), []rune(b)
		require.Equal(t, refEdit(x, y, false), LevenshteinDistance(a, b), "Levenshtein %q / %q", a, b)
		require.Equal(t, refEdit(x, y, true), DamerauDistance(a, b), "Damerau %q / %q", a, b)
		if len(a) <= shortLen && len(b) <= shortLen {
			require.Equal(t, refEdit(x, y, false), editBitsASCII(a, b, false), "untrimmed %q / %q", a, b)
			require.Equal(t, refEdit(x, y, true), editBitsASCII(a, b, true), "untrimmed %q / %q", a, b)
		}
	}
}

// TestEditDistanceLongInput checks the documented bound past MaxEditRunes: the distance never
// falls below the true one or |len(a)-len(b)|, nor exceeds the longer length.
func TestEditDistanceLongInput(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	gen := func(n int) string {
		var sb strings.Builder
		for range n {
			sb.WriteString(alphabets[1][r.IntN(5)])
		}
		return sb.String()
	}
	a, b := gen(MaxEditRunes+150), gen(MaxEditRunes+40)
	x, y := []rune(a), []rune(b)
	for _, osa := range []bool{false, true} {
		got, want := editDistance(a, b, osa), refEdit(x, y, osa)
		assert.GreaterOrEqual(t, got, want, "an upper bound (osa=%v)", osa)
		assert.LessOrEqual(t, got, len(x), "at most the longer length (osa=%v)", osa)
	}
}

func TestEditDistanceMemory(t *testing.T) {
	a := strings.Repeat("абвгд", 1<<17) // 1.25 MB
	b := strings.Repeat("вгдаб", 1<<17)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	d := LevenshteinDistance(a, b)
	runtime.ReadMemStats(&after)
	assert.Less(t, after.TotalAlloc-before.TotalAlloc, uint64(200<<10), "memory is bounded by MaxEditRunes, not the input")
	assert.Positive(t, d)
}

func TestEditAllocations(t *testing.T) {
	pairs := [][2]string{{"ALEXANDER", "ALEKSANDR"}, {"Александр Петров", "Алексанр Петроф"}, {"Anna", "Анна"}}
	for _, p := range pairs {
		assert.Zero(t, testing.AllocsPerRun(100, func() { _ = Levenshtein{}.Compare(p[0], p[1]) }), "Levenshtein %s", p)
		assert.Zero(t, testing.AllocsPerRun(100, func() { _ = Damerau{}.Compare(p[0], p[1]) }), "Damerau %s", p)
	}
}

// FuzzEditDistance checks the fast paths against the reference and the relations between the
// two distances on any input.
func FuzzEditDistance(f *testing.F) {
	for _, s := range [][2]string{{"CA", "ABC"}, {"Петров", "Петорв"}, {"a\xd0", "aЖ"}, {"", "x"}} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		x, y := []rune(a), []rune(b)
		if len(x) > 200 || len(y) > 200 {
			return // the reference is quadratic
		}
		lev, osa := LevenshteinDistance(a, b), DamerauDistance(a, b)
		require.Equal(t, refEdit(x, y, false), lev)
		require.Equal(t, refEdit(x, y, true), osa)
		require.LessOrEqual(t, osa, lev)
	})
}
