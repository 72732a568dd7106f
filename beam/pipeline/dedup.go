package pipeline

import (
	"bytes"
	"fmt"
	"sort"
	"strconv"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/transforms/stats"
	"github.com/idmatch/idmatch/match"
	"github.com/idmatch/idmatch/score"
)

// recordsKey carries the record count among the count keys.
const recordsKey = "#records"

// countKeysFn emits each count key of a record once per occurrence, and the record itself.
type countKeysFn struct {
	Spec Spec
	m    *match.Matcher
}

func (f *countKeysFn) Setup() (err error) { f.m, err = f.Spec.New(); return err }

func (f *countKeysFn) ProcessElement(r Rec, emit func(string, int64)) {
	emit(recordsKey, 1)
	for _, k := range f.m.CountKeys(r.P) {
		emit(k, 1)
	}
}

func keepCountFn(k string, n int64, emit func(string, int64)) {
	if k == recordsKey || match.KeepCount(k, n) {
		emit(k, n)
	}
}

// countsFn gathers the kept counts in one match.Counts.
type countsFn struct{}

func (countsFn) CreateAccumulator() match.Counts { return match.Counts{Values: map[string]int64{}} }

func (countsFn) AddInput(c match.Counts, kv countKV) match.Counts {
	if kv.K == recordsKey {
		c.Records += kv.N
		return c
	}
	c.Add(kv.K, kv.N)
	return c
}

func (countsFn) MergeAccumulators(a, b match.Counts) match.Counts {
	a.Merge(&b)
	return a
}

func (countsFn) ExtractOutput(c match.Counts) match.Counts { return c }

type countKV struct {
	K string
	N int64
}

func toCountKV(k string, n int64) countKV { return countKV{k, n} }

// Counts aggregates what scoring needs from the whole base: per-field term counts, joint
// name and surname-in-city counts (only those of two records or more travel) and the
// record count. The result is a singleton PCollection of match.Counts for side inputs.
func Counts(s beam.Scope, spec Spec, recs beam.PCollection) beam.PCollection {
	s = s.Scope("Counts")
	keys := beam.ParDo(s, &countKeysFn{Spec: spec}, recs)
	kept := beam.ParDo(s, keepCountFn, stats.SumPerKey(s, keys))
	return beam.Combine(s, &countsFn{}, beam.ParDo(s, toCountKV, kept))
}

// keysFn emits a record under each of its blocking keys, and a 1 per key for the block
// sizes.
type keysFn struct {
	Spec Spec
	m    *match.Matcher
}

func (f *keysFn) Setup() (err error) { f.m, err = f.Spec.New(); return err }

func (f *keysFn) ProcessElement(r Rec, byKey func(string, Rec), sizes func(string, int64)) {
	for _, k := range f.m.BlockingKeys(r.P) {
		byKey(k, r)
		sizes(k, 1)
	}
}

func sizeOfFn(_ string, n int64, emit func(int64, int64)) {
	if n >= 2 {
		emit(n, 1)
	}
}

// histFn gathers block sizes into one histogram.
type histFn struct{}

// hist maps a block size to the number of keys of that size.
type hist struct {
	Sizes map[int64]int64
}

func (histFn) CreateAccumulator() hist { return hist{Sizes: map[int64]int64{}} }

func (histFn) AddInput(h hist, kv sizeKV) hist {
	h.Sizes[kv.Size] += kv.Keys
	return h
}

func (histFn) MergeAccumulators(a, b hist) hist {
	for k, v := range b.Sizes {
		a.Sizes[k] += v
	}
	return a
}

func (histFn) ExtractOutput(h hist) hist { return h }

type sizeKV struct{ Size, Keys int64 }

func toSizeKV(n, k int64) sizeKV { return sizeKV{n, k} }

// capFn turns the block-size histogram into the library's block cap for pairs.
type capFn struct {
	Spec Spec
}

func (f *capFn) ProcessElement(h hist, counts func(*match.Counts) bool) (int64, error) {
	m, err := f.Spec.New()
	if err != nil {
		return 0, err
	}
	var c match.Counts
	counts(&c)
	return int64(m.PairBlockCap(c.Records, h.Sizes)), nil
}

