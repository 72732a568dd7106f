// Code generated from normalize/skeleton.go at commit f98b6b7; DO NOT EDIT.
//
// It is the reference the differential tests in equiv_test.go compare the package with: the
// normalizers as they were before they were made faster. Only this header and the package
// clause differ from the original.

package normalize_test

import (
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// The skeleton works in three steps on each word:
//
//  1. expand: Cyrillic letters are written in a plain Latin transliteration and Latin letters
//     with diacritics are written in plain ASCII ("ž" → "zh", "ć" → "ch", "ł" → "l"), so both
//     scripts reach step 2 as one kind of text;
//  2. parse: the ASCII spellings of every common scheme (English, German, French, Polish,
//     Dutch, ISO 9, ICAO, BGN/PCGN) are read into one small alphabet of sounds: "sch", "sh",
//     "shch", "szcz" → ш; "tsch", "tch", "ch", "cz" → ч; "kh", "h" → х; "ts", "tz", "z", "c"
//     before e/i/y → one hissing class for з and ц (German and English disagree on which one
//     "z" is); "c" before a consonant or a, o, u → k (Victor), but Polish and Czech -cki,
//     -cka → цк; "ch" before a consonant, and in words spelt the Polish, Czech or German
//     way, → х; "w" → v; "x" → ks; "j" and "y" → i;
//  3. rewrite: double letters collapse, the glide before e and o disappears (ie → e, io → e,
//     so ye/je/ie/e and yo/jo/io/ё meet), the glide between a consonant and u disappears
//     (Lyudmila, Ludmila), -off/-eff become -ov/-ev, o after ж ч ш щ in -ов becomes e, -ская
//     is written like the Polish -ska, and the French silent e of -ine goes.
//
// The key is then written in lower-case ASCII with the digraphs zh, ch, sh, kh. Cyrillic goes
// through the same parser as Latin and never reaches the output, and a written key that could
// read back differently is read again until it is stable, so Skeleton(Skeleton(s)) ==
// Skeleton(s).
//
// Measured on 131,713 Latin/Cyrillic name-token pairs from Wikidata (see
// skeleton_eval_test.go): 58% of all pairs and 75% of the pairs with a Slavic surname or
// patronymic ending share a skeleton; random non-pairs collide in fewer than 1 in 100,000.
// Most misses are names of other languages transcribed into Russian (Japanese, Baltic
// endings, English vowels), which no spelling rule can recover.

// Sound symbols beyond plain ASCII letters (upper case never reaches the parser from input).
const (
	skZh = 'Z' // ж
	skCh = 'C' // ч
	skSh = 'S' // ш, щ
)

// skelCyr writes Cyrillic letters (lower case) in the plain Latin the parser reads.
var skelCyr = map[rune]string{
	'а': "a", 'б': "b", 'в': "v", 'г': "g", 'д': "d", 'е': "e", 'ё': "yo", 'ж': "zh", 'з': "z",
	'и': "i", 'й': "y", 'к': "k", 'л': "l", 'м': "m", 'н': "n", 'о': "o", 'п': "p", 'р': "r",
	'с': "s", 'т': "t", 'у': "u", 'ф': "f", 'х': "kh", 'ц': "ts", 'ч': "ch", 'ш': "sh",
	'щ': "shch", 'ъ': "", 'ы': "y", 'ь': "", 'э': "e", 'ю': "yu", 'я': "ya",
	// Ukrainian, Belarusian, Serbian, Macedonian, Kazakh, Tatar and other Cyrillic letters.
	'і': "i", 'ї': "yi", 'є': "ye", 'ґ': "g", 'ў': "u", 'ђ': "dzh", 'ј': "y", 'љ': "ly",
	'њ': "ny", 'ћ': "ch", 'џ': "dzh", 'ѓ': "g", 'ќ': "k", 'ѕ': "dz", 'ә': "a", 'ғ': "g",
	'қ': "k", 'ң': "n", 'ө': "o", 'ұ': "u", 'ү': "u", 'һ': "h", 'җ': "zh", 'ӣ': "i", 'ӯ': "u",
	'ҳ': "h", 'ҷ': "ch", 'ӏ': "", 'ѐ': "e", 'ѝ': "i", 'ҙ': "z", 'ҫ': "s", 'ӑ': "a", 'ӗ': "e",
	// Pre-1918 letters still seen in old records.
	'ѣ': "e", 'ѳ': "f", 'ѵ': "i", 'ѡ': "o", 'ѯ': "ks", 'ѱ': "ps", 'ӕ': "e",
}

// skelCyrTab is skelCyr as an array over U+0400..U+04FF, for the hot path.
var skelCyrTab = func() (t [0x100]struct {
	s  string
	ok bool
}) {
	for r, v := range skelCyr {
		if r >= 0x400 && r <= 0x4ff {
			t[r-0x400].s, t[r-0x400].ok = v, true
		}
	}
	return t
}()

// skelLatin writes Latin letters with diacritics and letters outside ASCII as plain ASCII or,
// where the letter already names one sound, as that sound's symbol, so that the parser does not
// read it as an English digraph.
var skelLatin = map[rune]string{
	'ž': "Z", 'ż': "Z", 'ź': "z", 'š': "S", 'ş': "S", 'ș': "S", 'ś': "s", 'č': "C", 'ć': "C",
	'ĉ': "C", 'ç': "C", 'ŝ': "S", 'đ': "dZ", 'ř': "rZ", 'ț': "z", 'ţ': "z", 'ł': "l", 'ø': "o",
	'æ': "e", 'œ': "e", 'ß': "ss", 'þ': "t", 'ð': "d", 'ı': "i", 'ə': "a", 'ħ': "h", 'ŀ': "l",
	'ĵ': "Z", 'ŭ': "u", 'ɨ': "i", 'û': "iu", 'â': "ia",
}

// skelExpand appends the plain-ASCII spelling of the word w (a key word: lower case, no
// separators) to dst. Apostrophes disappear; letters of other scripts are kept as they are.
func skelExpand(dst []rune, w string) []rune {
	for i := 0; i < len(w); {
		r, n := rune(w[i]), 1
		if r >= utf8.RuneSelf {
			r, n = textDecode2(w, i)
		}
		i += n
		if r < 0x500 {
			// Upper case reaches here on the fast path of skelAppend, which skips the profile.
			r = textLower(r)
		}
		switch {
		case r < utf8.RuneSelf:
			if r >= 'a' && r <= 'z' {
				dst = append(dst, r)
			}
		case textIsCyrillic(r):
			// Cyrillic never reaches the output, so a key cannot mix scripts and be repaired
			// differently the second time: letters outside the table are read by their base
			// letter or dropped.
			var t string
			ok := false
			if r <= 0x4ff {
				e := skelCyrTab[r-0x400]
				t, ok = e.s, e.ok
			}
			if !ok {
				var buf [32]byte
				d := norm.NFD.AppendString(buf[:0], string(r))
				b, _ := utf8.DecodeRune(d)
				t = skelCyr[unicode.ToLower(b)]
			}
			for i := 0; i < len(t); i++ {
				dst = append(dst, rune(t[i]))
			}
		default:
			if unicode.IsMark(r) || !unicode.IsLetter(r) || unicode.Is(unicode.Lm, r) {
				continue
			}
			t, ok := skelLatin[r]
			if !ok {
				// Other letters with marks (accented Latin, Greek with tonos): their base
				// letter, looked up again (Ǽ is Æ with an acute).
				var buf [32]byte
				d := norm.NFD.AppendString(buf[:0], string(r))
				if b, n := utf8.DecodeRune(d); n < len(d) {
					r = unicode.ToLower(b)
				}
				t, ok = skelLatin[r]
			}
			if ok {
				for i := 0; i < len(t); i++ {
					dst = append(dst, rune(t[i]))
				}
				continue
			}
			if r < utf8.RuneSelf {
				if r >= 'a' && r <= 'z' {
					dst = append(dst, r)
				}
				continue
			}
			dst = append(dst, unicode.ToLower(r))
		}
	}
	return dst
}

// skelPat is one multi-letter pattern of the parser.
type skelPat struct {
	pat string
	out string // symbols to emit
}

// skelPats lists multi-letter patterns by first letter, longest first.
var skelPats = func() [26][]skelPat {
	all := []skelPat{
		{"schtsch", "S"}, {"chtch", "S"}, {"shtch", "S"}, {"sjtsj", "S"}, {"shch", "S"},
		{"szcz", "S"}, {"sch", "S"}, {"sh", "S"}, {"sz", "S"},
		{"tsch", "C"}, {"tch", "C"}, {"tsj", "C"}, {"ts", "z"}, {"tz", "z"}, {"th", "t"},
		{"chr", "kr"}, {"ch", "C"}, {"cz", "C"}, {"ck", "k"},
		{"zh", "Z"}, {"kh", "h"}, {"ph", "f"}, {"gh", "g"}, {"qu", "kv"}, {"ou", "u"},
	}
	var t [26][]skelPat
	for _, p := range all {
		i := p.pat[0] - 'a'
		t[i] = append(t[i], p)
	}
	return t
}()

// skelWestSlavic reports whether a key word is spelt the Polish, Czech or German way, where
// "ch" is х rather than the English ч: it has w, sz, cz, rz or sch, or a letter only those
// alphabets use.
func skelWestSlavic(w string) bool {
	if len(w) > 0 && (w[0] == 0xd0 || w[0] == 0xd1) {
		return false // a Cyrillic word
	}
	for i := 0; i < len(w); i++ {
		switch w[i] {
		case 'w':
			return true
		case 'z':
			if i > 0 && (w[i-1] == 's' || w[i-1] == 'c' || w[i-1] == 'r') {
				return true
			}
		case 'c':
			if i > 0 && i+1 < len(w) && w[i-1] == 's' && w[i+1] == 'h' {
				return true
			}
		}
	}
	for _, r := range w {
		switch r {
		case 'ą', 'ę', 'ó', 'ł', 'ś', 'ź', 'ż', 'ć', 'ń', 'ř', 'ů', 'ě', 'ä', 'ö', 'ü', 'ß', 'ť', 'ď', 'ň':
			return true
		}
	}
	return false
}

// skelParse reads the expanded word e into sound symbols appended to dst; chKh makes a lone
// "ch" read as х.
func skelParse(dst []rune, e []rune, chKh bool) []rune {
	for i := 0; i < len(e); {
		r := e[i]
		if r < 'a' || r > 'z' {
			dst = append(dst, r)
			i++
			continue
		}
		if r == 'c' && skelAt(e, i+1) == 'k' && len(e) >= 6 && skelAdjEnding(e[i+2:]) {
			// Polish and Czech -cki, -cka, -cký are -цкий, -цкая, not English ck.
			dst = append(dst, 'z', 'k')
			i += 2
			continue
		}
		matched := false
		for _, p := range skelPats[r-'a'] {
			if skelHasPrefix(e[i:], p.pat) {
				out := p.out
				if p.pat == "ch" && (chKh || skelLatinConsonant(skelAt(e, i+2))) {
					// ch before a consonant is х (Polish, Czech, German): Chmielewski, Richtrová.
					out = "h"
				}
				for j := 0; j < len(out); j++ {
					dst = append(dst, rune(out[j]))
				}
				i += len(p.pat)
				matched = true
				break
			}
		}
		if matched {
			continue
		}
		switch r {
		case 'j', 'y':
			dst = append(dst, 'i')
		case 'w':
			dst = append(dst, 'v')
		case 'q':
			dst = append(dst, 'k')
		case 'x':
			dst = append(dst, 'k', 's')
		case 'c':
			// c is ц before a front vowel and in the ISO/Polish "coi"; elsewhere English k.
			next, next2 := skelAt(e, i+1), skelAt(e, i+2)
			switch {
			case next == 'e' || next == 'i' || next == 'y' || (next == 'o' && (next2 == 'i' || next2 == 'y' || next2 == 'j') && i+3 >= len(e)):
				dst = append(dst, 'z')
			case next == 0 && i >= 4 && e[i-1] == 'i' && (e[i-2] == 'v' || e[i-2] == 'w'):
				// Serbian and Croatian -vić written without its accent, Polish -wic: Petrovic.
				dst = append(dst, skCh)
			default:
				dst = append(dst, 'k')
			}
		default:
			dst = append(dst, r)
		}
		i++
	}
	return dst
}

// skelAdjEnding reports whether e is the ending of a Slavic adjectival surname after "ck".
func skelAdjEnding(e []rune) bool {
	switch string(e) {
	case "i", "y", "a", "ij", "iy", "ii", "yj", "yi", "aja", "aya", "aia", "ie", "iej":
		return true
	}
	return false
}

// skelLatinConsonant reports whether r is an ASCII consonant letter (y counts as a vowel).
func skelLatinConsonant(r rune) bool {
	return r >= 'a' && r <= 'z' && !skelVowel(r) && r != 'y'
}

func skelAt(e []rune, i int) rune {
	if i < len(e) {
		return e[i]
	}
	return 0
}

func skelHasPrefix(e []rune, p string) bool {
	if len(e) < len(p) {
		return false
	}
	for i := 0; i < len(p); i++ {
		if e[i] != rune(p[i]) {
			return false
		}
	}
	return true
}

func skelVowel(r rune) bool {
	return r == 'a' || r == 'e' || r == 'i' || r == 'o' || r == 'u'
}

func skelConsonant(r rune) bool {
	return (r >= 'a' && r <= 'z' && !skelVowel(r)) || r == skZh || r == skCh || r == skSh
}

// skelRewrite applies the rewrite rules to the symbols in place until nothing changes.
func skelRewrite(s []rune) []rune {
	for range 4 {
		n := len(s)
		changed := false
		s, changed = skelRewriteOnce(s)
		if !changed && len(s) == n {
			break
		}
	}
	return s
}

func skelRewriteOnce(s []rune) ([]rune, bool) {
	changed := false
	out := s[:0]
	for i := 0; i < len(s); i++ {
		r := s[i]
		next := skelAt(s, i+1)
		if len(out) > 0 {
			prev := out[len(out)-1]
			switch {
			case r == prev:
				// Double letters: Wassili, Habibullin.
				changed = true
				continue
			case prev == 't' && (r == 'z' || r == skCh):
				// тц = ц, тч = ч: also keeps "tz" and "tch" from reading differently later.
				out[len(out)-1] = r
				changed = true
				continue
			case prev == 's' && r == 'z':
				// сц, сз: the hissing sound of the cluster is the z class.
				out[len(out)-1] = 'z'
				changed = true
				continue
			case prev == 'o' && r == 'u':
				out[len(out)-1] = 'u'
				changed = true
				continue
			case (prev == 's' || prev == skSh) && r == skCh:
				// сч, шч = щ.
				out[len(out)-1] = skSh
				changed = true
				continue
			case prev == 'g' && r == 'u' && (next == 'e' || next == 'i'):
				// French gu before e and i: Serguei.
				changed = true
				continue
			}
		}
		if r == 'i' && (next == 'e' || next == 'o') {
			// The glide before e and o: Yegor/Jegor/Egor, Fyodor/Fjodor/Fedor. out only
			// writes at or before i, so the next symbol can be rewritten ahead.
			s[i+1] = 'e'
			changed = true
			continue
		}
		if r == 'i' && next == 'u' && len(out) > 0 && skelConsonant(out[len(out)-1]) {
			// The glide between a consonant and u: Lyudmila, Ludmila.
			changed = true
			continue
		}
		out = append(out, r)
	}
	// Word endings.
	if n := len(out); n >= 7 && out[n-1] == 'a' && out[n-2] == 'i' && out[n-3] == 'a' && out[n-4] == 'k' && (out[n-5] == 's' || out[n-5] == 'z') {
		// -ская, -цкая are written -ska, -cka in the Polish and Czech forms: keep the short one.
		out = out[:n-2]
		changed = true
	}
	if n := len(out); n >= 5 && out[n-1] == 'e' && out[n-2] == 'n' && out[n-3] == 'i' {
		// French and English silent e: Konstantine, Rapkine.
		out = out[:n-1]
		changed = true
	}
	if n := len(out); n >= 4 && out[n-1] == 'f' && (out[n-2] == 'o' || out[n-2] == 'e') {
		out[n-1] = 'v' // Smirnoff, Bartenieff
		changed = true
	}
	if n := len(out); n >= 4 {
		// o after ж ч ш щ in -ов/-ова is written ё or e: Gorbachov, Gorbachev.
		k := n - 2
		if out[n-1] == 'a' {
			k = n - 3
		}
		if k >= 1 && out[k] == 'o' && out[k+1] == 'v' && (out[k-1] == skZh || out[k-1] == skCh || out[k-1] == skSh) {
			out[k] = 'e'
			changed = true
		}
	}
	return out, changed
}

// skelEncode appends the written form of the symbols to dst.
func skelEncode(dst []byte, s []rune) []byte {
	for _, r := range s {
		switch r {
		case skZh:
			dst = append(dst, 'z', 'h')
		case skCh:
			dst = append(dst, 'c', 'h')
		case skSh:
			dst = append(dst, 's', 'h')
		case 'h':
			dst = append(dst, 'k', 'h')
		default:
			dst = utf8.AppendRune(dst, r)
		}
	}
	return dst
}

// skelWord appends the symbols of one key word to dst, using tmp as scratch space.
func skelWord(dst, tmp []rune, w string) ([]rune, []rune) {
	tmp = skelExpand(tmp[:0], w)
	start := len(dst)
	dst = skelParse(dst, tmp, skelWestSlavic(w))
	word := skelRewrite(dst[start:])
	return dst[:start+len(word)], tmp
}

// skelNextWord returns the first word of a skeleton-profile key k and the rest: hyphens
// separate words; apostrophes stay in the word and disappear in the expansion.
func skelNextWord(k string) (w, rest string) {
	for len(k) > 0 && (k[0] == ' ' || k[0] == '-') {
		k = k[1:]
	}
	for i := 0; i < len(k); i++ {
		if k[i] == ' ' || k[i] == '-' {
			return k[:i], k[i+1:]
		}
	}
	return k, ""
}

// skelAppend appends the skeleton of s to dst; surname folds gendered surname endings.
func skelAppend(dst []byte, s string, surname bool) []byte {
	var symBuf, tmpBuf [64]rune
	sym, tmp := symBuf[:0], tmpBuf[:0]
	for k := skelInput(s); k != ""; {
		var w string
		w, k = skelNextWord(k)
		sym, tmp = skelWord(sym[:0], tmp, w)
		if surname {
			sym = skelRewrite(skelFoldSurname(sym))
		}
		if len(sym) == 0 {
			continue
		}
		if len(dst) > 0 {
			dst = append(dst, ' ')
		}
		start := len(dst)
		dst = skelEncode(dst, sym)
		// Rarely the written key reads back differently (an "s" before a "z" reads as the
		// Polish "sz"); read it again until it is stable, so that the key is idempotent.
		for range 3 {
			if !skelRisky(dst[start:]) {
				break
			}
			prev := string(dst[start:])
			sym, tmp = skelWord(sym[:0], tmp, prev)
			if surname {
				sym = skelRewrite(skelFoldSurname(sym))
			}
			dst = skelEncode(dst[:start], sym)
			if string(dst[start:]) == prev {
				break
			}
		}
	}
	return dst
}

// skelInput returns s cleaned for the skeleton. Names written in plain letters of the Latin
// and Russian alphabets with single spaces and hyphens skip the profile: the expansion lowers
// them itself, so the common case does not allocate.
func skelInput(s string) string {
	prev := byte(' ')
	script := byte(0)
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ' || c == '-':
			if prev != 'w' {
				return skelProfile.Key(s)
			}
			prev, script = c, 0
			i++
			continue
		case (c|0x20) >= 'a' && (c|0x20) <= 'z':
			if script == 'c' {
				return skelProfile.Key(s)
			}
			script = 'l'
			i++
		case c == 0xd0 || c == 0xd1:
			r, n := textDecode2(s, i)
			if r < 0x401 || r > 0x451 || script == 'l' {
				return skelProfile.Key(s)
			}
			script = 'c'
			i += n
		default:
			return skelProfile.Key(s)
		}
		prev = 'w'
	}
	if prev != 'w' {
		return skelProfile.Key(s)
	}
	return s
}

