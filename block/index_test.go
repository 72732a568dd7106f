package block

import (
	"bytes"
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// op is one write applied to an index in a table test.
type op struct {
	remove bool
	id     uint32
	keys   []string
}

func build(ops ...op) *Index {
	ix := &Index{}
	for _, o := range ops {
		if o.remove {
			ix.Remove(o.id, o.keys...)
		} else {
			ix.Add(o.id, o.keys...)
		}
	}
	return ix
}

func add(id uint32, keys ...string) op { return op{id: id, keys: keys} }
func del(id uint32, keys ...string) op { return op{remove: true, id: id, keys: keys} }

func ids(bm *roaring.Bitmap) []uint32 {
	if bm == nil {
		return nil
	}
	return bm.ToArray()
}

func TestCandidates(t *testing.T) {
	tests := []struct {
		name     string
		ops      []op
		query    []string
		maxBlock int
		want     []uint32
		capped   int
		reason   string
	}{
		{
			name:  "empty index",
			query: []string{"a"},
			want:  []uint32{},
		},
		{
			name:  "union of blocks",
			ops:   []op{add(1, "a", "b"), add(2, "b"), add(3, "c"), add(4, "d")},
			query: []string{"a", "b", "c"},
			want:  []uint32{1, 2, 3},
		},
		{
			name:   "record sharing two keys appears once",
			ops:    []op{add(7, "phone", "mail"), add(8, "mail")},
			query:  []string{"phone", "mail"},
			want:   []uint32{7, 8},
			reason: "a union, not a concatenation",
		},
		{
			name:  "unknown and empty keys add nothing",
			ops:   []op{add(1, "a")},
			query: []string{"", "zz", "a"},
			want:  []uint32{1},
		},
		{
			name:  "empty keys are not indexed",
			ops:   []op{add(1, "", "a")},
			query: []string{""},
			want:  []uint32{},
		},
		{
			name:     "block over the cap is skipped and counted",
			ops:      []op{add(1, "ru", "x"), add(2, "ru"), add(3, "ru"), add(4, "y")},
			query:    []string{"ru", "y"},
			maxBlock: 2,
			want:     []uint32{4},
			capped:   1,
		},
		{
			name:     "block at the cap is expanded",
			ops:      []op{add(1, "ru"), add(2, "ru")},
			query:    []string{"ru"},
			maxBlock: 2,
			want:     []uint32{1, 2},
		},
		{
			name:     "repeated capped key counts once",
			ops:      []op{add(1, "ru"), add(2, "ru"), add(3, "ru")},
			query:    []string{"ru", "ru"},
			maxBlock: 1,
			want:     []uint32{},
			capped:   1,
		},
		{
			name:     "no cap when maxBlock <= 0",
			ops:      []op{add(1, "ru"), add(2, "ru"), add(3, "ru")},
			query:    []string{"ru"},
			maxBlock: -1,
			want:     []uint32{1, 2, 3},
		},
		{
			name:     "singleton never capped",
			ops:      []op{add(9, "solo")},
			query:    []string{"solo"},
			maxBlock: 1,
			want:     []uint32{9},
		},
		{
			name:  "extreme record numbers",
			ops:   []op{add(0, "k"), add(1<<32-1, "k")},
			query: []string{"k"},
			want:  []uint32{0, 1<<32 - 1},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ix := build(tt.ops...)
			got := ix.Candidates(tt.query, tt.maxBlock)
			assert.Equal(t, tt.want, ids(got.IDs), tt.reason)
			assert.Equal(t, tt.capped, got.Capped, tt.reason)
			assert.Equal(t, tt.want, slices.AppendSeq([]uint32{}, got.All()), "All agrees with IDs")
		})
	}
}

func TestCandidatesOwnedByCaller(t *testing.T) {
	ix := build(add(1, "a"), add(2, "a"))
	c := ix.Candidates([]string{"a"}, 0)
	c.IDs.Add(99)
	c.IDs.Remove(1)
	assert.Equal(t, uint64(2), ix.BlockSize("a"), "changing IDs must not reach the index")
	assert.Equal(t, []uint32{1, 2}, ids(ix.Candidates([]string{"a"}, 0).IDs))
}

