package score

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// referenceSet is the comparator TokenSetJaroWinkler stands in for.
var referenceSet = TokenSet{Inner: NewJaroWinkler()}

// textLevels are the levels of a free-text field, the decision the two must share.
var (
	textThresholds  = []float64{0.90, 0.70}
	referenceLevels = Levels{Comparator: referenceSet, Thresholds: textThresholds}
)

// setLevel is Levels.Level with CompareTokens on prepared tokens.
func setLevel(c TokenSetJaroWinkler, a, b string) uint8 {
	if a == "" || b == "" {
		return Missing
	}
	if a == b {
		return 0
	}
	return uint8(c.Reached(SortedTokens(nil, a), SortedTokens(nil, b), textThresholds) + 1)
}

// thresholdSets are the threshold lists Reached is checked with.
var thresholdSets = [][]float64{textThresholds, {0.95, 0.85, 0.6}, {0.5}, {1}, {0.99, 0.98, 0.97, 0.96, 0.95, 0.9, 0.8, 0.7, 0.6, 0.5, 0.1}, nil}

func TestSortedTokens(t *testing.T) {
	tests := []struct {
		name string
		s    string
		want []string
	}{
		{"empty", "", nil},
		{"only spaces", " \t\n", nil},
		{"sorted and distinct", "street 42 wattle street  42", []string{"42", "street", "wattle"}},
		{"white space as strings.Fields sees it", "b\u00a0a\u2003c", []string{"a", "b", "c"}},
		{"invalid UTF-8 is part of a token", "b\xff a", []string{"a", "b\xff"}},
		{"bytes order", "ул Ленина 5", []string{"5", "Ленина", "ул"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := SortedTokens(nil, tc.s)
			if len(tc.want) == 0 {
				assert.Empty(t, got)
				return
			}
			assert.Equal(t, tc.want, got)
		})
	}
	t.Run("appends to dst", func(t *testing.T) {
		assert.Equal(t, []string{"x", "a", "b"}, SortedTokens([]string{"x"}, "b a"))
	})
	t.Run("at most MaxSetTokens tokens", func(t *testing.T) {
		var sb strings.Builder
		for i := range 100 {
			sb.WriteString(string(rune('a'+i%26)) + string(rune('a'+i/26)) + " ")
		}
		got := SortedTokens(nil, sb.String())
		assert.Len(t, got, MaxSetTokens, "the first 64 tokens (3 bytes each, within 256 bytes)")
		assert.NotContains(t, got, "mc", "token 65 is left out")
	})
	t.Run("at most MaxSetBytes bytes", func(t *testing.T) {
		s := strings.Repeat("ж", 200) // 400 bytes, one token
		got := SortedTokens(nil, s)
		require.Len(t, got, 1)
		assert.Equal(t, strings.Repeat("ж", MaxSetBytes/2), got[0], "cut at byte 256, a rune start")
		got = SortedTokens(nil, "a"+s)
		require.Len(t, got, 1)
		assert.Equal(t, "a"+strings.Repeat("ж", MaxSetBytes/2-1), got[0], "cut before the rune byte 256 would split")
		assert.True(t, utf8.ValidString(got[0]))
	})
	t.Run("no allocation with room", func(t *testing.T) {
		var buf [MaxSetTokens]string
		assert.Zero(t, testing.AllocsPerRun(100, func() { _ = SortedTokens(buf[:0], "12 pinkerton circuit south") }))
	})
}

func TestTokenSetJaroWinkler(t *testing.T) {
	jw := NewJaroWinkler()
	long := strings.Repeat("abcdefghij ", 30) // 330 bytes, 10 distinct tokens
	tests := []struct {
		name   string
		a, b   string
		want   float64
		reason string
	}{
		{"equal sets", "42 wattle street", "42 wattle street", 1, "identical values"},
		{"reordered tokens", "wattle street 42", "42  street wattle", 1, "order and spacing are ignored"},
		{"duplicate tokens", "street street wattle", "wattle street", 1, "sets, not lists"},
		{"subset", "pinkerton circuit", "12 pinkerton circuit", 1, "all of one side's tokens are in the other"},
		{"typo token", "12 pinkerton circuit", "12 pinkerton circiut",
			max(jw.Compare("12 circuit pinkerton", "12 circiut pinkerton"), jw.Compare("12 pinkerton", "12 circuit pinkerton"),
				jw.Compare("12 pinkerton", "12 circiut pinkerton")),
			"the best of I/I+A, I/I+B and I+A/I+B"},
		{"no common token", "wattle street", "stuart place", jw.Compare("street wattle", "place stuart"), "only the leftovers count"},
		{"single tokens", "grafton", "grafron", jw.Compare("grafton", "grafron"), "Jaro-Winkler on the tokens"},
		{"cyrillic", "ул Ленина 5", "Ленина улица 5", max(jw.Compare("5 Ленина", "5 Ленина ул"), jw.Compare("5 Ленина", "5 Ленина улица"),
			jw.Compare("5 Ленина ул", "5 Ленина улица")), "runes, not bytes"},
		{"invalid UTF-8", "ab\xff cd", "ab\xfe cd", jw.Compare("ab\xfe cd", "ab\xff cd"), "each invalid byte is one U+FFFD"},
		{"empty", "", "", 1, "equal"},
		{"one side empty", "", "wattle", 0, "nothing against something"},
		{"one side only spaces", "  ", "wattle", 0, "no tokens against tokens"},
		{"both only spaces", " ", "\t", 1, "no tokens on either side"},
		{"very long values", long, long + "x", 1, "both cut to the same 256 bytes"},
	}
	c := TokenSetJaroWinkler{}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := c.Compare(tc.a, tc.b)
			assert.Equal(t, tc.want, got, tc.reason)
			assert.Equal(t, got, c.Compare(tc.b, tc.a), "symmetric")
			if tc.a != "" && tc.b != "" && tc.name != "very long values" {
				assert.Equal(t, referenceSet.Compare(tc.a, tc.b), got, "the reference, bit for bit")
				assert.Equal(t, got, c.CompareTokens(SortedTokens(nil, tc.a), SortedTokens(nil, tc.b)), "prepared tokens")
			}
		})
	}
}

