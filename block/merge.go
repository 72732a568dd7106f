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
	o.mu.RLock()
	one := make(map[string]uint32, len(o.one))
	for k, id := range o.one {
		one[k] = id // keys are immutable strings, safe to share
	}
	many := make(map[string]*roaring.Bitmap, len(o.many))
	for k, bm := range o.many {
		many[k] = bm.Clone()
	}
	rec := o.records().Clone()
	o.mu.RUnlock()

	ix.mu.Lock()
	defer ix.mu.Unlock()
	for k, id := range one {
		ix.addKey(id, k)
	}
	for k, bm := range many {
		if have, ok := ix.many[k]; ok {
			have.Or(bm)
			continue
		}
		if id, ok := ix.one[k]; ok {
			delete(ix.one, k)
			bm.Add(id)
		}
		ix.setMany(k, bm)
	}
	if !ix.recStale {
		if ix.rec == nil {
			ix.rec = rec
		} else {
			ix.rec.Or(rec)
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
