package normalize

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSkeletonVariants(t *testing.T) {
	tests := []struct {
		name   string
		inputs []string
		want   string
		reason string
	}{
		{"Василий", []string{"Василий", "Vasiliy", "Vasily", "Vasilij", "Wassili", "Vasilii"}, "vasili", "ий/iy/y/ij endings, w, double s"},
		{"Юлия", []string{"Юлия", "Yulia", "Julia", "Iuliia", "Yuliya", "Ûliâ", "Juliya"}, "iulia", "iotated vowels, ICAO, ISO 9"},
		{"Щербаков", []string{"Щербаков", "Shcherbakov", "Scherbakov", "Sjtsjerbakov", "Szczerbakow", "Ŝerbakov", "Schtscherbakow"}, "sherbakov", "щ and ш share a symbol"},
		{"Хабибуллин", []string{"Хабибуллин", "Khabibullin", "Habibullin", "Khabibulin"}, "khabibulin", "kh and h"},
		{"Цой", []string{"Цой", "Tsoi", "Tsoy", "Coi", "Zoi", "Tsoj"}, "zoi", "ц: ts, tz, German z, ISO c"},
		{"Дьяконов", []string{"Дьяконов", "D'jakonov", "Dyakonov", "D’yakonov", "Djakonow", "Diakonov"}, "diakonov", "soft sign and apostrophes"},
		{"Егорович", []string{"Егорович", "Jegorowitsch", "Yegorovich", "Egorovich", "Iegorovich"}, "egorovich", "ye/je/e"},
		{"Голицын", []string{"Голицын", "Golizyn", "Golitsyn", "Golicyn", "Golitzin"}, "golizin", "ц spelt z, ts, c, tz"},
		{"Алексей", []string{"Алексей", "Aleksey", "Alexei", "Aleksej", "Alexey", "Aleksei"}, "aleksei", "x is ks"},
		{"Фёдор", []string{"Фёдор", "Федор", "Fyodor", "Fedor", "Fjodor", "Fiodor", "Fëdor"}, "fedor", "ё spelt yo, jo, io, e"},
		{"Горбачёв", []string{"Горбачёв", "Gorbachev", "Gorbachov", "Gorbatschow", "Gorbatchev"}, "gorbachev", "ё after ч spelt o"},
		{"Людмила", []string{"Людмила", "Ludmila", "Lyudmila", "Ljudmila", "Liudmila"}, "ludmila", "the glide after a consonant before u"},
		{"Чайковский", []string{"Чайковский", "Tchaikovsky", "Tschaikowski", "Czajkowski", "Chaikovskiy"}, "chaikovski", "French, German, Polish ч"},
		{"Смирнов", []string{"Смирнов", "Smirnoff", "Smirnow", "Smirnov"}, "smirnov", "-off and -ow"},
		{"Соловьёв", []string{"Соловьёв", "Solovyov", "Soloviev", "Solovjew", "Solovyev", "Solov'ev"}, "solovev", ""},
		{"Сергей", []string{"Сергей", "Sergey", "Sergei", "Sergej", "Serguei"}, "sergei", "French gu"},
		{"Милошевич", []string{"Милошевич", "Milošević", "Miloshevich"}, "miloshevich", "Serbian letters"},
		{"Ковальский", []string{"Ковальский", "Kowalski", "Kovalsky"}, "kovalski", ""},
		{"Хмелевский", []string{"Хмелевский", "Chmielewski", "Khmelevsky"}, "khmelevski", "Polish ch is х"},
		{"Жуков", []string{"Жуков", "Zhukov", "Žukov", "Żukow"}, "zhukov", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, in := range tt.inputs {
				assert.Equal(t, tt.want, Skeleton(in), "%s: %s", in, tt.reason)
			}
		})
	}
}

