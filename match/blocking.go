package match

import (
	"context"

	"github.com/idmatch/idmatch/block"
)

// Candidates returns the IDs of the stored records that blocking offers for r, unscored and
// in no particular order: the records Match would consider. It is meant for measuring
// blocking recall; Match is the way to find the best customer.
func (m *Matcher) Candidates(ctx context.Context, r Record) ([]string, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	q, _, err := m.prepare(r)
	if err != nil {
		return nil, err
	}
	keys := m.keys(q, nil)
	m.mu.RLock()
	defer m.mu.RUnlock()
	var ids []string
	for n := range m.ix.Candidates(keys, m.cfg.maxBlock).All() {
		if f := m.recs[n]; f != nil {
			ids = append(ids, f.id)
		}
	}
	return ids, nil
}

// CandidatePairs calls fn with the IDs of every pair of stored records that blocking
// offers for deduplication, each pair once. fn is called from several goroutines at once
// and must be safe for that. It is meant for measuring blocking recall and reduction.
func (m *Matcher) CandidatePairs(ctx context.Context, fn func(a, b string)) error {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return m.parallel(ctx, nil, func(_ int, _, _ uint32, fa, fb *features) { fn(fa.id, fb.id) })
}

// BlockStats describes the blocking index: its keys, largest blocks and an upper bound on
// the candidate pairs of a deduplication.
func (m *Matcher) BlockStats(top int) block.Stats {
	return m.ix.Stats(top, m.cfg.maxBlock)
}
