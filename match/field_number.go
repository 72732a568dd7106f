package match

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/idmatch/idmatch/score"
)

// NumberField is an extra numeric field (an income, a customer score), equal or within 1%.
// Decimal commas and spaces between digit groups are read ("1 234,5").
func NumberField(name string) Field {
	return Field{
		Name:     name,
		Preparer: extraPreparer{name, numberKey},
		Keyer:    KeyerFunc(keysOfAll),
		Comparer: ComparerFunc(compareNumbers),
		Levels:   []score.Level{lv("exact", 0.85, 0.01), lv("within 1%", 0.08, 0.02), lv("else", 0.07, 0.97)},
		Graded:   2,
	}
}

func numberKey(v string) (string, error) {
	x, err := strconv.ParseFloat(strings.ReplaceAll(strings.ReplaceAll(v, " ", ""), ",", "."), 64)
	if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
		return "", fmt.Errorf("%w: %q is not a number", ErrBadValue, v)
	}
	return strconv.FormatFloat(x, 'g', -1, 64), nil
}

func compareNumbers(a, b *Value) (uint8, string) {
	if a.Key == b.Key {
		return 0, a.Key
	}
	x, errx := strconv.ParseFloat(a.Key, 64)
	y, erry := strconv.ParseFloat(b.Key, 64)
	if errx == nil && erry == nil && math.Abs(x-y) <= 0.01*math.Max(math.Abs(x), math.Abs(y)) {
		return 1, ""
	}
	return 2, ""
}
