package score

import (
	"fmt"
	"iter"
	"math"
)

// Patterns counts distinct comparison vectors. EM works on these counts rather than on pairs,
// so a million compared pairs with a few thousand distinct vectors cost a few thousand rows
// per iteration.
//
// Every vector has the length given to NewPatterns: a shorter vector is padded with Missing
// and the extra entries of a longer one are dropped. Add copies the vector it is given and
// keeps no reference to it.
//
// A Patterns is not safe for concurrent use. To count from several goroutines, give each its
// own Patterns and Merge them afterwards.
type Patterns struct {
	fields  int
	index   map[string]int // vector bytes → row
	vecs    []uint8        // rows of `fields` levels, in order of first appearance
	counts  []uint64
	total   uint64
	scratch []uint8
}

// NewPatterns returns an empty count of vectors of the given length (a negative length counts
// as 0).
func NewPatterns(fields int) *Patterns {
	fields = max(fields, 0)
	return &Patterns{fields: fields, index: make(map[string]int), scratch: make([]uint8, fields)}
}

// Fields returns the length of the counted vectors.
func (p *Patterns) Fields() int { return p.fields }

// Add counts one occurrence of v.
func (p *Patterns) Add(v Vector) { p.AddN(v, 1) }

// AddN counts n occurrences of v; n == 0 does nothing.
func (p *Patterns) AddN(v Vector, n uint64) {
	if n == 0 {
		return
	}
	if len(v) != p.fields {
		k := copy(p.scratch, v)
		for i := k; i < p.fields; i++ {
			p.scratch[i] = Missing
		}
		v = p.scratch
	}
	// The string conversion in a map index does not allocate.
	if i, ok := p.index[string(v)]; ok {
		p.counts[i] += n
	} else {
		p.index[string(v)] = len(p.counts)
		p.vecs = append(p.vecs, v...)
		p.counts = append(p.counts, n)
	}
	p.total += n
}

// Merge adds the counts of o to p. o is not changed; it may be p itself (doubling every
// count).
func (p *Patterns) Merge(o *Patterns) {
	if o == nil {
		return
	}
	n := len(o.counts) // fixed before the loop in case o == p
	for i := range n {
		p.AddN(Vector(o.vecs[i*o.fields:(i+1)*o.fields]), o.counts[i])
	}
}

// Len returns the number of distinct vectors counted.
func (p *Patterns) Len() int { return len(p.counts) }

// Total returns the number of vectors counted.
func (p *Patterns) Total() uint64 { return p.total }

// All yields each distinct vector with its count, in order of first appearance. The yielded
// Vector is a view of p's storage: it must not be modified, and it is only valid until p is
// next changed; copy it to keep it.
func (p *Patterns) All() iter.Seq2[Vector, uint64] {
	return func(yield func(Vector, uint64) bool) {
		f := p.fields
		for i, c := range p.counts {
			if !yield(Vector(p.vecs[i*f:(i+1)*f:(i+1)*f]), c) {
				return
			}
		}
	}
}

// Defaults of EMOptions.
const (
	// DefaultMaxIterations is the iteration limit of EM; with patterns it costs little, and a
	// sensible start converges in far fewer.
	DefaultMaxIterations = 100
	// DefaultTolerance is the largest change of any probability that still counts as
	// converged; finer than any weight a person would read.
	DefaultTolerance = 1e-5
	// DefaultSmoothing is a tenth of a pair added to every level of both classes: enough to keep
	// an empty level's probability above 0 (so its weight is finite), too little to move the
	// estimate of a level seen even a few times.
	DefaultSmoothing = 0.1
	// defaultPrior is the starting prior when the model has none.
	defaultPrior = 0.1
	// defaultM0 is the starting m of level 0 (exact agreement) when the model has no m.
	defaultM0 = 0.9
	// levelSlots is the stride of the per-field tables in EM: one slot per possible uint8, so
	// the level indexes the table without a bounds test; slots past the last level stay 0 and
	// act as Missing.
	levelSlots = 256
)

