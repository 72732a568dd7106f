package score

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// emTruth is the model the EM tests simulate from: six fields like a person schema, two with
// many missing values, prior 0.05.
func emTruth() *Model {
	return &Model{
		Prior: 0.05,
		Fields: []Field{
			{Name: "surname", Levels: []Level{{"exact", 0.85, 0.02}, {"close", 0.10, 0.08}, {"different", 0.05, 0.90}}},
			{Name: "given", Levels: []Level{{"exact", 0.80, 0.05}, {"close", 0.15, 0.15}, {"different", 0.05, 0.80}}},
			{Name: "dob", Levels: []Level{{"exact", 0.92, 0.01}, {"different", 0.08, 0.99}}},
			{Name: "city", Levels: []Level{{"exact", 0.85, 0.20}, {"different", 0.15, 0.80}}},
			{Name: "phone", Levels: []Level{{"exact", 0.70, 0.002}, {"different", 0.30, 0.998}}},
			{Name: "email", Levels: []Level{{"exact", 0.60, 0.001}, {"close", 0.20, 0.01}, {"far", 0.10, 0.10}, {"different", 0.10, 0.889}}},
		},
	}
}

// emMissingRate is the share of missing values per field of emTruth.
var emMissingRate = []float64{0, 0.05, 0.1, 0.2, 0.4, 0.5}

// untrained returns a copy of m's structure with every probability zeroed.
func untrained(m *Model) *Model {
	c := m.Clone()
	c.Prior = 0
	for f := range c.Fields {
		for l := range c.Fields[f].Levels {
			c.Fields[f].Levels[l].M, c.Fields[f].Levels[l].U = 0, 0
		}
	}
	return c
}

// drawLevel draws a level from a distribution given by m or u.
func drawLevel(rng *rand.Rand, levels []Level, match bool) uint8 {
	r := rng.Float64()
	for i, l := range levels {
		p := l.U
		if match {
			p = l.M
		}
		if r < p {
			return uint8(i)
		}
		r -= p
	}
	return uint8(len(levels) - 1)
}

// simulateVectors draws n comparison vectors from the model (conditionally independent fields,
// values missing at random at the given rates) and reports which are matches.
func simulateVectors(m *Model, missing []float64, n int, seed uint64) ([]Vector, []bool) {
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	vs := make([]Vector, n)
	isMatch := make([]bool, n)
	for i := range vs {
		match := rng.Float64() < m.Prior
		v := make(Vector, len(m.Fields))
		for f, fd := range m.Fields {
			v[f] = drawLevel(rng, fd.Levels, match)
			if f < len(missing) && rng.Float64() < missing[f] {
				v[f] = Missing
			}
		}
		vs[i], isMatch[i] = v, match
	}
	return vs, isMatch
}

func patternsOf(fields int, vs []Vector) *Patterns {
	p := NewPatterns(fields)
	for _, v := range vs {
		p.Add(v)
	}
	return p
}

// maxParamDiff returns the largest absolute difference between the probabilities of two
// models with the same structure.
func maxParamDiff(a, b *Model) float64 {
	d := math.Abs(a.Prior - b.Prior)
	for f := range a.Fields {
		for l := range a.Fields[f].Levels {
			d = max(d, math.Abs(a.Fields[f].Levels[l].M-b.Fields[f].Levels[l].M))
			d = max(d, math.Abs(a.Fields[f].Levels[l].U-b.Fields[f].Levels[l].U))
		}
	}
	return d
}

func requireFinite(t *testing.T, m *Model) {
	t.Helper()
	require.False(t, math.IsNaN(m.Prior) || math.IsInf(m.Prior, 0), "prior %v", m.Prior)
	for _, f := range m.Fields {
		for _, l := range f.Levels {
			require.False(t, math.IsNaN(l.M) || math.IsNaN(l.U), "field %s level %s: %v %v", f.Name, l.Name, l.M, l.U)
		}
	}
	require.NoError(t, m.Validate())
}

// requireMonotone checks that EM never decreased its objective, allowing for rounding in the
// sum over patterns.
func requireMonotone(t *testing.T, h []float64) {
	t.Helper()
	for i := 1; i < len(h); i++ {
		require.GreaterOrEqual(t, h[i], h[i-1]-1e-9*math.Abs(h[i-1]), "iteration %d", i)
	}
}

