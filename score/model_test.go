package score

import (
	"errors"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// handModel has weights chosen to be exact in binary:
// prior 0.2 → -2 bits; surname [4, 0, -4] (term frequency); dob [2, -2]; city [1, 0, -1].
func handModel() *Model {
	return &Model{
		Prior: 0.2,
		Fields: []Field{
			{Name: "surname", TermFrequency: true, Levels: []Level{
				{"exact", 0.8, 0.05}, {"close", 0.15, 0.15}, {"different", 0.05, 0.8},
			}},
			{Name: "dob", Levels: []Level{{"exact", 0.8, 0.2}, {"different", 0.2, 0.8}}},
			{Name: "city", Levels: []Level{
				{"exact", 0.5, 0.25}, {"close", 0.25, 0.25}, {"different", 0.25, 0.5},
			}},
		},
	}
}

func mustCompile(t testing.TB, m *Model) *Weights {
	t.Helper()
	w, err := m.Compile()
	require.NoError(t, err)
	return w
}

func TestWeightsHandComputed(t *testing.T) {
	w := mustCompile(t, handModel())
	assert.InDelta(t, -2.0, w.PriorBits(), 1e-12)
	assert.Equal(t, 3, w.NumFields())

	tests := []struct {
		name   string
		v      Vector
		want   float64
		reason string
	}{
		{"all exact", Vector{0, 0, 0}, -2 + 4 + 2 + 1, ""},
		{"all different", Vector{2, 1, 2}, -2 - 4 - 2 - 1, ""},
		{"neutral close", Vector{1, 0, 1}, -2 + 0 + 2 + 0, "close levels have m = u"},
		{"missing", Vector{Missing, 0, Missing}, -2 + 2, "missing adds 0 bits"},
		{"all missing", Vector{Missing, Missing, Missing}, -2, "only the prior is left"},
		{"short", Vector{0}, -2 + 4, "absent fields count as missing"},
		{"empty", nil, -2, "nil vector is all missing"},
		{"long", Vector{0, 0, 0, 0, 7}, -2 + 4 + 2 + 1, "extra entries are ignored"},
		{"out of range", Vector{3, 2, 200}, -2, "levels past the last count as missing"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.InDelta(t, tt.want, w.Weight(tt.v), 1e-12, tt.reason)
			assert.InDelta(t, tt.want, w.WeightTF(tt.v, nil), 1e-12, "WeightTF without tf equals Weight")
		})
	}
}

func TestBits(t *testing.T) {
	w := mustCompile(t, handModel())
	tests := []struct {
		name  string
		field int
		level uint8
		want  float64
	}{
		{"surname exact", 0, 0, 4},
		{"surname close", 0, 1, 0},
		{"surname different", 0, 2, -4},
		{"dob different", 1, 1, -2},
		{"city exact", 2, 0, 1},
		{"missing", 0, Missing, 0},
		{"level out of range", 1, 2, 0},
		{"field out of range", 3, 0, 0},
		{"negative field", -1, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.InDelta(t, tt.want, w.Bits(tt.field, tt.level), 1e-12)
		})
	}
}

func TestWeightTF(t *testing.T) {
	w := mustCompile(t, handModel())
	tests := []struct {
		name   string
		v      Vector
		tf     []float64
		want   float64
		reason string
	}{
		{"rare value", Vector{0, 0, 0}, []float64{0.0125, 0, 0}, -2 + 6 + 2 + 1, "log2(0.8/0.0125) = 6"},
		{"common value", Vector{0, 0, 0}, []float64{0.2, 0, 0}, -2 + 2 + 2 + 1, "log2(0.8/0.2) = 2"},
		{"u0 frequency", Vector{0, 0, 0}, []float64{0.05, 0, 0}, -2 + 4 + 2 + 1, "tf = u0 changes nothing"},
		{"floor", Vector{0, Missing, Missing}, []float64{1e-12}, -2 + math.Log2(0.8/MinTermFrequency), "tf below MinTermFrequency is floored"},
		{"above one", Vector{0, Missing, Missing}, []float64{3}, -2 + 0, "tf above 1 counts as 1, and agreement never counts below 0 bits"},
		{"more common than m0", Vector{0, Missing, Missing}, []float64{0.9}, -2 + 0, "log2(0.8/0.9) < 0: agreement stops at 0 bits"},
		{"not level 0", Vector{1, 0, 0}, []float64{0.0125, 0, 0}, -2 + 0 + 2 + 1, "only agreement is adjusted"},
		{"field without tf", Vector{0, 0, 0}, []float64{0, 0.0125, 0.0125}, -2 + 4 + 2 + 1, "dob and city have TermFrequency off"},
		{"zero", Vector{0, 0, 0}, []float64{0, 0, 0}, -2 + 4 + 2 + 1, "0 means no adjustment"},
		{"negative", Vector{0, 0, 0}, []float64{-1}, -2 + 4 + 2 + 1, "negative means no adjustment"},
		{"nan", Vector{0, 0, 0}, []float64{math.NaN()}, -2 + 4 + 2 + 1, "NaN means no adjustment"},
		{"short tf", Vector{0, 0, 0}, []float64{}, -2 + 4 + 2 + 1, ""},
		{"missing with tf", Vector{Missing, 0, 0}, []float64{0.0125}, -2 + 2 + 1, "missing stays neutral"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := w.WeightTF(tt.v, tt.tf)
			assert.InDelta(t, tt.want, got, 1e-12, tt.reason)
			assert.False(t, math.IsNaN(got))
		})
	}
	assert.InDelta(t, 6.0, w.BitsTF(0, 0, 0.0125), 1e-12)
	assert.InDelta(t, 0.0, w.BitsTF(0, 1, 0.0125), 1e-12)
	assert.InDelta(t, 0.0, w.BitsTF(9, 0, 0.0125), 1e-12)
}