// EMOptions configures Model.TrainEM. The zero value gives the defaults. It is a plain value,
// safe to copy.
type EMOptions struct {
	// MaxIterations bounds the number of EM iterations; 0 means DefaultMaxIterations.
	MaxIterations int
	// Tolerance: training stops when no parameter (prior, m or u) moves by more than this in
	// an iteration; 0 means DefaultTolerance.
	Tolerance float64
	// FixU keeps the model's U (estimated from random pairs, see EstimateU) and learns M and
	// the prior only. The model's U must then be valid.
	FixU bool
	// FixPrior keeps the model's Prior, which must then be in (0,1).
	FixPrior bool
	// Smoothing is the pseudo-count added to every level of each class (and to each class for
	// the prior) in every M-step, so that no probability becomes 0. It makes EM a maximum a
	// posteriori estimate under a Dirichlet(1+Smoothing) prior. 0 means DefaultSmoothing;
	// negative is an error.
	Smoothing float64
}

// EMReport describes a run of Model.TrainEM. It is plain data owned by the caller.
type EMReport struct {
	// Iterations is the number of EM updates made.
	Iterations int
	// Converged is true when training stopped because no parameter moved more than the
	// tolerance, false when it hit MaxIterations.
	Converged bool
	// LogLikelihood is the final value of the objective EM maximises: the natural-log
	// likelihood of the counted vectors (missing fields marginalised out) plus the smoothing
	// term Smoothing·Σ(log m + log u) + Smoothing·(log λ + log(1-λ)).
	LogLikelihood float64
	// History holds the objective before the first update and after each update
	// (Iterations+1 values). EM never decreases it, up to rounding.
	History []float64
	// Swapped is true when the two classes came out exchanged (the class called "match" agreed
	// less than the other) and TrainEM swapped them back.
	Swapped bool
}

// emState holds the parameters in flat tables of levelSlots entries per field.
type emState struct {
	nf       int
	nl       []int     // levels per field
	m, u     []float64 // probabilities; slots ≥ nl[f] are unused
	logM     []float64 // log m; slots ≥ nl[f] are 0 (Missing adds nothing)
	logU     []float64
	prior    float64
	sm, su   []float64 // expected counts per slot in the E-step
	observed []bool    // field has at least one non-missing value
}

// TrainEM fits the model's M, U and Prior to the counted vectors by expectation maximisation,
// updating m in place (its Levels slices included); on error m is left unchanged. Level names
// and TermFrequency are kept.
//
// Only the model's structure is required beforehand (names and level counts, as Validate
// checks). Training starts from the model's own values where they are valid probabilities,
// and otherwise from defaults: m with 0.9 on level 0 (more if the field agrees that often by
// chance) and the rest spread evenly, u from the observed frequency of each level (most pairs
// are non-matches), prior 0.1.
//
// Two labellings of the classes fit the data equally well. After training, the class whose
// level 0 probabilities are higher in most fields (ties decided by the sum of m0-u0) is taken
// as the match class; if that is the U class, M and U are swapped and the prior becomes 1-λ,
// and the report says so. With FixU or FixPrior the fixed parameters identify the classes and
// nothing is swapped.
//
// A field missing from every vector is not trained: it keeps its M and U if both are valid,
// and otherwise gets m = u (its valid U, or uniform), so it weighs nothing. Empty
// patterns, a single distinct vector, or vectors that are all missing give an error wrapping
// ErrNoData; the result never holds NaN.
func (m *Model) TrainEM(p *Patterns, opt EMOptions) (EMReport, error) {
	if m == nil {
		return EMReport{}, fmt.Errorf("%w: nil model", ErrInvalidModel)
	}
	if err := m.validateStructure(); err != nil {
		return EMReport{}, err
	}
	if err := opt.normalize(); err != nil {
		return EMReport{}, err
	}
	if err := m.checkPatterns(p); err != nil {
		return EMReport{}, err
	}
	if p.Len() < 2 {
		return EMReport{}, fmt.Errorf("%w: %d distinct vectors, need at least 2", ErrNoData, p.Len())
	}
	if opt.FixU {
		for i := range m.Fields {
			if err := validateU(&m.Fields[i]); err != nil {
				return EMReport{}, fmt.Errorf("FixU: %w", err)
			}
		}
	}
	if opt.FixPrior && !openUnit(m.Prior) {
		return EMReport{}, fmt.Errorf("%w: FixPrior with prior %v not in (0,1)", ErrInvalidModel, m.Prior)
	}

	st := m.initEM(p, opt.Smoothing)
	anyObserved := false
	for _, o := range st.observed {
		anyObserved = anyObserved || o
	}
	if !anyObserved {
		return EMReport{}, fmt.Errorf("%w: every value is missing", ErrNoData)
	}

	var rep EMReport
	for {
		ll := st.estep(p) + st.penalty(opt.Smoothing)
		rep.History = append(rep.History, ll)
		rep.LogLikelihood = ll
		if rep.Converged || rep.Iterations == opt.MaxIterations {
			break
		}
		delta := st.mstep(opt)
		rep.Iterations++
		rep.Converged = delta <= opt.Tolerance
	}

	if !opt.FixU && !opt.FixPrior && st.matchClassAgreesLess() {
		st.swapClasses()
		rep.Swapped = true
	}
	st.store(m, opt)
	return rep, nil
}

