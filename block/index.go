package block

import (
	"iter"
	"slices"
	"strings"

	"github.com/RoaringBitmap/roaring/v2"
)

// Index maps string keys to posting lists of uint32 record numbers.
//
// Its zero value is an empty index ready to use. An Index is not safe for concurrent use by
// writers; concurrent readers are safe when no writer runs. Its owner does the locking:
// writers are Add, Remove, Update, Merge (of the receiver), ReadFrom and Optimize; every
// other method only reads, and no reader changes any state, cached or not. It never keeps or
// modifies the slices passed to it; it keeps copies of the key strings it names blocks with.
//
// Keys are stored as 64-bit hashes (FNV-1a, fixed, so a serialised index reloads
// identically in any process). Most keys of a customer base (a phone, an e-mail) belong to
// one record, and such a key costs one hash table slot: no string, no bitmap. A key held by
// a few records keeps its members in a small sorted slice, and a [roaring.Bitmap] only
// from smallMax members on, because a bitmap costs a few hundred bytes even for two
// members. Multi-record blocks also keep their key's name, for [Index.Stats].
//
// Two distinct keys with the same hash share one posting list. That only adds candidates,
// which the scorer rejects; it never loses one. With 64-bit hashes the chance of any
// collision among ten million keys is about 3 in a million.
type Index struct {
	// keys maps a key hash to an entry: a record number when the block holds one record,
	// or multiBit plus an index into blocks.
	keys   table
	blocks []posting
	// names holds the key of each block of nameMin records or more, by block, for Stats:
	// beside every block it cost a string header and a string per key.
	names map[uint32]string
	free  []uint32 // indexes of unused blocks, reused before blocks grows

	// rec is the set of records that have at least one key, and nkeys the number of
	// distinct key hashes each of them has, by record number (record numbers are dense:
	// their owner numbers records from 0). Writers keep both current, so that readers
	// never rebuild anything: Remove knows from nkeys when a record loses its last key.
	rec    *roaring.Bitmap // nil means empty
	nkeys  []uint32
	sparse map[uint32]uint32 // the counts of record numbers far beyond len(nkeys)
	nrec   int               // records with a key
}

// multiBit marks an entry that points into Index.blocks rather than holding a record.
const multiBit = 1 << 32

// smallMax is the largest block kept as a sorted slice. A bitmap of a few members costs
// over 150 bytes against 4 per member in a slice, so the slice is smaller up to a few
// dozen members; past smallMax, a bitmap's fast unions and compact runs pay. A bitmap goes
// back to a slice only at half this size, so a block at the edge does not flip each time.
const smallMax = 32

// posting is a block of two or more records: ids (sorted, distinct) while bm is nil.
type posting struct {
	ids []uint32
	bm  *roaring.Bitmap
	// n is bm's cardinality, kept by every change to bm: the caps ask a block's size for
	// each record of each pass, and a bitmap counts its containers each time it is asked.
	n uint32
}

func (p *posting) card() uint64 {
	if p.bm != nil {
		return uint64(p.n)
	}
	return uint64(len(p.ids))
}

// setBitmap makes bm the block's members.
func (p *posting) setBitmap(bm *roaring.Bitmap) {
	p.bm, p.ids, p.n = bm, nil, uint32(bm.GetCardinality())
}

// add inserts id, turning the slice into a bitmap when it outgrows smallMax, and reports
// whether id was new.
func (p *posting) add(id uint32) bool {
	if p.bm != nil {
		if !p.bm.CheckedAdd(id) {
			return false
		}
		p.n++
		return true
	}
	i, found := slices.BinarySearch(p.ids, id)
	if found {
		return false
	}
	if len(p.ids) < smallMax {
		p.ids = slices.Insert(p.ids, i, id)
		return true
	}
	bm := roaring.New()
	bm.AddMany(p.ids)
	bm.Add(id)
	p.setBitmap(bm)
	return true
}

// remove deletes id and reports whether it was present.
func (p *posting) remove(id uint32) bool {
	if p.bm != nil {
		if !p.bm.CheckedRemove(id) {
			return false
		}
		p.n--
		if p.n <= smallMax/2 {
			p.ids, p.bm = p.bm.ToArray(), nil
		}
		return true
	}
	i, found := slices.BinarySearch(p.ids, id)
	if found {
		p.ids = slices.Delete(p.ids, i, i+1)
	}
	return found
}

