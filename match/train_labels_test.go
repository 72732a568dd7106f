package match

import (
	"math"
	"testing"

	"github.com/idmatch/idmatch/score"
)

// twoFieldModel is a small model: a name field with three levels and a date with two.
func twoFieldModel() *score.Model {
	return &score.Model{Prior: 0.01, Fields: []score.Field{
		{Name: "name", Levels: []score.Level{{Name: "exact", M: 0.7, U: 0.01}, {Name: "close", M: 0.2, U: 0.04}, {Name: "else", M: 0.1, U: 0.95}}},
		{Name: "date", Levels: []score.Level{{Name: "exact", M: 0.8, U: 0.001}, {Name: "else", M: 0.2, U: 0.999}}},
	}}
}

func patterns(vs ...score.Vector) *score.Patterns {
	p := score.NewPatterns(2)
	for _, v := range vs {
		p.Add(v)
	}
	return p
}

func TestApplyLabels(t *testing.T) {
	tests := []struct {
		name   string
		reason string
		same   *score.Patterns
		weight float64
		want   [][]float64 // m of each level of each field
	}{
		{
			name:   "no labels",
			reason: "without a same-person label m stays as EM left it",
			same:   patterns(),
			want:   [][]float64{{0.7, 0.2, 0.1}, {0.8, 0.2}},
		},
		{
			name:   "one label, default weight",
			reason: "one label at weight 50 against 300 EM pairs: m = (300·m + 50·[level]) / 350",
			same:   patterns(score.Vector{1, 1}),
			want:   [][]float64{{300 * 0.7 / 350, (300*0.2 + 50) / 350, 300 * 0.1 / 350}, {300 * 0.8 / 350, (300*0.2 + 50) / 350}},
		},
		{
			name:   "missing field",
			reason: "a field missing from every label keeps its m",
			same:   patterns(score.Vector{2, score.Missing}),
			weight: 100,
			want:   [][]float64{{300 * 0.7 / 400, 300 * 0.2 / 400, (300*0.1 + 100) / 400}, {0.8, 0.2}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mod := twoFieldModel()
			applyLabels(mod, tt.same, patterns(score.Vector{2, 1}), tt.weight)
			for f, levels := range tt.want {
				sum := 0.0
				for j, want := range levels {
					got := mod.Fields[f].Levels[j].M
					sum += got
					if math.Abs(got-want) > 1e-9 {
						t.Errorf("%s: field %d level %d: m = %v, want %v (%s)", tt.name, f, j, got, want, tt.reason)
					}
				}
				if math.Abs(sum-1) > 1e-9 {
					t.Errorf("%s: field %d: m sums to %v, want 1", tt.name, f, sum)
				}
			}
		})
	}
}

func TestLabelPrior(t *testing.T) {
	mod := twoFieldModel()
	w, err := mod.Compile()
	if err != nil {
		t.Fatal(err)
	}
	// {1, 1}: a close name and a different date, about -2.6 bits of evidence; at a prior of
	// 0.01 the model gives it a probability of about 0.002.
	uncertain := score.Vector{1, 1}
	many := func(n int) *score.Patterns {
		p := score.NewPatterns(2)
		p.AddN(uncertain, uint64(n))
		return p
	}
	tests := []struct {
		name       string
		reason     string
		same, diff *score.Patterns
		cmp        func(got float64) bool
	}{
		{"no labels", "nothing to fit: the prior is kept", patterns(), patterns(),
			func(got float64) bool { return got == 0.01 }},
		{"mostly same", "the model's unsure pairs are mostly one person: the prior rises", many(40), many(10),
			func(got float64) bool { return got > 0.05 }},
		{"all different", "the unsure pairs are all two people: the prior falls", patterns(), many(50),
			func(got float64) bool { return got < 0.01 }},
		{"bounded", "the normal prior on the shift keeps one label from moving it far", many(1), patterns(),
			func(got float64) bool { return got > 0.01 && got < 0.5 }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := labelPrior(w, tt.same, tt.diff, 0.01)
			if !tt.cmp(got) || math.IsNaN(got) {
				t.Errorf("%s: labelPrior = %v (%s)", tt.name, got, tt.reason)
			}
		})
	}
}
