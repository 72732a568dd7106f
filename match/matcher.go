package match

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/idmatch/idmatch/block"
	"github.com/idmatch/idmatch/score"
)

// Errors returned by the package. Check them with errors.Is.
var (
	ErrOption      = errors.New("match: invalid option")
	ErrEmptyRecord = errors.New("match: empty record")
	ErrNoID        = errors.New("match: record without ID")
	ErrDuplicateID = errors.New("match: duplicate record ID")
	ErrNotFound    = errors.New("match: no record with that ID")
	ErrBadValue    = errors.New("match: bad value")
)

// Matcher holds customer records, their blocking index and the scoring model, and answers
// "which of the customers is this?".
//
// A Matcher is safe for concurrent use: Match, MatchBatch, Explain and Dedup may run while
// Add, Upsert and Remove change the records; each call sees the records as they were at some
// moment during it. Matcher never modifies or keeps the Records passed to it (it keeps their
// normalized features and IDs).
type Matcher struct {
	cfg    config
	schema *schema

	mu      sync.RWMutex
	recs    []*features // by record number; nil for a removed record
	byID    idTable
	free    []uint32
	live    int
	ix      block.Index              // keys that bring candidates
	aux     block.Index              // keys that count (auxKeyMark): identifier frequencies, fallbacks
	terms   []*score.TermFrequencies // per model field; nil where the field counts no terms
	model   *score.Model
	weights *score.Weights
	u0      []float64 // u of each field's exact level, for term-frequency smoothing
	// external, when set, answers the term and joint counts instead of the matcher's own
	// tables: a matcher that holds one component of a base held elsewhere.
	external termCounts
	// duplicates is the expected number of other records of one person, learnt with
	// pairPrior (see ownDuplicates).
	duplicates float64
	// pairPrior is the prior probability that two random records are the same person, used
	// for pairwise probabilities in Dedup. Zero means "derive from the duplicate rate".
	pairPrior float64
	// nonePrior is the prior that a contact is none of the customers as Train learnt it
	// from contacts and labelled contacts. Zero means the option's value (cfg.priorNone).
	nonePrior float64
	// version changes with every change of the records, the model or the priors: what a
	// comparison remembers of the counts (countMemo) holds while it stays.
	version uint64
}

// New returns an empty Matcher with the default person schema, extended by the options.
func New(opts ...Option) (*Matcher, error) {
	cfg := defaultConfig()
	for _, o := range opts {
		if err := o(&cfg); err != nil {
			return nil, err
		}
	}
	sch, err := newSchema(append(PersonFields(), cfg.extras...))
	if err != nil {
		return nil, err
	}
	m := &Matcher{cfg: cfg, schema: sch}
	if err := m.setModel(sch.model()); err != nil {
		return nil, err
	}
	m.terms = make([]*score.TermFrequencies, len(m.model.Fields))
	for i, f := range m.model.Fields {
		if f.TermFrequency && !sch.fromIndex[i] {
			m.terms[i] = &score.TermFrequencies{}
		}
	}
	return m, nil
}

// setModel installs a model; the caller holds mu for writing or owns m exclusively.
func (m *Matcher) setModel(mod *score.Model) error {
	w, err := mod.Compile()
	if err != nil {
		return fmt.Errorf("match: model: %w", err)
	}
	m.model, m.weights = mod, w
	m.version++
	m.u0 = make([]float64, len(mod.Fields))
	for i, f := range mod.Fields {
		m.u0[i] = f.Levels[0].U
	}
	return nil
}

// Model returns a copy of the scoring model in use.
func (m *Matcher) Model() *score.Model {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return m.model.Clone()
}

// Len returns the number of records held.
func (m *Matcher) Len() int {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return m.live
}

// Add adds a record. It fails if the ID is empty or already present, or if no field of the
// record is usable; fields that fail to normalize are left out and returned as problems.
func (m *Matcher) Add(r Record) ([]Problem, error) {
	return m.put(r, false)
}