func TestAllStopsEarly(t *testing.T) {
	c := Candidates{IDs: roaring.BitmapOf(1, 2, 3)}
	var got []uint32
	for id := range c.All() {
		got = append(got, id)
		if id == 2 {
			break
		}
	}
	assert.Equal(t, []uint32{1, 2}, got)
	assert.Empty(t, slices.Collect(Candidates{}.All()), "a zero Candidates yields nothing")
}

func TestRemove(t *testing.T) {
	tests := []struct {
		name      string
		ops       []op
		wantKeys  int
		wantSizes map[string]uint64
		wantRecs  []uint32
		reason    string
	}{
		{
			name:      "remove the only member deletes the key",
			ops:       []op{add(1, "a"), del(1, "a")},
			wantKeys:  0,
			wantSizes: map[string]uint64{"a": 0},
			wantRecs:  []uint32{},
		},
		{
			name:      "remove from a bitmap block",
			ops:       []op{add(1, "a"), add(2, "a"), add(3, "a"), del(2, "a")},
			wantKeys:  1,
			wantSizes: map[string]uint64{"a": 2},
			wantRecs:  []uint32{1, 3},
		},
		{
			name:      "bitmap block back to one member, then empty",
			ops:       []op{add(1, "a"), add(2, "a"), del(1, "a"), del(2, "a")},
			wantKeys:  0,
			wantSizes: map[string]uint64{"a": 0},
			wantRecs:  []uint32{},
		},
		{
			name:      "record keeps its other keys",
			ops:       []op{add(1, "a", "b"), del(1, "a")},
			wantKeys:  1,
			wantSizes: map[string]uint64{"a": 0, "b": 1},
			wantRecs:  []uint32{1},
			reason:    "a record stays present while it has a key",
		},
		{
			name:      "removing an absent record changes nothing",
			ops:       []op{add(1, "a"), del(2, "a", "zz", "")},
			wantKeys:  1,
			wantSizes: map[string]uint64{"a": 1},
			wantRecs:  []uint32{1},
		},
		{
			name:      "re-add after remove",
			ops:       []op{add(1, "a"), add(2, "a"), del(1, "a"), add(1, "a")},
			wantKeys:  1,
			wantSizes: map[string]uint64{"a": 2},
			wantRecs:  []uint32{1, 2},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ix := build(tt.ops...)
			assert.Equal(t, tt.wantKeys, ix.Keys(), tt.reason)
			for k, n := range tt.wantSizes {
				assert.Equal(t, n, ix.BlockSize(k), "block %q: %s", k, tt.reason)
			}
			assert.Equal(t, tt.wantRecs, ids(ix.Records()), tt.reason)
			checkInvariants(t, ix)
		})
	}
}

