package review

import (
	"context"
	"slices"

	"github.com/idmatch/idmatch/match"
)

// CaseFloor is the lowest probability a case needs to be asked: below it the model is sure
// enough that the pair is two people (and the pair may not even have been scored).
const CaseFloor = 0.02

// DedupCases returns the scored pairs of the stored records whose probability is at least
// CaseFloor, each with its comparison pattern and what its answer may change in the
// clustering (Case.Gain), unordered (see Order). labels are the answers so far, which the
// clustering keeps (match.DedupOptions.Labels).
func DedupCases(ctx context.Context, m *match.Matcher, labels []match.Label) ([]Case, error) {
	cl, err := m.Dedup(ctx, match.DedupOptions{KeepPairs: true, PairFloor: CaseFloor, Labels: labels})
	if err != nil {
		return nil, err
	}
	// The scored pairs by record, for the support a pair has within its cluster; an
	// answered pair counts as 1 or 0.
	prob := make(map[[2]string]float64, len(cl.Pairs))
	near := map[string][]string{}
	link := func(a, b string, p float64) {
		if _, ok := prob[[2]string{a, b}]; !ok {
			near[a], near[b] = append(near[a], b), append(near[b], a)
		}
		prob[[2]string{a, b}], prob[[2]string{b, a}] = p, p
	}
	for _, p := range cl.Pairs {
		link(p.A, p.B, p.Probability)
	}
	// Clusters that an answer keeps apart: a "same" across them would not join them.
	apart := map[[2]int]bool{}
	for _, l := range labels {
		ca, okA := cl.ClusterOf[l.A]
		cb, okB := cl.ClusterOf[l.B]
		if !okA || !okB {
			continue
		}
		if l.Same {
			link(l.A, l.B, 1)
		} else {
			link(l.A, l.B, 0)
			apart[[2]int{ca, cb}], apart[[2]int{cb, ca}] = true, true
		}
	}
	cases := make([]Case, 0, len(cl.Pairs))
	for _, p := range cl.Pairs {
		if p.Probability < CaseFloor {
			continue
		}
		c := Case{A: p.A, B: p.B, Probability: p.Probability}
		ca, cb := cl.ClusterOf[p.A], cl.ClusterOf[p.B]
		switch {
		case ca != cb && apart[[2]int{ca, cb}]:
			// An answer keeps the clusters apart already.
		case ca != cb:
			// "Same" joins the two clusters.
			c.Gain = p.Probability * float64(len(cl.Clusters[ca])*len(cl.Clusters[cb]))
		default:
			// "Different" parts the pair and, at least, one of them from the rest; records
			// that both are close to make "different" less likely than the pair alone says.
			support := p.Probability
			for _, x := range near[p.A] {
				if x != p.B && cl.ClusterOf[x] == ca {
					if q, ok := prob[[2]string{x, p.B}]; ok {
						support = max(support, min(prob[[2]string{p.A, x}], q))
					}
				}
			}
			c.Gain = (1 - support) * float64(len(cl.Clusters[ca])-1)
		}
		if e, err := m.ExplainPair(p.A, p.B); err == nil {
			c.Pattern = PatternOf(e)
		}
		cases = append(cases, c)
	}
	return cases, nil
}

// LinkCases matches each contact and returns a case for each of its two best candidates
// whose confidence is at least CaseFloor (for the best candidate and the stored duplicates of
// its person, the person's confidence, Result.Confidence), with the link status and comparison pattern,
// unordered (see Order). Contacts need IDs: a case names its contact by ID. Contacts
// that cannot be matched are left out.
func LinkCases(ctx context.Context, m *match.Matcher, contacts []match.Record) ([]Case, error) {
	var cases []Case
	for _, q := range contacts {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		id := q.ID
		q.ID = ""
		res, err := m.Match(ctx, q)
		if err != nil {
			continue
		}
		for i, c := range res.Candidates {
			if i == 2 {
				break
			}
			p := c.Confidence
			if (res.Best != nil && c.ID == res.Best.ID) || slices.Contains(res.Duplicates, c.ID) {
				// The person of Best: its stored duplicates share the confidence between them.
				p = res.Confidence
			}
			if p < CaseFloor {
				continue
			}
			k := Case{A: id, B: c.ID, Probability: p, Status: res.Status.String()}
			if e, err := m.Explain(ctx, q, c.ID); err == nil {
				k.Pattern = PatternOf(e)
			}
			cases = append(cases, k)
		}
	}
	return cases, nil
}
