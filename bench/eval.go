package main

import (
	"math"
	"slices"
)

// linkOutcome is what happened to one contact in a linkage run.
type linkOutcome struct {
	truth  string  // the contact's true entity
	inBase bool    // some stored record has that entity
	best   string  // the entity of the best candidate; "" when none
	conf   float64 // the best candidate's confidence
	match  bool    // the status was Matched
	crowd  bool    // the contact's person belongs to a namesake crowd
	found  bool    // blocking offered a record of the true entity
}

// sweepPoint is precision, recall and F1 when every answer at or above Threshold counts.
type sweepPoint struct {
	Threshold float64 `json:"threshold"`
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
}

// bin is one bar of a reliability diagram.
type bin struct {
	Lo, Hi     float64 `json:"-"`
	Count      int     `json:"count"`
	Confidence float64 `json:"confidence"` // mean predicted confidence
	Accuracy   float64 `json:"accuracy"`   // share correct
}

// accuracy holds the accuracy figures of a run.
type accuracy struct {
	Precision     float64      `json:"precision"`
	Recall        float64      `json:"recall"`
	F1            float64      `json:"f1"`
	BestF1        float64      `json:"best_f1"`
	BestThreshold float64      `json:"best_threshold"`
	ECE           float64      `json:"ece"`
	Sweep         []sweepPoint `json:"sweep,omitempty"`
	Reliability   []bin        `json:"reliability,omitempty"`
}

func prf(tp, predicted, actual float64) (p, r, f float64) {
	if predicted > 0 {
		p = tp / predicted
	}
	if actual > 0 {
		r = tp / actual
	}
	if p+r > 0 {
		f = 2 * p * r / (p + r)
	}
	return p, r, f
}

// thresholds are the points of every sweep: 0.00, 0.01, …, 1.00.
func thresholds() []float64 {
	t := make([]float64, 101)
	for i := range t {
		t[i] = float64(i) / 100
	}
	return t
}

// scoredAnswer is one prediction with its confidence and whether it was right.
type scoredAnswer struct {
	conf    float64
	correct bool
}

// calibration returns the expected calibration error over equal-width bins and the bins.
func calibration(ans []scoredAnswer, nbins int) (float64, []bin) {
	bins := make([]bin, nbins)
	for i := range bins {
		bins[i].Lo, bins[i].Hi = float64(i)/float64(nbins), float64(i+1)/float64(nbins)
	}
	for _, a := range ans {
		i := min(int(a.conf*float64(nbins)), nbins-1)
		i = max(i, 0)
		bins[i].Count++
		bins[i].Confidence += a.conf
		if a.correct {
			bins[i].Accuracy++
		}
	}
	ece := 0.0
	for i := range bins {
		if c := float64(bins[i].Count); c > 0 {
			bins[i].Confidence /= c
			bins[i].Accuracy /= c
			ece += c / float64(len(ans)) * math.Abs(bins[i].Confidence-bins[i].Accuracy)
		}
	}
	return ece, bins
}

// sweep computes precision, recall and F1 at every threshold: answers at or above it are
// predictions; actual is the number of answers that should be found.
func sweep(ans []scoredAnswer, actual float64) []sweepPoint {
	sorted := slices.Clone(ans)
	slices.SortFunc(sorted, func(a, b scoredAnswer) int { return -cmpFloat(a.conf, b.conf) })
	var pts []sweepPoint
	tp, pred, i := 0.0, 0.0, 0
	ts := thresholds()
	for k := len(ts) - 1; k >= 0; k-- { // from high thresholds down, adding answers as they pass
		for i < len(sorted) && sorted[i].conf >= ts[k] {
			pred++
			if sorted[i].correct {
				tp++
			}
			i++
		}
		p, r, f := prf(tp, pred, actual)
		pts = append(pts, sweepPoint{ts[k], p, r, f})
	}
	slices.Reverse(pts)
	return pts
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func best(pts []sweepPoint) (f1, at float64) {
	for _, p := range pts {
		if p.F1 > f1 {
			f1, at = p.F1, p.Threshold
		}
	}
	return f1, at
}

// evalLink scores a linkage run: a contact's answer is right when the best candidate's
// entity is the contact's. At the default thresholds the Matched answers are predictions.
func evalLink(outs []linkOutcome) (accuracy, float64) {
	var acc accuracy
	var ans []scoredAnswer
	tp, pred, actual := 0.0, 0.0, 0.0
	crowd, crowdWrong := 0, 0
	for _, o := range outs {
		if o.inBase {
			actual++
		}
		correct := o.best != "" && o.best == o.truth
		if o.best != "" {
			ans = append(ans, scoredAnswer{o.conf, correct})
		}
		if o.match {
			pred++
			if correct {
				tp++
			}
		}
		if o.crowd {
			crowd++
			if o.match && !correct {
				crowdWrong++
			}
		}
	}
	acc.Precision, acc.Recall, acc.F1 = prf(tp, pred, actual)
	acc.Sweep = sweep(ans, actual)
	acc.BestF1, acc.BestThreshold = best(acc.Sweep)
	acc.ECE, acc.Reliability = calibration(ans, 10)
	crowdShare := 0.0
	if crowd > 0 {
		crowdShare = float64(crowdWrong) / float64(crowd)
	}
	return acc, crowdShare
}

// pairCounts counts pairwise agreement between a clustering and the truth: pairs in one
// predicted cluster that are one entity (tp), pairs in one predicted cluster, and pairs of one
// entity. cluster[i] and entity[i] describe record i.
func pairCounts(cluster []int, entity []string) (tp, predicted, actual float64) {
	type cell struct {
		c int
		e string
	}
	byCell := map[cell]int{}
	byCluster := map[int]int{}
	byEntity := map[string]int{}
	for i := range cluster {
		byCell[cell{cluster[i], entity[i]}]++
		byCluster[cluster[i]]++
		byEntity[entity[i]]++
	}
	pairs := func(n int) float64 { return float64(n) * float64(n-1) / 2 }
	for _, n := range byCell {
		tp += pairs(n)
	}
	for _, n := range byCluster {
		predicted += pairs(n)
	}
	for _, n := range byEntity {
		actual += pairs(n)
	}
	return tp, predicted, actual
}

// percentile returns the p-th percentile (0..100) of xs, which it sorts.
func percentile(xs []float64, p float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	slices.Sort(xs)
	i := int(math.Ceil(p/100*float64(len(xs)))) - 1
	return xs[min(max(i, 0), len(xs)-1)]
}
