package normalize

import (
	"slices"
	"strings"
	"sync"
	"unicode/utf8"
)

// givenTable maps the skeleton of a given name, diminutive or nickname to the skeletons of the
// full names it may stand for, and each full name's skeleton to its gender.
type givenTable struct {
	keys   map[string][]string
	gender map[string]Gender
	// words holds, for every spelling of the table and every skeleton in keys, what the
	// functions of a name word compute from it, computed once with the table. Given names
	// come from a small vocabulary, so most name words a matcher sees are here, and looking
	// one up costs a fraction of computing its skeleton.
	words map[string]*givenWord
	// keysIn and wordsIn filter the lookups of keys and words.
	keysIn, wordsIn givenFilter
}

// givenFilter is a Bloom-style filter with one hash: a string whose bit is clear is not a
// key of the map it was built from. Most words a matcher looks up that are not in the table
// (surnames) are told so here, in a table that stays in the cache, without the map's probe.
type givenFilter [1 << 10]uint64

func givenHash[S string | []byte](s S) uint32 {
	n := len(s)
	if n == 0 {
		return 0
	}
	h := uint32(n)*0x9e3779b1 ^ uint32(s[0]) ^ uint32(s[n-1])<<8 ^ uint32(s[n/2])<<16
	return (h ^ h>>16) & (1<<16 - 1)
}

func (f *givenFilter) add(s string) {
	h := givenHash(s)
	f[h>>6] |= 1 << (h & 63)
}

func givenMayHave[S string | []byte](f *givenFilter, s S) bool {
	h := givenHash(s)
	return f[h>>6]&(1<<(h&63)) != 0
}

// givenWord is what the functions of one name word w return for it.
type givenWord struct {
	skel      string   // Skeleton(w)
	names     []string // GivenNameKeys(w)
	skelNames []string // GivenNameKeys(Skeleton(w)), the GivenNames of Name.Keys
	gender    Gender   // GivenNameGender(w)
	tok       nameTok  // newNameTok(w)
}

var (
	givenOnce sync.Once
	givenTab  *givenTable
)

// givenNames returns the given-name table, loading it on first use.
func givenNames() *givenTable {
	givenOnce.Do(func() { givenTab = loadGivenNames(tableRows("given_names")) })
	return givenTab
}

func loadGivenNames(rows [][]string) *givenTable {
	t := &givenTable{keys: make(map[string][]string, len(rows)*6), gender: make(map[string]Gender, len(rows))}
	for _, r := range rows {
		if len(r) != 3 {
			continue
		}
		canon := Skeleton(r[0])
		if canon == "" {
			continue
		}
		g := Male
		if r[1] == "f" {
			g = Female
		}
		if old, ok := t.gender[canon]; ok && old != g {
			g = GenderUnknown
		}
		t.gender[canon] = g
		t.add(canon, canon)
		for v := range strings.SplitSeq(r[2], ",") {
			if k := Skeleton(v); k != "" {
				t.add(k, canon)
			}
		}
	}
	for k, v := range t.keys {
		slices.Sort(v)
		t.keys[k] = slices.Clip(slices.Compact(v))
		t.keysIn.add(k)
	}
	t.words = make(map[string]*givenWord, len(t.keys)+len(rows)*4)
	skelNames := make(map[string][]string, len(t.keys))
	addWord := func(w string) {
		if _, ok := t.words[w]; ok || w == "" {
			return
		}
		var buf [64]byte
		sk := skelAppend(buf[:0], w, false)
		gw := &givenWord{skel: string(sk), names: t.namesOf(sk), gender: t.genderOf(t.lookupBytes(sk))}
		gw.tok = newNameTokSkel(w, sk, t)
		// Many words share a skeleton: the names of each skeleton are computed once.
		names, ok := skelNames[gw.skel]
		if !ok {
			var buf2 [64]byte
			names = t.namesOf(skelAppend(buf2[:0], gw.skel, false))
			skelNames[gw.skel] = names
		}
		gw.skelNames = names
		t.words[w] = gw
	}
	for _, r := range rows {
		if len(r) != 3 {
			continue
		}
		for _, v := range append([]string{r[0]}, strings.Split(r[2], ",")...) {
			addWord(v)
			addWord(nameClean(v)) // the form the name parsers pass on
		}
		if r[1] == "m" {
			for _, p := range givenPatronymics(r[0]) {
				addWord(p)
			}
		}
	}
	for k := range t.keys {
		addWord(k)
	}
	for w := range t.words {
		t.wordsIn.add(w)
	}
	return t
}