// checkInvariants checks the internal form: every block entry points at a live block of two
// or more members, sorted slices up to smallMax, bitmaps over smallMax/2, and free slots
// are the blocks no entry uses.
func checkInvariants(t *testing.T, ix *Index) {
	t.Helper()
	used := map[uint32]bool{}
	for h, e := range ix.keys.all() {
		if e&multiBit == 0 {
			continue
		}
		b := uint32(e)
		require.Less(t, int(b), len(ix.blocks), "key #%016x", h)
		require.False(t, used[b], "block %d used twice", b)
		used[b] = true
		p := &ix.blocks[b]
		assert.Greater(t, p.card(), uint64(1), "key #%016x: blocks hold two or more", h)
		if p.bm == nil {
			assert.LessOrEqual(t, len(p.ids), smallMax, "key #%016x", h)
			assert.True(t, slices.IsSorted(p.ids), "key #%016x", h)
			assert.Equal(t, len(p.ids), len(slices.Compact(slices.Clone(p.ids))), "key #%016x: distinct", h)
		} else {
			assert.Greater(t, p.bm.GetCardinality(), uint64(smallMax/2), "key #%016x", h)
			assert.Nil(t, p.ids, "key #%016x", h)
			assert.Equal(t, uint64(p.n), p.bm.GetCardinality(), "key #%016x: the kept size", h)
		}
		if name, ok := ix.names[uint32(e)]; ok {
			assert.Equal(t, h, HashKey(name), "the name hashes to its entry")
		}
	}
	assert.Equal(t, len(ix.blocks), len(used)+len(ix.free), "every block is used or free")
	for b := range ix.names {
		assert.True(t, used[b], "block %d is named but unused", b)
	}
	for _, b := range ix.free {
		assert.False(t, used[b], "free block %d in use", b)
	}

	// The records set and key counts that writers keep are those the postings give.
	want := map[uint32]uint32{}
	for _, e := range ix.keys.all() {
		if e&multiBit == 0 {
			want[uint32(e)]++
			continue
		}
		for _, id := range ix.blocks[uint32(e)].members() {
			want[id]++
		}
	}
	if len(want) == 0 {
		want = nil
	}
	var got map[uint32]uint32
	for id, c := range ix.nkeys {
		if c > 0 {
			if got == nil {
				got = map[uint32]uint32{}
			}
			got[uint32(id)] = c
		}
	}
	for id, c := range ix.sparse {
		require.NotZero(t, c, "sparse count of record %d", id)
		require.GreaterOrEqual(t, int(id), len(ix.nkeys), "record %d counted twice", id)
		if got == nil {
			got = map[uint32]uint32{}
		}
		got[id] = c
	}
	assert.Equal(t, want, got, "per-record key counts")
	assert.Equal(t, len(want), ix.nrec, "records counted")
	assert.Equal(t, uint64(len(want)), ix.records().GetCardinality(), "records set size")
	for id := range want {
		assert.True(t, ix.records().Contains(id), "record %d in the records set", id)
	}
}

func TestAddIdempotent(t *testing.T) {
	ix := &Index{}
	ix.Add(1, "a", "a", "b")
	ix.Add(1, "a")
	ix.Add(2, "a")
	ix.Add(2, "a")
	assert.Equal(t, 2, ix.Keys())
	assert.Equal(t, uint64(2), ix.BlockSize("a"))
	assert.Equal(t, uint64(1), ix.BlockSize("b"))
}

func TestAddCopiesKeys(t *testing.T) {
	keys := []string{"a", "b"}
	ix := &Index{}
	ix.Add(1, keys...)
	keys[0] = "changed"
	assert.Equal(t, uint64(1), ix.BlockSize("a"), "the index keeps no reference to the slice")
	assert.Equal(t, []string{"changed", "b"}, keys, "the slice is not modified")
}

func TestUpdate(t *testing.T) {
	tests := []struct {
		name     string
		old, new []string
		want     map[string][]uint32
		wantRecs []uint32
	}{
		{
			name:     "move to new keys",
			old:      []string{"a", "b"},
			new:      []string{"b", "c"},
			want:     map[string][]uint32{"a": {2}, "b": {1, 2}, "c": {1}},
			wantRecs: []uint32{1, 2},
		},
		{
			name:     "no new keys removes the record",
			old:      []string{"a", "b"},
			new:      nil,
			want:     map[string][]uint32{"a": {2}, "b": {2}},
			wantRecs: []uint32{2},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ix := build(add(1, "a", "b"), add(2, "a", "b"))
			ix.Update(1, tt.old, tt.new)
			for k, want := range tt.want {
				assert.Equal(t, want, ids(ix.Candidates([]string{k}, 0).IDs), "key %q", k)
			}
			assert.Equal(t, tt.wantRecs, ids(ix.Records()))
		})
	}
}

func TestRecordsIsACopy(t *testing.T) {
	ix := build(add(1, "a"))
	r := ix.Records()
	r.Add(5)
	assert.Equal(t, []uint32{1}, ids(ix.Records()))
}

// randomIndex builds an index of n records with keys drawn from a small vocabulary, so that
// blocks overlap, and returns it with each record's keys.
func randomIndex(rng *rand.Rand, n, vocab int) (*Index, map[uint32][]string) {
	ix := &Index{}
	keysOf := make(map[uint32][]string, n)
	for range n {
		id := rng.Uint32N(uint32(4 * n)) // sparse record numbers
		if _, ok := keysOf[id]; ok {
			continue
		}
		keys := make([]string, 1+rng.IntN(3))
		for i := range keys {
			keys[i] = fmt.Sprintf("k%d", rng.IntN(vocab))
		}
		keysOf[id] = keys
		ix.Add(id, keys...)
	}
	return ix, keysOf
}

