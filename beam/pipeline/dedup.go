package pipeline

import (
	"bytes"
	"fmt"
	"hash/fnv"
	"io"
	"slices"
	"sort"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/idmatch/idmatch/match"
	"github.com/idmatch/idmatch/score"
)

// recordsKey carries the record count among the count keys.
const recordsKey = "#records"

// shards is the number of groups over which count keys and blocking keys are gathered. A key
// always falls in the same group, so each group holds whole counts. Few groups mean few keys
// to shuffle (a runner keeps state per key, Prism in memory) and let the Go SDK combine each
// bundle's keys before the shuffle (it holds up to 2,000 keys per bundle). At 100M records a
// group receives about 1.4M count keys and 1.6M (blocking key, record) entries.
const shards = 1024

func shardOf(key string) int64 {
	h := fnv.New64a()
	io.WriteString(h, key)
	return int64(h.Sum64() % shards)
}

// countKeysFn emits each count key of a record once per occurrence, and the records key once,
// each in its shard.
type countKeysFn struct {
	Spec Spec
	m    *match.Matcher
}

func (f *countKeysFn) Setup() (err error) { f.m, err = f.Spec.New(); return err }

func (f *countKeysFn) ProcessElement(r Rec, emit func(int64, string)) {
	emit(shardOf(recordsKey), recordsKey)
	for _, k := range f.m.CountKeys(r.P) {
		emit(shardOf(k), k)
	}
}

// shardCountsFn counts the keys of a shard and keeps those that must travel.
type shardCountsFn struct{}

func (shardCountsFn) CreateAccumulator() match.Counts {
	return match.Counts{Values: map[string]int64{}}
}

func (shardCountsFn) AddInput(c match.Counts, k string) match.Counts {
	if k == recordsKey {
		c.Records++
		return c
	}
	c.Add(k, 1)
	return c
}

func (shardCountsFn) MergeAccumulators(a, b match.Counts) match.Counts {
	a.Merge(&b)
	return a
}

func (shardCountsFn) ExtractOutput(c match.Counts) match.Counts {
	c.Compact()
	return c
}

// countsFn gathers the counts of the shards in one match.Counts.
type countsFn struct{}

func (countsFn) CreateAccumulator() match.Counts { return match.Counts{Values: map[string]int64{}} }

func (countsFn) AddInput(a, c match.Counts) match.Counts {
	a.Merge(&c)
	return a
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
	return beam.Combine(s, &countsFn{}, beam.DropKey(s, beam.CombinePerKey(s, &shardCountsFn{}, keys)))
}

// keysFn emits a record's Seq under each of its blocking keys, in the key's shard.
type keysFn struct {
	Spec Spec
	m    *match.Matcher
}

func (f *keysFn) Setup() (err error) { f.m, err = f.Spec.New(); return err }

func (f *keysFn) ProcessElement(r Rec, emit func(int64, keySeq)) {
	for _, k := range distinct(f.m.BlockingKeys(r.P)) {
		emit(shardOf(k), keySeq{Key: k, Seq: r.Seq})
	}
}

// distinct sorts keys and drops repeats.
func distinct(keys []string) []string {
	slices.Sort(keys)
	return slices.Compact(keys)
}

// keySeq is a blocking key of the record Seq.
type keySeq struct {
	Key string
	Seq int64
}

// keyGroup is a blocking key's number of records and, while they are no more than the
// matcher's block cap (the pair budget may lower it, never raise it), their Seqs.
type keyGroup struct {
	N    int64
	Seqs []int64
}

// shardGroups are the blocking keys of a shard.
type shardGroups struct {
	Keys map[string]keyGroup
}

// groupsFn gathers the records of the blocking keys of a shard.
type groupsFn struct {
	Spec  Spec
	limit int64
}

func (f *groupsFn) Setup() error {
	m, err := f.Spec.New()
	if err == nil {
		f.limit = int64(m.PairBlockCap(0, nil))
	}
	return err
}

func (f *groupsFn) CreateAccumulator() shardGroups { return shardGroups{Keys: map[string]keyGroup{}} }