// givenPatronymics returns the likely patronymics of a Russian male name, both genders:
// Иван gives иванович and ивановна, Василий васильевич and васильевна, Никита никитич and
// никитична. They only widen the table's precomputed words (a patronymic comes from the
// same vocabulary as given names), so a form that does not exist costs a little memory and
// nothing else.
func givenPatronymics(name string) []string {
	if name == "" || name[0] != 0xd0 && name[0] != 0xd1 {
		return nil // not Cyrillic
	}
	var out []string
	add := func(stem string, endings ...string) {
		for _, e := range endings {
			out = append(out, stem+e)
			if strings.Contains(stem, "ё") {
				out = append(out, strings.ReplaceAll(stem, "ё", "е")+e)
			}
		}
	}
	switch {
	case strings.HasSuffix(name, "ий"):
		stem := strings.TrimSuffix(name, "ий")
		add(stem, "ьевич", "ьевна", "иевич", "иевна")
	case strings.HasSuffix(name, "й"), strings.HasSuffix(name, "ь"):
		_, n := utf8.DecodeLastRuneInString(name)
		add(name[:len(name)-n], "евич", "евна")
	case strings.HasSuffix(name, "а"), strings.HasSuffix(name, "я"):
		_, n := utf8.DecodeLastRuneInString(name)
		add(name[:len(name)-n], "ич", "ична", "инична")
	default:
		add(name, "ович", "овна", "евич", "евна")
		// A vowel before the last consonant may drop or change: Павел, Павлович; Михаил,
		// Михайлович; Лев, Львович.
		rs := []rune(name)
		if n := len(rs); n >= 3 && (rs[n-2] == 'е' || rs[n-2] == 'и') {
			for _, v := range []string{"", "й", "ь"} {
				add(string(rs[:n-2])+v+string(rs[n-1]), "ович", "овна")
			}
		}
	}
	return out
}

// word returns the precomputed results for the name word w, or nil.
func (t *givenTable) word(w string) *givenWord {
	if !givenMayHave(&t.wordsIn, w) {
		return nil
	}
	return t.words[w]
}

// namesOf is GivenNameKeys for the skeleton sk of its argument.
func (t *givenTable) namesOf(sk []byte) []string {
	if len(sk) == 0 {
		return nil
	}
	if keys := t.lookupBytes(sk); keys != nil {
		return keys
	}
	return []string{string(sk)}
}

func (t *givenTable) add(k, canon string) {
	t.keys[k] = append(t.keys[k], canon)
}

// lookup returns the full-name keys of a skeleton, or nil.
func (t *givenTable) lookup(sk string) []string {
	if !givenMayHave(&t.keysIn, sk) {
		return nil
	}
	return t.keys[sk]
}

// lookupBytes is lookup without converting the key to a string (no allocation).
func (t *givenTable) lookupBytes(sk []byte) []string {
	if !givenMayHave(&t.keysIn, sk) {
		return nil
	}
	return t.keys[string(sk)]
}

// GivenNameKeys returns the skeletons of the full given names s may stand for, sorted and
// without duplicates: "Вася", "Васька", "Васёк", "Vasya", "Vasiliy" and "Wassili" all give
// ["vasili"], the key of Василий; "Саша" gives the keys of Александр and Александра; "Bob",
// "Rob" and "Bobby" give ["robert"]. A name the table does not know gives
// []string{Skeleton(s)}; an input without letters gives nil. The result is never empty for
// input with letters. Russian and English forms of one name (Михаил, Michael) keep distinct
// keys unless their skeletons coincide.
//
// The returned slice may be shared with other callers: it must not be modified.
func GivenNameKeys(s string) []string {
	t := givenNames()
	if w := t.word(s); w != nil {
		return w.names
	}
	var buf [64]byte
	return t.namesOf(skelAppend(buf[:0], s, false))
}

// KnownGivenNameKeys is GivenNameKeys for a name already at hand as its key (a [Skeleton], or
// a [SurnameSkeleton], whose folded ending -in/-ov/-ev is tried with its -a too: Марина,
// Ирина), when the table knows it; nil otherwise. It allocates nothing, for comparisons that
// ask it of many pairs. The returned slice must not be modified.
func KnownGivenNameKeys(key string) []string {
	t := givenNames()
	if keys := t.lookup(key); keys != nil || len(key) < 3 || len(key) > 62 {
		return keys
	}
	if end := key[len(key)-2:]; end == "in" || end == "ov" || end == "ev" {
		var buf [64]byte
		return t.lookupBytes(append(append(buf[:0], key...), 'a'))
	}
	return nil
}

// GivenNameGender returns the gender of a given name or diminutive from the table: "Вася" and
// "Bob" are [Male], "Маша" and "Peggy" are [Female], "Саша" and "Женя" (either) and names the
// table does not know are [GenderUnknown].
func GivenNameGender(s string) Gender {
	t := givenNames()
	if w := t.word(s); w != nil {
		return w.gender
	}
	var buf [64]byte
	return t.genderOf(t.lookupBytes(skelAppend(buf[:0], s, false)))
}

// genderOf returns the gender shared by all the full names in keys.
func (t *givenTable) genderOf(keys []string) Gender {
	g := GenderUnknown
	for i, k := range keys {
		kg := t.gender[k]
		if i == 0 {
			g = kg
		} else if kg != g {
			return GenderUnknown
		}
	}
	return g
}