// brutePairs returns the pairs of records that share a key whose block is within the cap.
func brutePairs(ix *Index, keysOf map[uint32][]string, maxBlock int) []Pair {
	set := map[Pair]struct{}{}
	for a, ka := range keysOf {
		for b, kb := range keysOf {
			if a >= b {
				continue
			}
			for _, k := range ka {
				if !slices.Contains(kb, k) {
					continue
				}
				if maxBlock > 0 && ix.BlockSize(k) > uint64(maxBlock) {
					continue
				}
				set[NewPair(a, b)] = struct{}{}
			}
		}
	}
	out := make([]Pair, 0, len(set))
	for p := range set {
		out = append(out, p)
	}
	slices.SortFunc(out, comparePairs)
	return out
}

func comparePairs(x, y Pair) int {
	if x.A != y.A {
		return int(int64(x.A) - int64(y.A))
	}
	return int(int64(x.B) - int64(y.B))
}

func collectPairs(t *testing.T, seq func(yield func(uint32, uint32) bool)) []Pair {
	t.Helper()
	var out []Pair
	for a, b := range seq {
		require.Less(t, a, b, "pairs are ordered")
		out = append(out, Pair{a, b})
	}
	return out
}

func TestPairsMatchesBruteForce(t *testing.T) {
	for seed := range uint64(40) {
		rng := rand.New(rand.NewPCG(seed, 7))
		n := 1 + rng.IntN(80)
		ix, keysOf := randomIndex(rng, n, 1+rng.IntN(30))
		maxBlock := rng.IntN(8) // 0 means no cap
		lookup := func(id uint32) []string { return keysOf[id] }

		got := collectPairs(t, ix.Pairs(0, 1<<32-1, lookup, maxBlock))
		want := brutePairs(ix, keysOf, maxBlock)
		// Pairs yields a in increasing order and b increasing per a, so no sort is needed.
		require.Equal(t, want, nonNil(got), "seed %d maxBlock %d", seed, maxBlock)

		// Shards over [from, to) cover every pair exactly once.
		var sharded []Pair
		cuts := []uint32{0, rng.Uint32N(uint32(4 * n)), rng.Uint32N(uint32(4 * n)), 1<<32 - 1}
		slices.Sort(cuts)
		for i := range len(cuts) - 1 {
			sharded = append(sharded, collectPairs(t, ix.Pairs(cuts[i], cuts[i+1], lookup, maxBlock))...)
		}
		require.Equal(t, want, nonNil(sharded), "seed %d: shards %v", seed, cuts)

		// The first members in any order, with numbers the index does not hold, give the
		// same pairs.
		firsts := make([]uint32, 0, 4*n)
		for id := range uint32(4 * n) {
			firsts = append(firsts, id)
		}
		rng.Shuffle(len(firsts), func(i, j int) { firsts[i], firsts[j] = firsts[j], firsts[i] })
		hashesOf := func(id uint32, dst []uint64) []uint64 {
			for _, k := range keysOf[id] {
				dst = append(dst, HashKey(k))
			}
			return dst
		}
		reordered := collectPairs(t, ix.PairsOfFirst(firsts, hashesOf, maxBlock))
		slices.SortFunc(reordered, func(x, y Pair) int {
			if x.A != y.A {
				return cmp.Compare(x.A, y.A)
			}
			return cmp.Compare(x.B, y.B)
		})
		require.Equal(t, want, nonNil(reordered), "seed %d: first members reordered", seed)

		st := ix.Stats(0, maxBlock)
		require.GreaterOrEqual(t, st.EstimatedPairs, uint64(len(want)), "EstimatedPairs is an upper bound")
	}
}

func nonNil(p []Pair) []Pair {
	if p == nil {
		return []Pair{}
	}
	return p
}

