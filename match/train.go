package match

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"sync"

	"github.com/idmatch/idmatch/score"
)

// TrainOptions controls Train. The zero value trains on pairs within the stored records.
type TrainOptions struct {
	// Queries, when set, are contacts to be linked: the m probabilities are then learnt from
	// (contact, candidate) pairs, which resemble what Match will see. When nil, they are
	// learnt from candidate pairs within the stored records (duplicates in the base).
	Queries []Record
	// RandomPairs is how many random record pairs estimate the u probabilities; default
	// twice the number of records, at least 200,000 and at most 2,000,000.
	RandomPairs int
	// Seed makes the random pairs reproducible.
	Seed uint64
	// EM tunes the expectation-maximisation run.
	EM score.EMOptions
	// Labels are a reviewer's answers about pairs of stored records, QueryLabels about a
	// contact and a stored record. They weigh as certain evidence: the m of each level moves
	// towards its share among the pairs labelled the same person (see LabelWeight), and EM
	// fills what they do not cover. Labels naming records that are not stored are reported
	// in TrainReport.LabelErrors and otherwise ignored.
	Labels      []Label
	QueryLabels []QueryLabel
	// LabelWeight is how many unlabelled EM pairs one label is worth; default 50.
	LabelWeight float64
}

// Label is a reviewer's answer: are the stored records A and B the same person?
type Label struct {
	A, B string
	Same bool
}

// QueryLabel is a reviewer's answer about a contact (not stored) and the stored record ID.
type QueryLabel struct {
	Query Record
	ID    string
	Same  bool
}

// TrainReport says what Train learnt.
type TrainReport struct {
	RandomPairs    int
	CandidatePairs int
	// Sessions are the EM runs, one for each field strong enough to condition on.
	Sessions []TrainSession
	// PairPrior is the learnt prior probability that two records are one person (for a link,
	// that a contact is a given record).
	PairPrior float64
	// Model is the model now in use.
	Model *score.Model
	// LabelledSame and LabelledDifferent count the labels used; LabelErrors are the labels
	// that could not be used.
	LabelledSame, LabelledDifferent int
	LabelErrors                     []error
}

// TrainSession is one EM run on the candidate pairs that agree exactly on Field. Its m
// probabilities serve every field but Field.
type TrainSession struct {
	Field string
	Pairs int
	// MatchShare is the share of the session's pairs that EM took for matches.
	MatchShare float64
	EM         score.EMReport
	Err        error
}

// Train learns the model from the data at hand, with no labels.
//
// The u probabilities come from random record pairs, almost all of them different people.
// The m probabilities come from expectation maximisation on candidate pairs, but never on
// all of them at once: candidate pairs are full of namesakes who share a name and a city, and
// EM would learn "same name" instead of "same person". Instead, as Splink does with its
// blocking rules, each strong field (phone, e-mail, birth date, exact extra fields) selects
// the candidate pairs that agree on it, EM runs on those, and the m it learns serves the
// other fields. Last, the prior that two records are one person is the fixed point of the
// expected number of matching pairs under the model.
//
// Train needs at least two stored records. Writers wait while it runs; Match calls go on
// with the previous model until it finishes.
func (m *Matcher) Train(ctx context.Context, opt TrainOptions) (TrainReport, error) {
	if opt.RandomPairs <= 0 {
		opt.RandomPairs = min(max(200_000, 2*m.Len()), 2_000_000)
	}
	var queries []*features
	for _, r := range opt.Queries {
		if q, _, err := m.prepare(r); err == nil {
			queries = append(queries, q)
		}
	}

	m.mu.RLock()
	nf := len(m.model.Fields)
	live := make([]uint32, 0, m.live)
	for n, f := range m.recs {
		if f != nil {
			live = append(live, uint32(n))
		}
	}
	if len(live) < 2 {
		m.mu.RUnlock()
		return TrainReport{}, fmt.Errorf("match: train needs at least two records, have %d", len(live))
	}
	rep := TrainReport{}

	random := score.NewPatterns(nf)
	rng := rand.New(rand.NewPCG(opt.Seed, 0x1d5eed))
	sc := m.schema.newScratch()
	for i := 0; i < opt.RandomPairs; i++ {
		a := live[rng.IntN(len(live))]
		b := live[rng.IntN(len(live))]
		if a == b {
			continue
		}
		m.compare(m.recs[a], m.recs[b], sc)
		random.Add(sc.vec)
	}
	rep.RandomPairs = int(random.Total())

	strong := m.strongFields()
	all, sessions, err := m.candidatePatterns(ctx, queries, strong)
	m.mu.RUnlock()
	if err != nil {
		return rep, err
	}
	rep.CandidatePairs = int(all.Total())
	if all.Total() == 0 {
		return rep, fmt.Errorf("match: train found no candidate pairs")
	}

	mod := m.Model()
	if err := mod.EstimateU(random); err != nil {
		return rep, fmt.Errorf("match: estimating u: %w", err)
	}
	rep.Sessions = m.learnM(mod, strong, sessions, opt.EM)
	m.mu.RLock()
	same, diff := m.labelPatterns(opt, &rep)
	m.mu.RUnlock()
	applyLabels(mod, same, diff, opt.LabelWeight)

	var possible float64
	n := float64(len(live))
	if queries == nil {
		possible = n * (n - 1) / 2
	} else {
		possible = float64(len(queries)) * n
	}
	// The prior and u depend on each other: random pairs include a few true matches (the
	// base's duplicates), which would make phones and e-mails look shared. Two rounds of
	// taking the expected matches out of the random pairs settle both.
	rep.PairPrior = m.cfg.dupRate / n
	for round := 0; round < 3; round++ {
		w, err := mod.Compile()
		if err != nil {
			return rep, fmt.Errorf("match: %w", err)
		}
		rep.PairPrior = pairPriorFixedPoint(w, all, possible, rep.PairPrior)
		if round == 2 {
			break
		}
		nonMatchU(mod, w, random, rep.PairPrior)
	}
	mod.Prior = rep.PairPrior
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.setModel(mod); err != nil {
		return rep, err
	}
	if queries == nil {
		// A link prior (a contact against one record) is not a dedup prior: keep them apart.
		m.pairPrior = rep.PairPrior
	}
	rep.Model = cloneModel(mod)
	return rep, nil
}

