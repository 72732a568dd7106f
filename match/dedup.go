package match

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/idmatch/idmatch/score"
)

// DedupOptions controls Dedup. The zero value uses the defaults.
type DedupOptions struct {
	// Threshold is the pairwise match probability at which two records may join one
	// cluster; default 0.5.
	Threshold float64
	// KeepPairs returns the scored pairs in Clustering.Pairs: those whose probability is at
	// least PairFloor, or Threshold when PairFloor is zero.
	KeepPairs bool
	PairFloor float64
	// Labels are a reviewer's answers. Two records labelled the same person end in one
	// cluster whatever their probability, and two labelled different people never do: the
	// pairs labelled the same join first, in the order of the labels, and no join puts a
	// pair labelled different into one cluster. So a "same" answer that contradicts others
	// (a chain of them across a pair labelled different) gives way. Labels naming records
	// that are not stored are ignored; Pairs still holds the model's probabilities.
	Labels []Label
}

// Pair is a scored pair of records.
type Pair struct {
	A, B string
	// Weight is the pair's match weight in bits, prior included.
	Weight float64
	// Probability is the probability that A and B are the same person.
	Probability float64
}

// Clustering is the result of Dedup: every record in exactly one cluster.
type Clustering struct {
	// Clusters lists the record IDs of each cluster, largest cluster first, then singletons;
	// IDs within a cluster are in the order the records were added (when none was removed).
	Clusters [][]string
	// ClusterOf maps a record ID to its index in Clusters.
	ClusterOf map[string]int
	// Pairs holds the linked pairs when DedupOptions.KeepPairs is set, strongest first.
	Pairs []Pair
	// CandidatePairs is the number of pairs scored.
	CandidatePairs int
	// PairPrior is the prior probability that two records are one person that was used:
	// learnt by Train (without queries), else the duplicate rate over the number of records.
	PairPrior float64
	// BlockCap is the largest block that gave pairs: the matcher's cap, lowered on a large
	// base so that the candidate pairs stay within about 32 per record.
	BlockCap int
	// ScoreTime is the wall time spent finding and scoring the candidate pairs, and
	// ClusterTime the time spent joining them into clusters.
	ScoreTime, ClusterTime time.Duration
}

type edge struct {
	a, b uint32
	w    float64
}

// Dedup clusters the stored records into persons.
//
// Candidate pairs come from the blocking index; each is scored, and pairs whose match
// probability reaches the threshold become links. Links are taken strongest first, and two
// clusters join only if the average match probability over all pairs across them reaches the
// threshold too (average linkage). A single weak link therefore cannot chain unrelated people:
// a namesake crowd whose members disagree on phones and birth dates stays apart even when a
// record with only the shared name links to several of them.
func (m *Matcher) Dedup(ctx context.Context, opt DedupOptions) (*Clustering, error) {
	if opt.Threshold == 0 {
		opt.Threshold = 0.5
	}
	if !(opt.Threshold > 0 && opt.Threshold < 1) {
		return nil, fmt.Errorf("%w: dedup threshold %v must be in (0,1)", ErrOption, opt.Threshold)
	}
	m.mu.RLock()
	defer m.mu.RUnlock()
	floor := opt.Threshold
	if opt.KeepPairs && opt.PairFloor > 0 {
		floor = min(opt.PairFloor, opt.Threshold)
	}
	minW := score.WeightOf(floor)
	prior := m.weights.PriorBits()
	type local struct {
		sc    *scratch
		edges []edge
		pairs int
	}
	// The prior that two records are one person: learnt by Train on this base, or derived
	// from the duplicate-rate option. It is known before any pair is scored, so a pair that
	// falls short of the floor is dropped as soon as it is scored, never held.
	start := time.Now()
	res := &Clustering{BlockCap: m.pairBlockCap(), PairPrior: m.dedupPrior()}
	shift := math.Log2(res.PairPrior/(1-res.PairPrior)) - prior
	parts := make([]*local, m.cfg.workers)
	err := m.parallelCap(ctx, nil, res.BlockCap, nil, func(w int, a, b uint32, fa, fb *features) {
		l := parts[w]
		if l == nil {
			l = &local{sc: m.schema.newScratch()}
			parts[w] = l
		}
		l.pairs++
		m.compare(fa, fb, l.sc)
		if wt := m.weights.WeightTF(l.sc.vec, l.sc.tf) + shift; wt >= minW {
			l.edges = append(l.edges, edge{a, b, wt})
		}
	})
	if err != nil {
		return nil, err
	}
	var edges []edge
	for _, l := range parts {
		if l != nil {
			edges = append(edges, l.edges...)
			res.CandidatePairs += l.pairs
		}
	}
	sortEdges(edges)
	linkW := score.WeightOf(opt.Threshold)
	links := edges
	for len(links) > 0 && links[len(links)-1].w < linkW {
		links = links[:len(links)-1]
	}
	res.ScoreTime = time.Since(start)
	start = time.Now()
	an := m.resolveLabels(opt.Labels)
	if an != nil {
		// The pairs labelled the same person join first.
		forced := make([]edge, 0, len(an.same)+len(links))
		for _, k := range an.same {
			forced = append(forced, edge{k[0], k[1], score.MaxWeight})
		}
		links = append(forced, links...)
	}
	m.clusterSubset(links, opt.Threshold, shift, res, nil, an)
	if opt.KeepPairs {
		res.Pairs = make([]Pair, len(edges))
		for i, e := range edges {
			res.Pairs[i] = Pair{A: m.recs[e.a].id(), B: m.recs[e.b].id(), Weight: e.w, Probability: score.Probability(e.w)}
		}
	}
	res.ClusterTime = time.Since(start)
	return res, nil
}

