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

// pairCases returns n answered pairs of one comparison vector, same of them the same person.
func pairCases(v score.Vector, n, same int) []labelledCase {
	out := make([]labelledCase, n)
	for i := range out {
		out[i] = labelledCase{alts: []labelAlt{{vec: v}}, target: []bool{true}, same: i < same}
	}
	return out
}

// contactCases returns n answered contacts, each with k candidates of vector v of which
// the first is labelled, same of them the same person.
func contactCases(v score.Vector, k, n, same int) []labelledCase {
	out := make([]labelledCase, n)
	for i := range out {
		c := labelledCase{query: true, same: i < same}
		for j := 0; j < k; j++ {
			c.alts = append(c.alts, labelAlt{vec: v})
			c.target = append(c.target, j == 0)
		}
		out[i] = c
	}
	return out
}

func never(int, int) bool { return false }

// pairProbability is the probability the fitted model gives a pair of vector v, the prior
// shifted by the fit.
func pairProbability(t *testing.T, mod *score.Model, v score.Vector, priorBits, shift float64) float64 {
	t.Helper()
	w, err := mod.Compile()
	if err != nil {
		t.Fatal(err)
	}
	return score.Probability(w.Weight(v) - w.PriorBits() + priorBits + shift)
}

func TestFitLabels(t *testing.T) {
	// {1, 1}: a close name and a different date, about -2.6 bits of evidence; at a prior
	// of 0.01 (-6.6 bits) the model gives it a probability of about 0.0006.
	uncertain := score.Vector{1, 1}
	pb := math.Log2(0.01 / 0.99)
	tests := []struct {
		name   string
		reason string
		cases  []labelledCase
		held   func(int, int) bool
		check  func(t *testing.T, mod *score.Model, fit labelFit)
	}{
		{
			name:   "no labels",
			reason: "nothing to fit: the model and the priors are kept",
			check: func(t *testing.T, mod *score.Model, fit labelFit) {
				if fit != (labelFit{}) || mod.Fields[0].Levels[1].M != 0.2 {
					t.Errorf("fit %+v, m %v: want no change", fit, mod.Fields[0].Levels[1].M)
				}
			},
		},
		{
			name:   "mostly same",
			reason: "pairs the model calls different are 70% one person: the fitted model says about 0.7 of them",
			cases:  pairCases(uncertain, 400, 280),
			check: func(t *testing.T, mod *score.Model, fit labelFit) {
				if p := pairProbability(t, mod, uncertain, pb, fit.pairShift); math.Abs(p-0.7) > 0.05 {
					t.Errorf("probability of the answered pattern %.3f, want about 0.7", p)
				}
				if fit.pairShift <= 0 {
					t.Errorf("pair shift %.2f, want the prior to rise", fit.pairShift)
				}
				if mod.Fields[0].Levels[1].M <= 0.2 {
					t.Errorf("m of a close name %.3f, want it to rise from 0.2", mod.Fields[0].Levels[1].M)
				}
			},
		},
		{
			name:   "all different",
			reason: "pairs the model calls likely are all two people: the prior falls",
			cases:  pairCases(score.Vector{0, 0}, 50, 0),
			check: func(t *testing.T, mod *score.Model, fit labelFit) {
				if fit.pairShift >= 0 {
					t.Errorf("pair shift %.2f, want the prior to fall", fit.pairShift)
				}
				if fit.noneShift != 0 {
					t.Errorf("none shift %.2f without contacts, want 0", fit.noneShift)
				}
			},
		},
		{
			name:   "bounded",
			reason: "the normal priors keep one surprising answer from moving the model as far as many",
			cases:  pairCases(uncertain, 1, 1),
			check: func(t *testing.T, mod *score.Model, fit labelFit) {
				many := twoFieldModel()
				w, _ := many.Compile()
				all := fitLabels(many, w, pairCases(uncertain, 100, 100), pb, 13, noneShiftSD, never)
				if fit.pairShift <= 0 || fit.pairShift > 2*labelShiftSD || fit.pairShift >= all.pairShift {
					t.Errorf("pair shift %.2f, want within (0, %v] and below the %.2f of 100 such answers", fit.pairShift, 2*labelShiftSD, all.pairShift)
				}
				if m := mod.Fields[0].Levels[1].M; m > 0.2*math.Exp(labelTiltSD) {
					t.Errorf("m of a close name %.3f, want within a factor e^%v of 0.2", m, labelTiltSD)
				}
			},
		},
		{
			name:   "held levels",
			reason: "with every level held, only the prior moves",
			cases:  pairCases(uncertain, 100, 90),
			held:   func(int, int) bool { return true },
			check: func(t *testing.T, mod *score.Model, fit labelFit) {
				want := twoFieldModel()
				for f := range want.Fields {
					for l := range want.Fields[f].Levels {
						if got := mod.Fields[f].Levels[l].M; math.Abs(got-want.Fields[f].Levels[l].M) > 1e-12 {
							t.Errorf("field %d level %d: m %v, want %v", f, l, got, want.Fields[f].Levels[l].M)
						}
					}
				}
				if fit.pairShift <= 0 {
					t.Errorf("pair shift %.2f, want the prior to rise", fit.pairShift)
				}
			},
		},
		{
			name:   "missing field",
			reason: "a field missing from every answer keeps its m",
			cases:  pairCases(score.Vector{1, score.Missing}, 100, 90),
			check: func(t *testing.T, mod *score.Model, fit labelFit) {
				if m := mod.Fields[1].Levels[0].M; math.Abs(m-0.8) > 1e-12 {
					t.Errorf("m of an exact date %v, want 0.8", m)
				}
			},
		},
		{
			name:   "namesakes",
			reason: "of two namesakes, the answer is the first half the time: each can have at most half, so 'none' must give up the mass it holds",
			cases:  contactCases(score.Vector{0, 0}, 2, 200, 100),
			check: func(t *testing.T, mod *score.Model, fit labelFit) {
				if fit.noneShift <= 0 {
					t.Errorf("none shift %.2f, want the odds of a customer to rise: 'none' took most of the mass", fit.noneShift)
				}
			},
		},
		{
			name:   "contacts",
			reason: "contacts with one candidate, 90% of them that customer: 'none of the customers' was weighed too heavily",
			cases:  contactCases(score.Vector{0, score.Missing}, 1, 200, 180),
			check: func(t *testing.T, mod *score.Model, fit labelFit) {
				w, err := mod.Compile()
				if err != nil {
					t.Fatal(err)
				}
				ev := w.Weight(score.Vector{0, score.Missing}) - w.PriorBits()
				if conf := score.Probability(ev - (13 - fit.noneShift)); math.Abs(conf-0.9) > 0.05 {
					t.Errorf("confidence %.3f after the fit, want about 0.9", conf)
				}
				if fit.pairShift != 0 {
					t.Errorf("pair shift %.2f without pair labels, want 0", fit.pairShift)
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mod := twoFieldModel()
			w, err := mod.Compile()
			if err != nil {
				t.Fatal(err)
			}
			held := tt.held
			if held == nil {
				held = never
			}
			// "None" at 13 bits: a contact against 8,000 customers at a none prior of ½.
			fit := fitLabels(mod, w, tt.cases, pb, 13, noneShiftSD, held)
			for f, fl := range mod.Fields {
				sum := 0.0
				for _, l := range fl.Levels {
					sum += l.M
				}
				if math.Abs(sum-1) > 1e-9 {
					t.Errorf("field %d: m sums to %v, want 1", f, sum)
				}
			}
			if math.IsNaN(fit.pairShift) || math.IsNaN(fit.noneShift) {
				t.Fatalf("fit %+v", fit)
			}
			t.Logf("%s: fit %+v", tt.reason, fit)
			tt.check(t, mod, fit)
		})
	}
}

func TestSolve(t *testing.T) {
	tests := []struct {
		name string
		a, b []float64
		want []float64 // nil: not positive definite
	}{
		{"identity", []float64{1, 0, 0, 1}, []float64{3, 4}, []float64{3, 4}},
		{"coupled", []float64{4, 2, 2, 3}, []float64{2, 1}, []float64{0.5, 0}},
		{"indefinite", []float64{1, 2, 2, 1}, []float64{1, 1}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := solve(tt.a, tt.b, len(tt.b))
			if (got == nil) != (tt.want == nil) {
				t.Fatalf("solve = %v, want %v", got, tt.want)
			}
			for i := range tt.want {
				if math.Abs(got[i]-tt.want[i]) > 1e-12 {
					t.Errorf("x[%d] = %v, want %v", i, got[i], tt.want[i])
				}
			}
		})
	}
}
