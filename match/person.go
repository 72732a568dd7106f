package match

import (
	"strings"
	"unicode/utf8"

	"github.com/idmatch/idmatch/normalize"
	"github.com/idmatch/idmatch/score"
)

// PersonFields returns the fields of the default person schema, in model order: given name,
// surname, middle name, birth date, phone, e-mail, city, gender and social-network handle.
// Each call returns new values.
func PersonFields() []Field {
	return []Field{GivenName(), Surname(), MiddleName(), BirthDate(), Phone(), Email(), City(), Gender(), Handle()}
}

// personRules are what the person fields do together and no field can do alone: names
// written in the wrong boxes, names read from a login, the joint frequency of a whole name
// and of a surname in a city, and the blocking keys that combine names, cities and dates.
// A slot is -1 when the schema lacks the field.
type personRules struct {
	given, surname, middle, city, birth, gender int
	// household lists the identifier fields with a household level, and that level.
	household []int
	hlevel    []uint8
	// hkey is, for each of them, the prefix of the count keys of a value beside its
	// holder's full given name, which give pipelines the holders of other names (heldKeys).
	hkey []string
	// hlast is each one's last level (else).
	hlast []uint8
}

// Blocking key prefixes of the combined keys; keys of one field carry the field's name.
const (
	keyName         = "n:"
	keySurnameCity  = "c:"
	keyPhoneticDate = "d:"
	keyPhoneticName = "f:"
	keyGivenDate    = "g:"
	keyNameAnyOrder = "o:"
	keyCityDate     = "y:"
	keyPrefix       = "a:"
	keySuffix       = "z:"
	// Fallback keys bring candidates only to a contact whose other keys found none, and
	// only from small blocks: a surname alone, a given name with a city.
	keySurnameAlone = auxKeyMark + "s:"
	keyGivenCity    = auxKeyMark + "q:"
	// keyFullName counts the records holding a whole name, patronymic included, for the
	// joint frequency of the patronymic among namesakes.
	keyFullName = auxKeyMark + "m:"
	// keyHeldBy prefixes the keys of an identifier's value with the holder's given name.
	keyHeldBy = auxKeyMark + "h:"
)

// minOtherNameHolders is how many records other than the pair, under other given names,
// must hold an identifier's value for it to be shared (a family phone, an office e-mail):
// the pair's agreement on it is then a household's, whatever their names say.
const minOtherNameHolders = 2

// isWeakKey reports whether a key belongs to a typo-tolerant family.
func isWeakKey(k string) bool {
	return strings.HasPrefix(k, keyPrefix) || strings.HasPrefix(k, keySuffix) || strings.HasPrefix(k, keyPhoneticName)
}

func newPersonRules(byName map[string]int, fields []Field) *personRules {
	slot := func(n string) int {
		if i, ok := byName[n]; ok {
			return i
		}
		return -1
	}
	p := &personRules{given: slot("given_name"), surname: slot("surname"), middle: slot("middle_name"),
		city: slot("city"), birth: slot("birth_date"), gender: slot("gender")}
	if p.given < 0 || p.surname < 0 {
		return nil
	}
	for i, f := range fields {
		if f.HouseholdLevel != 0 {
			p.household = append(p.household, i)
			p.hlevel = append(p.hlevel, f.HouseholdLevel)
			p.hkey = append(p.hkey, keyHeldBy+f.Name+"=")
			p.hlast = append(p.hlast, uint8(len(f.Levels)-1))
		}
	}
	return p
}

