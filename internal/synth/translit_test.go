package synth

import (
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
)

func TestTranslit(t *testing.T) {
	tests := []struct {
		name   string
		in     string
		sc     scheme
		want   string
		reason string
	}{
		{"icao yulia", "Юлия", schemeICAO, "Iuliia", "passport spelling"},
		{"bgn yulia", "Юлия", schemeBGN, "Yuliya", ""},
		{"simple yulia", "Юлия", schemeSimple, "Yulia", "-ия becomes -ia"},
		{"german yulia", "Юлия", schemeGerman, "Julija", ""},
		{"french yulia", "Юлия", schemeFrench, "Ioulia", "у is ou, -ия is -ia"},
		{"polish yulia", "Юлия", schemePolish, "Julija", ""},
		{"icao vasily", "Василий", schemeICAO, "Vasilii", ""},
		{"bgn vasily", "Василий", schemeBGN, "Vasiliy", ""},
		{"simple vasily", "Василий", schemeSimple, "Vasily", "final -ий is -y"},
		{"german vasily", "Василий", schemeGerman, "Wassili", "в is w, с between vowels ss"},
		{"french vasily", "Василий", schemeFrench, "Vassili", ""},
		{"polish vasily", "Василий", schemePolish, "Wasilij", ""},
		{"polish shevchenko", "Шевченко", schemePolish, "Szewczenko", "sz, cz, w"},
		{"german zhukov", "Жуков", schemeGerman, "Schukow", ""},
		{"french zhukov", "Жуков", schemeFrench, "Joukov", ""},
		{"polish sergey", "Сергей", schemePolish, "Siergiej", "е after a consonant is ie"},
		{"bgn elena", "Елена", schemeBGN, "Yelena", "initial е is ye"},
		{"simple alexandr", "Александр", schemeSimple, "Alexandr", "кс is x inside a word"},
		{"simple ksenia", "Ксения", schemeSimple, "Ksenia", "not at the start"},
		{"simple mikhail", "Михаил", schemeSimple, "Mihail", "informal h"},
		{"icao mikhail", "Михаил", schemeICAO, "Mikhail", ""},
		{"polish pyotr", "Пётр", schemePolish, "Piotr", ""},
		{"bgn natalya", "Наталья", schemeBGN, "Natalya", "soft sign dropped"},
		{"upper", "ПЕТРОВ", schemeSimple, "PETROV", "capitals stay capitals"},
		{"upper digraph", "ШЕВЧЕНКО", schemeICAO, "SHEVCHENKO", ""},
		{"hyphen", "Римская-Корсакова", schemeSimple, "Rimskaya-Korsakova", ""},
		{"latin passes", "John Smith", schemeICAO, "John Smith", ""},
		{"empty", "", schemeBGN, "", ""},
		{"unknown scheme", "Юлия", scheme(200), "Yulia", "falls back to simple"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, translit(tt.in, tt.sc), tt.reason)
		})
	}
}

func TestFeminine(t *testing.T) {
	tests := []struct {
		name, in, want, reason string
	}{
		{"ov", "Петров", "Петрова", ""},
		{"ev", "Васильев", "Васильева", ""},
		{"yov", "Королёв", "Королёва", ""},
		{"in", "Ильин", "Ильина", ""},
		{"skiy", "Высоцкий", "Высоцкая", "adjectival"},
		{"oy", "Толстой", "Толстая", "adjectival"},
		{"tsoy", "Цой", "Цой", "Korean surname does not decline"},
		{"enko", "Шевченко", "Шевченко", "Ukrainian -enko does not decline"},
		{"ykh", "Черных", "Черных", "fossil genitive"},
		{"uk", "Ковальчук", "Ковальчук", "consonant ending stays for women"},
		{"yan", "Петросян", "Петросян", ""},
		{"double", "Римский-Корсаков", "Римская-Корсакова", "each part declines"},
		{"double mixed", "Загоруйко-Зеленский", "Загоруйко-Зеленская", ""},
		{"ovich", "Абрамович", "Абрамович", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, feminine(tt.in), tt.reason)
		})
	}
}

// TestTablesTransliterate checks every table name gives a non-empty, valid Latin form in every
// scheme, so no table entry carries a letter the schemes do not know.
func TestTablesTransliterate(t *testing.T) {
	var names []string
	for _, tab := range [][]givenName{ruMaleNames, ruFemaleNames} {
		for _, n := range tab {
			names = append(names, n.name, n.patrM, n.patrF)
			names = append(names, n.dims...)
		}
	}
	names = append(names, ruSurnames...)
	for _, c := range ruCities {
		names = append(names, c.name)
	}
	for _, n := range names {
		if n == "" {
			continue
		}
		for sc := range numSchemes {
			got := translit(n, sc)
			assert.True(t, utf8.ValidString(got), n)
			for _, c := range got {
				assert.False(t, cyrIndex(c) >= 0 || (c >= 'А' && c <= 'Я') || c == 'Ё', "%q left Cyrillic in %q by scheme %d", n, got, sc)
			}
		}
	}
}

func FuzzTranslit(f *testing.F) {
	for _, s := range []string{"Юлия", "ПЕТРОВ", "Ёжик-Ий", "ий", "й", "\xff", "Кс"} {
		f.Add(s, uint8(0))
	}
	f.Fuzz(func(t *testing.T, s string, sc uint8) {
		got := translit(s, scheme(sc))
		if utf8.ValidString(s) && !utf8.ValidString(got) {
			t.Fatalf("translit(%q) = %q: invalid UTF-8", s, got)
		}
	})
}
