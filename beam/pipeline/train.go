package pipeline

import (
	"bytes"
	"context"
	"encoding/hex"
	"fmt"
	"hash/fnv"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/log"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/transforms/stats"
	"github.com/idmatch/idmatch/match"
	"github.com/idmatch/idmatch/score"
)

// Pattern keys: a table tag, then the comparison vector in hex. "r" random pairs, "c" all
// candidate pairs, "s<k>" the candidate pairs of the k-th identifier session.
func patternKey(tag string, v score.Vector) string { return tag + "/" + hex.EncodeToString(v) }

// tally counts pattern keys over a bundle, which then emits each once with its count: a
// pair gives one or more patterns, and the patterns are few.
type tally map[string]int64

func (t *tally) add(key string) {
	if *t == nil {
		*t = tally{}
	}
	(*t)[key]++
}

func (t *tally) flush(emit func(string, int64)) {
	for k, n := range *t {
		emit(k, n)
	}
	*t = nil
}

// candidatePatternsFn compares the candidate pairs of a block and counts their patterns.
type candidatePatternsFn struct {
	Spec   Spec
	m      *match.Matcher
	strong []int
	counts *match.Counts
	seen   tally
}

func (f *candidatePatternsFn) FinishBundle(_ func(*match.Counts) bool, emit func(string, int64)) {
	f.seen.flush(emit)
}

func (f *candidatePatternsFn) Setup() (err error) {
	f.m, err = f.Spec.New()
	if err == nil {
		f.strong = f.m.IdentifierFields()
	}
	return err
}

func (f *candidatePatternsFn) ProcessElement(key string, members func(*Member) bool, counts func(*match.Counts) bool, _ func(string, int64)) {
	if f.counts == nil {
		var c match.Counts
		counts(&c)
		f.counts = &c
	}
	blockPairs(f.m, key, members, func(a, b *Member) {
		v := f.m.ComparePrepared(a.P, b.P, f.counts)
		f.seen.add(patternKey("c", v))
		for k, fi := range f.strong {
			if v[fi] == 0 {
				f.seen.add(patternKey("s"+strconv.Itoa(k), v))
			}
		}
	})
}

func hash64(seed uint64, xs ...int64) uint64 {
	h := fnv.New64a()
	var b [8]byte
	put := func(x uint64) {
		for i := range b {
			b[i] = byte(x >> (8 * i))
		}
		h.Write(b[:])
	}
	put(seed)
	for _, x := range xs {
		put(uint64(x))
	}
	return h.Sum64()
}

// randomBucketFn sends each record, or a sample of them on a large base, to one random
// bucket, so that the pairs within a bucket are random pairs: about as many as Train draws
// (twice the records, at least 200,000 and at most 2,000,000). Each record travels once.
type randomBucketFn struct {
	Seed    uint64
	records int64
}

// randomPlan is the share of records kept and the number of buckets for n records: buckets
// of b records give b(b-1)/2 pairs each, so b-1 = 2·target/n when all records are kept, and
// pairs (b = 2) of a sample when the target is less than n/2.
func randomPlan(n int64) (keep float64, buckets int64) {
	target := float64(min(max(200_000, 2*n), 2_000_000))
	nf := max(float64(n), 1)
	b, keep := 1+math.Ceil(2*target/nf), 1.0
	if target < nf/2 {
		b, keep = 2, 2*target/nf
	}
	return keep, max(1, int64(math.Round(keep*nf/b)))
}

func (f *randomBucketFn) ProcessElement(r Rec, counts func(*match.Counts) bool, emit func(int64, Rec)) {
	if f.records == 0 {
		var c match.Counts
		counts(&c)
		f.records = c.Records
	}
	keep, buckets := randomPlan(f.records)
	if keep < 1 && float64(hash64(f.Seed, r.Seq)>>11)/(1<<53) >= keep {
		return
	}
	emit(int64(hash64(f.Seed+1, r.Seq)%uint64(buckets)), r)
}

// randomPatternsFn pairs the members of a random bucket and counts their patterns.
type randomPatternsFn struct {
	Spec   Spec
	m      *match.Matcher
	counts *match.Counts
	seen   tally
}

func (f *randomPatternsFn) FinishBundle(_ func(*match.Counts) bool, emit func(string, int64)) {
	f.seen.flush(emit)
}