// adjust corrects the levels and term frequencies the fields gave on their own.
func (p *personRules) adjust(a, b *features, sc *scratch, counts termCounts) {
	gi, si := p.given, p.surname
	ag, bg, as, bs := &sc.va[gi], &sc.vb[gi], &sc.va[si], &sc.vb[si]
	vec, tf := sc.vec, sc.tf
	g, s := vec[gi], vec[si]
	swapped := false
	if g != score.Missing && g >= 2 && s != score.Missing && s >= 2 {
		// Swapped: the query's surname against the given name and the other way round (web
		// forms swap them, and so do full names in either order: "Anderson Bill"). Either
		// record may be the swapped one, so the reading must not depend on the pair's order:
		// the given name takes the better of the two cross levels, and neither weighs by
		// its frequency (which box's value would it be?).
		c1, c2 := swappedGiven(as.Key, bg), swappedGiven(bs.Key, ag)
		if c1 <= 2 && c2 <= 2 && min(c1, c2) <= 1 && c1+c2 < g+s {
			g, s = min(c1, c2), max(c1, c2)
			swapped = true
			sc.term[gi], sc.term[si] = "", ""
			if p.gender >= 0 {
				// The gender came from the names as they stood in their boxes: with
				// them swapped it says nothing.
				vec[p.gender], tf[p.gender] = score.Missing, 0
			}
		}
	}
	if ag.Weak || bg.Weak || as.Weak || bs.Weak {
		// A name guessed from a login ("markbrown9302") may agree but cannot disagree.
		if g != score.Missing && g >= 2 {
			g = score.Missing
		}
		if s != score.Missing && s >= 2 {
			s = score.Missing
		}
	}
	genderDiffers := p.gender >= 0 && vec[p.gender] == 1
	mid := uint8(score.Missing)
	if p.middle >= 0 {
		mid = vec[p.middle]
	}
	if genderDiffers {
		// One root in two genders is a family, not a person: Александр and Александра,
		// Петров and Петрова, Петрович and Петровна.
		if g == 0 || g == 1 || g == givenClose && len(ag.Keys) > 0 && len(bg.Keys) > 0 {
			g = givenOtherGender
		}
		if (s == 0 || s == 1) && normalize.GenderedSurname(bs.Key) {
			// Only a surname with gendered forms tells a family apart: Ryan and Ryan of two
			// genders say no more than the names that differ already said.
			s = surnameOtherGender
		}
		if mid == 0 || mid == 1 && utf8.RuneCountInString(a.key(p.middle)) > 1 && utf8.RuneCountInString(b.key(p.middle)) > 1 {
			mid = middleOtherGender
			vec[p.middle], tf[p.middle] = mid, 0
		}
	}
	middleDiffers := mid == middleElse || mid == middleOtherGender
	far := g == givenElse // spelt far apart, not merely two known names spelt alike
	if (g == 1 || g == givenClose) && a.givenKnown && b.givenKnown {
		// Two known given names that share no full name are two names even when they are
		// spelt alike (Мария and Марина, Анна and Анастасия): a typo seldom makes another
		// known name, and variants and diminutives share their full name.
		g = givenElse
	}
	if p.agreeing(vec) {
		s = p.shareHousehold(a, b, ag, bg, sc, counts, g, s, far, genderDiffers, middleDiffers)
	}
	vec[gi], vec[si] = g, s
	tf[gi], tf[si] = 0, 0
	gKey := sc.term[gi]
	if g == 0 && gKey != "" {
		tf[gi] = counts.frequency(gi, gKey)
	}
	fs := 0.0 // the surname's own frequency
	if s == 0 && !swapped {
		fs = counts.frequency(si, bs.Key)
		tf[si] = fs
	}
	if g == 0 && s == 0 && gKey != "" && as.Key == bs.Key && tf[gi] > 0 {
		// Given names and surnames are not independent (a namesake crowd shares both): the
		// pair's name is worth the frequency of the whole name among the other records,
		// when that is more than the product of the two frequencies.
		j := counts.joint(keyName, gKey, bs.Key, a.stored)
		if j > tf[gi]*tf[si] {
			tf[si] = min(j/tf[gi], 1)
		}
		if mi := p.middle; mi >= 0 && mid == 0 && j > 0 {
			// Among namesakes the patronymic is worth P(patronymic | name), the share of
			// the name's records that hold it too, when that is more than its own frequency.
			j3 := counts.joint3(keyFullName, gKey, bs.Key, b.key(mi), a.stored)
			if c := min(j3/j, 1); c > tf[mi] {
				tf[mi] = c
			}
		}
	}
	if ci := p.city; ci >= 0 && vec[ci] == 0 && s == 0 && as.Key == bs.Key && fs > 0 {
		// Namesakes cluster in cities: the city is worth what it adds to the surname,
		// P(city | surname) = P(surname, city) / P(surname), when that is more.
		if j := counts.joint(keySurnameCity, bs.Key, b.key(ci), a.stored); j > fs*tf[ci] {
			tf[ci] = min(j/fs, 1)
		}
	}
}

// agreeing reports whether an identifier with a household level agrees, exactly or nearly:
// only then do the names need to say whether the pair is two people.
func (p *personRules) agreeing(vec score.Vector) bool {
	for k, j := range p.household {
		if l := vec[j]; l == 0 || p.near(k, l) {
			return true
		}
	}
	return false
}

// near reports whether level l of the k-th household field is a near agreement (one digit
// off, the same login): after the household level, before the last.
func (p *personRules) near(k int, l uint8) bool {
	return l != score.Missing && l > p.hlevel[k] && l < p.hlast[k]
}

