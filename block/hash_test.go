package block

import (
	"hash/fnv"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestHashKeyIsFNV1a64(t *testing.T) {
	tests := []struct {
		name string
		key  string
		want uint64
	}{
		{name: "empty is the offset basis", key: "", want: 0xcbf29ce484222325},
		{name: "one byte", key: "a", want: 0xaf63dc4c8601ec8c},
		{name: "ascii key", key: "p:+79161234567"},
		{name: "cyrillic key", key: "c:иванов|москва"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := fnv.New64a()
			h.Write([]byte(tt.key))
			assert.Equal(t, h.Sum64(), HashKey(tt.key), "a fixed hash: serialised indexes depend on it")
			if tt.want != 0 {
				assert.Equal(t, tt.want, HashKey(tt.key))
			}
		})
	}
}

func TestHashCollisionOnlyAddsCandidates(t *testing.T) {
	// A collision is simulated by filing a record under the hash of "phone" as if one of
	// its keys had that hash. (Its name is left unknown: no short key is known to collide.)
	ix := build(add(1, "phone"), add(2, "mail"))
	if ix.addHash(HashKey("phone"), "", 3) {
		ix.gain(3, 1)
	}

	assert.Equal(t, []uint32{1, 3}, ids(ix.Candidates([]string{"phone"}, 0).IDs), "the colliding record is an extra candidate")
	assert.Equal(t, []uint32{2}, ids(ix.Candidates([]string{"mail"}, 0).IDs), "other keys are unaffected")
	assert.Equal(t, uint64(2), ix.BlockSize("phone"))
	checkInvariants(t, ix)
}

func TestBlockForms(t *testing.T) {
	tests := []struct {
		name       string
		members    int // added as 0, 2, 4, ...
		removed    int // the first ones removed again
		wantBitmap bool
		reason     string
	}{
		{name: "one record: bare entry", members: 1},
		{name: "two records: slice", members: 2},
		{name: "at smallMax: slice", members: smallMax},
		{name: "past smallMax: bitmap", members: smallMax + 1, wantBitmap: true},
		{
			name: "shrunk a little: still a bitmap", members: smallMax + 10, removed: 12, wantBitmap: true,
			reason: "hysteresis: a block at the edge does not flip on every change",
		},
		{name: "shrunk to half: slice again", members: smallMax + 10, removed: smallMax/2 + 10},
		{name: "shrunk to one: bare entry", members: smallMax + 10, removed: smallMax + 9},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ix := &Index{}
			for i := range uint32(tt.members) {
				ix.Add(2*i, "k")
				ix.Add(2*i, "k") // idempotent in every form
			}
			for i := range uint32(tt.removed) {
				ix.Remove(2*i, "k")
			}
			checkInvariants(t, ix)
			n := tt.members - tt.removed
			require.Equal(t, uint64(n), ix.BlockSize("k"))
			var want []uint32
			for i := tt.removed; i < tt.members; i++ {
				want = append(want, 2*uint32(i))
			}
			assert.Equal(t, want, ids(ix.Candidates([]string{"k"}, 0).IDs))
			e, _ := ix.keys.get(HashKey("k"))
			if n == 1 {
				assert.Zero(t, e&multiBit, "a single record needs no block")
				return
			}
			assert.Equal(t, tt.wantBitmap, ix.blocks[uint32(e)].bm != nil, tt.reason)
			if n >= nameMin {
				assert.Equal(t, "k", ix.names[uint32(e)], "a large block keeps its key's name")
			} else {
				assert.NotContains(t, ix.names, uint32(e), "a small block keeps no name")
			}
		})
	}
}

func TestFreedBlocksAreReused(t *testing.T) {
	ix := build(add(1, "a"), add(2, "a"), add(1, "b"), add(2, "b"))
	ix.Remove(1, "a")
	require.Len(t, ix.free, 1)
	ix.Add(9, "c")
	ix.Add(8, "c")
	assert.Empty(t, ix.free, "the new block took the freed slot")
	assert.Len(t, ix.blocks, 2)
	checkInvariants(t, ix)
}

func TestMergeForms(t *testing.T) {
	// Each key meets every combination of forms: absent, bare entry, slice and bitmap.
	forms := []struct {
		name string
		ids  []uint32
	}{
		{"absent", nil},
		{"single", []uint32{1}},
		{"slice", []uint32{2, 3, 4}},
		{"bitmap", seqIDs(100, smallMax+5)},
	}
	for _, a := range forms {
		for _, b := range forms {
			t.Run(a.name+"+"+b.name, func(t *testing.T) {
				x, y := &Index{}, &Index{}
				for _, id := range a.ids {
					x.Add(id, "k")
				}
				for _, id := range b.ids {
					y.Add(id, "k")
				}
				x.Merge(y)
				want := append(slices.Clone(a.ids), b.ids...)
				slices.Sort(want)
				want = slices.Compact(want)
				assert.Equal(t, nonNilIDs(want), ids(x.Candidates([]string{"k"}, 0).IDs))
				checkInvariants(t, x)
				checkInvariants(t, y)
			})
		}
	}
}

func TestMergedSingletonsNamedByLaterAdd(t *testing.T) {
	a, b := build(add(1, "solo")), build(add(2, "solo"))
	a.Merge(b)
	h := hashName(HashKey("solo"))
	assert.Equal(t, []BlockSize{{h, 2}}, a.Stats(1, 0).Largest, "neither side knew the name")
	for id := uint32(3); id < nameMin; id++ {
		a.Add(id, "solo")
	}
	assert.Equal(t, []BlockSize{{h, nameMin - 1}}, a.Stats(1, 0).Largest, "a small block keeps no name")
	a.Add(nameMin, "solo")
	assert.Equal(t, []BlockSize{{"solo", nameMin}}, a.Stats(1, 0).Largest, "an Add with the key names a large block")
	checkInvariants(t, a)
}

func seqIDs(from uint32, n int) []uint32 {
	out := make([]uint32, n)
	for i := range out {
		out[i] = from + uint32(i)
	}
	return out
}

func nonNilIDs(s []uint32) []uint32 {
	if s == nil {
		return []uint32{}
	}
	return s
}