func (o *EMOptions) normalize() error {
	switch {
	case o.MaxIterations < 0:
		return fmt.Errorf("%w: MaxIterations %d < 0", ErrEMOptions, o.MaxIterations)
	case o.Tolerance < 0 || math.IsNaN(o.Tolerance):
		return fmt.Errorf("%w: Tolerance %v", ErrEMOptions, o.Tolerance)
	case o.Smoothing < 0 || math.IsNaN(o.Smoothing) || math.IsInf(o.Smoothing, 0):
		return fmt.Errorf("%w: Smoothing %v", ErrEMOptions, o.Smoothing)
	}
	if o.MaxIterations == 0 {
		o.MaxIterations = DefaultMaxIterations
	}
	if o.Tolerance == 0 {
		o.Tolerance = DefaultTolerance
	}
	if o.Smoothing == 0 {
		o.Smoothing = DefaultSmoothing
	}
	return nil
}

// checkPatterns rejects nil, empty or mis-sized pattern counts.
func (m *Model) checkPatterns(p *Patterns) error {
	if p == nil || p.Total() == 0 {
		return fmt.Errorf("%w: no vectors", ErrNoData)
	}
	if p.Fields() != len(m.Fields) {
		return fmt.Errorf("%w: vectors have %d fields, model has %d", ErrInvalidModel, p.Fields(), len(m.Fields))
	}
	return nil
}

// levelCounts returns the count of each level of each field (levelSlots per field) and the
// number of non-missing values per field.
func levelCounts(p *Patterns, nl []int) (counts, totals []float64) {
	nf := len(nl)
	counts = make([]float64, nf*levelSlots)
	totals = make([]float64, nf)
	for v, c := range p.All() {
		for f, l := range v {
			if int(l) < nl[f] {
				counts[f*levelSlots+int(l)] += float64(c)
				totals[f] += float64(c)
			}
		}
	}
	return counts, totals
}

func (m *Model) initEM(p *Patterns, s float64) *emState {
	nf := len(m.Fields)
	st := &emState{
		nf:       nf,
		nl:       make([]int, nf),
		m:        make([]float64, nf*levelSlots),
		u:        make([]float64, nf*levelSlots),
		logM:     make([]float64, nf*levelSlots),
		logU:     make([]float64, nf*levelSlots),
		sm:       make([]float64, nf*levelSlots),
		su:       make([]float64, nf*levelSlots),
		observed: make([]bool, nf),
	}
	for f := range m.Fields {
		st.nl[f] = len(m.Fields[f].Levels)
	}
	counts, totals := levelCounts(p, st.nl)
	for f, fd := range m.Fields {
		L, base := st.nl[f], f*levelSlots
		st.observed[f] = totals[f] > 0
		if !st.observed[f] {
			// Nothing to learn from: keep what the model knows, or make the field neutral
			// (m = u). The M-step leaves unobserved fields alone.
			uValid, mValid := validateU(&fd) == nil, validateM(&fd) == nil
			for l := range L {
				st.u[base+l] = 1 / float64(L)
				if uValid {
					st.u[base+l] = fd.Levels[l].U
				}
				st.m[base+l] = st.u[base+l]
				if mValid && uValid {
					st.m[base+l] = fd.Levels[l].M
				}
			}
			continue
		}
		if validateU(&fd) == nil {
			for l, lv := range fd.Levels {
				st.u[base+l] = lv.U
			}
		} else {
			for l := range L {
				st.u[base+l] = (counts[base+l] + s) / (totals[f] + float64(L)*s)
			}
		}
		if validateM(&fd) == nil {
			for l, lv := range fd.Levels {
				st.m[base+l] = lv.M
			}
		} else {
			m0 := max(defaultM0, (1+st.u[base])/2)
			st.m[base] = m0
			for l := 1; l < L; l++ {
				st.m[base+l] = (1 - m0) / float64(L-1)
			}
		}
	}
	st.prior = defaultPrior
	if openUnit(m.Prior) {
		st.prior = m.Prior
	}
	st.refreshLogs()
	return st
}