// members returns the members in increasing order. The result must not be modified: it
// may be the block's own slice.
func (p *posting) members() []uint32 {
	if p.bm != nil {
		return p.bm.ToArray()
	}
	return p.ids
}

// HashKey is the hash the index stores a key as: FNV-1a 64 of s, inlined to avoid
// hash.Hash64 and a []byte copy per key.
func HashKey(s string) uint64 {
	const (
		offset = 14695981039346656037
		prime  = 1099511628211
	)
	h := uint64(offset)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= prime
	}
	return h
}

// Add adds record id to the posting list of every key. Empty keys are ignored, and so is a
// key the record already has, so Add is idempotent.
func (ix *Index) Add(id uint32, keys ...string) {
	ix.add(id, keys)
}

// Remove removes record id from the posting list of every key. A posting list left empty is
// deleted, so its memory returns; keys the record does not have are ignored.
func (ix *Index) Remove(id uint32, keys ...string) {
	ix.remove(id, keys)
}

// Update moves record id from oldKeys to newKeys, as Remove then Add would; keys present in
// both lists keep the record. Within one owner's write lock, readers never see the record
// with neither set.
func (ix *Index) Update(id uint32, oldKeys, newKeys []string) {
	ix.remove(id, oldKeys)
	ix.add(id, newKeys)
}

// add inserts id under each non-empty key.
func (ix *Index) add(id uint32, keys []string) {
	n := uint32(0)
	for _, k := range keys {
		if k != "" && ix.addHash(HashKey(k), k, id) {
			n++
		}
	}
	ix.gain(id, n)
}

// addHash inserts id under the key of hash h and reports whether id was new there; name is
// that key, or "" when unknown.
func (ix *Index) addHash(h uint64, name string, id uint32) bool {
	e, ok := ix.keys.get(h)
	switch {
	case !ok:
		ix.keys.set(h, uint64(id))
		return true
	case e&multiBit == 0:
		first := uint32(e)
		if first == id {
			return false
		}
		ix.keys.set(h, ix.newBlock(posting{ids: []uint32{min(first, id), max(first, id)}}))
		return true
	default:
		added := ix.blocks[uint32(e)].add(id)
		ix.nameIfLarge(uint32(e), name)
		return added
	}
}

// nameMin is the size from which a block keeps its key's name, for Stats: the blocks
// worth naming are the large ones, and naming every block of two cost a string per key,
// about 3% of a large index.
const nameMin = 16

// nameIfLarge names block b after its key, name ("" when unknown), once it holds nameMin
// records.
func (ix *Index) nameIfLarge(b uint32, name string) {
	if name != "" && ix.blocks[b].card() >= nameMin {
		ix.nameBlock(b, name)
	}
}

// nameBlock names block b after its key unless it has a name: a copy, so that a key cut
// from a larger string does not pin that string.
func (ix *Index) nameBlock(b uint32, name string) {
	if name == "" {
		return
	}
	if _, ok := ix.names[b]; ok {
		return
	}
	if ix.names == nil {
		ix.names = make(map[uint32]string)
	}
	ix.names[b] = strings.Clone(name)
}

// gain notes that record id has gained n keys; one update per record, not per key.
func (ix *Index) gain(id, n uint32) {
	if n == 0 {
		return
	}
	c := ix.count(id)
	ix.setCount(id, c+n)
	if c == 0 {
		if ix.rec == nil {
			ix.rec = roaring.New()
		}
		ix.rec.Add(id)
		ix.nrec++
	}
}

// lose notes that record id has lost n keys; with its last key it leaves rec.
func (ix *Index) lose(id, n uint32) {
	c := ix.count(id)
	if n == 0 || c == 0 {
		return
	}
	if c <= n {
		ix.setCount(id, 0)
		ix.rec.Remove(id)
		ix.nrec--
		return
	}
	ix.setCount(id, c-n)
}

// count returns the number of keys of record id.
func (ix *Index) count(id uint32) uint32 {
	if int(id) < len(ix.nkeys) {
		return ix.nkeys[id]
	}
	return ix.sparse[id]
}

