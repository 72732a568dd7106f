package match

import (
	"github.com/idmatch/idmatch/normalize"
	"github.com/idmatch/idmatch/score"
)

// TextField is an extra field of free text (an address), compared token by token: the
// share of tokens that agree within Jaro-Winkler, in any order.
func TextField(name string) Field {
	return Field{
		Name:     name,
		Preparer: extraPreparer{name, func(v string) (string, error) { return normalize.Text.Key(v), nil }},
		Comparer: levelsComparer{textLevels},
		Levels: []score.Level{
			lv("exact", 0.8, 0.01), lv("token-set>=0.90", 0.1, 0.02), lv("token-set>=0.70", 0.05, 0.07), lv("else", 0.05, 0.9)},
		TermFrequency: true,
	}
}

var (
	jaroWinkler = score.NewJaroWinkler()
	textLevels  = score.Levels{Comparator: score.TokenSet{Inner: jaroWinkler}, Thresholds: []float64{0.90, 0.70}}
	nameLevels  = score.Levels{Comparator: jaroWinkler, Thresholds: []float64{0.92, 0.80}}
)

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
