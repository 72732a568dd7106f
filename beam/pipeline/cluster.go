package pipeline

import (
	"fmt"
	"sort"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/idmatch/idmatch/match"
)

// DefaultMaxRounds is the default bound on label-propagation rounds: a component whose
// diameter is larger fails the run with a message saying so.
const DefaultMaxRounds = 16

func edgesFn(l Link, emit func(int64, int64)) {
	emit(l.A, l.B)
	emit(l.B, l.A)
}

func selfLabelFn(a, _ int64) (int64, int64) { return a, a }

func minInt64(a, b int64) int64 { return min(a, b) }

// propagateFn gives a node's smallest label to itself and its neighbours.
func propagateFn(node int64, labels func(*int64) bool, nbrs func(*int64) bool, emit func(int64, int64)) {
	l := node
	var x int64
	for labels(&x) {
		l = min(l, x)
	}
	emit(node, l)
	for nbrs(&x) {
		emit(x, l)
	}
}

// settledFn fails the run when one more round would still change a label.
func settledFn(node int64, last func(*int64) bool, next func(*int64) bool) error {
	var a, b int64
	last(&a)
	next(&b)
	if a != b {
		return fmt.Errorf("pipeline: connected components not settled after the maximum rounds (node %d: label %d, then %d): raise -max-rounds", node, a, b)
	}
	return nil
}

// Components labels every record that has a link with the smallest Seq of its connected
// component, by label propagation: each round gives every node the smallest label among
// itself and its neighbours, so rounds equal to the component's diameter suffice. The graph
// unrolls maxRounds rounds and a check that one more would change nothing.
func Components(s beam.Scope, links beam.PCollection, maxRounds int) beam.PCollection {
	s = s.Scope("Components")
	if maxRounds <= 0 {
		maxRounds = DefaultMaxRounds
	}
	adj := beam.ParDo(s, edgesFn, links)
	labels := beam.CombinePerKey(s, minInt64, beam.ParDo(s, selfLabelFn, adj))
	round := func(labels beam.PCollection) beam.PCollection {
		return beam.CombinePerKey(s, minInt64, beam.ParDo(s, propagateFn, beam.CoGroupByKey(s, labels, adj)))
	}
	for range maxRounds {
		labels = round(labels)
	}
	beam.ParDo0(s, settledFn, beam.CoGroupByKey(s, labels, round(labels)))
	return labels
}

func recBySeqFn(r Rec) (int64, Rec) { return r.Seq, r }

func linkByAFn(l Link) (int64, Link) { return l.A, l }

// assignRecFn puts a record in its component, or alone in a cluster when it has no link.
func assignRecFn(_ int64, recs func(*Rec) bool, labels func(*int64) bool, comp func(int64, Rec), single func(Assignment)) {
	var r Rec
	var l int64
	has := labels(&l)
	for recs(&r) {
		if has {
			comp(l, r)
		} else {
			single(Assignment{ID: r.P.ID, Cluster: r.P.ID})
		}
	}
}

func assignLinkFn(_ int64, links func(*Link) bool, labels func(*int64) bool, comp func(int64, Link)) {
	var l int64
	if !labels(&l) {
		return
	}
	var x Link
	for links(&x) {
		comp(l, x)
	}
}

// clusterFn clusters one component with the library's average-linkage rule.
type clusterFn struct {
	Spec      Spec
	Threshold float64
	model
	counts *match.Counts
}

func (f *clusterFn) ProcessElement(_ int64, recsIt func(*Rec) bool, linksIt func(*Link) bool, saved func(*[]byte) bool, counts func(*match.Counts) bool, emit func(Assignment)) error {
	m, err := f.get(f.Spec, saved)
	if err != nil {
		return err
	}
	if f.counts == nil {
		var c match.Counts
		counts(&c)
		f.counts = &c
	}
	var recs []Rec
	var r Rec
	for recsIt(&r) {
		recs = append(recs, r)
	}
	sort.Slice(recs, func(i, j int) bool { return recs[i].Seq < recs[j].Seq })
	ps := make([]match.Prepared, len(recs))
	for i, r := range recs {
		ps[i] = r.P
	}
	var links []match.Pair
	var l Link
	for linksIt(&l) {
		links = append(links, match.Pair{A: l.IDA, B: l.IDB, Weight: l.Weight, Probability: l.Probability})
	}
	cs, err := m.ClusterPrepared(ps, links, f.Threshold, f.counts)
	if err != nil {
		return err
	}
	for _, c := range cs {
		for _, id := range c {
			emit(Assignment{ID: id, Cluster: c[0]})
		}
	}
	return nil
}

// Cluster assigns every record to a cluster: records without links alone, the others by the
// library's average-linkage rule within their connected component.
func Cluster(s beam.Scope, spec Spec, threshold float64, recs, links, labels, saved, counts beam.PCollection) beam.PCollection {
	s = s.Scope("Cluster")
	comp, single := beam.ParDo2(s, assignRecFn, beam.CoGroupByKey(s, beam.ParDo(s, recBySeqFn, recs), labels))
	compLinks := beam.ParDo(s, assignLinkFn, beam.CoGroupByKey(s, beam.ParDo(s, linkByAFn, links), labels))
	clustered := beam.ParDo(s, &clusterFn{Spec: spec, Threshold: threshold}, beam.CoGroupByKey(s, comp, compLinks),
		beam.SideInput{Input: saved}, beam.SideInput{Input: counts})
	return beam.Flatten(s, single, clustered)
}
