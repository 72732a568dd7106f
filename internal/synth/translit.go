package synth

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// scheme is a way people write Russian names in Latin letters. Social accounts and e-mail
// display names use all of them, so one person appears as Iuliia, Yuliya, Yulia and Julija.
type scheme uint8

const (
	schemeSimple scheme = iota // informal: Yulia, Vasily, Alexandr, Mihail
	schemeICAO                 // Russian passports since 2013: Iuliia, Vasilii
	schemeBGN                  // BGN/PCGN: Yuliya, Vasiliy
	schemeGerman               // Julija, Wassili, Schukow
	schemeFrench               // Ioulia, Vassili, Choukov
	schemePolish               // Julija, Wasilij, Szewczenko
	numSchemes
)

// schemeWeights say how often each scheme is somebody's habit.
var schemeWeights = [numSchemes]float64{40, 20, 22, 6, 5, 7}

// cyrIndex maps а..я to 0..31 and ё to 32; -1 for anything else.
func cyrIndex(r rune) int {
	switch {
	case r >= 'а' && r <= 'я':
		return int(r - 'а')
	case r == 'ё':
		return 32
	}
	return -1
}

// Letter order of the tables: а б в г д е ж з и й к л м н о п р с т у ф х ц ч ш щ ъ ы ь э ю я ё.
var translitTables = [numSchemes][33]string{
	schemeSimple: {"a", "b", "v", "g", "d", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p", "r", "s", "t", "u", "f", "h", "ts", "ch", "sh", "sch", "", "y", "", "e", "yu", "ya", "e"},
	schemeICAO:   {"a", "b", "v", "g", "d", "e", "zh", "z", "i", "i", "k", "l", "m", "n", "o", "p", "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "ie", "y", "", "e", "iu", "ia", "e"},
	schemeBGN:    {"a", "b", "v", "g", "d", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p", "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya", "e"},
	schemeGerman: {"a", "b", "w", "g", "d", "e", "sch", "s", "i", "j", "k", "l", "m", "n", "o", "p", "r", "s", "t", "u", "f", "ch", "z", "tsch", "sch", "schtsch", "", "y", "", "e", "ju", "ja", "jo"},
	schemeFrench: {"a", "b", "v", "g", "d", "e", "j", "z", "i", "i", "k", "l", "m", "n", "o", "p", "r", "s", "t", "ou", "f", "kh", "ts", "tch", "ch", "chtch", "", "y", "", "e", "iou", "ia", "io"},
	schemePolish: {"a", "b", "w", "g", "d", "e", "ż", "z", "i", "j", "k", "l", "m", "n", "o", "p", "r", "s", "t", "u", "f", "ch", "c", "cz", "sz", "szcz", "", "y", "", "e", "ju", "ja", "io"},
}

func isCyrVowel(r rune) bool {
	return strings.ContainsRune("аеёиоуыэюя", r)
}

// softStart reports whether a following е/ё is pronounced with a leading y: at the start of a
// word, after a vowel and after the hard and soft signs.
func softStart(prev rune) bool {
	return prev == 0 || isCyrVowel(prev) || prev == 'ъ' || prev == 'ь'
}

// translit writes s in Latin letters by scheme sc. Letters other than Russian Cyrillic pass
// through; case follows the source (Петров → Petrov, ПЕТРОВ → PETROV).
func translit(s string, sc scheme) string {
	if sc >= numSchemes {
		sc = schemeSimple
	}
	tab := &translitTables[sc]
	rs := []rune(s)
	// lower holds the lower-cased Cyrillic letters and 0 for anything else.
	lower := make([]rune, len(rs))
	for i, c := range rs {
		if l := unicode.ToLower(c); cyrIndex(l) >= 0 {
			lower[i] = l
		}
	}
	var b strings.Builder
	b.Grow(len(s) + len(s)/2)
	for i := 0; i < len(rs); i++ {
		orig, r := rs[i], lower[i]
		if r == 0 {
			b.WriteRune(orig)
			continue
		}
		ci := cyrIndex(r)
		prev, next, next2 := letterAt(lower, i-1), letterAt(lower, i+1), letterAt(lower, i+2)
		out := tab[ci]
		skip := 0
		switch r {
		case 'е':
			switch {
			case softStart(prev) && (sc == schemeBGN):
				out = "ye"
			case softStart(prev) && (sc == schemeGerman || sc == schemePolish):
				out = "je"
			case !softStart(prev) && sc == schemePolish && !strings.ContainsRune("жшчщц", prev):
				out = "ie"
			}
		case 'ё':
			switch {
			case softStart(prev) && sc == schemeBGN:
				out = "yo"
			case softStart(prev) && sc == schemePolish:
				out = "jo"
			}
		case 'и', 'ы':
			// Word-final -ий/-ый: Vasily, Wassili, Vassili, Groznyy.
			if next == 'й' && next2 == 0 {
				switch sc {
				case schemeSimple:
					out, skip = "y", 1
				case schemeGerman, schemeFrench:
					if r == 'и' {
						out, skip = "i", 1
					}
				}
			}
		case 'я':
			// -ия is written -ia informally and in French: Yulia, Ioulia, Maria.
			if prev == 'и' && (sc == schemeSimple || sc == schemeFrench) {
				out = "a"
			}
		case 'с':
			if (sc == schemeGerman || sc == schemeFrench) && isCyrVowel(prev) && isCyrVowel(next) {
				out = "ss"
			}
		case 'к':
			if sc == schemeSimple && next == 'с' && prev != 0 {
				out, skip = "x", 1
			}
		}
		if unicode.IsUpper(orig) && out != "" {
			if allUpperAround(rs, i) {
				out = strings.ToUpper(out)
			} else {
				out = capitalize(out)
			}
		}
		b.WriteString(out)
		i += skip
	}
	return b.String()
}

// letterAt returns lower[i], or 0 outside the slice.
func letterAt(lower []rune, i int) rune {
	if i < 0 || i >= len(lower) {
		return 0
	}
	return lower[i]
}

// allUpperAround reports whether the word around i is written in capitals (ПЕТРОВ), as opposed
// to a capitalized word (Петров).
func allUpperAround(rs []rune, i int) bool {
	for _, j := range []int{i - 1, i + 1} {
		if j >= 0 && j < len(rs) && unicode.IsLetter(rs[j]) {
			return unicode.IsUpper(rs[j])
		}
	}
	return false
}

// capitalize upper-cases the first letter of s.
func capitalize(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if r == utf8.RuneError || unicode.IsUpper(r) {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}
