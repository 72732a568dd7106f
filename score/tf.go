package score

import "sync"

// TermFrequencies counts the values of one field across a set of records, so that agreement on
// a rare value can weigh more than agreement on a common one (see Weights.WeightTF).
//
// The zero value is an empty table ready to use. It is safe for concurrent use: a
// sync.RWMutex lets many readers (Count, Frequency, …) run together while Add and Remove take
// the lock exclusively. It must not be copied after first use. Values are stored as given;
// normalize them first so that variants count together.
type TermFrequencies struct {
	mu     sync.RWMutex
	counts map[string]uint64
	total  uint64
}

// Add counts one occurrence of value. The empty string stands for a missing value and is not
// counted.
func (t *TermFrequencies) Add(value string) {
	if value == "" {
		return
	}
	t.mu.Lock()
	if t.counts == nil {
		t.counts = make(map[string]uint64)
	}
	t.counts[value]++
	t.total++
	t.mu.Unlock()
}

// Remove uncounts one occurrence of value, the inverse of Add. Removing a value that is not
// counted does nothing.
func (t *TermFrequencies) Remove(value string) {
	t.mu.Lock()
	if c, ok := t.counts[value]; ok {
		if c <= 1 {
			delete(t.counts, value)
		} else {
			t.counts[value] = c - 1
		}
		t.total--
	}
	t.mu.Unlock()
}

// Count returns how many times value has been added (less removals).
func (t *TermFrequencies) Count(value string) uint64 {
	t.mu.RLock()
	c := t.counts[value]
	t.mu.RUnlock()
	return c
}

// Total returns the number of values counted.
func (t *TermFrequencies) Total() uint64 {
	t.mu.RLock()
	n := t.total
	t.mu.RUnlock()
	return n
}

// Len returns the number of distinct values counted.
func (t *TermFrequencies) Len() int {
	t.mu.RLock()
	n := len(t.counts)
	t.mu.RUnlock()
	return n
}

// Frequency returns Count(value)/Total(), the relative frequency of value, read under one lock
// so the two agree. It is 0 for an unknown value or an empty table.
func (t *TermFrequencies) Frequency(value string) float64 {
	t.mu.RLock()
	defer t.mu.RUnlock()
	if t.total == 0 {
		return 0
	}
	return float64(t.counts[value]) / float64(t.total)
}
