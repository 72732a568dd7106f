package match

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// callCounts is a termCounts that answers from its arguments and counts the questions
// that reach it, so that a test sees which of them a countMemo answered itself.
type callCounts struct {
	calls int
	shift float64 // told apart from another source by its answers
}

func (c *callCounts) frequency(field int, value string) float64 {
	c.calls++
	return c.shift + float64(field) + float64(len(value))/100
}

func (c *callCounts) joint(prefix, x, y string, queryStored bool) float64 {
	return c.joint3(prefix, x, y, "", queryStored)
}

func (c *callCounts) joint3(prefix, x, y, z string, queryStored bool) float64 {
	c.calls++
	f := c.shift + float64(len(prefix)*1000+len(x)*100+len(y)*10+len(z))
	if queryStored {
		f = -f
	}
	return f
}

func (c *callCounts) identFrequency(field int, prefix, value string, queryStored bool) (float64, int) {
	c.calls++
	n := field + len(prefix) + len(value)
	if queryStored {
		n++
	}
	return c.shift + float64(n)/10, n
}

func (c *callCounts) otherNameHolders(k, field int, value, given string, limit int) int {
	c.calls++
	return min(k+field+len(value)+len(given), limit)
}

func TestCountMemo(t *testing.T) {
	type ask func(m *countMemo) float64
	freq := func(field int, v string) ask {
		return func(m *countMemo) float64 { return m.frequency(field, v) }
	}
	joint := func(prefix, x, y string, stored bool) ask {
		return func(m *countMemo) float64 { return m.joint(prefix, x, y, stored) }
	}
	joint3 := func(prefix, x, y, z string) ask {
		return func(m *countMemo) float64 { return m.joint3(prefix, x, y, z, false) }
	}
	ident := func(field int, prefix, v string, stored bool) ask {
		return func(m *countMemo) float64 {
			f, n := m.identFrequency(field, prefix, v, stored)
			return f + float64(n)*1e6
		}
	}
	others := func(k, field int, v, given string, limit int) ask {
		return func(m *countMemo) float64 { return float64(m.otherNameHolders(k, field, v, given, limit)) }
	}
	a, b := &features{}, &features{}
	tests := []struct {
		name string
		// first is asked under (a, version 1), then rebind (if set) runs, then second is asked
		first, second ask
		rebind        func(m *countMemo, src termCounts)
		wantCalls     int
	}{
		{"same frequency is remembered", freq(1, "петров"), freq(1, "петров"), nil, 1},
		{"another value of the field is asked", freq(1, "петров"), freq(1, "иванов"), nil, 2},
		{"another field is asked", freq(1, "петров"), freq(2, "петров"), nil, 2},
		{"same joint is remembered", joint("n:", "вася", "петров", false), joint("n:", "вася", "петров", false), nil, 1},
		{"joint for a stored query is another question", joint("n:", "вася", "петров", false), joint("n:", "вася", "петров", true), nil, 2},
		{"joint over three values differs from two", joint("n:", "вася", "петров", false), joint3("n:", "вася", "петров", "иван"), nil, 2},
		{"another joint value is asked", joint("n:", "вася", "петров", false), joint("n:", "вася", "сидоров", false), nil, 2},
		{"same identifier is remembered", ident(3, "p:", "79161234567", false), ident(3, "p:", "79161234567", false), nil, 1},
		{"identifier under another prefix is asked", ident(3, "p:", "79161234567", false), ident(3, "q:", "79161234567", false), nil, 2},
		{"identifier for a stored query is asked", ident(3, "p:", "79161234567", false), ident(3, "p:", "79161234567", true), nil, 2},
		{"same holders are remembered", others(0, 3, "79161234567", "вася", 4), others(0, 3, "79161234567", "вася", 4), nil, 1},
		{"holders under another given name are asked", others(0, 3, "79161234567", "вася", 4), others(0, 3, "79161234567", "петя", 4), nil, 2},
		{"holders under another limit are asked", others(0, 3, "79161234567", "вася", 4), others(0, 3, "79161234567", "вася", 9), nil, 2},
		{"a new state of the matcher forgets", freq(1, "петров"), freq(1, "петров"),
			func(m *countMemo, src termCounts) { m.bind(src, a, 2) }, 2},
		{"another query record forgets", freq(1, "петров"), freq(1, "петров"),
			func(m *countMemo, src termCounts) { m.bind(src, b, 1) }, 2},
		{"binding the same record and state again keeps", freq(1, "петров"), freq(1, "петров"),
			func(m *countMemo, src termCounts) { m.bind(src, a, 1) }, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := &callCounts{}
			fresh := &callCounts{}
			m := newCountMemo(4)
			m.bind(src, a, 1)
			got1 := tt.first(&m)
			if tt.rebind != nil {
				tt.rebind(&m, src)
			}
			got2 := tt.second(&m)
			assert.Equal(t, tt.wantCalls, src.calls, "questions that reached the counts")
			// Remembered or not, every answer is the one the counts give.
			assert.Equal(t, tt.first(&countMemo{counts: fresh, freq: make([]countEntry, 4),
				ident: make([]countEntry, 4), others: make([]countEntry, 4)}), got1)
			fm := newCountMemo(4)
			fm.bind(fresh, a, 1)
			assert.Equal(t, tt.second(&fm), got2)
		})
	}
}

