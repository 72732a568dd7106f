package normalize

import "strings"

// translitICAO is ICAO Doc 9303 (the scheme of Russian international passports since 2014, and
// so of bank cards and airline tickets), extended to the Ukrainian and Belarusian letters.
var translitICAO = map[rune]string{
	'а': "a", 'б': "b", 'в': "v", 'г': "g", 'д': "d", 'е': "e", 'ё': "e", 'ж': "zh", 'з': "z",
	'и': "i", 'й': "i", 'к': "k", 'л': "l", 'м': "m", 'н': "n", 'о': "o", 'п': "p", 'р': "r",
	'с': "s", 'т': "t", 'у': "u", 'ф': "f", 'х': "kh", 'ц': "ts", 'ч': "ch", 'ш': "sh",
	'щ': "shch", 'ъ': "ie", 'ы': "y", 'ь': "", 'э': "e", 'ю': "iu", 'я': "ia",
	'і': "i", 'ї': "i", 'є': "ie", 'ґ': "g", 'ў': "u",
}

// Transliterate writes Cyrillic in Latin letters by ICAO Doc 9303, the scheme of Russian
// international passports (Юлия → "iuliia", Щеглова → "shcheglova", Артём → "artem"), in lower
// case. The input is first cleaned like [PersonName] (so "ё" is "е" and hyphens inside names
// stay); Latin passes through cleaned, and letters of other scripts are kept. Cyrillic letters
// outside Russian, Ukrainian and Belarusian use the plain spelling of [Skeleton]'s expansion.
func Transliterate(s string) string {
	k := PersonName.Key(s)
	ascii := true
	for i := 0; i < len(k); i++ {
		if k[i] >= 0x80 {
			ascii = false
			break
		}
	}
	if ascii {
		return k
	}
	var b strings.Builder
	b.Grow(len(k) + len(k)/2)
	for _, r := range k {
		if t, ok := translitICAO[r]; ok {
			b.WriteString(t)
			continue
		}
		if r >= 0x400 && r <= 0x4ff {
			if t, ok := skelCyr[r]; ok {
				b.WriteString(t)
				continue
			}
		}
		b.WriteRune(r)
	}
	return b.String()
}