func TestProbability(t *testing.T) {
	tests := []struct {
		name   string
		weight float64
		want   float64
	}{
		{"even", 0, 0.5},
		{"one bit", 1, 2.0 / 3},
		{"minus one bit", -1, 1.0 / 3},
		{"ten bits", 10, 1024.0 / 1025},
		{"huge", 5000, 1},
		{"tiny", -5000, 0},
		{"max weight", MaxWeight, 1},
		{"min weight", -MaxWeight, 0},
		{"+inf", math.Inf(1), 1},
		{"-inf", math.Inf(-1), 0},
		{"nan", math.NaN(), 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Probability(tt.weight)
			assert.InDelta(t, tt.want, got, 1e-15)
			assert.False(t, math.IsNaN(got))
		})
	}
	// Tails keep relative precision instead of rounding to 0.
	assert.InEpsilon(t, math.Exp2(-100), Probability(-100), 1e-12)
}

func TestWeightOf(t *testing.T) {
	tests := []struct {
		name string
		p    float64
		want float64
	}{
		{"even", 0.5, 0},
		{"two thirds", 2.0 / 3, 1},
		{"one third", 1.0 / 3, -1},
		{"zero", 0, -MaxWeight},
		{"negative", -0.5, -MaxWeight},
		{"one", 1, MaxWeight},
		{"above one", 2, MaxWeight},
		{"nan", math.NaN(), -MaxWeight},
		{"smallest", math.SmallestNonzeroFloat64, -1074},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.InDelta(t, tt.want, WeightOf(tt.p), 1e-9)
		})
	}
	// Above about 20 bits a probability is too close to 1 for float64 to hold 1-p precisely,
	// so the round trip is tested where the representation allows it.
	for w := -60.0; w <= 20; w += 0.5 {
		assert.InDelta(t, w, WeightOf(Probability(w)), 1e-6, "round trip at %v", w)
	}
	assert.Less(t, WeightOf(math.Nextafter(1, 0)), MaxWeight, "clipping keeps the order")
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name   string
		edit   func(m *Model)
		reason string
	}{
		{"prior zero", func(m *Model) { m.Prior = 0 }, ""},
		{"prior one", func(m *Model) { m.Prior = 1 }, ""},
		{"prior nan", func(m *Model) { m.Prior = math.NaN() }, ""},
		{"no fields", func(m *Model) { m.Fields = nil }, ""},
		{"no name", func(m *Model) { m.Fields[1].Name = "" }, ""},
		{"duplicate name", func(m *Model) { m.Fields[1].Name = "surname" }, "names identify fields in files and explanations"},
		{"one level", func(m *Model) { m.Fields[1].Levels = m.Fields[1].Levels[:1] }, ""},
		{"too many levels", func(m *Model) { m.Fields[1].Levels = make([]Level, 256) }, "255 is Missing"},
		{"m zero", func(m *Model) { m.Fields[1].Levels[0].M, m.Fields[1].Levels[1].M = 0, 1 }, ""},
		{"u negative", func(m *Model) { m.Fields[2].Levels[0].U = -0.25; m.Fields[2].Levels[2].U = 1 }, ""},
		{"m nan", func(m *Model) { m.Fields[0].Levels[1].M = math.NaN() }, ""},
		{"u inf", func(m *Model) { m.Fields[0].Levels[1].U = math.Inf(1) }, ""},
		{"m sum", func(m *Model) { m.Fields[0].Levels[1].M = 0.2 }, "m sums to 1.05"},
		{"u sum", func(m *Model) { m.Fields[2].Levels[2].U = 0.4 }, "u sums to 0.9"},
	}
	require.NoError(t, handModel().Validate())
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := handModel()
			tt.edit(m)
			err := m.Validate()
			require.ErrorIs(t, err, ErrInvalidModel, tt.reason)
			_, err = m.Compile()
			require.ErrorIs(t, err, ErrInvalidModel)
		})
	}
	var nilModel *Model
	require.ErrorIs(t, nilModel.Validate(), ErrInvalidModel)

	m := handModel()
	m.Fields[0].Levels[0].M += 1e-9 // rounding in a printed model is tolerated
	require.NoError(t, m.Validate())
}