func (f *groupsFn) add(a shardGroups, key string, n int64, seqs []int64) shardGroups {
	if a.Keys == nil {
		a.Keys = map[string]keyGroup{}
	}
	g := a.Keys[key]
	if g.N += n; g.N <= f.limit {
		g.Seqs = append(g.Seqs, seqs...)
	} else {
		g.Seqs = nil
	}
	a.Keys[key] = g
	return a
}

func (f *groupsFn) AddInput(a shardGroups, ks keySeq) shardGroups {
	return f.add(a, ks.Key, 1, []int64{ks.Seq})
}

func (f *groupsFn) MergeAccumulators(a, b shardGroups) shardGroups {
	for k, g := range b.Keys {
		a = f.add(a, k, g.N, g.Seqs)
	}
	return a
}

func (f *groupsFn) ExtractOutput(a shardGroups) shardGroups { return a }

// group is a blocking key shared by two records or more and by no more than the matcher's
// block cap, with their Seqs.
type group struct {
	Key  string
	Seqs []int64
}

// splitGroupsFn gives the size of each key of a shard shared by two records or more, and
// passes on those no larger than the matcher's block cap.
func splitGroupsFn(_ int64, a shardGroups, sizes func(int64), groups func(group)) {
	for k, g := range a.Keys {
		if g.N < 2 {
			continue
		}
		sizes(g.N)
		if int64(len(g.Seqs)) == g.N {
			groups(group{Key: k, Seqs: g.Seqs})
		}
	}
}

// histFn gathers block sizes into one histogram.
type histFn struct{}

// hist maps a block size to the number of keys of that size.
type hist struct {
	Sizes map[int64]int64
}

func (histFn) CreateAccumulator() hist { return hist{Sizes: map[int64]int64{}} }

func (histFn) AddInput(h hist, size int64) hist {
	if h.Sizes == nil {
		h.Sizes = map[int64]int64{}
	}
	h.Sizes[size]++
	return h
}

func (histFn) MergeAccumulators(a, b hist) hist {
	if a.Sizes == nil {
		a.Sizes = map[int64]int64{}
	}
	for k, v := range b.Sizes {
		a.Sizes[k] += v
	}
	return a
}

func (histFn) ExtractOutput(h hist) hist { return h }

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

// admitFn gives the key of a group no larger than the cap to each of its records: a key shared
// by more records gives no pairs.
func admitFn(g group, capIter func(*int64) bool, emit func(int64, string)) {
	var limit int64
	capIter(&limit)
	if int64(len(g.Seqs)) > limit {
		return
	}
	for _, seq := range g.Seqs {
		emit(seq, g.Key)
	}
}

// memberFn sends a record to each block that makes pairs for it, marking those blocks among
// its blocking keys.
type memberFn struct {
	Spec Spec
	m    *match.Matcher
}

func (f *memberFn) Setup() (err error) { f.m, err = f.Spec.New(); return err }

func (f *memberFn) ProcessElement(_ int64, recs func(*Rec) bool, keys func(*string) bool, emit func(string, Member)) {
	var r Rec
	if !recs(&r) {
		return
	}
	admitted := map[string]bool{}
	var k string
	for keys(&k) {
		admitted[k] = true
	}
	if len(admitted) == 0 {
		return
	}
	all := distinct(f.m.BlockingKeys(r.P))
	m := Member{Seq: r.Seq, P: r.P, Blocks: make([]byte, (len(all)+7)/8)}
	for i, k := range all {
		if admitted[k] {
			m.Blocks[i/8] |= 1 << (i % 8)
			emit(k, m)
		}
	}
}

// blockKeys returns the keys of m's blocks, sorted: those its Blocks mark among its blocking
// keys.
func blockKeys(keys *match.Matcher, m *Member) []string {
	all := distinct(keys.BlockingKeys(m.P))
	out := all[:0]
	for i, k := range all {
		if i/8 < len(m.Blocks) && m.Blocks[i/8]&(1<<(i%8)) != 0 {
			out = append(out, k)
		}
	}
	return out
}

