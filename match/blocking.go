package match

import (
	"context"
	"strings"

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
	for n := range m.candidatesLocked(keys).All() {
		if f := m.recs[n]; f != nil {
			ids = append(ids, f.id())
		}
	}
	return ids, nil
}

// weakBlockCap caps the typo-tolerant key families (surname prefix or suffix with an
// initial, phonetic surname with a given name), which match many more records than the
// exact ones: expanding them only when small keeps a query's candidates few.
const weakBlockCap = 100

// candidatesLocked unions the blocks of keys under the caps, and the fallback blocks when
// those found nothing. mu is held for reading.
func (m *Matcher) candidatesLocked(keys []string) block.Candidates {
	return m.candidatesOf(keys, true)
}

// candidatesOf is candidatesLocked with the fallback keys used or not: pairs of stored
// records (Dedup, Links) never use them, so that both find the same pairs.
func (m *Matcher) candidatesOf(keys []string, fallback bool) block.Candidates {
	weak := min(weakBlockCap, m.cfg.maxBlock)
	if m.cfg.maxBlock <= 0 {
		weak = weakBlockCap
	}
	kept := keys[:0:0]
	capped := 0
	for _, k := range keys {
		if strings.HasPrefix(k, auxKeyMark) {
			continue
		}
		if isWeakKey(k) && m.ix.BlockSize(k) > uint64(weak) {
			capped++
			continue
		}
		kept = append(kept, k)
	}
	c := m.ix.Candidates(kept, m.cfg.maxBlock)
	c.Capped += capped
	if fallback && c.IDs.IsEmpty() {
		// Nothing better found them: a field alone (a surname, a given name in a city) is
		// a key of its own when its block is small enough.
		var fb []string
		for _, k := range keys {
			if strings.HasPrefix(k, keySurnameAlone) || strings.HasPrefix(k, keyGivenCity) {
				fb = append(fb, k)
			}
		}
		if len(fb) > 0 {
			f := m.aux.Candidates(fb, m.cfg.maxBlock)
			f.Capped += c.Capped
			return f
		}
	}
	return c
}

// CandidatePairs calls fn with the IDs of every pair of stored records that blocking
// offers for deduplication, each pair once. fn is called from several goroutines at once
// and must be safe for that. It is meant for measuring blocking recall and reduction.
func (m *Matcher) CandidatePairs(ctx context.Context, fn func(a, b string)) error {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return m.parallel(ctx, nil, func(_ int, _, _ uint32, fa, fb *features) { fn(fa.id(), fb.id()) })
}

// BlockStats describes the blocking index: its keys, largest blocks and an upper bound on
// the candidate pairs of a deduplication.
func (m *Matcher) BlockStats(top int) block.Stats {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return m.ix.Stats(top, m.cfg.maxBlock)
}
