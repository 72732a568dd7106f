package block

import (
	"iter"
	"slices"
	"strings"
	"sync"

	"github.com/RoaringBitmap/roaring/v2"
)

// Index maps string keys to posting lists of uint32 record numbers.
//
// Its zero value is an empty index ready to use. An Index is safe for concurrent use: any
// number of readers run in parallel while writers (Add, Remove, Update, Merge, ReadFrom,
// Optimize) are serialised internally with a sync.RWMutex. It never keeps or modifies the
// slices passed to it; it keeps copies of the key strings it stores.
//
// A key held by a single record is stored inline, without a bitmap, because most keys of a
// customer base (a phone, an e-mail) belong to one record and a roaring bitmap costs a few
// hundred bytes even for one member. A posting list becomes a [roaring.Bitmap] from its
// second member on, and shrinks back when members are removed.
type Index struct {
	mu   sync.RWMutex
	one  map[string]uint32          // keys whose block holds exactly one record
	many map[string]*roaring.Bitmap // keys whose block holds two or more records

	// rec caches the set of records present. Add keeps it current; Remove cannot know
	// whether a record still has other keys, so it marks the cache stale and the next
	// reader rebuilds it. Writers touch rec under mu; readers under mu.RLock plus recMu.
	recMu    sync.Mutex
	rec      *roaring.Bitmap // nil means empty
	recStale bool
}

// Add adds record id to the posting list of every key. Empty keys are ignored, and so is a
// key the record already has, so Add is idempotent.
func (ix *Index) Add(id uint32, keys ...string) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if ix.add(id, keys) {
		ix.noteAdded(id)
	}
}

// Remove removes record id from the posting list of every key. A posting list left empty is
// deleted, so its memory returns; keys the record does not have are ignored.
func (ix *Index) Remove(id uint32, keys ...string) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if ix.remove(id, keys) {
		ix.recStale = true
	}
}

// Update moves record id from oldKeys to newKeys in one step, so readers never see the
// record with neither set. Keys present in both lists keep the record.
func (ix *Index) Update(id uint32, oldKeys, newKeys []string) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	removed := ix.remove(id, oldKeys)
	if ix.add(id, newKeys) {
		// The record still has a key, so it is present whatever was removed.
		ix.noteAdded(id)
		return
	}
	if removed {
		ix.recStale = true
	}
}

// add inserts id under each non-empty key and reports whether there was any such key.
// The caller holds mu for writing.
func (ix *Index) add(id uint32, keys []string) bool {
	has := false
	for _, k := range keys {
		if k != "" {
			ix.addKey(id, k)
			has = true
		}
	}
	return has
}

// addKey inserts id under the non-empty key k. The caller holds mu for writing.
func (ix *Index) addKey(id uint32, k string) {
	if bm, ok := ix.many[k]; ok {
		bm.Add(id)
		return
	}
	first, ok := ix.one[k]
	if !ok {
		if ix.one == nil {
			ix.one = make(map[string]uint32)
		}
		// Clone so a key cut from a larger string does not pin that string.
		ix.one[strings.Clone(k)] = id
		return
	}
	if first == id {
		return
	}
	delete(ix.one, k)
	ix.setMany(k, roaring.BitmapOf(min(first, id), max(first, id)))
}

// setMany stores the bitmap of a key with two or more records.
func (ix *Index) setMany(k string, bm *roaring.Bitmap) {
	if ix.many == nil {
		ix.many = make(map[string]*roaring.Bitmap)
	}
	ix.many[strings.Clone(k)] = bm
}

// remove deletes id from each key and reports whether any posting list changed.
// The caller holds mu for writing.
func (ix *Index) remove(id uint32, keys []string) bool {
	changed := false
	for _, k := range keys {
		if k == "" {
			continue
		}
		if first, ok := ix.one[k]; ok {
			if first == id {
				delete(ix.one, k)
				changed = true
			}
			continue
		}
		bm, ok := ix.many[k]
		if !ok || !bm.CheckedRemove(id) {
			continue
		}
		changed = true
		if bm.GetCardinality() == 1 {
			// Back to the inline form: a one-member bitmap would waste its memory.
			delete(ix.many, k)
			if ix.one == nil {
				ix.one = make(map[string]uint32)
			}
			ix.one[strings.Clone(k)] = bm.Minimum()
		}
	}
	return changed
}

// noteAdded records id in the records cache when the cache is current.
func (ix *Index) noteAdded(id uint32) {
	if ix.recStale {
		return
	}
	if ix.rec == nil {
		ix.rec = roaring.New()
	}
	ix.rec.Add(id)
}