// dedupPrior is the prior that two stored records are one person: learnt by Train on the
// base, or derived from the duplicate rate. mu is held for reading.
func (m *Matcher) dedupPrior() float64 {
	if m.pairPrior != 0 {
		return m.pairPrior
	}
	return clampProb(m.cfg.dupRate / float64(max(m.live-1, 1)))
}

// pairShift converts a model weight into a pairwise weight with the dedup prior.
func (m *Matcher) pairShift() float64 {
	p := m.dedupPrior()
	return math.Log2(p/(1-p)) - m.weights.PriorBits()
}

// maxCrossPairs bounds the work of one average-linkage check; larger cluster pairs are
// judged on an even sample of their cross pairs.
const maxCrossPairs = 4096

// clusterSubset runs edge-ordered average linkage over the records in subset (all stored
// records when nil) and fills res.Clusters and res.ClusterOf (see clusterGroups).
func (m *Matcher) clusterSubset(edges []edge, threshold, shift float64, res *Clustering, subset map[uint32]int, an *answers) {
	groups := m.clusterGroups(edges, threshold, shift, subset, an)
	res.ClusterOf = make(map[string]int, max(len(subset), min(m.live, len(edges)+1)))
	res.Clusters = make([][]string, len(groups))
	for i, g := range groups {
		ids := make([]string, len(g))
		for j, x := range g {
			ids[j] = m.recs[x].id()
			res.ClusterOf[ids[j]] = i
		}
		res.Clusters[i] = ids
	}
}

// clusterGroups runs edge-ordered average linkage over the records in subset (all stored
// records when nil) and returns the clusters as record numbers: the linked ones largest
// first (ties by their lowest number), each in number order, then the single records in
// number order. An edge of weight score.MaxWeight joins its clusters without the average
// test; an, when not nil, keeps the clusters of pairs labelled different apart.
func (m *Matcher) clusterGroups(edges []edge, threshold, shift float64, subset map[uint32]int, an *answers) [][]uint32 {
	parent := map[uint32]uint32{}
	members := map[uint32][]uint32{}
	find := func(x uint32) uint32 {
		for {
			p, ok := parent[x]
			if !ok || p == x {
				return x
			}
			if gp, ok := parent[p]; ok && gp != p {
				parent[x] = gp
			}
			x = p
		}
	}
	sc := m.schema.newScratch()
	for _, e := range edges {
		ra, rb := find(e.a), find(e.b)
		if ra == rb {
			continue
		}
		A, B := members[ra], members[rb]
		if A == nil {
			A = []uint32{ra}
		}
		if B == nil {
			B = []uint32{rb}
		}
		if an.kept(A, rb, find) {
			continue
		}
		if len(A)*len(B) > 1 && e.w < score.MaxWeight {
			step := max(1, len(A)*len(B)/maxCrossPairs)
			sum, k := 0.0, 0
			for i := 0; i < len(A)*len(B); i += step {
				x, y := A[i/len(B)], B[i%len(B)]
				m.compare(m.recs[x], m.recs[y], sc)
				sum += score.Probability(m.weights.WeightTF(sc.vec, sc.tf) + shift)
				k++
			}
			if sum/float64(k) < threshold {
				continue
			}
		}
		if len(A) < len(B) {
			ra, rb, A, B = rb, ra, B, A
		}
		parent[ra], parent[rb] = ra, ra
		members[ra] = append(A, B...)
		delete(members, rb)
	}

	var singles []uint32
	var groups [][]uint32
	each := func(fn func(x uint32)) {
		if subset == nil {
			for n, f := range m.recs {
				if f != nil {
					fn(uint32(n))
				}
			}
			return
		}
		xs := make([]uint32, 0, len(subset))
		for x := range subset {
			xs = append(xs, x)
		}
		slices.Sort(xs)
		for _, x := range xs {
			fn(x)
		}
	}
	each(func(x uint32) {
		if _, linked := parent[x]; !linked {
			singles = append(singles, x)
		} else if find(x) == x {
			g := members[x]
			slices.Sort(g)
			groups = append(groups, g)
		}
	})
	slices.SortStableFunc(groups, func(a, b []uint32) int {
		if c := cmp.Compare(len(b), len(a)); c != 0 {
			return c
		}
		return cmp.Compare(a[0], b[0])
	})
	for _, x := range singles {
		groups = append(groups, []uint32{x})
	}
	return groups
}