func TestSkeletonKeepsNamesApart(t *testing.T) {
	pairs := [][2]string{
		{"Петров", "Петрова"}, {"Михаил", "Michael"}, {"Иванов", "Ивановский"}, {"Саша", "Маша"},
		{"Козлов", "Кослов"}, {"Жуков", "Шуков"}, {"Белов", "Белова"},
	}
	for _, p := range pairs {
		assert.NotEqual(t, Skeleton(p[0]), Skeleton(p[1]), "%s vs %s", p[0], p[1])
	}
}

func TestSkeletonWords(t *testing.T) {
	tests := []struct {
		name, in, want, reason string
	}{
		{"empty", "", "", ""},
		{"no letters", "123 🙂 !", "", ""},
		{"several words", "Пётр  Ильич Чайковский", "petr ilich chaikovski", "one key per word"},
		{"hyphen", "Римский-Корсаков", "rimski korsakov", "hyphenated words give one key per part"},
		{"mixed script word", "Пeтpoв", "petrov", "look-alikes repaired first"},
		{"other scripts kept", "Σωκράτης", "σωκρατησ", "letters outside Latin and Cyrillic pass through"},
		{"ukrainian", "Сергій Їжак", "sergi izhak", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, Skeleton(tt.in), tt.reason)
		})
	}
}

func TestSurnameSkeleton(t *testing.T) {
	tests := []struct {
		name   string
		inputs []string
		want   string
	}{
		{"-ов", []string{"Петров", "Петрова", "Petrova", "Petrov", "Petroff", "Petrowa"}, "petrov"},
		{"-ский", []string{"Чайковский", "Чайковская", "Tchaikovskaya", "Chaikovsky", "Czajkowska", "Tschaikowskaja"}, "chaikovski"},
		{"-цкий", []string{"Троцкий", "Троцкая", "Trotsky", "Trotskaya"}, "trozki"},
		{"-ой", []string{"Толстой", "Толстая", "Tolstoy", "Tolstaya"}, "tolsti"},
		{"-ин", []string{"Ильин", "Ильина", "Ilyin", "Ilyina", "Il'ina"}, "ilin"},
		{"-ев", []string{"Соловьёв", "Соловьева", "Solovyova"}, "solovev"},
		{"compound", []string{"Римская-Корсакова", "Римский-Корсаков"}, "rimski korsakov"},
		{"short kept", []string{"Цой"}, "zoi"},
		{"ungendered", []string{"Шевченко"}, "shevchenko"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, in := range tt.inputs {
				assert.Equal(t, tt.want, SurnameSkeleton(in), in)
			}
		})
	}
}

func TestSurnameGender(t *testing.T) {
	tests := []struct {
		in   string
		want Gender
	}{
		{"Петрова", Female}, {"Петров", Male}, {"Ivanova", Female}, {"Ivanov", Male},
		{"Чайковская", Female}, {"Чайковский", Male}, {"Tolstaya", Female}, {"Tolstoy", Male},
		{"Kowalska", Female}, {"Ильина", Female}, {"Ильин", Male}, {"Шевченко", GenderUnknown},
		{"Абрамович", GenderUnknown}, {"Smith", GenderUnknown}, {"", GenderUnknown},
		{"Римская-Корсакова", Female}, {"Цой", GenderUnknown},
		// -in in Latin letters ends English surnames as well as Russian ones.
		{"Martin", GenderUnknown}, {"Nikitin", GenderUnknown}, {"Никитин", Male}, {"Мартин", Male},
		{"Nikitina", Female},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			assert.Equal(t, tt.want, SurnameGender(tt.in))
		})
	}
}

func TestGenderedSurname(t *testing.T) {
	for key, want := range map[string]bool{
		SurnameSkeleton("Петрова"): true, SurnameSkeleton("Nikitin"): true, SurnameSkeleton("Чайковская"): true,
		SurnameSkeleton("Ryan"): false, SurnameSkeleton("Шевченко"): false, SurnameSkeleton("Ким"): false, "": false,
	} {
		assert.Equal(t, want, GenderedSurname(key), key)
	}
}

