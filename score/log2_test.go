package score

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestLog2Frequency(t *testing.T) {
	cases := []float64{MinTermFrequency, 1e-6, 0.001, 0.25, 0.5, 0.5000001, 0.75, 0.999999, 1,
		math.Nextafter(1, 0), 1.0 / 3, 2, 0, math.SmallestNonzeroFloat64, math.Inf(1)}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 100_000 {
		// Log-uniform over the clamped range, where the frequencies fall.
		cases = append(cases, math.Exp2(rng.Float64()*math.Log2(MinTermFrequency)))
	}
	for _, x := range cases {
		want, got := math.Log2(x), log2Frequency(x)
		if math.IsInf(want, 0) {
			assert.Equal(t, want, got, "log2(%g)", x)
			continue
		}
		assert.InDelta(t, want, got, 1e-14*max(1, math.Abs(want)), "log2(%g)", x)
	}
	assert.True(t, math.IsNaN(log2Frequency(math.NaN())))
}

func BenchmarkLog2Frequency(b *testing.B) {
	xs := []float64{0.0123, 0.4, 3e-5, 0.9}
	s := 0.0
	i := 0
	for b.Loop() {
		s += log2Frequency(xs[i&3])
		i++
	}
	_ = s
}

func BenchmarkMathLog2(b *testing.B) {
	xs := []float64{0.0123, 0.4, 3e-5, 0.9}
	s := 0.0
	i := 0
	for b.Loop() {
		s += math.Log2(xs[i&3])
		i++
	}
	_ = s
}
