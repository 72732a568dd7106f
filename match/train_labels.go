package match

import (
	"fmt"

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

// applyLabels moves each level's m towards its share among the pairs labelled the same
// person, as if every label were weight EM pairs: m = (W·m_EM + w·n_l) / (W + w·n) with W a
// pseudo-count of what EM saw. Labels of different people do not set u (u is the chance
// among random pairs, and labelled pairs are not random); they inform the review order.
func applyLabels(mod *score.Model, same, diff *score.Patterns, weight float64) {
	if same.Total() == 0 {
		return
	}
	if weight <= 0 {
		weight = 50
	}
	const emPseudo = 1000
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
	_ = diff
}