// strongFields are the fields whose exact agreement nearly always means one person, so that
// the pairs agreeing on one of them are mostly matches: phone, e-mail, full birth date, and
// extra fields of the exact and date kinds.
func (m *Matcher) strongFields() []int {
	var fs []int
	for i, f := range m.schema.fields {
		if f.Identifier {
			fs = append(fs, i)
		}
	}
	return fs
}

// minSessionPairs is the fewest pairs an EM session needs to be trusted.
const minSessionPairs = 30

// learnM runs one EM session per strong field and sets each field's m to the average of the
// sessions that did not condition on it, weighted by the matches each session found times
// its share of matches. A field no session informs keeps its m. mod's u must already hold
// the random-pair estimate.
func (m *Matcher) learnM(mod *score.Model, strong []int, sessions []*score.Patterns, opt score.EMOptions) []TrainSession {
	nf := len(mod.Fields)
	sum := make([][]float64, nf)
	weight := make([]float64, nf)
	for i := range sum {
		sum[i] = make([]float64, len(mod.Fields[i].Levels))
	}
	var out []TrainSession
	type fit struct {
		field  int
		model  *score.Model
		weight float64
	}
	var fits []fit
	for k, f := range strong {
		p := sessions[k]
		ts := TrainSession{Field: mod.Fields[f].Name, Pairs: int(p.Total())}
		if p.Total() < minSessionPairs {
			ts.Err = fmt.Errorf("match: %d pairs agree on %s, fewer than %d", p.Total(), ts.Field, minSessionPairs)
			out = append(out, ts)
			continue
		}
		s := cloneModel(mod)
		s.Prior = 0.5
		ts.EM, ts.Err = s.TrainEM(p, opt)
		if ts.Err == nil {
			ts.MatchShare = s.Prior
			fits = append(fits, fit{f, s, s.Prior * s.Prior * float64(p.Total())})
		}
		out = append(out, ts)
	}
	// A session whose pairs are mostly not matches (a birth date shared by chance among
	// many namesakes in a large base) learns a blend of persons and namesakes; it is left
	// out when a purer session exists, and the others count by matches times purity.
	pure := false
	for _, x := range fits {
		pure = pure || x.model.Prior >= 0.5
	}
	for _, x := range fits {
		if pure && x.model.Prior < 0.5 {
			continue
		}
		for i := range x.model.Fields {
			if i == x.field {
				continue
			}
			weight[i] += x.weight
			for j, l := range x.model.Fields[i].Levels {
				sum[i][j] += x.weight * l.M
			}
		}
	}
	for i := range mod.Fields {
		if weight[i] == 0 {
			continue
		}
		for j := range mod.Fields[i].Levels {
			mod.Fields[i].Levels[j].M = sum[i][j] / weight[i]
		}
	}
	return out
}

// nonMatchU sets each level's u to its share among random pairs weighted by their posterior
// probability of not being a match under prior lambda, with a pseudo-count of 0.1 per level
// so that an unseen level keeps a small u.
func nonMatchU(mod *score.Model, w *score.Weights, random *score.Patterns, lambda float64) {
	logOdds := math.Log2(lambda / (1 - lambda))
	counts := make([][]float64, len(mod.Fields))
	for i, f := range mod.Fields {
		counts[i] = make([]float64, len(f.Levels))
	}
	for v, n := range random.All() {
		non := float64(n) * (1 - score.Probability(w.Weight(v)-w.PriorBits()+logOdds))
		for i, l := range v {
			if int(l) < len(counts[i]) {
				counts[i][l] += non
			}
		}
	}
	for i := range mod.Fields {
		total := 0.0
		for _, c := range counts[i] {
			total += c + 0.1
		}
		if total <= 0.1*float64(len(counts[i]))+1 {
			continue // the field was never observed: keep its u
		}
		for j := range mod.Fields[i].Levels {
			mod.Fields[i].Levels[j].U = (counts[i][j] + 0.1) / total
		}
	}
}