// Upsert adds a record, or replaces the record with the same ID.
func (m *Matcher) Upsert(r Record) ([]Problem, error) {
	return m.put(r, true)
}

func (m *Matcher) put(r Record, replace bool) ([]Problem, error) {
	if r.ID == "" {
		return nil, ErrNoID
	}
	f, probs, err := m.prepare(r)
	if err != nil {
		return probs, err
	}
	return probs, m.insert(f, m.keys(f, nil), replace)
}

// insert stores prepared features and their blocking keys under their ID, replacing a
// record with the same ID when replace is set.
func (m *Matcher) insert(f *features, keys []string, replace bool) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	n, err := m.insertLocked(f, replace)
	if err != nil {
		return err
	}
	m.index(n, keys, true)
	return nil
}

// insertLocked stores prepared features under their ID and a record number, which it
// returns; the caller indexes the record's keys under that number. mu is held for writing.
func (m *Matcher) insertLocked(f *features, replace bool) (uint32, error) {
	if old, ok := m.byID.get(m.recs, f.id()); ok {
		if !replace {
			return 0, fmt.Errorf("%w: %q", ErrDuplicateID, f.id())
		}
		m.removeLocked(old)
	}
	var n uint32
	if k := len(m.free); k > 0 {
		n = m.free[k-1]
		m.free = m.free[:k-1]
		m.recs[n] = f
	} else {
		if len(m.recs) == math.MaxUint32 {
			return 0, errors.New("match: too many records")
		}
		n = uint32(len(m.recs))
		m.recs = append(m.recs, f)
	}
	f.stored = true
	m.byID.set(f.idHash, n)
	m.live++
	m.version++
	m.countTerms(f, +1)
	return n, nil
}

// index adds (or removes) record n under keys, each in the index its kind belongs to; mu
// is held for writing.
func (m *Matcher) index(n uint32, keys []string, add bool) {
	var mainBuf, auxBuf [32]string
	main, aux := splitKeys(keys, mainBuf[:0], auxBuf[:0])
	if add {
		m.ix.Add(n, main...)
		m.aux.Add(n, aux...)
		return
	}
	m.ix.Remove(n, main...)
	m.aux.Remove(n, aux...)
}

// splitKeys appends keys to main or, marked as fallback keys, to aux.
func splitKeys(keys, main, aux []string) ([]string, []string) {
	for _, k := range keys {
		if strings.HasPrefix(k, auxKeyMark) {
			aux = append(aux, k)
		} else {
			main = append(main, k)
		}
	}
	return main, aux
}

// indexBatch gathers the keys of records being added in bulk, for one sorted insertion
// into each index (block.Index.AddBatch) in place of one random access per key.
type indexBatch struct {
	main, aux block.Batch
}

// add notes record n's keys.
func (b *indexBatch) add(n uint32, keys []string) {
	var mainBuf, auxBuf [32]string
	main, aux := splitKeys(keys, mainBuf[:0], auxBuf[:0])
	b.main.Add(n, main...)
	b.aux.Add(n, aux...)
}

// flush adds the gathered keys to the matcher's indexes; mu is held for writing.
func (b *indexBatch) flush(m *Matcher) {
	m.ix.AddBatch(&b.main)
	m.aux.AddBatch(&b.aux)
	b.main.Reset()
	b.aux.Reset()
}

// AddBatch adds many records, normalizing them on all workers. The result has one entry per
// record, in order: its problems and, when it was not added, the reason (as Add would give).
// Their blocking keys are indexed some ten thousand records at a time, in the index's own
// order rather than record by record; calls that read the matcher meanwhile (Match, Dedup)
// wait for the batch in progress, never seeing a record without its keys.
func (m *Matcher) AddBatch(rs []Record) []AddResult {
	return m.addPipelined(len(rs), func(i int) (*features, []Problem, error) {
		if rs[i].ID == "" {
			return nil, nil, ErrNoID
		}
		return m.prepare(rs[i])
	})
}

