package score

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestModelJSONRoundTrip(t *testing.T) {
	for _, m := range []*Model{handModel(), emTruth(), sixFieldModel()} {
		var buf bytes.Buffer
		require.NoError(t, m.WriteJSON(&buf))
		back, err := ReadModel(&buf)
		require.NoError(t, err)
		assert.Equal(t, m, back, "probabilities survive exactly")
	}
	// A trained model, whose probabilities have full float64 precision.
	vs, _ := simulateVectors(emTruth(), emMissingRate, 5000, 3)
	m := untrained(emTruth())
	_, err := m.TrainEM(patternsOf(6, vs), EMOptions{})
	require.NoError(t, err)
	var buf bytes.Buffer
	require.NoError(t, m.WriteJSON(&buf))
	back, err := ReadModel(&buf)
	require.NoError(t, err)
	assert.Equal(t, m, back)
}

func TestModelJSONFormat(t *testing.T) {
	m := &Model{Prior: 0.25, Fields: []Field{
		{Name: "phone", TermFrequency: true, Levels: []Level{{"exact", 0.75, 0.125}, {"different", 0.25, 0.875}}},
	}}
	var buf bytes.Buffer
	require.NoError(t, m.WriteJSON(&buf))
	assert.JSONEq(t, `{"version":1,"prior":0.25,"fields":[{"name":"phone","term_frequency":true,
		"levels":[{"name":"exact","m":0.75,"u":0.125},{"name":"different","m":0.25,"u":0.875}]}]}`, buf.String())
}

func TestWriteJSONRejectsInvalid(t *testing.T) {
	m := handModel()
	m.Prior = 0
	var buf bytes.Buffer
	require.ErrorIs(t, m.WriteJSON(&buf), ErrInvalidModel)
	assert.Zero(t, buf.Len(), "nothing is written")
}

type failingWriter struct{}

var errWrite = errors.New("disk full")

func (failingWriter) Write([]byte) (int, error) { return 0, errWrite }

func TestWriteJSONWriterError(t *testing.T) {
	require.ErrorIs(t, handModel().WriteJSON(failingWriter{}), errWrite)
}

func TestReadModelRejects(t *testing.T) {
	const level2 = `[{"name":"exact","m":0.9,"u":0.1},{"name":"different","m":0.1,"u":0.9}]`
	tests := []struct {
		name    string
		in      string
		wantErr error
		reason  string
	}{
		{"empty", ``, ErrModelFormat, ""},
		{"truncated", `{"version":1,"prior":0.1,"fields":[`, ErrModelFormat, ""},
		{"not an object", `[1,2]`, ErrModelFormat, ""},
		{"wrong type", `{"version":"1","prior":0.1,"fields":[]}`, ErrModelFormat, ""},
		{"no version", `{"prior":0.1,"fields":[{"name":"a","levels":` + level2 + `}]}`, ErrModelFormat, "version 0 is unknown"},
		{"future version", `{"version":2,"prior":0.1,"fields":[{"name":"a","levels":` + level2 + `}]}`, ErrModelFormat, ""},
		{"unknown key", `{"version":1,"prior":0.1,"weights":[],"fields":[{"name":"a","levels":` + level2 + `}]}`, ErrModelFormat, "a typo must not silently drop data"},
		{"trailing data", `{"version":1,"prior":0.1,"fields":[{"name":"a","levels":` + level2 + `}]} x`, ErrModelFormat, ""},
		{"no prior", `{"version":1,"fields":[{"name":"a","levels":` + level2 + `}]}`, ErrInvalidModel, ""},
		{"prior one", `{"version":1,"prior":1,"fields":[{"name":"a","levels":` + level2 + `}]}`, ErrInvalidModel, ""},
		{"no fields", `{"version":1,"prior":0.1,"fields":[]}`, ErrInvalidModel, ""},
		{"one level", `{"version":1,"prior":0.1,"fields":[{"name":"a","levels":[{"name":"x","m":0.5,"u":0.5}]}]}`, ErrInvalidModel, ""},
		{"m zero", `{"version":1,"prior":0.1,"fields":[{"name":"a","levels":[{"name":"x","m":0,"u":0.5},{"name":"y","m":1,"u":0.5}]}]}`, ErrInvalidModel, ""},
		{"u sum", `{"version":1,"prior":0.1,"fields":[{"name":"a","levels":[{"name":"x","m":0.5,"u":0.5},{"name":"y","m":0.5,"u":0.6}]}]}`, ErrInvalidModel, ""},
		{"duplicate field", `{"version":1,"prior":0.1,"fields":[{"name":"a","levels":` + level2 + `},{"name":"a","levels":` + level2 + `}]}`, ErrInvalidModel, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := ReadModel(strings.NewReader(tt.in))
			require.ErrorIs(t, err, tt.wantErr, tt.reason)
			assert.Nil(t, m)
		})
	}
	m, err := ReadModel(strings.NewReader(`{"version":1,"prior":0.1,"fields":[{"name":"a","levels":` + level2 + `}]}` + "\n\t "))
	require.NoError(t, err, "trailing white space is fine")
	assert.Len(t, m.Fields, 1)
}

func FuzzReadModel(f *testing.F) {
	for _, m := range []*Model{handModel(), sixFieldModel()} {
		var buf bytes.Buffer
		require.NoError(f, m.WriteJSON(&buf))
		f.Add(buf.Bytes())
	}
	f.Add([]byte(`{"version":1,"prior":0.5,"fields":[{"name":"a","levels":[{"name":"x","m":0.5,"u":0.5},{"name":"y","m":0.5,"u":0.5}]}]}`))
	f.Add([]byte(`{"version":1}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := ReadModel(bytes.NewReader(data))
		if err != nil {
			require.True(t, errors.Is(err, ErrModelFormat) || errors.Is(err, ErrInvalidModel), "error %v", err)
			return
		}
		require.NoError(t, m.Validate())
		w, err := m.Compile()
		require.NoError(t, err)
		v := make(Vector, len(m.Fields))
		require.False(t, w.Weight(v) != w.Weight(v), "no NaN weight")
		var buf bytes.Buffer
		require.NoError(t, m.WriteJSON(&buf))
		back, err := ReadModel(&buf)
		require.NoError(t, err)
		require.Equal(t, m, back)
	})
}
