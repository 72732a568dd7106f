package normalize

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseFullName(t *testing.T) {
	tests := []struct {
		name, in string
		want     Name
		reason   string
	}{
		{"surname first", "Петров Василий Иванович", Name{"василий", "иванович", "петров", Male}, "Russian CRM order"},
		{"surname last", "Василий Иванович Петров", Name{"василий", "иванович", "петров", Male}, ""},
		{"latin", "Vasily Petrov", Name{"vasily", "", "petrov", Male}, ""},
		{"capitals", "PETROV Vasily", Name{"vasily", "", "petrov", Male}, "a word in capitals is the surname"},
		{"comma", "Petrov, Vasily", Name{"vasily", "", "petrov", Male}, "a comma after the surname"},
		{"initials first", "В. И. Петров", Name{"в", "и", "петров", Male}, ""},
		{"initials last", "Petrov V.I.", Name{"v", "i", "petrov", Male}, ""},
		{"given name and surname initial", "Vika V.", Name{"vika", "", "v", Female}, "a known given name beside an initial is the given name"},
		{"surname initial first", "Я. Ольга", Name{"ольга", "", "я", Female}, "messenger display names put the initial anywhere"},
		{"surname and given initial", "Петров В.", Name{"в", "", "петров", Male}, "an unknown word beside an initial stays the surname"},
		{"diminutive", "Вася Петров", Name{"вася", "", "петров", Male}, ""},
		{"female", "Петрова Анна Сергеевна", Name{"анна", "сергеевна", "петрова", Female}, ""},
		{"given and patronymic", "Анна Ивановна", Name{"анна", "ивановна", "", Female}, "no surname"},
		{"surname in -ович", "Роман Абрамович", Name{"роман", "", "абрамович", Male}, "a male patronymic alone reads as a surname"},
		{"-ович surname first", "Абрамович Роман Аркадьевич", Name{"роман", "аркадьевич", "абрамович", Male}, ""},
		{"compound surname", "Римский-Корсаков Николай Андреевич", Name{"николай", "андреевич", "римский-корсаков", Male}, ""},
		{"particle", "Ludwig van Beethoven", Name{"ludwig", "", "van beethoven", GenderUnknown}, ""},
		{"patronymic last", "Иван Петров Сергеевич", Name{"иван", "сергеевич", "петров", Male}, "given, surname, patronymic"},
		{"patronymic first", "Георгиевич Захаров Женя", Name{"женя", "георгиевич", "захаров", Male}, "the patronymic tells the unisex Женя's gender"},
		{"patronymic, surname, given", "Ивановна Попова Екатерина", Name{"екатерина", "ивановна", "попова", Female}, ""},
		{"english middle name", "John Paul Smith", Name{"john", "paul", "smith", Male}, "the usual order wins a tie"},
		{"english surname first", "Smith John Paul", Name{"john", "paul", "smith", Male}, ""},
		{"turkic patronymic", "Гейдар Алиев оглы", Name{"гейдар", "алиев оглы", "", Male}, ""},
		{"nickname known only", "Ким Олег", Name{"олег", "", "ким", Male}, "a full name beats a nickname"},
		{"surname only", "Петров", Name{"", "", "петров", Male}, ""},
		{"given only", "Маша", Name{"маша", "", "", Female}, ""},
		{"unisex", "Саша Иванова", Name{"саша", "", "иванова", Female}, "the surname decides when the given name does not"},
		{"english middle", "John Fitzgerald Kennedy", Name{"john", "fitzgerald", "kennedy", Male}, ""},
		{"mixed scripts", "Пeтpoв Bacилий", Name{"василий", "", "петров", Male}, "look-alikes repaired"},
		{"yo kept", "Фёдоров Пётр", Name{"пётр", "", "фёдоров", Male}, "parts keep ё as written"},
		{"german patronymic", "Wladimir Iljitsch Uljanow", Name{"wladimir", "iljitsch", "uljanow", Male}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseFullName(tt.in)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got, tt.reason)
		})
	}
}