// AddPrepared adds records that Prepare normalized (on this matcher or on one with the same
// schema and options), without normalizing them again: a base kept prepared (a store, a
// pipeline's output) loads at the speed of indexing. The result has one entry per record,
// in order: nil, or the reason it was not added (ErrNoID, ErrDuplicateID, or ErrBadValue
// for values of another schema). The matcher keeps copies; ps is not modified.
func (m *Matcher) AddPrepared(ps []Prepared) []error {
	res := m.addPipelined(len(ps), func(i int) (*features, []Problem, error) {
		if ps[i].ID == "" {
			return nil, nil, ErrNoID
		}
		f, err := m.featuresOf(ps[i], false) // a copy: ps keeps its memory
		if err != nil {
			return nil, nil, err
		}
		return f, nil, nil
	})
	errs := make([]error, len(res))
	for i, r := range res {
		errs[i] = r.Err
	}
	return errs
}

// addPipelined adds n records that prepare makes: workers prepare them and compute their
// keys in small chunks while this goroutine inserts the chunks already done, in order, so
// preparing and indexing overlap. Keys are indexed in batches of about batchKeys; the
// write lock is held from a batch's first record until its keys are indexed, so no reader
// sees a record without its keys.
func (m *Matcher) addPipelined(n int, prepare func(i int) (*features, []Problem, error)) []AddResult {
	const chunk = 256
	out := make([]AddResult, n)
	feats := make([]*features, n)
	keys := make([][]string, n)
	nchunks := (n + chunk - 1) / chunk
	done := make([]chan struct{}, nchunks)
	for i := range done {
		done[i] = make(chan struct{})
	}
	// Workers run at most maxAhead chunks ahead of the indexing: enough to keep them busy
	// while a batch is indexed, few enough that what they made is still in cache when it is
	// indexed and that a large call does not hold every record's keys at once.
	const maxAhead = 64
	next, ahead := make(chan int), make(chan struct{}, maxAhead)
	go func() {
		for c := 0; c < nchunks; c++ {
			ahead <- struct{}{}
			next <- c
		}
		close(next)
	}()
	for w := 0; w < m.cfg.workers; w++ {
		go func() {
			for c := range next {
				for i := c * chunk; i < min((c+1)*chunk, n); i++ {
					feats[i], out[i].Problems, out[i].Err = prepare(i)
					if feats[i] != nil {
						keys[i] = m.keys(feats[i], nil)
					}
				}
				close(done[c])
			}
		}()
	}
	var batch indexBatch
	m.mu.Lock()
	m.byID.reserve(n) // sized once for the batch, not rehashed as it grows
	m.recs = slices.Grow(m.recs, n)
	m.mu.Unlock()
	for c := 0; c < nchunks; {
		m.mu.Lock()
		for ; c < nchunks && batch.main.Len() < batchKeys; c++ {
			<-done[c]
			for i := c * chunk; i < min((c+1)*chunk, n); i++ {
				if feats[i] == nil {
					continue
				}
				var rn uint32
				if rn, out[i].Err = m.insertLocked(feats[i], false); out[i].Err == nil {
					batch.add(rn, keys[i])
				}
				feats[i], keys[i] = nil, nil
			}
			<-ahead
		}
		batch.flush(m)
		m.mu.Unlock()
	}
	return out
}

// batchKeys is about the number of keys addPipelined indexes at once: enough for the
// sorted insertion to pay, few enough that readers wait a few tens of milliseconds.
const batchKeys = 1 << 17

// AddResult is the outcome of one record of AddBatch.
type AddResult struct {
	Problems []Problem
	Err      error
}

// Remove removes the record with the given ID.
func (m *Matcher) Remove(id string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	n, ok := m.byID.get(m.recs, id)
	if !ok {
		return fmt.Errorf("%w: %q", ErrNotFound, id)
	}
	m.removeLocked(n)
	return nil
}

