package match

import (
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/idmatch/idmatch/normalize"
	"github.com/idmatch/idmatch/score"
)

// The fields of the default person schema, in model order. Extra fields follow them.
const (
	fGiven = iota
	fSurname
	fMiddle
	fBirth
	fPhone
	fEmail
	fCity
	fGender
	nPersonFields
)

// level is a shorthand for building the default model: a level name with its default m and u.
type level struct {
	name string
	m, u float64
}

// personFields are the default schema's comparisons with starting m and u. u is roughly
// the chance that two random people land in the level, m the chance that two records of one
// person do; Train replaces both with what the data at hand says.
var personFields = [nPersonFields]struct {
	name string
	tf   bool
	lv   []level
}{
	fGiven: {"given_name", true, []level{
		{"canonical", 0.82, 0.01}, {"jaro-winkler>=0.92", 0.08, 0.005}, {"close or initial", 0.06, 0.04}, {"else", 0.04, 0.945}}},
	fSurname: {"surname", true, []level{
		{"exact", 0.86, 0.002}, {"jaro-winkler>=0.92 or phonetic", 0.08, 0.003}, {"jaro-winkler>=0.80", 0.03, 0.02}, {"else", 0.03, 0.975}}},
	fMiddle: {"middle_name", true, []level{
		{"exact", 0.86, 0.02}, {"close or initial", 0.08, 0.03}, {"else", 0.06, 0.95}}},
	fBirth: {"birth_date", false, []level{
		{"exact", 0.85, 0.0001}, {"partial", 0.06, 0.003}, {"close", 0.05, 0.005}, {"else", 0.04, 0.9919}}},
	// Phones and mailboxes identify a person: two different people share one rarely, so
	// their u is tiny and not adjusted by term frequency. A value shared by several customers
	// (an office line) splits the posterior among them instead.
	fPhone: {"phone", false, []level{
		{"shared", 0.80, 1e-7}, {"else", 0.20, 1 - 1e-7}}},
	fEmail: {"email", false, []level{
		{"shared", 0.75, 1e-7}, {"same local part", 0.05, 1e-6}, {"else", 0.20, 1 - 1.1e-6}}},
	fCity: {"city", true, []level{
		{"exact", 0.86, 0.05}, {"jaro-winkler>=0.88", 0.04, 0.01}, {"else", 0.10, 0.94}}},
	fGender: {"gender", false, []level{
		{"agree", 0.98, 0.5}, {"disagree", 0.02, 0.5}}},
}

// extraLevels are the starting levels of an extra field of each kind.
func extraLevels(k FieldKind) []level {
	switch k {
	case Text:
		return []level{{"exact", 0.8, 0.01}, {"token-set>=0.90", 0.1, 0.02}, {"token-set>=0.70", 0.05, 0.07}, {"else", 0.05, 0.9}}
	case Name:
		return []level{{"exact", 0.85, 0.01}, {"jaro-winkler>=0.92", 0.08, 0.01}, {"jaro-winkler>=0.80", 0.04, 0.05}, {"else", 0.03, 0.93}}
	case Date:
		return []level{{"exact", 0.85, 0.0005}, {"partial", 0.06, 0.005}, {"close", 0.05, 0.01}, {"else", 0.04, 0.9845}}
	case Number:
		return []level{{"exact", 0.85, 0.01}, {"within 1%", 0.08, 0.02}, {"else", 0.07, 0.97}}
	default:
		return []level{{"exact", 0.9, 0.01}, {"else", 0.1, 0.99}}
	}
}

// defaultModel is the starting model of a schema, before any training.
func defaultModel(cfg *config) *score.Model {
	mod := &score.Model{Prior: 0.001}
	add := func(name string, tf bool, lv []level) {
		f := score.Field{Name: name, TermFrequency: tf}
		for _, l := range lv {
			f.Levels = append(f.Levels, score.Level{Name: l.name, M: l.m, U: l.u})
		}
		mod.Fields = append(mod.Fields, f)
	}
	for _, pf := range personFields {
		add(pf.name, pf.tf, pf.lv)
	}
	for _, x := range cfg.extras {
		add(x.name, x.kind == Exact || x.kind == Text || x.kind == Name, extraLevels(x.kind))
	}
	return mod
}