// pairsFn emits every pair of a block within the cap, keyed by the two records so that a
// pair reached through several keys can be kept once.
func pairsFn(_ string, recs func(*Rec) bool, capIter func(*int64) bool, emit func(string, PairRecs)) {
	var limit int64
	capIter(&limit)
	var block []Rec
	var r Rec
	over := false
	for recs(&r) {
		if over {
			continue
		}
		if int64(len(block)) == limit {
			over, block = true, nil // a key shared by more than the cap gives no pairs
			continue
		}
		block = append(block, r)
	}
	sort.Slice(block, func(i, j int) bool { return block[i].Seq < block[j].Seq })
	for i := range block {
		for j := i + 1; j < len(block); j++ {
			emit(pairKey(block[i].Seq, block[j].Seq), PairRecs{A: block[i], B: block[j]})
		}
	}
}

func pairKey(a, b int64) string {
	return strconv.FormatInt(a, 36) + ":" + strconv.FormatInt(b, 36)
}

func keepOne(a, _ PairRecs) PairRecs { return a }

func dropKeyPair(_ string, p PairRecs) PairRecs { return p }

// Candidates returns the candidate pairs of the records: one element per blocking key,
// grouped by key, the pairs of each block no larger than the library's cap, each pair once.
// It also returns the cap, a singleton int64.
func Candidates(s beam.Scope, spec Spec, recs, counts beam.PCollection) (pairs, blockCap beam.PCollection) {
	s = s.Scope("Candidates")
	byKey, ones := beam.ParDo2(s, &keysFn{Spec: spec}, recs)
	hist := beam.Combine(s, &histFn{}, beam.ParDo(s, toSizeKV, beam.ParDo(s, sizeOfFn, stats.SumPerKey(s, ones))))
	blockCap = beam.ParDo(s, &capFn{Spec: spec}, hist, beam.SideInput{Input: counts})
	keyed := beam.ParDo(s, pairsFn, beam.GroupByKey(s, byKey), beam.SideInput{Input: blockCap})
	pairs = beam.ParDo(s, dropKeyPair, beam.CombinePerKey(s, keepOne, keyed))
	return pairs, blockCap
}

// model holds a matcher loaded from a saved-model side input, once per worker.
type model struct {
	m *match.Matcher
}

func (x *model) get(spec Spec, saved func(*[]byte) bool) (*match.Matcher, error) {
	if x.m != nil {
		return x.m, nil
	}
	var b []byte
	if !saved(&b) {
		return nil, fmt.Errorf("pipeline: no model")
	}
	m, err := spec.load(b)
	if err != nil {
		return nil, err
	}
	x.m = m
	return m, nil
}

// scoreFn scores candidate pairs with the model and the counts and keeps the links.
type scoreFn struct {
	Spec      Spec
	Threshold float64
	model
	counts *match.Counts
}

func (f *scoreFn) ProcessElement(p PairRecs, saved func(*[]byte) bool, counts func(*match.Counts) bool, emit func(Link)) error {
	m, err := f.get(f.Spec, saved)
	if err != nil {
		return err
	}
	if f.counts == nil {
		var c match.Counts
		counts(&c)
		f.counts = &c
	}
	pr := m.ScorePrepared(p.A.P, p.B.P, f.counts)
	if pr.Weight >= score.WeightOf(f.Threshold) {
		emit(Link{A: p.A.Seq, B: p.B.Seq, IDA: pr.A, IDB: pr.B, Weight: pr.Weight, Probability: pr.Probability})
	}
	return nil
}

// Score scores the candidate pairs with the saved model (a singleton []byte) and the counts,
// and returns the links: pairs whose probability reaches threshold.
func Score(s beam.Scope, spec Spec, threshold float64, pairs, saved, counts beam.PCollection) beam.PCollection {
	s = s.Scope("Score")
	return beam.ParDo(s, &scoreFn{Spec: spec, Threshold: threshold}, pairs,
		beam.SideInput{Input: saved}, beam.SideInput{Input: counts})
}

// DefaultModel returns the untrained model of spec, saved, as a singleton PCollection.
func DefaultModel(s beam.Scope, spec Spec) (beam.PCollection, error) {
	m, err := spec.New()
	if err != nil {
		return beam.PCollection{}, err
	}
	return SavedModel(s, m)
}

// SavedModel returns m saved, as a singleton PCollection.
func SavedModel(s beam.Scope, m *match.Matcher) (beam.PCollection, error) {
	var buf bytes.Buffer
	if err := m.Save(&buf); err != nil {
		return beam.PCollection{}, err
	}
	return beam.Create(s, buf.Bytes()), nil
}
