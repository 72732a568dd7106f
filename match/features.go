package match

import (
	"encoding/binary"
	"fmt"
	"math"
	"sync"
	"unsafe"
)

// features is the prepared form of a record: one Value per schema field, computed once and
// compared many times.
//
// The values are packed into one string, arena: first each value's head (three
// little-endian uint32s: where its Key starts in the arena; the Key's length, with weakBit
// for a Weak value; where its Keys end in keys), then the ID, then the bytes of every Key
// and Keys, repeats shared; every Keys slice lives in one slice, keys. A Value spelt out is
// 48 bytes, and a million records of nine fields held that way were 40% of a matcher.
// Packed, a record is three allocations, and a pair's comparison reads two or three cache
// lines of each record rather than one per value. valInto spells a value out when it is
// asked for.
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

const (
	packedSize = 12 // the bytes of a value's head
	weakBit    = 1 << 31
	// maxFields bounds a schema so that nvals fits.
	maxFields = math.MaxUint16
)

// maxArena bounds the bytes of one record's values, so that offsets fit a head; a
// record past it is refused (errHugeRecord) rather than cut.
const maxArena = math.MaxUint32 >> 1

var errHugeRecord = fmt.Errorf("%w: a record's values exceed %d bytes", ErrBadValue, maxArena)

// head returns the head of value i: a view of the arena, for reading only.
func (f *features) head(i int) []byte {
	o := i * packedSize
	return unsafe.Slice(unsafe.StringData(f.arena), len(f.arena))[o : o+packedSize : o+packedSize]
}

// keysStart is the index in keys of the first of value i's Keys: the previous value's end.
func (f *features) keysStart(i int) uint32 {
	if i == 0 {
		return 0
	}
	return binary.LittleEndian.Uint32(f.head(i - 1)[8:])
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
	var v Value
	f.valInto(i, &v)
	return v
}

// valInto spells out the value of field i into v. Written field by field, it costs a
// comparison less than returning a Value, which the compiler copies through the stack.
func (f *features) valInto(i int, v *Value) {
	h := f.head(i)
	off, lenW, kend := binary.LittleEndian.Uint32(h), binary.LittleEndian.Uint32(h[4:]), binary.LittleEndian.Uint32(h[8:])
	v.Key = f.arena[off : off+lenW&^weakBit]
	v.Keys = f.keys[f.keysStart(i):kend:kend]
	v.Weak = lenW&weakBit != 0
}

// valuePool holds the Values that a Keyer or TermLister is given: a pointer passed
// through an interface escapes, and one allocation per record and pass is garbage.
var valuePool = sync.Pool{New: func() any { return new(Value) }}

// putValue returns v to valuePool, holding no record's memory.
func putValue(v *Value) {
	*v = Value{}
	valuePool.Put(v)
}

// key returns the Key of field i, without spelling out the rest of the value.
func (f *features) key(i int) string {
	h := f.head(i)
	off := binary.LittleEndian.Uint32(h)
	return f.arena[off : off+binary.LittleEndian.Uint32(h[4:])&^weakBit]
}

// firstKey returns Keys[0] of field i, or "" when the value has no Keys.
func (f *features) firstKey(i int) string {
	k0 := f.keysStart(i)
	if k0 == binary.LittleEndian.Uint32(f.head(i)[8:]) {
		return ""
	}
	return f.keys[k0]
}

// missing reports whether field i has no value.
func (f *features) missing(i int) bool {
	return binary.LittleEndian.Uint32(f.head(i)[4:])&^weakBit == 0
}

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
