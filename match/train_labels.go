package match

import (
	"fmt"
	"math"

	"github.com/idmatch/idmatch/score"
)

// labelledCase is an answered case as the model sees it. For a pair of stored records it
// has one alternative, the pair, against "two people". For a contact it has one
// alternative per candidate Match would weigh, against "none of the customers"; target
// marks the labelled customer and its stored duplicates, whose confidences add up to the
// person's.
type labelledCase struct {
	alts   []labelAlt
	target []bool
	query  bool
	same   bool
}

// labelAlt is one alternative of a case: its comparison levels and the frequency of each
// agreeing value.
type labelAlt struct {
	vec score.Vector
	tf  []float64
}

// labelCases compares the labelled pairs and, for each labelled contact, its candidates.
// mu is held for reading.
func (m *Matcher) labelCases(opt TrainOptions, rep *TrainReport) []labelledCase {
	var out []labelledCase
	sc := m.schema.newScratch()
	alt := func(a, b *features) labelAlt {
		m.compare(a, b, sc)
		return labelAlt{vec: append(score.Vector(nil), sc.vec...), tf: append([]float64(nil), sc.tf...)}
	}
	count := func(same bool) {
		if same {
			rep.LabelledSame++
		} else {
			rep.LabelledDifferent++
		}
	}
	for _, l := range opt.Labels {
		na, okA := m.byID.get(m.recs, l.A)
		nb, okB := m.byID.get(m.recs, l.B)
		if !okA || !okB || na == nb {
			rep.LabelErrors = append(rep.LabelErrors, fmt.Errorf("%w: label %q / %q", ErrNotFound, l.A, l.B))
			continue
		}
		if nb < na {
			na, nb = nb, na
		}
		out = append(out, labelledCase{alts: []labelAlt{alt(m.recs[na], m.recs[nb])}, target: []bool{true}, same: l.Same})
		count(l.Same)
	}
	for _, l := range opt.QueryLabels {
		n, ok := m.byID.get(m.recs, l.ID)
		if !ok {
			rep.LabelErrors = append(rep.LabelErrors, fmt.Errorf("%w: label for %q", ErrNotFound, l.ID))
			continue
		}
		q, _, err := m.prepare(l.Query)
		if err != nil {
			rep.LabelErrors = append(rep.LabelErrors, fmt.Errorf("label for %q: %w", l.ID, err))
			continue
		}
		c := labelledCase{query: true, same: l.Same}
		// The labelled customer first: blocking may not have offered it, and then it is
		// weighed all the same.
		c.alts, c.target = append(c.alts, alt(q, m.recs[n])), append(c.target, true)
		dup := m.schema.newScratch()
		for k := range m.candidatesLocked(m.keys(q, nil)).All() {
			f := m.recs[k]
			if k == n || f == nil || f.id() == q.id() && q.id() != "" {
				continue
			}
			c.alts = append(c.alts, alt(q, f))
			c.target = append(c.target, m.samePersonLocked(m.recs[n], f, dup))
		}
		out = append(out, c)
		count(l.Same)
		rep.LabelledContacts++
	}
	return out
}

// Standard deviations of the normal priors of the label fit (see fitLabels).
const (
	// labelShiftSD, in bits, lets the answers move a prior by an order of magnitude
	// within one standard deviation: the fixed point that derives it can be that far off.
	labelShiftSD = 4.0
	// noneShiftSD, in bits, is the sd of the shift of the "none of the customers" prior,
	// which is an option's value (WithNonePrior), not derived from the data: a factor of four
	// within one standard deviation, so that ten answers to the most uncertain contacts do
	// not swing every contact's status (at 4 bits, 10 answers on generated data cut the
	// link F1 from 0.834 to 0.749; at 2, to 0.829), while hundreds still move it as far as
	// they insist.
	noneShiftSD = 2.0
	// learntNoneShiftSD is that sd when Train learnt the prior from the contacts
	// themselves (noneFixedPoint): thousands of contacts pin it down better than a few
	// answers to uncertain ones, so a factor of √2 within one standard deviation.
	learntNoneShiftSD = 0.5
	// labelTiltSD, in natural log units, keeps a level's m within a factor of about 1.6
	// of what EM learnt, unless many answers insist.
	labelTiltSD = 0.5
)

// labelFit is what fitLabels learnt: the shifts in bits of the odds of a match against
// "two people" (pair labels) and against "none of the customers" (contact labels). The
// tilted m is written to the model.
type labelFit struct {
	pairShift, noneShift float64
}

