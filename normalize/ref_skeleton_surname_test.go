// Code generated from normalize/skeleton_surname.go at commit f98b6b7; DO NOT EDIT.
//
// It is the reference the differential tests in equiv_test.go compare the package with: the
// normalizers as they were before they were made faster. Only this header and the package
// clause differ from the original.

package normalize_test

// skelHasSuffix reports whether the symbols s end with the ASCII symbols suf.
func skelHasSuffix(s []rune, suf string) bool {
	if len(s) < len(suf) {
		return false
	}
	return skelHasPrefix(s[len(s)-len(suf):], suf)
}

// skelFoldSurname rewrites the gendered ending of one surname word to its masculine form:
// -ова/-ева/-ина → -ов/-ев/-ин, -ая/-ой → -ий (the adjectival surnames Чайковская, Толстая,
// Трубецкой), Polish -ska → -ski. Short words keep their ending: a stem must have at least
// two or three symbols, so Цой and Ова stay as they are.
func skelFoldSurname(s []rune) []rune {
	n := len(s)
	switch {
	case n >= 6 && skelHasSuffix(s, "aia"):
		return append(s[:n-3], 'i')
	case n >= 5 && (skelHasSuffix(s, "ska") || skelHasSuffix(s, "zka")):
		s[n-1] = 'i'
		return s
	case n >= 5 && skelHasSuffix(s, "oi") && skelConsonant(s[n-3]):
		return append(s[:n-2], 'i')
	case n >= 5 && (skelHasSuffix(s, "ova") || skelHasSuffix(s, "eva") || skelHasSuffix(s, "ina")):
		return s[:n-1]
	}
	return s
}

// SurnameSkeleton returns the [Skeleton] of a surname with gendered endings folded, so that
// the forms of one family name share a key: Петров, Петрова, Petrova → "petrov"; Чайковский,
// Чайковская, Tchaikovskaya, Chaikovsky → "chaikovski"; Толстой, Толстая → "tolsti". Each word
// of a compound surname is folded. SurnameSkeleton is idempotent.
func SurnameSkeleton(s string) string {
	var buf [64]byte
	return string(skelAppend(buf[:0], s, true))
}

// SurnameGender returns the gender a surname's ending implies: Петрова, Ivanova, Чайковская,
// Tolstaya, Kowalska are [Female]; Петров, Ivanov, Чайковский, Tolstoy are [Male]. Endings that
// both genders share (-енко, -ич, -ян, -дзе) and foreign surnames give [GenderUnknown]. For a
// compound surname the last word decides.
func SurnameGender(s string) Gender {
	var symBuf, tmpBuf [64]rune
	sym, tmp := symBuf[:0], tmpBuf[:0]
	g := GenderUnknown
	cyr := false
	for _, r := range s {
		cyr = cyr || r >= 0x400 && r <= 0x52f
	}
	for k := skelInput(s); k != ""; {
		var w string
		w, k = skelNextWord(k)
		sym, tmp = skelWord(sym[:0], tmp, w)
		g = skelSurnameGender(sym, cyr)
	}
	return g
}

// skelSurnameGender reads the gender from the symbols of one surname word.
func skelSurnameGender(s []rune, cyr bool) Gender {
	n := len(s)
	switch {
	case n >= 6 && skelHasSuffix(s, "aia"),
		n >= 5 && (skelHasSuffix(s, "ova") || skelHasSuffix(s, "eva") || skelHasSuffix(s, "ina")),
		n >= 5 && (skelHasSuffix(s, "ska") || skelHasSuffix(s, "zka")):
		return Female
	case n >= 4 && (skelHasSuffix(s, "ov") || skelHasSuffix(s, "ev")),
		cyr && n >= 4 && skelHasSuffix(s, "in"),
		n >= 5 && (skelHasSuffix(s, "ski") || skelHasSuffix(s, "zki")),
		n >= 5 && skelHasSuffix(s, "oi") && skelConsonant(s[n-3]):
		return Male
	}
	return GenderUnknown
}
