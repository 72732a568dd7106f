package score

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestTokenSort(t *testing.T) {
	jw := JaroWinkler{}
	tests := []struct {
		name   string
		c      TokenSort
		a, b   string
		want   float64
		reason string
	}{
		{"word order", TokenSort{}, "Петров Василий", "Василий  Петров", 1, "sorted forms are equal"},
		{"tabs and newlines", TokenSort{}, "a\tb\n", "b a", 1, "white space as strings.Fields sees it"},
		{"typo survives sorting", TokenSort{}, "Петров Василий", "Василий Петроф", jw.Compare("Василий Петров", "Василий Петроф"), "compared after sorting"},
		{"extra word counts", TokenSort{Inner: Levenshtein{}}, "Анна Петрова", "Анна Мария Петрова", 1 - 6.0/18, "Анна Мария Петрова is 18 runes, six more"},
		{"only spaces vs word", TokenSort{}, "   ", "Анна", 0, "no tokens compares as empty"},
		{"only spaces both", TokenSort{}, "   ", " ", 1, "both sides have no tokens"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			assert.InDelta(t, tc.want, tc.c.Compare(tc.a, tc.b), 1e-12, tc.reason)
		})
	}
}

func TestTokenSet(t *testing.T) {
	lev := Levenshtein{}
	tests := []struct {
		name   string
		c      TokenSet
		a, b   string
		want   float64
		reason string
	}{
		{"subset", TokenSet{}, "Анна", "Анна Мария", 1, "all of one side's tokens are in the other"},
		{"address subset", TokenSet{}, "ул Ленина 5", "Ленина ул 5 кв 3", 1, "order ignored, extra tokens on one side only"},
		{"duplicates ignored", TokenSet{}, "Анна Анна Петрова", "Петрова Анна", 1, "sets, not lists"},
		{"single tokens", TokenSet{Inner: lev}, "Петров", "Петрова", 1 - 1.0/7, "Inner on the tokens"},
		{"no common token", TokenSet{Inner: lev}, "ab cd", "ef gh", lev.Compare("ab cd", "ef gh"), "only the remainders count"},
		{
			"common and different", TokenSet{Inner: lev}, "Анна Петрова", "Анна Петровой",
			max(lev.Compare("Анна", "Анна Петрова"), lev.Compare("Анна", "Анна Петровой"), lev.Compare("Анна Петрова", "Анна Петровой")),
			"the best of I/I+A, I/I+B and I+A/I+B",
		},
		{"only spaces vs word", TokenSet{}, " ", "Анна", 0, "no tokens against tokens"},
		{"only spaces both", TokenSet{}, " ", "\t", 1, "no tokens on either side"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			assert.InDelta(t, tc.want, tc.c.Compare(tc.a, tc.b), 1e-12, tc.reason)
		})
	}
}

// TestTokenInnerContract checks that the token comparators hold the contract even around an
// Inner that does not.
func TestTokenInnerContract(t *testing.T) {
	bad := ComparatorFunc(func(a, b string) float64 { return float64(len(a)) - 3 })
	for _, c := range []Comparator{TokenSort{Inner: bad}, TokenSet{Inner: bad}} {
		for _, p := range [][2]string{{"a b", "b a c"}, {"xyz  w", "w xyz q"}, {"a b", "c d"}} {
			checkContract(t, "bad inner", c, p[0], p[1])
		}
	}
}

func TestAppendFields(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	for range 2000 {
		s := randomString(r, 20)
		require.Equal(t, strings.Fields(s), appendFields([]string{}, s), "%q", s)
	}
	require.Equal(t, []string{"a", "b"}, appendFields(nil, "a\u00a0b"), "no-break space is white space")
}

func TestTokenSortAllocations(t *testing.T) {
	c := TokenSort{}
	assert.Zero(t, testing.AllocsPerRun(100, func() { _ = c.Compare("Анна Петрова", "Анна Петровa") }),
		"already sorted and single-spaced forms are used as they are")
	assert.Zero(t, testing.AllocsPerRun(100, func() { _ = TokenSet{}.Compare("Петров", "Петрова") }),
		"single tokens need no joined strings")
}
