package match

import "math/bits"

// idTable maps the IDs of stored records to their record numbers: an open-addressing hash
// table with linear probing that holds, per record, its ID hash and number (8 bytes a slot)
// and reads the ID itself from the record when the hashes agree.
//
// A map[string]uint32 held the ID's string header beside the number, about 55 bytes a
// record with its overhead, 5% of a large matcher; this holds 11 to 21. Lookups are
// rare next to comparisons (adds, removes, labels), so the record read they cost is cheap.
type idTable struct {
	slots []idSlot // a power of two long, or nil
	n     int
	shift uint8 // 32 - log2(len(slots))
}

// idSlot is one record: features.idHash, and the record number plus one (0: free).
type idSlot struct{ h, rec uint32 }

// idHome mixes an ID hash (the finalizer of MurmurHash3's 32-bit variant): the high bits of
// FNV-1a, which idHash keeps, change little with the ID's last bytes.
func idHome(h uint32, shift uint8) int {
	h ^= h >> 16
	h *= 0x85ebca6b
	h ^= h >> 13
	h *= 0xc2b2ae35
	h ^= h >> 16
	return int(h >> shift)
}

// idHash32 is features.idHash of an ID.
func idHash32(id string) uint32 { return uint32(idHash(id) >> 32) }

func (t *idTable) len() int { return t.n }

// get returns the number of the record with ID id among recs.
func (t *idTable) get(recs []*features, id string) (uint32, bool) {
	return t.lookup(recs, id, idHash32(id))
}

// lookup is get for an ID whose hash is h.
func (t *idTable) lookup(recs []*features, id string, h uint32) (uint32, bool) {
	if t.n == 0 {
		return 0, false
	}
	mask := len(t.slots) - 1
	for i := idHome(h, t.shift); ; i = (i + 1) & mask {
		s := t.slots[i]
		if s.rec == 0 {
			return 0, false
		}
		if s.h == h {
			if f := recs[s.rec-1]; f != nil && f.id() == id {
				return s.rec - 1, true
			}
		}
	}
}

// set records that record n has ID hash h; the ID must not be in the table.
func (t *idTable) set(h, n uint32) {
	if (t.n+1)*4 > len(t.slots)*3 {
		t.resize(max(2*len(t.slots), 64))
	}
	t.put(idSlot{h, n + 1})
	t.n++
}

func (t *idTable) put(s idSlot) {
	mask := len(t.slots) - 1
	for i := idHome(s.h, t.shift); ; i = (i + 1) & mask {
		if t.slots[i].rec == 0 {
			t.slots[i] = s
			return
		}
	}
}

// del removes record n, whose ID hash is h. The slots displaced past it move back
// (backward-shift deletion), so lookups need no tombstones.
func (t *idTable) del(h, n uint32) {
	if t.n == 0 {
		return
	}
	mask := len(t.slots) - 1
	i := idHome(h, t.shift)
	for ; ; i = (i + 1) & mask {
		s := t.slots[i]
		if s.rec == 0 {
			return
		}
		if s.rec == n+1 {
			break
		}
	}
	for j := (i + 1) & mask; ; j = (j + 1) & mask {
		s := t.slots[j]
		if s.rec == 0 {
			break
		}
		// s may fill the hole at i unless its home lies cyclically in (i, j].
		if k := idHome(s.h, t.shift); (j-k)&mask >= (j-i)&mask {
			t.slots[i] = s
			i = j
		}
	}
	t.slots[i] = idSlot{}
	t.n--
}

// reserve makes room for n more records without growing while they are set.
func (t *idTable) reserve(n int) {
	if need := t.n + n; need*4 > len(t.slots)*3 {
		t.resize(max(64, 1<<bits.Len(uint(need*4/3))))
	}
}

// resize moves the records into a table of size slots, a power of two.
func (t *idTable) resize(size int) {
	old := t.slots
	t.slots = make([]idSlot, size)
	t.shift = uint8(32 - bits.TrailingZeros(uint(size)))
	for _, s := range old {
		if s.rec != 0 {
			t.put(s)
		}
	}
}