// Keys returns the number of distinct keys.
func (ix *Index) Keys() int {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return len(ix.one) + len(ix.many)
}

// BlockSize returns the number of records that have key; 0 for an unknown key.
func (ix *Index) BlockSize(key string) uint64 {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return ix.blockSize(key)
}

func (ix *Index) blockSize(key string) uint64 {
	if _, ok := ix.one[key]; ok {
		return 1
	}
	if bm, ok := ix.many[key]; ok {
		return bm.GetCardinality()
	}
	return 0
}

// Records returns a copy of the set of record numbers that have at least one key.
//
// After a Remove it rebuilds the set from all posting lists once, which costs time in the
// size of the index; Add keeps it current at no extra cost.
func (ix *Index) Records() *roaring.Bitmap {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return ix.records().Clone()
}

// records returns the cached records set, rebuilding it when stale. The result must not be
// modified. The caller holds mu (for reading or writing).
func (ix *Index) records() *roaring.Bitmap {
	ix.recMu.Lock()
	defer ix.recMu.Unlock()
	if ix.recStale || ix.rec == nil {
		ix.rec = ix.rebuildRecords()
		ix.recStale = false
	}
	return ix.rec
}

func (ix *Index) rebuildRecords() *roaring.Bitmap {
	bms := make([]*roaring.Bitmap, 0, len(ix.many))
	for _, bm := range ix.many {
		bms = append(bms, bm)
	}
	rec := roaring.FastOr(bms...)
	for _, id := range ix.one {
		rec.Add(id)
	}
	return rec
}

// Optimize compacts every posting list: run-length encoding where it is smaller
// (RunOptimize) and spare capacity left by incremental growth trimmed. Call it after a bulk
// load; it changes memory use only, never content.
func (ix *Index) Optimize() {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	for k, bm := range ix.many {
		bm.RunOptimize()
		ix.many[k] = bm.Clone() // a clone is allocated at its exact size
	}
	ix.recMu.Lock()
	if ix.rec != nil && !ix.recStale {
		ix.rec.RunOptimize()
	}
	ix.recMu.Unlock()
}

// Candidates holds the records retrieved for a query. IDs belongs to the caller.
// A Candidates value is not safe for concurrent use while IDs is being modified.
type Candidates struct {
	// IDs is the union of the posting lists of the query keys that were expanded.
	IDs *roaring.Bitmap
	// Capped counts the distinct query keys skipped because their block was larger than
	// maxBlock.
	Capped int
}

// All yields the candidate record numbers in increasing order.
func (c Candidates) All() iter.Seq[uint32] {
	return func(yield func(uint32) bool) {
		if c.IDs == nil {
			return
		}
		it := c.IDs.Iterator()
		for it.HasNext() {
			if !yield(it.Next()) {
				return
			}
		}
	}
}

// Candidates returns the union (roaring.FastOr) of the posting lists of keys whose block
// holds at most maxBlock records; maxBlock <= 0 means no cap. Keys over the cap are not
// expanded but counted in Capped; unknown and empty keys add nothing. The result's IDs is a
// new bitmap owned by the caller. keys is not kept.
func (ix *Index) Candidates(keys []string, maxBlock int) Candidates {
	var (
		bmBuf  [8]*roaring.Bitmap
		oneBuf [8]uint32
		capBuf [4]*roaring.Bitmap
	)
	bms, ones, capped := bmBuf[:0], oneBuf[:0], capBuf[:0]
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	for _, k := range keys {
		if id, ok := ix.one[k]; ok {
			ones = append(ones, id)
			continue
		}
		bm, ok := ix.many[k]
		// Pointer comparison dedups repeated keys: each key has its own bitmap.
		if !ok || containsPtr(bms, bm) || containsPtr(capped, bm) {
			continue
		}
		if maxBlock > 0 && bm.GetCardinality() > uint64(maxBlock) {
			capped = append(capped, bm)
			continue
		}
		bms = append(bms, bm)
	}
	ids := roaring.FastOr(bms...)
	ids.AddMany(ones)
	return Candidates{IDs: ids, Capped: len(capped)}
}

func containsPtr(s []*roaring.Bitmap, p *roaring.Bitmap) bool {
	for _, q := range s {
		if q == p {
			return true
		}
	}
	return false
}