// TestTokenSetJaroWinklerLongLists checks token lists beyond what SortedTokens keeps, which
// a caller may pass: still the reference's result, in linear time.
func TestTokenSetJaroWinklerLongLists(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	word := func(n int) string {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte('a' + r.IntN(6))
		}
		return string(b)
	}
	c := TokenSetJaroWinkler{}
	for range 50 {
		var ta, tb []string
		shared := word(1 + r.IntN(200))
		ta = append(ta, shared, word(1+r.IntN(400)), "ж"+word(r.IntN(100)))
		tb = append(tb, shared, word(1+r.IntN(400)))
		a, b := strings.Join(ta, " "), strings.Join(tb, " ")
		ta, tb = sortedDistinct(ta), sortedDistinct(tb)
		assert.Equal(t, referenceSet.Compare(a, b), c.CompareTokens(ta, tb), "%q / %q", a, b)
	}
	huge := []string{strings.Repeat("a", 1<<20)}
	other := []string{strings.Repeat("ab", 1<<19)}
	assert.InDelta(t, referenceSet.Compare(huge[0], other[0]), c.CompareTokens(huge, other), 0, "a megabyte each")
}

func sortedDistinct(toks []string) []string {
	out := append([]string(nil), toks...)
	out = SortedTokens(out[:0], strings.Join(toks, " "))
	if len(strings.Join(toks, " ")) <= MaxSetBytes {
		return out
	}
	// SortedTokens would cut; sort by hand instead.
	out = append(out[:0], toks...)
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j] < out[j-1]; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	k := 0
	for i, s := range out {
		if i == 0 || s != out[k-1] {
			out[k] = s
			k++
		}
	}
	return out[:k]
}

func TestTokenSetJaroWinklerSettings(t *testing.T) {
	for _, jw := range []JaroWinkler{{PrefixScale: 0.2, MaxPrefix: 2, BoostThreshold: 0.5}, {BoostThreshold: -1}, {MaxPrefix: 30}} {
		ref, c := TokenSet{Inner: jw}, TokenSetJaroWinkler{JaroWinkler: jw}
		for _, p := range [][2]string{{"42 wattle street", "42 wattel street"}, {"a b c", "a b d"}, {"abcdef x", "abcdef y"}, {"ab", "ac"}} {
			assert.Equal(t, ref.Compare(p[0], p[1]), c.Compare(p[0], p[1]), "%+v %q", jw, p)
		}
	}
}

func TestTokenSetJaroWinklerAllocations(t *testing.T) {
	c := TokenSetJaroWinkler{}
	pairs := [][2]string{
		{"12 pinkerton circuit", "12 pinkerton circiut"},
		{"wattle street", "stuart street"},
		{"ул Ленина д 5 кв 3", "улица Ленина дом 5"},
		{strings.Repeat("abcdefgh ", 28), strings.Repeat("abcdefgi ", 28)},
		{strings.Repeat("жзий ", 50), strings.Repeat("жзик ", 50)},
	}
	for _, p := range pairs {
		ta, tb := SortedTokens(nil, p[0]), SortedTokens(nil, p[1])
		assert.Zero(t, testing.AllocsPerRun(100, func() { _ = c.CompareTokens(ta, tb) }), "%q", p)
		assert.Zero(t, testing.AllocsPerRun(100, func() { _ = c.Compare(p[0], p[1]) }), "%q", p)
	}
}

// TestTokenSetJaroWinklerRandom compares with the reference on random values, as the fuzz
// test does, so that every run covers the alphabets.
func TestTokenSetJaroWinklerRandom(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	c := TokenSetJaroWinkler{}
	for range 20000 {
		a, b := randomTokens(r), randomTokens(r)
		if r.IntN(4) == 0 {
			b = a + " " + randomTokens(r)
		}
		checkAgainstReference(t, c, a, b)
	}
}

