package score

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestExplainHandComputed(t *testing.T) {
	w := mustCompile(t, handModel())
	e := w.Explain(Vector{0, Missing, 2}, []float64{0.0125, 0.5, 0.5})
	want := &Explanation{
		PriorBits: -2,
		Fields: []FieldContribution{
			{Field: "surname", Level: 0, LevelName: "exact", Bits: 6, TFBits: 2},
			{Field: "dob", Level: Missing, LevelName: "missing"},
			{Field: "city", Level: 2, LevelName: "different", Bits: -1},
		},
		Weight:      3,
		Probability: 8.0 / 9,
	}
	require.Len(t, e.Fields, len(want.Fields))
	assert.InDelta(t, want.PriorBits, e.PriorBits, 1e-12)
	for i, f := range want.Fields {
		assert.Equal(t, f.Field, e.Fields[i].Field)
		assert.Equal(t, f.Level, e.Fields[i].Level)
		assert.Equal(t, f.LevelName, e.Fields[i].LevelName)
		assert.InDelta(t, f.Bits, e.Fields[i].Bits, 1e-12, f.Field)
		assert.InDelta(t, f.TFBits, e.Fields[i].TFBits, 1e-12, f.Field)
	}
	assert.InDelta(t, want.Weight, e.Weight, 1e-12)
	assert.InDelta(t, want.Probability, e.Probability, 1e-12)
}

func TestExplainShortAndOutOfRange(t *testing.T) {
	w := mustCompile(t, handModel())
	e := w.Explain(Vector{5}, nil)
	require.Len(t, e.Fields, 3, "every field of the model is listed")
	for _, f := range e.Fields {
		assert.Equal(t, Missing, f.Level)
		assert.Equal(t, "missing", f.LevelName)
		assert.Equal(t, 0.0, f.Bits)
	}
	assert.Equal(t, w.Weight(Vector{5}), e.Weight)
}

// TestExplainSumsToWeight checks, on random vectors and frequencies, that the explanation adds
// up to exactly the value WeightTF returns.
func TestExplainSumsToWeight(t *testing.T) {
	w := mustCompile(t, sixFieldModel())
	rng := rand.New(rand.NewPCG(1, 2))
	levels := []uint8{0, 1, 2, 3, Missing, 9}
	for range 2000 {
		v := make(Vector, 6)
		tf := make([]float64, 6)
		for i := range v {
			v[i] = levels[rng.IntN(len(levels))]
			if rng.IntN(2) == 0 {
				tf[i] = rng.Float64()
			}
		}
		e := w.Explain(v, tf)
		require.Equal(t, w.WeightTF(v, tf), e.Weight)
		sum := e.PriorBits
		tfSum := 0.0
		for _, f := range e.Fields {
			sum += f.Bits
			tfSum += f.TFBits
		}
		require.Equal(t, e.Weight, sum)
		require.InDelta(t, w.Weight(v)+tfSum, e.Weight, 1e-9, "TFBits is the whole difference from Weight")
		require.Equal(t, Probability(e.Weight), e.Probability)
	}
}

func TestExplanationString(t *testing.T) {
	w := mustCompile(t, handModel())
	got := w.Explain(Vector{0, Missing, 2}, []float64{0.0125}).String()
	want := "" +
		"prior                 -2.00\n" +
		"surname  exact        +6.00  (tf +2.00)\n" +
		"dob      missing      +0.00\n" +
		"city     different    -1.00\n" +
		"weight                +3.00  p=0.8889\n"
	assert.Equal(t, want, got)
	for _, line := range strings.Split(got, "\n") {
		assert.Equal(t, strings.TrimRight(line, " "), line, "no trailing spaces")
	}
	var nilExplanation *Explanation
	assert.Equal(t, "<nil>", nilExplanation.String())
}

func BenchmarkExplain(b *testing.B) {
	w := mustCompile(b, sixFieldModel())
	v := Vector{0, 0, Missing, 0, 3, 2}
	tf := []float64{0.0001, 0.02}
	b.ReportAllocs()
	for b.Loop() {
		sinkFloat += w.Explain(v, tf).Weight
	}
}
