package match

import (
	"context"
	"fmt"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/idmatch/idmatch/internal/synth"
)

// TestBoundBits trains on CRM records, whose dates are all full, so that no random pair
// shows the partial level of a date. The birth date and an extra date field keep their
// partial agreement within the bound; the same extra field without the bound shows what
// the bound is for: the partial level keeps only an unseen level's small u and weighs far
// more than agreeing on a day and month can tell.
func TestBoundBits(t *testing.T) {
	unbounded := DateField("issued_raw")
	unbounded.MaxBits = nil
	m, err := New(WithField("issued", Date), WithCustomField(unbounded))
	require.NoError(t, err)
	cfg := synth.DefaultConfig()
	cfg.Customers = 3000
	n := 0
	for r := range synth.CRM(cfg) {
		rec := fromSynth(r)
		if rec.BirthDate == "" {
			continue
		}
		// The issue date of a document: a full date, as CRM records hold them.
		issued := fmt.Sprintf("%02d.%02d.%d", 1+n%28, 1+n/28%12, 2000+n%20)
		rec.Extra = map[string]string{"issued": issued, "issued_raw": issued}
		_, err := m.Add(rec)
		require.NoError(t, err)
		n++
	}
	_, err = m.Train(context.Background(), TrainOptions{})
	require.NoError(t, err)
	w, err := m.Model().Compile()
	require.NoError(t, err)
	bits := func(field string) float64 {
		i, ok := m.schema.byName[field]
		require.True(t, ok, field)
		require.Equal(t, "partial", m.schema.fields[i].Levels[1].Name)
		return w.Bits(i, 1)
	}
	bound := math.Log2(366)
	for _, f := range []string{"birth_date", "issued"} {
		assert.LessOrEqual(t, bits(f), bound+1e-9, "%s: partial agreement bounded", f)
		assert.Greater(t, bits(f), 0.0, "%s: partial agreement still counts for the pair", f)
	}
	assert.Greater(t, bits("issued_raw"), bound+4, "without the bound the unseen level weighs far more")
	mod := m.Model()
	for _, f := range mod.Fields {
		sum := 0.0
		for _, l := range f.Levels {
			sum += l.U
		}
		assert.InDelta(t, 1, sum, 1e-9, "%s: u still sums to 1", f.Name)
	}
	t.Logf("partial agreement: birth_date %.1f, issued %.1f, issued_raw %.1f bits", bits("birth_date"), bits("issued"), bits("issued_raw"))
}

func TestMaxBitsValidation(t *testing.T) {
	tests := []struct {
		name string
		max  []float64
	}{
		{"a bound for the last level", []float64{0, 8, 0, 0, 1}},
		{"negative", []float64{0, -1}},
		{"not a number", []float64{math.NaN()}},
		{"infinite", []float64{math.Inf(1)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := DateField("issued")
			f.MaxBits = tt.max
			_, err := New(WithCustomField(f))
			assert.ErrorIs(t, err, ErrOption)
			assert.ErrorContains(t, err, `"issued"`)
		})
	}
	f := DateField("issued")
	f.MaxBits = []float64{0, 8, 3, 2}
	_, err := New(WithCustomField(f))
	assert.NoError(t, err, "a bound for every level but the last")
}
