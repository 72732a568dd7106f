// Code generated from normalize/phonetic.go at commit f98b6b7; DO NOT EDIT.
//
// It is the reference the differential tests in equiv_test.go compare the package with: the
// normalizers as they were before they were made faster. Only this header and the package
// clause differ from the original.

package normalize_test

// Phonetic key.
//
// The algorithm is a Soundex-like consonant key computed on the surname skeleton rather than
// on raw letters, chosen because:
//
//   - working on [SurnameSkeleton] symbols means every transliteration scheme, both scripts
//     and both genders of a surname are already one spelling (Петрова, Petrov, Petroff);
//   - vowels are dropped after the first letter: Russian unstressed vowels are written
//     unreliably (Малахов/Молахов), and the schemes disagree most on vowels (ы/и/y, я/ia/ja);
//   - voiced and voiceless pairs share a code (б/п, в/ф, г/к/х, д/т, з/с/ц, ж/ш/щ/ч), since
//     final devoicing and assimilation make them sound alike and German spellings swap them;
//     м and н share a code as in Soundex; equal codes collapse even across vowels;
//   - at most six codes are kept, so the key is short, stable and good for blocking, and a
//     typo after the sixth consonant does not matter.
//
// A one-letter typo in a vowel, a voicing pair, a doubled letter or late in a long name keeps
// the key; the skeleton, which keeps vowels, changes in all those cases.

// phonMax is the number of codes a phonetic key keeps per word.
const phonMax = 6

// phonCode returns the code of a skeleton symbol and whether the symbol has one.
func phonCode(r rune) (string, bool) {
	switch r {
	case 'b', 'p':
		return "p", true
	case 'v', 'f':
		return "f", true
	case 'g', 'k', 'h':
		return "k", true
	case 'd', 't':
		return "d", true
	case 'z', 's':
		return "s", true
	case skZh, skCh, skSh:
		return "sh", true
	case 'l':
		return "l", true
	case 'r':
		return "r", true
	case 'm', 'n':
		return "n", true
	case 'a', 'e', 'i', 'o', 'u':
		return "", false
	}
	return "", false
}

// phonAppend appends the phonetic key of one surname word's symbols to dst.
func phonAppend(dst []byte, s []rune) []byte {
	codes := 0
	last := ""
	for i, r := range s {
		if codes == phonMax {
			break
		}
		if skelVowel(r) {
			if i == 0 {
				dst = append(dst, 'a')
				codes++
			}
			// Unlike Soundex, a vowel does not separate equal codes: the key has no vowels to
			// keep them apart, and Phonetic(Phonetic(s)) must equal Phonetic(s).
			continue
		}
		c, ok := phonCode(r)
		if !ok {
			// Letters of other scripts are kept as they are.
			dst = append(dst, string(r)...)
			codes++
			last = ""
			continue
		}
		if c == last {
			continue
		}
		dst = append(dst, c...)
		codes++
		last = c
	}
	return dst
}

// Phonetic returns a short phonetic blocking key for a surname in either script: Петров,
// Петрова, Petrov, Petroff, Pjetrow → "pdrf"; Щербаков, Shcherbakov, Scherbakov, Sherbakov →
// "shrpkf". It tolerates transliteration variants and one-letter typos in vowels, voicing and
// doubled letters better than [SurnameSkeleton], at the price of more collisions: use it for
// blocking, not as evidence. Each word of a compound surname gives one key; the keys are joined
// by single spaces. A word starting with a vowel keeps a leading "a". Phonetic is idempotent.
func Phonetic(s string) string {
	var symBuf, tmpBuf [64]rune
	var out [32]byte
	dst := out[:0]
	sym, tmp := symBuf[:0], tmpBuf[:0]
	for k := skelInput(s); k != ""; {
		var w string
		w, k = skelNextWord(k)
		sym, tmp = skelWord(sym[:0], tmp, w)
		sym = skelRewrite(skelFoldSurname(sym))
		if len(sym) == 0 {
			continue
		}
		if len(dst) > 0 {
			dst = append(dst, ' ')
		}
		dst = phonAppend(dst, sym)
	}
	return string(dst)
}