func (f *randomPatternsFn) Setup() (err error) { f.m, err = f.Spec.New(); return err }

func (f *randomPatternsFn) ProcessElement(_ int64, recs func(*Rec) bool, counts func(*match.Counts) bool, _ func(string, int64)) {
	if f.counts == nil {
		var c match.Counts
		counts(&c)
		f.counts = &c
	}
	var all []Rec
	var r Rec
	for recs(&r) {
		all = append(all, r)
	}
	sort.Slice(all, func(i, j int) bool { return all[i].Seq < all[j].Seq })
	for i := range all {
		for j := i + 1; j < len(all); j++ {
			f.seen.add(patternKey("r", f.m.ComparePrepared(all[i].P, all[j].P, f.counts)))
		}
	}
}

// tableFn gathers pattern counts in one table.
type tableFn struct{}

// table maps a pattern key to its count.
type table struct {
	Counts map[string]int64
}

func (tableFn) CreateAccumulator() table { return table{Counts: map[string]int64{}} }

func (tableFn) AddInput(t table, kv countKV) table {
	t.Counts[kv.K] += kv.N
	return t
}

func (tableFn) MergeAccumulators(a, b table) table {
	for k, v := range b.Counts {
		a.Counts[k] += v
	}
	return a
}

func (tableFn) ExtractOutput(t table) table { return t }

// trainFn runs the library's estimation on the aggregated pattern tables and emits the
// trained model, saved.
type trainFn struct {
	Spec Spec
}

func (f *trainFn) ProcessElement(ctx context.Context, tb table, counts func(*match.Counts) bool) ([]byte, error) {
	m, err := f.Spec.New()
	if err != nil {
		return nil, err
	}
	var c match.Counts
	counts(&c)
	nf := len(m.Model().Fields)
	t := match.PatternTables{Records: c.Records, Random: score.NewPatterns(nf), Candidates: score.NewPatterns(nf)}
	for range m.IdentifierFields() {
		t.Sessions = append(t.Sessions, score.NewPatterns(nf))
	}
	for k, n := range tb.Counts {
		tag, vh, _ := strings.Cut(k, "/")
		v, err := hex.DecodeString(vh)
		if err != nil || len(v) != nf {
			return nil, fmt.Errorf("pipeline: bad pattern key %q", k)
		}
		switch {
		case tag == "r":
			t.Random.AddN(v, uint64(n))
		case tag == "c":
			t.Candidates.AddN(v, uint64(n))
		case strings.HasPrefix(tag, "s"):
			i, err := strconv.Atoi(tag[1:])
			if err != nil || i >= len(t.Sessions) {
				return nil, fmt.Errorf("pipeline: bad pattern key %q", k)
			}
			t.Sessions[i].AddN(v, uint64(n))
		}
	}
	rep, err := m.TrainPatterns(t, score.EMOptions{})
	if err != nil {
		return nil, err
	}
	log.Infof(ctx, "trained on %d random and %d candidate pairs: pair prior %.3g", rep.RandomPairs, rep.CandidatePairs, rep.PairPrior)
	var buf bytes.Buffer
	if err := m.Save(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Train learns the model in the pipeline: comparison patterns of the candidate pairs of the
// blocks (all of them and per identifier session) and of sampled random pairs are counted
// with a Combine, and EM runs on the pattern table with the library's own estimation. The
// result is the trained model, saved, as a singleton []byte.
func Train(s beam.Scope, spec Spec, seed uint64, recs, blocks, counts beam.PCollection) beam.PCollection {
	s = s.Scope("Train")
	cand := beam.ParDo(s, &candidatePatternsFn{Spec: spec}, blocks, beam.SideInput{Input: counts})
	buckets := beam.ParDo(s, &randomBucketFn{Seed: seed}, recs, beam.SideInput{Input: counts})
	random := beam.ParDo(s, &randomPatternsFn{Spec: spec}, beam.GroupByKey(s, buckets), beam.SideInput{Input: counts})
	summed := stats.SumPerKey(s, beam.Flatten(s, cand, random))
	table := beam.Combine(s, &tableFn{}, beam.ParDo(s, toCountKV, summed))
	return beam.ParDo(s, &trainFn{Spec: spec}, table, beam.SideInput{Input: counts})
}