func TestPairsEdges(t *testing.T) {
	ix := build(add(1, "a"), add(2, "a", "b"), add(3, "b"), add(1<<32-1, "a"))
	keys := map[uint32][]string{1: {"a"}, 2: {"a", "b"}, 3: {"b"}, 1<<32 - 1: {"a"}}
	lookup := func(id uint32) []string { return keys[id] }

	assert.Empty(t, collectPairs(t, ix.Pairs(5, 5, lookup, 0)), "empty range")
	assert.Empty(t, collectPairs(t, ix.Pairs(6, 2, lookup, 0)), "inverted range")
	assert.Equal(t, []Pair{{2, 3}, {2, 1<<32 - 1}}, collectPairs(t, ix.Pairs(2, 3, lookup, 0)))

	var first []Pair
	for a, b := range ix.Pairs(0, 1<<32-1, lookup, 0) {
		first = append(first, Pair{a, b})
		break
	}
	assert.Equal(t, []Pair{{1, 2}}, first, "the iterator stops when asked")
}

func TestPairsAcrossChunks(t *testing.T) {
	// Groups of three records, more records than one chunk of first members.
	ix := &Index{}
	const n = 3000
	for i := range uint32(n) {
		ix.Add(i*2, fmt.Sprintf("g%d", i/3))
	}
	ix.Remove(0, "g0") // a removed record is no longer a first member
	keys := func(id uint32) []string { return []string{fmt.Sprintf("g%d", id/2/3)} }
	var want []Pair
	for g := uint32(0); g < n/3; g++ {
		a, b, c := 6*g, 6*g+2, 6*g+4
		if g > 0 {
			want = append(want, Pair{a, b}, Pair{a, c})
		}
		want = append(want, Pair{b, c})
	}
	assert.Equal(t, want, collectPairs(t, ix.Pairs(0, 1<<32-1, keys, 0)))
	assert.Equal(t, want[len(want)-3:], collectPairs(t, ix.Pairs(2*(n-3), 2*n, keys, 0)), "last group only")
}

func TestPairsAllowsWritesWhileIterating(t *testing.T) {
	ix := build(add(1, "a"), add(2, "a"), add(3, "a"))
	keys := func(uint32) []string { return []string{"a"} }
	n := 0
	for a := range ix.Pairs(0, 10, keys, 0) {
		ix.Add(a+100, "other") // would deadlock if the iterator held the lock while yielding
		n++
	}
	assert.Equal(t, 3, n)
}

// TestConcurrentReadersAndWriter is meant for -race: the index has no lock of its own, so
// the test is its owner and holds an RWMutex the way the matcher does. Readers share the
// read lock; nothing they call may change state, cached or not, or -race reports it.
func TestConcurrentReadersAndWriter(t *testing.T) {
	ix := &Index{}
	var mu sync.RWMutex
	for i := range uint32(200) {
		ix.Add(i, fmt.Sprintf("k%d", i%10), "all")
	}
	keys := func(id uint32) []string { return []string{fmt.Sprintf("k%d", id%10)} }
	var wg sync.WaitGroup
	stop := make(chan struct{})
	for r := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				mu.RLock()
				c := ix.Candidates([]string{fmt.Sprintf("k%d", (i+r)%10), "all"}, 50)
				if c.IDs.IsEmpty() {
					t.Error("a block present from the start came back empty")
				}
				_ = ix.Stats(3, 50)
				_ = ix.Records().GetCardinality()
				_ = ix.BlockSize("all")
				for range ix.Pairs(0, 20, keys, 0) {
				}
				mu.RUnlock()
			}
		}()
	}
	for i := range uint32(2000) {
		id := 1000 + i%300
		mu.Lock()
		ix.Add(id, fmt.Sprintf("k%d", i%10), fmt.Sprintf("w%d", i%37))
		if i%3 == 0 {
			ix.Remove(id, fmt.Sprintf("w%d", i%37))
		}
		if i%50 == 0 {
			ix.Optimize()
		}
		mu.Unlock()
	}
	close(stop)
	wg.Wait()
	for i := range 10 {
		assert.GreaterOrEqual(t, ix.BlockSize(fmt.Sprintf("k%d", i)), uint64(20))
	}
	checkInvariants(t, ix)
}

