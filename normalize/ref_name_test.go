// Code generated from normalize/name.go at commit f98b6b7; DO NOT EDIT.
//
// It is the reference the differential tests in equiv_test.go compare the package with: the
// normalizers as they were before they were made faster. Only this header and the package
// clause differ from the original.

package normalize_test

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Gender is a person's gender as a name suggests it.
type Gender uint8

// Genders.
const (
	// GenderUnknown means the name does not tell, or its parts disagree.
	GenderUnknown Gender = iota
	// Male is suggested by a patronymic in -ович, a given name such as Иван, or a surname in -ов.
	Male
	// Female is suggested by a patronymic in -овна, a given name such as Мария, or a surname in -ова.
	Female
)

// String returns "unknown", "male" or "female".
func (g Gender) String() string {
	switch g {
	case Male:
		return "male"
	case Female:
		return "female"
	}
	return "unknown"
}

// Name is a person's name split into its parts and cleaned: lower case, NFKC, invisible
// characters dropped, mixed-script words repaired, "ё" kept as written, diacritics kept (so
// that keys computed from the parts lose nothing), hyphens and apostrophes inside names kept.
// Compute comparison keys from the parts with [Skeleton], [SurnameSkeleton], [GivenNameKeys]
// and [Phonetic]. A Name is a plain value, safe to copy and to share.
type Name struct {
	// Given is the given name as written ("вася", "vasily"), or a one-letter initial.
	Given string
	// Middle is the patronymic or middle name(s), several separated by a space.
	Middle string
	// Surname is the family name; compound surnames keep the hyphen ("римский-корсаков") and
	// particles stay in front ("van beethoven").
	Surname string
	// Gender comes from the patronymic, else the given name, else the surname's ending;
	// GenderUnknown when none of them tells or the given name is shared (Саша, Женя).
	Gender Gender
}

// IsZero reports whether n has no parts.
func (n Name) IsZero() bool { return n.Given == "" && n.Middle == "" && n.Surname == "" }

// Errors returned by the name parsers. Test them with errors.Is.
var (
	// ErrEmptyName means the input has no letters (empty, digits or emoji only).
	ErrEmptyName = errors.New("normalize: empty name")
	// ErrInvalidUTF8 means the input was not valid UTF-8; the invalid bytes were dropped and
	// the result is still usable.
	ErrInvalidUTF8 = errors.New("normalize: invalid UTF-8")
)

// nameMaxTokens bounds the words a name parser looks at: a longer input keeps its first
// nameMaxTokens-1 words and its last one, since the surname is at one end.
const nameMaxTokens = 12

// nameTok is one word of a name with the evidence about its role.
type nameTok struct {
	text    string
	initial bool // a single letter
	known   bool // a given name or diminutive of the table (first part of a hyphenated word)
	full    bool // known as a full name, not only as a diminutive or nickname
	keys    []string
	patr    int8   // patronymic: 0 no, 1 male form that is also a surname (-ович), 2 certain
	patrG   Gender // gender of the patronymic
	surname bool   // ends like a surname (-ов, -ина, -ский, -енко, ...)
	caps    bool   // written in capitals while other words are not (PETROV Vasily)
}

// nameParticles stand before a surname and belong to it.
var nameParticles = map[string]bool{
	"van": true, "von": true, "de": true, "der": true, "den": true, "da": true, "di": true,
	"del": true, "della": true, "du": true, "dos": true, "das": true, "la": true, "le": true,
	"ter": true, "ten": true, "bin": true, "ibn": true, "mac": true, "ван": true, "фон": true,
	"де": true, "дер": true, "да": true, "ди": true, "дю": true, "ла": true, "ле": true,
	"бин": true, "ибн": true,
}

// nameSuffixParticles follow a Turkic patronymic ("Гейдар оглы") and give its gender.
var nameSuffixParticles = map[string]Gender{
	"оглы": Male, "оглу": Male, "улы": Male, "уулу": Male, "ogly": Male, "oglu": Male,
	"ogli": Male, "uly": Male, "uulu": Male, "кызы": Female, "гызы": Female, "kyzy": Female,
	"kizi": Female, "qizi": Female, "gizi": Female,
}

// nameClean cleans a name field the way Name's parts are cleaned.
func nameClean(s string) string { return skelProfile.Key(s) }

