package match

import (
	"fmt"
	"math"
	"strings"

	"github.com/idmatch/idmatch/score"
)

// This file holds the steps of Dedup, Links and Train as separate calls on values a
// distributed engine can move between machines: a record prepared under the schema, the
// counts scoring needs from the whole base, comparison patterns, and clustering of one
// connected component. Each step calls the code the Matcher runs in process, so a pipeline
// built from them scores and clusters as Dedup does.

// Prepared is a record normalized under a Matcher's schema: its ID and one Value per schema
// field, in schema order. It is plain data (it encodes to JSON and back unchanged) and is
// meaningful only to a Matcher with the same schema. The Matcher keeps no reference to a
// Prepared and does not modify it.
type Prepared struct {
	ID     string
	Values []Value
}

// Prepare normalizes r under the matcher's schema, as Add does before storing it. It fails
// with ErrNoID when r has no ID and with ErrEmptyRecord when no field is usable; values that
// fail to normalize are left out and returned as problems. It does not store r.
func (m *Matcher) Prepare(r Record) (Prepared, []Problem, error) {
	if r.ID == "" {
		return Prepared{}, nil, ErrNoID
	}
	f, probs, err := m.prepare(r)
	if err != nil {
		return Prepared{}, probs, err
	}
	return Prepared{ID: f.id(), Values: f.values()}, probs, nil
}

// featuresOf packs a copy of p: the features share no memory with p.
func (m *Matcher) featuresOf(p Prepared, stored bool) (*features, error) {
	if len(p.Values) != len(m.schema.fields) {
		return nil, fmt.Errorf("%w: prepared record %q has %d values, the schema %d fields", ErrBadValue, p.ID, len(p.Values), len(m.schema.fields))
	}
	f, err := packFeatures(p.ID, p.Values, stored)
	if err != nil {
		return nil, fmt.Errorf("prepared record %q: %w", p.ID, err)
	}
	return m.schema.derive(f), nil
}

// mustFeatures is featuresOf for values this file's callers have checked or may trust; a
// Prepared from another schema panics with the reason.
func (m *Matcher) mustFeatures(p Prepared, stored bool) *features {
	f, err := m.featuresOf(p, stored)
	if err != nil {
		panic(err)
	}
	return f
}

// BlockingKeys returns the blocking keys of p, the keys the index would hold for it: two
// records are candidates when they share a key. A Prepared from another schema gives none.
func (m *Matcher) BlockingKeys(p Prepared) []string {
	f, err := m.featuresOf(p, true)
	if err != nil {
		return nil
	}
	return m.keys(f, nil)
}

// Prefixes of the count keys; see CountKeys.
const (
	countTerm  = "t:"
	countTotal = "T:"
)

// CountKeys returns the keys under which p counts towards the Counts of a base: one per
// term-frequency value ("t:" field "=" value), one per such value towards its field's total
// ("T:" field, repeated once per value), and the person rules' joint keys (whole name "n:",
// surname in city "c:", an identifier beside its holder's given name "~h:"). Summing the
// keys over every record of a base, and Records being the number of records, gives the Counts that make ScorePrepared equal to Dedup on that base.
func (m *Matcher) CountKeys(p Prepared) []string {
	f, err := m.featuresOf(p, true)
	if err != nil {
		return nil
	}
	var out []string
	m.termValues(f, func(field int, v string) {
		name := m.schema.fields[field].Name
		out = append(out, countTerm+name+"="+v, countTotal+name)
	})
	// The keys whose block sizes scoring reads: an identifier's own keys (its value's
	// holders), the joint keys of whole names, names with patronymics and surnames in
	// cities, and of identifiers beside their holders' given names.
	if p := m.schema.person; p != nil {
		var w keyWriter
		p.heldKeys(f, &w)
		out = w.strings(out)
	}
	for _, k := range m.keys(f, nil) {
		if strings.HasPrefix(k, keyName) || strings.HasPrefix(k, keySurnameCity) || strings.HasPrefix(k, keyFullName) {
			out = append(out, k)
			continue
		}
		for i, pre := range m.schema.keyPrefix {
			if m.schema.fromIndex[i] && strings.HasPrefix(k, pre) {
				out = append(out, k)
				break
			}
		}
	}
	return out
}