func TestNameGenderOfDisagreeingParts(t *testing.T) {
	tests := []struct {
		given, middle, surname string
		want                   Gender
	}{
		{"Вася", "", "Овчинникова", GenderUnknown}, // Вася is Василий in the table, and Василиса too
		{"Вася", "", "Овчинников", Male},
		{"Mary", "", "Martin", Female},
		{"Анна", "", "Петров", GenderUnknown},
		{"Шуар", "Егорович", "Филатов", Male},
		{"Анна", "Ивановна", "Петрова", Female},
		{"Иван", "Ивановна", "", GenderUnknown},
	}
	for _, tt := range tests {
		t.Run(tt.given+" "+tt.surname, func(t *testing.T) {
			n, err := ParseName(tt.given, tt.middle, tt.surname)
			require.NoError(t, err)
			assert.Equal(t, tt.want, n.Gender)
		})
	}
}

func TestPhonetic(t *testing.T) {
	tests := []struct {
		name   string
		inputs []string
		want   string
		reason string
	}{
		{"Петров", []string{"Петров", "Петрова", "Petrov", "Petroff", "Pjetrow", "Petrof", "Betrov", "Питров"}, "pdrf", "voicing and vowel typos"},
		{"Щербаков", []string{"Щербаков", "Shcherbakov", "Scherbakov", "Sherbakov", "Szczerbakowa"}, "shrpkf", ""},
		{"vowel first", []string{"Иванов", "Ivanov", "Ivanova", "Ivanoff"}, "afnf", "a leading vowel keeps one code"},
		{"long", []string{"Константинопольский", "Константинопольская", "Konstantinopolsky"}, "knsdnd", "six codes at most"},
		{"compound", []string{"Римский-Корсаков"}, "rnsk krskf", "one key per word"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, in := range tt.inputs {
				assert.Equal(t, tt.want, Phonetic(in), "%s: %s", in, tt.reason)
			}
		})
	}
	assert.Empty(t, Phonetic("🙂"))
}

func TestTransliterate(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"icao", "Юлия Щеглова", "iuliia shcheglova"},
		{"hard sign", "Ян Разъездной", "ian razieezdnoi"},
		{"yo", "Артём", "artem"},
		{"hyphen", "Римский-Корсаков", "rimskii-korsakov"},
		{"latin passes", "Vasya  Petrov!", "vasya petrov"},
		{"ukrainian", "Їжак Ґонта", "izhak gonta"},
		{"mixed", "Пeтpoв", "petrov"},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, Transliterate(tt.in))
		})
	}
}

func FuzzSkeleton(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, fn := range []struct {
			name string
			f    func(string) string
		}{{"Skeleton", Skeleton}, {"SurnameSkeleton", SurnameSkeleton}, {"Phonetic", Phonetic}} {
			k := fn.f(s)
			if !utf8.ValidString(k) || strings.Contains(k, "  ") {
				t.Fatalf("%s(%q) = %q: bad output", fn.name, s, k)
			}
			if k2 := fn.f(k); k2 != k {
				t.Fatalf("%s not idempotent: %q → %q → %q", fn.name, s, k, k2)
			}
		}
		if tr := Transliterate(s); !utf8.ValidString(tr) {
			t.Fatalf("Transliterate(%q) = %q", s, tr)
		}
		_ = SurnameGender(s)
	})
}

func BenchmarkSkeleton(b *testing.B) {
	for _, bc := range []struct{ name, in string }{
		{"cyrillic", "Василий"},
		{"latin", "Jegorowitsch"},
		{"three words", "Петров Василий Иванович"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_ = Skeleton(bc.in)
			}
		})
	}
}

func BenchmarkSurnameSkeleton(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		_ = SurnameSkeleton("Чайковская")
	}
}

func BenchmarkPhonetic(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		_ = Phonetic("Щербакова")
	}
}

func BenchmarkTransliterate(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		_ = Transliterate("Петров Василий Иванович")
	}
}
