package match

// readAhead gathers a few pairs of records to compare and reads each pair's second record
// before any of them is compared: the second records of a stream of pairs lie far apart in
// memory, and each costs a chain of three cache misses (its slot, its features, their
// bytes). Read one after another, the chains follow one another; read together, they
// overlap. It hands the pairs to its function in the order they came.
type readAhead struct {
	m     *Matcher
	fn    func(a, b uint32)
	pairs [readAheadPairs][2]uint32
	n     int
	sink  byte
}

// cacheLine is the stride at which flush reads a record's bytes.
const cacheLine = 64

// readAheadPairs is how many pairs a readAhead gathers: at 1M records, 16 took Dedup's
// scoring and training a tenth further than 8 did, and 32 no further.
const readAheadPairs = 16

// newReadAhead returns a readAhead that compares with fn; call flush after the last add.
func (m *Matcher) newReadAhead(fn func(a, b uint32)) readAhead {
	return readAhead{m: m, fn: fn}
}

// add notes the pair (a, b), unless b is not a stored record, and compares the pairs
// gathered once there are readAheadPairs of them.
func (r *readAhead) add(a, b uint32) {
	if r.m.recs[b] == nil {
		return
	}
	r.pairs[r.n] = [2]uint32{a, b}
	if r.n++; r.n == readAheadPairs {
		r.flush()
	}
}

// flush reads the gathered pairs' second records and then calls fn with each pair, in order.
func (r *readAhead) flush() {
	pairs := r.pairs[:r.n]
	for _, p := range pairs {
		// A byte of every cache line of the record's packed values, and the header of its
		// first further key: what comparing it reads first.
		f := r.m.recs[p[1]]
		for o := 0; o < len(f.arena); o += cacheLine {
			r.sink ^= f.arena[o]
		}
		if len(f.keys) > 0 {
			r.sink ^= byte(len(f.keys[0]))
		}
	}
	keepByte(r.sink)
	for _, p := range pairs {
		r.fn(p[0], p[1])
	}
	r.n = 0
}

// keepByte uses b where the compiler cannot see it, so that the reads that made it stay.
//
//go:noinline
func keepByte(b byte) { _ = b }