// fitLabels adjusts the model to the answers, as a regression whose prior is the model
// learnt without them. An alternative's log-odds are its evidence under the model plus the
// tilt of m on each of its fields with a value,
//
//	Σ log2(m'_l/m_l),  m'_l = m_l·e^θ_l / Σ_k m_k·e^θ_k
//
// and the answer's probability is the share of the labelled person among the alternatives
// and the null hypothesis ("two people" at prior bits, or "none of the customers" at
// noneBits, as Dedup and Match weigh them), each null moved by a shift of its own. The
// shifts have normal priors of sd labelShiftSD and noneSD bits (noneShiftSD for the option's
// none prior, learntNoneShiftSD for one learnt from the contacts) and every θ one of sd
// labelTiltSD.
// fitLabels finds the shifts and θ of highest posterior by Fisher scoring and sets m to m'.
//
// The cases a reviewer is asked are chosen by their comparison levels (the model's most
// uncertain ones), so the levels among them are no sample of the levels among all matches:
// m cannot be counted from them. Which answer a case gets, given its levels, is no less
// representative for that choice, and that is what the regression fits. u is left as the
// random pairs set it. held marks the levels whose m stays put; they still renormalise with
// the others.
func fitLabels(mod *score.Model, w *score.Weights, cases []labelledCase, priorBits, noneBits, noneSD float64, held func(f, l int) bool) labelFit {
	if len(cases) == 0 {
		return labelFit{}
	}
	// The parameters: the two shifts, then one θ per free level.
	const nShift = 2
	index := make([][]int, len(mod.Fields)) // field, level → parameter, or -1
	np := nShift
	for i, f := range mod.Fields {
		index[i] = make([]int, len(f.Levels))
		for j := range f.Levels {
			index[i][j] = -1
			if !held(i, j) && f.Levels[j].M > 0 {
				index[i][j] = np
				np++
			}
		}
	}
	// Each alternative's evidence under the model as it is, and the null's bits.
	bits := make([][]float64, len(cases))
	null := make([]float64, len(cases))
	for c, k := range cases {
		bits[c] = make([]float64, len(k.alts))
		for a, x := range k.alts {
			bits[c][a] = w.WeightTF(x.vec, x.tf) - w.PriorBits()
		}
		null[c] = -priorBits
		if k.query {
			null[c] = noneBits
		}
	}
	shiftOf := func(k labelledCase) int {
		if k.query {
			return 1
		}
		return 0
	}
	mt := make([][]float64, len(mod.Fields)) // m' under θ
	logZ := make([]float64, len(mod.Fields))
	tilt := func(th []float64) {
		for i, f := range mod.Fields {
			mt[i] = mt[i][:0]
			z := 0.0
			for j, lv := range f.Levels {
				e := lv.M
				if k := index[i][j]; k >= 0 {
					e *= math.Exp(th[k])
				}
				mt[i] = append(mt[i], e)
				z += e
			}
			logZ[i] = math.Log(z)
			for j := range mt[i] {
				mt[i][j] /= z
			}
		}
	}
	// logit is alternative x's log-odds against the null in natural units, before the
	// null's shift; tilt must have run.
	logit := func(x labelAlt, b float64, th []float64) float64 {
		z := b * math.Ln2
		for f, l := range x.vec {
			if int(l) >= len(mt[f]) {
				continue // missing
			}
			if k := index[f][l]; k >= 0 {
				z += th[k]
			}
			z -= logZ[f]
		}
		return z
	}
	// eta returns a case's log-odds of the answer "same" (natural units) and, when grad is
	// not nil, adds its gradient to grad. tilt must have run.
	z := []float64{}
	eta := func(c int, th []float64, grad []float64) float64 {
		k := cases[c]
		z = z[:0]
		for a, x := range k.alts {
			z = append(z, logit(x, bits[c][a], th))
		}
		zNull := (null[c] - th[shiftOf(k)]) * math.Ln2
		in, out := math.Inf(-1), zNull
		for a := range z {
			if k.target[a] {
				in = logAddExp(in, z[a])
			} else {
				out = logAddExp(out, z[a])
			}
		}
		if grad != nil {
			// ∂η = E_in[∂z] − E_out[∂z]; the null's z falls by ln 2 per bit of shift.
			grad[shiftOf(k)] += math.Ln2 * math.Exp(zNull-out)
			for a, x := range k.alts {
				var wt float64
				if k.target[a] {
					wt = math.Exp(z[a] - in)
				} else {
					wt = -math.Exp(z[a] - out)
				}
				if wt == 0 {
					continue
				}
				for f, l := range x.vec {
					if int(l) >= len(mt[f]) {
						continue
					}
					for j, mj := range mt[f] {
						if p := index[f][j]; p >= 0 {
							d := -mj
							if j == int(l) {
								d++
							}
							grad[p] += wt * d
						}
					}
				}
			}
		}
		return in - out
	}
	sd := func(p int) float64 {
		switch p {
		case 0:
			return labelShiftSD
		case 1:
			return noneSD
		}
		return labelTiltSD
	}
	objective := func(th []float64) float64 {
		tilt(th)
		ll := 0.0
		for p, t := range th {
			ll -= t * t / (2 * sd(p) * sd(p))
		}
		for c, k := range cases {
			e := eta(c, th, nil)
			if k.same {
				ll -= softplus(-e)
			} else {
				ll -= softplus(e)
			}
		}
		return ll
	}
	theta := make([]float64, np)
	grad := make([]float64, np)
	hess := make([]float64, np*np)
	deta := make([]float64, np)
	cur := objective(theta)
	for iter := 0; iter < 50; iter++ {
		tilt(theta)
		for p := range grad {
			grad[p] = -theta[p] / (sd(p) * sd(p))
		}
		for p := range hess {
			hess[p] = 0
		}
		for p := 0; p < np; p++ {
			hess[p*np+p] = 1 / (sd(p) * sd(p))
		}
		for c, k := range cases {
			for p := range deta {
				deta[p] = 0
			}
			e := eta(c, theta, deta)
			q := 1 / (1 + math.Exp(-e))
			y := 0.0
			if k.same {
				y = 1
			}
			for a := range deta {
				if deta[a] == 0 {
					continue
				}
				grad[a] += (y - q) * deta[a]
				for b := range deta {
					hess[a*np+b] += q * (1 - q) * deta[a] * deta[b]
				}
			}
		}
		step := solve(hess, grad, np)
		if step == nil {
			break
		}
		// Halve the step until the posterior does not fall.
		next := make([]float64, np)
		moved := false
		for scale := 1.0; scale > 1e-3; scale /= 2 {
			for p := range next {
				next[p] = theta[p] + scale*step[p]
			}
			if v := objective(next); v >= cur {
				theta, cur, moved = next, v, true
				break
			}
		}
		size := 0.0
		for _, s := range step {
			size = max(size, math.Abs(s))
		}
		if !moved || size < 1e-6 {
			break
		}
	}
	tilt(theta)
	for i := range mod.Fields {
		for j := range mod.Fields[i].Levels {
			mod.Fields[i].Levels[j].M = max(mt[i][j], 1e-9)
		}
	}
	return labelFit{pairShift: theta[0], noneShift: theta[1]}
}

