package entity_test

import (
	"errors"
	"io"
	"os"
	"runtime"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/idmatch/idmatch/entity"
	"github.com/idmatch/idmatch/internal/synth"
	"github.com/idmatch/idmatch/match"
)

// benchRecords is the size of the store for the benchmarks: 100,000 unless
// IDMATCH_BENCH_RECORDS says otherwise (1000000 for the budget figures).
func benchRecords() int {
	if n, err := strconv.Atoi(os.Getenv("IDMATCH_BENCH_RECORDS")); err == nil && n > 0 {
		return n
	}
	return 100_000
}

var (
	benchOnce     sync.Once
	benchDir      string
	benchContacts []match.Record
	benchBuild    time.Duration
)

// benchStore builds, once per process, a store of benchRecords CRM records added in batches
// of 10,000 and trained after the first, and keeps channel contacts to add later. The store
// is closed; each benchmark opens it. With IDMATCH_ENTITY_BENCH_STORE set to a directory,
// the store is built there once and reused by later runs.
func benchStore(b *testing.B) (string, []match.Record) {
	benchOnce.Do(func() {
		cfg := synth.DefaultConfig()
		cfg.Customers = benchRecords()
		for rec := range synth.Contacts(cfg) {
			if len(benchContacts) == 50_000 {
				break
			}
			benchContacts = append(benchContacts, fromSynth(rec))
		}
		dir := os.Getenv("IDMATCH_ENTITY_BENCH_STORE")
		if dir != "" {
			if _, err := os.Stat(dir + "/entity.db"); err == nil {
				benchDir = dir
				return
			}
		} else {
			var err error
			if dir, err = os.MkdirTemp("", "entity-bench"); err != nil {
				b.Fatal(err)
			}
		}
		r, err := entity.Open(dir, entity.Options{})
		if err != nil {
			b.Fatal(err)
		}
		start := time.Now()
		var batch []match.Record
		trained := false
		flush := func() {
			if _, err := r.AddBatch(ctx, batch); err != nil {
				b.Fatal(err)
			}
			batch = batch[:0]
			if !trained {
				if _, _, err := r.Train(ctx, match.TrainOptions{}); err != nil {
					b.Fatal(err)
				}
				trained = true
			}
		}
		for rec := range synth.CRM(cfg) {
			batch = append(batch, fromSynth(rec))
			if len(batch) == 10_000 {
				flush()
			}
		}
		if len(batch) > 0 {
			flush()
		}
		benchBuild = time.Since(start)
		if err := r.Close(); err != nil {
			b.Fatal(err)
		}
		benchDir = dir
	})
	return benchDir, benchContacts
}

// copyStore copies the bench store to a fresh directory, so that benchmarks that add do not
// grow the shared one. The copies are streamed, not read whole (a 900 MB store in the heap
// made the benchmark's garbage collections a gigabyte larger), and synced (otherwise the
// first commit's fdatasync writes the whole copy back, and the benchmark times the copy).
func copyStore(b *testing.B, src string) string {
	dst := b.TempDir()
	des, err := os.ReadDir(src)
	if err != nil {
		b.Fatal(err)
	}
	for _, de := range des {
		in, err := os.Open(src + "/" + de.Name())
		if err != nil {
			b.Fatal(err)
		}
		f, err := os.OpenFile(dst+"/"+de.Name(), os.O_CREATE|os.O_WRONLY|os.O_EXCL, 0o600)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := io.Copy(f, in); err != nil {
			b.Fatal(err)
		}
		if err := errors.Join(f.Sync(), f.Close(), in.Close()); err != nil {
			b.Fatal(err)
		}
	}
	return dst
}

// BenchmarkAdd adds one channel contact per call, each call its own fsynced transaction,
// into a store of benchRecords records, and reports the p50 and p99 latency.
func BenchmarkAdd(b *testing.B) {
	src, contacts := benchStore(b)
	r := open(b, copyStore(b, src), entity.Options{})
	defer r.Close()
	var lat []time.Duration
	i := 0
	b.ReportAllocs()
	for b.Loop() {
		c := contacts[i%len(contacts)]
		c.ID += "-" + strconv.Itoa(i/len(contacts))
		t0 := time.Now()
		if _, err := r.Add(ctx, c); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(t0))
		i++
	}
	reportLatency(b, lat)
}

