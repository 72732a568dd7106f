package normalize

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
// both genders share (-енко, -ич, -ян, -дзе) and foreign surnames give [GenderUnknown]; so does
// -in written in Latin letters, which ends Martin and Austin as often as Nikitin (in Cyrillic,
// Никитин is male). For a compound surname the last word decides.
func SurnameGender(s string) Gender { return surnameEndingGender(s, hasCyrillic(s)) }

// GenderedSurname reports whether key, a [SurnameSkeleton], is of a family name with
// gendered forms, which the skeleton folds to the masculine one: "petrov" (Петров, Петрова),
// "nikitin", "chaikovski". A family name of one form for both genders (Ryan, Шевченко, Ким)
// is not.
func GenderedSurname(key string) bool {
	return surnameEndingGender(key, true) != GenderUnknown
}

// surnameEndingGender is SurnameGender with -in read as male when cyr.
func surnameEndingGender(s string, cyr bool) Gender {
	var symBuf [64]rune
	g := GenderUnknown
	for k := skelInput(s); k != ""; {
		var w string
		w, k = skelNextWord(k)
		g = skelSurnameGender(skelWord(symBuf[:0], w), cyr)
	}
	return g
}

// hasCyrillic reports whether s holds a Cyrillic letter.
func hasCyrillic(s string) bool {
	for _, r := range s {
		if r >= 0x400 && r <= 0x52f {
			return true
		}
	}
	return false
}

// surnameGender is SurnameGender with the words' symbols kept in m (see skelAppendMemo).
func surnameGender(s string, m *skelMemo) Gender {
	var symBuf [64]rune
	g := GenderUnknown
	cyr := hasCyrillic(s)
	for k := m.input(s); k != ""; {
		var w string
		w, k = skelNextWord(k)
		if memo, ok := m.get(w); ok {
			g = skelSurnameGender(memo, cyr)
			continue
		}
		sym := skelWord(symBuf[:0], w)
		m.put(w, sym)
		g = skelSurnameGender(sym, cyr)
	}
	return g
}

// skelSurnameGender reads the gender from the symbols of one surname word; -in is male only
// in a word written in Cyrillic (cyr).
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