// owns reports whether key is the smallest key in both of the sorted keys a and b: of the
// blocks that hold two records, that one makes their pair.
func owns(key string, a, b []string) bool {
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i] < b[j]:
			i++
		case a[i] > b[j]:
			j++
		default:
			return a[i] == key
		}
	}
	return false
}

// blockPairs calls pair for each candidate pair the block of key makes, the record added
// first in a: every two members, unless a smaller key of both their blocks makes their pair.
// keys is a matcher of the pipeline's spec, for the members' blocking keys.
func blockPairs(keys *match.Matcher, key string, members func(*Member) bool, pair func(a, b *Member)) {
	var block []Member
	var m Member
	for members(&m) {
		block = append(block, m)
	}
	sort.Slice(block, func(i, j int) bool { return block[i].Seq < block[j].Seq })
	ks := make([][]string, len(block))
	for i := range block {
		ks[i] = blockKeys(keys, &block[i])
	}
	for i := range block {
		for j := i + 1; j < len(block); j++ {
			if owns(key, ks[i], ks[j]) {
				pair(&block[i], &block[j])
			}
		}
	}
}

// Candidates groups the records into blocks: the records of each blocking key shared by at
// least two records and by no more than the library's cap, grouped by key (a PCollection of
// KV<string, Iter<Member>>). blockPairs makes each candidate pair in one block only, so no
// pair travels: scoring and training read the blocks. Candidates also returns the cap, a
// singleton int64.
//
// Only keys and Seqs travel to find the blocks within the cap, gathered in shards, and a key
// of one record goes no further than its shard; a record then travels once to each of its
// blocks.
func Candidates(s beam.Scope, spec Spec, recs, counts beam.PCollection) (blocks, blockCap beam.PCollection) {
	s = s.Scope("Candidates")
	keyed := beam.ParDo(s, &keysFn{Spec: spec}, recs)
	sizes, groups := beam.ParDo2(s, splitGroupsFn, beam.CombinePerKey(s, &groupsFn{Spec: spec}, keyed))
	blockCap = beam.ParDo(s, &capFn{Spec: spec}, beam.Combine(s, &histFn{}, sizes), beam.SideInput{Input: counts})
	admitted := beam.ParDo(s, admitFn, groups, beam.SideInput{Input: blockCap})
	members := beam.ParDo(s, &memberFn{Spec: spec}, beam.CoGroupByKey(s, beam.ParDo(s, recBySeqFn, recs), admitted))
	return beam.GroupByKey(s, members), blockCap
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

// scoreFn scores the candidate pairs of a block with the model and the counts and keeps the
// links.
type scoreFn struct {
	Spec      Spec
	Threshold float64
	model
	keys   *match.Matcher
	counts *match.Counts
}

func (f *scoreFn) Setup() (err error) { f.keys, err = f.Spec.New(); return err }

func (f *scoreFn) ProcessElement(key string, members func(*Member) bool, saved func(*[]byte) bool, counts func(*match.Counts) bool, emit func(Link)) error {
	m, err := f.get(f.Spec, saved)
	if err != nil {
		return err
	}
	if f.counts == nil {
		var c match.Counts
		counts(&c)
		f.counts = &c
	}
	cut := score.WeightOf(f.Threshold)
	blockPairs(f.keys, key, members, func(a, b *Member) {
		pr := m.ScorePrepared(a.P, b.P, f.counts)
		if pr.Weight >= cut {
			emit(Link{A: a.Seq, B: b.Seq, IDA: pr.A, IDB: pr.B, Weight: pr.Weight, Probability: pr.Probability})
		}
	})
	return nil
}

// Score scores the candidate pairs of the blocks with the saved model (a singleton []byte)
// and the counts, and returns the links: pairs whose probability reaches threshold.
func Score(s beam.Scope, spec Spec, threshold float64, blocks, saved, counts beam.PCollection) beam.PCollection {
	s = s.Scope("Score")
	return beam.ParDo(s, &scoreFn{Spec: spec, Threshold: threshold}, blocks,
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
