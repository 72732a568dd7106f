package block

import (
	"cmp"
	"slices"

	"github.com/RoaringBitmap/roaring/v2"
)

// Batch collects the keys of many records for one [Index.AddBatch], which adds them in the
// order of the index's own layout rather than record by record: each key's slot is visited
// once, in increasing order, and each block takes all its new members at once. Loading a
// large base that way costs a fraction of the cache misses of Add.
//
// Its zero value is an empty batch ready to use. A Batch is not safe for concurrent use.
type Batch struct {
	items  []batchItem
	sorted []batchItem // items in slot order, reused between batches
	counts []int
}

// batchItem is one key of one record.
type batchItem struct {
	order uint64 // spread(h): the slot order
	h     uint64
	name  string
	id    uint32
}

// Add notes that record id has keys; empty keys are ignored. The batch keeps the key
// strings (not copies) until it is reset.
func (b *Batch) Add(id uint32, keys ...string) {
	for _, k := range keys {
		if k != "" {
			h := HashKey(k)
			b.items = append(b.items, batchItem{order: spread(h), h: h, name: k, id: id})
		}
	}
}

// Len returns the number of keys in the batch.
func (b *Batch) Len() int { return len(b.items) }

// Reset empties the batch, keeping its memory for the next one.
func (b *Batch) Reset() {
	clear(b.items) // drop the key strings
	clear(b.sorted)
	b.items, b.sorted = b.items[:0], b.sorted[:0]
}

// sort returns the items in the order of their slots, and of record numbers within a key.
// A counting sort on the top bits of the order puts them in buckets of a few items each,
// which a comparison sort then finishes: linear, where sorting the whole batch by
// comparisons cost more than the cache misses the order saves.
func (b *Batch) sort() []batchItem {
	n := len(b.items)
	bits := 1
	for 1<<bits < n/4 && bits < 20 {
		bits++
	}
	shift := 64 - bits
	b.counts = slices.Grow(b.counts[:0], 1<<bits+1)[:1<<bits+1]
	clear(b.counts)
	for i := range b.items {
		b.counts[b.items[i].order>>shift+1]++
	}
	for i := 1; i < len(b.counts); i++ {
		b.counts[i] += b.counts[i-1]
	}
	b.sorted = slices.Grow(b.sorted[:0], n)[:n]
	next := b.counts[1:] // bucket k's next free place, after the loop its end
	starts := slices.Clone(b.counts[:len(b.counts)-1])
	for i := range b.items {
		k := b.items[i].order >> shift
		b.sorted[starts[k]] = b.items[i]
		starts[k]++
	}
	start := 0
	for _, end := range next {
		if end-start > 1 {
			slices.SortFunc(b.sorted[start:end], compareItems)
		}
		start = end
	}
	return b.sorted
}

// compareItems orders items by slot order, then record number. spread is a bijection, so
// equal orders are equal hashes.
func compareItems(x, y batchItem) int {
	if c := cmp.Compare(x.order, y.order); c != 0 {
		return c
	}
	return cmp.Compare(x.id, y.id)
}

// AddBatch adds every key of b, as Add would for each of its records: afterwards the index
// is the same as if each record had been added with its keys. b is left as it was.
func (ix *Index) AddBatch(b *Batch) {
	if len(b.items) == 0 {
		return
	}
	items := b.sort()
	distinct := 1
	for i := 1; i < len(items); i++ {
		if items[i].h != items[i-1].h {
			distinct++
		}
	}
	ix.keys.reserve(distinct)
	var ids []uint32
	for i := 0; i < len(items); {
		j, name := i+1, items[i].name
		ids = append(ids[:0], items[i].id)
		for ; j < len(items) && items[j].h == items[i].h; j++ {
			if items[j].id != ids[len(ids)-1] {
				ids = append(ids, items[j].id)
			}
		}
		ix.addMembers(items[i].h, name, ids)
		i = j
	}
}

// addMembers adds the records ids (sorted, distinct) under the key of hash h named name.
func (ix *Index) addMembers(h uint64, name string, ids []uint32) {
	e, ok := ix.keys.get(h)
	switch {
	case !ok && len(ids) == 1:
		ix.keys.set(h, uint64(ids[0]))
		ix.gain(ids[0], 1)
		return
	case !ok:
		var p posting
		if len(ids) <= smallMax {
			p.ids = slices.Clone(ids)
		} else {
			p.setBitmap(roaring.BitmapOf(ids...))
		}
		e := ix.newBlock(p)
		ix.keys.set(h, e)
		ix.nameIfLarge(uint32(e), name)
		for _, id := range ids {
			ix.gain(id, 1)
		}
		return
	case e&multiBit == 0:
		// A one-member key becomes a block of its member and the new ones.
		first := uint32(e)
		if len(ids) == 1 && ids[0] == first {
			return
		}
		b := ix.newBlock(posting{ids: []uint32{first}})
		ix.keys.set(h, b)
		e = b
	}
	p := &ix.blocks[uint32(e)]
	defer ix.nameIfLarge(uint32(e), name)
	if p.appendAbove(ids) {
		for _, id := range ids {
			ix.gain(id, 1)
		}
		return
	}
	for _, id := range ids {
		if p.add(id) {
			ix.gain(id, 1)
		}
	}
}

// appendAbove adds ids (sorted, distinct) when they all come after the block's members, as
// they do while a base is loaded in order, and reports whether it did: appending needs
// neither a search nor a check per member.
func (p *posting) appendAbove(ids []uint32) bool {
	if p.bm != nil {
		if p.n > 0 && p.bm.Maximum() >= ids[0] {
			return false
		}
		p.bm.AddMany(ids)
		p.n += uint32(len(ids))
		return true
	}
	if len(p.ids) > 0 && p.ids[len(p.ids)-1] >= ids[0] {
		return false
	}
	if len(p.ids)+len(ids) > smallMax {
		bm := roaring.New()
		bm.AddMany(p.ids)
		bm.AddMany(ids)
		p.setBitmap(bm)
		return true
	}
	p.ids = append(p.ids, ids...)
	return true
}