// nameCleanFields cleans each field like nameClean with one allocation at most: a field that
// is already clean is kept as it is, and the others are written into one string and sliced.
func nameCleanFields(f *[3]string) {
	var buf [192]byte
	b := buf[:0]
	var end [3]int
	dirty := false
	for i, s := range f {
		end[i] = -1
		if skelProfile.isKey(s) {
			continue
		}
		b = skelProfile.appendKey(b, s)
		end[i], dirty = len(b), true
	}
	if !dirty {
		return
	}
	all := string(b)
	start := 0
	for i := range f {
		if end[i] >= 0 {
			f[i] = all[start:end[i]]
			start = end[i]
		}
	}
}

// newNameTok gathers the evidence about one cleaned word.
func newNameTok(w string) nameTok {
	t := nameTok{text: w}
	if utf8.RuneCountInString(w) == 1 {
		t.initial = true
		return t
	}
	var buf [96]byte
	sk := skelAppend(buf[:0], w, false)
	first, last := sk, sk
	if i := bytes.IndexByte(sk, ' '); i >= 0 {
		first = sk[:i]
		last = sk[bytes.LastIndexByte(sk, ' ')+1:]
	}
	tab := givenNames()
	if keys := tab.lookupBytes(first); keys != nil {
		t.known, t.keys = true, keys
		for _, k := range keys {
			if k == string(first) {
				t.full = true
			}
		}
	}
	t.patr, t.patrG = namePatronymic(last, tab)
	t.surname = nameSurnameEnding(last)
	return t
}

// namePatronymic reads a patronymic from a word's skeleton.
func namePatronymic(sk []byte, tab *givenTable) (int8, Gender) {
	n := len(sk)
	switch {
	case n >= 6 && (bytes.HasSuffix(sk, []byte("ovna")) || bytes.HasSuffix(sk, []byte("evna"))),
		n >= 7 && bytes.HasSuffix(sk, []byte("ichna")):
		return 2, Female
	case n >= 7 && (bytes.HasSuffix(sk, []byte("ovich")) || bytes.HasSuffix(sk, []byte("evich"))):
		return 1, Male
	case n >= 5 && n < 60 && bytes.HasSuffix(sk, []byte("ich")):
		// Ильич, Кузьмич, Никитич, Лукич: the stem is a given name in -а or -я.
		var b [64]byte
		stem := append(b[:0], sk[:n-3]...)
		if tab.lookupBytes(append(stem, 'a')) != nil || tab.lookupBytes(append(stem, 'i', 'a')) != nil {
			return 1, Male
		}
	}
	return 0, GenderUnknown
}

// nameSurnameEndings lists surname endings by the shortest skeleton they count in.
var nameSurnameEndings = []struct {
	min  int
	sufs [][]byte
}{
	{4, [][]byte{[]byte("ov"), []byte("ev"), []byte("uk")}},
	{5, [][]byte{[]byte("in"), []byte("ova"), []byte("eva"), []byte("ina"), []byte("ski"), []byte("zki"), []byte("ska"), []byte("zka"), []byte("ian"), []byte("dze"), []byte("ikh")}},
	{6, [][]byte{[]byte("aia"), []byte("enko")}},
	{8, [][]byte{[]byte("shvili")}},
}

// nameSurnameEnding reports whether a word's skeleton ends like a surname.
func nameSurnameEnding(sk []byte) bool {
	n := len(sk)
	for _, e := range nameSurnameEndings {
		if n < e.min {
			continue
		}
		for _, suf := range e.sufs {
			if bytes.HasSuffix(sk, suf) {
				return true
			}
		}
	}
	return n >= 5 && bytes.HasSuffix(sk, []byte("oi")) && skelConsonant(rune(sk[n-3]))
}

func (t *nameTok) asGiven() int {
	s := 0
	switch {
	case t.full:
		s += 3
	case t.known:
		s += 2
	}
	if t.initial {
		s += 2
	}
	if t.surname && !t.known {
		s -= 2
	}
	if t.patr > 0 {
		s -= 3
	}
	if t.caps {
		s--
	}
	return s
}

