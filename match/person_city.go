package match

import (
	"github.com/idmatch/idmatch/normalize"
	"github.com/idmatch/idmatch/score"
)

// City is the city of residence: its Key is the city's identifier when the city is known
// (Москва, Moscow, МСК → one key), else its cleaned name. Agreement weighs by the city's
// frequency, and by its frequency among the namesakes when the surnames agree too.
func City() Field {
	return Field{
		Name:     "city",
		Preparer: PreparerFunc(prepareCity),
		Comparer: ComparerFunc(compareCity),
		Levels: []score.Level{
			lv("exact", 0.86, 0.05), lv("jaro-winkler>=0.88", 0.04, 0.01), lv("else", 0.10, 0.94)},
		TermFrequency: true,
		Graded:        2,
	}
}

func prepareCity(in *Input) (Value, []Problem) {
	c := trimSpace(in.Record.City)
	if c == "" {
		return Value{}, nil
	}
	key, _ := normalize.City(c)
	return Value{Key: key}, nil
}

func compareCity(a, b *Value) (uint8, string) {
	switch {
	case a.Key == b.Key:
		return 0, a.Key
	case jaroWinkler.CompareAtLeast(a.Key, b.Key, 0.88) >= 0.88:
		return 1, ""
	}
	return 2, ""
}