// skelRisky reports whether a written key word may read back as different symbols: it holds
// a letter sequence that the parser reads as one sound or by context.
func skelRisky(w []byte) bool {
	chAt := -1
	rz := false
	for i := 0; i+1 < len(w); i++ {
		a, b := w[i], w[i+1]
		switch {
		case a == 's' && (b == 'z' || b == 'c'), a == 't' && (b == 's' || b == 'z' || b == 'c'),
			a == 'o' && b == 'u', a == 'g' && b == 'u', a == 'r' && b == 'z', a == 'c' && b == 'z':
			return true
		case a == 'c' && b == 'h':
			chAt = i
			if c := skelAtByte(w, i+2); skelLatinConsonant(rune(c)) {
				return true
			}
		}
		if a == 'r' && b == 'z' {
			rz = true
		}
	}
	return rz && chAt >= 0
}

func skelAtByte(w []byte, i int) byte {
	if i < len(w) {
		return w[i]
	}
	return 0
}

// Skeleton returns a cross-script, cross-scheme spelling key for s: lower-case ASCII for
// Cyrillic and Latin input (letters of other scripts are kept), one key per word joined by
// single spaces; hyphenated words give one key per part. Василий, Vasiliy, Vasily, Vasilij
// and Wassili give "vasili"; Юлия, Yulia, Julia, Iuliia give "iulia"; Щербаков, Shcherbakov,
// Scherbakov give "sherbakov". Skeleton is idempotent and returns "" when s has no letters.
// Different names may share a skeleton: it is a key for blocking and comparison, not a
// spelling.
func Skeleton(s string) string {
	var buf [64]byte
	return string(skelAppend(buf[:0], s, false))
}
