package match

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestIDTableAgainstMap sets, looks up and deletes random IDs and checks every answer
// against a Go map, with real ID hashes and with every hash equal (one long probe run).
func TestIDTableAgainstMap(t *testing.T) {
	for _, tc := range []struct {
		name string
		hash func(string) uint32
	}{
		{"idHash", idHash32},
		{"one hash", func(string) uint32 { return 7 }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(1, 2))
			var (
				tb   idTable
				recs []*features
				free []uint32
				want = map[string]uint32{}
			)
			n := 3000
			if tc.name == "one hash" {
				n = 300
			}
			for step := range 4 * n {
				id := fmt.Sprintf("id-%d", rng.IntN(n))
				if k, ok := want[id]; ok && rng.IntN(2) == 0 {
					tb.del(recs[k].idHash, k)
					recs[k] = nil
					free = append(free, k)
					delete(want, id)
				} else if !ok {
					f := &features{arena: id, idLen: uint32(len(id)), idHash: tc.hash(id)}
					var k uint32
					if len(free) > 0 {
						k, free = free[len(free)-1], free[:len(free)-1]
						recs[k] = f
					} else {
						k = uint32(len(recs))
						recs = append(recs, f)
					}
					tb.set(f.idHash, k)
					want[id] = k
				}
				if step%97 == 0 {
					tb.reserve(rng.IntN(50))
				}
				require.Equal(t, len(want), tb.len())
				probe := fmt.Sprintf("id-%d", rng.IntN(n))
				k, ok := want[probe]
				got, gotOK := tb.lookup(recs, probe, tc.hash(probe))
				require.Equal(t, ok, gotOK, "step %d: %s", step, probe)
				require.Equal(t, k, got, "step %d: %s", step, probe)
			}
			for id, k := range want {
				got, ok := tb.lookup(recs, id, tc.hash(id))
				require.True(t, ok, id)
				require.Equal(t, k, got, id)
			}
			require.LessOrEqual(t, 4*tb.len(), 3*max(len(tb.slots), 1))
		})
	}
}