func (st *emState) refreshLogs() {
	for f := range st.nf {
		base := f * levelSlots
		for l := range st.nl[f] {
			st.logM[base+l] = math.Log(st.m[base+l])
			st.logU[base+l] = math.Log(st.u[base+l])
		}
	}
}

// estep computes the expected counts of each level in each class under the current
// parameters and returns the log-likelihood of the vectors.
func (st *emState) estep(p *Patterns) float64 {
	clear(st.sm)
	clear(st.su)
	logPrior, logNot := math.Log(st.prior), math.Log1p(-st.prior)
	ll := 0.0
	for v, c := range p.All() {
		a, b := logPrior, logNot
		for f, l := range v {
			a += st.logM[f*levelSlots+int(l)]
			b += st.logU[f*levelSlots+int(l)]
		}
		// g = P(match | v) = 1/(1+e^(b-a)), and log(e^a+e^b) without overflow.
		d := b - a
		g := 1 / (1 + math.Exp(d))
		ll += float64(c) * (max(a, b) + math.Log1p(math.Exp(-math.Abs(d))))
		cm, cu := float64(c)*g, float64(c)*(1-g)
		for f, l := range v {
			// Missing and out-of-range levels land in unused slots, ignored by the M-step.
			st.sm[f*levelSlots+int(l)] += cm
			st.su[f*levelSlots+int(l)] += cu
		}
	}
	return ll
}

// penalty is the log density (up to a constant) of the Dirichlet prior that smoothing stands
// for; adding it to the log-likelihood gives the objective EM does not decrease.
func (st *emState) penalty(s float64) float64 {
	t := math.Log(st.prior) + math.Log1p(-st.prior)
	for f := range st.nf {
		base := f * levelSlots
		for l := range st.nl[f] {
			t += st.logM[base+l] + st.logU[base+l]
		}
	}
	return s * t
}

// mstep re-estimates the parameters from the expected counts and returns the largest change
// of any parameter.
func (st *emState) mstep(opt EMOptions) float64 {
	s := opt.Smoothing
	delta := 0.0
	update := func(dst *float64, v float64) {
		delta = max(delta, math.Abs(v-*dst))
		*dst = v
	}
	if !opt.FixPrior {
		// Every vector is counted once in every field's slots (missing values past the last
		// level), so the slots of field 0 sum to the class totals.
		gm, gu := 0.0, 0.0
		for l := range levelSlots {
			gm += st.sm[l]
			gu += st.su[l]
		}
		update(&st.prior, clampOpen((gm+s)/(gm+gu+2*s)))
	}
	for f := range st.nf {
		if !st.observed[f] {
			continue
		}
		L, base := st.nl[f], f*levelSlots
		tm, tu := 0.0, 0.0
		for l := range L {
			tm += st.sm[base+l]
			tu += st.su[base+l]
		}
		for l := range L {
			update(&st.m[base+l], clampOpen((st.sm[base+l]+s)/(tm+float64(L)*s)))
			if !opt.FixU {
				update(&st.u[base+l], clampOpen((st.su[base+l]+s)/(tu+float64(L)*s)))
			}
		}
	}
	st.refreshLogs()
	return delta
}

// clampOpen keeps a probability strictly inside (0,1) where rounding of huge counts could
// reach an end.
func clampOpen(p float64) float64 {
	const eps = 1e-300
	if p < eps {
		return eps
	}
	if p >= 1 {
		return math.Nextafter(1, 0)
	}
	return p
}

// matchClassAgreesLess reports whether the U class agrees exactly (level 0) more often than the
// M class in most observed fields, ties decided by the summed difference.
func (st *emState) matchClassAgreesLess() bool {
	votes, diff := 0, 0.0
	for f := range st.nf {
		if !st.observed[f] {
			continue
		}
		d := st.m[f*levelSlots] - st.u[f*levelSlots]
		diff += d
		switch {
		case d > 0:
			votes++
		case d < 0:
			votes--
		}
	}
	return votes < 0 || (votes == 0 && diff < 0)
}

// swapClasses exchanges the two classes: the prior and the m and u of every observed field
// (unobserved fields were not trained, so their values keep their meaning).
func (st *emState) swapClasses() {
	st.prior = 1 - st.prior
	for f := range st.nf {
		if !st.observed[f] {
			continue
		}
		base := f * levelSlots
		for l := range st.nl[f] {
			st.m[base+l], st.u[base+l] = st.u[base+l], st.m[base+l]
		}
	}
}

