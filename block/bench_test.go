package block

import (
	"bytes"
	"io"
	"runtime"
	"strconv"
	"sync"
	"testing"
	"time"
)

// The benchmark index imitates a CRM of benchRecords customers with six keys each: a unique
// phone, a unique e-mail, a name key shared by about 20 records, a surname+city key shared
// by about 200, a phonetic+date key shared by about 5, and one key shared by all (over the
// cap).
const (
	benchRecords = 1_000_000
	benchCap     = 1000
)

// mix is a fixed bijective hash (splitmix64's finaliser), so a record's keys can be
// recomputed from its number instead of stored.
func mix(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	return x ^ x>>31
}

// benchKeys appends the six keys of record id to dst.
func benchKeys(dst []string, id uint32, n int) []string {
	group := func(salt uint64, size int) string {
		return strconv.FormatUint(mix(uint64(id)^salt<<40)%uint64(n/size), 10)
	}
	sid := strconv.FormatUint(uint64(id), 10)
	return append(dst,
		"p:+7916"+sid,
		"e:user"+sid+"@mail.ru",
		"n:"+group(1, 20),
		"sc:"+group(2, 200),
		"pd:"+group(3, 5),
		"c:ru",
	)
}

var bench struct {
	once           sync.Once
	ix             *Index
	keysPerSec     float64
	bytesPerRecord float64
	rawPerRecord   float64
}

func heapAlloc() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// benchIndex builds the 1M-record index once and measures its build rate and memory.
func benchIndex(b *testing.B) *Index {
	b.Helper()
	bench.once.Do(func() {
		before := heapAlloc()
		ix := &Index{}
		var keys []string
		start := time.Now()
		for id := range uint32(benchRecords) {
			keys = benchKeys(keys[:0], id, benchRecords)
			ix.Add(id, keys...)
		}
		bench.keysPerSec = 6 * benchRecords / time.Since(start).Seconds()
		bench.rawPerRecord = float64(heapAlloc()-before) / benchRecords
		ix.Optimize()
		bench.bytesPerRecord = float64(heapAlloc()-before) / benchRecords
		bench.ix = ix
	})
	b.Logf("1M-record build: %.2fM keys/s (key construction included); %.0f B/record before Optimize, %.0f after",
		bench.keysPerSec/1e6, bench.rawPerRecord, bench.bytesPerRecord)
	return bench.ix
}

func BenchmarkAdd(b *testing.B) {
	// A pool of prepared keys keeps string construction out of the timing. Past the pool,
	// record numbers keep growing and the keys repeat, so blocks grow as in a live base.
	const pool = 1 << 16
	keys := make([][]string, pool)
	for i := range keys {
		keys[i] = benchKeys(nil, uint32(i), benchRecords)
	}
	ix := &Index{}
	b.ReportAllocs()
	id := uint32(0)
	for b.Loop() {
		ix.Add(id, keys[id%pool]...)
		id++
	}
	b.ReportMetric(6*float64(b.N)/b.Elapsed().Seconds(), "keys/s")
}

func benchQueries(n int, withCapped bool) [][]string {
	qs := make([][]string, n)
	for i := range qs {
		k := benchKeys(nil, uint32(mix(uint64(i))%benchRecords), benchRecords)
		if withCapped {
			qs[i] = k
		} else {
			qs[i] = k[:5]
		}
	}
	return qs
}

func BenchmarkCandidates(b *testing.B) {
	ix := benchIndex(b)
	for _, bc := range []struct {
		name       string
		withCapped bool
	}{
		{"5keys", false},
		{"6keys_one_capped", true},
	} {
		b.Run(bc.name, func(b *testing.B) {
			qs := benchQueries(1024, bc.withCapped)
			b.ReportAllocs()
			i, found := 0, uint64(0)
			for b.Loop() {
				c := ix.Candidates(qs[i%len(qs)], benchCap)
				found += c.IDs.GetCardinality()
				i++
			}
			b.ReportMetric(float64(found)/float64(b.N), "candidates/op")
			b.ReportMetric(bench.bytesPerRecord, "B/record")
			b.ReportMetric(bench.keysPerSec, "build_keys/s")
		})
	}
}

func BenchmarkPairs(b *testing.B) {
	ix := benchIndex(b)
	keysOf := func(id uint32) []string { return benchKeys(nil, id, benchRecords) }
	b.ReportAllocs()
	var from uint32
	pairs := 0
	for b.Loop() {
		// One shard of 100 first members per op.
		for range ix.Pairs(from, from+100, keysOf, benchCap) {
			pairs++
		}
		from = (from + 100) % benchRecords
	}
	b.ReportMetric(float64(pairs)/float64(b.N), "pairs/op")
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(pairs), "ns/pair")
}

func BenchmarkStats(b *testing.B) {
	ix := benchIndex(b)
	b.ReportAllocs()
	for b.Loop() {
		ix.Stats(10, benchCap)
	}
}

// smallIndex is a 100k-record index for the serialisation benchmarks.
func smallIndex() *Index {
	const n = 100_000
	ix := &Index{}
	var keys []string
	for id := range uint32(n) {
		keys = benchKeys(keys[:0], id, n)
		ix.Add(id, keys...)
	}
	ix.Optimize()
	return ix
}

func BenchmarkWriteTo(b *testing.B) {
	ix := smallIndex()
	b.ReportAllocs()
	var n int64
	for b.Loop() {
		n, _ = ix.WriteTo(io.Discard)
	}
	b.ReportMetric(float64(n)/100_000, "bytes/record")
}

func BenchmarkReadFrom(b *testing.B) {
	var buf bytes.Buffer
	if _, err := smallIndex().WriteTo(&buf); err != nil {
		b.Fatal(err)
	}
	data := buf.Bytes()
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := (&Index{}).ReadFrom(bytes.NewReader(data)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBuild builds the whole 1M-record index from keys made beforehand, record by
// record with Add and in batches of 16,384 records with AddBatch; an op is one build.
func BenchmarkBuild(b *testing.B) {
	keys := make([][]string, benchRecords)
	for id := range keys {
		keys[id] = benchKeys(nil, uint32(id), benchRecords)
	}
	b.Run("add", func(b *testing.B) {
		for b.Loop() {
			ix := &Index{}
			for id, ks := range keys {
				ix.Add(uint32(id), ks...)
			}
		}
		b.ReportMetric(benchRecords*float64(b.N)/b.Elapsed().Seconds(), "records/s")
	})
	b.Run("batch", func(b *testing.B) {
		for b.Loop() {
			ix := &Index{}
			var batch Batch
			for id, ks := range keys {
				batch.Add(uint32(id), ks...)
				if id%16384 == 16383 {
					ix.AddBatch(&batch)
					batch.Reset()
				}
			}
			ix.AddBatch(&batch)
		}
		b.ReportMetric(benchRecords*float64(b.N)/b.Elapsed().Seconds(), "records/s")
	})
}
