package score

// TermFrequencies counts the values of one field across a set of records, so that agreement on
// a rare value can weigh more than agreement on a common one (see Weights.WeightTF).
//
// The zero value is an empty table ready to use. A TermFrequencies is not safe for concurrent
// use by writers; concurrent readers (Count, Total, Len, Frequency, Smoothed, MarshalJSON) are
// safe when no writer (Add, Remove, UnmarshalJSON) runs. It has no lock of its own: its owner,
// which usually guards more state than the table, does the locking. Lookups do not allocate.
// Values are stored as given; normalize them first so that variants count together.
type TermFrequencies struct {
	counts map[string]uint64
	total  uint64
}

// Add counts one occurrence of value. The empty string stands for a missing value and is not
// counted.
func (t *TermFrequencies) Add(value string) {
	if value == "" {
		return
	}
	if t.counts == nil {
		t.counts = make(map[string]uint64)
	}
	t.counts[value]++
	t.total++
}

// Remove uncounts one occurrence of value, the inverse of Add; a value whose count reaches zero
// is forgotten. Removing a value that is not counted does nothing.
func (t *TermFrequencies) Remove(value string) {
	c, ok := t.counts[value]
	if !ok {
		return
	}
	if c <= 1 {
		delete(t.counts, value)
	} else {
		t.counts[value] = c - 1
	}
	t.total--
}

// Count returns how many times value has been added (less removals).
func (t *TermFrequencies) Count(value string) uint64 { return t.counts[value] }

// Total returns the number of values counted.
func (t *TermFrequencies) Total() uint64 { return t.total }

// Len returns the number of distinct values counted.
func (t *TermFrequencies) Len() int { return len(t.counts) }

// Frequency returns Count(value)/Total(), the relative frequency of value. It is 0 for an
// unknown value or an empty table.
func (t *TermFrequencies) Frequency(value string) float64 {
	if t.total == 0 {
		return 0
	}
	return float64(t.counts[value]) / float64(t.total)
}

// Smoothed returns the frequency of value smoothed toward u0, the field's u probability at the
// exact level: with count c among n values it is (c+1)/(n+1/u0). That is about u0 while n is
// small against 1/u0, so that a small base does not call a value common only because few
// values have been seen, and about c/n once the base is large. It is 0 for the empty value
// (missing) and for u0 that is not in (0,1].
func (t *TermFrequencies) Smoothed(value string, u0 float64) float64 {
	if value == "" {
		return 0
	}
	return SmoothedFrequency(float64(t.counts[value]), float64(t.total), u0)
}

// SmoothedFrequency is the smoothed frequency of a value counted count times among total
// values (see TermFrequencies.Smoothed), for counts held elsewhere or adjusted by the caller:
// (count+1)/(total+1/u0), 0 for u0 not in (0,1].
func SmoothedFrequency(count, total, u0 float64) float64 {
	if !(u0 > 0 && u0 <= 1) {
		return 0
	}
	return (count + 1) / (total + 1/u0)
}
