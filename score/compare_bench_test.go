package score

import (
	"testing"

	"github.com/adrg/strutil/metrics"
)

// benchPairs are short names as the matcher compares them: Latin skeleton keys and Cyrillic.
var benchPairs = []struct {
	name string
	a, b string
}{
	{"ascii", "ALEKSANDR PETROV", "ALEXANDER PETROFF"},
	{"cyrillic", "Александр Петров", "Алексанр Петроф"},
	{"ascii_word", "vasiliy", "vasily"},
	{"cyrillic_word", "василий", "василь"},
}

func benchComparator(b *testing.B, c Comparator) {
	for _, p := range benchPairs {
		b.Run(p.name, func(b *testing.B) {
			b.ReportAllocs()
			var sink float64
			for b.Loop() {
				sink += c.Compare(p.a, p.b)
			}
			_ = sink
		})
	}
}

func BenchmarkJaro(b *testing.B)        { benchComparator(b, Jaro{}) }
func BenchmarkJaroWinkler(b *testing.B) { benchComparator(b, JaroWinkler{}) }
func BenchmarkLevenshtein(b *testing.B) { benchComparator(b, Levenshtein{}) }
func BenchmarkDamerau(b *testing.B)     { benchComparator(b, Damerau{}) }
func BenchmarkTokenSort(b *testing.B)   { benchComparator(b, TokenSort{}) }
func BenchmarkTokenSet(b *testing.B)    { benchComparator(b, TokenSet{}) }
func BenchmarkExact(b *testing.B)       { benchComparator(b, Exact{}) }

// BenchmarkStrutilJaroWinkler is the reference the fast path is measured against.
func BenchmarkStrutilJaroWinkler(b *testing.B) { benchComparator(b, metrics.NewJaroWinkler()) }

func BenchmarkNumeric(b *testing.B) {
	b.ReportAllocs()
	n := Numeric{Scale: 10}
	for b.Loop() {
		_ = n.Compare("37", "39.5")
	}
}

func BenchmarkDateDistance(b *testing.B) {
	b.ReportAllocs()
	d := DateDistance{MaxDays: 365}
	for b.Loop() {
		_ = d.Compare("1985-03-02", "1985-02-03")
	}
}

func BenchmarkLevelsLevel(b *testing.B) {
	l := Levels{Thresholds: []float64{0.92, 0.8}}
	for _, p := range benchPairs {
		b.Run(p.name, func(b *testing.B) {
			b.ReportAllocs()
			var sink uint8
			for b.Loop() {
				sink += l.Level(p.a, p.b)
			}
			_ = sink
		})
	}
}
