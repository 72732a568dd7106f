package match

import (
	"fmt"
	"math"

	"github.com/idmatch/idmatch/score"
)

// labelPatterns compares the labelled pairs: the comparison vectors of the pairs labelled the
// same person and of those labelled different. mu is held for reading.
func (m *Matcher) labelPatterns(opt TrainOptions, rep *TrainReport) (same, diff *score.Patterns) {
	nf := len(m.schema.fields)
	same, diff = score.NewPatterns(nf), score.NewPatterns(nf)
	sc := m.schema.newScratch()
	add := func(a, b *features, isSame bool) {
		m.compare(a, b, sc)
		if isSame {
			same.Add(sc.vec)
			rep.LabelledSame++
		} else {
			diff.Add(sc.vec)
			rep.LabelledDifferent++
		}
	}
	for _, l := range opt.Labels {
		na, okA := m.byID[l.A]
		nb, okB := m.byID[l.B]
		if !okA || !okB || na == nb {
			rep.LabelErrors = append(rep.LabelErrors, fmt.Errorf("%w: label %q / %q", ErrNotFound, l.A, l.B))
			continue
		}
		if nb < na {
			na, nb = nb, na
		}
		add(m.recs[na], m.recs[nb], l.Same)
	}
	for _, l := range opt.QueryLabels {
		n, ok := m.byID[l.ID]
		if !ok {
			rep.LabelErrors = append(rep.LabelErrors, fmt.Errorf("%w: label for %q", ErrNotFound, l.ID))
			continue
		}
		q, _, err := m.prepare(l.Query)
		if err != nil {
			rep.LabelErrors = append(rep.LabelErrors, fmt.Errorf("label for %q: %w", l.ID, err))
			continue
		}
		add(q, m.recs[n], l.Same)
	}
	return same, diff
}

// labelPseudo is how many EM pairs the m that EM learnt counts as when labels move it.
const labelPseudo = 300

// applyLabels uses the pairs labelled the same person as certain evidence about m: each
// level's m moves towards its share among them, as if every label were weight EM pairs
// (LabelWeight, default 50) and EM's estimate labelPseudo pairs:
//
//	m = (labelPseudo·m_EM + weight·n_level) / (labelPseudo + weight·n)
//
// where n counts the same-person labels in which the field has a value. With the default
// weight, six labels outweigh EM; a field no label covers keeps EM's m.
//
// Labels of different people do not set u: u is the chance of a level among random pairs,
// labelled pairs are not random, and Train re-derives u from random pairs after this step.
// They count in labelPrior instead.
func applyLabels(mod *score.Model, same, diff *score.Patterns, weight float64) {
	_ = diff
	if same.Total() == 0 {
		return
	}
	if weight <= 0 {
		weight = 50
	}
	blendM(mod, same, weight, labelPseudo)
}

// blendM moves each level's m towards its share among the same-person labels (see applyLabels).
func blendM(mod *score.Model, same *score.Patterns, weight, emPseudo float64) {
	for i := range mod.Fields {
		counts := make([]float64, len(mod.Fields[i].Levels))
		total := 0.0
		for v, n := range same.All() {
			if l := v[i]; int(l) < len(counts) {
				counts[l] += float64(n)
				total += float64(n)
			}
		}
		if total == 0 {
			continue
		}
		for j := range mod.Fields[i].Levels {
			lv := &mod.Fields[i].Levels[j]
			lv.M = (emPseudo*lv.M + weight*counts[j]) / (emPseudo + weight*total)
			lv.M = max(lv.M, 1e-6)
		}
	}
}

// labelPrior returns prior corrected by the labels: the shift s in bits that best fits the
// answers under P(same) = Probability(evidence + prior bits + s), found by Newton steps with
// a normal prior of sd 2 bits on s, applied to the prior's odds. The labelled pairs are the
// ones the model was unsure of, so their share of same-person answers says whether the prior
// that the fixed point derived is too low or too high. Train applies it last.
func labelPrior(w *score.Weights, same, diff *score.Patterns, prior float64) float64 {
	if same.Total()+diff.Total() == 0 {
		return prior
	}
	pb := math.Log2(prior / (1 - prior))
	s := 0.0
	const sd = 2.0
	for iter := 0; iter < 50; iter++ {
		g, h := -s/(sd*sd), 1/(sd*sd)
		for _, p := range []*score.Patterns{same, diff} {
			y := 0.0
			if p == same {
				y = 1
			}
			for v, n := range p.All() {
				q := score.Probability(w.Weight(v) - w.PriorBits() + pb + s)
				g += float64(n) * (y - q) * math.Ln2
				h += float64(n) * q * (1 - q) * math.Ln2 * math.Ln2
			}
		}
		step := max(-2, min(2, g/h))
		s += step
		if math.Abs(step) < 1e-4 {
			break
		}
	}
	return clampProb(math.Exp2(pb+s) / (1 + math.Exp2(pb+s)))
}