func TestCompileIsolated(t *testing.T) {
	m := handModel()
	w := mustCompile(t, m)
	before := w.Weight(Vector{0, 0, 0})
	m.Prior = 0.9
	m.Fields[0].Levels[0].M = 0.01
	m.Fields[0].Levels[0].Name = "changed"
	m.Fields = m.Fields[:1]
	assert.Equal(t, before, w.Weight(Vector{0, 0, 0}), "changing the model does not change compiled weights")
	assert.Equal(t, "exact", w.Explain(Vector{0, 0, 0}, nil).Fields[0].LevelName)
}

func TestClone(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(c *Model)
	}{
		{"prior", func(c *Model) { c.Prior = 0.5 }},
		{"level m", func(c *Model) { c.Fields[0].Levels[0].M = 0.5 }},
		{"level u", func(c *Model) { c.Fields[1].Levels[1].U = 0.5 }},
		{"level name", func(c *Model) { c.Fields[0].Levels[0].Name = "changed" }},
		{"field name", func(c *Model) { c.Fields[1].Name = "x" }},
		{"term frequency", func(c *Model) { c.Fields[0].TermFrequency = !c.Fields[0].TermFrequency }},
		{"levels appended in capacity", func(c *Model) {
			c.Fields[0].Levels = append(c.Fields[0].Levels[:1], Level{Name: "new", M: 0.1, U: 0.1})
		}},
		{"fields appended in capacity", func(c *Model) {
			c.Fields = append(c.Fields[:1], Field{Name: "new"})
		}},
		{"trained", func(c *Model) {
			p := NewPatterns(len(c.Fields))
			for i := range 200 {
				v := make(Vector, len(c.Fields))
				for j := range v {
					v[j] = uint8((i + j) % len(c.Fields[j].Levels))
				}
				p.Add(v)
			}
			_, _ = c.TrainEM(p, EMOptions{})
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := handModel()
			want := handModel()
			c := m.Clone()
			require.Equal(t, m, c)
			tt.mutate(c)
			assert.Equal(t, want, m, "the original must not change")
		})
	}
	var nilModel *Model
	assert.Nil(t, nilModel.Clone())
	empty := &Model{Prior: 0.1, Fields: []Field{{Name: "a"}}}
	assert.Equal(t, empty, empty.Clone(), "nil levels stay nil")
}

func TestZeroWeights(t *testing.T) {
	var w Weights
	assert.Equal(t, 0.0, w.Weight(Vector{0, 1}))
	assert.Equal(t, 0.0, w.WeightTF(Vector{0, 1}, []float64{0.5}))
	assert.Equal(t, 0.0, w.Bits(0, 0))
	e := w.Explain(Vector{0}, nil)
	assert.Empty(t, e.Fields)
	assert.InDelta(t, 0.5, e.Probability, 0)
}

func TestErrorsAreDistinct(t *testing.T) {
	all := []error{ErrInvalidModel, ErrNoData, ErrEMOptions, ErrModelFormat}
	for i, a := range all {
		for j, b := range all {
			assert.Equal(t, i == j, errors.Is(a, b))
		}
	}
}

// sixFieldModel is the size of the default person schema, for benchmarks.
func sixFieldModel() *Model {
	m := &Model{Prior: 0.01}
	for _, name := range []string{"surname", "given", "patronymic", "dob", "phone", "email"} {
		m.Fields = append(m.Fields, Field{Name: name, TermFrequency: name == "surname" || name == "given", Levels: []Level{
			{"exact", 0.85, 0.01}, {"close", 0.1, 0.04}, {"far", 0.03, 0.15}, {"different", 0.02, 0.8},
		}})
	}
	return m
}

var sinkFloat float64

func BenchmarkWeight(b *testing.B) {
	w := mustCompile(b, sixFieldModel())
	v := Vector{0, 1, Missing, 0, 3, 2}
	b.ReportAllocs()
	for b.Loop() {
		sinkFloat += w.Weight(v)
	}
}

func BenchmarkWeightTF(b *testing.B) {
	w := mustCompile(b, sixFieldModel())
	v := Vector{0, 0, Missing, 0, 3, 2}
	tf := []float64{0.0001, 0.02, 0, 0, 0, 0}
	b.ReportAllocs()
	for b.Loop() {
		sinkFloat += w.WeightTF(v, tf)
	}
}

func BenchmarkProbability(b *testing.B) {
	b.ReportAllocs()
	x := 0.0
	for b.Loop() {
		sinkFloat += Probability(x)
		x += 0.001
	}
}