func (t *nameTok) asSurname() int {
	s := 0
	if t.surname {
		s += 2
	}
	switch {
	case t.surname:
	case t.full:
		s -= 2
	case t.known:
		s--
	}
	if t.initial {
		s -= 3
	}
	if t.patr == 2 {
		s -= 4
	}
	if t.caps {
		s += 2
	}
	return s
}

func (t *nameTok) asMiddle() int {
	switch t.patr {
	case 2:
		return 4
	case 1:
		return 3
	}
	s := 0
	if t.initial {
		s++
	}
	if t.surname {
		s--
	}
	if t.caps {
		s--
	}
	return s
}

// nameRawWords describes the words of the raw input: whether each is in capitals while others
// are not, and how many words stand before the first comma (-1 without a comma).
func nameRawWords(s string, caps []bool) (n int, beforeComma int) {
	beforeComma = -1
	inWord, upper, lower, letters := false, false, false, 0
	anyLower := false
	var wordCaps [nameMaxTokens * 2]bool
	end := func() {
		if inWord {
			if n < len(wordCaps) {
				wordCaps[n] = upper && !lower && letters > 1
			}
			n++
		}
		inWord, upper, lower, letters = false, false, false, 0
	}
	for _, r := range s {
		switch {
		case (r|0x20) >= 'a' && (r|0x20) <= 'z', r >= 0x400 && r <= 0x45f:
			// ASCII and Russian letters without a table search.
			inWord = true
			letters++
			if r <= 'Z' || (r >= 0x400 && r <= 0x42f) {
				upper = true
			} else {
				lower, anyLower = true, true
			}
		case r >= utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsMark(r)) || r == '-' || r == '\'' || r == '’':
			inWord = true
			if unicode.IsUpper(r) {
				upper = true
				letters++
			} else if unicode.IsLower(r) {
				lower, anyLower = true, true
				letters++
			}
		case r == ',':
			end()
			if beforeComma < 0 {
				beforeComma = n
			}
		default:
			end()
		}
	}
	end()
	if anyLower {
		for i := 0; i < len(caps) && i < n && i < len(wordCaps); i++ {
			caps[i] = wordCaps[i]
		}
	}
	return n, beforeComma
}

// ParseFullName splits a full name written in either order and either script into its parts:
// "Петров Василий Иванович", "Василий Иванович Петров", "Vasily Petrov", "PETROV Vasily",
// "Petrov, Vasily", "В. И. Петров", "Petrov V.I.", "Ludwig van Beethoven", "Гейдар Алиев оглы".
//
// Each word is weighed as a given name (the given-name table, initials), a patronymic
// (-ович, -евна, -ична, оглы), and a surname (-ов, -ина, -ский, -енко, capitals, a comma after
// it); the most likely order wins, with "given middle surname" on a tie. Two words of which the
// second is a female patronymic are a given name and a patronymic ("Анна Ивановна"); a male
// form in -ович after a given name reads as a surname ("Роман Абрамович"), since surnames in
// -ович exist. At most 12 words are weighed: a longer input keeps its first 11 and its last.
//
// An input without letters gives ErrEmptyName. Invalid UTF-8 gives a usable Name (invalid
// bytes dropped) and an error wrapping ErrInvalidUTF8. ParseFullName never modifies s.
func ParseFullName(s string) (Name, error) {
	var errUTF error
	if !utf8.ValidString(s) {
		errUTF = fmt.Errorf("%w: invalid bytes dropped from the name", ErrInvalidUTF8)
	}
	k := nameClean(s)
	if k == "" {
		return Name{}, ErrEmptyName
	}
	var wordsBuf [nameMaxTokens]string
	words := wordsBuf[:0]
	total := strings.Count(k, " ") + 1
	i := 0
	for w := range strings.SplitSeq(k, " ") {
		if i < nameMaxTokens-1 || i == total-1 {
			words = append(words, w)
		}
		i++
	}
	var caps [nameMaxTokens]bool
	rawN, beforeComma := nameRawWords(s, caps[:])
	if rawN != total || total > nameMaxTokens {
		caps = [nameMaxTokens]bool{}
		beforeComma = -1
	}
	var toksBuf [nameMaxTokens]nameTok
	toks := nameTokens(toksBuf[:0], words, caps[:])
	n := nameLayout(toks, beforeComma)
	n.Gender = nameGender(n, toks)
	return n, errUTF
}

