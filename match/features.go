package match

import (
	"encoding/binary"
	"fmt"
	"math"
	"unsafe"
)

// features is the prepared form of a record: one Value per schema field, computed once and
// compared many times.
//
// The values are packed into one string, arena: first each value as three numbers
// (packedValue, 12 bytes), then the ID, then the bytes of every Key and Keys, repeats
// shared; every Keys slice lives in one slice, keys. A Value spelt out is 48 bytes, and a
// million records of nine fields held that way were 40% of a matcher. Packed, a record is
// three allocations, and a pair's comparison reads two or three cache lines of each record
// rather than one per value. val spells a value out on the stack when it is asked for.
type features struct {
	arena string
	keys  []string
	idLen uint32
	// idHash orders stored pairs (see Matcher.compare) without reading the IDs' bytes.
	idHash uint32
	nvals  uint16 // values, one per schema field
	stored bool   // the record is held by the matcher (not a query)
	// givenKnown caches whether the given name is one of the name table's, which the
	// person rules ask of nearly every pair and which costs a table lookup.
	givenKnown bool
}

// packedValue is a Value as offsets into its record's arena and keys; in the arena it is
// three little-endian uint32s.
type packedValue struct {
	off  uint32 // Key is arena[off : off+len]
	lenW uint32 // the length of Key, with weakBit set for a Weak value
	kend uint32 // Keys are keys[the previous value's kend : kend]
}

const (
	packedSize = 12
	weakBit    = 1 << 31
	// maxFields bounds a schema so that nvals fits.
	maxFields = math.MaxUint16
)

// maxArena bounds the bytes of one record's values, so that offsets fit packedValue; a
// record past it is refused (errHugeRecord) rather than cut.
const maxArena = math.MaxUint32 >> 1

var errHugeRecord = fmt.Errorf("%w: a record's values exceed %d bytes", ErrBadValue, maxArena)

// u32 reads the little-endian uint32 at s[i:].
func u32(s string, i int) uint32 {
	s = s[i : i+4]
	return uint32(s[0]) | uint32(s[1])<<8 | uint32(s[2])<<16 | uint32(s[3])<<24
}

// packed returns the packed form of value i.
func (f *features) packed(i int) packedValue {
	o := i * packedSize
	return packedValue{u32(f.arena, o), u32(f.arena, o+4), u32(f.arena, o+8)}
}

// keysStart is the index in keys of the first of value i's Keys.
func (f *features) keysStart(i int) uint32 {
	if i == 0 {
		return 0
	}
	return u32(f.arena, i*packedSize-4)
}

// derive fills what features cache about their values; call it whenever vals are set.
func (s *schema) derive(f *features) *features {
	if s.person != nil {
		f.givenKnown = knownGiven(f.val(s.person.given))
	}
	f.idHash = idHash32(f.id())
	return f
}

// before reports whether stored record a comes before b in the order pairs are compared
// in: by ID hash, then by ID, which does not depend on the order records came in.
func (a *features) before(b *features) bool {
	if a.idHash != b.idHash {
		return a.idHash < b.idHash
	}
	return a.id() < b.id()
}

// id returns the record's ID.
func (f *features) id() string {
	o := uint32(f.nvals) * packedSize
	return f.arena[o : o+f.idLen]
}

// val returns the value of field i.
func (f *features) val(i int) Value {
	p := f.packed(i)
	k0 := f.keysStart(i)
	n := p.lenW &^ weakBit
	return Value{Key: f.arena[p.off : p.off+n], Keys: f.keys[k0:p.kend:p.kend], Weak: p.lenW&weakBit != 0}
}

// key returns the Key of field i, without spelling out the rest of the value.
func (f *features) key(i int) string {
	o := i * packedSize
	off := u32(f.arena, o)
	return f.arena[off : off+u32(f.arena, o+4)&^weakBit]
}

// firstKey returns Keys[0] of field i, or "" when the value has no Keys.
func (f *features) firstKey(i int) string {
	k0 := f.keysStart(i)
	if k0 == u32(f.arena, i*packedSize+8) {
		return ""
	}
	return f.keys[k0]
}

// missing reports whether field i has no value.
func (f *features) missing(i int) bool { return u32(f.arena, i*packedSize+4)&^weakBit == 0 }

// values spells out every value, in a slice of its own; its strings share f's memory.
func (f *features) values() []Value {
	out := make([]Value, f.nvals)
	for i := range out {
		out[i] = f.val(i)
	}
	return out
}

// packFeatures copies id and vals into the packed form: one string for all the bytes, with
// repeats shared (a given name's Key is often its first Keys too), and one slice for all the
// Keys. vals is not kept.
func packFeatures(id string, vals []Value, stored bool) (*features, error) {
	head := len(vals) * packedSize
	size, nkeys := head+len(id), 0
	for i := range vals {
		v := &vals[i]
		size += len(v.Key)
		nkeys += len(v.Keys)
		for _, k := range v.Keys {
			size += len(k)
		}
	}
	if len(vals) > maxFields {
		return nil, fmt.Errorf("%w: %d values, at most %d", ErrBadValue, len(vals), maxFields)
	}
	if size > maxArena || nkeys > maxArena {
		return nil, errHugeRecord
	}
	type piece struct{ off, n uint32 }
	buf := make([]byte, head, size) // the packed values come first, written below
	buf = append(buf, id...)
	// Repeats are looked for among the first pieces only, which keeps a record with very
	// many values linear.
	var seenBuf [32]piece
	seen := seenBuf[:0]
	var piecesBuf [48]piece
	pieces := piecesBuf[:0] // each value's Key and Keys
	put := func(s string) {
		for _, p := range seen {
			if string(buf[p.off:p.off+p.n]) == s {
				pieces = append(pieces, p)
				return
			}
		}
		p := piece{uint32(len(buf)), uint32(len(s))}
		buf = append(buf, s...)
		if len(seen) < cap(seen) {
			seen = append(seen, p)
		}
		pieces = append(pieces, p)
	}
	for i := range vals {
		put(vals[i].Key)
		for _, k := range vals[i].Keys {
			put(k)
		}
	}
	f := &features{idLen: uint32(len(id)), nvals: uint16(len(vals)), stored: stored}
	if nkeys > 0 {
		f.keys = make([]string, nkeys)
	}
	k, used := 0, uint32(0)
	for i := range vals {
		p := pieces[k]
		k++
		lenW := p.n
		if vals[i].Weak {
			lenW |= weakBit
		}
		used += uint32(len(vals[i].Keys))
		k += len(vals[i].Keys)
		binary.LittleEndian.PutUint32(buf[i*packedSize:], p.off)
		binary.LittleEndian.PutUint32(buf[i*packedSize+4:], lenW)
		binary.LittleEndian.PutUint32(buf[i*packedSize+8:], used)
	}
	// buf is complete and never written again: the arena is its bytes, not a copy.
	f.arena = unsafe.String(unsafe.SliceData(buf), len(buf))
	k, used = 0, 0
	for i := range vals {
		k++
		for range vals[i].Keys {
			q := pieces[k]
			f.keys[used] = f.arena[q.off : q.off+q.n]
			k, used = k+1, used+1
		}
	}
	return f, nil
}
