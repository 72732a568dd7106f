package block

import "github.com/RoaringBitmap/roaring/v2"

// Merge adds every posting of o to ix: afterwards each key's block in ix is the union of its
// blocks in ix and o. It changes ix and leaves o unchanged; ix shares no memory with o
// afterwards. Merging an index into itself, or a nil o, changes nothing.
//
// o is copied under its read lock before ix is locked, so concurrent a.Merge(b) and
// b.Merge(a) cannot deadlock.
func (ix *Index) Merge(o *Index) {
	if o == nil || o == ix {
		return
	}
	type entry struct {
		h uint64
		e uint64 // as in Index.keys, with a multi entry indexing blocks below
	}
	o.mu.RLock()
	entries := make([]entry, 0, len(o.keys))
	var blocks []posting
	for h, e := range o.keys {
		if e&multiBit != 0 {
			p := &o.blocks[uint32(e)]
			c := posting{name: p.name, ids: append([]uint32(nil), p.ids...)}
			if p.bm != nil {
				c.bm = p.bm.Clone()
			}
			e = multiBit | uint64(len(blocks))
			blocks = append(blocks, c)
		}
		entries = append(entries, entry{h, e})
	}
	rec := o.records().Clone()
	o.mu.RUnlock()

	ix.mu.Lock()
	defer ix.mu.Unlock()
	for _, en := range entries {
		if en.e&multiBit == 0 {
			ix.addHash(en.h, "", uint32(en.e))
			continue
		}
		ix.mergeBlock(en.h, blocks[uint32(en.e)])
	}
	if !ix.recStale {
		if ix.rec == nil {
			ix.rec = rec
		} else {
			ix.rec.Or(rec)
		}
	}
}

// mergeBlock adds the members of p, which ix may keep, under the key of hash h. The caller
// holds mu for writing.
func (ix *Index) mergeBlock(h uint64, p posting) {
	e, ok := ix.keys[h]
	if !ok {
		if ix.keys == nil {
			ix.keys = make(map[uint64]uint64)
		}
		ix.keys[h] = ix.newBlock(p)
		return
	}
	if e&multiBit == 0 {
		// Taking over p and adding the one member is cheaper than the other way round.
		b := ix.newBlock(p)
		ix.keys[h] = b
		ix.blocks[uint32(b)].add(uint32(e))
		return
	}
	have := &ix.blocks[uint32(e)]
	if have.name == "" {
		have.name = p.name
	}
	if p.bm == nil {
		for _, id := range p.ids {
			have.add(id)
		}
		return
	}
	if have.bm == nil {
		bm := roaring.New()
		bm.AddMany(have.ids)
		have.bm, have.ids = bm, nil
	}
	have.bm.Or(p.bm)
}

// Union returns a new index holding the postings of both a and b; a and b are not changed,
// and the result shares no memory with them. A nil argument counts as an empty index.
func Union(a, b *Index) *Index {
	u := &Index{}
	u.Merge(a)
	u.Merge(b)
	return u
}
