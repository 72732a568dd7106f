package normalize

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCity(t *testing.T) {
	tests := []struct {
		name   string
		inputs []string
		want   string
		known  bool
	}{
		{"moscow", []string{"Москва", "Moscow", "Moskva", "г. Москва", "МСК", "msk", "город Москва", "MOSCOW CITY", "Москва, Россия", "Moskau"}, "moscow", true},
		{"spb", []string{"Санкт-Петербург", "СПб", "Питер", "St. Petersburg", "Leningrad", "SPB", "Saint Petersburg", "С.-Петербург", "Ленинград"}, "saint-petersburg", true},
		{"ekb", []string{"Екатеринбург", "Yekaterinburg", "Ekaterinburg", "Jekaterinburg", "ЕКБ", "Свердловск"}, "yekaterinburg", true},
		{"nn", []string{"Нижний Новгород", "Nizhny Novgorod", "Nizhniy Novgorod", "Н. Новгород", "Горький"}, "nizhny-novgorod", true},
		{"rostov", []string{"Ростов-на-Дону", "Rostov-on-Don", "Ростов"}, "rostov-on-don", true},
		{"kyiv", []string{"Kyiv", "Kiev", "Киев", "Київ"}, "kyiv", true},
		{"almaty", []string{"Almaty", "Алматы", "Алма-Ата"}, "almaty", true},
		{"new york", []string{"New York", "Нью-Йорк", "NYC", "New York City"}, "new-york", true},
		{"unknown", []string{"Урюпинск", "г. Урюпинск", "УРЮПИНСК"}, "урюпинск", false},
		{"empty", []string{"", "  ", "🙂"}, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, in := range tt.inputs {
				key, known := City(in)
				assert.Equal(t, tt.want, key, in)
				assert.Equal(t, tt.known, known, in)
			}
		})
	}
}

// TestCityAliasesUnambiguous checks that no alias of the table leads to two cities.
func TestCityAliasesUnambiguous(t *testing.T) {
	byKey := map[string]string{}
	bySkel := map[string]string{}
	for _, r := range tableRows("cities") {
		require.Len(t, r, 2)
		for _, n := range append([]string{strings.ReplaceAll(r[0], "-", " ")}, strings.Split(r[1], ",")...) {
			for _, m := range []struct {
				seen map[string]string
				key  string
			}{{byKey, Text.Key(n)}, {bySkel, Skeleton(n)}} {
				if prev, ok := m.seen[m.key]; ok && prev != r[0] {
					t.Errorf("alias %q of %s already names %s", n, r[0], prev)
				}
				m.seen[m.key] = r[0]
			}
			id, known := City(n)
			assert.True(t, known, n)
			assert.Equal(t, r[0], id, n)
		}
	}
}

// TestCityCoversLargestRussian checks the 100 largest Russian cities of the shared reference
// data (read only to measure).
func TestCityCoversLargestRussian(t *testing.T) {
	f, err := os.Open(filepath.Join("..", "..", "shared", "data", "names-ru", "cities", "city.csv"))
	if err != nil {
		t.Skipf("reference data not available: %v", err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	require.NoError(t, err)
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	type city struct {
		name string
		pop  int
	}
	var cs []city
	for _, r := range rows[1:] {
		name := r[col["city"]]
		if name == "" {
			name = r[col["region"]] // Moscow, Saint Petersburg and Sevastopol are regions
		}
		pop, _ := strconv.Atoi(r[col["population"]])
		cs = append(cs, city{name, pop})
	}
	sort.SliceStable(cs, func(i, j int) bool { return cs[i].pop > cs[j].pop })
	var missing []string
	for _, c := range cs[:100] {
		if _, known := City(c.name); !known {
			missing = append(missing, c.name)
		}
	}
	t.Logf("100 largest Russian cities: %d known; missing: %v", 100-len(missing), missing)
	assert.Empty(t, missing)
}

func FuzzCity(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Add("г. Москва")
	f.Fuzz(func(t *testing.T, s string) {
		key, known := City(s)
		if !utf8.ValidString(key) || (known && key == "") {
			t.Fatalf("City(%q) = %q, %v", s, key, known)
		}
		if k2, known2 := City(key); known && (k2 != key || !known2) {
			t.Fatalf("city id %q does not map to itself: %q", key, k2)
		}
	})
}

func BenchmarkCity(b *testing.B) {
	for _, bc := range []struct{ name, in string }{
		{"clean", "москва"},
		{"typical", "г. Москва"},
		{"latin", "Moskva"},
		{"unknown", "Урюпинск"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_, _ = City(bc.in)
			}
		})
	}
}
