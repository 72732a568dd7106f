package match

import (
	"math"
	"testing"
)

func TestNoneFixedPoint(t *testing.T) {
	const records = 1000
	repeat := func(x float64, n int) []float64 {
		out := make([]float64, n)
		for i := range out {
			out[i] = x
		}
		return out
	}
	tests := []struct {
		name   string
		reason string
		masses []float64
		want   float64
	}{
		{"decisive", "contacts with a decisive candidate (40 bits) are none of the customers with probability ~0",
			append(repeat(40, 780), repeat(math.Inf(-1), 200)...), (200 + 10) / 1000.0},
		{"no data", "without contacts the option's prior stays", nil, 0.5},
		{"few", "two contacts without candidates move the prior a little: 20 pseudo-contacts hold it",
			repeat(math.Inf(-1), 2), (2 + 10) / 22.0},
		{"undecided", "contacts whose candidates weigh exactly what 'none' does at ½ (log2 of the records) say nothing of the prior",
			repeat(math.Log2(records), 500), 0.5},
		{"bounded", "however decisive, the prior stays above its floor", repeat(200, 100_000), minLearntNonePrior},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := noneFixedPoint(tt.masses, records, 0.5); math.Abs(got-tt.want) > 1e-3 {
				t.Errorf("noneFixedPoint = %.5f, want %.5f: %s", got, tt.want, tt.reason)
			}
		})
	}
}