var (
	jaroWinkler = score.NewJaroWinkler()
	tokenSet    = score.TokenSet{Inner: jaroWinkler}

	// Comparison levels of the extra fields; extraLevels names them.
	textLevels  = score.Levels{Comparator: tokenSet, Thresholds: []float64{0.90, 0.70}}
	nameLevels  = score.Levels{Comparator: jaroWinkler, Thresholds: []float64{0.92, 0.80}}
	exactLevels = score.Levels{Comparator: score.Exact{}}
)

// termCounts gives the frequency of a value of a field among the records of the matcher,
// and of a combination of values (a blocking key) among the records other than the pair.
type termCounts interface {
	frequency(field int, value string) float64
	joint(prefix, x, y string, queryStored bool) float64
}

// compare fills vec with the level of each field for the pair (a, b) and tf with the
// frequency of the agreeing value where the field is term-frequency adjusted (0 elsewhere).
// a is the query side: its name may be swapped when that fits b better.
func compare(a, b *features, extras []extraField, vec score.Vector, tf []float64, counts termCounts) {
	for i := range tf {
		tf[i] = 0
	}
	compareNames(a, b, vec, tf, counts)

	vec[fMiddle] = compareMiddle(a.middle, b.middle)
	vec[fBirth] = compareDates(a.birth, b.birth)

	vec[fPhone] = score.Missing
	if len(a.phones) > 0 && len(b.phones) > 0 {
		vec[fPhone] = 1
		if p, ok := shared(a.phones, b.phones); ok {
			vec[fPhone] = 0
			tf[fPhone] = counts.frequency(fPhone, p)
		}
	}

	vec[fEmail] = score.Missing
	if len(a.emails) > 0 && len(b.emails) > 0 {
		vec[fEmail] = 2
		if e, ok := shared(a.emails, b.emails); ok {
			vec[fEmail] = 0
			tf[fEmail] = counts.frequency(fEmail, e)
		} else if sharedLocal(a.emails, b.emails) {
			vec[fEmail] = 1
		}
	}

	vec[fCity] = score.Missing
	if a.city != "" && b.city != "" {
		switch {
		case a.city == b.city:
			vec[fCity] = 0
			tf[fCity] = counts.frequency(fCity, a.city)
			if vec[fSurname] == 0 && a.surname == b.surname {
				// Namesakes cluster in cities: the city is worth what it adds to the surname,
				// P(city | surname) = P(surname, city) / P(surname), when that is more.
				if fs := counts.frequency(fSurname, b.surname); fs > 0 {
					if j := counts.joint(keySurnameCity, b.surname, b.city, a.stored); j > fs*tf[fCity] {
						tf[fCity] = min(j/fs, 1)
					}
				}
			}
		case jaroWinkler.Compare(a.city, b.city) >= 0.88:
			vec[fCity] = 1
		default:
			vec[fCity] = 2
		}
	}

	vec[fGender] = score.Missing
	if a.gender != normalize.GenderUnknown && b.gender != normalize.GenderUnknown {
		vec[fGender] = 1
		if a.gender == b.gender {
			vec[fGender] = 0
		}
	}

	for i, x := range extras {
		j := nPersonFields + i
		vec[j] = compareExtra(x.kind, a.extras[i], b.extras[i])
		if vec[j] == 0 && (x.kind == Exact || x.kind == Text || x.kind == Name) {
			tf[j] = counts.frequency(j, a.extras[i])
		}
	}
}