// Pairs streams the candidate pairs (a, b), a < b, of a batch deduplication: the pairs of
// records that share at least one key whose block holds at most maxBlock records
// (maxBlock <= 0: no cap). Each pair comes exactly once, even when the two records share
// several keys, and no set of pairs is ever built. For one first member a, the pairs come in
// increasing order of b.
//
// keysOf(id) must return the keys record id was added with: the index does not store them.
// Only records with from <= a < to are taken as first members, so disjoint ranges covering
// [0, MaxUint32) split the work across goroutines without overlap. keysOf is called without
// the index lock held, and the index is read-locked only while one record's pairs are
// gathered, so the consumer may write to the index; such writes are seen by the records
// processed after them.
func (ix *Index) Pairs(from, to uint32, keysOf func(id uint32) []string, maxBlock int) iter.Seq2[uint32, uint32] {
	return func(yield func(uint32, uint32) bool) {
		if from >= to {
			return
		}
		// First members are taken in chunks under the lock, so neither the records set nor
		// the lock is held while the consumer runs.
		var (
			buf   pairBuf
			chunk = make([]uint32, 0, 1024)
			next  = from
		)
		for {
			chunk = ix.appendRecords(chunk[:0], next, to)
			if len(chunk) == 0 {
				return
			}
			for _, a := range chunk {
				keys := keysOf(a)
				ix.mu.RLock()
				bs := ix.above(&buf, a, keys, maxBlock)
				ix.mu.RUnlock()
				for _, b := range bs {
					if !yield(a, b) {
						return
					}
				}
			}
			last := chunk[len(chunk)-1]
			if last >= to-1 {
				return
			}
			next = last + 1
		}
	}
}

// appendRecords appends to dst, up to its capacity, the records in [from, to).
func (ix *Index) appendRecords(dst []uint32, from, to uint32) []uint32 {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	it := ix.records().Iterator()
	it.AdvanceIfNeeded(from)
	for len(dst) < cap(dst) && it.HasNext() {
		a := it.Next()
		if a >= to {
			break
		}
		dst = append(dst, a)
	}
	return dst
}

// pairBuf is scratch space reused across the first members of Pairs.
type pairBuf struct {
	ids  []uint32 // the members above a of each block, block after block
	ends []int    // where each block's members end in ids
	out  []uint32 // merged members
	tmp  []uint32
}

// above returns the distinct members greater than a of the capped blocks of keys, in
// increasing order, in memory owned by buf. The caller holds mu for reading.
func (ix *Index) above(buf *pairBuf, a uint32, keys []string, maxBlock int) []uint32 {
	buf.ids, buf.ends = buf.ids[:0], buf.ends[:0]
	for _, k := range keys {
		if id, ok := ix.one[k]; ok {
			if id > a {
				buf.ids = append(buf.ids, id)
				buf.ends = append(buf.ends, len(buf.ids))
			}
			continue
		}
		bm, ok := ix.many[k]
		if !ok {
			continue
		}
		n := bm.GetCardinality()
		if maxBlock > 0 && n > uint64(maxBlock) {
			continue
		}
		start := len(buf.ids)
		buf.ids = slices.Grow(buf.ids, int(n))[:start+int(n)]
		block := buf.ids[start:]
		bm.ToExistingArray(&block)
		i, found := slices.BinarySearch(block, a)
		if found {
			i++
		}
		if m := copy(block, block[i:]); m > 0 {
			buf.ids = buf.ids[:start+m]
			buf.ends = append(buf.ends, len(buf.ids))
		} else {
			buf.ids = buf.ids[:start]
		}
	}
	if len(buf.ends) <= 1 {
		return buf.ids // one block is already sorted and distinct
	}
	// Each block is sorted, so merging them one by one costs O(blocks * members), less
	// than sorting for the handful of keys a record has.
	buf.out = append(buf.out[:0], buf.ids[:buf.ends[0]]...)
	for i := 1; i < len(buf.ends); i++ {
		buf.tmp = mergeUnique(buf.tmp[:0], buf.out, buf.ids[buf.ends[i-1]:buf.ends[i]])
		buf.out, buf.tmp = buf.tmp, buf.out
	}
	return buf.out
}

// mergeUnique appends to dst the union of the sorted, distinct slices x and y.
func mergeUnique(dst, x, y []uint32) []uint32 {
	i, j := 0, 0
	for i < len(x) && j < len(y) {
		switch {
		case x[i] < y[j]:
			dst = append(dst, x[i])
			i++
		case x[i] > y[j]:
			dst = append(dst, y[j])
			j++
		default:
			dst = append(dst, x[i])
			i++
			j++
		}
	}
	dst = append(dst, x[i:]...)
	return append(dst, y[j:]...)
}
