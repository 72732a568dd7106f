package match

import (
	"slices"
	"strings"

	"github.com/idmatch/idmatch/normalize"
	"github.com/idmatch/idmatch/score"
)

// TextField is an extra field of free text (an address), compared token by token: the
// share of tokens that agree within Jaro-Winkler, in any order, as score.TokenSet with
// Jaro-Winkler scores it.
//
// Its Value's Key is the normalized text and its Keys are the distinct tokens of the Key,
// sorted (score.SortedTokens: at most 64 tokens, from the first 256 bytes), so that a
// comparison neither splits nor allocates. A value without Keys, such as a Prepared from an
// earlier version, is split when it is compared.
func TextField(name string) Field {
	return Field{
		Name:     name,
		Preparer: textPreparer{name},
		Comparer: textComparer{},
		Levels: []score.Level{
			lv("exact", 0.8, 0.01), lv("token-set>=0.90", 0.1, 0.02), lv("token-set>=0.70", 0.05, 0.07), lv("else", 0.05, 0.9)},
		TermFrequency: true,
		Graded:        3,
	}
}

var (
	jaroWinkler = score.NewJaroWinkler()
	nameLevels  = score.Levels{Comparator: jaroWinkler, Thresholds: []float64{0.92, 0.80}}
	// A text field's levels are those of score.Levels with TokenSet{Inner: jaroWinkler} and
	// these thresholds, decided on prepared tokens.
	textSet        = score.TokenSetJaroWinkler{JaroWinkler: jaroWinkler}
	textThresholds = []float64{0.90, 0.70}
)

// textPreparer prepares the text field name from Record.Extra: the normalized text, and its
// sorted tokens.
type textPreparer struct{ name string }

// Prepare normalizes Record.Extra[name] and splits it into tokens.
func (p textPreparer) Prepare(in *Input) (Value, []Problem) {
	raw := strings.TrimSpace(in.Record.Extra[p.name])
	if raw == "" {
		return Value{}, nil
	}
	v := Value{Key: normalize.Text.Key(raw)}
	p.deriveKeys(&v)
	return v, nil
}

// deriveKeys sets v.Keys to the sorted tokens of v.Key, sharing its memory, in one
// allocation of the exact size.
func (textPreparer) deriveKeys(v *Value) {
	var buf [score.MaxSetTokens]string
	v.Keys = nil
	if toks := score.SortedTokens(buf[:0], v.Key); len(toks) > 0 {
		v.Keys = slices.Clone(toks)
	}
}

// textComparer gives a text field's level from the prepared tokens.
type textComparer struct{}

// Compare returns the level of two text values: 0 for equal keys, else 1 plus the index of
// the first of textThresholds the token-set similarity reaches.
func (textComparer) Compare(a, b *Value) (uint8, string) {
	if a.Key == b.Key {
		return 0, a.Key
	}
	if len(a.Keys) == 0 || len(b.Keys) == 0 {
		return textLevel(a.Key, b.Key), ""
	}
	return uint8(textSet.Reached(a.Keys, b.Keys, textThresholds) + 1), ""
}

// textLevel is the level of two keys without prepared tokens; it splits them on the stack.
func textLevel(a, b string) uint8 {
	var bufA, bufB [score.MaxSetTokens]string
	return uint8(textSet.Reached(score.SortedTokens(bufA[:0], a), score.SortedTokens(bufB[:0], b), textThresholds) + 1)
}

// levelsComparer compares keys through score.Levels: level 0 is exact agreement.
type levelsComparer struct{ lv score.Levels }

// Compare returns the level of the two keys.
func (c levelsComparer) Compare(a, b *Value) (uint8, string) {
	l := c.lv.Level(a.Key, b.Key)
	if l == 0 {
		return 0, a.Key
	}
	return l, ""
}
