package match

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestPackFeaturesRoundTrip packs values and spells them out again: every Key, Keys and
// Weak comes back, whatever repeats, empty values and numbers of keys a record holds.
func TestPackFeaturesRoundTrip(t *testing.T) {
	many := make([]string, 100) // past the pieces looked up for repeats
	for i := range many {
		many[i] = fmt.Sprintf("tok%03d", i)
	}
	for _, tc := range []struct {
		name string
		id   string
		vals []Value
	}{
		{"empty", "a", []Value{{}, {}}},
		{"repeats", "x", []Value{{Key: "ivan", Keys: []string{"ivan", "ioann"}}, {Key: "ivan"}, {Key: "x"}}},
		{"weak and missing", "r-1", []Value{{Key: "mark", Weak: true}, {}, {Key: "+79161234567", Keys: []string{"+79161234567", "+79031112233"}}}},
		{"many keys", "long", []Value{{Key: strings.Join(many, " "), Keys: many}, {Key: "tok099", Keys: many[:3]}, {Key: "z", Weak: true}}},
		{"cyrillic", "ид", []Value{{Key: "петров", Keys: []string{"petrov"}}, {Key: "василий"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, err := packFeatures(tc.id, tc.vals, true)
			require.NoError(t, err)
			assert.Equal(t, tc.id, f.id())
			assert.True(t, f.stored)
			for i, want := range tc.vals {
				got := f.val(i)
				assert.Equal(t, want.Key, got.Key, "field %d", i)
				assert.Equal(t, want.Weak, got.Weak, "field %d", i)
				assert.Equal(t, len(want.Keys), len(got.Keys), "field %d", i)
				for k := range want.Keys {
					assert.Equal(t, want.Keys[k], got.Keys[k], "field %d key %d", i, k)
				}
				assert.Equal(t, want.Key, f.key(i))
				assert.Equal(t, want.Key == "", f.missing(i))
				first := ""
				if len(want.Keys) > 0 {
					first = want.Keys[0]
				}
				assert.Equal(t, first, f.firstKey(i))
			}
			assert.Len(t, f.values(), len(tc.vals))
		})
	}
}

// TestPackFeaturesSharesNoMemory checks that the packed record holds copies: changing the
// values it was packed from leaves it as it was.
func TestPackFeaturesSharesNoMemory(t *testing.T) {
	keys := []string{"a", "b"}
	vals := []Value{{Key: "k", Keys: keys}}
	f, err := packFeatures("id", vals, false)
	require.NoError(t, err)
	keys[0], vals[0].Key = "changed", "changed"
	assert.Equal(t, "k", f.key(0))
	assert.Equal(t, []string{"a", "b"}, f.val(0).Keys)
}

// TestCompareAllocatesNothing keeps the comparison of two packed records free of heap
// allocation: values are spelt out on the stack.
func TestCompareAllocatesNothing(t *testing.T) {
	m, err := New()
	require.NoError(t, err)
	a, _, err := m.prepare(Record{ID: "1", FirstName: "Вася", LastName: "Петров", Phones: []string{"+7 916 123-45-67"}, Emails: []string{"vasya@mail.ru"}, BirthDate: "1986-05-04"})
	require.NoError(t, err)
	b, _, err := m.prepare(Record{ID: "2", FirstName: "Василий", LastName: "Петров", Phones: []string{"+7 916 123-45-67"}, City: "Москва"})
	require.NoError(t, err)
	sc := m.schema.newScratch()
	assert.Zero(t, testing.AllocsPerRun(100, func() { m.compare(a, b, sc) }))
}