// setCount sets the number of keys of record id. Record numbers up to a few times the
// records held are counted in nkeys; sparse ones beyond, which a slice would make cost
// memory for every number below them, in a map.
func (ix *Index) setCount(id, c uint32) {
	if int(id) < len(ix.nkeys) {
		ix.nkeys[id] = c
		return
	}
	if int(id) < 2*ix.nrec+denseMin {
		if c == 0 {
			return // absent already
		}
		ix.nkeys = slices.Grow(ix.nkeys, int(id)+1-len(ix.nkeys))[:int(id)+1]
		ix.nkeys[id] = c
		return
	}
	if c == 0 {
		delete(ix.sparse, id)
		return
	}
	if ix.sparse == nil {
		ix.sparse = make(map[uint32]uint32)
	}
	ix.sparse[id] = c
}

// denseMin is the range of record numbers counted in a slice even in an empty index.
const denseMin = 1 << 16

// newBlock stores p, unnamed, and returns its entry.
func (ix *Index) newBlock(p posting) uint64 {
	var b uint32
	if n := len(ix.free); n > 0 {
		b = ix.free[n-1]
		ix.free = ix.free[:n-1]
		ix.blocks[b] = p
	} else {
		b = uint32(len(ix.blocks))
		ix.blocks = append(ix.blocks, p)
	}
	return multiBit | uint64(b)
}

// remove deletes id from each key.
func (ix *Index) remove(id uint32, keys []string) {
	n := uint32(0) // keys lost
	for _, k := range keys {
		if k == "" {
			continue
		}
		h := HashKey(k)
		e, ok := ix.keys.get(h)
		if !ok {
			continue
		}
		if e&multiBit == 0 {
			if uint32(e) == id {
				ix.keys.del(h)
				n++
			}
			continue
		}
		b := uint32(e)
		p := &ix.blocks[b]
		if !p.remove(id) {
			continue
		}
		n++
		if p.card() == 1 {
			// Back to a bare entry: a one-member block would waste its memory. Its member
			// is in ids, since a bitmap turns back into a slice well before one member.
			ix.keys.set(h, uint64(p.ids[0]))
			ix.blocks[b] = posting{}
			delete(ix.names, b)
			ix.free = append(ix.free, b)
		}
	}
	ix.lose(id, n)
}

// recount rebuilds rec and nkeys from the posting lists, after ReadFrom.
func (ix *Index) recount() {
	ix.rec, ix.nkeys, ix.sparse, ix.nrec = nil, nil, nil, 0
	for _, e := range ix.keys.all() {
		if e&multiBit == 0 {
			ix.gain(uint32(e), 1)
			continue
		}
		p := &ix.blocks[uint32(e)]
		if p.bm == nil {
			for _, id := range p.ids {
				ix.gain(id, 1)
			}
			continue
		}
		it := p.bm.Iterator()
		for it.HasNext() {
			ix.gain(it.Next(), 1)
		}
	}
}

// Keys returns the number of distinct keys (distinct key hashes: see [Index]).
func (ix *Index) Keys() int {
	return ix.keys.len()
}

// BlockSize returns the number of records that have key; 0 for an unknown key.
func (ix *Index) BlockSize(key string) uint64 {
	if key == "" {
		return 0
	}
	e, ok := ix.keys.get(HashKey(key))
	switch {
	case !ok:
		return 0
	case e&multiBit == 0:
		return 1
	default:
		return ix.blocks[uint32(e)].card()
	}
}

// Block returns the records that have key, in increasing order: none for an unknown key.
// The index must not change while the sequence is read.
func (ix *Index) Block(key string) iter.Seq[uint32] {
	return func(yield func(uint32) bool) {
		if key == "" {
			return
		}
		e, ok := ix.keys.get(HashKey(key))
		switch {
		case !ok:
		case e&multiBit == 0:
			yield(uint32(e))
		default:
			p := &ix.blocks[uint32(e)]
			if p.bm == nil {
				for _, id := range p.ids {
					if !yield(id) {
						return
					}
				}
				return
			}
			it := p.bm.Iterator()
			for it.HasNext() {
				if !yield(it.Next()) {
					return
				}
			}
		}
	}
}

