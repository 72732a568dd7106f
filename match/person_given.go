package match

import (
	"github.com/idmatch/idmatch/normalize"
	"github.com/idmatch/idmatch/score"
)

// GivenName is the person's given name. Its Key is the skeleton of the name as written (one
// letter for an initial); Keys are the skeletons of the full given names it stands for, with
// diminutives resolved (Вася, Vasya → Василий). Agreement weighs by the frequency of the
// agreeing full name.
func GivenName() Field {
	return Field{
		Name:     "given_name",
		Preparer: PreparerFunc(prepareGiven),
		Comparer: givenComparer{},
		Levels: []score.Level{
			lv("canonical", 0.82, 0.01), lv("jaro-winkler>=0.92", 0.08, 0.005),
			lv("close or initial", 0.06, 0.04), lv("same root, other gender", 0.002, 0.005), lv("else", 0.038, 0.94)},
		TermFrequency: true,
		Graded:        3,
	}
}

func prepareGiven(in *Input) (Value, []Problem) {
	n, weak := in.Name()
	if n.Given == "" {
		return Value{}, nil
	}
	keys := in.nameKeys()
	v := Value{Key: keys.Given, Weak: weak}
	switch {
	case v.Key == "":
	case isInitial(n.Given):
		// An initial ("В.", "Я.") is the first letter of its skeleton, whatever the skeleton's
		// length (я is "ia"), so that it compares with the first letter of a full name.
		v.Key = firstLetter(v.Key)
	default:
		v.Keys = keys.GivenNames
		// A diminutive of two names (Саша: Александр, Александра) is the one of the
		// person's gender when the record tells it.
		if g := recordGender(in, n); g != normalize.GenderUnknown && len(v.Keys) > 1 {
			kept := v.Keys[:0:0]
			for _, k := range v.Keys {
				if kg := normalize.GivenNameGender(k); kg == g || kg == normalize.GenderUnknown {
					kept = append(kept, k)
				}
			}
			if len(kept) > 0 {
				v.Keys = kept
			}
		}
	}
	return v, nil
}

// givenComparer compares given names and lists their full names as the terms.
type givenComparer struct{}

// Compare compares two given names, see compareGiven.
func (givenComparer) Compare(a, b *Value) (uint8, string) { return compareGiven(a, b) }

// Terms lists the full given names a value stands for.
func (givenComparer) Terms(v *Value, dst []string) []string { return append(dst, v.Keys...) }

// Levels of the given name that the person rules refer to.
const (
	givenClose       = 2
	givenOtherGender = 3
	givenElse        = 4
)

// compareGiven: 0 a shared full name; 1 spelling within Jaro-Winkler 0.92; 2 close, or an
// initial that fits; 4 else. Level 3 (the same root in the other gender: Александр and
// Александра) is set by the person rules, which know both genders.
func compareGiven(a, b *Value) (uint8, string) {
	if len(a.Keys) == 0 || len(b.Keys) == 0 { // an initial on either side
		if firstLetter(a.Key) == firstLetter(b.Key) {
			return givenClose, ""
		}
		return givenElse, ""
	}
	if k, ok := shared(a.Keys, b.Keys); ok {
		return 0, k
	}
	sim := jaroWinkler.CompareAtLeast(a.Key, b.Key, 0.80)
	// The canonical forms are compared too, unless they are the spellings just compared (a
	// name that is its own canonical form, the common case).
	if a.Keys[0] != a.Key || b.Keys[0] != b.Key {
		if s := jaroWinkler.CompareAtLeast(a.Keys[0], b.Keys[0], 0.80); s > sim {
			sim = s
		}
	}
	switch {
	case sim >= 0.92:
		return 1, ""
	case sim >= 0.80:
		return givenClose, ""
	}
	return givenElse, ""
}