func (m *Matcher) removeLocked(n uint32) {
	f := m.recs[n]
	m.index(n, m.keys(f, nil), false)
	m.countTerms(f, -1)
	m.byID.del(f.idHash, n)
	m.recs[n] = nil
	m.free = append(m.free, n)
	m.live--
	m.version++
}

// termValues calls fn with each term-frequency value of f, by model field.
func (m *Matcher) termValues(f *features, fn func(field int, v string)) {
	var buf *[8]string // from the pool: an array here escapes through TermLister on every call
	defer func() {
		if buf != nil {
			*buf = [8]string{}
			termBufPool.Put(buf)
		}
	}()
	for i := range m.schema.fields {
		fd := &m.schema.fields[i]
		if !fd.TermFrequency || f.missing(i) || m.schema.fromIndex[i] {
			continue
		}
		if tl, ok := fd.Comparer.(TermLister); ok {
			if buf == nil {
				buf = termBufPool.Get().(*[8]string)
			}
			v := valuePool.Get().(*Value)
			f.valInto(i, v)
			for _, t := range tl.Terms(v, buf[:0]) {
				fn(i, t)
			}
			putValue(v)
			continue
		}
		fn(i, f.key(i))
	}
}

var termBufPool = sync.Pool{New: func() any { return new([8]string) }}

// countTerms adds (delta > 0) or removes f's values from the term tables; mu is held for
// writing. The tables are guarded by Matcher.mu, so lookups on the hot path take no lock
// of their own.
func (m *Matcher) countTerms(f *features, delta int) {
	m.termValues(f, func(field int, v string) {
		t := m.terms[field]
		if t == nil {
			return
		}
		if delta > 0 {
			t.Add(v)
		} else {
			t.Remove(v)
		}
	})
}

// frequency implements termCounts over the matcher's tables (mu is held): the share of the
// field's values equal to v, smoothed toward the field's u so that a small base does not
// call a value common only because few values have been seen (score.TermFrequencies.Smoothed).
func (m *Matcher) frequency(field int, v string) float64 {
	t := m.terms[field]
	if t == nil || v == "" {
		return 0
	}
	return smoothedOthers(float64(t.Count(v)), float64(t.Total()), m.ownDuplicates(), m.u0[field])
}

// smoothedOthers is score.SmoothedFrequency for a value of count records among total, less
// dups of them that stand for the pair's own person: the frequency of the value among
// people, not among records, when people are entered more than once.
func smoothedOthers(count, total, dups, u0 float64) float64 {
	return score.SmoothedFrequency(max(count-dups, 0), total, u0)
}

// ownDuplicates is the expected number of other records of a stored person: the pair prior
// times the other records of the base it was learnt on, which stays as the base grows at the
// same rate of duplicates (the prior itself would then fall), so that a pair scores the same
// whenever it is scored; the duplicate rate before any training.
func (m *Matcher) ownDuplicates() float64 {
	if m.pairPrior != 0 {
		return m.duplicates
	}
	return m.cfg.dupRate
}

// joint implements termCounts: the share of the stored records, other than the pair being
// compared, that hold the blocking key prefix+x+"|"+y. The candidate itself holds it, and so
// does the query when it is stored. mu is held for reading.
func (m *Matcher) joint(prefix, x, y string, queryStored bool) float64 {
	return m.joint3(prefix, x, y, "", queryStored)
}

// joint3 is joint over three values (z "" for two), from the index the prefix belongs to.
func (m *Matcher) joint3(prefix, x, y, z string, queryStored bool) float64 {
	var buf [128]byte
	key := append(append(append(append(buf[:0], prefix...), x...), '|'), y...)
	if z != "" {
		key = append(append(key, '|'), z...)
	}
	others := float64(m.indexOf(prefix).BlockSize(string(key))) - 1
	if queryStored {
		others--
	}
	return namesakeShare(others, int64(m.live), m.ownDuplicates())
}

