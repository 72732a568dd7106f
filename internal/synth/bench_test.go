package synth_test

import (
	"io"
	"testing"

	"github.com/idmatch/idmatch/internal/synth"
)

// benchConfig is large enough that a benchmark run never restarts the sequence mid-way.
func benchConfig() synth.Config {
	cfg := synth.DefaultConfig()
	cfg.Customers = 1 << 30
	return cfg
}

// BenchmarkCRM measures generating CRM rows; one op is one record.
func BenchmarkCRM(b *testing.B) {
	b.ReportAllocs()
	next, stop := pull(synth.CRM(benchConfig()))
	defer stop()
	for b.Loop() {
		next()
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "records/s")
}

// BenchmarkContacts measures generating channel contacts; one op is one record.
func BenchmarkContacts(b *testing.B) {
	b.ReportAllocs()
	next, stop := pull(synth.Contacts(benchConfig()))
	defer stop()
	for b.Loop() {
		next()
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "records/s")
}

// BenchmarkWriteCSV measures generating and writing CRM rows; one op is one record.
func BenchmarkWriteCSV(b *testing.B) {
	b.ReportAllocs()
	cfg := synth.DefaultConfig()
	cfg.Customers = 10000
	n := 0
	for range synth.CRM(cfg) {
		n++
	}
	for b.Loop() {
		if err := synth.WriteCSV(io.Discard, synth.CRM(cfg)); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "records/s")
}