// TestTrainEMRecoversModel is the accuracy test: from 200,000 pairs simulated with a fixed seed
// from emTruth, EM started from defaults recovers every m, u and the prior within 0.02.
func TestTrainEMRecoversModel(t *testing.T) {
	truth := emTruth()
	vs, _ := simulateVectors(truth, emMissingRate, 200_000, 42)
	p := patternsOf(len(truth.Fields), vs)

	m := untrained(truth)
	rep, err := m.TrainEM(p, EMOptions{})
	require.NoError(t, err)
	requireFinite(t, m)
	assert.True(t, rep.Converged, "converges within the default 100 iterations (took %d)", rep.Iterations)
	assert.False(t, rep.Swapped)
	assert.Len(t, rep.History, rep.Iterations+1)
	assert.Equal(t, rep.History[len(rep.History)-1], rep.LogLikelihood)
	requireMonotone(t, rep.History)

	d := maxParamDiff(truth, m)
	t.Logf("largest |Δ| of prior, m, u: %.4f after %d iterations; prior %.4f (true %.2f)", d, rep.Iterations, m.Prior, truth.Prior)
	assert.LessOrEqual(t, d, 0.02)
	for _, f := range m.Fields {
		assert.Greater(t, f.Levels[0].M, f.Levels[0].U, "field %s: agreement is evidence of a match", f.Name)
	}
}

// TestTrainEMFixU learns M and the prior with U estimated from random pairs.
func TestTrainEMFixU(t *testing.T) {
	truth := emTruth()
	vs, _ := simulateVectors(truth, emMissingRate, 100_000, 7)
	random := truth.Clone()
	random.Prior = 1e-4 // random pairs are nearly all non-matches
	rv, _ := simulateVectors(random, emMissingRate, 100_000, 8)

	m := untrained(truth)
	require.NoError(t, m.EstimateU(patternsOf(len(truth.Fields), rv)))
	u := m.Clone()
	rep, err := m.TrainEM(patternsOf(len(truth.Fields), vs), EMOptions{FixU: true})
	require.NoError(t, err)
	requireFinite(t, m)
	requireMonotone(t, rep.History)
	for f := range m.Fields {
		for l := range m.Fields[f].Levels {
			assert.Equal(t, u.Fields[f].Levels[l].U, m.Fields[f].Levels[l].U, "U is kept")
		}
	}
	assert.LessOrEqual(t, maxParamDiff(truth, m), 0.02)
}

func TestTrainEMFixPrior(t *testing.T) {
	truth := emTruth()
	vs, _ := simulateVectors(truth, emMissingRate, 50_000, 9)
	m := untrained(truth)
	m.Prior = 0.05
	rep, err := m.TrainEM(patternsOf(len(truth.Fields), vs), EMOptions{FixPrior: true})
	require.NoError(t, err)
	requireMonotone(t, rep.History)
	assert.Equal(t, 0.05, m.Prior)
	assert.LessOrEqual(t, maxParamDiff(truth, m), 0.03)
}

// TestTrainEMLabelSwitch starts EM from the classes exchanged: it converges to the exchanged
// solution, which TrainEM must swap back.
func TestTrainEMLabelSwitch(t *testing.T) {
	truth := emTruth()
	vs, _ := simulateVectors(truth, emMissingRate, 50_000, 10)
	m := truth.Clone()
	m.Prior = 1 - truth.Prior
	for f := range m.Fields {
		for l := range m.Fields[f].Levels {
			lv := &m.Fields[f].Levels[l]
			lv.M, lv.U = lv.U, lv.M
		}
	}
	rep, err := m.TrainEM(patternsOf(len(truth.Fields), vs), EMOptions{})
	require.NoError(t, err)
	assert.True(t, rep.Swapped)
	assert.InDelta(t, truth.Prior, m.Prior, 0.02)
	for _, f := range m.Fields {
		assert.Greater(t, f.Levels[0].M, f.Levels[0].U, "field %s", f.Name)
	}
	assert.LessOrEqual(t, maxParamDiff(truth, m), 0.03)
}

