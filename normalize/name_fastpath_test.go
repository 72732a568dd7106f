package normalize

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The fast paths of the name keys (appendKey, appendKeySimple, nameCleanFields, textDecode2, the
// byte-wise City, the given-name filters, the role words) must give exactly what the general
// code gives. These tests compare them on fixed cases and
// on a seeded random sample of troublesome text.

// fastPathCases are inputs that exercise each branch of the cleaning: capitals, ё, mixed
// scripts, joiners, marks, invisible characters, invalid UTF-8 and several words.
var fastPathCases = []string{
	"", " ", "Петров", "петров", "ПЕТРОВ", "Пётр", "Пeтpoв", "Hа", "Римский-Корсаков",
	"d'Artagnan", "O’Brien", "Vasya1985", "Jürgen", "Łukasz", "Ærø", "Ю\u0306", "и\u0306",
	"Мари\u0301я", "ab\u200bcd", "\xffПетров\xfe", "Петров Василий Иванович", "  г.  Москва ",
	"Москва, Россия", "St. Petersburg", "NEW YORK", "city of London", "Ǆemal", "ΑΘΗΝΑ",
	"日本", "-Петров-", "Иван--Иванович", "'", "Ёлкин", "ѓорѓи", "Straße",
}

// fastPathSample returns the fixed cases and n random strings over an alphabet of the letters,
// marks and separators the cleaning treats specially.
func fastPathSample(n int) []string {
	alpha := []rune("aAbBcCzZsShHkKoOeEиИйЙёЁуУўщЩцЦаАеЕоОрРсСхХ -'’`.,019\u0301\u0306\u200bßæøłŁžčé\u00a0\tλΩ日—–\ufffd")
	r := rand.New(rand.NewPCG(7, 11))
	out := append([]string(nil), fastPathCases...)
	for range n {
		var b strings.Builder
		for range r.IntN(12) {
			b.WriteRune(alpha[r.IntN(len(alpha))])
		}
		if r.IntN(20) == 0 {
			b.WriteByte(0xd0) // a truncated Cyrillic letter
		}
		out = append(out, b.String())
	}
	return out
}

func TestAppendKeyMatchesKey(t *testing.T) {
	profiles := []struct {
		name string
		p    *Profile
	}{
		{"Text", Text},
		{"PersonName", PersonName},
		{"skeleton", skelProfile},
	}
	for _, pc := range profiles {
		t.Run(pc.name, func(t *testing.T) {
			for _, s := range fastPathSample(3000) {
				want := pc.p.key(s)
				require.Equal(t, want, string(pc.p.appendKey(nil, s)), "appendKey(%q)", s)
				// Text already in the buffer must not change where separators go.
				require.Equal(t, "x "+want, string(pc.p.appendKey([]byte("x "), s)), "appendKey after a prefix (%q)", s)
			}
		})
	}
}

// TestAppendKeySimple checks the one-pass path of appendKey against the general code it stands
// for: where it answers, textScan must find the text simple and unmixed, and appendWords must
// write the same bytes.
func TestAppendKeySimple(t *testing.T) {
	sample := fastPathSample(3000)
	r := rand.New(rand.NewPCG(5, 6))
	alpha := []rune("абвгдежзийклмнопрстуфхцчшщъыьэюяАБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯaZ -'.,09ёЁ")
	for range 3000 {
		var b strings.Builder
		for range r.IntN(16) {
			b.WriteRune(alpha[r.IntN(len(alpha))])
		}
		sample = append(sample, b.String())
	}
	answered := 0
	for _, p := range []*Profile{Text, PersonName, skelProfile, New(KeepJoiners()), New()} {
		for _, s := range sample {
			got, ok := p.appendKeySimple([]byte("x "), s)
			if !ok {
				require.Equal(t, "x ", string(got), "a refused %q leaves dst as it was", s)
				continue
			}
			answered++
			simple, mixed := textScan(s)
			require.True(t, simple && !mixed, "%q answered but not simple and unmixed", s)
			require.Equal(t, string(p.appendWords([]byte("x "), s, false)), string(got), "appendKeySimple(%q)", s)
		}
	}
	require.Greater(t, answered, len(sample))
}

func TestNameCleanFieldsMatchesNameClean(t *testing.T) {
	sample := fastPathSample(900)
	for i := 0; i+2 < len(sample); i += 3 {
		in := [3]string{sample[i], sample[i+1], sample[i+2]}
		got := in
		valid := nameCleanFields(&got)
		want := [3]string{nameClean(in[0]), nameClean(in[1]), nameClean(in[2])}
		require.Equal(t, want, got, "fields %q", in)
		if valid {
			require.True(t, utf8.ValidString(in[0]) && utf8.ValidString(in[1]) && utf8.ValidString(in[2]), "fields %q reported valid", in)
		}
	}
}

// TestGivenFilter checks that the filters in front of the given-name maps pass every key.
func TestGivenFilter(t *testing.T) {
	tab := givenNames()
	for k := range tab.keys {
		require.True(t, givenMayHave(&tab.keysIn, k), k)
		require.True(t, givenMayHave(&tab.keysIn, []byte(k)), k)
	}
	for w := range tab.words {
		require.True(t, givenMayHave(&tab.wordsIn, w), w)
	}
}

// TestEmailRoleWords checks the switch of role words against the list NameTokens documents.
func TestEmailRoleWords(t *testing.T) {
	for _, w := range []string{"admin", "administrator", "billing", "contact", "contacts",
		"email", "hello", "hr", "info", "mail", "manager", "no", "noreply", "office",
		"postmaster", "reply", "sales", "service", "support", "team", "test", "webmaster"} {
		assert.True(t, emailIsRoleWord([]byte(w)), w)
		assert.False(t, emailIsRoleWord([]byte(w+"s")) && w != "contact", w+"s")
	}
	for _, w := range []string{"", "vasya", "petrov", "Info", "adm", "testing"} {
		assert.False(t, emailIsRoleWord([]byte(w)), w)
	}
}

func TestTextDecode2(t *testing.T) {
	check := func(s string) {
		t.Helper()
		for i := 0; i < len(s); i++ {
			r, n := textDecode2(s, i)
			wr, wn := utf8.DecodeRuneInString(s[i:])
			require.Equal(t, wr, r, "rune at %d of %q", i, s)
			require.Equal(t, wn, n, "width at %d of %q", i, s)
		}
	}
	for b0 := 0x80; b0 < 0x100; b0++ {
		for b1 := 0; b1 < 0x100; b1++ {
			check(string([]byte{byte(b0), byte(b1)}))
		}
		check(string([]byte{byte(b0)}))
	}
	check("Ёжик € 日本 \U0001F600")
}

// cityReference is City written on strings, as it was before the byte-wise fast path.
func cityReference(s string) (string, bool) {
	t := cities()
	k := Text.Key(s)
	if k == "" {
		return "", false
	}
	if id, ok := t.byKey[k]; ok {
		return id, true
	}
	for {
		i := strings.IndexByte(k, ' ')
		if i < 0 || !cityPrefixes[k[:i]] {
			break
		}
		k = k[i+1:]
	}
	for {
		i := strings.LastIndexByte(k, ' ')
		if i < 0 || !cityPrefixes[k[i+1:]] {
			break
		}
		k = k[:i]
	}
	if id, ok := t.byKey[k]; ok {
		return id, true
	}
	if id, ok := t.bySkel[Skeleton(k)]; ok {
		return id, true
	}
	if i := strings.IndexByte(s, ','); i > 0 {
		if id, ok := cityReference(s[:i]); ok {
			return id, true
		}
	}
	return k, false
}

func TestCityMatchesReference(t *testing.T) {
	inputs := fastPathSample(2000)
	inputs = append(inputs, "г Москва", "город Санкт-Петербург", "Moscow city", "гор. Урюпинск",
		"Урюпинск, Волгоградская обл.", strings.Repeat("Новосибирск ", 20))
	for _, s := range inputs {
		wantK, wantOK := cityReference(s)
		gotK, gotOK := City(s)
		assert.Equal(t, wantK, gotK, "City(%q) key", s)
		assert.Equal(t, wantOK, gotOK, "City(%q) known", s)
	}
}