func TestParseFullNameErrors(t *testing.T) {
	for _, in := range []string{"", "   ", "🙂🙂", "12345", "..."} {
		n, err := ParseFullName(in)
		assert.ErrorIs(t, err, ErrEmptyName, in)
		assert.True(t, n.IsZero())
	}
	n, err := ParseFullName("Петров\xff Василий")
	assert.ErrorIs(t, err, ErrInvalidUTF8)
	assert.Equal(t, Name{"василий", "", "петров", Male}, n, "usable result")

	huge := strings.Repeat("Иван ", 200000) + "Петров"
	orig := strings.Clone(huge)
	n, err = ParseFullName(huge)
	require.NoError(t, err)
	assert.Equal(t, orig, huge)
	assert.Equal(t, "петров", n.Surname)
}

func TestParseName(t *testing.T) {
	tests := []struct {
		name                   string
		given, middle, surname string
		want                   Name
		reason                 string
	}{
		{"clean", "Василий", "Иванович", "Петров", Name{"василий", "иванович", "петров", Male}, ""},
		{"patronymic in given", "Иванович", "Василий", "Петров", Name{"василий", "иванович", "петров", Male}, "given and middle swapped"},
		{"given in surname", "Петров", "", "Василий", Name{"василий", "", "петров", Male}, "given and surname swapped"},
		{"whole name in given", "Петров Василий Иванович", "", "", Name{"василий", "иванович", "петров", Male}, ""},
		{"given with patronymic", "Анна Сергеевна", "", "Петрова", Name{"анна", "сергеевна", "петрова", Female}, ""},
		{"no swap for unknown", "Зоригто", "", "Намсараев", Name{"зоригто", "", "намсараев", Male}, ""},
		{"female by surname", "", "", "Иванова", Name{"", "", "иванова", Female}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseName(tt.given, tt.middle, tt.surname)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got, tt.reason)
		})
	}
	_, err := ParseName("", " ", "🙂")
	assert.ErrorIs(t, err, ErrEmptyName)
	n, err := ParseName("Вася\xff", "", "Петров")
	assert.True(t, errors.Is(err, ErrInvalidUTF8))
	assert.Equal(t, "вася", n.Given)
}

func TestGenderString(t *testing.T) {
	assert.Equal(t, "male", Male.String())
	assert.Equal(t, "female", Female.String())
	assert.Equal(t, "unknown", GenderUnknown.String())
	assert.Equal(t, "unknown", Gender(9).String())
}

func FuzzParseFullName(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := ParseFullName(s)
		for _, p := range []string{n.Given, n.Middle, n.Surname} {
			if !utf8.ValidString(p) {
				t.Fatalf("invalid UTF-8 part %q", p)
			}
		}
		if err == nil && n.IsZero() {
			t.Fatalf("no error and no name for %q", s)
		}
		if errors.Is(err, ErrEmptyName) && !n.IsZero() {
			t.Fatalf("empty-name error with a name for %q", s)
		}
		if n2, err2 := ParseName(n.Given, n.Middle, n.Surname); err == nil && (err2 != nil || n2.IsZero()) {
			t.Fatalf("parts of %q do not parse back: %v", s, err2)
		}
	})
}

// BenchmarkPersonName measures the name part of normalizing one person record: parse the full
// name, then the keys the matcher stores.
func BenchmarkPersonName(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		n, _ := ParseFullName("Петров Василий Иванович")
		_ = Skeleton(n.Given)
		_ = Skeleton(n.Middle)
		_ = SurnameSkeleton(n.Surname)
		_ = GivenNameKeys(n.Given)
		_ = Phonetic(n.Surname)
	}
}

func BenchmarkParseFullName(b *testing.B) {
	for _, bc := range []struct{ name, in string }{
		{"cyrillic3", "Петров Василий Иванович"},
		{"latin2", "Vasya Petrov"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_, _ = ParseFullName(bc.in)
			}
		})
	}
}
