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

func BenchmarkCompareDates(b *testing.B) {
	b.ReportAllocs()
	x, y := Date{1985, 3, 2}, Date{1985, 2, 3}
	var sink uint8
	for b.Loop() {
		sink += CompareDates(x, y)
	}
	_ = sink
}

func BenchmarkDigitLevel(b *testing.B) {
	b.ReportAllocs()
	var sink uint8
	for b.Loop() {
		sink += DigitLevel("79161234567", "79161243567")
	}
	_ = sink
}

// BenchmarkDamerauDistance measures the short inputs the matcher compares: digit strings of
// damaged dates and phones, ASCII keys and Cyrillic names, all within 32 bytes.
func BenchmarkDamerauDistance(b *testing.B) {
	for _, p := range []struct{ name, a, b string }{
		{"digits", "19189087", "19180987"},
		{"phone_digits", "79161234567", "79161243567"},
		{"ascii_word", "vasiliy", "vasily"},
		{"cyrillic_word", "василий", "васлиий"},
		{"ascii_32", "ALEKSANDR PETROVICH IVANOV 1985", "ALEKSANDR PETORVICH IVANOV 1958"},
	} {
		b.Run(p.name, func(b *testing.B) {
			b.ReportAllocs()
			var sink int
			for b.Loop() {
				sink += DamerauDistance(p.a, p.b)
			}
			_ = sink
		})
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