// namesakeShare is the share, among records, of the others records holding a combination of
// names, once dups expected duplicates of the pair's own person are set aside: a person
// entered five times is not a crowd of namesakes.
func namesakeShare(others float64, records int64, dups float64) float64 {
	if records <= 0 {
		return 0
	}
	others -= dups
	if others <= 0 {
		return 0
	}
	return others / float64(records)
}

// indexOf is the index that holds the keys of prefix: the second one for count-only and
// fallback keys (auxKeyMark).
func (m *Matcher) indexOf(prefix string) *block.Index {
	if strings.HasPrefix(prefix, auxKeyMark) {
		return &m.aux
	}
	return &m.ix
}

// otherNameHolders implements termCounts from the records the identifier's blocking key
// finds. mu is held for reading.
func (m *Matcher) otherNameHolders(_, field int, value, given string, limit int) int {
	var buf [128]byte
	prefix := m.schema.keyPrefix[field]
	key := append(append(buf[:0], prefix...), value...)
	gi, n := m.schema.person.given, 0
	for id := range m.indexOf(prefix).Block(string(key)) {
		if r := m.recs[id]; r != nil && r.givenKnown && r.firstKey(gi) != given {
			if n++; n >= limit {
				break
			}
		}
	}
	return n
}

// identFrequency implements termCounts: the number of stored records other than the pair
// whose key prefix+value finds them, and the frequency that gives, never below the field's
// own u (a value held by few records in a small base is not called common). mu is held
// for reading.
func (m *Matcher) identFrequency(field int, prefix, value string, queryStored bool) (float64, int) {
	var buf [128]byte
	key := append(append(buf[:0], prefix...), value...)
	others := int(m.indexOf(prefix).BlockSize(string(key))) - 1
	if queryStored {
		others--
	}
	return identFrequencyOf(others, int64(m.live), m.u0[field])
}

// identFrequencyOf is the frequency of an identifier value that others records other than
// the pair hold among records, never below the field's u0: 0 (no adjustment) while few
// hold it, since a few records sharing an identifier are most often one person's
// duplicates, whose own frequency would weigh the person against himself.
func identFrequencyOf(others int, records int64, u0 float64) (float64, int) {
	if others <= 0 || records == 0 {
		return 0, 0
	}
	if others < minSharedHolders {
		return 0, others
	}
	return max(float64(others)/float64(records), u0), others
}

// minSharedHolders is how many other records must hold an identifier's value before its
// frequency weighs it down: an office line, a placeholder number, a reused document.
const minSharedHolders = 8

// Status is the decision a Result carries.
type Status uint8

const (
	// NoMatch: no candidate is likely enough; the contact is probably not a customer.
	NoMatch Status = iota
	// Review: the best candidate is likely but not certain; a person should look.
	Review
	// Ambiguous: several candidates fit about equally well; no one of them can be chosen.
	Ambiguous
	// Matched: the best candidate's confidence is at or above the upper threshold.
	Matched
)

var statusNames = [...]string{NoMatch: "nomatch", Review: "review", Ambiguous: "ambiguous", Matched: "matched"}

// String returns "matched", "review", "ambiguous" or "nomatch".
func (s Status) String() string {
	if int(s) < len(statusNames) {
		return statusNames[s]
	}
	return fmt.Sprintf("Status(%d)", s)
}

// Candidate is one customer considered for a contact.
type Candidate struct {
	ID string
	// Weight is the evidence for this customer in bits: log2 of the likelihood ratio
	// "this customer" against "a random person", summed over fields.
	Weight float64
	// Confidence is the posterior probability that the contact is this customer, among all
	// candidates and the hypothesis that it is none of the customers.
	Confidence float64
	// Explanation is set only with WithExplain (or by Explain).
	Explanation *Explanation
}

