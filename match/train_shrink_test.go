package match

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/idmatch/idmatch/score"
)

// TestShrinkU checks the blend of the data's u with the built-in one: a rare agreement seen
// in no random pair keeps most of the evidence its data gives (an additive blend would let
// the built-in u of 0.01 leave it 1e-4); a few pairs leave the built-in u nearly as it is;
// the u of each field sum to 1.
func TestShrinkU(t *testing.T) {
	model := func(u0 float64) *score.Model {
		return &score.Model{Prior: 0.01, Fields: []score.Field{{Name: "doc", Levels: []score.Level{
			{Name: "exact", M: 0.9, U: u0}, {Name: "else", M: 0.1, U: 1 - u0}}}}}
	}
	def := model(0.01)
	tests := []struct {
		name         string
		dataU, pairs float64
		lo, hi       float64 // bounds of the blended u of exact
	}{
		{"many pairs, none agree", 5e-7, 200_000, 4e-7, 1e-6},
		{"few pairs", 5e-7, 20, 0.005, 0.01},
		{"data as built in", 0.01, 200_000, 0.0099, 0.0101},
		{"common value", 0.2, 200_000, 0.15, 0.2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mod := model(tt.dataU)
			shrinkU(mod, def, tt.pairs)
			lv := mod.Fields[0].Levels
			assert.GreaterOrEqual(t, lv[0].U, tt.lo)
			assert.LessOrEqual(t, lv[0].U, tt.hi)
			assert.InDelta(t, 1, lv[0].U+lv[1].U, 1e-12)
			assert.False(t, math.IsNaN(lv[0].U))
		})
	}
}
