package match

import (
	"context"
	"os"
	"strconv"
	"sync"
	"testing"

	"github.com/idmatch/idmatch/internal/synth"
)

// benchRecords is the size of the generated base for the large benchmarks: 100,000 unless
// IDMATCH_BENCH_RECORDS says otherwise (set it to 1000000 for the budget figures).
func benchRecords() int {
	if n, err := strconv.Atoi(os.Getenv("IDMATCH_BENCH_RECORDS")); err == nil && n > 0 {
		return n
	}
	return 100_000
}

func fromSynth(r synth.Record) Record {
	rec := Record{ID: r.ID, Source: r.Source, FirstName: r.FirstName, LastName: r.LastName,
		MiddleName: r.MiddleName, FullName: r.FullName, City: r.City, BirthDate: r.BirthDate}
	if r.Phone != "" {
		rec.Phones = []string{r.Phone}
	}
	if r.Email != "" {
		rec.Emails = []string{r.Email}
	}
	return rec
}

var (
	benchOnce     sync.Once
	benchMatcher  *Matcher
	benchContacts []Record
)

func benchBase(b *testing.B) (*Matcher, []Record) {
	benchOnce.Do(func() {
		cfg := synth.DefaultConfig()
		cfg.Customers = benchRecords()
		m, err := New()
		if err != nil {
			b.Fatal(err)
		}
		for r := range synth.CRM(cfg) {
			m.Add(fromSynth(r))
		}
		for r := range synth.Contacts(cfg) {
			if len(benchContacts) == 10_000 {
				break
			}
			q := fromSynth(r)
			q.ID = ""
			benchContacts = append(benchContacts, q)
		}
		if _, err := m.Train(context.Background(), TrainOptions{Queries: benchContacts[:2000]}); err != nil {
			b.Fatal(err)
		}
		benchMatcher = m
	})
	return benchMatcher, benchContacts
}

func sampleRecords(n int) []Record {
	cfg := synth.DefaultConfig()
	cfg.Customers = n
	var rs []Record
	for r := range synth.CRM(cfg) {
		rs = append(rs, fromSynth(r))
	}
	return rs
}

// BenchmarkPrepare normalizes one person record into features.
func BenchmarkPrepare(b *testing.B) {
	m, _ := New()
	rs := sampleRecords(1000)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		m.prepare(rs[i%len(rs)])
		i++
	}
}

// BenchmarkAdd normalizes and indexes records into a growing matcher.
func BenchmarkAdd(b *testing.B) {
	rs := sampleRecords(100_000)
	m, _ := New()
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if i == len(rs) {
			b.StopTimer()
			m, _ = New()
			i = 0
			b.StartTimer()
		}
		m.Add(rs[i])
		i++
	}
}

// BenchmarkComparePair compares two prepared records and weighs the comparison.
func BenchmarkComparePair(b *testing.B) {
	m, _ := New()
	x, _, _ := m.prepare(Record{FullName: "Петров Василий Иванович", Phones: []string{"+79161234567"},
		Emails: []string{"vasya.petrov@gmail.com"}, City: "Москва", BirthDate: "03.02.1980"})
	y, _, _ := m.prepare(Record{FullName: "Vasiliy Petrov", Phones: []string{"+79161234567"},
		Emails: []string{"v.petrov@mail.ru"}, City: "Moscow", BirthDate: "1980-02-03"})
	sc := m.schema.newScratch()
	b.ReportAllocs()
	for b.Loop() {
		m.compare(x, y, sc)
		m.weights.WeightTF(sc.vec, sc.tf)
	}
}

// BenchmarkComparePairText is BenchmarkComparePair with two free-text extras, as a Febrl
// link has them: an address with a typo and a suburb with a word left out.
func BenchmarkComparePairText(b *testing.B) {
	m, err := New(WithField("address", Text), WithField("suburb", Text))
	if err != nil {
		b.Fatal(err)
	}
	x, _, _ := m.prepare(Record{FullName: "Петров Василий Иванович", Phones: []string{"+79161234567"},
		Emails: []string{"vasya.petrov@gmail.com"}, City: "Москва", BirthDate: "03.02.1980",
		Extra: map[string]string{"address": "12 pinkerton circuit", "suburb": "south grafton"}})
	y, _, _ := m.prepare(Record{FullName: "Vasiliy Petrov", Phones: []string{"+79161234567"},
		Emails: []string{"v.petrov@mail.ru"}, City: "Moscow", BirthDate: "1980-02-03",
		Extra: map[string]string{"address": "12 pinkerton circiut", "suburb": "grafton"}})
	sc := m.schema.newScratch()
	b.ReportAllocs()
	for b.Loop() {
		m.compare(x, y, sc)
		m.weights.WeightTF(sc.vec, sc.tf)
	}
}

// BenchmarkMatch matches one contact against the generated base, one core; it reports the
// latency percentiles over the contacts.
func BenchmarkMatch(b *testing.B) {
	m, qs := benchBase(b)
	ctx := context.Background()
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		m.Match(ctx, qs[i%len(qs)])
		i++
	}
	b.ReportMetric(float64(m.Len()), "records")
}

// BenchmarkDedup deduplicates the generated base on all cores.
func BenchmarkDedup(b *testing.B) {
	m, _ := benchBase(b)
	ctx := context.Background()
	var pairs int
	for b.Loop() {
		cl, err := m.Dedup(ctx, DedupOptions{})
		if err != nil {
			b.Fatal(err)
		}
		pairs = cl.CandidatePairs
	}
	b.ReportMetric(float64(m.Len()), "records")
	b.ReportMetric(float64(pairs), "pairs")
}

// BenchmarkAddBatch builds a base of benchRecords records with AddBatch on all workers.
func BenchmarkAddBatch(b *testing.B) {
	rs := sampleRecords(benchRecords())
	b.ReportAllocs()
	for b.Loop() {
		m, _ := New()
		m.AddBatch(rs)
	}
	b.ReportMetric(float64(len(rs))*float64(b.N)/b.Elapsed().Seconds(), "records/s")
}

// BenchmarkCompareCandidates compares the candidate pairs of a generated base of 20,000
// records one after another, term frequencies and joint name counts included, as Dedup
// does; ns/op is per pair.
func BenchmarkCompareCandidates(b *testing.B) {
	m, err := New()
	if err != nil {
		b.Fatal(err)
	}
	m.AddBatch(sampleRecords(20_000))
	type pair struct{ a, b *features }
	var pairs []pair
	var mu sync.Mutex
	m.mu.RLock()
	err = m.parallel(context.Background(), nil, func(_ int, _, _ uint32, fa, fb *features) {
		mu.Lock()
		pairs = append(pairs, pair{fa, fb})
		mu.Unlock()
	})
	m.mu.RUnlock()
	if err != nil || len(pairs) == 0 {
		b.Fatal(err, len(pairs))
	}
	sc := m.schema.newScratch()
	m.mu.RLock()
	defer m.mu.RUnlock()
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		p := pairs[i%len(pairs)]
		m.compare(p.a, p.b, sc)
		m.weights.WeightTF(sc.vec, sc.tf)
		i++
	}
}
