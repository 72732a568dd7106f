package match_test

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/idmatch/idmatch/match"
	"github.com/idmatch/idmatch/score"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var portable struct {
	once sync.Once
	m    *match.Matcher
	ps   []match.Prepared
}

// portableBase returns a trained matcher holding the bundled customers and the same records
// prepared, in the order they were added, built once for all tests (which must not change
// it).
func portableBase(t *testing.T) (*match.Matcher, []match.Prepared) {
	t.Helper()
	portable.once.Do(func() { portable.m, portable.ps = buildPortableBase(t) })
	if portable.m == nil {
		t.Fatal("the portable base could not be built")
	}
	return portable.m, portable.ps
}

func buildPortableBase(t *testing.T) (*match.Matcher, []match.Prepared) {
	f, err := os.Open(filepath.Join("..", "testdata", "customers.csv"))
	require.NoError(t, err)
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	require.NoError(t, err)
	m, err := match.New()
	require.NoError(t, err)
	var ps []match.Prepared
	for _, r := range rows[1:] { // id,entity,source,first,last,middle,full,phone,email,city,birth,crowd
		rec := match.Record{ID: r[0], Source: r[2], FirstName: r[3], LastName: r[4], MiddleName: r[5], FullName: r[6],
			Phones: []string{r[7]}, Emails: []string{r[8]}, City: r[9], BirthDate: r[10]}
		p, _, perr := m.Prepare(rec)
		if _, err := m.Add(rec); err == nil {
			require.NoError(t, perr, "Prepare accepts what Add accepts")
			ps = append(ps, p)
		} else {
			require.Error(t, perr, "Prepare rejects what Add rejects")
		}
	}
	_, err = m.Train(context.Background(), match.TrainOptions{Seed: 1})
	require.NoError(t, err)
	return m, ps
}

func TestPreparedRoundTripsThroughJSON(t *testing.T) {
	m, ps := portableBase(t)
	for _, p := range ps[:200] {
		b, err := json.Marshal(p)
		require.NoError(t, err)
		var q match.Prepared
		require.NoError(t, json.Unmarshal(b, &q))
		assert.Equal(t, m.BlockingKeys(p), m.BlockingKeys(q), "keys survive the round trip")
		assert.Equal(t, m.CountKeys(p), m.CountKeys(q), "count keys survive the round trip")
		c := m.CountsOf(ps)
		assert.Equal(t, m.ScorePrepared(p, ps[0], c), m.ScorePrepared(q, ps[0], c), "scores survive the round trip")
	}
	_, _, err := m.Prepare(match.Record{FirstName: "Иван"})
	assert.ErrorIs(t, err, match.ErrNoID)
}

func TestScorePreparedEqualsDedupAndLinks(t *testing.T) {
	m, ps := portableBase(t)
	counts := m.CountsOf(ps)
	byID := map[string]match.Prepared{}
	pos := map[string]int{}
	for i, p := range ps {
		byID[p.ID], pos[p.ID] = p, i
	}
	cl, err := m.Dedup(context.Background(), match.DedupOptions{KeepPairs: true, PairFloor: 1e-6})
	require.NoError(t, err)
	require.NotEmpty(t, cl.Pairs)
	for _, want := range cl.Pairs {
		got := scoreAsAdded(m, byID, pos, counts, want)
		assert.InDelta(t, want.Weight, got.Weight, 1e-9, "%s–%s", want.A, want.B)
	}
	for _, p := range ps[:100] {
		ls, err := m.Links(context.Background(), p.ID, 0)
		require.NoError(t, err)
		for _, l := range ls {
			got := m.ScorePrepared(byID[l.A], byID[l.B], counts)
			assert.InDelta(t, l.Weight, got.Weight, 1e-9, "%s–%s", l.A, l.B)
		}
	}

	// Clustering the prepared records by component, with the batch's links, gives the
	// batch partition.
	var links []match.Pair
	for _, pr := range cl.Pairs {
		if pr.Probability >= 0.5 {
			links = append(links, pr)
		}
	}
	clusters, err := m.ClusterPrepared(ps, links, 0.5, counts)
	require.NoError(t, err)
	assert.Equal(t, canonical(cl.Clusters), canonical(clusters))
}

// scoreAsAdded scores the pair of want with ScorePrepared, the record added first (by pos)
// as a, as Dedup scores it.
func scoreAsAdded(m *match.Matcher, byID map[string]match.Prepared, pos map[string]int, counts *match.Counts, want match.Pair) match.Pair {
	a, b := byID[want.A], byID[want.B]
	if pos[a.ID] > pos[b.ID] {
		a, b = b, a
	}
	return m.ScorePrepared(a, b, counts)
}

func TestPairBlockCapMatchesDedup(t *testing.T) {
	m, ps := portableBase(t)
	sizes := map[string]int64{}
	for _, p := range ps {
		for _, k := range m.BlockingKeys(p) {
			sizes[k]++
		}
	}
	hist := map[int64]int64{}
	for _, n := range sizes {
		hist[n]++
	}
	cl, err := m.Dedup(context.Background(), match.DedupOptions{})
	require.NoError(t, err)
	assert.Equal(t, cl.BlockCap, m.PairBlockCap(int64(len(ps)), hist))
}

