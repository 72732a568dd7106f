package normalize

import (
	"encoding/csv"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func TestGivenNameKeys(t *testing.T) {
	tests := []struct {
		name   string
		inputs []string
		want   []string
		reason string
	}{
		{"Василий", []string{"Вася", "Васька", "Васёк", "Vasya", "Vasiliy", "Wassili", "ВАСИЛИЙ"}, []string{"vasili"}, "diminutives and spellings"},
		{"Саша", []string{"Саша", "Sasha", "Шура", "Саня"}, []string{"aleksandr", "aleksandra"}, "unisex diminutive"},
		{"Женя", []string{"Женя", "Zhenya"}, []string{"evgeni", "evgenia"}, ""},
		{"Robert", []string{"Bob", "Rob", "Bobby", "Robert", "BOBBY"}, []string{"robert"}, "English nicknames"},
		{"Наталья", []string{"Наталья", "Наталия", "Наташа", "Natalya", "Natalia"}, []string{"natalia"}, "variant full forms"},
		{"Дарья", []string{"Дарья", "Дария", "Даша", "Darya"}, []string{"daria"}, ""},
		{"Артём", []string{"Артём", "Артем", "Artyom", "Artem"}, []string{"artem"}, ""},
		{"Михаил", []string{"Михаил", "Миша", "Mikhail", "Michail"}, []string{"mikhail"}, ""},
		{"Michael", []string{"Michael", "Mike", "Mikey"}, []string{"michael"}, "English form stays apart"},
		{"Elizabeth", []string{"Liz", "Beth", "Betty"}, []string{"elizabet"}, ""},
		{"Слава", []string{"Слава"}, []string{"bronislav", "cheslav", "mechislav", "miroslava", "mstislav", "rostislav", "sviatoslav", "stanislav", "stanislava", "viacheslav", "vladislav", "vladislava", "iaroslav", "iaroslava"}, "many names"},
		{"unknown", []string{"Зоригто"}, []string{"zorigto"}, "unknown names give their own skeleton"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := slices.Sorted(slices.Values(tt.want))
			for _, in := range tt.inputs {
				assert.Equal(t, want, GivenNameKeys(in), "%s: %s", in, tt.reason)
			}
		})
	}
	assert.Nil(t, GivenNameKeys("🙂"))
	assert.Nil(t, GivenNameKeys(""))
}

func TestGivenNameGender(t *testing.T) {
	tests := []struct {
		in   string
		want Gender
	}{
		{"Вася", Male}, {"Маша", Female}, {"Bob", Male}, {"Peggy", Female}, {"Саша", GenderUnknown},
		{"Женя", GenderUnknown}, {"Зоригто", GenderUnknown}, {"", GenderUnknown}, {"Алёна", Female},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			assert.Equal(t, tt.want, GivenNameGender(tt.in))
		})
	}
}

// TestGivenNamesGolden freezes what every name of the table maps to. Regenerate with
// go test -run TestGivenNamesGolden -update.
func TestGivenNamesGolden(t *testing.T) {
	var lines []string
	seen := map[string]bool{}
	for _, r := range tableRows("given_names") {
		require.Len(t, r, 3)
		for _, n := range append([]string{r[0]}, strings.Split(r[2], ",")...) {
			if seen[n] {
				continue
			}
			seen[n] = true
			lines = append(lines, fmt.Sprintf("%s\t%s\t%s", n, strings.Join(GivenNameKeys(n), ","), GivenNameGender(n)))
		}
	}
	sort.Strings(lines)
	got := strings.Join(lines, "\n") + "\n"
	path := filepath.Join("testdata", "given_names.golden")
	if *update {
		require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, string(want), got, "(-want +got); run with -update after a deliberate change")
}