func TestCountMemoAnotherSource(t *testing.T) {
	a := &features{}
	one, two := &callCounts{}, &callCounts{shift: 0.5}
	m := newCountMemo(2)
	m.bind(one, a, 7)
	f1 := m.frequency(1, "петров")
	m.bind(two, a, 7)
	f2 := m.frequency(1, "петров")
	assert.Equal(t, 1, one.calls)
	assert.Equal(t, 1, two.calls)
	assert.InDelta(t, 0.5, f2-f1, 1e-12, "the second source answered")
}

// The three name families of a comparison keep their answers apart: asking one does not
// push out another, while a family's next question replaces its last.
func TestCountMemoJointFamilies(t *testing.T) {
	src := &callCounts{}
	m := newCountMemo(1)
	m.bind(src, &features{}, 1)
	families := []string{"n:", "f:", "c:"}
	for range 3 {
		for _, p := range families {
			m.joint(p, "вася", "петров", false)
		}
	}
	assert.Equal(t, len(families), src.calls, "each family asked once")
	m.joint("n:", "петя", "петров", false)
	m.joint("n:", "вася", "петров", false)
	assert.Equal(t, len(families)+2, src.calls, "a family holds its last question only")
	for _, p := range families[1:] {
		m.joint(p, "вася", "петров", false)
	}
	assert.Equal(t, len(families)+2, src.calls, "the other families kept theirs")
	// More families than slots: answers stay right, the memo only forgets.
	for i := range 2 * jointSlots {
		p := fmt.Sprintf("x%d:", i)
		assert.Equal(t, (&callCounts{}).joint(p, "a", "b", false), m.joint(p, "a", "b", false))
	}
}

// A comparison that remembers counts across candidates gives the vector, term frequencies
// and weights of one made with a fresh scratch, also when records arrive and leave between
// comparisons.
func TestCompareRememberedCountsAgree(t *testing.T) {
	recs := sampleRecords(400)
	m, err := New()
	require.NoError(t, err)
	for _, r := range recs[:300] {
		_, err := m.Add(r)
		require.NoError(t, err)
	}
	feats := make([]*features, len(recs))
	for i, r := range recs {
		f, _, err := m.prepare(r)
		require.NoError(t, err)
		feats[i] = f
	}
	kept := m.schema.newScratch()
	compared := 0
	check := func(i, j int) {
		t.Helper()
		m.mu.RLock()
		defer m.mu.RUnlock()
		m.compare(feats[i], feats[j], kept)
		fresh := m.schema.newScratch()
		m.compare(feats[i], feats[j], fresh)
		require.Equal(t, fresh.vec, kept.vec, "pair %d %d", i, j)
		require.Equal(t, fresh.tf, kept.tf, "pair %d %d", i, j)
		require.Equal(t, m.weights.WeightTF(fresh.vec, fresh.tf), m.weights.WeightTF(kept.vec, kept.tf))
		compared++
	}
	for i := 0; i < len(recs); i += 7 {
		for j := range len(recs) {
			if j == i {
				continue
			}
			check(i, j)
		}
		// The base changes between queries and within one: the memo must follow.
		if k := 300 + i/7; k < len(recs) {
			_, err := m.Add(recs[k])
			require.NoError(t, err)
		}
		check(i, (i+1)%len(recs))
		if i%3 == 0 {
			require.NoError(t, m.Remove(recs[i/7].ID))
			check(i, (i+2)%len(recs))
		}
	}
	assert.Greater(t, compared, 10_000)
}
