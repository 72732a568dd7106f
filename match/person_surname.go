package match

import (
	"unicode/utf8"

	"github.com/idmatch/idmatch/score"
)

// Surname is the person's family name. Its Key is the skeleton with gendered endings folded
// (Петров and Петрова agree; one letter for an initial); Keys holds its phonetic key, which
// also counts as a close spelling. Agreement weighs by the surname's frequency.
func Surname() Field {
	return Field{
		Name:     "surname",
		Preparer: PreparerFunc(prepareSurname),
		Comparer: ComparerFunc(compareSurname),
		Levels: []score.Level{
			lv("exact", 0.86, 0.002), lv("jaro-winkler>=0.92 or phonetic", 0.08, 0.003),
			lv("jaro-winkler>=0.80", 0.03, 0.02), lv("same family, other gender", 0.003, 0.001), lv("else", 0.027, 0.974)},
		TermFrequency: true,
		Graded:        3,
	}
}

func prepareSurname(in *Input) (Value, []Problem) {
	n, weak := in.Name()
	if n.Surname == "" {
		return Value{}, nil
	}
	keys := in.nameKeys()
	v := Value{Key: keys.Surname, Weak: weak}
	switch {
	case v.Key == "":
	case isInitial(n.Surname):
		v.Key = firstLetter(v.Key)
	default:
		if ph := keys.Phonetic; ph != "" {
			v.Keys = []string{ph}
		}
	}
	return v, nil
}

// phonetic returns a surname value's phonetic key, or "".
func phonetic(v *Value) string {
	if len(v.Keys) > 0 {
		return v.Keys[0]
	}
	return ""
}

// Levels of the surname that the person rules refer to.
const (
	surnameOtherGender = 3
	surnameElse        = 4
)

// compareSurname: 0 equal; 1 within Jaro-Winkler 0.92 or the same phonetic key; 2 within
// 0.80, or an initial that fits; 4 else. Level 3 (one family name in its two gendered
// forms: Петров and Петрова, a brother and sister or a couple) is set by the person rules.
func compareSurname(a, b *Value) (uint8, string) {
	if a.Key == b.Key {
		return 0, b.Key
	}
	if utf8.RuneCountInString(a.Key) == 1 || utf8.RuneCountInString(b.Key) == 1 { // "Petrov V." style initials
		if firstLetter(a.Key) == firstLetter(b.Key) {
			return 2, ""
		}
		return surnameElse, ""
	}
	sim := jaroWinkler.CompareAtLeast(a.Key, b.Key, 0.80)
	switch {
	case sim >= 0.92 || (phonetic(a) != "" && phonetic(a) == phonetic(b)):
		return 1, ""
	case sim >= 0.80:
		return 2, ""
	}
	return surnameElse, ""
}