func reportLatency(b *testing.B, lat []time.Duration) {
	slices.Sort(lat)
	q := func(p float64) float64 { return float64(lat[int(p*float64(len(lat)-1))].Microseconds()) }
	b.ReportMetric(q(0.5), "p50_µs")
	b.ReportMetric(q(0.99), "p99_µs")
}

// BenchmarkAddBatch adds channel contacts in batches of 1,000 per transaction into a store of
// benchRecords records, and reports records per second.
func BenchmarkAddBatch(b *testing.B) {
	src, contacts := benchStore(b)
	r := open(b, copyStore(b, src), entity.Options{})
	defer r.Close()
	const size = 1000
	i, n := 0, 0
	start := time.Now()
	for b.Loop() {
		batch := make([]match.Record, size)
		for j := range batch {
			c := contacts[i%len(contacts)]
			c.ID += "-" + strconv.Itoa(i/len(contacts))
			batch[j] = c
			i++
		}
		if _, err := r.AddBatch(ctx, batch); err != nil {
			b.Fatal(err)
		}
		n += size
	}
	b.ReportMetric(float64(n)/time.Since(start).Seconds(), "records/s")
}

// BenchmarkAddParallel adds one channel contact per call from 16 goroutines at once into a
// store of benchRecords records, so that calls arriving during a commit are committed
// together, and reports the records per second and the p50 and p99 latency of a call.
func BenchmarkAddParallel(b *testing.B) {
	src, contacts := benchStore(b)
	r := open(b, copyStore(b, src), entity.Options{})
	defer r.Close()
	var (
		mu   sync.Mutex
		lat  []time.Duration
		next int
	)
	b.SetParallelism(16 / runtime.GOMAXPROCS(0))
	b.ResetTimer()
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		var mine []time.Duration
		for pb.Next() {
			mu.Lock()
			i := next
			next++
			mu.Unlock()
			c := contacts[i%len(contacts)]
			c.ID += "-p" + strconv.Itoa(i/len(contacts))
			t0 := time.Now()
			if _, err := r.Add(ctx, c); err != nil {
				b.Error(err)
				return
			}
			mine = append(mine, time.Since(t0))
		}
		mu.Lock()
		lat = append(lat, mine...)
		mu.Unlock()
	})
	b.ReportMetric(float64(len(lat))/time.Since(start).Seconds(), "records/s")
	reportLatency(b, lat)
}

// BenchmarkCommit is the floor under one call: a bbolt transaction putting one 200-byte
// value, committed with its two fdatasyncs, on the disk of the store.
func BenchmarkCommit(b *testing.B) {
	db, err := bolt.Open(b.TempDir()+"/floor.db", 0o600, nil)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	val := make([]byte, 200)
	var lat []time.Duration
	i := 0
	for b.Loop() {
		t0 := time.Now()
		if err := db.Update(func(tx *bolt.Tx) error {
			bk, err := tx.CreateBucketIfNotExists([]byte("b"))
			if err != nil {
				return err
			}
			return bk.Put([]byte(strconv.Itoa(i%1000)), val)
		}); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(t0))
		i++
	}
	reportLatency(b, lat)
}

// BenchmarkReopen opens a store of benchRecords records: with the matcher snapshot that Close
// writes, and without it (every record normalized and indexed again).
func BenchmarkReopen(b *testing.B) {
	src, _ := benchStore(b)
	b.Logf("store of %d records built in %v", benchRecords(), benchBuild)
	for _, snap := range []bool{true, false} {
		b.Run("snapshot="+strconv.FormatBool(snap), func(b *testing.B) {
			for b.Loop() {
				r := open(b, src, entity.Options{NoSnapshot: !snap})
				b.StopTimer()
				if err := r.Close(); err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
			}
		})
	}
}