// Records returns a copy of the set of record numbers that have at least one key. Writers
// keep the set current, so this costs a copy only.
func (ix *Index) Records() *roaring.Bitmap {
	return ix.records().Clone()
}

// records returns the set of records present. The result must not be modified.
func (ix *Index) records() *roaring.Bitmap {
	if ix.rec == nil {
		return roaring.New()
	}
	return ix.rec
}

// Optimize compacts every posting list: run-length encoding where it is smaller
// (RunOptimize) and spare capacity left by incremental growth trimmed. Call it after a bulk
// load; it changes memory use only, never content.
func (ix *Index) Optimize() {
	for i := range ix.blocks {
		p := &ix.blocks[i]
		switch {
		case p.bm != nil:
			p.bm.RunOptimize()
			p.setBitmap(p.bm.Clone()) // a clone is allocated at its exact size
		case cap(p.ids) > len(p.ids):
			p.ids = slices.Clone(p.ids)
		}
	}
	if cap(ix.blocks) > len(ix.blocks) {
		ix.blocks = slices.Clone(ix.blocks)
	}
	if ix.rec != nil {
		ix.rec.RunOptimize()
	}
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
		hashBuf [16]uint64
		bmBuf   [8]*roaring.Bitmap
		oneBuf  [64]uint32
		seenBuf [16]uint32
	)
	hs := hashBuf[:0]
	for _, k := range keys {
		if k != "" {
			hs = append(hs, HashKey(k))
		}
	}
	bms, ones, seen := bmBuf[:0], oneBuf[:0], seenBuf[:0]
	var seenMap map[uint32]struct{} // replaces seen once it outgrows seenBuf
	capped := 0
	for _, h := range hs {
		e, ok := ix.keys.get(h)
		if !ok {
			continue
		}
		if e&multiBit == 0 {
			ones = append(ones, uint32(e))
			continue
		}
		// A repeated key is expanded or counted once. A query has a handful of keys, searched
		// linearly; past seenBuf a map keeps a huge query linear.
		b := uint32(e)
		if seenMap != nil {
			if _, dup := seenMap[b]; dup {
				continue
			}
			seenMap[b] = struct{}{}
		} else {
			if slices.Contains(seen, b) {
				continue
			}
			if len(seen) < cap(seen) {
				seen = append(seen, b)
			} else {
				seenMap = make(map[uint32]struct{}, 2*len(seen))
				for _, x := range seen {
					seenMap[x] = struct{}{}
				}
				seenMap[b] = struct{}{}
			}
		}
		p := &ix.blocks[b]
		if maxBlock > 0 && p.card() > uint64(maxBlock) {
			capped++
			continue
		}
		if p.bm != nil {
			bms = append(bms, p.bm)
		} else {
			ones = append(ones, p.ids...)
		}
	}
	ids := roaring.FastOr(bms...)
	// Sorted, the records fill one container after another instead of seeking each.
	slices.Sort(ones)
	ids.AddMany(ones)
	return Candidates{IDs: ids, Capped: capped}
}

// Pairs streams the candidate pairs (a, b), a < b, of a batch deduplication: the pairs of
// records that share at least one key whose block holds at most maxBlock records
// (maxBlock <= 0: no cap). Each pair comes exactly once, even when the two records share
// several keys, and no set of pairs is ever built. For one first member a, the pairs come in
// increasing order of b.
//
// keysOf(id) must return the keys record id was added with: the index does not store them.
// Only records with from <= a < to are taken as first members, so disjoint ranges covering
// [0, MaxUint32) split the work across goroutines without overlap (as readers, while no
// writer runs). Pairs keeps no pointer into the index between the pairs it yields, so the
// consumer itself may write to the index between two pairs (the owner's rules for
// concurrency still apply); such writes are seen by the records processed after them.
func (ix *Index) Pairs(from, to uint32, keysOf func(id uint32) []string, maxBlock int) iter.Seq2[uint32, uint32] {
	return ix.PairsOfHashes(from, to, func(id uint32, dst []uint64) []uint64 {
		for _, k := range keysOf(id) {
			if k != "" {
				dst = append(dst, HashKey(k))
			}
		}
		return dst
	}, maxBlock)
}

