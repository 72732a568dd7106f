package block

import (
	"fmt"
	"math"
	"math/bits"
	"slices"
	"strings"
)

// Stats describes an index: how many keys and records it holds and how block sizes are
// distributed. It is computed from posting-list cardinalities alone, without building any
// candidate set or pair. A Stats value is a snapshot owned by the caller; it shares nothing
// with the index.
type Stats struct {
	// Keys is the number of distinct keys; Records the number of records with a key.
	Keys, Records int
	// Postings is the sum of all block sizes: the number of (key, record) entries.
	Postings uint64
	// Largest lists the largest blocks, largest first, ties in key order. The index keeps
	// key names of blocks of at least 16 records only, so a smaller block, or one whose
	// name it never saw (formed by Merge or ReadFrom from smaller blocks), is named by its
	// 64-bit key hash: "#" and 16 hex digits. Such names sort before letters.
	Largest []BlockSize
	// Histogram counts keys by block size in power-of-two buckets [1,1], [2,3], [4,7], ...,
	// from the first bucket up to the one holding the largest block; empty buckets between
	// are kept so the slice reads as a distribution.
	Histogram []SizeBucket
	// CappedKeys is the number of keys whose block holds more than maxBlock records.
	CappedKeys int
	// EstimatedPairs is the sum over blocks of at most maxBlock records of n(n-1)/2. It is an
	// upper bound on the distinct candidate pairs Pairs yields with the same maxBlock: two
	// records that share several keys are counted once per shared key. It saturates at
	// math.MaxUint64.
	EstimatedPairs uint64
}

// BlockSize is the size of one key's block. It is a plain value, safe to copy.
type BlockSize struct {
	Key  string
	Size uint64
}

// SizeBucket counts the keys whose block size lies in [Min, Max]. It is a plain value, safe
// to copy.
type SizeBucket struct {
	Min, Max uint64
	Keys     int
}

// Stats returns statistics on the index: the top largest blocks, and the capped keys and
// estimated pairs for the cap maxBlock (maxBlock <= 0: no cap). top <= 0 leaves Largest
// empty.
func (ix *Index) Stats(top, maxBlock int) Stats {
	st := Stats{
		Keys:    ix.keys.len(),
		Records: ix.nrec,
	}
	var hist [65]int
	observe := func(key string, n uint64) {
		st.Postings += n
		hist[bits.Len64(n)-1]++
		if maxBlock > 0 && n > uint64(maxBlock) {
			st.CappedKeys++
		} else {
			st.EstimatedPairs = addSat(st.EstimatedPairs, pairsIn(n))
		}
		st.Largest = keepLargest(st.Largest, top, key, n)
	}
	for h, e := range ix.keys.all() {
		if e&multiBit == 0 {
			// Naming costs an allocation, so only a singleton that can still rank is named.
			if top > 0 && (len(st.Largest) < top || st.Largest[top-1].Size == 1) {
				observe(hashName(h), 1)
			} else {
				observe("", 1)
			}
			continue
		}
		p := &ix.blocks[uint32(e)]
		name := ix.names[uint32(e)]
		if name == "" {
			name = hashName(h)
		}
		observe(name, p.card())
	}
	last := -1
	for i, n := range hist {
		if n > 0 {
			last = i
		}
	}
	for i := 0; i <= last; i++ {
		st.Histogram = append(st.Histogram, SizeBucket{
			Min:  1 << i,
			Max:  1<<(i+1) - 1,
			Keys: hist[i],
		})
	}
	return st
}

// hashName is the name Stats reports for a block whose key name the index does not keep.
func hashName(h uint64) string {
	return fmt.Sprintf("#%016x", h)
}

// keepLargest inserts (key, n) into best, kept sorted largest first and at most top long.
func keepLargest(best []BlockSize, top int, key string, n uint64) []BlockSize {
	if top <= 0 {
		return best
	}
	before := func(b BlockSize) bool { // whether (key, n) ranks before b
		return n > b.Size || (n == b.Size && key < b.Key)
	}
	if len(best) == top && !before(best[top-1]) {
		return best
	}
	i, _ := slices.BinarySearchFunc(best, BlockSize{Key: key, Size: n}, func(b, t BlockSize) int {
		if b.Size != t.Size {
			if b.Size > t.Size {
				return -1
			}
			return 1
		}
		return strings.Compare(b.Key, t.Key)
	})
	if len(best) == top {
		best = best[:top-1]
	}
	return slices.Insert(best, i, BlockSize{Key: key, Size: n})
}

// pairsIn returns n(n-1)/2, saturating.
func pairsIn(n uint64) uint64 {
	if n < 2 {
		return 0
	}
	a, b := n, n-1
	if a%2 == 0 {
		a /= 2
	} else {
		b /= 2
	}
	hi, lo := bits.Mul64(a, b)
	if hi != 0 {
		return math.MaxUint64
	}
	return lo
}

func addSat(a, b uint64) uint64 {
	s, carry := bits.Add64(a, b, 0)
	if carry != 0 {
		return math.MaxUint64
	}
	return s
}

// BlockSizes returns the number of keys by block size, for the blocks of two records or more
// (single records make no pair), from one pass over the blocks: what choosing a cap for
// pairs needs, where calling Stats for each cap tried would read the whole index each time.
func (ix *Index) BlockSizes() map[int64]int64 {
	sizes := make(map[int64]int64)
	for i := range ix.blocks {
		if n := ix.blocks[i].card(); n >= 2 { // freed blocks are empty
			sizes[int64(n)]++
		}
	}
	return sizes
}
