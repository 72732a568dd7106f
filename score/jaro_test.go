package score

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/adrg/strutil/metrics"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestJaroWinklerKnownValues(t *testing.T) {
	tests := []struct {
		name       string
		a, b       string
		jaro, want float64
		reason     string
	}{
		{"martha", "MARTHA", "MARHTA", 0.944, 0.961, "m=6, one transposition, prefix 3"},
		{"dwayne", "DWAYNE", "DUANE", 0.822, 0.840, "m=4, prefix 1"},
		{"dixon", "DIXON", "DICKSONX", 0.767, 0.813, "window 3 keeps X out of reach, prefix 2"},
		{"jones", "JONES", "JOHNSON", 0.790, 0.832, "Winkler's table"},
		{"transposed start", "ABCVWXYZ", "CABVWXYZ", 0.958, 0.958, "no common prefix: no bonus; t=3/2 rounded down"},
		{"below threshold", "HARDIN", "MARTINEZ", 0.722, 0.722, "no common prefix"},
		{"no bonus under 0.7", "SEAN", "SAMUEL", 0.611, 0.611, "Jaro 0.611 is not above 0.7, so the S prefix earns nothing"},
		{"bonus just above 0.7", "SEAN", "SAMANTHA", 0.708, 0.738, "Jaro 0.708 is above 0.7"},
		{"cyrillic suffix", "Петров", "Петрова", 0.952, 0.971, "runes, not bytes: 6 of 7 match"},
		{"diminutive", "Вася", "Василий", 0.726, 0.808, "prefix Вас"},
		{"transliterations", "vasilij", "wassili", 0.810, 0.810, "no prefix in common"},
		{"nothing in common", "abc", "xyz", 0, 0, "m=0"},
		{"window of one", "ITMAN", "SMITH", 0.467, 0.467, "window max(5,5)/2-1 = 1 leaves S, M out of reach (strutil's wider window gives 0.622)"},
		{"single runes", "a", "b", 0, 0, "window 0"},
		{"invalid utf-8", "\xffab", "\xfeab", 1, 1, "each invalid byte reads as U+FFFD, so the runes are equal"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			assert.InDelta(t, tc.jaro, Jaro{}.Compare(tc.a, tc.b), 5e-4, "Jaro: %s", tc.reason)
			assert.InDelta(t, tc.want, JaroWinkler{}.Compare(tc.a, tc.b), 5e-4, "JaroWinkler: %s", tc.reason)
		})
	}
}

func TestJaroWinklerParameters(t *testing.T) {
	require.Equal(t, NewJaroWinkler().Compare("MARTHA", "MARHTA"), JaroWinkler{}.Compare("MARTHA", "MARHTA"),
		"the zero value uses the defaults")
	tests := []struct {
		name string
		jw   JaroWinkler
		a, b string
		want float64
	}{
		{"defaults", NewJaroWinkler(), "MARTHA", "MARHTA", 0.944444 + 3*0.1*(1-0.944444)},
		{"negative scale means default", JaroWinkler{PrefixScale: -1}, "MARTHA", "MARHTA", 0.961111},
		{"max prefix 2", JaroWinkler{MaxPrefix: 2}, "MARTHA", "MARHTA", 0.944444 + 2*0.1*(1-0.944444)},
		{"scale 0.2", JaroWinkler{PrefixScale: 0.2}, "MARTHA", "MARHTA", 0.944444 + 3*0.2*(1-0.944444)},
		{"threshold 0.95 withholds the bonus", JaroWinkler{BoostThreshold: 0.95}, "MARTHA", "MARHTA", 0.944444},
		{"negative threshold always boosts", JaroWinkler{BoostThreshold: -1}, "SEAN", "SAMUEL", 0.611111 + 0.1*(1-0.611111)},
		{"large scale is clipped", JaroWinkler{PrefixScale: 1, MaxPrefix: 6}, "MARTHA", "MARHTA", 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			assert.InDelta(t, tc.want, tc.jw.Compare(tc.a, tc.b), 1e-5)
		})
	}
}

// TestJaroWinklerAgainstStrutil checks the implementation against strutil's on a sample of
// names where both follow the same definition: strutil gives every pair the prefix bonus
// (BoostThreshold -1 here) and uses a match window one rune wider, which changes nothing when
// the matching characters are close.
func TestJaroWinklerAgainstStrutil(t *testing.T) {
	pairs := [][2]string{
		{"MARTHA", "MARHTA"}, {"DWAYNE", "DUANE"}, {"DIXON", "DICKSONX"}, {"JONES", "JOHNSON"},
		{"ABCVWXYZ", "CABVWXYZ"}, {"SHACKLEFORD", "SHACKELFORD"}, {"DUNNINGHAM", "CUNNIGHAM"},
		{"NICHLESON", "NICHULSON"}, {"MASSEY", "MASSIE"}, {"ABROMS", "ABRAMS"}, {"HARDIN", "MARTINEZ"},
		{"JERALDINE", "GERALDINE"}, {"MICHELLE", "MICHAEL"}, {"JULIES", "JULIUS"}, {"TANYA", "TONYA"},
		{"SEAN", "SUSAN"}, {"JON", "JAN"}, {"BROOKHAUS", "BROOKHAUSS"}, {"vasiliy", "vasily"},
		{"vasilij", "wassili"}, {"Вася", "Василий"}, {"Петров", "Петрова"}, {"Петров", "Сидоров"},
		{"Иванов", "Иванова"}, {"Александр", "Александра"}, {"Загоруйко", "Загоруико"},
		{"Наталья", "Наталия"}, {"Natalya", "Nataliya"}, {"Aleksandr", "Alexander"},
	}
	ref := metrics.NewJaroWinkler()
	jw := JaroWinkler{BoostThreshold: -1}
	for _, p := range pairs {
		assert.InDelta(t, ref.Compare(p[0], p[1]), jw.Compare(p[0], p[1]), 1e-12, "%s / %s", p[0], p[1])
	}
}

