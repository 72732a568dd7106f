package score

import (
	"encoding/json"
	"fmt"
	"sync"
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

// TestTermFrequenciesConcurrent is meant for -race: writers add and remove while readers read
// and marshal.
func TestTermFrequenciesConcurrent(t *testing.T) {
	var tf TermFrequencies
	var wg sync.WaitGroup
	const writers, perWriter = 4, 500
	for g := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range perWriter {
				v := fmt.Sprintf("v%d", i%50)
				tf.Add(v)
				if i%2 == g%2 {
					tf.Add("extra")
					tf.Remove("extra")
				}
			}
		}()
	}
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range perWriter {
				f := tf.Frequency(fmt.Sprintf("v%d", i%50))
				assert.True(t, f >= 0 && f <= 1)
				_ = tf.Count("extra")
				_ = tf.Total()
				if i%100 == 0 {
					_, err := json.Marshal(&tf)
					assert.NoError(t, err)
				}
			}
		}()
	}
	wg.Wait()
	assert.Equal(t, uint64(writers*perWriter), tf.Total())
	assert.Equal(t, uint64(0), tf.Count("extra"))
	assert.Equal(t, uint64(writers*perWriter/50), tf.Count("v7"))
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
