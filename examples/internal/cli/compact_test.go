package cli_test

import (
	"bytes"
	"io"
	"strings"
	"testing"

	"github.com/idmatch/idmatch/examples/internal/cli"
	"github.com/idmatch/idmatch/internal/dataset"
	"github.com/idmatch/idmatch/match"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAddCompact(t *testing.T) {
	full := match.Record{ID: "c1", Source: "crm", FirstName: "Анна", LastName: "Smith", MiddleName: "Ивановна",
		FullName: "Анна Ивановна Smith", City: "Москва", BirthDate: "01.02.1990", Gender: "f",
		Phones: []string{"+79161234567", "8 (916) 765-43-21"}, Emails: []string{"anna@example.com"},
		Handles: []string{"vk.com/anna"}, Extra: map[string]string{"passport": "4510 123456", "note": ""}}
	rows := []dataset.Row{
		{Line: 2, Record: full, Columns: dataset.ColumnsOf(map[string]string{"entity": "e1"})},
		{Line: 3, Record: match.Record{ID: "c2"}, Columns: dataset.ColumnsOf(map[string]string{"entity": "e2"})},
		{Line: 5, Record: match.Record{ID: "c1", FirstName: "Anna"}, Columns: dataset.ColumnsOf(map[string]string{"entity": "e1"})},
		{Line: 6, Record: match.Record{ID: "c3", Phones: []string{"+79161234567"}}, Columns: dataset.ColumnsOf(map[string]string{"entity": ""})},
		{Line: 7, Record: match.Record{ID: "", FullName: "Пётр Петров"}, Columns: dataset.ColumnsOf(map[string]string{"entity": "e4"})},
	}
	tests := []struct {
		name      string
		header    []string // an "entity" column is ground truth
		wantTruth map[string]string
	}{
		{name: "with ground truth", header: []string{"id", "entity"},
			wantTruth: map[string]string{"c1": "e1"}}, // c3's label is empty: no label
		{name: "without", header: []string{"id", "label"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := match.New()
			require.NoError(t, err)
			in := &cli.Input{Name: "crm.csv", Header: tt.header, Rows: append([]dataset.Row(nil), rows...)}
			var stderr bytes.Buffer
			rep := cli.NewReporter(&stderr)
			k := cli.AddCompact(m, in, rep, true)

			assert.Nil(t, in.Rows, "the rows go once packed")
			require.Equal(t, 2, k.Len(), "c2 (empty), the second c1 (duplicate) and the row without an ID are rejected")
			assert.Equal(t, 2, m.Len())
			assert.Equal(t, 3, rep.Rejected)
			assert.Contains(t, stderr.String(), `crm.csv:5: rejected: duplicate id "c1" (first on line 2)`)
			assert.Equal(t, []string{"c1", "c3"}, []string{k.ID(0), k.ID(1)})
			assert.Equal(t, []int{2, 6}, []int{k.Line(0), k.Line(1)})
			assert.Equal(t, full, k.Record(0), "every field comes back")
			assert.Equal(t, rows[3].Record, k.Record(1))

			ent, src, ok := k.Entities()
			assert.Equal(t, tt.wantTruth != nil, ok)
			assert.Equal(t, tt.wantTruth, ent)
			if ok {
				assert.Equal(t, `"entity" column`, src)
			}

			got := k.Records([]string{"c3", "c2", "nobody"})
			assert.Equal(t, map[string]match.Record{"c3": rows[3].Record}, got, "only kept records are found")
		})
	}
}

// FuzzAddCompact checks that any record a matcher accepts comes back from a Kept as it went
// in, whatever bytes its values hold.
func FuzzAddCompact(f *testing.F) {
	f.Add("c1", "Анна Петрова", "+79161234567", "a@example.com", "vk.com/anna", "passport", "4510 123456", "e1")
	f.Add("\xff", "\x00", "", "", "", "", "", "")
	f.Fuzz(func(t *testing.T, id, name, phone, email, handle, extraName, extraValue, label string) {
		rec := match.Record{ID: id, FullName: name, City: name, BirthDate: label}
		if phone != "" {
			rec.Phones = []string{phone, phone + "1"}
		}
		if email != "" {
			rec.Emails = []string{email}
		}
		if handle != "" {
			rec.Handles = []string{handle}
		}
		if extraName != "" {
			rec.Extra = map[string]string{extraName: extraValue}
		}
		m, err := match.New()
		require.NoError(t, err)
		in := &cli.Input{Name: "f.csv", Header: []string{"entity"}, Rows: []dataset.Row{{Line: 2, Record: rec, Columns: dataset.ColumnsOf(map[string]string{"entity": label})}}}
		k := cli.AddCompact(m, in, cli.NewReporter(io.Discard), true)
		if k.Len() == 0 {
			return // rejected by the matcher: nothing to read back
		}
		require.Equal(t, 1, k.Len())
		assert.Equal(t, rec, k.Record(0))
		assert.Equal(t, id, k.ID(0))
		assert.Equal(t, 2, k.Line(0))
		ent, _, ok := k.Entities()
		require.True(t, ok)
		if l := strings.TrimSpace(label); l != "" {
			assert.Equal(t, map[string]string{id: l}, ent)
		} else {
			assert.Empty(t, ent)
		}
	})
}