// store writes the trained parameters back into the model.
func (st *emState) store(m *Model, opt EMOptions) {
	if !opt.FixPrior {
		m.Prior = st.prior
	}
	for f := range m.Fields {
		base := f * levelSlots
		lv := m.Fields[f].Levels
		for l := range lv {
			lv[l].M = st.m[base+l]
			if !opt.FixU {
				lv[l].U = st.u[base+l]
			}
		}
	}
}

// EstimateU sets each field's U to the observed frequency of its levels among random pairs,
// which are nearly all non-matches, smoothed by DefaultSmoothing. m is changed in place; M and
// Prior are kept. A field missing from every random pair keeps its U if valid; otherwise it
// gets U = M (so it weighs nothing) when M is valid, or a uniform U. On error m is unchanged.
func (m *Model) EstimateU(random *Patterns) error {
	if m == nil {
		return fmt.Errorf("%w: nil model", ErrInvalidModel)
	}
	if err := m.validateStructure(); err != nil {
		return err
	}
	if err := m.checkPatterns(random); err != nil {
		return fmt.Errorf("random pairs: %w", err)
	}
	observed := setFrequencies(m, random, func(l *Level, p float64) { l.U = p })
	for f := range m.Fields {
		if !observed[f] {
			fillUnobserved(&m.Fields[f], false)
		}
	}
	return nil
}

// FitLabelled sets M from the level frequencies of labelled matches and U from those of
// labelled non-matches, both smoothed by DefaultSmoothing. The prior is kept when it is valid,
// since labelled sets are rarely sampled at the rate matches occur among candidates; otherwise
// it is set to the share of matches among the labelled pairs. A field missing from every pair
// of one set keeps that set's probabilities if valid, and otherwise takes the other class's
// (so it weighs nothing) or, failing that, a uniform distribution. m is changed in place; on
// error it is unchanged.
func (m *Model) FitLabelled(matches, nonMatches *Patterns) error {
	if m == nil {
		return fmt.Errorf("%w: nil model", ErrInvalidModel)
	}
	if err := m.validateStructure(); err != nil {
		return err
	}
	if err := m.checkPatterns(matches); err != nil {
		return fmt.Errorf("matches: %w", err)
	}
	if err := m.checkPatterns(nonMatches); err != nil {
		return fmt.Errorf("non-matches: %w", err)
	}
	obsM := setFrequencies(m, matches, func(l *Level, p float64) { l.M = p })
	obsU := setFrequencies(m, nonMatches, func(l *Level, p float64) { l.U = p })
	for f := range m.Fields {
		if !obsM[f] {
			fillUnobserved(&m.Fields[f], true)
		}
		if !obsU[f] {
			fillUnobserved(&m.Fields[f], false)
		}
	}
	if !openUnit(m.Prior) {
		a, b := float64(matches.Total()), float64(nonMatches.Total())
		m.Prior = clampOpen(a / (a + b))
	}
	return nil
}

// setFrequencies calls set for each level of each field observed in p with its smoothed
// frequency, and reports which fields were observed.
func setFrequencies(m *Model, p *Patterns, set func(l *Level, p float64)) []bool {
	nl := make([]int, len(m.Fields))
	for f := range m.Fields {
		nl[f] = len(m.Fields[f].Levels)
	}
	counts, totals := levelCounts(p, nl)
	s := DefaultSmoothing
	observed := make([]bool, len(m.Fields))
	for f := range m.Fields {
		if totals[f] == 0 {
			continue
		}
		observed[f] = true
		L, base := float64(nl[f]), f*levelSlots
		for l := range m.Fields[f].Levels {
			set(&m.Fields[f].Levels[l], clampOpen((counts[base+l]+s)/(totals[f]+L*s)))
		}
	}
	return observed
}

// fillUnobserved handles a field with no observed value for one class (M when isM, else U):
// valid probabilities are kept; otherwise the other class's are copied when valid, making the
// field neutral, and a uniform distribution is used when neither is valid.
func fillUnobserved(f *Field, isM bool) {
	mValid, uValid := validateM(f) == nil, validateU(f) == nil
	uniform := 1 / float64(len(f.Levels))
	for l := range f.Levels {
		lv := &f.Levels[l]
		switch {
		case isM && !mValid && uValid:
			lv.M = lv.U
		case isM && !mValid:
			lv.M = uniform
		case !isM && !uValid && mValid:
			lv.U = lv.M
		case !isM && !uValid:
			lv.U = uniform
		}
	}
}
