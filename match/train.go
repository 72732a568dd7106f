package match

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
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
	// CandidatePairs bounds the candidate pairs training compares: when the base offers
	// more, EM runs on the pairs of an even sample of the records, chosen by a hash of their
	// IDs (with Queries, on the pairs of a sample of the contacts, chosen by a hash of their
	// values); default 1,500,000. The patterns of a few hundred thousand pairs already pin
	// every m down, and comparing all of a million records' pairs would cost as much as the
	// deduplication itself.
	CandidatePairs int
	// Seed makes the random pairs reproducible.
	Seed uint64
	// EM tunes the expectation-maximisation run.
	EM score.EMOptions
	// Labels are a reviewer's answers about pairs of stored records, QueryLabels about a
	// contact and a stored record. Training learns from the data first, then fits the
	// answers as a regression whose prior is what it learnt: each level's m is tilted and
	// the prior shifted (for contacts, the prior of "none of the customers", see
	// TrainReport.NonePrior) so that the model gives the answered cases the probabilities
	// their answers show, within normal priors that keep a few answers from moving it far.
	// Cases are asked because the model is unsure of them, so their comparison levels are
	// no sample of all matches' and m is not counted from them. Labels naming records that
	// are not stored are reported in TrainReport.LabelErrors and otherwise ignored. Dedup
	// keeps the answers as well when given them (DedupOptions.Labels).
	Labels      []Label
	QueryLabels []QueryLabel
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
	// CandidateShare is the share of the base's candidate pairs that training compared:
	// 1 on a small base; on a large one an even sample (by record ID) of about
	// TrainOptions.CandidatePairs pairs. With queries, it is the share of the contacts
	// whose candidate pairs were compared.
	CandidateShare float64
	// Sessions are the EM runs, one for each field strong enough to condition on.
	Sessions []TrainSession
	// PairPrior is the learnt prior probability that two records are one person (for a link,
	// that a contact is a given record).
	PairPrior float64
	// Model is the model now in use.
	Model *score.Model
	// Notes say what could not be learnt from the data and was kept from the built-in model.
	Notes []string
	// LabelledSame and LabelledDifferent count the labels used, LabelledContacts those of
	// them that are QueryLabels; LabelErrors are the labels that could not be used.
	LabelledSame, LabelledDifferent, LabelledContacts int
	LabelErrors                                       []error
	// NonePrior is the prior probability that a contact is none of the stored customers,
	// which Match then uses: learnt from the contacts (Queries) unless WithNonePrior fixed
	// it, as the share of them that the model, at that prior, gives to "none of the
	// customers"; then corrected by the QueryLabels. 0 when training had neither contacts
	// to learn from nor QueryLabels, and Match keeps the option's value.
	NonePrior float64
}

