package normalize

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestTextKey(t *testing.T) {
	tests := []struct {
		name, in, want, reason string
	}{
		{"empty", "", "", ""},
		{"ascii", "Hello,  World!", "hello world", "punctuation becomes a space, spaces collapse"},
		{"cyrillic", "  Пётр   ИЛЬИЧ ", "петр ильич", "ё folds to е, case folds, trimmed"},
		{"short i kept", "Йошкар-Ола, ЙОД", "йошкар ола йод", "й must not become и"},
		{"nfkc", "ｆｕｌｌ ﬁ №5", "full fi no5", "compatibility forms"},
		{"marks", "Café Ørsted Łódź", "cafe orsted lodz", "diacritics and stroke letters"},
		{"decomposed", "Пе\u0308тр и\u0306од", "петр йод", "combining diaeresis dropped, combining breve on и kept"},
		{"invisible", "Ва\u200bся\u00ad Пе\u200dтров\ufeff", "вася петров", "zero-width characters and soft hyphens vanish inside words"},
		{"controls", "a\x00b\tc\nd", "ab c d", "controls vanish, white space separates"},
		{"digits kept", "Street 5/7", "street 5 7", "Text keeps digits"},
		{"emoji", "🙂🙂", "", "symbols only"},
		{"mixed latin in cyrillic", "Пeтpoв", "петров", "Latin e, p, o inside a Cyrillic word"},
		{"mixed cyrillic in latin", "Vаsyа", "vasya", "Cyrillic а inside a Latin word"},
		{"uppercase look-alikes", "ПETPOB", "петров", "Latin capitals E T P O B in a Cyrillic word"},
		{"both scripts strong", "Жuk", "жuk", "letters without twins in both scripts: left alone"},
		{"hyphen splits", "Санкт-Петербург", "санкт петербург", "Text does not keep joiners"},
		{"fold ss", "Straße", "strasse", "full case folding"},
		{"greek", "Σωκράτης", "σωκρατησ", "other scripts fold too"},
		{"invalid utf8", "Ва\xffся", "вася", "invalid bytes dropped"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Text.Key(tt.in)
			assert.Equal(t, tt.want, got, tt.reason)
			assert.Equal(t, got, Text.Key(got), "idempotent")
		})
	}
}

func TestPersonNameKey(t *testing.T) {
	tests := []struct {
		name, in, want, reason string
	}{
		{"hyphen kept", "Римский–Корсаков", "римский-корсаков", "en dash inside a name becomes a hyphen"},
		{"apostrophe kept", "D’jakonov", "d'jakonov", "typographic apostrophe normalised"},
		{"modifier prime", "Dʹjakonov", "d'jakonov", "ISO 9 soft sign"},
		{"joiner at edges", "-Петров- 'x", "петров x", "joiners outside words separate"},
		{"double joiner", "a--b", "a b", "two joiners in a row are a dash, which separates"},
		{"digits separate", "vasya1985petrov", "vasya petrov", "digits are noise in names"},
		{"initials", "В.И.Петров", "в и петров", "dots separate"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := PersonName.Key(tt.in)
			assert.Equal(t, tt.want, got, tt.reason)
			assert.Equal(t, got, PersonName.Key(got), "idempotent")
		})
	}
}

func TestProfileString(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"ascii unchanged", "Vasya Petrov", "Vasya Petrov"},
		{"spaces", "  Вася \t Петров\n", "Вася Петров"},
		{"nfkc and invisibles", "Ｖasya\u200b Пeтpoв", "Vasya Петров"},
		{"case and marks kept", "Пётр Café", "Пётр Café"},
		{"invalid", "a\xffb", "ab"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, PersonName.String(tt.in))
		})
	}
}

func TestProfileOptions(t *testing.T) {
	plain := New()
	assert.Equal(t, "Пётр Café", plain.Key("Пётр  Café!"), "no folding, no stripping")
	assert.Equal(t, "пётр", New(FoldCase()).Key("ПЁТР"))
	assert.Equal(t, "ПЕТР", New(StripMarks()).Key("ПЁТР"))

	nick := map[string]string{"Вася": "Василий", "vasya": "vasiliy", "bob": "robert", "bobby": "bob", "a": "b", "b": "a", "x y": "z"}
	p := New(FoldCase(), StripMarks(), Map(nick))
	nick["bob"] = "changed"
	tests := []struct {
		name, in, want, reason string
	}{
		{"word mapped", "ВАСЯ Петров", "василий петров", "keys and values are cleaned"},
		{"chain followed", "Bobby", "robert", "bobby → bob → robert"},
		{"copy taken", "bob", "robert", "changing the caller's map later has no effect"},
		{"cycle ignored", "a b", "a b", "entries on a cycle are dropped"},
		{"phrase keys ignored", "x y", "x y", "keys of several words are ignored"},
		{"already mapped", "василий", "василий", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := p.Key(tt.in)
			assert.Equal(t, tt.want, got, tt.reason)
			assert.Equal(t, got, p.Key(got), "idempotent")
		})
	}
}

func TestProfileFastPathDoesNotAllocate(t *testing.T) {
	for _, s := range []string{"vasya petrov", "василий петров", "римский-корсаков"} {
		allocs := testing.AllocsPerRun(100, func() { _ = PersonName.Key(s) })
		assert.Zero(t, allocs, s)
		assert.Equal(t, s, PersonName.Key(s))
	}
}

func TestTextHugeInput(t *testing.T) {
	in := strings.Repeat("Пeтpoв Vаsyа 🙂 ", 1<<16) // about 1.5 MB
	orig := strings.Clone(in)
	got := Text.Key(in)
	require.Equal(t, orig, in, "input not modified")
	assert.True(t, utf8.ValidString(got))
	assert.True(t, strings.HasPrefix(got, "петров vasya петров"))
}

// fuzzSeeds are shared by the fuzz tests of this package.
var fuzzSeeds = []string{
	"", " ", "Петров Василий Иванович", "Vasya Petrov", "В. И. Петров", "Пeтpoв", "Hа", "ПETPOB",
	"Straße", "İstanbul", "Ва\xffся", "🙂", "a\u0301\u0306", "и\u0306", "Дʹjakonov", "--'", "ǅ",
	"ﬃ", "\u0345", "ΐ", "Римский-Корсаков", "ŉ", "Schtschukin", "tsch", "schch", "ttsch", "oiu",
	"Jegorowitsch", "\u1100\u1161", "각", "x\u20dd", "Ꭰ", "ᾈ",
}

func FuzzTextKey(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, p := range []*Profile{Text, PersonName, skelProfile} {
			k := p.Key(s)
			if !utf8.ValidString(k) {
				t.Fatalf("invalid UTF-8 %q for %q", k, s)
			}
			if k2 := p.Key(k); k2 != k {
				t.Fatalf("not idempotent: %q → %q → %q", s, k, k2)
			}
			if strings.HasPrefix(k, " ") || strings.HasSuffix(k, " ") || strings.Contains(k, "  ") {
				t.Fatalf("bad spacing %q", k)
			}
		}
		if d := PersonName.String(s); !utf8.ValidString(d) {
			t.Fatalf("invalid UTF-8 display form %q", d)
		}
	})
}

func BenchmarkTextKey(b *testing.B) {
	for _, bc := range []struct{ name, in string }{
		{"fast", "василий петров"},
		{"simple", "Петров Василий Иванович"},
		{"unicode", "Café Ørsted, Пётр Łódź"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_ = PersonName.Key(bc.in)
			}
		})
	}
}
