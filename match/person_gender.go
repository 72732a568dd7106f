package match

import (
	"fmt"
	"strings"

	"github.com/idmatch/idmatch/normalize"
	"github.com/idmatch/idmatch/score"
)

// Gender is the person's gender: Key is "m" or "f". Record.Gender gives it when the source
// states it ("f", "female", "Ж", "женский", ...); otherwise it comes from the name (the
// patronymic, the given name, the surname's ending). Disagreement is strong evidence of two
// people: Александр and Александра share a root, not a name.
func Gender() Field {
	return Field{
		Name:     "gender",
		Preparer: PreparerFunc(prepareGender),
		Comparer: ComparerFunc(compareEqual),
		Levels:   []score.Level{lv("agree", 0.98, 0.5), lv("disagree", 0.02, 0.5)},
	}
}

// genderWords are the stated genders that Record.Gender accepts, lower-cased and without dots.
var genderWords = map[string]normalize.Gender{
	"m": normalize.Male, "male": normalize.Male, "man": normalize.Male, "м": normalize.Male,
	"муж": normalize.Male, "мужской": normalize.Male, "мужчина": normalize.Male,
	"f": normalize.Female, "female": normalize.Female, "woman": normalize.Female, "w": normalize.Female,
	"ж": normalize.Female, "жен": normalize.Female, "женский": normalize.Female, "женщина": normalize.Female,
}

// recordGender is the gender the record states, else the one its name suggests.
func recordGender(in *Input, n normalize.Name) normalize.Gender {
	if g, ok := genderWords[strings.Trim(strings.ToLower(strings.TrimSpace(in.Record.Gender)), ". ")]; ok {
		return g
	}
	return n.Gender
}

func prepareGender(in *Input) (Value, []Problem) {
	if raw := strings.TrimSpace(in.Record.Gender); raw != "" {
		g, ok := genderWords[strings.Trim(strings.ToLower(raw), ". ")]
		if ok {
			return Value{Key: genderKey(g)}, nil
		}
		p := NewProblem("gender", raw, fmt.Errorf("%w: not a gender (want m/f, male/female, м/ж)", ErrBadValue))
		n, weak := in.Name()
		return Value{Key: genderKey(n.Gender), Weak: weak}, []Problem{p}
	}
	n, weak := in.Name()
	return Value{Key: genderKey(n.Gender), Weak: weak}, nil
}

func genderKey(g normalize.Gender) string {
	switch g {
	case normalize.Male:
		return "m"
	case normalize.Female:
		return "f"
	}
	return ""
}

// compareEqual: 0 equal keys, 1 else.
func compareEqual(a, b *Value) (uint8, string) {
	if a.Key == b.Key {
		return 0, a.Key
	}
	return 1, ""
}