// TrainSession is one EM run on the candidate pairs that agree exactly on Field. Its m
// probabilities serve every field but Field.
type TrainSession struct {
	Field string
	Pairs int
	// Share is the share of the pairs agreeing on Field that Pairs counts: 1, or on a
	// sampled base (TrainReport.CandidateShare below 1) the sample's share for a field whose
	// pairs are not all looked up.
	Share float64
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
// expected number of matching pairs under the model; given contacts, so is the prior that a
// contact is none of the customers (the share of them the model gives to "none"), unless
// WithNonePrior fixed it.
//
// Train needs at least two stored records. Writers wait while it runs; Match calls go on
// with the previous model until it finishes.
func (m *Matcher) Train(ctx context.Context, opt TrainOptions) (TrainReport, error) {
	if opt.RandomPairs <= 0 {
		opt.RandomPairs = min(max(200_000, 2*m.Len()), 2_000_000)
	}
	if opt.CandidatePairs <= 0 {
		opt.CandidatePairs = defaultTrainPairs
	}
	var queries []*features
	for _, r := range opt.Queries {
		if q, _, err := m.prepare(r); err == nil {
			queries = append(queries, q)
		}
	}

	m.mu.RLock()
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
	random := m.randomPatterns(live, opt.RandomPairs, opt.Seed, &rep)
	rep.RandomPairs = int(random.Total())

	strong := m.strongFields()
	share, pairShare := 1.0, 1.0
	if queries == nil {
		share, pairShare = m.trainShare(opt.CandidatePairs)
	} else {
		queries, pairShare = m.sampleQueries(queries, opt.CandidatePairs)
	}
	all, sessions, err := m.candidatePatterns(ctx, queries, strong, share)
	m.mu.RUnlock()
	if err != nil {
		return rep, err
	}
	rep.CandidatePairs, rep.CandidateShare = int(all.Total()), pairShare
	if all.Total() == 0 {
		return rep, fmt.Errorf("match: train found no candidate pairs")
	}

	var possible, prior0 float64
	n := float64(len(live))
	if queries == nil {
		// Sampled pairs stand for their share of all pairs.
		possible = pairShare * n * (n - 1) / 2
		prior0 = clampProb(m.cfg.dupRate / max(n-1, 1))
	} else {
		possible = float64(len(queries)) * n
		prior0 = clampProb((1 - m.cfg.priorNone) / n)
	}
	shares := make([]float64, len(strong))
	for k, f := range strong {
		shares[k] = pairShare
		if queries == nil && pairShare < 1 && m.schema.indexedIdentifier(f) {
			shares[k] = 1 // all of them: see candidatePatterns
		}
	}
	var noneFrom func(*score.Weights) (float64, error)
	if queries != nil && !m.cfg.noneFixed {
		noneFrom = func(w *score.Weights) (float64, error) {
			m.mu.RLock()
			defer m.mu.RUnlock()
			masses, err := m.contactMasses(ctx, evenSample(queries, noneSampleContacts), w)
			return noneFixedPoint(masses, float64(m.live), m.cfg.priorNone), err
		}
	}
	mod, err := m.estimate(&rep, random, all, sessions, shares, strong, possible, prior0, opt, noneFrom)
	if err != nil {
		return rep, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.setModel(mod); err != nil {
		return rep, err
	}
	if queries == nil {
		// A link prior (a contact against one record) is not a dedup prior: keep them apart.
		m.pairPrior, m.duplicates = rep.PairPrior, rep.PairPrior*max(n-1, 0)
	}
	m.nonePrior = rep.NonePrior
	rep.Model = mod.Clone()
	return rep, nil
}

// estimate learns a model from pattern tables: u from the random pairs, m from one EM
// session per identifier, the labels, and the prior of a pair among possible pairs (prior0
// where the data cannot tell). noneFrom, when not nil, learns the prior of "none of the
// customers" under the model before the labels correct it (see noneFixedPoint). It fills
// rep and does not modify the tables. Train and TrainPatterns share it.
func (m *Matcher) estimate(rep *TrainReport, random, all *score.Patterns, sessions []*score.Patterns, shares []float64, strong []int,
	possible, prior0 float64, opt TrainOptions, noneFrom func(*score.Weights) (float64, error)) (*score.Model, error) {
	// EM starts from the model in use (after an earlier training, closer to the data than
	// the built-in one), and every estimate shrinks towards the built-in model in
	// proportion to the data behind it: a handful of pairs leaves the built-in model nearly
	// as it is instead of a degenerate one.
	def := m.schema.model()
	mod := m.Model()
	if err := mod.EstimateU(random); err != nil {
		return nil, fmt.Errorf("match: estimating u: %w", err)
	}
	shrinkU(mod, def, float64(random.Total()))
	rep.Sessions = m.learnM(mod, def, strong, sessions, opt.EM, rep)
	for k := range rep.Sessions {
		rep.Sessions[k].Share = 1
		if k < len(shares) {
			rep.Sessions[k].Share = shares[k]
		}
	}
	m.mu.RLock()
	labelled := m.labelCases(opt, rep)
	live := float64(m.live)
	m.mu.RUnlock()
	m.constrain(mod, def)

	// The prior and u depend on each other: random pairs include a few true matches (the
	// base's duplicates), which would make phones and e-mails look shared. Two rounds of
	// taking the expected matches out of the random pairs settle both.
	// Sessions are counted at full scale (Share), so their pairs are over all possible pairs.
	full := possible
	if rep.CandidateShare > 0 {
		full = possible / rep.CandidateShare
	}
	idPrior := identifierPrior(mod, rep.Sessions, full)
	if idPrior == 0 {
		rep.Notes = append(rep.Notes, "prior: no identifier session found enough matches to estimate it; the built-in prior (the duplicate rate) is kept")
	}
	rep.PairPrior = prior0
	for round := 0; round < 3; round++ {
		w, err := mod.Compile()
		if err != nil {
			return nil, fmt.Errorf("match: %w", err)
		}
		rep.PairPrior = pairPriorFixedPoint(w, all, possible, prior0)
		if idPrior == 0 {
			// No identifier shows which pairs are certainly one person: the fixed point
			// would be counting namesakes; the built-in prior stays.
			rep.PairPrior = prior0
		} else if rep.PairPrior > 1.5*idPrior {
			// Namesake crowds make many candidate pairs look half likely, which inflates
			// the fixed point; the pairs an identifier finds, over the share of matches
			// that agree on it, bound it from below (errors come together, so somewhat
			// low): a fixed point more than twice that bound is cut to twice the bound.
			rep.PairPrior = 1.5 * idPrior
		}
		if round == 2 {
			break
		}
		nonMatchU(mod, w, random, rep.PairPrior)
		shrinkU(mod, def, float64(random.Total()))
		m.constrain(mod, def)
	}
	noneP, noneSD := m.cfg.priorNone, noneShiftSD
	if noneFrom != nil {
		noneSD = learntNoneShiftSD
		w, err := mod.Compile()
		if err != nil {
			return nil, fmt.Errorf("match: %w", err)
		}
		if noneP, err = noneFrom(w); err != nil {
			return nil, err
		}
		rep.NonePrior = noneP
	}
	if len(labelled) > 0 {
		// The answers correct the model last: each level's m, the prior and, for contacts,
		// the prior of "none of the customers" (see fitLabels).
		if w, err := mod.Compile(); err == nil {
			pb := math.Log2(rep.PairPrior / (1 - rep.PairPrior))
			fit := fitLabels(mod, w, labelled, pb, m.noneBits(live, noneP), noneSD, m.heldLevel)
			m.constrain(mod, def)
			rep.PairPrior = clampProb(score.Probability(pb + fit.pairShift))
			if rep.LabelledContacts > 0 {
				rep.NonePrior = min(max(score.Probability(math.Log2(noneP/(1-noneP))-fit.noneShift), 1e-6), 1-1e-6)
			}
		}
	}
	mod.Prior = rep.PairPrior
	return mod, nil
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

// maxSessionOthers is how many records other than the pair may hold the identifier a
// session conditions on, when households share the field (a phone, an e-mail): a third
// record is most often the same person's, a fourth a relative's.
const maxSessionOthers = 1

// sessionOthers is how many other records may hold a value of field f for a pair agreeing on
// it to condition EM: maxSessionOthers for fields households share, and for the others (a
// birth date, a document number) fewer than the holders from which the value counts as
// shared (minSharedHolders), since one person's duplicates all hold it.
func (s *schema) sessionOthers(f int) int {
	if s.fields[f].HouseholdLevel != 0 {
		return maxSessionOthers
	}
	return minSharedHolders - 1
}

// learnM runs one EM session per strong field and sets each field's m to the average of the
// sessions that did not condition on it, weighted by the matches each session found times
// its share of matches. A field no session informs keeps its m. mod's u must already hold
// the random-pair estimate.
func (m *Matcher) learnM(mod, def *score.Model, strong []int, sessions []*score.Patterns, opt score.EMOptions, rep *TrainReport) []TrainSession {
	nf := len(mod.Fields)
	sum := make([][]float64, nf)
	weight := make([]float64, nf)
	matches := make([]float64, nf) // the expected matches behind each field's estimate
	for i := range sum {
		sum[i] = make([]float64, len(mod.Fields[i].Levels))
	}
	var out []TrainSession
	type fit struct {
		field   int
		model   *score.Model
		weight  float64
		matches float64
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
		s := mod.Clone()
		s.Prior = 0.5
		// Every pair of the session agrees on f: f cannot tell its matches from its
		// non-matches, and must not seem to. With u from random pairs, the agreement alone
		// would weigh some twenty bits in the first E-step, call every pair a match, and
		// leave EM in the one-class solution (every namesake sharing a mailbox "the same
		// person", m of birth-date disagreement learnt from them).
		for j := range s.Fields[f].Levels {
			s.Fields[f].Levels[j].U = s.Fields[f].Levels[j].M
		}
		ts.EM, ts.Err = s.TrainEM(p, opt)
		if ts.Err == nil {
			ts.MatchShare = s.Prior
			fits = append(fits, fit{f, s, s.Prior * s.Prior * float64(p.Total()), s.Prior * float64(p.Total())})
		}
		out = append(out, ts)
	}
	// A session whose pairs are mostly not matches (a birth date shared by chance among
	// many namesakes in a large base) learns a blend of persons and namesakes; it is left
	// out, and the others count by matches times purity.
	pure := false
	for _, x := range fits {
		pure = pure || x.model.Prior >= 0.5
	}
	if !pure && len(fits) > 0 {
		rep.Notes = append(rep.Notes, "m: every EM session found mostly pairs of different people (identifiers shared by many); the built-in m is kept")
	}
	for _, x := range fits {
		if x.model.Prior < 0.5 {
			continue // a blend of persons and namesakes: it would teach that names disagree
		}
		for i := range x.model.Fields {
			if i == x.field {
				continue
			}
			weight[i] += x.weight
			matches[i] += x.matches
			for j, l := range x.model.Fields[i].Levels {
				sum[i][j] += x.weight * l.M
			}
		}
	}
	learnt := 0
	for i := range mod.Fields {
		if weight[i] == 0 {
			continue
		}
		learnt++
		// m shrinks towards the built-in value with mPseudoMatches pseudo-matches.
		k := matches[i] / (matches[i] + mPseudoMatches)
		for j := range mod.Fields[i].Levels {
			mod.Fields[i].Levels[j].M = k*sum[i][j]/weight[i] + (1-k)*def.Fields[i].Levels[j].M
		}
	}
	if learnt == 0 {
		rep.Notes = append(rep.Notes, fmt.Sprintf("m: no EM session had %d pairs agreeing on an identifier held by this pair alone; the built-in m is kept", minSessionPairs))
	}
	return out
}

// Pseudo-counts of the built-in model: every estimate is a blend of what the data says
// and the built-in value, weighted by the data behind it against these counts.
const (
	mPseudoMatches = 20   // expected matches
	uPseudoPairs   = 2000 // random pairs
	priorPseudo    = 1000 // record pairs
)

// identifierPrior estimates the prior that two records are one person from the EM sessions
// that found mostly matches: each session's expected matches, divided by the share of all
// matches that agree on its identifier (the identifier's m0, learnt from the other
// sessions), over the possible pairs; the sessions' estimates weigh by their matches. It
// is 0 when no session can tell.
func identifierPrior(mod *score.Model, sessions []TrainSession, possible float64) float64 {
	best := 0.0
	for _, ts := range sessions {
		if ts.Err != nil || ts.MatchShare < 0.5 || ts.Pairs < minSessionPairs {
			continue
		}
		for _, f := range mod.Fields {
			if f.Name == ts.Field && f.Levels[0].M > 0.05 {
				best = max(best, ts.MatchShare*float64(ts.Pairs)/ts.Share/f.Levels[0].M/possible)
			}
		}
	}
	if best == 0 {
		return 0
	}
	return clampProb(best)
}

// constrain holds what the data cannot teach: the household levels (holdHousehold), the
// order of graded levels (keepGraded) and the most a level can tell (boundBits).
func (m *Matcher) constrain(mod, def *score.Model) {
	m.holdHousehold(mod, def)
	m.keepGraded(mod)
	m.boundBits(mod)
}

// boundBits keeps each level with a Field.MaxBits bound at most that many bits, raising its
// u where the data made it less.
func (m *Matcher) boundBits(mod *score.Model) {
	for i, f := range m.schema.fields {
		lv := mod.Fields[i].Levels
		for j, b := range f.MaxBits {
			if b == 0 || lv[j].M <= 0 {
				continue
			}
			raiseU(lv, j, lv[j].M/math.Exp2(b))
		}
	}
}

// keepGraded keeps each graded level of a field at most as much evidence as the level
// before it, raising its u where EM made it more (a typo'd given name would otherwise weigh
// more than the exact one when random pairs rarely spell alike). The u added comes from the
// last level, disagreement.
func (m *Matcher) keepGraded(mod *score.Model) {
	for i, f := range m.schema.fields {
		lv := mod.Fields[i].Levels
		for j := 1; j < f.Graded; j++ {
			if lv[j-1].M <= 0 || lv[j].M <= 0 {
				continue
			}
			raiseU(lv, j, lv[j].M*lv[j-1].U/lv[j-1].M)
		}
	}
}

// raiseU raises the u of level j of lv to minU where it is less, taking the u added from the
// last level (disagreement) so that the u still sum to 1; it leaves u alone when the last
// level has not that much to give.
func raiseU(lv []score.Level, j int, minU float64) {
	last := len(lv) - 1
	if lv[j].U < minU && lv[last].U > minU-lv[j].U {
		lv[last].U -= minU - lv[j].U
		lv[j].U = minU
	}
}

// holdHousehold puts back the built-in m and u of each household level, scaling the
// field's other levels so that each sum stays 1, after the m EM gave it moves to the level
// of a shared value. Neither random pairs nor EM sessions
// (which never condition on it) see how often families share an identifier.
func (m *Matcher) holdHousehold(mod, def *score.Model) {
	for i, f := range m.schema.fields {
		h := int(f.HouseholdLevel)
		if h == 0 {
			continue
		}
		lv, dl := mod.Fields[i].Levels, def.Fields[i].Levels
		// The matches EM saw at the household level share the identifier (a person's
		// records on a phone their family holds too): they count as sharing it.
		lv[0].M += lv[h].M
		lv[h].M = 0
		var restM, restU float64
		for j := range lv {
			if j != h {
				restM += lv[j].M
				restU += lv[j].U
			}
		}
		for j := range lv {
			if j == h {
				lv[j].M, lv[j].U = dl[j].M, dl[j].U
				continue
			}
			lv[j].M *= (1 - dl[h].M) / restM
			lv[j].U *= (1 - dl[h].U) / restU
		}
	}
}

// shrinkU blends each level's u with the built-in u, by n random pairs against
// uPseudoPairs, in log space: the evidence a level weighs is the blend of what the data and
// the built-in model say. An additive blend would let the built-in u of a common value
// (0.01 for any exact field) swamp a rare one's: 200,000 random pairs none of which share a
// document number would still leave it a u of 1e-4. The blended u are then scaled to sum
// to 1.
func shrinkU(mod, def *score.Model, n float64) {
	k := n / (n + uPseudoPairs)
	for i := range mod.Fields {
		lv, dl := mod.Fields[i].Levels, def.Fields[i].Levels
		sum := 0.0
		for j := range lv {
			if u, d := lv[j].U, dl[j].U; u > 0 && d > 0 {
				lv[j].U = math.Exp(k*math.Log(u) + (1-k)*math.Log(d))
			} else {
				lv[j].U = k*u + (1-k)*d
			}
			sum += lv[j].U
		}
		if sum > 0 {
			for j := range lv {
				lv[j].U /= sum
			}
		}
	}
}

// randomPatterns compares random pairs of the live records, drawn without replacement and
// never more than exist (all of them when there are few). The records are taken in the
// order of a hash of their IDs, so the pairs do not depend on the order the records came
// in. mu is held for reading.
func (m *Matcher) randomPatterns(live []uint32, want int, seed uint64, rep *TrainReport) *score.Patterns {
	hashes := make([]uint64, len(live))
	for i, n := range live {
		hashes[i] = idHash(m.recs[n].id())
	}
	order := make([]int, len(live))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(x, y int) int {
		if c := cmp.Compare(hashes[x], hashes[y]); c != 0 {
			return c
		}
		return cmp.Compare(m.recs[live[x]].id(), m.recs[live[y]].id())
	})
	n := uint64(len(live))
	possible := n * (n - 1) / 2
	var picked []uint64
	if uint64(want) >= possible {
		picked = make([]uint64, possible)
		for pair := range picked {
			picked[pair] = uint64(pair)
		}
		if possible < uPseudoPairs {
			rep.Notes = append(rep.Notes, fmt.Sprintf("u: only %d record pairs exist; u stays close to the built-in values", possible))
		}
	} else {
		rng := rand.New(rand.NewPCG(seed, 0x1d5eed))
		picked = make([]uint64, 0, want)
		for round := 0; round < 8 && len(picked) < want; round++ {
			for len(picked) < want {
				picked = append(picked, rng.Uint64N(possible))
			}
			slices.Sort(picked)
			picked = slices.Compact(picked)
		}
	}
	// The pairs are compared on all workers, in the order of their first record's number,
	// so that one side of each pair is read in memory order.
	recPairs := make([][2]uint32, len(picked))
	for k, pair := range picked {
		i, j := unrank(pair)
		recPairs[k] = [2]uint32{live[order[i]], live[order[j]]}
	}
	picked = nil
	slices.SortFunc(recPairs, func(x, y [2]uint32) int {
		if c := cmp.Compare(x[0], y[0]); c != 0 {
			return c
		}
		return cmp.Compare(x[1], y[1])
	})
	workers := max(1, min(m.cfg.workers, len(recPairs)/4096))
	parts := make([]*score.Patterns, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p, sc := score.NewPatterns(len(m.schema.fields)), m.schema.newScratch()
			part := recPairs[w*len(recPairs)/workers : (w+1)*len(recPairs)/workers]
			ahead := m.newReadAhead(func(a, b uint32) {
				m.compare(m.recs[a], m.recs[b], sc)
				p.Add(sc.vec)
			})
			for _, rp := range part {
				ahead.add(rp[0], rp[1])
			}
			ahead.flush()
			parts[w] = p
		}()
	}
	wg.Wait()
	for _, p := range parts[1:] {
		parts[0].Merge(p)
	}
	// Rows in a canonical order: the estimates sum over them, and the pairs' order above
	// follows record numbers, which follow the order of the rows.
	return sortedPatterns(parts[0])
}

// unrank maps a pair number in [0, n(n-1)/2) to the pair (i, j), j < i.
func unrank(p uint64) (uint64, uint64) {
	i := uint64((1 + math.Sqrt(1+8*float64(p))) / 2)
	for i*(i-1)/2 > p {
		i--
	}
	for (i+1)*i/2 <= p {
		i++
	}
	return i, p - i*(i-1)/2
}

// idHash is FNV-1a of an ID.
func idHash(s string) uint64 { return fnvString(fnvOffset, s) }

// sortedPatterns returns p's vectors in lexicographic order, so that sums over them (EM,
// the prior) do not depend on the order in which workers found them.
func sortedPatterns(p *score.Patterns) *score.Patterns {
	type row struct {
		v score.Vector
		n uint64
	}
	rows := make([]row, 0, p.Len())
	for v, n := range p.All() {
		rows = append(rows, row{v, n})
	}
	slices.SortFunc(rows, func(a, b row) int { return slices.Compare(a.v, b.v) })
	out := score.NewPatterns(p.Fields())
	for _, r := range rows {
		out.AddN(r.v, r.n)
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
// The estimate shrinks towards start with priorPseudo pseudo-pairs.
func pairPriorFixedPoint(w *score.Weights, cand *score.Patterns, possible, start float64) float64 {
	lambda := clampProb(start)
	for iter := 0; iter < 100; iter++ {
		logOdds := math.Log2(lambda / (1 - lambda))
		expected := 0.0
		for v, n := range cand.All() {
			expected += float64(n) * score.Probability(w.Weight(v)-w.PriorBits()+logOdds)
		}
		next := clampProb((expected + priorPseudo*start) / (possible + priorPseudo))
		if math.Abs(next-lambda) <= 1e-4*lambda {
			return next
		}
		lambda = next
	}
	return lambda
}

func clampProb(p float64) float64 {
	// Plain comparisons: math.Min and math.Max cost more than the rest of a frequency, and
	// this runs several times a pair. NaN stays NaN, as with them.
	switch {
	case p < 1e-12:
		return 1e-12
	case p > 0.5:
		return 0.5
	}
	return p
}

// defaultTrainPairs is TrainOptions.CandidatePairs's default.
const defaultTrainPairs = 1_500_000

// trainShare is the share of stored records whose pairs training compares so that about
// budget candidate pairs are compared: 1 when the index offers fewer. A pair is compared when
// either of its records is sampled, so the share of pairs is f(2-f) for a share f of records.
// mu is held for reading.
func (m *Matcher) trainShare(budget int) (records, pairs float64) {
	sizes := m.ix.BlockSizes()
	est := pairsUnder(sizes, m.PairBlockCap(int64(m.live), sizes))
	if est <= uint64(budget) {
		return 1, 1
	}
	q := float64(budget) / float64(est)
	f := 1 - math.Sqrt(1-q)
	return f, f * (2 - f)
}

// sampleQueries returns the contacts whose candidate pairs training compares, and their
// share: all of them when their pairs, estimated from a probe of about 500 contacts, fit in
// budget; else a share of them. Both the probe and the share are chosen by a hash of each
// contact's values, so that neither depends on the contacts' order. mu is held for reading.
func (m *Matcher) sampleQueries(queries []*features, budget int) ([]*features, float64) {
	const probe = 500
	inProbe := min(float64(probe)/float64(len(queries)), 1) * (1 << 32)
	var pairs, probed float64
	for _, q := range queries {
		if float64(queryHash(q)>>32) < inProbe {
			pairs += float64(m.candidatesLocked(m.keys(q, nil)).IDs.GetCardinality())
			probed++
		}
	}
	if probed == 0 {
		return queries, 1
	}
	est := pairs / probed * float64(len(queries))
	if est <= float64(budget) {
		return queries, 1
	}
	share := float64(budget) / est
	var out []*features
	for _, q := range queries {
		if float64(queryHash(q)>>32) < share*(1<<32) {
			out = append(out, q)
		}
	}
	if len(out) == 0 {
		return queries, 1
	}
	return out, float64(len(out)) / float64(len(queries))
}

// queryHash hashes a prepared contact's values.
func queryHash(f *features) uint64 {
	h := fnvOffset
	for i := range int(f.nvals) {
		h = fnvString(h, f.key(i))
		h = (h ^ 0xff) * fnvPrime
	}
	return h
}

// sampledRecord reports whether the stored record n is among the share of records whose
// pairs training compares. The choice hangs on the record's ID alone, so it does not depend
// on the order records came in.
func (m *Matcher) sampledRecord(n uint32, share float64) bool {
	return share >= 1 || float64(m.recs[n].idHash) < share*(1<<32)
}

// candidatePatterns collects the comparison vectors of candidate pairs, all of them and, for
// each strong field, those that agree exactly on it. Query-to-record pairs are used when
// queries are given, else the record pairs from the index of which at least one record is in
// the sampled share. mu is held for reading.
func (m *Matcher) candidatePatterns(ctx context.Context, queries []*features, strong []int, share float64) (*score.Patterns, []*score.Patterns, error) {
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
	var sampled func(uint32) bool
	if share < 1 {
		sampled = func(n uint32) bool { return m.sampledRecord(n, share) }
	}
	limits := make([]int, len(strong))
	for k, f := range strong {
		limits[k] = m.schema.sessionOthers(f)
	}
	// On a sample, the pairs agreeing on an identifier the index holds are few and are
	// what EM learns from: they all come, found through the identifier's own small blocks
	// (fullSessions), not a share of them.
	fullSession := make([]bool, len(strong))
	if sampled != nil {
		for k, f := range strong {
			fullSession[k] = m.schema.indexedIdentifier(f)
		}
	}
	partOf := func(w int) *local {
		if parts[w] == nil {
			parts[w] = newLocal()
		}
		return parts[w]
	}
	addSessions := func(l *local, full bool) {
		for k, f := range strong {
			// Only values that identify: held by the pair and few other records (the
			// same person's, see sessionOthers). A value on many records (a reused
			// document number, a birth date in a large base) does not say that two of
			// them are one person.
			if fullSession[k] == full && l.sc.vec[f] == 0 && l.sc.others[f] <= limits[k] {
				l.sessions[k].Add(l.sc.vec)
			}
		}
	}
	err := m.parallelCap(ctx, queries, m.pairBlockCap(), sampled, func(w int, _, _ uint32, a, b *features) {
		l := partOf(w)
		m.compare(a, b, l.sc)
		l.all.Add(l.sc.vec)
		addSessions(l, false)
	})
	if err == nil && sampled != nil {
		err = m.identifierPairs(ctx, func(w int, a, b *features) {
			l := partOf(w)
			m.compare(a, b, l.sc)
			addSessions(l, true)
		})
	}
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
	for k := range sum.sessions {
		sum.sessions[k] = sortedPatterns(sum.sessions[k])
	}
	return sortedPatterns(sum.all), sum.sessions, err
}

// identifierPairs calls fn, on the matcher's workers, for every pair of stored records that
// share the key of an identifier the index holds (a phone, an e-mail, an exact extra field)
// held by fewer than minSharedHolders other records: the pairs a training session may learn
// from, found without looking at any other pair. mu is held for reading.
func (m *Matcher) identifierPairs(ctx context.Context, fn func(w int, a, b *features)) error {
	const chunk = 4096
	capOf := min(minSharedHolders+1, m.pairBlockCap()) // candidate pairs only
	next := make(chan uint32)
	var wg sync.WaitGroup
	hashesOf := func(n uint32, dst []uint64) []uint64 {
		if f := m.recs[n]; f != nil {
			return m.schema.identifierKeyHashes(f, dst)
		}
		return dst
	}
	for w := 0; w < m.cfg.workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for lo := range next {
				for a, b := range m.ix.PairsOfHashes(lo, lo+chunk, hashesOf, capOf) {
					if fa, fb := m.recs[a], m.recs[b]; fa != nil && fb != nil {
						fn(w, fa, fb)
					}
				}
			}
		}()
	}
	var err error
	for lo := 0; lo < len(m.recs); lo += chunk {
		if err = ctx.Err(); err != nil {
			break
		}
		next <- uint32(lo)
	}
	close(next)
	wg.Wait()
	return err
}

// pairBudget is the number of candidate pairs per record that deduplication and training aim
// to stay under when they choose the block cap.
const pairBudget = 32

// pairBlockCap is the block cap for enumerating record pairs: the matcher's cap, lowered
// until the candidate pairs the index would give stay within pairBudget per record (at
// least a million in all). A block of n records gives n(n-1)/2 pairs, so the cap that serves
// a single query well can flood a deduplication of a large base. mu is held for reading.
func (m *Matcher) pairBlockCap() int {
	return m.PairBlockCap(int64(m.live), m.ix.BlockSizes())
}

// sampledPairs calls fn for the candidate pairs of the sampled records numbered in [lo, hi)
// with any other record: a pair of two sampled records comes from the one that is compared
// first (features.before), so each pair comes once whatever the records' numbers.
func (m *Matcher) sampledPairs(w int, lo, hi uint32, keysOf func(uint32) []string, pairCap int, sampled func(uint32) bool, fn func(w int, a, b uint32, fa, fb *features)) {
	for a := lo; a < hi; a++ {
		fa := m.recs[a]
		if fa == nil || !sampled(a) {
			continue
		}
		ahead := m.newReadAhead(func(a, b uint32) {
			if fb := m.recs[b]; !(sampled(b) && fb.before(fa)) {
				fn(w, a, b, fa, fb)
			}
		})
		for b := range m.ix.Candidates(keysOf(a), pairCap).All() {
			if b != a {
				ahead.add(a, b)
			}
		}
		ahead.flush()
	}
}

// parallel calls fn for every candidate pair on the matcher's workers: (query, record) pairs
// when queries is not nil, else each pair of stored records once. fn gets its worker number
// so it can keep per-worker state, and the pair's numbers (for a query, its index in queries).
// mu is held for reading.
func (m *Matcher) parallel(ctx context.Context, queries []*features, fn func(w int, a, b uint32, fa, fb *features)) error {
	return m.parallelCap(ctx, queries, m.pairBlockCap(), nil, fn)
}

// localityOrder returns the positions of the records fs (nil ones left out) ordered by a
// hash of their surname, then of their given name, then by position: namesakes, whose
// blocks give most of the pairs, come one after another, and so do their candidates, which
// are then still in cache (at 1M records, Dedup's scoring took about 20% less time than in
// the order of record numbers).
func (s *schema) localityOrder(fs []*features) []uint32 {
	type rec struct {
		h  uint64
		id uint32
	}
	rs := make([]rec, 0, len(fs))
	for id, f := range fs {
		if f == nil {
			continue
		}
		var h uint64
		if p := s.person; p != nil {
			h = fnvString(fnvOffset, f.key(p.surname))&^0xffffffff | fnvString(fnvOffset, f.key(p.given))&0xffffffff
		}
		rs = append(rs, rec{h, uint32(id)})
	}
	slices.SortFunc(rs, func(x, y rec) int {
		if c := cmp.Compare(x.h, y.h); c != 0 {
			return c
		}
		return cmp.Compare(x.id, y.id)
	})
	out := make([]uint32, len(rs))
	for i, r := range rs {
		out[i] = r.id
	}
	return out
}

// parallelCap is parallel with the block cap for record pairs given; when sampled is not
// nil, only the record pairs of which at least one record is sampled come, each once.
func (m *Matcher) parallelCap(ctx context.Context, queries []*features, pairCap int, sampled func(uint32) bool, fn func(w int, a, b uint32, fa, fb *features)) error {
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
			ks := m.keys(f, nil)
			out := ks[:0]
			for _, k := range ks {
				if !strings.HasPrefix(k, auxKeyMark) {
					out = append(out, k)
				}
			}
			return out
		}
		return nil
	}
	hashesOf := func(n uint32, dst []uint64) []uint64 {
		if f := m.recs[n]; f != nil {
			return m.schema.pairKeyHashes(f, dst)
		}
		return dst
	}
	var order, qorder []uint32
	switch {
	case queries != nil:
		qorder = m.schema.localityOrder(queries)
		total = len(qorder)
	case sampled == nil:
		order = m.schema.localityOrder(m.recs)
		total = len(order)
	}
	for w := 0; w < m.cfg.workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for lo := range next {
				hi := min(lo+chunk, total)
				if queries != nil {
					for _, i := range qorder[lo:hi] {
						q := queries[i]
						c := m.candidatesLocked(m.keys(q, nil))
						ahead := m.newReadAhead(func(i, n uint32) { fn(w, i, n, q, m.recs[n]) })
						for n := range c.All() {
							ahead.add(i, n)
						}
						ahead.flush()
					}
					continue
				}
				if sampled != nil {
					m.sampledPairs(w, uint32(lo), uint32(hi), keysOf, pairCap, sampled, fn)
					continue
				}
				ahead := m.newReadAhead(func(a, b uint32) {
					if fa := m.recs[a]; fa != nil {
						fn(w, a, b, fa, m.recs[b])
					}
				})
				for a, b := range m.ix.PairsOfFirst(order[lo:hi], hashesOf, pairCap) {
					ahead.add(a, b)
				}
				ahead.flush()
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