func randomTokens(r *rand.Rand) string {
	words := []string{"street", "st", "wattle", "wattel", "42", "4", "south", "grafton", "Ленина", "ул", "улица", "\xff", "a", "ab", "ba", "x\xe2\x82"}
	seps := []string{" ", "  ", "\t", "\u00a0"}
	var sb strings.Builder
	for i := range r.IntN(6) {
		if i > 0 || r.IntN(5) == 0 {
			sb.WriteString(seps[r.IntN(len(seps))])
		}
		if r.IntN(3) == 0 {
			sb.WriteString(randomString(r, 6))
		} else {
			sb.WriteString(words[r.IntN(len(words))])
		}
	}
	return sb.String()
}

func checkAgainstReference(t *testing.T, c TokenSetJaroWinkler, a, b string) {
	t.Helper()
	ta, tb := SortedTokens(nil, a), SortedTokens(nil, b)
	got := c.CompareTokens(ta, tb)
	if math.IsNaN(got) || got < 0 || got > 1 {
		t.Fatalf("%q / %q: %v out of [0,1]", a, b, got)
	}
	if sym := c.CompareTokens(tb, ta); sym != got {
		t.Fatalf("%q / %q: %v one way, %v the other", a, b, got, sym)
	}
	for _, th := range thresholdSets {
		if want, k := firstReached(got, th), c.Reached(ta, tb, th); k != want {
			t.Fatalf("%q / %q: Reached(%v) is %d, the similarity %v reaches %d", a, b, th, k, got, want)
		}
	}
	if a == "" || b == "" {
		return // a missing value, never compared by Levels
	}
	// Within the bounds the reference is TokenSet on the strings themselves; beyond them,
	// on what SortedTokens kept of them.
	ra, rb := a, b
	if len(a) > MaxSetBytes || len(strings.Fields(a)) > MaxSetTokens {
		ra = strings.Join(ta, " ")
	}
	if len(b) > MaxSetBytes || len(strings.Fields(b)) > MaxSetTokens {
		rb = strings.Join(tb, " ")
	}
	if want := referenceSet.Compare(ra, rb); want != got {
		t.Fatalf("%q / %q: %v, TokenSet gives %v", a, b, got, want)
	}
	if ra == a && rb == b {
		if want, lv := referenceLevels.Level(a, b), setLevel(c, a, b); want != lv {
			t.Fatalf("%q / %q: level %d, TokenSet's is %d", a, b, lv, want)
		}
	}
}

func FuzzTokenSetJaroWinkler(f *testing.F) {
	for _, p := range [][2]string{
		{"12 pinkerton circuit", "12 pinkerton circiut"},
		{"wattle street", "stuart street"},
		{"south grafton", "grafton"},
		{"ул Ленина 5", "Ленина ул 5 кв 3"},
		{"ab\xff cd", "ab\xfe cd"},
		{"a a a", "a"},
		{"", "x"},
		{strings.Repeat("ab ", 100), strings.Repeat("ab ", 99) + "ac"},
	} {
		f.Add(p[0], p[1])
	}
	c := TokenSetJaroWinkler{}
	f.Fuzz(func(t *testing.T, a, b string) {
		checkAgainstReference(t, c, a, b)
	})
}

// addressPairs are free-text values as a Febrl link compares them.
var addressPairs = []struct {
	name string
	a, b string
}{
	{"typo", "12 pinkerton circuit", "12 pinkerton circiut"},
	{"shared_token", "wattle street", "stuart street"},
	{"no_shared_token", "salkauskas crescent", "macquoid place"},
	{"cyrillic", "ул ленина д 5 кв 3", "улица ленина дом 5"},
}

// BenchmarkTokenSetAddress is the reference on the raw strings.
func BenchmarkTokenSetAddress(b *testing.B) {
	c := TokenSet{Inner: NewJaroWinkler()}
	for _, p := range addressPairs {
		b.Run(p.name, func(b *testing.B) {
			b.ReportAllocs()
			var sink float64
			for b.Loop() {
				sink += c.Compare(p.a, p.b)
			}
			_ = sink
		})
	}
}

// BenchmarkTokenSetJaroWinklerTokens compares prepared tokens.
func BenchmarkTokenSetJaroWinklerTokens(b *testing.B) {
	c := TokenSetJaroWinkler{}
	for _, p := range addressPairs {
		ta, tb := SortedTokens(nil, p.a), SortedTokens(nil, p.b)
		b.Run(p.name, func(b *testing.B) {
			b.ReportAllocs()
			var sink float64
			for b.Loop() {
				sink += c.CompareTokens(ta, tb)
			}
			_ = sink
		})
	}
}

// BenchmarkTokenSetJaroWinklerReached decides the level of a free-text field.
func BenchmarkTokenSetJaroWinklerReached(b *testing.B) {
	c := TokenSetJaroWinkler{}
	for _, p := range addressPairs {
		ta, tb := SortedTokens(nil, p.a), SortedTokens(nil, p.b)
		b.Run(p.name, func(b *testing.B) {
			b.ReportAllocs()
			var sink int
			for b.Loop() {
				sink += c.Reached(ta, tb, textThresholds)
			}
			_ = sink
		})
	}
}
