package match

import "slices"

// Decide returns res, the answer Match gave for one contact, as a reviewer's answers about
// that contact leave it, so that what a person decided is what the output says:
//
//   - a customer answered the same is the answer: Best, first among the Candidates, with
//     Confidence 1 and status Matched; the other candidates not answered different stay
//     with confidence 0, and Decided is set;
//   - customers answered different are no longer candidates; the confidence they held goes
//     to the hypotheses left (the other candidates and none) in proportion, the best of
//     those left is Best, and the status is decided again over the candidates res holds.
//
// The last answer about a customer stands. Labels naming a customer that is not stored are
// ignored, as Dedup ignores them; a label's Query is not looked at: labels are the answers
// about res's contact. res is not modified.
func (m *Matcher) Decide(res Result, labels []QueryLabel) Result {
	if len(labels) == 0 {
		return res
	}
	m.mu.RLock()
	defer m.mu.RUnlock()
	standing := make(map[string]bool, len(labels))
	for _, l := range labels {
		if m.recordLocked(l.ID) != nil {
			standing[l.ID] = l.Same
		}
	}
	// The customer last answered the same whose answer still stands.
	for _, l := range slices.Backward(labels) {
		if standing[l.ID] {
			return m.decidedSame(res, l.ID, standing)
		}
	}
	out := res
	out.Candidates = slices.DeleteFunc(slices.Clone(res.Candidates), func(c Candidate) bool {
		s, ok := standing[c.ID]
		return ok && !s
	})
	if len(out.Candidates) == len(res.Candidates) {
		return res // no answer touched a candidate
	}
	left := out.None
	for _, c := range out.Candidates {
		left += c.Confidence
	}
	out.Best, out.Confidence, out.Duplicates, out.Status, out.Decided = nil, 0, nil, NoMatch, true
	if left <= 0 {
		// The candidates answered different held everything: none is what is left.
		out.None = 1
		for i := range out.Candidates {
			out.Candidates[i].Confidence = 0
		}
		return out
	}
	out.None /= left
	for i := range out.Candidates {
		out.Candidates[i].Confidence /= left
	}
	if len(out.Candidates) == 0 {
		return out
	}
	out.Best = &out.Candidates[0]
	out.Confidence = out.Best.Confidence
	// The duplicates of the best person, as Match finds them, among the candidates held.
	sc := m.schema.getScratch()
	defer m.schema.putScratch(sc)
	best := m.recordLocked(out.Best.ID)
	for _, c := range out.Candidates[1:] {
		if r := m.recordLocked(c.ID); best != nil && r != nil && m.samePersonLocked(best, r, sc) {
			out.Duplicates = append(out.Duplicates, c.ID)
			out.Confidence += c.Confidence
		}
	}
	close, closeConf := 1, out.Confidence
	for _, c := range out.Candidates[1:] {
		if out.Best.Weight-c.Weight < m.cfg.margin && !slices.Contains(out.Duplicates, c.ID) {
			close++
			closeConf += c.Confidence
		}
	}
	out.Status = m.decide(out, close, closeConf)
	return out
}

// decidedSame is res with the stored customer id answered the same as its contact, less
// the candidates standing answers call different; a customer that was not among the
// candidates comes first with weight 0 (Match did not weigh it).
func (m *Matcher) decidedSame(res Result, id string, standing map[string]bool) Result {
	out := res
	out.Candidates = make([]Candidate, 0, len(res.Candidates)+1)
	chosen := Candidate{ID: id}
	for _, c := range res.Candidates {
		if c.ID == id {
			chosen = c
		}
	}
	chosen.Confidence = 1
	out.Candidates = append(out.Candidates, chosen)
	for _, c := range res.Candidates {
		if s, answered := standing[c.ID]; c.ID != id && (s || !answered) {
			c.Confidence = 0
			out.Candidates = append(out.Candidates, c)
		}
	}
	out.Best = &out.Candidates[0]
	out.Confidence, out.None, out.Duplicates = 1, 0, nil
	out.Status, out.Decided = Matched, true
	return out
}

// recordLocked returns the stored record of id, or nil. mu is held.
func (m *Matcher) recordLocked(id string) *features {
	if n, ok := m.byID.get(m.recs, id); ok {
		return m.recs[n]
	}
	return nil
}