// Counts is what scoring needs from the whole base, as sums a pipeline can aggregate:
// Records is the number of records, and Values maps each count key of CountKeys to the
// number of records holding it. Keys counted once may be left out (Compact drops them):
// a value that is present but absent from Values counts 1. Totals ("T:" keys) must stay.
//
// A Counts is not safe for concurrent writes; reads (scoring) may run concurrently.
type Counts struct {
	Records int64
	Values  map[string]int64
}

// NewCounts returns empty counts.
func NewCounts() *Counts { return &Counts{Values: map[string]int64{}} }

// Add adds n to the count of key. It changes c.
func (c *Counts) Add(key string, n int64) {
	if c.Values == nil {
		c.Values = map[string]int64{}
	}
	c.Values[key] += n
}

// Merge adds o's counts and records to c. It changes c, not o.
func (c *Counts) Merge(o *Counts) {
	c.Records += o.Records
	for k, n := range o.Values {
		c.Add(k, n)
	}
}

// Compact drops the keys counted at most once, except the totals, which scoring cannot
// recover. It changes c.
func (c *Counts) Compact() {
	for k, n := range c.Values {
		if n < 2 && !strings.HasPrefix(k, countTotal) {
			delete(c.Values, k)
		}
	}
}

// KeepCount reports whether a count key with count n must travel in Counts (Compact keeps
// it). A pipeline filters with it before gathering the counts in one place.
func KeepCount(key string, n int64) bool {
	return n >= 2 || strings.HasPrefix(key, countTotal)
}

// CountsOf returns the Counts of the records ps, as a pipeline would aggregate them. It
// does not modify ps.
func (m *Matcher) CountsOf(ps []Prepared) *Counts {
	c := NewCounts()
	for _, p := range ps {
		c.Records++
		for _, k := range m.CountKeys(p) {
			c.Add(k, 1)
		}
	}
	c.Compact()
	return c
}

// count is the count of key, 1 when it is absent.
func (c *Counts) count(key string) int64 {
	if n, ok := c.Values[key]; ok {
		return n
	}
	return 1
}

// countView implements termCounts over Counts for the matcher's schema and model, as the
// Matcher does over its own tables (see Matcher.frequency and Matcher.joint).
type countView struct {
	m *Matcher
	c *Counts
}

func (v countView) frequency(field int, s string) float64 {
	m := v.m
	if !m.model.Fields[field].TermFrequency || s == "" {
		return 0
	}
	name := m.schema.fields[field].Name
	total := v.c.Values[countTotal+name]
	return smoothedOthers(float64(v.c.count(countTerm+name+"="+s)), float64(total), m.ownDuplicates(), m.u0[field])
}

func (v countView) joint(prefix, x, y string, queryStored bool) float64 {
	return v.joint3(prefix, x, y, "", queryStored)
}

func (v countView) joint3(prefix, x, y, z string, queryStored bool) float64 {
	k := prefix + x + "|" + y
	if z != "" {
		k += "|" + z
	}
	others := float64(v.c.count(k)) - 1
	if queryStored {
		others--
	}
	return namesakeShare(others, v.c.Records, v.m.ownDuplicates())
}

// otherNameHolders implements termCounts from the count keys of personRules.heldKeys: the
// known holders of the value less those of the given name. A record of the pair holds both
// keys, so neither count is one that Compact left out as 0.
func (v countView) otherNameHolders(k, _ int, value, given string, _ int) int {
	pre := v.m.schema.person.hkey[k] + value + "|"
	return int(v.c.count(pre) - v.c.count(pre+given))
}

func (v countView) identFrequency(field int, prefix, value string, queryStored bool) (float64, int) {
	others := int(v.c.count(prefix+value)) - 1
	if queryStored {
		others--
	}
	return identFrequencyOf(others, v.c.Records, v.m.u0[field])
}

// ComparePrepared returns the comparison vector of the pair (a, b) of records of a base with
// counts c, as Train sees it: one level per model field. It does not modify its arguments.
func (m *Matcher) ComparePrepared(a, b Prepared, c *Counts) score.Vector {
	m.mu.RLock()
	defer m.mu.RUnlock()
	sc := m.schema.newScratch()
	m.schema.compare(m.mustFeatures(a, true), m.mustFeatures(b, true), sc, countView{m, c}, m.version)
	return sc.vec
}