// TestGivenNamesCoverRussian measures the table against the most frequent Russian first names
// of the shared reference data (read only to measure).
func TestGivenNamesCoverRussian(t *testing.T) {
	f, err := os.Open(filepath.Join("..", "..", "shared", "data", "names-ru", "names.csv"))
	if err != nil {
		t.Skipf("reference data not available: %v", err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	require.NoError(t, err)
	type name struct {
		text  string
		count int
	}
	var names []name
	for _, r := range rows[1:] {
		c, err := strconv.Atoi(r[0])
		require.NoError(t, err)
		names = append(names, name{r[1], c})
	}
	sort.SliceStable(names, func(i, j int) bool { return names[i].count > names[j].count })
	for _, top := range []int{100, 300} {
		var hit, people, peopleHit int
		var missing []string
		for _, n := range names[:top] {
			people += n.count
			if givenNames().lookup(Skeleton(n.text)) != nil {
				hit++
				peopleHit += n.count
			} else {
				missing = append(missing, n.text)
			}
		}
		share, weighted := float64(hit)/float64(top), float64(peopleHit)/float64(people)
		t.Logf("top %d Russian first names: %.3f covered (%.3f of people); missing: %s", top, share, weighted, strings.Join(missing, " "))
		// Measured: top 100 1.000 (1.000 of people), top 300 0.970 (0.998 of people); the
		// misses are misspellings (Александ) and rare names.
		minShare := map[int]float64{100: 0.98, 300: 0.95}[top]
		assert.GreaterOrEqual(t, share, minShare)
		assert.GreaterOrEqual(t, weighted, 0.99)
	}
}

// TestGivenNamesCoverEnglish measures the English part against the Wiktionary diminutives of
// the shared reference data: of their names that the table knows, the share of diminutives
// that lead back to the name.
func TestGivenNamesCoverEnglish(t *testing.T) {
	var known, dims, dimHit int
	for _, file := range []string{"male_diminutives.csv", "female_diminutives.csv"} {
		f, err := os.Open(filepath.Join("..", "..", "shared", "data", "names-en", "diminutives_db", file))
		if err != nil {
			t.Skipf("reference data not available: %v", err)
		}
		r := csv.NewReader(f)
		r.FieldsPerRecord = -1
		rows, err := r.ReadAll()
		f.Close()
		require.NoError(t, err)
		for _, row := range rows {
			canon := Skeleton(row[0])
			if givenNames().lookup(canon) == nil || !slices.Contains(GivenNameKeys(row[0]), canon) {
				continue
			}
			known++
			for _, d := range row[1:] {
				dims++
				if slices.Contains(GivenNameKeys(d), canon) {
					dimHit++
				}
			}
		}
	}
	share := float64(dimHit) / float64(max(dims, 1))
	t.Logf("English: %d names of the reference known; %d of their %d diminutives lead back (%.3f)", known, dimHit, dims, share)
	// Measured: 152 names known, 0.670 of their diminutives lead back.
	assert.GreaterOrEqual(t, known, 140)
	assert.GreaterOrEqual(t, share, 0.60)
}

func FuzzGivenName(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		keys := GivenNameKeys(s)
		if Skeleton(s) != "" && len(keys) == 0 {
			t.Fatalf("no keys for %q", s)
		}
		if !slices.IsSorted(keys) || len(slices.Compact(slices.Clone(keys))) != len(keys) {
			t.Fatalf("keys of %q not sorted and unique: %q", s, keys)
		}
		_ = GivenNameGender(s)
	})
}

func BenchmarkGivenNameKeys(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		_ = GivenNameKeys("Вася")
	}
}

func TestKnownGivenNameKeys(t *testing.T) {
	tests := []struct {
		key  string
		want []string
	}{
		{Skeleton("Bill"), GivenNameKeys("Bill")},
		{Skeleton("Оля"), GivenNameKeys("Оля")},
		{SurnameSkeleton("Ирина"), GivenNameKeys("Ирина")}, // folded to "irin" as a surname
		{SurnameSkeleton("Петров"), nil},
		{Skeleton("Zzyzx"), nil},
		{"", nil},
	}
	for _, tt := range tests {
		t.Run(tt.key, func(t *testing.T) {
			assert.Equal(t, tt.want, KnownGivenNameKeys(tt.key))
		})
	}
	assert.Zero(t, testing.AllocsPerRun(100, func() { KnownGivenNameKeys("nikitin") }))
}