// logAddExp is log(e^a + e^b) without overflow.
func logAddExp(a, b float64) float64 {
	if a < b {
		a, b = b, a
	}
	if math.IsInf(b, -1) {
		return a
	}
	return a + math.Log1p(math.Exp(b-a))
}

// softplus is log(1+e^x) without overflow.
func softplus(x float64) float64 {
	if x > 30 {
		return x
	}
	return math.Log1p(math.Exp(x))
}

// solve returns x with a·x = b for the symmetric positive definite n×n matrix a (row-major),
// by Cholesky decomposition, or nil when a is not positive definite. It does not modify a
// or b.
func solve(a, b []float64, n int) []float64 {
	l := make([]float64, n*n)
	for i := 0; i < n; i++ {
		for j := 0; j <= i; j++ {
			s := a[i*n+j]
			for k := 0; k < j; k++ {
				s -= l[i*n+k] * l[j*n+k]
			}
			if i == j {
				if s <= 0 {
					return nil
				}
				l[i*n+i] = math.Sqrt(s)
			} else {
				l[i*n+j] = s / l[j*n+j]
			}
		}
	}
	y := make([]float64, n)
	for i := 0; i < n; i++ {
		s := b[i]
		for k := 0; k < i; k++ {
			s -= l[i*n+k] * y[k]
		}
		y[i] = s / l[i*n+i]
	}
	x := make([]float64, n)
	for i := n - 1; i >= 0; i-- {
		s := y[i]
		for k := i + 1; k < n; k++ {
			s -= l[k*n+i] * x[k]
		}
		x[i] = s / l[i*n+i]
	}
	return x
}

// heldLevel reports whether level l of field f keeps its m when labels are fitted: a
// household level, whose m is the built-in one (see holdHousehold).
func (m *Matcher) heldLevel(f, l int) bool {
	h := int(m.schema.fields[f].HouseholdLevel)
	return h != 0 && h == l
}