// TestConcurrentReadersAfterRemove runs readers without any lock right after removals,
// when the index of earlier releases rebuilt its records set on the next read: with no
// writer running, readers must not write anything (-race checks it).
func TestConcurrentReadersAfterRemove(t *testing.T) {
	ix := &Index{}
	for i := range uint32(500) {
		ix.Add(i, fmt.Sprintf("k%d", i%7), fmt.Sprintf("solo%d", i))
	}
	for i := uint32(0); i < 500; i += 3 {
		ix.Remove(i, fmt.Sprintf("k%d", i%7), fmt.Sprintf("solo%d", i))
	}
	keys := func(id uint32) []string { return []string{fmt.Sprintf("k%d", id%7)} }
	want := ix.Records().GetCardinality()
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 20 {
				assert.Equal(t, want, ix.Records().GetCardinality())
				assert.Equal(t, int(want), ix.Stats(1, 0).Records)
				n := 0
				for range ix.Pairs(0, 1000, keys, 0) {
					n++
				}
				assert.Positive(t, n)
				_ = ix.Candidates([]string{"k1", "solo2"}, 0)
			}
		}()
	}
	wg.Wait()
	assert.Equal(t, uint64(500-167), want)
}

func TestMergeAndUnion(t *testing.T) {
	a := build(add(1, "x", "solo-a"), add(2, "x"), add(3, "shared"))
	b := build(add(4, "x"), add(5, "shared"), add(6, "solo-b"), add(7, "pair"), add(8, "pair"))

	u := Union(a, b)
	want := map[string][]uint32{
		"x": {1, 2, 4}, "shared": {3, 5}, "solo-a": {1}, "solo-b": {6}, "pair": {7, 8},
	}
	check := func(ix *Index, what string) {
		t.Helper()
		assert.Equal(t, len(want), ix.Keys(), what)
		for k, w := range want {
			assert.Equal(t, w, ids(ix.Candidates([]string{k}, 0).IDs), "%s: key %q", what, k)
		}
		assert.Equal(t, []uint32{1, 2, 3, 4, 5, 6, 7, 8}, ids(ix.Records()), what)
	}
	check(u, "Union")
	assert.Equal(t, 3, a.Keys(), "Union leaves a unchanged")
	assert.Equal(t, 4, b.Keys(), "Union leaves b unchanged")

	u.Add(9, "pair")
	assert.Equal(t, uint64(2), b.BlockSize("pair"), "the union shares no bitmap with b")

	a.Merge(b)
	check(a, "Merge")
	assert.Equal(t, 4, b.Keys(), "Merge leaves its argument unchanged")

	a.Merge(a)
	a.Merge(nil)
	check(a, "self and nil merges")
	assert.Equal(t, 0, Union(nil, nil).Keys())
}

func TestOptimizeKeepsContent(t *testing.T) {
	ix := &Index{}
	for i := range uint32(5000) {
		ix.Add(i, "run", fmt.Sprintf("m%d", i%7))
	}
	before := ix.Stats(10, 0)
	ix.Optimize()
	assert.Equal(t, before, ix.Stats(10, 0))
	assert.Equal(t, uint64(5000), ix.BlockSize("run"))
}

func TestStats(t *testing.T) {
	ix := build(
		add(1, "big", "mid", "s1"),
		add(2, "big", "mid", "s2"),
		add(3, "big", "mid"),
		add(4, "big", "pair"),
		add(5, "big", "pair"),
	)
	for id := uint32(6); id <= 16; id++ {
		ix.Add(id, "big")
	}
	mid, pair := hashName(HashKey("mid")), hashName(HashKey("pair"))
	got := ix.Stats(3, 4)
	want := Stats{
		Keys:     5,
		Records:  16,
		Postings: 16 + 3 + 2 + 1 + 1,
		Largest:  []BlockSize{{"big", 16}, {mid, 3}, {pair, 2}},
		Histogram: []SizeBucket{
			{Min: 1, Max: 1, Keys: 2},
			{Min: 2, Max: 3, Keys: 2},
			{Min: 4, Max: 7, Keys: 0},
			{Min: 8, Max: 15, Keys: 0},
			{Min: 16, Max: 31, Keys: 1},
		},
		CappedKeys:     1,     // big
		EstimatedPairs: 3 + 1, // mid 3*2/2, pair 1
	}
	assert.Equal(t, want, got, "blocks under nameMin records keep no name and are reported by hash")

	all := ix.Stats(10, 0)
	small := []string{mid, pair}
	singles := []string{hashName(HashKey("s1")), hashName(HashKey("s2"))}
	slices.Sort(singles)
	assert.Equal(t, []BlockSize{{"big", 16}, {small[0], 3}, {small[1], 2}, {singles[0], 1}, {singles[1], 1}}, all.Largest,
		"ties in key order; single-record blocks keep no name and are reported by hash")
	assert.Equal(t, 0, all.CappedKeys)
	assert.Equal(t, uint64(120+3+1), all.EstimatedPairs)

	assert.Empty(t, ix.Stats(0, 0).Largest)
	assert.Equal(t, Stats{}, (&Index{}).Stats(5, 5), "empty index")
}

