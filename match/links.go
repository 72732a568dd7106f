package match

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/idmatch/idmatch/score"
)

// Links returns the scored pairs between the stored record id and the other stored records
// that blocking offers for it, with a pairwise probability of at least floor (0 for all),
// strongest first. The probabilities are those Dedup gives the same pairs. It is the
// building block of incremental resolution: a change to one record touches only its links.
func (m *Matcher) Links(ctx context.Context, id string, floor float64) ([]Pair, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	m.mu.RLock()
	defer m.mu.RUnlock()
	n, ok := m.byID.get(m.recs, id)
	if !ok {
		return nil, fmt.Errorf("%w: %q", ErrNotFound, id)
	}
	f := m.recs[n]
	minW := score.WeightOf(max(floor, 1e-300))
	if floor <= 0 {
		minW = -1e308
	}
	sc := m.schema.getScratch()
	defer m.schema.putScratch(sc)
	shift := m.pairShift()
	var out []Pair
	ahead := m.newReadAhead(func(_, c uint32) {
		// Score in record-number order so that the pair's weight does not depend on which
		// side asked (name swapping looks from the first record).
		a, b := f, m.recs[c]
		if c < n {
			a, b = b, a
		}
		m.compare(a, b, sc)
		w := m.weights.WeightTF(sc.vec, sc.tf) + shift
		if w >= minW {
			out = append(out, Pair{A: a.id(), B: b.id(), Weight: w, Probability: score.Probability(w)})
		}
	})
	for c := range m.candidatesOf(m.keys(f, nil), false).All() {
		if c != n {
			ahead.add(n, c)
		}
	}
	ahead.flush()
	sortPairs(out)
	return out, nil
}

// PairProbability returns the pairwise weight and probability that the stored records a and
// b are one person, as Dedup would score them, whether or not blocking pairs them.
func (m *Matcher) PairProbability(a, b string) (Pair, error) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	na, ok := m.byID.get(m.recs, a)
	if !ok {
		return Pair{}, fmt.Errorf("%w: %q", ErrNotFound, a)
	}
	nb, ok := m.byID.get(m.recs, b)
	if !ok {
		return Pair{}, fmt.Errorf("%w: %q", ErrNotFound, b)
	}
	if nb < na {
		na, nb = nb, na
	}
	sc := m.schema.getScratch()
	defer m.schema.putScratch(sc)
	m.compare(m.recs[na], m.recs[nb], sc)
	w := m.weights.WeightTF(sc.vec, sc.tf) + m.pairShift()
	return Pair{A: m.recs[na].id(), B: m.recs[nb].id(), Weight: w, Probability: score.Probability(w)}, nil
}

// ClusterLinks partitions the stored records ids with the rule Dedup uses: links at or above
// threshold (0 means 0.5) are taken strongest first, and two clusters join only when the
// average probability over all pairs across them reaches the threshold (average linkage).
// Links whose records are not among ids are ignored. The clusters are returned in the order
// of their first record in ids, each in the order of ids. It does not modify its arguments.
func (m *Matcher) ClusterLinks(ids []string, links []Pair, threshold float64) ([][]string, error) {
	if threshold == 0 {
		threshold = 0.5
	}
	if !(threshold > 0 && threshold < 1) {
		return nil, fmt.Errorf("%w: threshold %v must be in (0,1)", ErrOption, threshold)
	}
	m.mu.RLock()
	defer m.mu.RUnlock()
	// The records are looked up once: the links and the orderings below use their numbers.
	pos := make(map[uint32]int, len(ids))
	num := make(map[string]uint32, len(ids))
	for i, id := range ids {
		n, ok := m.byID.get(m.recs, id)
		if !ok {
			return nil, fmt.Errorf("%w: %q", ErrNotFound, id)
		}
		pos[n], num[id] = i, n
	}
	linkW := score.WeightOf(threshold)
	var edges []edge
	for _, l := range links {
		a, okA := num[l.A]
		b, okB := num[l.B]
		if !okA || !okB || l.Weight < linkW {
			continue
		}
		if b < a {
			a, b = b, a
		}
		edges = append(edges, edge{a, b, l.Weight})
	}
	sortEdges(edges)
	groups := m.clusterGroups(edges, threshold, m.pairShift(), pos, nil)
	for _, g := range groups {
		slices.SortFunc(g, func(x, y uint32) int { return cmp.Compare(pos[x], pos[y]) })
	}
	slices.SortFunc(groups, func(x, y []uint32) int { return cmp.Compare(pos[x[0]], pos[y[0]]) })
	out := make([][]string, len(groups))
	for i, g := range groups {
		c := make([]string, len(g))
		for j, x := range g {
			c[j] = ids[pos[x]]
		}
		out[i] = c
	}
	return out, nil
}

// sortPairs orders pairs strongest first, ties by IDs.
func sortPairs(ps []Pair) {
	slices.SortFunc(ps, func(x, y Pair) int {
		if c := cmp.Compare(y.Weight, x.Weight); c != 0 {
			return c
		}
		if c := cmp.Compare(x.A, y.A); c != 0 {
			return c
		}
		return cmp.Compare(x.B, y.B)
	})
}

// sortEdges orders edges strongest first, ties by record numbers, as Dedup does.
func sortEdges(edges []edge) {
	slices.SortFunc(edges, func(x, y edge) int {
		if c := cmp.Compare(y.w, x.w); c != 0 {
			return c
		}
		if c := cmp.Compare(x.a, y.a); c != 0 {
			return c
		}
		return cmp.Compare(x.b, y.b)
	})
}