// TestTrainEMStartsFromModel: a model that is already at the optimum barely moves.
func TestTrainEMStartsFromModel(t *testing.T) {
	truth := emTruth()
	vs, _ := simulateVectors(truth, emMissingRate, 50_000, 11)
	p := patternsOf(len(truth.Fields), vs)
	m := untrained(truth)
	_, err := m.TrainEM(p, EMOptions{})
	require.NoError(t, err)
	again := m.Clone()
	rep, err := again.TrainEM(p, EMOptions{})
	require.NoError(t, err)
	assert.LessOrEqual(t, rep.Iterations, 3)
	assert.LessOrEqual(t, maxParamDiff(m, again), 1e-4)
}

func TestTrainEMDegenerate(t *testing.T) {
	two := &Model{Fields: []Field{
		{Name: "a", Levels: []Level{{Name: "exact"}, {Name: "different"}}},
		{Name: "b", Levels: []Level{{Name: "exact"}, {Name: "close"}, {Name: "different"}}},
	}}
	tests := []struct {
		name    string
		vectors []Vector
		counts  []uint64
		wantErr error
		reason  string
	}{
		{"empty", nil, nil, ErrNoData, ""},
		{"one pattern", []Vector{{0, 0}}, []uint64{1000}, ErrNoData, "one distinct vector cannot separate two classes"},
		{"all missing", []Vector{{Missing, Missing}, {Missing}}, []uint64{5, 5}, ErrNoData, "nothing observed"},
		{"out of range is missing", []Vector{{7, Missing}, {9, 200}}, []uint64{5, 5}, ErrNoData, ""},
		{"two patterns", []Vector{{0, 0}, {1, 2}}, []uint64{10, 990}, nil, ""},
		{"perfect separation", []Vector{{0, 0}, {1, 2}}, []uint64{1, 1}, nil, "probabilities would reach 0 without smoothing"},
		{"one field never observed", []Vector{{0, Missing}, {1, Missing}, {0, Missing}}, []uint64{3, 100, 0}, nil, ""},
		{"constant field", []Vector{{0, 0}, {0, 1}, {0, 2}}, []uint64{50, 50, 50}, nil, "every pair agrees on a"},
		{"huge counts", []Vector{{0, 0}, {1, 2}, {0, 1}}, []uint64{1 << 60, 1 << 62, 1 << 50}, nil, ""},
		{"empty levels", []Vector{{0, 0}, {1, 0}, {0, Missing}}, []uint64{10, 10, 10}, nil, "levels never seen get a smoothed share"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := NewPatterns(2)
			for i, v := range tt.vectors {
				p.AddN(v, tt.counts[i])
			}
			m := two.Clone()
			before := m.Clone()
			rep, err := m.TrainEM(p, EMOptions{})
			if tt.wantErr != nil {
				require.ErrorIs(t, err, tt.wantErr, tt.reason)
				assert.Equal(t, before, m, "the model is unchanged on error")
				return
			}
			require.NoError(t, err, tt.reason)
			requireFinite(t, m)
			assert.False(t, math.IsNaN(rep.LogLikelihood))
			for _, h := range rep.History {
				require.False(t, math.IsNaN(h))
			}
			requireMonotone(t, rep.History)
			w, err := m.Compile()
			require.NoError(t, err)
			for v := range p.All() {
				wt := w.Weight(v)
				require.False(t, math.IsNaN(wt) || math.IsInf(wt, 0))
			}
		})
	}
}

func TestTrainEMNeverObservedFieldIsNeutral(t *testing.T) {
	truth := emTruth()
	missing := slices.Clone(emMissingRate)
	missing[3] = 1 // city never observed
	vs, _ := simulateVectors(truth, missing, 20_000, 12)
	m := untrained(truth)
	_, err := m.TrainEM(patternsOf(len(truth.Fields), vs), EMOptions{})
	require.NoError(t, err)
	for _, l := range m.Fields[3].Levels {
		assert.InDelta(t, l.U, l.M, 1e-12, "no evidence either way")
	}

	// A model that already knows the field keeps what it knows.
	known := truth.Clone()
	_, err = known.TrainEM(patternsOf(len(truth.Fields), vs), EMOptions{})
	require.NoError(t, err)
	assert.Equal(t, truth.Fields[3], known.Fields[3])
}