// ScorePrepared scores the pair (a, b) of records of a base with counts c as Dedup and Links
// score it on that base: a is the record added first. It panics when a or b was prepared
// under another schema. It does not modify its arguments.
func (m *Matcher) ScorePrepared(a, b Prepared, c *Counts) Pair {
	m.mu.RLock()
	defer m.mu.RUnlock()
	sc := m.schema.getScratch()
	defer m.schema.putScratch(sc)
	m.schema.compare(m.mustFeatures(a, true), m.mustFeatures(b, true), sc, countView{m, c}, m.version)
	w := m.weights.WeightTF(sc.vec, sc.tf) + m.baseShift(c.Records)
	return Pair{A: a.ID, B: b.ID, Weight: w, Probability: score.Probability(w)}
}

// baseShift is pairShift for a base of n records held elsewhere: the matcher may hold none.
// mu is held for reading.
func (m *Matcher) baseShift(n int64) float64 {
	sm := Matcher{cfg: m.cfg, weights: m.weights, pairPrior: m.pairPrior, live: int(n)}
	return sm.pairShift()
}

// PairBlockCap returns the block cap Dedup would use on a base of records records whose
// blocking keys have the given block sizes (sizes maps a block size to the number of keys of
// that size; keys of one record may be left out): the matcher's cap, lowered until the
// candidate pairs stay within the pair budget. A key shared by more records gives no pairs.
func (m *Matcher) PairBlockCap(records int64, sizes map[int64]int64) int {
	budget := uint64(max(pairBudget*records, 1_000_000))
	c := m.cfg.maxBlock
	if c <= 0 {
		c = 1 << 30
	}
	for c > 2 && pairsUnder(sizes, c) > budget {
		c = c * 2 / 3
	}
	return c
}

// pairsUnder is the number of record pairs the blocks of at most c records give, for sizes
// mapping a block size to the number of keys of that size.
func pairsUnder(sizes map[int64]int64, c int) uint64 {
	var s uint64
	for n, k := range sizes {
		if n >= 2 && n <= int64(c) {
			s += uint64(k) * uint64(n) * uint64(n-1) / 2
		}
	}
	return s
}

// IdentifierFields returns the model positions of the fields Train conditions its EM
// sessions on, in the order of PatternTables.Sessions.
func (m *Matcher) IdentifierFields() []int { return m.strongFields() }

// PatternTables are the comparison patterns Train gathers, aggregated by a pipeline:
// Random from random record pairs, Candidates from every candidate pair once, and Sessions,
// one per IdentifierFields entry, from the candidate pairs that agree exactly (level 0) on
// that field. Records is the number of records of the base.
type PatternTables struct {
	Records    int64
	Random     *score.Patterns
	Candidates *score.Patterns
	Sessions   []*score.Patterns
}

// TrainPatterns learns the model from aggregated pattern tables with the estimation Train
// uses for deduplication: u from the random pairs, m from one EM session per identifier
// field, then the pair prior and u from their fixed point. It replaces the matcher's model
// and dedup prior, as Train does, and does not modify t.
func (m *Matcher) TrainPatterns(t PatternTables, em score.EMOptions) (TrainReport, error) {
	strong := m.strongFields()
	rep := TrainReport{}
	if t.Records < 2 {
		return rep, fmt.Errorf("match: train needs at least two records, have %d", t.Records)
	}
	if t.Random == nil || t.Candidates == nil || len(t.Sessions) != len(strong) {
		return rep, fmt.Errorf("%w: pattern tables want random and candidate patterns and %d sessions", ErrOption, len(strong))
	}
	rep.RandomPairs, rep.CandidatePairs = int(t.Random.Total()), int(t.Candidates.Total())
	if t.Candidates.Total() == 0 {
		return rep, fmt.Errorf("match: train found no candidate pairs")
	}
	n := float64(t.Records)
	sessions := make([]*score.Patterns, len(t.Sessions))
	for i, s := range t.Sessions {
		sessions[i] = sortedPatterns(s)
	}
	mod, err := m.estimate(&rep, sortedPatterns(t.Random), sortedPatterns(t.Candidates), sessions, nil, strong,
		n*(n-1)/2, clampProb(m.cfg.dupRate/max(n-1, 1)), TrainOptions{EM: em}, nil)
	if err != nil {
		return rep, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.setModel(mod); err != nil {
		return rep, err
	}
	m.pairPrior, m.duplicates = rep.PairPrior, rep.PairPrior*float64(n-1)
	m.nonePrior = 0 // no labels: the option's none prior, as Train without QueryLabels
	rep.Model = mod.Clone()
	return rep, nil
}

// ClusterPrepared partitions the records recs of one connected component of a base with
// counts c by the rule of ClusterLinks (and Dedup): links at or above threshold (0 means
// 0.5), strongest first, join two clusters only when the average probability across them
// reaches the threshold. recs must be in the order the records were added to the base,
// which decides ties as in Dedup. The clusters come in the order of their first record in
// recs, each in the order of recs. It does not modify its arguments.
func (m *Matcher) ClusterPrepared(recs []Prepared, links []Pair, threshold float64, c *Counts) ([][]string, error) {
	sm, err := m.component(recs, c)
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(recs))
	for i, p := range recs {
		ids[i] = p.ID
	}
	return sm.ClusterLinks(ids, links, threshold)
}

