package match

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestSaveLoadTextTokens checks that a text field's tokens, derived from its key, are left
// out of a saved file (so that files keep the layout of versions that kept no tokens, and
// load in both) and derived again by Load, with the same comparisons as before saving.
func TestSaveLoadTextTokens(t *testing.T) {
	opts := []Option{WithRegion("AU"), WithField("address", Text), WithField("suburb", Text), WithField("postcode", Exact)}
	m, err := New(opts...)
	require.NoError(t, err)
	recs := []Record{
		{ID: "1", FirstName: "michaela", LastName: "neumann", BirthDate: "19151111",
			Extra: map[string]string{"address": "8 stanley street", "suburb": "winston hills", "postcode": "4223"}},
		{ID: "2", FirstName: "michaela", LastName: "neuman", BirthDate: "19151111",
			Extra: map[string]string{"address": "stanley st 8", "suburb": "winston hils", "postcode": "4223"}},
		{ID: "3", FirstName: "courtney", LastName: "painter",
			Extra: map[string]string{"address": "12 pinkerton circuit", "suburb": "richlands"}},
		{ID: "4", FirstName: "charles", LastName: "green", Extra: map[string]string{"suburb": "south  grafton grafton"}},
	}
	for _, r := range recs {
		_, err := m.Add(r)
		require.NoError(t, err)
	}
	var saved bytes.Buffer
	require.NoError(t, m.Save(&saved))

	// The same matcher with its text values as earlier versions held them, without tokens,
	// saves to the same bytes: the file is the one those versions wrote.
	text := []int{m.schema.byName["address"], m.schema.byName["suburb"]}
	stripped := make([]*features, len(m.recs))
	for i, f := range m.recs {
		vals := f.values()
		for _, k := range text {
			require.True(t, vals[k].Key == "" || len(vals[k].Keys) > 0, "prepared with tokens")
			vals[k].Keys = nil
		}
		g, err := packFeatures(f.id(), vals, true)
		require.NoError(t, err)
		stripped[i] = m.schema.derive(g)
	}
	withTokens := m.recs
	m.recs = stripped
	var old bytes.Buffer
	require.NoError(t, m.Save(&old))
	m.recs = withTokens
	require.Equal(t, saved.Bytes(), old.Bytes(), "tokens are not saved")

	loaded, err := Load(bytes.NewReader(old.Bytes()), WithField("address", Text), WithField("suburb", Text), WithField("postcode", Exact))
	require.NoError(t, err)
	require.Len(t, loaded.recs, len(m.recs))
	for i, f := range loaded.recs {
		for _, k := range text {
			assert.Equal(t, m.recs[i].val(k).Keys, f.val(k).Keys, "record %s field %d: tokens derived again", f.id(), k)
		}
	}
	sc, lsc := m.schema.newScratch(), loaded.schema.newScratch()
	for i := range m.recs {
		for j := range m.recs {
			m.compare(m.recs[i], m.recs[j], sc)
			loaded.compare(loaded.recs[i], loaded.recs[j], lsc)
			require.Equal(t, sc.vec, lsc.vec, "levels of %s/%s", m.recs[i].id(), m.recs[j].id())
			require.Equal(t, sc.tf, lsc.tf, "frequencies of %s/%s", m.recs[i].id(), m.recs[j].id())
		}
	}
}