func TestPairsIn(t *testing.T) {
	tests := []struct {
		name string
		n    uint64
		want uint64
	}{
		{"zero", 0, 0},
		{"one", 1, 0},
		{"two", 2, 1},
		{"odd", 5, 10},
		{"max uint32 block", 1 << 32, (1 << 31) * (1<<32 - 1)},
		{"saturates", 1 << 40, 1<<64 - 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, pairsIn(tt.n))
		})
	}
	assert.Equal(t, uint64(1<<64-1), addSat(1<<63, 1<<63))
}

// TestRecordsKeptByWriters checks that every writer keeps the records set and the per-record
// key counts exact, so that no reader needs to rebuild them.
func TestRecordsKeptByWriters(t *testing.T) {
	big := func(base uint32, key string) *Index { // a block past smallMax: a bitmap
		ix := &Index{}
		for i := range uint32(smallMax + 10) {
			ix.Add(base+i, key)
		}
		return ix
	}
	tests := []struct {
		name   string
		build  func() *Index
		want   []uint32
		reason string
	}{
		{
			name:  "partial remove keeps the record",
			build: func() *Index { ix := build(add(1, "a", "b")); ix.Remove(1, "a"); return ix },
			want:  []uint32{1}, reason: "record 1 still has key b",
		},
		{
			name:  "last key removed",
			build: func() *Index { ix := build(add(1, "a", "b"), add(2, "a")); ix.Remove(1, "a", "b"); return ix },
			want:  []uint32{2},
		},
		{
			name:  "remove of a key the record lacks",
			build: func() *Index { ix := build(add(1, "a"), add(2, "b")); ix.Remove(1, "b", "c", ""); return ix },
			want:  []uint32{1, 2},
		},
		{
			name:  "repeated key counted once",
			build: func() *Index { ix := build(add(1, "a", "a")); ix.Remove(1, "a"); return ix },
			want:  nil, reason: "Add is idempotent per key",
		},
		{
			name: "update to new keys",
			build: func() *Index {
				ix := build(add(1, "a", "b"))
				ix.Update(1, []string{"a", "b"}, []string{"b", "c"})
				return ix
			},
			want: []uint32{1},
		},
		{
			name:  "update to no keys",
			build: func() *Index { ix := build(add(1, "a"), add(2, "a")); ix.Update(1, []string{"a"}, nil); return ix },
			want:  []uint32{2},
		},
		{
			name: "merge into new, single, slice and bitmap blocks",
			build: func() *Index {
				ix := build(add(1, "single"), add(2, "slice"), add(3, "slice"))
				ix.Merge(big(100, "bm"))
				o := build(add(1, "single"), add(4, "single"), add(2, "slice"), add(5, "slice"), add(6, "fresh"), add(7, "fresh"))
				o.Merge(big(120, "bm"))
				ix.Merge(o)
				return ix
			},
			want: append([]uint32{1, 2, 3, 4, 5, 6, 7}, seq(100, 120+smallMax+10)...),
		},
		{
			name: "merge then remove",
			build: func() *Index {
				ix := build(add(1, "a"))
				ix.Merge(build(add(1, "a"), add(2, "a")))
				ix.Remove(1, "a")
				return ix
			},
			want: []uint32{2}, reason: "record 1 had key a once, in both indexes",
		},
		{
			name: "read back",
			build: func() *Index {
				src := build(add(1, "a", "b"), add(2, "a"))
				src.Merge(big(10, "bm"))
				var buf bytes.Buffer
				if _, err := src.WriteTo(&buf); err != nil {
					t.Fatal(err)
				}
				ix := build(add(99, "gone"))
				if _, err := ix.ReadFrom(&buf); err != nil {
					t.Fatal(err)
				}
				ix.Remove(1, "a")
				return ix
			},
			want: append([]uint32{1, 2}, seq(10, 10+smallMax+10)...),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ix := tt.build()
			checkInvariants(t, ix)
			got := ids(ix.Records())
			if len(got) == 0 {
				got = nil
			}
			assert.Equal(t, tt.want, got, tt.reason)
			assert.Equal(t, len(tt.want), ix.Stats(0, 0).Records)
		})
	}
}

