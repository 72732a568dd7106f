package score

import (
	"encoding/json"
	"fmt"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestTermFrequencies(t *testing.T) {
	var tf TermFrequencies // the zero value is ready to use
	assert.Equal(t, 0.0, tf.Frequency("петров"), "empty table")
	tf.Remove("петров") // removing from an empty table does nothing
	assert.Equal(t, uint64(0), tf.Total())

	for range 3 {
		tf.Add("петров")
	}
	tf.Add("загоруйко-зеленский")
	tf.Add("") // missing values are not counted

	tests := []struct {
		name      string
		value     string
		count     uint64
		frequency float64
	}{
		{"common", "петров", 3, 0.75},
		{"rare", "загоруйко-зеленский", 1, 0.25},
		{"unknown", "иванов", 0, 0},
		{"empty", "", 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.count, tf.Count(tt.value))
			assert.InDelta(t, tt.frequency, tf.Frequency(tt.value), 1e-15)
		})
	}
	assert.Equal(t, uint64(4), tf.Total())
	assert.Equal(t, 2, tf.Len())

	tf.Remove("загоруйко-зеленский")
	tf.Remove("загоруйко-зеленский") // no longer counted: no effect
	tf.Remove("иванов")
	assert.Equal(t, uint64(3), tf.Total())
	assert.Equal(t, 1, tf.Len(), "a value removed as often as added is forgotten")
	assert.InDelta(t, 1.0, tf.Frequency("петров"), 0)
}

func TestTermFrequenciesSmoothed(t *testing.T) {
	var tf TermFrequencies
	for range 3 {
		tf.Add("петров")
	}
	tf.Add("загоруйко")
	tests := []struct {
		name   string
		value  string
		u0     float64
		want   float64
		reason string
	}{
		{"counted", "петров", 0.01, (3 + 1) / (4 + 100.0), "(c+1)/(n+1/u0)"},
		{"unknown", "иванов", 0.01, 1 / (4 + 100.0), "an unseen value still has the +1"},
		{"u0 one", "петров", 1, (3 + 1) / (4 + 1.0), ""},
		{"empty value", "", 0.01, 0, "missing"},
		{"u0 zero", "петров", 0, 0, "no u probability"},
		{"u0 negative", "петров", -0.5, 0, ""},
		{"u0 above one", "петров", 2, 0, ""},
		{"u0 NaN", "петров", math.NaN(), 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.InDelta(t, tt.want, tf.Smoothed(tt.value, tt.u0), 1e-15, tt.reason)
		})
	}

	var empty TermFrequencies
	assert.InDelta(t, 0.01, empty.Smoothed("петров", 0.01), 1e-15, "an empty table gives u0")

	// A large base: the smoothed frequency approaches c/n.
	var big TermFrequencies
	for i := range 100_000 {
		big.Add(fmt.Sprint(i % 1000))
	}
	assert.InDelta(t, big.Frequency("7"), big.Smoothed("7", 0.01), 1e-4)
}

func TestTermFrequenciesAllocs(t *testing.T) {
	var tf TermFrequencies
	tf.Add("петров")
	tf.Add("иванов")
	v := string([]byte("петров")) // not the same backing array as the key
	n := testing.AllocsPerRun(100, func() {
		_ = tf.Count(v)
		_ = tf.Frequency(v)
		_ = tf.Smoothed(v, 0.01)
		_ = tf.Total()
	})
	assert.Zero(t, n, "lookups allocate")
	n = testing.AllocsPerRun(100, func() {
		tf.Add(v)
		tf.Remove(v)
	})
	assert.Zero(t, n, "adding and removing a counted value allocates")
	assert.Equal(t, uint64(1), tf.Count(v))
}

func TestTermFrequenciesJSON(t *testing.T) {
	var tf TermFrequencies
	tf.Add("b")
	tf.Add("a")
	tf.Add("a")
	data, err := json.Marshal(&tf)
	require.NoError(t, err)
	assert.JSONEq(t, `{"version":1,"counts":{"a":2,"b":1}}`, string(data))

	var back TermFrequencies
	require.NoError(t, json.Unmarshal(data, &back))
	assert.Equal(t, uint64(3), back.Total())
	assert.Equal(t, uint64(2), back.Count("a"))

	var empty TermFrequencies
	data, err = json.Marshal(&empty)
	require.NoError(t, err)
	assert.JSONEq(t, `{"version":1,"counts":{}}`, string(data))
}

func TestTermFrequenciesJSONRejects(t *testing.T) {
	tests := []struct {
		name string
		in   string
	}{
		{"not json", `{`},
		{"wrong version", `{"version":2,"counts":{"a":1}}`},
		{"no version", `{"counts":{"a":1}}`},
		{"negative count", `{"version":1,"counts":{"a":-1}}`},
		{"empty value", `{"version":1,"counts":{"":1}}`},
		{"overflow", `{"version":1,"counts":{"a":18446744073709551615,"b":1}}`},
		{"unknown key", `{"version":1,"counts":{},"total":3}`},
		{"trailing", `{"version":1,"counts":{}} {}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var tf TermFrequencies
			tf.Add("keep")
			err := tf.UnmarshalJSON([]byte(tt.in))
			require.ErrorIs(t, err, ErrModelFormat)
			assert.Equal(t, uint64(1), tf.Count("keep"), "the table is unchanged on error")
		})
	}
	var tf TermFrequencies
	require.NoError(t, tf.UnmarshalJSON([]byte(`{"version":1,"counts":{"a":0,"b":2}}`)))
	assert.Equal(t, 1, tf.Len(), "zero counts are dropped")
}

func FuzzTermFrequenciesJSON(f *testing.F) {
	f.Add([]byte(`{"version":1,"counts":{"a":2,"b":1}}`))
	f.Add([]byte(`{"version":1,"counts":{}}`))
	f.Add([]byte(`{"version":1,"counts":{"a":18446744073709551615}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var tf TermFrequencies
		if tf.UnmarshalJSON(data) != nil {
			return
		}
		sum := uint64(0)
		out, err := json.Marshal(&tf)
		require.NoError(t, err)
		var back TermFrequencies
		require.NoError(t, back.UnmarshalJSON(out))
		assert.Equal(t, tf.Total(), back.Total())
		for v, c := range back.counts {
			assert.NotZero(t, c)
			assert.Equal(t, tf.Count(v), c)
			sum += c
		}
		assert.Equal(t, tf.Total(), sum)
	})
}

func BenchmarkTermFrequenciesFrequency(b *testing.B) {
	var tf TermFrequencies
	for i := range 10000 {
		tf.Add(fmt.Sprintf("v%d", i%1000))
	}
	b.ReportAllocs()
	for b.Loop() {
		sinkFloat += tf.Frequency("v500")
	}
}

func TestSmoothedFrequency(t *testing.T) {
	var tf TermFrequencies
	for _, v := range []string{"петров", "петров", "иванов"} {
		tf.Add(v)
	}
	assert.InDelta(t, tf.Smoothed("петров", 0.01), SmoothedFrequency(2, 3, 0.01), 1e-15, "Smoothed is it on the table's counts")
	assert.InDelta(t, 3.0/103, SmoothedFrequency(2, 3, 0.01), 1e-15, "(count+1)/(total+1/u0)")
	for _, u0 := range []float64{0, -1, 1.5} {
		assert.Zero(t, SmoothedFrequency(2, 3, u0), "u0 %v", u0)
	}
}