// component returns a Matcher that holds recs and answers term and joint frequencies from c
// for them, with m's schema, model and prior, so that the Matcher's own clustering runs on
// one component of a larger base.
func (m *Matcher) component(recs []Prepared, c *Counts) (*Matcher, error) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	sm := &Matcher{cfg: m.cfg, schema: m.schema,
		model: m.model, weights: m.weights, u0: m.u0, pairPrior: m.pairPrior, duplicates: m.duplicates, live: int(c.Records)}
	sm.external = countView{m, c}
	for _, p := range recs {
		f, err := m.featuresOf(p, true)
		if err != nil {
			return nil, err
		}
		if _, dup := sm.byID.get(sm.recs, p.ID); dup {
			return nil, fmt.Errorf("%w: %q", ErrDuplicateID, p.ID)
		}
		sm.byID.set(f.idHash, uint32(len(sm.recs)))
		sm.recs = append(sm.recs, f)
	}
	return sm, nil
}

// LinkPrepared weighs the contact q (not a record of the base) against the record b of a
// base with counts c as Match weighs a candidate: Weight is the evidence in bits
// (Candidate.Weight) and Probability the pairwise probability under the model's prior. It
// panics when q or b was prepared under another schema and does not modify its arguments.
func (m *Matcher) LinkPrepared(q, b Prepared, c *Counts) Pair {
	m.mu.RLock()
	defer m.mu.RUnlock()
	sc := m.schema.getScratch()
	defer m.schema.putScratch(sc)
	m.schema.compare(m.mustFeatures(q, false), m.mustFeatures(b, true), sc, countView{m, c}, m.version)
	w := m.weights.WeightTF(sc.vec, sc.tf) - m.weights.PriorBits()
	return Pair{A: q.ID, B: b.ID, Weight: w, Probability: score.Probability(w + m.weights.PriorBits())}
}

// Confidences returns what Match makes of the weights of all the candidates of one contact
// against a base of records records: each candidate's confidence, in the order of weights,
// and the probability that the contact is none of them. It does not modify weights.
func (m *Matcher) Confidences(weights []float64, records int64) (conf []float64, none float64) {
	m.mu.RLock()
	noneBits := m.noneBits(float64(records), m.linkNonePrior())
	m.mu.RUnlock()
	all := make([]scored, len(weights))
	for i, w := range weights {
		all[i].bits = w
	}
	norm := logSumExp2(noneBits, all)
	conf = make([]float64, len(weights))
	for i, w := range weights {
		conf[i] = math.Exp2(w - norm)
	}
	return conf, math.Exp2(noneBits - norm)
}

// QueryBlockCap returns the largest block of the key that Match expands for a contact: the
// typo-tolerant key families have a cap of their own. Zero means no cap.
func (m *Matcher) QueryBlockCap(key string) int {
	if isWeakKey(key) {
		if m.cfg.maxBlock <= 0 {
			return weakBlockCap
		}
		return min(weakBlockCap, m.cfg.maxBlock)
	}
	return max(m.cfg.maxBlock, 0)
}
