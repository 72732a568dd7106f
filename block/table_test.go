package block

import (
	"maps"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestTableAgreesWithMap runs random sets, deletes and reservations against a Go map. Few
// distinct hashes in a small table make long probe runs, wrapped around the table's end,
// that deletion must close up.
func TestTableAgreesWithMap(t *testing.T) {
	for _, tt := range []struct {
		name     string
		distinct uint64 // hashes drawn from [0, distinct)
		ops      int
	}{
		{"dense collisions", 48, 20_000},
		{"growing", 5_000, 40_000},
		{"wide", 1 << 40, 30_000},
	} {
		t.Run(tt.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(1, tt.distinct))
			var tb table
			want := map[uint64]uint64{}
			for i := range tt.ops {
				h := rng.Uint64N(tt.distinct)
				switch op := rng.IntN(10); {
				case op < 6:
					e := rng.Uint64N(1 << 33)
					tb.set(h, e)
					want[h] = e
				case op < 9:
					_, had := want[h]
					assert.Equal(t, had, tb.del(h), "op %d: del %d", i, h)
					delete(want, h)
				default:
					tb.reserve(rng.IntN(100))
				}
				e, ok := tb.get(h)
				we, wok := want[h]
				require.Equal(t, wok, ok, "op %d: get %d", i, h)
				require.Equal(t, we, e, "op %d: entry of %d", i, h)
			}
			require.Equal(t, len(want), tb.len())
			assert.Equal(t, want, maps.Collect(tb.all()))
			for h, e := range want {
				got, ok := tb.get(h)
				require.True(t, ok, "hash %d lost", h)
				require.Equal(t, e, got)
			}
		})
	}
}

// TestTableZeroAndEmpty covers the zero hash and entry, which the slot encoding must not take
// for a free slot, and lookups in a table never written.
func TestTableZeroAndEmpty(t *testing.T) {
	var tb table
	_, ok := tb.get(0)
	assert.False(t, ok)
	assert.False(t, tb.del(0))
	tb.set(0, 0)
	e, ok := tb.get(0)
	assert.True(t, ok)
	assert.Zero(t, e)
	assert.Equal(t, 1, tb.len())
	assert.True(t, tb.del(0))
	assert.Zero(t, tb.len())
}

// TestTableResizeKeepsLoad checks that the table stays at most three quarters full and that
// reserve leaves room for what it was asked.
func TestTableResizeKeepsLoad(t *testing.T) {
	var tb table
	for i := range uint64(10_000) {
		tb.set(i*0x9e3779b97f4a7c15, i)
		require.LessOrEqual(t, 4*tb.len(), 3*len(tb.slots))
	}
	tb.reserve(100_000)
	size := len(tb.slots)
	for i := range uint64(100_000) {
		tb.set(^i, i)
	}
	assert.Equal(t, size, len(tb.slots), "reserve(n) makes room for n more")
}

// TestTableEntryCodes stores the entries at the edges of a slot's code: those that fit it
// and those kept beside the slots, through growth and deletion.
func TestTableEntryCodes(t *testing.T) {
	fits := []struct {
		e    uint64
		fits bool
	}{
		{0, true}, {1, true}, {blockCode - 2, true}, // records that fit
		{blockCode - 1, false}, {math.MaxUint32, false}, // records that do not
		{multiBit, true}, {multiBit | (overCode - blockCode - 1), true}, // blocks that fit
		{multiBit | (overCode - blockCode), false}, {multiBit | math.MaxUint32, false}, // blocks that do not
		{1 << 40, false}, {math.MaxUint64, false}, // neither
	}
	var edges []uint64
	for _, tc := range fits {
		assert.Equal(t, tc.fits, encode(tc.e) != overCode, "entry %#x", tc.e)
		edges = append(edges, tc.e)
	}
	var tb table
	want := map[uint64]uint64{}
	for i := range 2000 { // grows the table several times
		h := uint64(i) * 0x9e3779b97f4a7c15
		e := edges[i%len(edges)]
		tb.set(h, e)
		want[h] = e
	}
	for i := 0; i < 2000; i += 3 {
		h := uint64(i) * 0x9e3779b97f4a7c15
		require.True(t, tb.del(h))
		delete(want, h)
	}
	for i := 1; i < 2000; i += 3 { // overwrite with another edge, fit or not
		h := uint64(i) * 0x9e3779b97f4a7c15
		e := edges[(i+5)%len(edges)]
		tb.set(h, e)
		want[h] = e
	}
	assert.Equal(t, want, maps.Collect(tb.all()))
	over := 0
	for _, e := range want {
		if encode(e) == overCode {
			over++
		}
	}
	assert.Len(t, tb.over, over, "over holds exactly the entries that do not fit")
}