// PairsOfHashes is Pairs for a caller that knows its records' keys as hashes (HashKey of
// each non-empty key; repeats allowed): hashesOf(id, dst) appends record id's to dst.
// It spares building key strings on every pass over a large base.
func (ix *Index) PairsOfHashes(from, to uint32, hashesOf func(id uint32, dst []uint64) []uint64, maxBlock int) iter.Seq2[uint32, uint32] {
	return func(yield func(uint32, uint32) bool) {
		if from >= to {
			return
		}
		// First members are taken in chunks, so no iterator over the records set is held
		// while the consumer runs.
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
				for _, b := range ix.secondMembers(&buf, a, hashesOf, maxBlock) {
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

// PairsOfFirst is PairsOfHashes for the first members firsts, taken in the order given (a
// record not in the index gives no pair): a caller that orders them so that records sharing
// large blocks come together finds the second members still in cache.
func (ix *Index) PairsOfFirst(firsts []uint32, hashesOf func(id uint32, dst []uint64) []uint64, maxBlock int) iter.Seq2[uint32, uint32] {
	return func(yield func(uint32, uint32) bool) {
		var buf pairBuf
		for _, a := range firsts {
			if !ix.records().Contains(a) {
				continue
			}
			for _, b := range ix.secondMembers(&buf, a, hashesOf, maxBlock) {
				if !yield(a, b) {
					return
				}
			}
		}
	}
}

// secondMembers returns the records b > a that share with first member a a block of at
// most maxBlock records, in increasing order, in memory owned by buf.
func (ix *Index) secondMembers(buf *pairBuf, a uint32, hashesOf func(id uint32, dst []uint64) []uint64, maxBlock int) []uint32 {
	buf.hashes = hashesOf(a, buf.hashes[:0])
	slices.Sort(buf.hashes)
	buf.hashes = slices.Compact(buf.hashes)
	return ix.above(buf, a, maxBlock)
}

// appendRecords appends to dst, up to its capacity, the records in [from, to).
func (ix *Index) appendRecords(dst []uint32, from, to uint32) []uint32 {
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
	hashes []uint64 // the key hashes of the first member
	ids    []uint32 // the members above a of each block, block after block
	ends   []int    // where each block's members end in ids
	out    []uint32 // merged members
	tmp    []uint32
}

// above returns the distinct members greater than a of the capped blocks of buf.hashes, in
// increasing order, in memory owned by buf.
func (ix *Index) above(buf *pairBuf, a uint32, maxBlock int) []uint32 {
	buf.ids, buf.ends = buf.ids[:0], buf.ends[:0]
	for _, h := range buf.hashes {
		e, ok := ix.keys.get(h)
		if !ok {
			continue
		}
		if e&multiBit == 0 {
			if id := uint32(e); id > a {
				buf.ids = append(buf.ids, id)
				buf.ends = append(buf.ends, len(buf.ids))
			}
			continue
		}
		p := &ix.blocks[uint32(e)]
		n := p.card()
		if maxBlock > 0 && n > uint64(maxBlock) {
			continue
		}
		start := len(buf.ids)
		if p.bm == nil {
			i, found := slices.BinarySearch(p.ids, a)
			if found {
				i++
			}
			buf.ids = append(buf.ids, p.ids[i:]...)
		} else {
			buf.ids = slices.Grow(buf.ids, int(n))[:start+int(n)]
			block := buf.ids[start:]
			p.bm.ToExistingArray(&block)
			i, found := slices.BinarySearch(block, a)
			if found {
				i++
			}
			buf.ids = buf.ids[:start+copy(block, block[i:])]
		}
		if len(buf.ids) > start {
			buf.ends = append(buf.ends, len(buf.ids))
		}
	}
	if len(buf.ends) <= 1 {
		return buf.ids // one block is already sorted and distinct
	}
	if len(buf.ends) > maxMergeBlocks {
		// Merging one block after another would be quadratic in the blocks of a record
		// with very many keys; one sort is O(m log m).
		slices.Sort(buf.ids)
		return slices.Compact(buf.ids)
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

// maxMergeBlocks is the most blocks above merges one by one; beyond it, it sorts.
const maxMergeBlocks = 16

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