// Result is the answer for one contact.
type Result struct {
	// Best is the most likely customer, or nil when there was no candidate.
	Best *Candidate
	// Candidates are the top candidates, best first (at most the top-k option).
	Candidates []Candidate
	// Confidence is the probability that the contact is the person of Best: Best's own
	// confidence plus that of its Duplicates; 0 when Best is nil.
	Confidence float64
	// None is the posterior probability that the contact is none of the customers.
	None   float64
	Status Status
	// Duplicates are other stored records among the top candidates that look like the same
	// person as Best (a base holding someone twice); Confidence includes their share.
	Duplicates []string
	// Considered is the number of candidates scored; Capped the number of blocking keys
	// too common to expand.
	Considered int
	Capped     int
	// Problems lists the contact's fields that could not be normalized.
	Problems []Problem
	// Err is set by MatchBatch when this contact could not be matched at all.
	Err error
	// Decided is set by Decide when a reviewer's answers changed the result.
	Decided bool
}

// Match finds the customer that r belongs to. r is normalized like a stored record; an r with
// no usable field is an error (ErrEmptyRecord). ctx is checked before the work starts.
func (m *Matcher) Match(ctx context.Context, r Record) (Result, error) {
	if err := ctx.Err(); err != nil {
		return Result{}, err
	}
	q, probs, err := m.prepare(r)
	if err != nil {
		return Result{Problems: probs}, err
	}
	res := m.matchPrepared(q)
	res.Problems = probs
	return res, nil
}

// scored is a candidate during ranking.
type scored struct {
	n    uint32
	bits float64
}

// scoreCandidates calls fn with each candidate of contact q (a stored record with q's own ID
// left out) and its evidence under w in bits, the prior left out, reading the candidates
// ahead in groups (see readAhead). mu is held for reading.
func (m *Matcher) scoreCandidates(q *features, cands block.Candidates, w *score.Weights, sc *scratch, fn func(scored)) {
	prior := w.PriorBits()
	ahead := m.newReadAhead(func(_, n uint32) {
		if f := m.recs[n]; f.id() != q.id() || q.id() == "" {
			m.compare(q, f, sc)
			fn(scored{n, w.WeightTF(sc.vec, sc.tf) - prior})
		}
	})
	it := cands.IDs.Iterator()
	for it.HasNext() {
		ahead.add(0, it.Next())
	}
	ahead.flush()
}

func (m *Matcher) matchPrepared(q *features) Result {
	keys := m.keys(q, make([]string, 0, 24))
	m.mu.RLock()
	defer m.mu.RUnlock()
	cands := m.candidatesLocked(keys)
	sc := m.schema.getScratch()
	defer m.schema.putScratch(sc)
	top := make([]scored, 0, m.cfg.topK+1)
	var all []scored // every candidate, for the posterior
	m.scoreCandidates(q, cands, m.weights, sc, func(c scored) {
		all = append(all, c)
		top = pushTop(top, c, m.cfg.topK)
	})
	res := Result{Considered: len(all), Capped: cands.Capped}
	// The "none" hypothesis: prior odds of "not a customer" against "this particular customer".
	noneBits := m.noneBits(float64(m.live), m.linkNonePrior())
	norm := logSumExp2(noneBits, all)
	res.None = math.Exp2(noneBits - norm)
	for _, s := range top {
		c := Candidate{ID: m.recs[s.n].id(), Weight: s.bits, Confidence: math.Exp2(s.bits - norm)}
		if m.cfg.explain {
			c.Explanation = m.explainLocked(q, m.recs[s.n], noneBits, norm, len(all)-1)
		}
		res.Candidates = append(res.Candidates, c)
	}
	if len(res.Candidates) == 0 {
		return res
	}
	res.Best = &res.Candidates[0]
	res.Confidence = res.Best.Confidence
	// Records among the top candidates that are the same person as the best (a base that
	// holds someone twice) are one hypothesis, not rivals: their mass joins the best's.
	person := []uint32{top[0].n}
	for j := 1; j < len(top); j++ {
		if m.samePersonLocked(m.recs[top[0].n], m.recs[top[j].n], sc) {
			person = append(person, top[j].n)
			res.Duplicates = append(res.Duplicates, res.Candidates[j].ID)
			res.Confidence += res.Candidates[j].Confidence
		}
	}
	// The rivals within the ambiguity margin of the best, and their confidence with the best's.
	close, closeConf := 1, res.Confidence
	for _, c := range all {
		if res.Best.Weight-c.bits < m.cfg.margin && !slices.Contains(person, c.n) {
			close++
			closeConf += math.Exp2(c.bits - norm)
		}
	}
	res.Status = m.decide(res, close, closeConf)
	return res
}

