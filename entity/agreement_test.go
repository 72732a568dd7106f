package entity_test

import (
	"math/rand/v2"
	"os"
	"strconv"
	"testing"

	"github.com/idmatch/idmatch/entity"
	"github.com/idmatch/idmatch/internal/dataset"
	"github.com/idmatch/idmatch/internal/synth"
	"github.com/idmatch/idmatch/match"
)

// resolveShuffled feeds recs to a new store in a random order: the share trainAt of them in
// batches and training, then batches of random size, single adds and removals interleaved.
// It returns the resolver, still open.
func resolveShuffled(t *testing.T, recs []match.Record, opt entity.Options, seed uint64, trainAt float64) *entity.Resolver {
	t.Helper()
	rng := rand.New(rand.NewPCG(seed, 3))
	recs = append([]match.Record(nil), recs...)
	rng.Shuffle(len(recs), func(i, j int) { recs[i], recs[j] = recs[j], recs[i] })
	opt.NoSnapshot = true
	r := open(t, t.TempDir(), opt)
	first := int(float64(len(recs)) * trainAt)
	for lo := 0; lo < first; lo += 10_000 {
		if _, err := r.AddBatch(ctx, recs[lo:min(first, lo+10_000)]); err != nil {
			t.Fatal(err)
		}
	}
	if _, _, err := r.Train(ctx, match.TrainOptions{Seed: seed}); err != nil {
		t.Fatal(err)
	}
	singles := 300 // each is its own fsynced transaction
	var added []string
	for i := first; i < len(recs); {
		switch k := rng.IntN(100); {
		case k < 3 && len(added) > 0:
			id := added[rng.IntN(len(added))]
			r.Remove(ctx, id) // may be gone already
		case k < 10 && singles > 0:
			singles--
			if _, err := r.Upsert(ctx, recs[i]); err == nil {
				added = append(added, recs[i].ID)
			}
			i++
		default:
			end := min(len(recs), i+1+rng.IntN(max(2, len(recs)/50)))
			res, err := r.AddBatch(ctx, recs[i:end])
			if err != nil {
				t.Fatal(err)
			}
			for _, o := range res.Outcomes {
				if o.Err == nil {
					added = append(added, o.ID)
				}
			}
			i = end
		}
	}
	return r
}

func checkAgreement(t *testing.T, r *entity.Resolver, want float64) {
	t.Helper()
	d, e := dedupOf(t, r), partitionOf(r)
	ag := pairAgreement(d, e)
	nrec, nent := r.Len()
	t.Logf("%d records, %d entities, %d Dedup clusters: pairwise agreement %.4f", nrec, nent, len(d), ag)
	if ag < want {
		t.Errorf("pairwise agreement with Dedup %.4f, want at least %v", ag, want)
	}
	if err := r.Verify(ctx); err != nil {
		t.Error(err)
	}
}

// TestAgreementSynth compares the entities with Dedup on a generated base: 4,000 customers
// and their contacts by default, IDMATCH_ENTITY_AGREEMENT customers when set (50000 gives
// about 100,000 records).
func TestAgreementSynth(t *testing.T) {
	if testing.Short() {
		t.Skip("a few seconds")
	}
	n := 4000
	if v, err := strconv.Atoi(os.Getenv("IDMATCH_ENTITY_AGREEMENT")); err == nil && v > 0 {
		n = v
	}
	cfg := synth.DefaultConfig()
	cfg.Customers = n
	var recs []match.Record
	for rec := range synth.CRM(cfg) {
		recs = append(recs, fromSynth(rec))
	}
	for rec := range synth.Contacts(cfg) {
		recs = append(recs, fromSynth(rec))
	}
	r := resolveShuffled(t, recs, entity.Options{}, 1, 0.1)
	defer r.Close()
	checkAgreement(t, r, 0.99)
}

// TestAgreementFebrl3 compares the entities with Dedup on Febrl dataset 3 (5,000 records),
// when the shared data is there.
func TestAgreementFebrl3(t *testing.T) {
	const path = "../../shared/data/febrl/dataset3.csv"
	f, err := os.Open(path)
	if err != nil {
		t.Skip("no Febrl data:", err)
	}
	defer f.Close()
	fields, err := dataset.ParseFieldMap("rec_id:id,given_name:first_name,surname:last_name,date_of_birth:birth_date,suburb:city,postcode:exact,address_1:text,soc_sec_id:exact")
	if err != nil {
		t.Fatal(err)
	}
	rd, err := dataset.NewReader(f, fields, dataset.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var recs []match.Record
	for row, err := range rd.All() {
		if err != nil {
			continue
		}
		recs = append(recs, row.Record)
	}
	opts := []match.Option{match.WithRegion("AU"), match.WithField("address_1", match.Text),
		match.WithField("postcode", match.Exact), match.WithField("soc_sec_id", match.Exact)}
	r := resolveShuffled(t, recs, entity.Options{Matcher: opts}, 2, 0.1)
	defer r.Close()
	checkAgreement(t, r, 0.99)
}