// nameTokens builds the tokens, attaching particles to the word that follows them and Turkic
// patronymic particles to the word before them.
func nameTokens(dst []nameTok, words []string, caps []bool) []nameTok {
	for i := 0; i < len(words); i++ {
		w := words[i]
		if nameParticles[w] && i+1 < len(words) && i > 0 {
			t := newNameTok(words[i+1])
			t.text = w + " " + words[i+1]
			t.caps = caps[i+1]
			t.known, t.full, t.keys = false, false, nil
			t.surname = true
			dst = append(dst, t)
			i++
			continue
		}
		if g, ok := nameSuffixParticles[w]; ok && len(dst) > 0 {
			last := &dst[len(dst)-1]
			last.text += " " + w
			last.patr, last.patrG, last.surname, last.initial = 2, g, false, false
			last.known, last.full, last.keys = false, false, nil
			continue
		}
		t := newNameTok(w)
		t.caps = caps[i]
		dst = append(dst, t)
	}
	return dst
}

// nameLayout picks the most likely assignment of roles to the tokens.
func nameLayout(toks []nameTok, beforeComma int) Name {
	n := len(toks)
	switch n {
	case 0:
		return Name{}
	case 1:
		t := &toks[0]
		switch {
		case t.patr == 2:
			return Name{Middle: t.text}
		case t.initial || (t.known && t.asGiven() >= t.asSurname()):
			return Name{Given: t.text}
		}
		return Name{Surname: t.text}
	}
	if n == 2 && toks[0].initial != toks[1].initial {
		// A known given name beside one initial ("Vika V.", "Я. Ольга") is the given name and
		// the initial the surname's; "Петров В." keeps the surname first below.
		full, ini := &toks[0], &toks[1]
		if full.initial {
			full, ini = ini, full
		}
		if full.known && full.asGiven() > full.asSurname() {
			return Name{Given: full.text, Surname: ini.text}
		}
	}
	// A: given, middle..., surname.
	a := toks[0].asGiven() + toks[n-1].asSurname()
	for i := 1; i < n-1; i++ {
		a += toks[i].asMiddle()
	}
	// B: surname, given, middle...
	b := toks[0].asSurname() + toks[1].asGiven()
	for i := 2; i < n; i++ {
		b += toks[i].asMiddle()
	}
	if beforeComma == 1 {
		b += 3
	}
	// C: given, patronymic..., no surname.
	c := -1 << 20
	if toks[n-1].patr > 0 {
		c = toks[0].asGiven() - 2
		for i := 1; i < n; i++ {
			c += toks[i].asMiddle()
		}
		if toks[n-1].patr == 1 && !toks[0].known {
			c -= 2
		}
		if n == 2 && toks[1].patr == 1 {
			// A male patronymic alone after a given name is as likely a surname in -ович.
			c -= 2
		}
	}
	if n == 3 {
		// Three words in another order ("Иван Петров Сергеевич", "Сергеевич Петров Иван"):
		// taken only when its roles fit clearly better than the usual orders'.
		if o, ok := nameOtherOrder(toks, max(a, b, c)+2); ok {
			return o
		}
	}
	switch {
	case a >= b && a >= c:
		return Name{Given: toks[0].text, Middle: nameJoin(toks[1 : n-1]), Surname: toks[n-1].text}
	case b >= c:
		return Name{Surname: toks[0].text, Given: toks[1].text, Middle: nameJoin(toks[2:])}
	}
	return Name{Given: toks[0].text, Middle: nameJoin(toks[1:])}
}

// nameOtherOrders are the orders of three words that nameLayout does not weigh itself, as
// the positions of the given name, the middle name and the surname.
var nameOtherOrders = [...][3]int{{0, 2, 1}, {1, 0, 2}, {2, 0, 1}, {2, 1, 0}}

// nameOtherOrder returns the layout of three tokens in the best of nameOtherOrders when its
// score reaches least.
func nameOtherOrder(toks []nameTok, least int) (Name, bool) {
	best, at := least-1, -1
	for i, o := range nameOtherOrders {
		if sc := toks[o[0]].asGiven() + toks[o[1]].asMiddle() + toks[o[2]].asSurname(); sc > best {
			best, at = sc, i
		}
	}
	if at < 0 {
		return Name{}, false
	}
	o := nameOtherOrders[at]
	return Name{Given: toks[o[0]].text, Middle: toks[o[1]].text, Surname: toks[o[2]].text}, true
}

