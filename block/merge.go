package block

import "github.com/RoaringBitmap/roaring/v2"

// Merge adds every posting of o to ix: afterwards each key's block in ix is the union of its
// blocks in ix and o. It changes ix and leaves o unchanged; ix shares no memory with o
// afterwards. Merging an index into itself, or a nil o, changes nothing.
//
// Merge writes ix and reads o: see [Index] on concurrency.
func (ix *Index) Merge(o *Index) {
	if o == nil || o == ix {
		return
	}
	type entry struct {
		h uint64
		e uint64 // as in Index.keys, with a multi entry indexing blocks below
	}
	entries := make([]entry, 0, o.keys.len())
	var (
		blocks []posting
		names  []string
	)
	for h, e := range o.keys.all() {
		if e&multiBit != 0 {
			p := &o.blocks[uint32(e)]
			names = append(names, o.names[uint32(e)])
			c := posting{ids: append([]uint32(nil), p.ids...)}
			if p.bm != nil {
				c.setBitmap(p.bm.Clone())
			}
			e = multiBit | uint64(len(blocks))
			blocks = append(blocks, c)
		}
		entries = append(entries, entry{h, e})
	}
	for _, en := range entries {
		if en.e&multiBit == 0 {
			if id := uint32(en.e); ix.addHash(en.h, "", id) {
				ix.gain(id, 1)
			}
			continue
		}
		ix.mergeBlock(en.h, blocks[uint32(en.e)], names[uint32(en.e)])
	}
}

// mergeBlock adds the members of p, which ix may keep, under the key of hash h, and counts
// the members new to that key.
func (ix *Index) mergeBlock(h uint64, p posting, name string) {
	e, ok := ix.keys.get(h)
	if !ok {
		ix.gainAll(p, nil)
		b := ix.newBlock(p)
		ix.keys.set(h, b)
		ix.nameBlock(uint32(b), name)
		return
	}
	if e&multiBit == 0 {
		// Taking over p and adding the one member is cheaper than the other way round. That
		// member already counts this key; p's other members gain it.
		old := uint32(e)
		ix.gainAll(p, func(id uint32) bool { return id == old })
		b := ix.newBlock(p)
		ix.keys.set(h, b)
		ix.blocks[uint32(b)].add(old)
		ix.nameBlock(uint32(b), name)
		return
	}
	have := &ix.blocks[uint32(e)]
	ix.nameBlock(uint32(e), name)
	if p.bm == nil {
		for _, id := range p.ids {
			if have.add(id) {
				ix.gain(id, 1)
			}
		}
		return
	}
	if have.bm == nil {
		bm := roaring.New()
		bm.AddMany(have.ids)
		have.setBitmap(bm)
	}
	ix.gainAll(p, have.bm.Contains)
	have.bm.Or(p.bm)
	have.setBitmap(have.bm)
}

// gainAll counts a new key for every member of p that known (nil: none) does not report.
func (ix *Index) gainAll(p posting, known func(uint32) bool) {
	if p.bm == nil {
		for _, id := range p.ids {
			if known == nil || !known(id) {
				ix.gain(id, 1)
			}
		}
		return
	}
	it := p.bm.Iterator()
	for it.HasNext() {
		if id := it.Next(); known == nil || !known(id) {
			ix.gain(id, 1)
		}
	}
}

// Union returns a new index holding the postings of both a and b; a and b are not changed,
// and the result shares no memory with them. A nil argument counts as an empty index.
func Union(a, b *Index) *Index {
	u := &Index{}
	u.Merge(a)
	u.Merge(b)
	return u
}
