package pipeline

import (
	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/idmatch/idmatch/match"
)

// linkKeysFn emits a record under each of its blocking keys.
type linkKeysFn struct {
	Spec Spec
	m    *match.Matcher
}

func (f *linkKeysFn) Setup() (err error) { f.m, err = f.Spec.New(); return err }

func (f *linkKeysFn) ProcessElement(r Rec, emit func(string, Rec)) {
	for _, k := range f.m.BlockingKeys(r.P) {
		emit(k, r)
	}
}

// linkPairsFn pairs each contact of a block with each base record of it, unless the block
// is larger than Match would expand.
type linkPairsFn struct {
	Spec Spec
	m    *match.Matcher
}

func (f *linkPairsFn) Setup() (err error) { f.m, err = f.Spec.New(); return err }

func (f *linkPairsFn) ProcessElement(key string, base func(*Rec) bool, contacts func(*Rec) bool, emit func(string, PairRecs)) {
	limit := f.m.QueryBlockCap(key)
	var block []Rec
	var r Rec
	over := false
	for base(&r) {
		if limit > 0 && len(block) == limit {
			over = true
		}
		if !over {
			block = append(block, r)
		}
	}
	if over {
		return
	}
	for contacts(&r) {
		for _, b := range block {
			emit(r.P.ID+"\x00"+b.P.ID, PairRecs{A: r, B: b})
		}
	}
}

// Candidate is a base record weighed for a contact.
type Candidate struct {
	ID     string
	Seq    int64
	Weight float64
}

// LinkResult is the best base record for a contact.
type LinkResult struct {
	Contact    string
	Best       string
	Weight     float64
	Confidence float64
	// Candidates is the number of base records weighed.
	Candidates int
}

// weighFn weighs contact–record pairs as Match does.
type weighFn struct {
	Spec Spec
	model
	counts *match.Counts
}

func (f *weighFn) ProcessElement(p PairRecs, saved func(*[]byte) bool, counts func(*match.Counts) bool, emit func(string, Candidate)) error {
	m, err := f.get(f.Spec, saved)
	if err != nil {
		return err
	}
	if f.counts == nil {
		var c match.Counts
		counts(&c)
		f.counts = &c
	}
	pr := m.LinkPrepared(p.A.P, p.B.P, f.counts)
	emit(p.A.P.ID, Candidate{ID: p.B.P.ID, Seq: p.B.Seq, Weight: pr.Weight})
	return nil
}

// bestFn picks a contact's best candidate with Match's confidence; of equal weights, the
// record added first, as Match does.
type bestFn struct {
	Spec Spec
	model
	records int64
}

func (f *bestFn) ProcessElement(contact string, cands func(*Candidate) bool, saved func(*[]byte) bool, counts func(*match.Counts) bool, emit func(LinkResult)) error {
	m, err := f.get(f.Spec, saved)
	if err != nil {
		return err
	}
	if f.records == 0 {
		var c match.Counts
		counts(&c)
		f.records = c.Records
	}
	var all []Candidate
	var c Candidate
	for cands(&c) {
		all = append(all, c)
	}
	ws := make([]float64, len(all))
	best := 0
	for i, c := range all {
		ws[i] = c.Weight
		if c.Weight > all[best].Weight || c.Weight == all[best].Weight && c.Seq < all[best].Seq {
			best = i
		}
	}
	conf, _ := m.Confidences(ws, f.records)
	emit(LinkResult{Contact: contact, Best: all[best].ID, Weight: all[best].Weight, Confidence: conf[best], Candidates: len(all)})
	return nil
}

func keepOneCandidatePair(a, _ PairRecs) PairRecs { return a }

func dropKeyPair(_ string, p PairRecs) PairRecs { return p }

// LinkContacts adds to the pipeline of s the linking of contacts against a base (both prepared
// records, as Read gives them) with the saved model: each contact's best base record and
// Match's confidence in it. Contacts with no candidate give no result.
func LinkContacts(s beam.Scope, spec Spec, base, contacts, saved beam.PCollection) beam.PCollection {
	s = s.Scope("Link")
	counts := Counts(s, spec, base)
	b := beam.ParDo(s, &linkKeysFn{Spec: spec}, base)
	c := beam.ParDo(s, &linkKeysFn{Spec: spec}, contacts)
	keyed := beam.ParDo(s, &linkPairsFn{Spec: spec}, beam.CoGroupByKey(s, b, c))
	pairs := beam.ParDo(s, dropKeyPair, beam.CombinePerKey(s, keepOneCandidatePair, keyed))
	weighed := beam.ParDo(s, &weighFn{Spec: spec}, pairs, beam.SideInput{Input: saved}, beam.SideInput{Input: counts})
	return beam.ParDo(s, &bestFn{Spec: spec}, beam.GroupByKey(s, weighed), beam.SideInput{Input: saved}, beam.SideInput{Input: counts})
}
