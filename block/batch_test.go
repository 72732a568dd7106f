package block

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestAddBatchEqualsAdd builds one index record by record and another in batches of varied
// sizes, with records added before, between and after the batches, and checks they hold the
// same blocks, names, records and key counts. Keys range from one record's own to a key of
// every record, so every kind of block meets every kind of change: a new key, a single
// record turning into a block, a slice outgrowing smallMax, a bitmap taking many members.
func TestAddBatchEqualsAdd(t *testing.T) {
	for _, tt := range []struct {
		name    string
		records int
		batch   int // records per batch; 0: one batch
	}{
		{"one batch", 3_000, 0},
		{"small batches", 3_000, 7},
		{"batches of one", 500, 1},
		{"sparse record numbers", 2_000, 100},
		{"shuffled record numbers", 3_000, 50},
	} {
		t.Run(tt.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(7, uint64(tt.records)))
			keysOf := func(r int) []string {
				ks := []string{
					fmt.Sprint("own", r),
					fmt.Sprint("pair", r/2),
					fmt.Sprint("few", rng.IntN(tt.records/20+1)),
					fmt.Sprint("common", rng.IntN(3)),
					"all",
					"", // ignored
				}
				if rng.IntN(4) == 0 {
					ks = append(ks, ks[0]) // a repeated key counts once
				}
				return ks
			}
			perm := rng.Perm(tt.records) // blocks take members below their own
			idOf := func(r int) uint32 {
				switch tt.name {
				case "sparse record numbers":
					return uint32(r) * 100_003
				case "shuffled record numbers":
					return uint32(perm[r])
				}
				return uint32(r)
			}
			var want, got Index
			var b Batch
			for r := 0; r < tt.records; r++ {
				ks, id := keysOf(r), idOf(r)
				want.Add(id, ks...)
				if r%5 == 0 { // some records come one by one
					got.Add(id, ks...)
					continue
				}
				b.Add(id, ks...)
				if tt.batch > 0 && b.Len() >= tt.batch*5 {
					got.AddBatch(&b)
					b.Reset()
				}
			}
			got.AddBatch(&b)
			sameContent(t, &want, &got, "batched")
			require.Equal(t, serialise(t, &want), serialise(t, &got), "same bytes")
			checkInvariants(t, &got)
		})
	}
}

// TestAddBatchEmptyAndRepeated covers a batch with nothing in it and a batch added twice,
// which changes nothing the second time, as repeating Add does not.
func TestAddBatchEmptyAndRepeated(t *testing.T) {
	var ix Index
	var b Batch
	ix.AddBatch(&b)
	require.Zero(t, ix.Keys())
	b.Add(1, "a", "b")
	b.Add(2, "a")
	ix.AddBatch(&b)
	ix.AddBatch(&b)
	var want Index
	want.Add(1, "a", "b")
	want.Add(2, "a")
	sameContent(t, &want, &ix, "repeated")
	checkInvariants(t, &ix)
}

// TestAddBatchAfterRemove checks batches into blocks that removals changed: a batch whose
// members lie above the block's (appended) and one whose members do not (each one inserted)
// end as adding them one by one does, with every record's key count right.
func TestAddBatchAfterRemove(t *testing.T) {
	ops := []struct {
		remove bool
		ids    []uint32
	}{
		{false, seq(0, 100)},  // a bitmap block
		{true, []uint32{99}},  // its largest member goes
		{false, []uint32{99}}, // above the largest left: appended
		{true, seq(50, 100)},  // the block shrinks, still a bitmap
		{false, seq(40, 60)},  // partly below the largest left
		{false, seq(200, 240)},
		{true, seq(0, 30)}, // back to a slice
		{false, seq(30, 300)},
	}
	var want, got Index
	for _, op := range ops {
		var b Batch
		for _, id := range op.ids {
			if op.remove {
				want.Remove(id, "k", fmt.Sprint("own", id))
				got.Remove(id, "k", fmt.Sprint("own", id))
				continue
			}
			want.Add(id, "k", fmt.Sprint("own", id))
			b.Add(id, "k", fmt.Sprint("own", id))
		}
		got.AddBatch(&b)
		sameContent(t, &want, &got, "batched")
		checkInvariants(t, &got)
	}
}
