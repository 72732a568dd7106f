package dataset_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/idmatch/idmatch/internal/dataset"
	"github.com/idmatch/idmatch/match"
)

func row(id string, cols map[string]string) dataset.Row {
	return dataset.Row{Record: match.Record{ID: id}, Columns: dataset.ColumnsOf(cols)}
}

func TestTruthEntity(t *testing.T) {
	febrl := dataset.Truth{Column: "rec_id", Format: dataset.TruthFebrl}
	numeric := dataset.Truth{Column: "rec_id", Format: dataset.TruthNumeric}
	cluster := dataset.Truth{Column: "cluster", Format: dataset.TruthColumn}
	tests := []struct {
		name   string
		truth  dataset.Truth
		value  string
		want   string
		wantOK bool
		reason string
	}{
		{name: "febrl org", truth: febrl, value: "rec-12-org", want: "12", wantOK: true},
		{name: "febrl dup", truth: febrl, value: "rec-12-dup-3", want: "12", wantOK: true},
		{name: "febrl padded", truth: febrl, value: " rec-0-dup-10 ", want: "0", wantOK: true},
		{name: "febrl no number", truth: febrl, value: "rec--org"},
		{name: "febrl bad tail", truth: febrl, value: "rec-12-dup"},
		{name: "febrl bad dup", truth: febrl, value: "rec-12-dup-x"},
		{name: "febrl other", truth: febrl, value: "rec-12-org-1", reason: "nothing may follow org"},
		{name: "febrl empty", truth: febrl, value: ""},
		{name: "febrl copy org", truth: febrl, value: "c3-rec-12-org", want: "c3-12", wantOK: true, reason: "copy 3 of a scaled set is another person"},
		{name: "febrl copy dup", truth: febrl, value: "c3-rec-12-dup-0", want: "c3-12", wantOK: true},
		{name: "febrl copy no number", truth: febrl, value: "c-rec-12-org"},
		{name: "febrl copy not digits", truth: febrl, value: "cx-rec-12-org"},
		{name: "numeric original", truth: numeric, value: "19060", want: "1906", wantOK: true},
		{name: "numeric duplicate", truth: numeric, value: "19069", want: "1906", wantOK: true},
		{name: "numeric short", truth: numeric, value: "7", reason: "one digit leaves no entity"},
		{name: "numeric not digits", truth: numeric, value: "19a60"},
		{name: "column", truth: cluster, value: "42", want: "42", wantOK: true},
		{name: "column empty", truth: cluster, value: " ", reason: "an unlabelled row has no entity"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := tt.truth.Entity(row("x", map[string]string{tt.truth.Column: tt.value}))
			assert.Equal(t, tt.wantOK, ok, tt.reason)
			assert.Equal(t, tt.want, got, tt.reason)
		})
	}
	got, ok := dataset.Truth{Format: dataset.TruthFebrl}.Entity(row("rec-5-dup-1", nil))
	assert.True(t, ok)
	assert.Equal(t, "5", got, "an empty Column reads the record ID")
}

func TestDetectTruth(t *testing.T) {
	febrlRows := []dataset.Row{
		row("rec-1-org", map[string]string{"rec_id": "rec-1-org", "n": "1"}),
		row("rec-1-dup-0", map[string]string{"rec_id": "rec-1-dup-0", "n": "2"}),
	}
	numRows := []dataset.Row{
		row("19060", map[string]string{"rec_id": "19060"}),
		row("19061", map[string]string{"rec_id": "19061"}),
	}
	tests := []struct {
		name   string
		header []string
		sample []dataset.Row
		want   dataset.Truth
		wantOK bool
		reason string
	}{
		{name: "cluster", header: []string{"unique_id", "cluster"}, want: dataset.Truth{Column: "cluster"}, wantOK: true,
			reason: "a named column needs no sample"},
		{name: "entity first", header: []string{"Cluster", "Entity"}, want: dataset.Truth{Column: "Entity"}, wantOK: true,
			reason: "entity is tried before cluster, names case-insensitively"},
		{name: "febrl", header: []string{"n", "rec_id"}, sample: febrlRows,
			want: dataset.Truth{Column: "rec_id", Format: dataset.TruthFebrl}, wantOK: true},
		{name: "febrl mixed", header: []string{"rec_id"},
			sample: append(append([]dataset.Row{}, febrlRows...), row("x", map[string]string{"rec_id": "rec-2"})),
			reason: "every sampled value must parse"},
		{name: "numeric", header: []string{"rec_id"}, sample: numRows,
			want: dataset.Truth{Column: "rec_id", Format: dataset.TruthNumeric}, wantOK: true},
		{name: "numeric other name", header: []string{"id"}, sample: []dataset.Row{row("19060", map[string]string{"id": "19060"})},
			reason: "plain numeric IDs are no label"},
		{name: "no sample", header: []string{"rec_id"}},
		{name: "nothing", header: []string{"id", "name"}, sample: []dataset.Row{row("a", map[string]string{"id": "a"})}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := dataset.DetectTruth(tt.header, tt.sample)
			assert.Equal(t, tt.wantOK, ok, tt.reason)
			assert.Equal(t, tt.want, got, tt.reason)
		})
	}
}

func TestTruthFormatString(t *testing.T) {
	assert.Equal(t, []string{"column", "febrl", "numeric", "unknown"}, []string{
		dataset.TruthColumn.String(), dataset.TruthFebrl.String(), dataset.TruthNumeric.String(), dataset.TruthFormat(9).String(),
	})
}