func TestTrainEMArguments(t *testing.T) {
	truth := emTruth()
	vs, _ := simulateVectors(truth, emMissingRate, 1000, 13)
	p := patternsOf(len(truth.Fields), vs)
	tests := []struct {
		name    string
		model   *Model
		p       *Patterns
		opt     EMOptions
		wantErr error
	}{
		{"nil model", nil, p, EMOptions{}, ErrInvalidModel},
		{"no fields", &Model{}, p, EMOptions{}, ErrInvalidModel},
		{"one level", &Model{Fields: []Field{{Name: "a", Levels: []Level{{Name: "x"}}}}}, NewPatterns(1), EMOptions{}, ErrInvalidModel},
		{"nil patterns", untrained(truth), nil, EMOptions{}, ErrNoData},
		{"field count", untrained(truth), patternsWith(3, Vector{0, 0, 0}, Vector{1, 1, 1}), EMOptions{}, ErrInvalidModel},
		{"negative iterations", untrained(truth), p, EMOptions{MaxIterations: -1}, ErrEMOptions},
		{"negative tolerance", untrained(truth), p, EMOptions{Tolerance: -1}, ErrEMOptions},
		{"nan tolerance", untrained(truth), p, EMOptions{Tolerance: math.NaN()}, ErrEMOptions},
		{"negative smoothing", untrained(truth), p, EMOptions{Smoothing: -0.1}, ErrEMOptions},
		{"inf smoothing", untrained(truth), p, EMOptions{Smoothing: math.Inf(1)}, ErrEMOptions},
		{"FixU without U", untrained(truth), p, EMOptions{FixU: true}, ErrInvalidModel},
		{"FixPrior without prior", untrained(truth), p, EMOptions{FixPrior: true}, ErrInvalidModel},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.model.TrainEM(tt.p, tt.opt)
			require.ErrorIs(t, err, tt.wantErr)
		})
	}
}

// patternsWith is a shorthand: a Patterns holding each vector once.
func patternsWith(fields int, vs ...Vector) *Patterns { return patternsOf(fields, vs) }

func TestTrainEMIterationLimit(t *testing.T) {
	truth := emTruth()
	vs, _ := simulateVectors(truth, emMissingRate, 5000, 14)
	m := untrained(truth)
	rep, err := m.TrainEM(patternsOf(len(truth.Fields), vs), EMOptions{MaxIterations: 2, Tolerance: 1e-12})
	require.NoError(t, err)
	assert.Equal(t, 2, rep.Iterations)
	assert.False(t, rep.Converged)
	assert.Len(t, rep.History, 3)
	requireFinite(t, m)
}

func TestEstimateU(t *testing.T) {
	m := untrained(handModel())
	p := NewPatterns(3)
	p.AddN(Vector{0, 0, Missing}, 1)
	p.AddN(Vector{2, 1, Missing}, 9)
	p.AddN(Vector{1, 1, Missing}, 10)
	require.NoError(t, m.EstimateU(p))
	s := DefaultSmoothing
	assert.InDelta(t, (1+s)/(20+3*s), m.Fields[0].Levels[0].U, 1e-12)
	assert.InDelta(t, (10+s)/(20+3*s), m.Fields[0].Levels[1].U, 1e-12)
	assert.InDelta(t, (1+s)/(20+2*s), m.Fields[1].Levels[0].U, 1e-12)
	for _, l := range m.Fields[2].Levels {
		assert.InDelta(t, 1.0/3, l.U, 1e-12, "never observed and no valid U: uniform")
		assert.Equal(t, 0.0, l.M, "M is not touched")
	}

	kept := handModel()
	require.NoError(t, kept.EstimateU(p))
	assert.Equal(t, handModel().Fields[2], kept.Fields[2], "a valid U of a field never observed is kept")

	withM := handModel()
	for l := range withM.Fields[2].Levels {
		withM.Fields[2].Levels[l].U = 0
	}
	require.NoError(t, withM.EstimateU(p))
	for _, l := range withM.Fields[2].Levels {
		assert.Equal(t, l.M, l.U, "never observed with a valid M: u = m, neutral")
	}

	require.ErrorIs(t, m.EstimateU(NewPatterns(3)), ErrNoData)
	require.ErrorIs(t, m.EstimateU(patternsWith(2, Vector{0, 0})), ErrInvalidModel)
	var nilModel *Model
	require.ErrorIs(t, nilModel.EstimateU(p), ErrInvalidModel)
}