func nameJoin(toks []nameTok) string {
	switch len(toks) {
	case 0:
		return ""
	case 1:
		return toks[0].text
	}
	var b strings.Builder
	for i := range toks {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(toks[i].text)
	}
	return b.String()
}

// nameGender decides the gender: patronymic first, then the given name, then the surname.
func nameGender(n Name, toks []nameTok) Gender {
	var patr, given, sur Gender
	if n.Middle != "" {
		for i := range toks {
			t := &toks[i]
			if t.patr > 0 && strings.HasSuffix(n.Middle, t.text) {
				patr = t.patrG
				break
			}
		}
	}
	if n.Given != "" {
		for i := range toks {
			t := &toks[i]
			if t.text == n.Given && t.known {
				given = givenGenderOf(t.keys)
				break
			}
		}
	}
	if n.Surname != "" {
		sur = SurnameGender(n.Surname)
	}
	g := GenderUnknown
	for _, x := range []Gender{patr, given, sur} {
		switch {
		case x == GenderUnknown:
		case g == GenderUnknown:
			g = x
		case x != g:
			return GenderUnknown
		}
	}
	return g
}

// ParseName cleans a name whose parts are already known, as a CRM stores them, and detects the
// gender. It fixes obvious mistakes: a whole name in one field with the others empty is parsed
// with [ParseFullName]; a patronymic in the given-name field trades places with the middle
// field; a known given name in the surname field trades places with a surname-like given
// name ("Петров" as given name and "Василий" as surname). ParseName returns ErrEmptyName
// when no part has letters, and an error wrapping ErrInvalidUTF8 (with a usable Name) when an
// argument is not valid UTF-8. It never modifies its arguments.
func ParseName(given, middle, surname string) (Name, error) {
	var errUTF error
	if !utf8.ValidString(given) || !utf8.ValidString(middle) || !utf8.ValidString(surname) {
		errUTF = fmt.Errorf("%w: invalid bytes dropped from the name", ErrInvalidUTF8)
	}
	f := [3]string{given, middle, surname}
	nameCleanFields(&f)
	n := Name{Given: f[0], Middle: f[1], Surname: f[2]}
	switch {
	case n.IsZero():
		return Name{}, ErrEmptyName
	case n.Middle == "" && n.Surname == "" && strings.IndexByte(n.Given, ' ') >= 0:
		full, _ := ParseFullName(n.Given)
		return full, errUTF
	case n.Given == "" && n.Middle == "" && strings.IndexByte(n.Surname, ' ') >= 0:
		full, _ := ParseFullName(n.Surname)
		return full, errUTF
	}
	if n.Middle == "" {
		// "Василий Иванович" in the given-name field.
		if i := strings.LastIndexByte(n.Given, ' '); i > 0 {
			if t := newNameTok(n.Given[i+1:]); t.patr > 0 {
				n.Given, n.Middle = n.Given[:i], n.Given[i+1:]
			}
		}
	}
	toks := [3]nameTok{nameFieldTok(n.Given), nameFieldTok(n.Middle), nameFieldTok(n.Surname)}
	if toks[0].patr > 0 && toks[1].patr == 0 {
		n.Given, n.Middle = n.Middle, n.Given
		toks[0], toks[1] = toks[1], toks[0]
	}
	if toks[2].known && !toks[2].surname && toks[0].surname && !toks[0].known {
		n.Given, n.Surname = n.Surname, n.Given
		toks[0], toks[2] = toks[2], toks[0]
	}
	n.Gender = nameGender(n, toks[:])
	return n, errUTF
}

// nameFieldTok is the token of a whole field (its last word decides the endings).
func nameFieldTok(f string) nameTok {
	if f == "" {
		return nameTok{}
	}
	w := f
	if i := strings.LastIndexByte(f, ' '); i >= 0 {
		w = f[i+1:]
	}
	t := newNameTok(w)
	t.text = f
	if w != f {
		first := f[:strings.IndexByte(f, ' ')]
		ft := newNameTok(first)
		t.known, t.full, t.keys = ft.known, ft.full, ft.keys
	}
	return t
}