// shareHousehold moves the identifiers a pair shares to their household level when the
// names say two people or when others of other names hold them, and then leaves out what a
// family shares. g and s are the pair's given-name and surname levels, far whether the
// given names were spelt far apart; it returns the surname's level, which it may leave out.
func (p *personRules) shareHousehold(a, b *features, ag, bg *Value, sc *scratch, counts termCounts, g, s uint8, far, genderDiffers, middleDiffers bool) uint8 {
	vec, tf := sc.vec, sc.tf
	// Two people, whatever they share: two given names far apart of which one at least is
	// known (Сергей and Андрей; two unknown ones may be one badly mistyped, and letters
	// shuffled or a name in the surname's box are typos too), or other given names beside
	// another gender, patronymic or surname; one root in two genders (Александр and
	// Александра); or another surname beside another patronymic (a surname changed at
	// marriage keeps the patronymic).
	givenDiffers := g == givenElse && (a.givenKnown && b.givenKnown ||
		s != score.Missing && oneKnownFar(a, b, ag, bg) ||
		genderDiffers || middleDiffers || s == surnameElse)
	// Namesakes of another patronymic too (Наталья Дмитриевна and Наталья Владимировна,
	// whose e-mail was made of the name they share; a father and son of one name). Birth
	// dates years apart are not enough: typos move them that far too.
	twoPeople := givenDiffers || g == givenOtherGender || middleDiffers
	// An identifier they share is a household's (a family phone, a shared e-mail), which
	// weighs far less than one person's own, when the names say two people (a near
	// agreement too: the family's number with a digit mistyped) or when records of other
	// known given names hold it. Several identifiers shared this way are one event (one
	// family's contact details), not independent evidence: the first counts, the others
	// are left out, and so does a near agreement of another identifier.
	counted := false
	for k, j := range p.household {
		l := vec[j]
		if !(twoPeople && (l == 0 || p.near(k, l)) || l == 0 && p.heldByOthers(k, a, b, sc.term[j], sc.others[j], counts)) {
			continue
		}
		vec[j], tf[j], sc.others[j] = p.hlevel[k], 0, 0
		if counted {
			vec[j] = score.Missing
		}
		counted = true
	}
	if !counted {
		return s
	}
	for k, j := range p.household {
		if p.near(k, vec[j]) {
			vec[j] = score.Missing
		}
	}
	if far && givenDiffers {
		// A family shares its surname and city: beside given names far apart and a
		// household identifier they are no evidence of one person.
		if s == 0 || s == 1 {
			s = score.Missing
		}
		if ci := p.city; ci >= 0 && vec[ci] == 0 {
			vec[ci], tf[ci] = score.Missing, 0
		}
	}
	return s
}

// heldByOthers reports whether records other than the pair, under known given names other
// than the pair's, hold the value the pair shares in the k-th household field: others is
// how many records other than the pair hold it. A value held by more than maxHolderScan
// others is shared without counting them. Both given names must be known: when the names
// do not say two people, both are then one full name, and the answer does not depend on
// which record is a.
func (p *personRules) heldByOthers(k int, a, b *features, value string, others int, counts termCounts) bool {
	if value == "" || others < minOtherNameHolders || !a.givenKnown || !b.givenKnown {
		return false
	}
	if others > maxHolderScan {
		return true
	}
	// Holders of known given names are counted, so that a person's records with a garbled
	// name ("Icsac" for Isaac) do not count as other people.
	g := b.firstKey(p.given)
	if a.firstKey(p.given) != g {
		// Two full names that the names did not call two people: one is a diminutive of
		// both (Женя for Евгений and Евгения). Whose holders to count is unclear: none.
		return false
	}
	return counts.otherNameHolders(k, p.household[k], value, g, minOtherNameHolders) >= minOtherNameHolders
}

// maxHolderScan bounds the holders of one value that heldByOthers looks at.
const maxHolderScan = 256

// oneKnownFar reports whether one given name is known and the other, unknown, is a name
// of other letters, long enough not to be a diminutive the table lacks (Дрон for Андрей).
func oneKnownFar(a, b *features, ag, bg *Value) bool {
	if a.givenKnown == b.givenKnown {
		return false
	}
	unknown := ag
	if a.givenKnown {
		unknown = bg
	}
	return len(unknown.Key) >= 5 && letterOverlap(ag.Key, bg.Key) < 0.7
}

// letterOverlap is the Dice coefficient of the bytes of a and b as multisets: 1 for
// anagrams ("oel" and "leo"), low for two names of other letters.
func letterOverlap(a, b string) float64 {
	if len(a)+len(b) == 0 {
		return 1
	}
	var n [256]int16
	for i := 0; i < len(a); i++ {
		n[a[i]]++
	}
	common := 0
	for i := 0; i < len(b); i++ {
		if n[b[i]] > 0 {
			n[b[i]]--
			common++
		}
	}
	return 2 * float64(common) / float64(len(a)+len(b))
}