// compareNames sets the given-name and surname levels, trying the query's given name and
// surname the other way round when that agrees better (web forms swap them).
func compareNames(a, b *features, vec score.Vector, tf []float64, counts termCounts) {
	g, gKey := compareGiven(a.given, a.givenKeys, b.given, b.givenKeys)
	s := compareSurname(a.surname, a.surnamePh, b.surname, b.surnamePh)
	if (g == score.Missing || g >= 2) && (s == score.Missing || s >= 2) && a.given != "" && a.surname != "" &&
		b.given != "" && b.surname != "" {
		// Swapped: the query's surname against the given name and the other way round. Plain
		// spelling similarity suffices here and keeps the hot path free of allocations.
		sg, ss := swappedLevel(a.surname, b.given), swappedLevel(a.given, b.surname)
		if sg <= 2 && ss <= 2 && min(sg, ss) <= 1 && sg+ss < g+s {
			g, gKey, s = sg, b.given, ss
		}
	}
	if a.nameFromEm || b.nameFromEm {
		// A name guessed from an e-mail login ("markbrown9302") may agree but cannot disagree.
		if g != score.Missing && g >= 2 {
			g = score.Missing
		}
		if s != score.Missing && s >= 2 {
			s = score.Missing
		}
	}
	vec[fGiven], vec[fSurname] = g, s
	if g == 0 {
		tf[fGiven] = counts.frequency(fGiven, gKey)
	}
	if s == 0 {
		tf[fSurname] = counts.frequency(fSurname, b.surname)
	}
	if g == 0 && s == 0 && gKey != "" && a.surname == b.surname && tf[fGiven] > 0 {
		// Given names and surnames are not independent (a namesake crowd shares both): the
		// pair's name is worth the frequency of the whole name among the other records,
		// when that is more than the product of the two frequencies.
		if j := counts.joint(keyName, gKey, b.surname, a.stored); j > tf[fGiven]*tf[fSurname] {
			tf[fSurname] = min(j/tf[fGiven], 1)
		}
	}
}

// swappedLevel compares a name written in the wrong box with the right one: 0 equal, 1
// similar, 2 an initial that fits, 3 else.
func swappedLevel(a, b string) uint8 {
	switch {
	case a == b:
		return 0
	case utf8.RuneCountInString(a) == 1 || utf8.RuneCountInString(b) == 1:
		if firstLetter(a) == firstLetter(b) {
			return 2
		}
		return 3
	case jaroWinkler.Compare(a, b) >= 0.92:
		return 1
	}
	return 3
}

func compareGiven(ag string, aKeys []string, bg string, bKeys []string) (uint8, string) {
	if ag == "" || bg == "" {
		return score.Missing, ""
	}
	if len(aKeys) == 0 || len(bKeys) == 0 { // an initial on either side
		if firstLetter(ag) == firstLetter(bg) {
			return 2, ""
		}
		return 3, ""
	}
	if k, ok := shared(aKeys, bKeys); ok {
		return 0, k
	}
	sim := jaroWinkler.Compare(ag, bg)
	if s := jaroWinkler.Compare(aKeys[0], bKeys[0]); s > sim {
		sim = s
	}
	switch {
	case sim >= 0.92:
		return 1, ""
	case sim >= 0.80:
		return 2, ""
	}
	return 3, ""
}

func compareSurname(a, aPh, b, bPh string) uint8 {
	if a == "" || b == "" {
		return score.Missing
	}
	if a == b {
		return 0
	}
	if utf8.RuneCountInString(a) == 1 || utf8.RuneCountInString(b) == 1 { // "Petrov V." style initials
		if firstLetter(a) == firstLetter(b) {
			return 2
		}
		return 3
	}
	sim := jaroWinkler.Compare(a, b)
	switch {
	case sim >= 0.92 || (aPh != "" && aPh == bPh):
		return 1
	case sim >= 0.80:
		return 2
	}
	return 3
}

func compareMiddle(a, b string) uint8 {
	if a == "" || b == "" {
		return score.Missing
	}
	if a == b {
		return 0
	}
	if utf8.RuneCountInString(a) == 1 || utf8.RuneCountInString(b) == 1 {
		if firstLetter(a) == firstLetter(b) {
			return 1
		}
		return 2
	}
	if jaroWinkler.Compare(a, b) >= 0.88 {
		return 1
	}
	return 2
}

