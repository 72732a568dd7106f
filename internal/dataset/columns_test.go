package dataset_test

import (
	"io"
	"maps"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/idmatch/idmatch/internal/dataset"
)

func TestColumnsLookup(t *testing.T) {
	read := func(t *testing.T, in string) []dataset.Row {
		r, err := dataset.NewReader(strings.NewReader(in), dataset.FieldMap{}, dataset.Options{AllowNoID: true})
		require.NoError(t, err)
		var rows []dataset.Row
		for {
			row, err := r.Read()
			if err == io.EOF {
				return rows
			}
			require.NoError(t, err)
			rows = append(rows, row)
		}
	}
	csvRows := read(t, "id,name,entity\n1, Анна ,e1\n2,Олег,e2\n")
	jsonRows := read(t, `{"id":"1","name":"Анна","entity":"e1"}`+"\n"+`{"id":"2","note":"x"}`+"\n")
	tests := []struct {
		name   string
		cols   dataset.Columns
		column string
		want   string
		ok     bool
	}{
		{"csv, first row", csvRows[0].Columns, "name", "Анна", true},
		{"csv, second row keeps its own values", csvRows[1].Columns, "entity", "e2", true},
		{"csv, a column the header lacks", csvRows[1].Columns, "city", "", false},
		{"jsonl, a key of the object", jsonRows[0].Columns, "entity", "e1", true},
		{"jsonl, another object's keys", jsonRows[1].Columns, "note", "x", true},
		{"jsonl, a key only an earlier object had", jsonRows[1].Columns, "name", "", false},
		{"built by hand", dataset.ColumnsOf(map[string]string{"b": "2", "a": "1"}), "b", "2", true},
		{"zero value", dataset.Columns{}, "a", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := tt.cols.Lookup(tt.column)
			assert.Equal(t, tt.ok, ok)
			assert.Equal(t, tt.want, got)
			assert.Equal(t, tt.want, tt.cols.Get(tt.column))
		})
	}
	assert.Equal(t, map[string]string{"id": "1", "name": "Анна", "entity": "e1"}, maps.Collect(csvRows[0].Columns.All()))
	assert.Equal(t, 3, csvRows[0].Columns.Len())
	var names []string
	for n := range dataset.ColumnsOf(map[string]string{"b": "2", "a": "1", "c": "3"}).All() {
		names = append(names, n)
	}
	assert.Equal(t, []string{"a", "b", "c"}, names, "ColumnsOf orders by name")
}
