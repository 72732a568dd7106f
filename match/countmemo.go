package match

// countMemo answers a comparison's term and joint counts for the pairs one record meets in
// a row, remembering the last answer of each kind: a query meets a hundred candidates, and
// those that agree with it ask for the same counts (its surname, its name with its city, its
// phone), which otherwise cost a hash and an index lookup each time. Each question has a
// slot of its own (the field, the key family), so that a look costs a few string compares.
// It is valid for one record (aOf), one source of counts and one state of the matcher
// (version); bind forgets everything when one of them changes.
type countMemo struct {
	counts  termCounts
	aOf     *features
	version uint64
	// stamp marks the entries answered since the last bind: the others are stale, without
	// clearing them on every new record.
	stamp  uint64
	freq   []countEntry // by field
	ident  []countEntry // by field
	joints [jointSlots]countEntry
	others []countEntry // by field
}

// jointSlots is how many key families of joint counts a memo keeps apart; a comparison asks
// for three (name, full name, surname with city).
const jointSlots = 4

// countEntry is one remembered question (its arguments) and its answer (f, n).
type countEntry struct {
	stamp           uint64
	stored          bool
	k, limit        int
	prefix, x, y, z string
	f               float64
	n               int
}

func newCountMemo(fields int) countMemo {
	return countMemo{freq: make([]countEntry, fields), ident: make([]countEntry, fields), others: make([]countEntry, fields)}
}

// bind makes the memo answer from counts for comparisons of the record a under the
// matcher's state version, forgetting what it held for another record, source or state.
func (c *countMemo) bind(counts termCounts, a *features, version uint64) {
	if c.aOf == a && c.version == version && c.counts == counts {
		return
	}
	c.counts, c.aOf, c.version = counts, a, version
	c.stamp++
}

func (c *countMemo) frequency(field int, value string) float64 {
	e := &c.freq[field]
	if e.stamp == c.stamp && e.x == value {
		return e.f
	}
	*e = countEntry{stamp: c.stamp, x: value, f: c.counts.frequency(field, value)}
	return e.f
}

func (c *countMemo) joint(prefix, x, y string, queryStored bool) float64 {
	return c.joint3(prefix, x, y, "", queryStored)
}

func (c *countMemo) joint3(prefix, x, y, z string, queryStored bool) float64 {
	free := -1
	for i := range c.joints {
		e := &c.joints[i]
		if e.stamp != c.stamp {
			if free < 0 {
				free = i
			}
			continue
		}
		if e.prefix != prefix {
			continue
		}
		if e.x == x && e.y == y && e.z == z && e.stored == queryStored {
			return e.f
		}
		free = i // the family's last question gives way to its next
		break
	}
	f := c.counts.joint3(prefix, x, y, z, queryStored)
	if free >= 0 {
		c.joints[free] = countEntry{stamp: c.stamp, stored: queryStored, prefix: prefix, x: x, y: y, z: z, f: f}
	}
	return f
}

func (c *countMemo) identFrequency(field int, prefix, value string, queryStored bool) (float64, int) {
	e := &c.ident[field]
	if e.stamp == c.stamp && e.x == value && e.prefix == prefix && e.stored == queryStored {
		return e.f, e.n
	}
	f, n := c.counts.identFrequency(field, prefix, value, queryStored)
	*e = countEntry{stamp: c.stamp, stored: queryStored, prefix: prefix, x: value, f: f, n: n}
	return f, n
}

func (c *countMemo) otherNameHolders(k, field int, value, given string, limit int) int {
	e := &c.others[field]
	if e.stamp == c.stamp && e.k == k && e.limit == limit && e.x == value && e.y == given {
		return e.n
	}
	n := c.counts.otherNameHolders(k, field, value, given, limit)
	*e = countEntry{stamp: c.stamp, k: k, limit: limit, x: value, y: given, n: n}
	return n
}