// compareDates: 0 both full and equal; 1 every part both have agrees (one side partial);
// 2 close (day and month swapped, or one part off); 3 else.
func compareDates(a, b normalize.Date) uint8 {
	if a.IsZero() || b.IsZero() {
		return score.Missing
	}
	if a == b && a.Year != 0 && a.Month != 0 && a.Day != 0 {
		return 0
	}
	agree, differ := 0, 0
	for _, p := range [3][2]int{{a.Year, b.Year}, {a.Month, b.Month}, {a.Day, b.Day}} {
		if p[0] == 0 || p[1] == 0 {
			continue
		}
		if p[0] == p[1] {
			agree++
		} else {
			differ++
		}
	}
	switch {
	case differ == 0 && agree > 0:
		return 1
	case differ == 0:
		return 3 // nothing in common to compare: year-only against day-month
	case a.Day != 0 && a.Day == b.Month && a.Month == b.Day && (a.Year == 0 || b.Year == 0 || a.Year == b.Year):
		return 2
	case differ == 1 && agree >= 2:
		return 2
	}
	return 3
}

func compareExtra(kind FieldKind, a, b string) uint8 {
	switch kind {
	case Text:
		return textLevels.Level(a, b)
	case Name:
		return nameLevels.Level(a, b)
	case Date:
		if a == "" || b == "" {
			return score.Missing
		}
		da, _ := normalize.ParseDate(a)
		db, _ := normalize.ParseDate(b)
		return compareDates(da, db)
	case Number:
		if a == "" || b == "" {
			return score.Missing
		}
		if a == b {
			return 0
		}
		x, errx := strconv.ParseFloat(a, 64)
		y, erry := strconv.ParseFloat(b, 64)
		if errx == nil && erry == nil && math.Abs(x-y) <= 0.01*math.Max(math.Abs(x), math.Abs(y)) {
			return 1
		}
		return 2
	default:
		return exactLevels.Level(a, b)
	}
}

// sharedLocal reports whether two lists of addresses share a mailbox name on any domains.
func sharedLocal(a, b []string) bool {
	for _, x := range a {
		for _, y := range b {
			if sameLocal(x, y) {
				return true
			}
		}
	}
	return false
}

// sameLocal reports whether two canonical addresses have the same mailbox name, reading both
// only as far as the first difference (a canonical local part holds no "@"). Separators
// count: "a.kondratev" and "akondratev" on two providers are often two people.
func sameLocal(x, y string) bool {
	for i := 0; i < len(x) && i < len(y); i++ {
		if x[i] != y[i] {
			return false
		}
		if x[i] == '@' {
			return true
		}
	}
	return false
}

func isLocalSeparator(c byte) bool { return c == '.' || c == '-' || c == '_' }

// localKey is an address's mailbox name without separators, for blocking: providers fold
// them differently (gmail drops dots, Yandex writes hyphens), and scoring decides.
func localKey(addr string) string {
	l := localPart(addr)
	if !strings.ContainsAny(l, ".-_") {
		return l
	}
	b := make([]byte, 0, len(l))
	for i := 0; i < len(l); i++ {
		if !isLocalSeparator(l[i]) {
			b = append(b, l[i])
		}
	}
	return string(b)
}

// shared returns a value present in both lists.
func shared(a, b []string) (string, bool) {
	for _, x := range a {
		for _, y := range b {
			if x == y {
				return x, true
			}
		}
	}
	return "", false
}

// Blocking key prefixes keep the key families apart in one index.
const (
	keyPhone        = "p:"
	keyEmail        = "e:"
	keyEmailLocal   = "l:"
	keyName         = "n:"
	keySurnameCity  = "c:"
	keyPhoneticDate = "d:"
	keyPhoneticName = "f:"
	keyGivenDate    = "g:"
	keyNameAnyOrder = "o:"
	keyCityDate     = "y:"
	keyPrefix       = "a:"
	keySuffix       = "z:"
	keyExtra        = "x" // + field number + ":"
)

// isWeakKey reports whether a key belongs to a typo-tolerant family.
func isWeakKey(k string) bool {
	return strings.HasPrefix(k, keyPrefix) || strings.HasPrefix(k, keySuffix) || strings.HasPrefix(k, keyPhoneticName)
}

