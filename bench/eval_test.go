package main

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestPairCounts(t *testing.T) {
	// Clusters {0,1,2} {3,4}; entities a a b | b b.
	tp, pred, actual := pairCounts([]int{0, 0, 0, 1, 1}, []string{"a", "a", "b", "b", "b"})
	assert.Equal(t, 2.0, tp, "pairs (0,1) and (3,4)")
	assert.Equal(t, 4.0, pred, "3 pairs in the first cluster, 1 in the second")
	assert.Equal(t, 4.0, actual, "1 pair of a, 3 pairs of b")
}

func TestEvalLink(t *testing.T) {
	outs := []linkOutcome{
		{truth: "1", inBase: true, best: "1", conf: 0.95, match: true},
		{truth: "2", inBase: true, best: "3", conf: 0.92, match: true, crowd: true},
		{truth: "4", inBase: true, best: "4", conf: 0.6},
		{truth: "9", inBase: false, best: "5", conf: 0.1},
		{truth: "7", inBase: true},
	}
	acc, crowd := evalLink(outs)
	assert.InDelta(t, 0.5, acc.Precision, 1e-12, "one of two Matched answers right")
	assert.InDelta(t, 0.25, acc.Recall, 1e-12, "one of four findable contacts")
	assert.InDelta(t, 1.0, crowd, 1e-12, "the one crowd contact was wrongly matched")
	// At threshold 0.6 three answers count, two right: P 2/3, R 2/4.
	p := acc.Sweep[60]
	assert.InDelta(t, 0.6, p.Threshold, 1e-12)
	assert.InDelta(t, 2.0/3, p.Precision, 1e-12)
	assert.InDelta(t, 0.5, p.Recall, 1e-12)
	assert.GreaterOrEqual(t, acc.BestF1, acc.F1)
	// Bins: 0.1 (wrong), 0.6 (right), 0.92 (wrong), 0.95 (right) over 4 answers.
	want := (0.1 + (1 - 0.6) + (0.935-0.5)*2) / 4
	assert.InDelta(t, want, acc.ECE, 1e-9)
}

func TestCalibrationGap(t *testing.T) {
	var ans []scoredAnswer
	for i := 0; i < 10; i++ {
		ans = append(ans, scoredAnswer{0.75, i < 3}, scoredAnswer{0.75, true}) // 13 of 20 right at 0.75
	}
	ece, bins := calibration(ans, 10)
	assert.InDelta(t, 0.1, ece, 1e-12, "|0.75 - 0.65|")
	assert.Equal(t, 20, bins[7].Count)
}

func TestPercentile(t *testing.T) {
	xs := []float64{5, 1, 4, 2, 3}
	assert.Equal(t, 3.0, percentile(xs, 50))
	assert.Equal(t, 5.0, percentile(xs, 99))
	assert.Equal(t, 0.0, percentile(nil, 50))
}

func TestRunSmall(t *testing.T) {
	var out, errb bytes.Buffer
	code := run([]string{"-records", "3000", "-contacts", "300", "-q"}, &out, &errb)
	require.Equal(t, 0, code, errb.String())
	assert.Contains(t, out.String(), "| F1 (default thresholds) |")
	assert.Contains(t, out.String(), "match latency")

	assert.Equal(t, 2, run([]string{"-records", "1"}, &out, &errb))
	assert.Equal(t, 2, run([]string{"-dataset2", "x.csv"}, &out, &errb))
}