// samePersonLocked reports whether two stored records are more likely than not the same
// person, by the deduplication probability. mu is held for reading.
func (m *Matcher) samePersonLocked(a, b *features, sc *scratch) bool {
	m.compare(a, b, sc)
	return m.weights.WeightTF(sc.vec, sc.tf)+m.pairShift() >= 0
}

// decide applies the decision zones. close counts the best's person and the other candidates
// within the ambiguity margin of the best; closeConf is their summed confidence.
func (m *Matcher) decide(res Result, close int, closeConf float64) Status {
	switch {
	case res.Best == nil:
		return NoMatch
	case res.Confidence >= m.cfg.upper:
		return Matched
	case close > 1 && closeConf >= m.cfg.lower:
		// The best cannot be told from the runner-up, yet the contact is likely one of them.
		return Ambiguous
	case res.Confidence >= m.cfg.lower:
		return Review
	}
	return NoMatch
}

// pushTop keeps the k best by bits, best first; ties keep the lower record number first.
func pushTop(top []scored, s scored, k int) []scored {
	i := sort.Search(len(top), func(i int) bool {
		return top[i].bits < s.bits || top[i].bits == s.bits && top[i].n > s.n
	})
	if i >= k {
		return top
	}
	top = append(top, scored{})
	copy(top[i+1:], top[i:])
	top[i] = s
	if len(top) > k {
		top = top[:k]
	}
	return top
}

// logSumExp2 returns log2(2^a + Σ 2^bits) over the candidates without overflow, and -Inf
// when every term is -Inf (no candidate and a = -Inf).
func logSumExp2(a float64, cs []scored) float64 {
	mx := a
	for _, c := range cs {
		mx = max(mx, c.bits)
	}
	if math.IsInf(mx, -1) {
		return mx // nothing but -Inf: no mass at all
	}
	s := math.Exp2(a - mx)
	for _, c := range cs {
		s += math.Exp2(c.bits - mx)
	}
	return mx + math.Log2(s)
}

// MatchBatch matches many contacts on all workers. The results are in the order of rs; a
// contact that cannot be matched has its Result.Err set. ctx cancels the batch: the contacts
// not yet matched then carry ctx's error.
func (m *Matcher) MatchBatch(ctx context.Context, rs []Record) []Result {
	out := make([]Result, len(rs))
	var wg sync.WaitGroup
	next := make(chan int, m.cfg.workers*4)
	for w := 0; w < m.cfg.workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				res, err := m.Match(ctx, rs[i])
				res.Err = err
				out[i] = res
			}
		}()
	}
	for i := range rs {
		next <- i
	}
	close(next)
	wg.Wait()
	return out
}

// linkNonePrior is the prior that a contact is none of the customers: learnt by Train from
// labelled contacts, else the option's value. mu is held for reading.
func (m *Matcher) linkNonePrior() float64 {
	if m.nonePrior != 0 {
		return m.nonePrior
	}
	return m.cfg.priorNone
}

// noneBits is the weight of "none of the customers" against one given customer among
// records customers at the none prior p: log2(records · p/(1-p)).
func (m *Matcher) noneBits(records, p float64) float64 {
	return math.Log2(max(records, 1) * p / (1 - p))
}