// seq returns from, from+1, ..., to-1.
func seq(from, to uint32) []uint32 {
	var out []uint32
	for i := from; i < to; i++ {
		out = append(out, i)
	}
	return out
}

// TestManyKeysLinear runs queries and records with 100,000 keys. Each step used to compare
// every block with every earlier one; with a map and a sort beyond a few blocks it finishes
// in the normal test run (no timing is asserted).
func TestManyKeysLinear(t *testing.T) {
	const n = 100_000
	ix := &Index{}
	keys := make([]string, n)
	for i := range keys {
		keys[i] = fmt.Sprintf("k%d", i)
	}
	// Record 0 shares key i with record i+1: n two-member blocks, all of record 0's keys.
	ix.Add(0, keys...)
	for i := range uint32(n) {
		ix.Add(i+1, keys[i])
	}
	checkInvariants(t, ix)

	query := append(slices.Clone(keys), keys...) // every key twice: each counted once
	c := ix.Candidates(query, 0)
	assert.Equal(t, uint64(n+1), c.IDs.GetCardinality())
	c = ix.Candidates(query, 1)
	assert.Equal(t, n, c.Capped, "each distinct capped key counted once")

	keysOf := func(id uint32) []string {
		if id == 0 {
			return keys
		}
		return []string{keys[id-1]}
	}
	var bs []uint32
	for a, b := range ix.Pairs(0, 1, keysOf, 0) {
		require.Equal(t, uint32(0), a)
		bs = append(bs, b)
	}
	require.Len(t, bs, n)
	assert.True(t, slices.IsSorted(bs), "pairs of one first member come in increasing order")
	assert.Equal(t, uint32(1), bs[0])
	assert.Equal(t, uint32(n), bs[n-1])

	ix.Remove(0, keys...)
	assert.Equal(t, uint64(n), ix.Records().GetCardinality())
}

func TestBlock(t *testing.T) {
	var ix Index
	for id := uint32(0); id < 100; id++ {
		ix.Add(id, "all")
		if id%2 == 0 {
			ix.Add(id, "even")
		}
		if id < 3 {
			ix.Add(id, "few")
		}
	}
	ix.Add(7, "one")
	ix.Remove(4, "even")
	tests := []struct {
		key  string
		want []uint32
	}{
		{"one", []uint32{7}},
		{"few", []uint32{0, 1, 2}},
		{"unknown", nil},
		{"", nil},
	}
	for _, tc := range tests {
		assert.Equal(t, tc.want, slices.Collect(ix.Block(tc.key)), tc.key)
	}
	all := slices.Collect(ix.Block("all")) // a bitmap: more than smallMax members
	require.Len(t, all, 100)
	assert.True(t, slices.IsSorted(all))
	even := slices.Collect(ix.Block("even"))
	assert.Len(t, even, 49)
	assert.NotContains(t, even, uint32(4), "a removed member is gone")
	for _, id := range even {
		assert.Zero(t, id%2)
	}
	assert.Equal(t, uint64(len(even)), ix.BlockSize("even"), "Block and BlockSize agree")
	n := 0
	for range ix.Block("all") {
		if n++; n == 5 {
			break
		}
	}
	assert.Equal(t, 5, n, "the sequence stops when asked")
}