// keys returns the blocking keys of f under the matcher's schema.
func (m *Matcher) keys(f *features, dst []string) []string {
	dst = blockingKeys(f, dst)
	for i, x := range m.cfg.extras {
		if v := f.extras[i]; v != "" && (x.kind == Exact || x.kind == Date || x.kind == Number) {
			dst = append(dst, keyExtra+strconv.Itoa(i)+":"+v)
		}
	}
	return dst
}

// blockingKeys returns the person blocking keys of f: exact phone, exact e-mail, e-mail local
// part, canonical given name + surname, the two names in either order (forms swap them),
// surname + city, phonetic surname + birth date (with and without the year), phonetic
// surname + canonical given name (typo-tolerant), and canonical given name + full birth date
// (catches a changed or misspelt surname), city + full birth date (both names misspelt), and the first or last four letters of the
// surname with the given name's initial (a typo anywhere in a longer surname). Extra fields add their own keys (Matcher.keys).
func blockingKeys(f *features, dst []string) []string {
	for _, p := range f.phones {
		dst = append(dst, keyPhone+p)
	}
	for _, e := range f.emails {
		dst = append(dst, keyEmail+e)
		if l := localKey(e); len(l) >= 5 {
			dst = append(dst, keyEmailLocal+l)
		}
	}
	givens := f.givenKeys
	if len(givens) == 0 && f.given != "" {
		givens = []string{f.given}
	}
	if f.surname != "" {
		for _, g := range givens {
			dst = append(dst, keyName+g+"|"+f.surname)
		}
		if f.city != "" {
			dst = append(dst, keySurnameCity+f.surname+"|"+f.city)
		}
		if f.given != "" && utf8.RuneCountInString(f.surname) >= 4 {
			// One typo leaves either the first or the last four letters of a longer surname
			// intact; the given name's initial keeps these blocks small.
			ini := firstLetter(f.given)
			pre, suf := runeEnds(f.surname, 4)
			dst = append(dst, keyPrefix+pre+"|"+ini, keySuffix+suf+"|"+ini)
		}
		if len(f.given) > 1 {
			a, b := f.given, f.surname
			if b < a {
				a, b = b, a
			}
			dst = append(dst, keyNameAnyOrder+a+"|"+b)
		}
	}
	ph := f.surnamePh
	if ph != "" {
		for _, g := range givens {
			if len(g) > 1 {
				dst = append(dst, keyPhoneticName+ph+"|"+g)
			}
		}
	}
	if f.birth.Month != 0 && f.birth.Day != 0 {
		md := strconv.Itoa(f.birth.Month*100 + f.birth.Day)
		if ph != "" {
			dst = append(dst, keyPhoneticDate+ph+"|"+md)
			if f.birth.Year != 0 {
				dst = append(dst, keyPhoneticDate+ph+"|"+f.birth.String())
			}
		}
		for _, g := range givens {
			if len(g) > 1 {
				dst = append(dst, keyGivenDate+g+"|"+md)
			}
		}
		if f.birth.Year != 0 {
			for _, g := range givens {
				dst = append(dst, keyGivenDate+g+"|"+f.birth.String())
			}
			if f.city != "" {
				dst = append(dst, keyCityDate+f.city+"|"+f.birth.String())
			}
		}
	}
	return dedupStrings(dst)
}

// runeEnds returns the first and the last n runes of s.
func runeEnds(s string, n int) (string, string) {
	i, k := 0, 0
	for k < n && i < len(s) {
		_, w := utf8.DecodeRuneInString(s[i:])
		i += w
		k++
	}
	j, k := len(s), 0
	for k < n && j > 0 {
		_, w := utf8.DecodeLastRuneInString(s[:j])
		j -= w
		k++
	}
	return s[:i], s[j:]
}

func dedupStrings(xs []string) []string {
	out := xs[:0]
	for _, x := range xs {
		dup := false
		for _, y := range out {
			if x == y {
				dup = true
				break
			}
		}
		if !dup {
			out = append(out, x)
		}
	}
	return out
}
