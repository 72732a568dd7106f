package match

import (
	"unicode/utf8"

	"github.com/idmatch/idmatch/score"
)

// MiddleName is the patronymic or middle name: its Key is the skeleton, one letter for an
// initial. Agreement weighs by its frequency.
func MiddleName() Field {
	return Field{
		Name:     "middle_name",
		Preparer: PreparerFunc(prepareMiddle),
		Comparer: ComparerFunc(compareMiddle),
		Levels: []score.Level{
			lv("exact", 0.86, 0.02), lv("close or initial", 0.08, 0.03), lv("same root, other gender", 0.003, 0.01), lv("else", 0.057, 0.94)},
		TermFrequency: true,
		Graded:        2,
	}
}

func prepareMiddle(in *Input) (Value, []Problem) {
	n, weak := in.Name()
	if n.Middle == "" {
		return Value{}, nil
	}
	v := Value{Key: in.nameKeys().Middle, Weak: weak}
	if v.Key != "" && isInitial(n.Middle) {
		v.Key = firstLetter(v.Key)
	}
	return v, nil
}

// Levels of the middle name that the person rules refer to.
const (
	middleOtherGender = 2
	middleElse        = 3
)

// compareMiddle: 0 equal; 1 within Jaro-Winkler 0.88 or an initial that fits; 3 else.
// Level 2 (one father's name in its two gendered forms: Петрович and Петровна, siblings)
// is set by the person rules.
func compareMiddle(a, b *Value) (uint8, string) {
	if a.Key == b.Key {
		return 0, a.Key
	}
	if utf8.RuneCountInString(a.Key) == 1 || utf8.RuneCountInString(b.Key) == 1 {
		if firstLetter(a.Key) == firstLetter(b.Key) {
			return 1, ""
		}
		return middleElse, ""
	}
	if jaroWinkler.CompareAtLeast(a.Key, b.Key, 0.88) >= 0.88 {
		return 1, ""
	}
	return middleElse, ""
}