func TestFitLabelled(t *testing.T) {
	truth := emTruth()
	vs, isMatch := simulateVectors(truth, emMissingRate, 200_000, 15)
	matches, non := NewPatterns(6), NewPatterns(6)
	for i, v := range vs {
		if isMatch[i] {
			matches.Add(v)
		} else {
			non.Add(v)
		}
	}
	m := untrained(truth)
	require.NoError(t, m.FitLabelled(matches, non))
	requireFinite(t, m)
	assert.InDelta(t, truth.Prior, m.Prior, 0.005, "an unset prior becomes the labelled share of matches")
	assert.LessOrEqual(t, maxParamDiff(truth, m), 0.02)

	m.Prior = 0.3
	require.NoError(t, m.FitLabelled(matches, non))
	assert.Equal(t, 0.3, m.Prior, "a valid prior is kept")

	// phone never observed among the matches: an untrained model takes m = u for it.
	noPhone := NewPatterns(6)
	for v, n := range matches.All() {
		w := slices.Clone(v)
		w[4] = Missing
		noPhone.AddN(w, n)
	}
	m = untrained(truth)
	require.NoError(t, m.FitLabelled(noPhone, non))
	requireFinite(t, m)
	for _, l := range m.Fields[4].Levels {
		assert.Equal(t, l.U, l.M, "no evidence among matches: neutral")
	}

	require.ErrorIs(t, m.FitLabelled(nil, non), ErrNoData)
	require.ErrorIs(t, m.FitLabelled(matches, NewPatterns(6)), ErrNoData)
	var nilModel *Model
	require.ErrorIs(t, nilModel.FitLabelled(matches, non), ErrInvalidModel)
}

func TestPatterns(t *testing.T) {
	p := NewPatterns(3)
	v := Vector{0, 1, 2}
	p.Add(v)
	v[0] = 9 // Add copied v
	p.Add(Vector{0, 1, 2})
	p.AddN(Vector{1, 1, 1}, 5)
	p.AddN(Vector{2, 2, 2}, 0)
	p.Add(Vector{0, 1})             // padded with Missing
	p.Add(Vector{0, 1, Missing, 4}) // truncated: same as the previous
	assert.Equal(t, 3, p.Len())
	assert.Equal(t, uint64(9), p.Total())
	assert.Equal(t, 3, p.Fields())

	type row struct {
		v Vector
		n uint64
	}
	collect := func(p *Patterns) []row {
		var rows []row
		for v, n := range p.All() {
			rows = append(rows, row{slices.Clone(v), n})
		}
		return rows
	}
	want := []row{{Vector{0, 1, 2}, 2}, {Vector{1, 1, 1}, 5}, {Vector{0, 1, Missing}, 2}}
	assert.Equal(t, want, collect(p), "in order of first appearance")

	for range p.All() {
		break // stopping early must not panic
	}

	o := NewPatterns(3)
	o.AddN(Vector{1, 1, 1}, 2)
	o.Add(Vector{Missing, Missing, Missing})
	p.Merge(o)
	p.Merge(nil)
	assert.Equal(t, uint64(12), p.Total())
	assert.Equal(t, 4, p.Len())
	assert.Equal(t, uint64(3), o.Total(), "Merge leaves its argument alone")

	p.Merge(p)
	assert.Equal(t, uint64(24), p.Total())
	assert.Equal(t, 4, p.Len())

	z := NewPatterns(-1)
	z.Add(Vector{1, 2})
	assert.Equal(t, 1, z.Len())
	assert.Equal(t, 0, z.Fields())
}

func BenchmarkPatternsAdd(b *testing.B) {
	vs, _ := simulateVectors(emTruth(), emMissingRate, 1<<14, 1)
	p := NewPatterns(6)
	for _, v := range vs {
		p.Add(v)
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		p.Add(vs[i&(len(vs)-1)])
		i++
	}
}

// BenchmarkTrainEM1M builds the patterns of 1,000,000 comparison vectors and trains a model on
// them: the budget is 2 s per operation on one core.
func BenchmarkTrainEM1M(b *testing.B) {
	truth := emTruth()
	vs, _ := simulateVectors(truth, emMissingRate, 1_000_000, 2)
	b.ReportAllocs()
	for b.Loop() {
		p := patternsOf(len(truth.Fields), vs)
		m := untrained(truth)
		if _, err := m.TrainEM(p, EMOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}
