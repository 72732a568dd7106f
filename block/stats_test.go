package block

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestBlockSizesAgreeWithStats checks the pair counts the block sizes give against Stats for
// every cap, on indexes with blocks of many sizes, some emptied by removals.
func TestBlockSizesAgreeWithStats(t *testing.T) {
	caps := []int{0, 1000, 40, 7, 3, 2, 1, -1}
	for seed := range uint64(5) {
		rng := rand.New(rand.NewPCG(seed, 1))
		ix := &Index{}
		for id := range uint32(2000) {
			// Key k is held by about 2000/k records: blocks from one record to hundreds.
			for range 3 {
				ix.Add(id, fmt.Sprintf("k%d", 1+rng.IntN(1+rng.IntN(300))))
			}
		}
		for id := uint32(0); id < 2000; id += 3 {
			ix.Remove(id, fmt.Sprintf("k%d", 1+rng.IntN(300)))
		}
		sizes := ix.BlockSizes()
		for _, c := range caps {
			var got uint64
			for n, k := range sizes {
				if c <= 0 || n <= int64(c) {
					got += uint64(k) * pairsIn(uint64(n))
				}
			}
			assert.Equal(t, ix.Stats(0, c).EstimatedPairs, got, "seed %d, cap %d", seed, c)
		}
	}
	assert.Empty(t, (&Index{}).BlockSizes(), "an empty index has no pairs")
}
