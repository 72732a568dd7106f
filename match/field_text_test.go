package match

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unsafe"

	"github.com/idmatch/idmatch/normalize"
	"github.com/idmatch/idmatch/score"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// textLevels is the decision a text field made on its keys before its tokens were prepared,
// the reference its comparer must keep.
var textLevels = score.Levels{Comparator: score.TokenSet{Inner: jaroWinkler}, Thresholds: textThresholds}

func prepareText(t testing.TB, raw string) Value {
	t.Helper()
	v, probs := TextField("address").Preparer.Prepare(&Input{Record: &Record{Extra: map[string]string{"address": raw}}})
	require.Empty(t, probs)
	return v
}

func TestTextFieldPrepare(t *testing.T) {
	v := prepareText(t, "  42 Wattle  Street, 42 ")
	assert.Equal(t, "42 wattle street 42", v.Key)
	assert.Equal(t, []string{"42", "street", "wattle"}, v.Keys, "distinct tokens, sorted")
	for _, k := range v.Keys {
		start := uintptr(unsafe.Pointer(unsafe.StringData(v.Key)))
		p := uintptr(unsafe.Pointer(unsafe.StringData(k)))
		assert.True(t, p >= start && p < start+uintptr(len(v.Key)), "token %q shares the key's memory", k)
	}
	assert.Equal(t, Value{}, prepareText(t, "   "), "missing")
}

func TestTextFieldCompare(t *testing.T) {
	tests := []struct {
		name, a, b string
		want       uint8
	}{
		{"equal", "42 wattle street", "42 Wattle Street", 0},
		{"reordered", "wattle street 42", "42 street wattle", 1},
		{"typo", "12 pinkerton circuit", "12 pinkerton circiut", 1},
		{"word left out", "south grafton", "grafton", 1},
		{"close", "wattle street", "stuart street", 2},
		{"different", "salkauskas crescent", "macquoid place", 3},
		{"cyrillic", "ул Ленина д 5", "улица Ленина дом 5", textLevels.Level("ул ленина д 5", "улица ленина дом 5")},
	}
	c := TextField("address").Comparer
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a, b := prepareText(t, tc.a), prepareText(t, tc.b)
			require.Equal(t, tc.want, textLevels.Level(a.Key, b.Key), "the reference")
			l, term := c.Compare(&a, &b)
			assert.Equal(t, tc.want, l)
			if l == 0 {
				assert.Equal(t, a.Key, term, "an agreement weighs by the key's frequency")
			}
			back, _ := c.Compare(&b, &a)
			assert.Equal(t, l, back, "symmetric")
			// Values prepared before the tokens were (a Prepared from an earlier version).
			oldA, oldB := Value{Key: a.Key}, Value{Key: b.Key}
			old, _ := c.Compare(&oldA, &b)
			assert.Equal(t, l, old, "one side without tokens")
			old, _ = c.Compare(&oldA, &oldB)
			assert.Equal(t, l, old, "both sides without tokens")
		})
	}
}

// TestTextFieldCompareRandom checks the comparer against the reference on random addresses.
func TestTextFieldCompareRandom(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	words := []string{"12", "42", "street", "st", "wattle", "wattel", "pinkerton", "circuit", "circiut", "south", "grafton",
		"grafon", "ул", "улица", "Ленина", "Ленима", "дом", "д", "5", "kela", "flats", "bega"}
	random := func() string {
		var sb strings.Builder
		for i := range 1 + r.IntN(5) {
			if i > 0 {
				sb.WriteByte(' ')
			}
			sb.WriteString(words[r.IntN(len(words))])
		}
		return sb.String()
	}
	c := TextField("address").Comparer
	for range 5000 {
		a, b := prepareText(t, random()), prepareText(t, random())
		l, _ := c.Compare(&a, &b)
		require.Equal(t, textLevels.Level(a.Key, b.Key), l, "%q / %q", a.Key, b.Key)
	}
}

func TestTextFieldCompareAllocations(t *testing.T) {
	c := TextField("address").Comparer
	a, b := prepareText(t, "12 pinkerton circuit"), prepareText(t, "12 pinkerton circiut")
	x, y := prepareText(t, "wattle street"), prepareText(t, "stuart street")
	long := prepareText(t, strings.Repeat("salkauskas crescent ", 40))
	oldA, oldB := Value{Key: a.Key}, Value{Key: x.Key}
	for _, p := range [][2]*Value{{&a, &b}, {&x, &y}, {&long, &x}, {&oldA, &oldB}} {
		assert.Zero(t, testing.AllocsPerRun(100, func() { c.Compare(p[0], p[1]) }), "%q / %q", p[0].Key, p[1].Key)
	}
}

// TestTextFieldKeysBounded checks that a very long value keeps a bounded number of tokens.
func TestTextFieldKeysBounded(t *testing.T) {
	var sb strings.Builder
	for i := range 10_000 {
		sb.WriteString(normalize.Text.Key(strings.Repeat("x", 1+i%7)) + " ")
	}
	v := prepareText(t, sb.String())
	assert.LessOrEqual(t, len(v.Keys), score.MaxSetTokens)
	n := 0
	for _, k := range v.Keys {
		n += len(k) + 1
	}
	assert.LessOrEqual(t, n-1, score.MaxSetBytes)
}

// FuzzTextField checks the comparer against the reference on prepared raw values.
func FuzzTextField(f *testing.F) {
	for _, p := range [][2]string{
		{"12 Pinkerton Circuit", "12 pinkerton circiut"},
		{"south grafton", "grafton"},
		{"ул. Ленина, д.5", "Ленина ул 5 кв 3"},
		{"a\xffb c", "c a\xfeb"},
	} {
		f.Add(p[0], p[1])
	}
	c := TextField("address").Comparer
	f.Fuzz(func(t *testing.T, x, y string) {
		a, b := prepareText(t, x), prepareText(t, y)
		if a.Missing() || b.Missing() || len(a.Key) > score.MaxSetBytes || len(b.Key) > score.MaxSetBytes ||
			len(strings.Fields(a.Key)) > score.MaxSetTokens || len(strings.Fields(b.Key)) > score.MaxSetTokens {
			return
		}
		l, _ := c.Compare(&a, &b)
		if want := textLevels.Level(a.Key, b.Key); l != want {
			t.Fatalf("%q / %q: level %d, the reference %d", a.Key, b.Key, l, want)
		}
	})
}
