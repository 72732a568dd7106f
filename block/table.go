package block

import (
	"iter"
	"math"
	"math/bits"
)

// table maps key hashes to index entries: an open-addressing hash table with linear
// probing whose slot order is the order of the spread hashes.
//
// It replaces a Go map because of how an index is built: a map's lookups chase three
// dependent pointers (directory, table, group) to random places, and at millions of keys
// every one is a cache and TLB miss. Here a key's home slot is the top bits of its spread
// hash, so one probe reads one place, and keys inserted in the order of their spread hashes
// (see Batch) walk the slots from start to end. Growing keeps that order, so it copies the
// slots in one pass.
type table struct {
	slots []slot // a power of two long, or nil
	n     int    // occupied slots
	shift uint8  // 64 - log2(len(slots))
	// over holds the entries that do not fit a slot's code (see slot), by hash: a record
	// or block number of 2^31-1 or more, which a base of that size never reaches.
	over map[uint64]uint64
}

// slot is one key in 12 bytes: its hash in two halves (a uint64 would pad the slot to 16
// bytes, a quarter of a large index), and the code of its entry: 0 for a free slot,
// 1 to 2^31-1 for record code-1, 2^31 to 2^32-2 for block code-2^31, and overCode for an
// entry kept in table.over.
type slot struct {
	lo, hi, code uint32
}

const (
	blockCode = 1 << 31
	overCode  = math.MaxUint32
)

func (s *slot) h() uint64 { return uint64(s.hi)<<32 | uint64(s.lo) }

// is reports whether s holds hash h.
func (s *slot) is(h uint64) bool { return s.lo == uint32(h) && s.hi == uint32(h>>32) }

// encode returns the code of entry e, or overCode when it must be kept in over.
func encode(e uint64) uint32 {
	switch {
	case e < blockCode-1:
		return uint32(e) + 1
	case e&multiBit != 0 && e&^multiBit < overCode-blockCode:
		return blockCode + uint32(e&^multiBit)
	}
	return overCode
}

// entry decodes the entry of slot s.
func (t *table) entry(s *slot) uint64 {
	switch {
	case s.code < blockCode:
		return uint64(s.code - 1)
	case s.code != overCode:
		return multiBit | uint64(s.code-blockCode)
	}
	return t.over[s.h()]
}

// setCode gives slot s, of hash h, the code of entry e, keeping over in step.
func (t *table) setCode(s *slot, h, e uint64) {
	if s.code == overCode {
		delete(t.over, h)
	}
	s.lo, s.hi, s.code = uint32(h), uint32(h>>32), encode(e)
	if s.code == overCode {
		if t.over == nil {
			t.over = make(map[uint64]uint64)
		}
		t.over[h] = e
	}
}

// minSlots is the size of a table's first allocation.
const minSlots = 64

// spread mixes the bits of a key hash (the finalizer of MurmurHash3, a bijection): FNV-1a's
// high bits, which choose the slot, depend too little on a key's last bytes.
func spread(h uint64) uint64 {
	h ^= h >> 33
	h *= 0xff51afd7ed558ccd
	h ^= h >> 33
	h *= 0xc4ceb9fe1a85ec53
	h ^= h >> 33
	return h
}

func (t *table) len() int { return t.n }

// home is the first slot at which hash h is looked for.
func (t *table) home(h uint64) int { return int(spread(h) >> t.shift) }

// get returns the entry of hash h.
func (t *table) get(h uint64) (uint64, bool) {
	if t.n == 0 {
		return 0, false
	}
	mask := len(t.slots) - 1
	for i := t.home(h); ; i = (i + 1) & mask {
		s := &t.slots[i]
		if s.code == 0 {
			return 0, false
		}
		if s.is(h) {
			return t.entry(s), true
		}
	}
}

// set stores entry e under hash h, replacing an entry already there.
func (t *table) set(h, e uint64) {
	if (t.n+1)*4 > len(t.slots)*3 {
		t.resize(max(2*len(t.slots), minSlots))
	}
	mask := len(t.slots) - 1
	for i := t.home(h); ; i = (i + 1) & mask {
		s := &t.slots[i]
		if s.code == 0 {
			t.setCode(s, h, e)
			t.n++
			return
		}
		if s.is(h) {
			t.setCode(s, h, e)
			return
		}
	}
}

// del deletes hash h and reports whether it was present. The slots after it that were
// displaced past the freed one move back (backward-shift deletion), so lookups never need
// tombstones.
func (t *table) del(h uint64) bool {
	if t.n == 0 {
		return false
	}
	mask := len(t.slots) - 1
	i := t.home(h)
	for ; ; i = (i + 1) & mask {
		s := &t.slots[i]
		if s.code == 0 {
			return false
		}
		if s.is(h) {
			break
		}
	}
	if t.slots[i].code == overCode {
		delete(t.over, h)
	}
	for j := (i + 1) & mask; ; j = (j + 1) & mask {
		s := t.slots[j]
		if s.code == 0 {
			break
		}
		// s may fill the hole at i unless its home lies cyclically in (i, j].
		if k := t.home(s.h()); (j-k)&mask >= (j-i)&mask {
			t.slots[i] = s
			i = j
		}
	}
	t.slots[i] = slot{}
	t.n--
	return true
}

// reserve makes room for n more keys without growing while they are set.
func (t *table) reserve(n int) {
	need := t.n + n
	if need*4 <= len(t.slots)*3 {
		return
	}
	size := max(minSlots, 1<<bits.Len(uint(need*4/3)))
	t.resize(size)
}

// resize moves the keys into a table of size slots (a power of two holding them all).
// Slots are visited from the first whose key is at home, so every key moves once, and
// the new slots fill in order.
func (t *table) resize(size int) {
	old := t.slots
	t.slots = make([]slot, size)
	t.shift = uint8(64 - bits.TrailingZeros(uint(size)))
	t.n = 0
	if len(old) == 0 {
		return
	}
	oldShift := 64 - uint(bits.TrailingZeros(uint(len(old))))
	mask := len(old) - 1
	start := 0
	for start < len(old) {
		s := &old[start]
		if s.code == 0 || int(spread(s.h())>>oldShift) == start {
			break
		}
		start++
	}
	newMask := size - 1
	for k := range len(old) {
		s := old[(start+k)&mask]
		if s.code == 0 {
			continue
		}
		for i := t.home(s.h()); ; i = (i + 1) & newMask {
			if t.slots[i].code == 0 {
				t.slots[i] = s
				break
			}
		}
		t.n++
	}
}

// all yields every hash and its entry, in slot order.
func (t *table) all() iter.Seq2[uint64, uint64] {
	return func(yield func(uint64, uint64) bool) {
		for i := range t.slots {
			s := &t.slots[i]
			if s.code != 0 && !yield(s.h(), t.entry(s)) {
				return
			}
		}
	}
}