// pairPriorFixedPoint finds the prior λ that two records are one person as the fixed point
// of λ = E[matching pairs | λ] / possible pairs: the candidate pairs' posterior match
// probabilities under the model, summed (pairs outside the candidates count as non-matches).
func pairPriorFixedPoint(w *score.Weights, cand *score.Patterns, possible, start float64) float64 {
	lambda := clampProb(start)
	for iter := 0; iter < 100; iter++ {
		logOdds := math.Log2(lambda / (1 - lambda))
		expected := 0.0
		for v, n := range cand.All() {
			expected += float64(n) * score.Probability(w.Weight(v)-w.PriorBits()+logOdds)
		}
		next := clampProb(expected / possible)
		if math.Abs(next-lambda) <= 1e-4*lambda {
			return next
		}
		lambda = next
	}
	return lambda
}

func clampProb(p float64) float64 {
	return math.Min(math.Max(p, 1e-12), 0.5)
}

// candidatePatterns collects the comparison vectors of candidate pairs, all of them and, for
// each strong field, those that agree exactly on it. Query-to-record pairs are used when
// queries are given, else record pairs from the index. mu is held for reading.
func (m *Matcher) candidatePatterns(ctx context.Context, queries []*features, strong []int) (*score.Patterns, []*score.Patterns, error) {
	nf := len(m.model.Fields)
	type local struct {
		all      *score.Patterns
		sessions []*score.Patterns
		sc       *scratch
	}
	newLocal := func() *local {
		l := &local{all: score.NewPatterns(nf), sc: m.schema.newScratch()}
		for range strong {
			l.sessions = append(l.sessions, score.NewPatterns(nf))
		}
		return l
	}
	parts := make([]*local, m.cfg.workers)
	err := m.parallel(ctx, queries, func(w int, _, _ uint32, a, b *features) {
		l := parts[w]
		if l == nil {
			l = newLocal()
			parts[w] = l
		}
		m.compare(a, b, l.sc)
		l.all.Add(l.sc.vec)
		for k, f := range strong {
			if l.sc.vec[f] == 0 {
				l.sessions[k].Add(l.sc.vec)
			}
		}
	})
	sum := newLocal()
	for _, l := range parts {
		if l == nil {
			continue
		}
		sum.all.Merge(l.all)
		for k := range strong {
			sum.sessions[k].Merge(l.sessions[k])
		}
	}
	return sum.all, sum.sessions, err
}

// pairBudget is the number of candidate pairs per record that deduplication and training aim
// to stay under when they choose the block cap.
const pairBudget = 32

// pairBlockCap is the block cap for enumerating record pairs: the matcher's cap, lowered
// until the candidate pairs the index would give stay within pairBudget per record (at
// least a million in all). A block of n records gives n(n-1)/2 pairs, so the cap that serves
// a single query well can flood a deduplication of a large base. mu is held for reading.
func (m *Matcher) pairBlockCap() int {
	budget := uint64(max(pairBudget*m.live, 1_000_000))
	c := m.cfg.maxBlock
	if c <= 0 {
		c = 1 << 30
	}
	for c > 2 && m.ix.Stats(0, c).EstimatedPairs > budget {
		c = c * 2 / 3
	}
	return c
}

// parallel calls fn for every candidate pair on the matcher's workers: (query, record) pairs
// when queries is not nil, else each pair of stored records once. fn gets its worker number
// so it can keep per-worker state, and the pair's numbers (for a query, its index in queries).
// mu is held for reading.
func (m *Matcher) parallel(ctx context.Context, queries []*features, fn func(w int, a, b uint32, fa, fb *features)) error {
	return m.parallelCap(ctx, queries, m.pairBlockCap(), fn)
}

// parallelCap is parallel with the block cap for record pairs given.
func (m *Matcher) parallelCap(ctx context.Context, queries []*features, pairCap int, fn func(w int, a, b uint32, fa, fb *features)) error {
	const chunk = 1024
	var total int
	if queries != nil {
		total = len(queries)
	} else {
		total = len(m.recs)
	}
	next := make(chan int)
	var wg sync.WaitGroup
	keysOf := func(n uint32) []string {
		if f := m.recs[n]; f != nil {
			return m.keys(f, nil)
		}
		return nil
	}
	for w := 0; w < m.cfg.workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for lo := range next {
				hi := min(lo+chunk, total)
				if queries != nil {
					for i, q := range queries[lo:hi] {
						c := m.candidatesLocked(m.keys(q, nil))
						for n := range c.All() {
							if f := m.recs[n]; f != nil {
								fn(w, uint32(lo+i), n, q, f)
							}
						}
					}
					continue
				}
				for a, b := range m.ix.Pairs(uint32(lo), uint32(hi), keysOf, pairCap) {
					fa, fb := m.recs[a], m.recs[b]
					if fa != nil && fb != nil {
						fn(w, a, b, fa, fb)
					}
				}
			}
		}(w)
	}
	var err error
	for lo := 0; lo < total; lo += chunk {
		if err = ctx.Err(); err != nil {
			break
		}
		next <- lo
	}
	close(next)
	wg.Wait()
	return err
}