func TestTrainPatternsLearnsWhatTrainLearns(t *testing.T) {
	m, ps := portableBase(t)
	want := m.Model()
	counts := m.CountsOf(ps)
	byID := map[string]match.Prepared{}
	pos := map[string]int{}
	for i, p := range ps {
		byID[p.ID], pos[p.ID] = p, i
	}
	nf := len(want.Fields)
	strong := m.IdentifierFields()
	tables := match.PatternTables{Records: int64(len(ps)), Random: score.NewPatterns(nf), Candidates: score.NewPatterns(nf)}
	for range strong {
		tables.Sessions = append(tables.Sessions, score.NewPatterns(nf))
	}
	// Start from the untrained model, as Train does.
	fresh, err := match.New()
	require.NoError(t, err)
	rng := rand.New(rand.NewPCG(7, 7))
	for range 200_000 {
		a, b := ps[rng.IntN(len(ps))], ps[rng.IntN(len(ps))]
		if a.ID != b.ID {
			tables.Random.Add(fresh.ComparePrepared(a, b, counts))
		}
	}
	var mu sync.Mutex
	var list [][2]string
	require.NoError(t, m.CandidatePairs(context.Background(), func(a, b string) {
		if pos[a] > pos[b] {
			a, b = b, a
		}
		mu.Lock()
		list = append(list, [2]string{a, b})
		mu.Unlock()
	}))
	for _, k := range list {
		v := fresh.ComparePrepared(byID[k[0]], byID[k[1]], counts)
		tables.Candidates.Add(v)
		for s, f := range strong {
			if v[f] == 0 {
				tables.Sessions[s].Add(v)
			}
		}
	}
	rep, err := fresh.TrainPatterns(tables, score.EMOptions{})
	require.NoError(t, err)
	assert.InDelta(t, want.Prior, rep.PairPrior, want.Prior*0.2, "the pair prior is Train's within sampling noise")
	for i, f := range rep.Model.Fields {
		assert.InDelta(t, want.Fields[i].Levels[0].M, f.Levels[0].M, 0.05, "m of %s", f.Name)
	}
}

func TestLinkPreparedEqualsMatch(t *testing.T) {
	m, ps := portableBase(t)
	counts := m.CountsOf(ps)
	byID := map[string]match.Prepared{}
	for _, p := range ps {
		byID[p.ID] = p
	}
	f, err := os.Open(filepath.Join("..", "testdata", "contacts.csv"))
	require.NoError(t, err)
	defer f.Close()
	rd := csv.NewReader(f)
	rd.FieldsPerRecord = -1
	rows, err := rd.ReadAll()
	require.NoError(t, err)
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	get := func(r []string, name string) string {
		if i, ok := col[name]; ok && i < len(r) {
			return r[i]
		}
		return ""
	}
	checked := 0
	for _, r := range rows[1:min(len(rows), 300)] {
		rec := match.Record{ID: "contact-" + get(r, "id"), FirstName: get(r, "first_name"), LastName: get(r, "last_name"),
			FullName: get(r, "full_name"), Phones: []string{get(r, "phone")}, Emails: []string{get(r, "email")},
			City: get(r, "city"), BirthDate: get(r, "birth_date")}
		res, err := m.Match(context.Background(), rec)
		if err != nil || res.Best == nil {
			continue
		}
		q, _, err := m.Prepare(rec)
		require.NoError(t, err)
		var ws []float64
		for _, c := range res.Candidates {
			got := m.LinkPrepared(q, byID[c.ID], counts)
			assert.InDelta(t, c.Weight, got.Weight, 1e-9, "%s against %s", rec.ID, c.ID)
			ws = append(ws, got.Weight)
		}
		if res.Considered == len(res.Candidates) {
			conf, none := m.Confidences(ws, int64(len(ps)))
			assert.InDelta(t, res.None, none, 1e-9)
			assert.InDelta(t, res.Best.Confidence, conf[0], 1e-9)
		}
		checked++
	}
	require.NotZero(t, checked)
}

// TestAddPrepared checks that a base loaded from prepared records is the base that adding
// the raw records builds: the same pairs at the same weights, the same clusters.
func TestAddPrepared(t *testing.T) {
	ctx := context.Background()
	_, ps := portableBase(t)
	before, err := json.Marshal(ps)
	require.NoError(t, err)

	// Both untrained: the one built from raw records and the one from prepared records.
	ref, err := match.New()
	require.NoError(t, err)
	prep, err := match.New()
	require.NoError(t, err)
	recs, _ := loadRecords(t)
	byID := map[string]match.Record{}
	for _, r := range recs {
		byID[r.ID] = r
	}
	for _, p := range ps {
		_, err := ref.Add(byID[p.ID])
		require.NoError(t, err)
	}
	m := prep
	for i, err := range m.AddPrepared(ps) {
		require.NoError(t, err, "record %d", i)
	}
	after, err := json.Marshal(ps)
	require.NoError(t, err)
	assert.JSONEq(t, string(before), string(after), "AddPrepared must not modify its input")
	assert.Equal(t, ref.Len(), m.Len())

	want, err := ref.Dedup(ctx, match.DedupOptions{KeepPairs: true, PairFloor: 1e-6})
	require.NoError(t, err)
	got, err := m.Dedup(ctx, match.DedupOptions{KeepPairs: true, PairFloor: 1e-6})
	require.NoError(t, err)
	assert.Equal(t, want.Clusters, got.Clusters)
	require.Equal(t, len(want.Pairs), len(got.Pairs))
	for i := range want.Pairs {
		assert.InDelta(t, want.Pairs[i].Weight, got.Pairs[i].Weight, 1e-9, "pair %v", want.Pairs[i])
	}

	errs := m.AddPrepared([]match.Prepared{ps[0], {Values: ps[1].Values}, {ID: "x", Values: ps[1].Values[:2]}})
	assert.ErrorIs(t, errs[0], match.ErrDuplicateID)
	assert.ErrorIs(t, errs[1], match.ErrNoID)
	assert.ErrorIs(t, errs[2], match.ErrBadValue)
	assert.Equal(t, ref.Len(), m.Len(), "no record of a failed batch entry is stored")
}
