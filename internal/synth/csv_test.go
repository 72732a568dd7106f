package synth_test

import (
	"bytes"
	"encoding/csv"
	"errors"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/idmatch/idmatch/internal/synth"
)

func TestWriteCSVQuoting(t *testing.T) {
	tests := []struct {
		name   string
		field  string
		want   string // the line fragment WriteCSV must produce
		reason string
	}{
		{"plain", "Москва", ",Москва,", ""},
		{"comma", "Moscow, Russia", `,"Moscow, Russia",`, "a comma would split the field"},
		{"quote", `ООО "Ромашка"`, `,"ООО ""Ромашка""",`, "quotes are doubled"},
		{"newline", "a\nb", ",\"a\nb\",", "a newline would split the row"},
		{"leading space", " x", `," x",`, "readers may trim unquoted leading space"},
		{"empty", "", ",,", "empty is written bare"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := synth.Record{ID: "c1", Entity: "p0", Source: "crm", City: tt.field, Crowd: true}
			var b bytes.Buffer
			require.NoError(t, synth.WriteCSV(&b, slices.Values([]synth.Record{rec})))
			assert.Contains(t, b.String(), tt.want, tt.reason)

			rows, err := csv.NewReader(&b).ReadAll()
			require.NoError(t, err)
			require.Len(t, rows, 2)
			assert.Equal(t, synth.Header, rows[0])
			assert.Equal(t, []string{"c1", "p0", "crm", "", "", "", "", "", "", tt.field, "", "true"}, rows[1])
		})
	}
}

func TestWriteCSVRoundTrip(t *testing.T) {
	cfg := synth.DefaultConfig()
	cfg.Customers = 500
	recs := collect(synth.Contacts(cfg))
	var b bytes.Buffer
	require.NoError(t, synth.WriteCSV(&b, slices.Values(recs)))
	rows, err := csv.NewReader(&b).ReadAll()
	require.NoError(t, err)
	require.Len(t, rows, len(recs)+1)
	for i, r := range recs {
		row := rows[i+1]
		assert.Equal(t, []string{r.ID, r.Entity, r.Source, r.FirstName, r.LastName, r.MiddleName, r.FullName,
			r.Phone, r.Email, r.City, r.BirthDate, map[bool]string{true: "true", false: "false"}[r.Crowd]}, row)
	}
}

type failWriter struct{ after int }

func (w *failWriter) Write(p []byte) (int, error) {
	if w.after -= len(p); w.after < 0 {
		return 0, errors.New("disk full")
	}
	return len(p), nil
}

func TestWriteCSVError(t *testing.T) {
	cfg := synth.DefaultConfig()
	cfg.Customers = 1000
	err := synth.WriteCSV(&failWriter{after: 10_000}, synth.CRM(cfg))
	require.Error(t, err)
	assert.ErrorIs(t, err, synth.ErrWrite)
	assert.ErrorContains(t, err, "disk full")
}
