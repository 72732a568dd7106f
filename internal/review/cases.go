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
// CaseFloor, each with its comparison pattern, unordered (see Order).
func DedupCases(ctx context.Context, m *match.Matcher) ([]Case, error) {
	cl, err := m.Dedup(ctx, match.DedupOptions{KeepPairs: true, PairFloor: CaseFloor})
	if err != nil {
		return nil, err
	}
	cases := make([]Case, 0, len(cl.Pairs))
	for _, p := range cl.Pairs {
		if p.Probability < CaseFloor {
			continue
		}
		c := Case{A: p.A, B: p.B, Probability: p.Probability}
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
