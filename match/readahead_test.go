package match

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestReadAhead checks that pairs come back in the order they were added, a full group at
// a time, without the pairs whose second record is not stored.
func TestReadAhead(t *testing.T) {
	m, err := New()
	assert.NoError(t, err)
	for _, id := range []string{"a", "b", "c"} {
		_, err := m.Add(Record{ID: id, FullName: "Анна Петрова"})
		assert.NoError(t, err)
	}
	assert.NoError(t, m.Remove("b"))
	live := []uint32{m.number("a"), m.number("c")}
	removed := -1
	for n, f := range m.recs {
		if f == nil {
			removed = n
		}
	}
	assert.GreaterOrEqual(t, removed, 0, "the removed record leaves a free slot")

	var got [][2]uint32
	var fulls int
	r := m.newReadAhead(func(a, b uint32) { got = append(got, [2]uint32{a, b}) })
	var want [][2]uint32
	for i := range 3*readAheadPairs + 3 {
		b := live[i%2]
		if i%5 == 4 {
			b = uint32(removed) // left out
		} else {
			want = append(want, [2]uint32{uint32(i), b})
		}
		before := len(got)
		r.add(uint32(i), b)
		if len(got) > before {
			fulls++
			assert.Len(t, got, fulls*readAheadPairs, "a full group is compared at once")
		}
		assert.Len(t, got, len(want)/readAheadPairs*readAheadPairs, "nothing is compared before its group is full")
	}
	r.flush()
	assert.Equal(t, want, got)
	assert.Equal(t, len(want)/readAheadPairs, fulls)
}

// number returns the record number of the stored record with ID id (0 when there is none).
func (m *Matcher) number(id string) uint32 {
	n, _ := m.byID.get(m.recs, id)
	return n
}