// knownGiven reports whether a given-name value is a name of the name table, not an
// unknown spelling (a typo, a rare name).
func knownGiven(v Value) bool {
	return len(v.Keys) > 0 && normalize.GivenNameGender(v.Keys[0]) != normalize.GenderUnknown
}

// swappedGiven compares a surname key with a given name as the swapped reading would: 0 when
// the surname, read as a given name, shares a full name with it (Bill and William, Оля and
// Ольга) or is spelt the same, else swappedLevel. Only pairs whose names disagree both ways
// get here; the name table's lookup allocates nothing.
func swappedGiven(surname string, given *Value) uint8 {
	l := swappedLevel(surname, given.Key)
	if l != 0 && len(given.Keys) > 0 && utf8.RuneCountInString(surname) > 1 {
		if _, ok := shared(normalize.KnownGivenNameKeys(surname), given.Keys); ok {
			return 0
		}
	}
	return l
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
	case jaroWinkler.CompareAtLeast(a, b, 0.92) >= 0.92:
		return 1
	}
	return 3
}

// keys appends the combined blocking keys of f: canonical given name + surname, the two
// names in either order (forms swap them), surname + city, phonetic surname + birth date
// (with and without the year), phonetic surname + canonical given name (typo-tolerant),
// canonical given name + birth date (catches a changed or misspelt surname), city + full
// birth date (both names misspelt), and the first or last four letters of the surname with
// the given name's initial (a typo anywhere in a longer surname).
func (p *personRules) keys(f *features, w *keyWriter) {
	gv, sv := f.val(p.given), f.val(p.surname)
	given, surname := gv.Key, sv.Key
	givens := gv.Keys
	var one [1]string // no allocation for a name without further forms, on every pass
	if len(givens) == 0 && given != "" {
		one[0] = given
		givens = one[:]
	}
	city := ""
	if p.city >= 0 {
		city = f.key(p.city)
	}
	if surname != "" && utf8.RuneCountInString(surname) > 1 {
		w.add(keySurnameAlone, surname)
	}
	if city != "" {
		for _, g := range givens {
			if len(g) > 1 {
				w.add(keyGivenCity, g, city)
			}
		}
	}
	if surname != "" {
		for _, g := range givens {
			w.add(keyName, g, surname)
		}
		if p.middle >= 0 {
			if mid := f.key(p.middle); len(mid) > 1 {
				for _, g := range givens {
					w.add(keyFullName, g, surname, mid)
				}
			}
		}
		if city != "" {
			w.add(keySurnameCity, surname, city)
		}
		if given != "" && utf8.RuneCountInString(surname) >= 4 {
			// One typo leaves either the first or the last four letters of a longer surname
			// intact; the given name's initial keeps these blocks small.
			ini := firstLetter(given)
			pre, suf := runeEnds(surname, 4)
			w.add(keyPrefix, pre, ini)
			w.add(keySuffix, suf, ini)
		}
		if len(given) > 1 {
			a, b := given, surname
			if b < a {
				a, b = b, a
			}
			w.add(keyNameAnyOrder, a, b)
		}
	}
	ph := phonetic(&sv)
	if ph != "" {
		for _, g := range givens {
			if len(g) > 1 {
				w.add(keyPhoneticName, ph, g)
			}
		}
	}
	if p.birth < 0 {
		return
	}
	full := f.key(p.birth)
	y, mo, d, ok := parseDateKey(full)
	if !ok || mo == 0 || d == 0 {
		return
	}
	md := full[5:]
	if ph != "" {
		w.add(keyPhoneticDate, ph, md)
		if y != 0 {
			w.add(keyPhoneticDate, ph, full)
		}
	}
	for _, g := range givens {
		if len(g) > 1 {
			w.add(keyGivenDate, g, md)
		}
	}
	if y != 0 {
		for _, g := range givens {
			w.add(keyGivenDate, g, full)
		}
		if city != "" {
			w.add(keyCityDate, city, full)
		}
	}
}

// heldKeys writes the count keys of f's household identifiers beside its holder's given
// name: one of the value alone and one with the full given name, for a record whose given
// name the tables know. Summed over a base, they give what otherNameHolders counts.
func (p *personRules) heldKeys(f *features, w *keyWriter) {
	if !f.givenKnown {
		return
	}
	g := f.firstKey(p.given)
	for k, j := range p.household {
		if f.missing(j) {
			continue
		}
		v := f.val(j)
		if len(v.Keys) == 0 {
			w.add(p.hkey[k], v.Key, "")
			w.add(p.hkey[k], v.Key, g)
		}
		for _, x := range v.Keys {
			if !strings.HasPrefix(x, DamagedPrefix) {
				w.add(p.hkey[k], x, "")
				w.add(p.hkey[k], x, g)
			}
		}
	}
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
