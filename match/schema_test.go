package match

import (
	"testing"

	"github.com/idmatch/idmatch/score"
	"github.com/stretchr/testify/assert"
)

func TestCompareExtraLevels(t *testing.T) {
	tests := []struct {
		name string
		kind FieldKind
		a, b string
		want uint8
	}{
		{"exact equal", Exact, "4011", "4011", 0},
		{"exact differ", Exact, "4011", "4012", 1},
		{"exact missing", Exact, "", "4012", score.Missing},
		{"text equal", Text, "tullaroop street", "tullaroop street", 0},
		{"text reordered", Text, "street tullaroop", "tullaroop street", 1},
		{"text else", Text, "castleton crescent", "maltby circuit", 3},
		{"name close", Name, "vasilii", "vasili", 1},
		{"name else", Name, "petrov", "smith", 3},
		{"number equal", Number, "100", "100", 0},
		{"number within 1%", Number, "100", "100.5", 1},
		{"number far", Number, "100", "120", 2},
		{"date equal", Date, "1980-02-03", "1980-02-03", 0},
		{"date without year", Date, "--02-03", "1980-02-03", 1},
		{"date missing", Date, "1980-02-03", "", score.Missing},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, compareExtra(tc.kind, tc.a, tc.b))
			assert.Equal(t, tc.want, compareExtra(tc.kind, tc.b, tc.a), "symmetric")
			assert.Len(t, extraLevels(tc.kind), levelCount(tc.kind), "levels named for every level")
		})
	}
}

// levelCount is the number of non-missing levels compareExtra can return for kind.
func levelCount(k FieldKind) int {
	switch k {
	case Text:
		return textLevels.Count()
	case Name:
		return nameLevels.Count()
	case Date:
		return 4
	case Number:
		return 3
	}
	return exactLevels.Count()
}
