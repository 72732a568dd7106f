package score

import "math"

// log2Frequency is math.Log2 for a clamped term frequency (a normal float in
// [MinTermFrequency, 1]), several times faster: it is taken once per agreeing
// term-frequency field of every scored pair, where math.Log2 alone cost a sixth of a
// comparison. It looks up log2 of the mantissa's top bits and adds the series of the
// small rest; the result is within a few units of the last place of math.Log2's.
func log2Frequency(x float64) float64 {
	b := math.Float64bits(x)
	exp := int(b>>52&0x7ff) - 1023
	if exp <= -1023 || exp == 1024 {
		return math.Log2(x) // zero, subnormal, Inf, NaN: never a clamped frequency
	}
	top := b >> (52 - log2TableBits) & (1<<log2TableBits - 1)
	mant := math.Float64frombits(b&(1<<52-1) | 1023<<52) // in [1, 2)
	r := mant*log2Inverse[top] - 1                       // in [0, 2^-log2TableBits)
	// ln(1+r) to r^5: the next term is below 1e-16 for r < 1/256.
	ln := r * (1 - r*(1.0/2-r*(1.0/3-r*(1.0/4-r*(1.0/5)))))
	return float64(exp) + log2Table[top] + ln*(1/math.Ln2)
}

const log2TableBits = 8

// log2Table[k] is log2(1+k/256) and log2Inverse[k] is 1/(1+k/256).
var log2Table, log2Inverse = func() (t, inv [1 << log2TableBits]float64) {
	for k := range t {
		v := 1 + float64(k)/(1<<log2TableBits)
		t[k], inv[k] = math.Log2(v), 1/v
	}
	return t, inv
}()