// refJaro is the textbook Jaro algorithm with boolean flags, written for clarity, with the
// window capped as in the package.
func refJaro(a, b []rune) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	w := min(max(max(len(a), len(b))/2-1, 0), maxJaroWindow)
	fa, fb := make([]bool, len(a)), make([]bool, len(b))
	m := 0
	for i := range a {
		for j := max(0, i-w); j < min(len(b), i+w+1); j++ {
			if !fb[j] && a[i] == b[j] {
				fa[i], fb[j] = true, true
				m++
				break
			}
		}
	}
	if m == 0 {
		return 0
	}
	u, j := 0, 0
	for i := range a {
		if !fa[i] {
			continue
		}
		for !fb[j] {
			j++
		}
		if a[i] != b[j] {
			u++
		}
		j++
	}
	fm := float64(m)
	return (fm/float64(len(a)) + fm/float64(len(b)) + (fm-float64(u/2))/fm) / 3
}

// TestJaroPathsAgree checks the byte, short-rune and long paths against the reference on
// random strings from small alphabets (many matches and transpositions), across the 64-rune
// and 130-rune edges.
func TestJaroPathsAgree(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for range 2000 {
		a, b := randomString(r, 160), randomString(r, 160)
		if a == "" || b == "" || a == b {
			continue
		}
		x, y := []rune(a), []rune(b)
		want := refJaro(x, y)
		if a > b {
			want = refJaro(y, x)
		}
		require.InDelta(t, want, Jaro{}.Compare(a, b), 1e-12, "%q / %q", a, b)
		if len(x) <= shortLen && len(y) <= shortLen {
			direct := refJaro(x, y) // the paths below take the pair as given, unordered
			require.InDelta(t, direct, jaroShortAll(x, y), 1e-12, "short %q / %q", a, b)
			require.InDelta(t, direct, jaroLong(x, y), 1e-12, "long %q / %q", a, b)
		}
	}
}

func TestJaroAllocations(t *testing.T) {
	pairs := [][2]string{{"ALEXANDER", "ALEKSANDR"}, {"Александр Петров", "Алексанр Петроф"}, {"Anna", "Анна"}}
	for _, p := range pairs {
		allocs := testing.AllocsPerRun(100, func() { _ = JaroWinkler{}.Compare(p[0], p[1]) })
		assert.Zero(t, allocs, "%s / %s", p[0], p[1])
	}
}

// jaroShortAll is jaroShort without a floor.
func jaroShortAll[T symbol](a, b []T) float64 {
	j, _ := jaroShort(a, b, 0)
	return j
}

// TestJaroWinklerAtLeast checks that a comparison against a floor gives Compare's value
// wherever that reaches the floor, and a value below the floor wherever it does not, on
// names one edit apart, names of two people and random strings, for the default and other
// parameters.
func TestJaroWinklerAtLeast(t *testing.T) {
	names := []string{"martha", "marhta", "dwayne", "duane", "dixon", "dicksonx", "иванович",
		"петрович", "иванов", "иваново", "ivanovich", "ivanovitch", "александр", "александра",
		"alexander", "aleksandr", "москва", "moskva", "мо", "a", "ab", "ba"}
	floors := []float64{-1, 0, 0.5, 0.7, 0.8, 0.8000000001, 0.88, 0.92, 0.99, 1, 1.5}
	params := []JaroWinkler{{}, {PrefixScale: 0.25, MaxPrefix: 4, BoostThreshold: -1}, {PrefixScale: 0.05, MaxPrefix: 2, BoostThreshold: 0.9}}
	check := func(w JaroWinkler, a, b string, floor float64) {
		t.Helper()
		want, got := w.Compare(a, b), w.CompareAtLeast(a, b, floor)
		if want >= floor {
			require.Equal(t, want, got, "%+v %q / %q at least %v", w, a, b, floor)
		} else {
			require.Less(t, got, floor, "%+v %q / %q at least %v (Compare %v)", w, a, b, floor, want)
		}
	}
	for _, w := range params {
		for _, a := range names {
			for _, b := range names {
				for _, f := range floors {
					check(w, a, b, f)
				}
			}
		}
	}
	r := rand.New(rand.NewPCG(7, 8))
	for range 20000 {
		a, b := randomString(r, 12), randomString(r, 12)
		w := params[r.IntN(len(params))]
		// The floor at the pair's own similarity, just above it and at a random value.
		s := w.Compare(a, b)
		for _, f := range []float64{s, math.Nextafter(s, 2), r.Float64()} {
			check(w, a, b, f)
		}
	}
}

// FuzzJaroWinklerAtLeast checks CompareAtLeast against Compare on any strings and floor.
func FuzzJaroWinklerAtLeast(f *testing.F) {
	f.Add("иванович", "петрович", 0.88)
	f.Add("MARTHA", "MARHTA", 0.92)
	f.Add("\xff\xfe", "\xd0", 0.5)
	f.Fuzz(func(t *testing.T, a, b string, floor float64) {
		w := NewJaroWinkler()
		want, got := w.Compare(a, b), w.CompareAtLeast(a, b, floor)
		if want >= floor && got != want || want < floor && !(got < floor) {
			t.Fatalf("%q / %q at least %v: %v, Compare %v", a, b, floor, got, want)
		}
	})
}
