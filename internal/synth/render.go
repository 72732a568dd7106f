package synth

import (
	"math/rand/v2"
	"strconv"
	"strings"
	"unicode"
)

// phoneFormat is one way people and systems write a telephone number.
type phoneFormat uint8

const (
	pfE164            phoneFormat = iota // +79161234567
	pfIntlSpaced                         // +7 916 123-45-67
	pfIntlParen                          // +7 (916) 123-45-67
	pfTrunkParen                         // 8 (916) 123-45-67
	pfTrunkParenSolid                    // 8 (916) 1234567
	pfTrunkDigits                        // 89161234567
	pfCCDigits                           // 79161234567
	pfNationalSpaced                     // 916 123 45 67
	pfNational                           // 9161234567
	pfTrunkDashed                        // 8-916-123-45-67
	pfIntlDashed                         // +7-916-123-45-67
	pfIntlSolidSub                       // +7 916 1234567
	numPhoneFormats
)

// trunkPrefix is what a caller dials before a national number inside the country.
func trunkPrefix(cc string) string {
	switch cc {
	case "7":
		return "8"
	case "1":
		return "1"
	}
	return "0"
}

// groupSubscriber splits a subscriber number the way it is usually printed: 123-45-67,
// 12-34-56, 1-23-45, 1234-5678.
func groupSubscriber(sub, sep string) string {
	switch len(sub) {
	case 7:
		return sub[:3] + sep + sub[3:5] + sep + sub[5:]
	case 6:
		return sub[:2] + sep + sub[2:4] + sep + sub[4:]
	case 5:
		return sub[:1] + sep + sub[1:3] + sep + sub[3:]
	case 8:
		return sub[:4] + sep + sub[4:]
	}
	return sub
}

// formatPhone writes ph in format f.
func formatPhone(ph phone, f phoneFormat) string {
	code, sub := ph.nat[:ph.code], ph.nat[ph.code:]
	switch f {
	case pfE164:
		return "+" + ph.cc + ph.nat
	case pfIntlSpaced:
		return "+" + ph.cc + " " + code + " " + groupSubscriber(sub, "-")
	case pfIntlParen:
		return "+" + ph.cc + " (" + code + ") " + groupSubscriber(sub, "-")
	case pfTrunkParen:
		return trunkPrefix(ph.cc) + " (" + code + ") " + groupSubscriber(sub, "-")
	case pfTrunkParenSolid:
		return trunkPrefix(ph.cc) + " (" + code + ") " + sub
	case pfTrunkDigits:
		return trunkPrefix(ph.cc) + ph.nat
	case pfCCDigits:
		return ph.cc + ph.nat
	case pfNationalSpaced:
		return code + " " + groupSubscriber(sub, " ")
	case pfNational:
		return ph.nat
	case pfTrunkDashed:
		return trunkPrefix(ph.cc) + "-" + code + "-" + groupSubscriber(sub, "-")
	case pfIntlDashed:
		return "+" + ph.cc + "-" + code + "-" + groupSubscriber(sub, "-")
	}
	return "+" + ph.cc + " " + code + " " + sub
}

// anyPhoneFormat picks a format uniformly.
func anyPhoneFormat(r *rand.Rand) phoneFormat {
	return phoneFormat(r.IntN(int(numPhoneFormats)))
}

// dateFormat is one way a birth date is written.
type dateFormat uint8

const (
	dfISO          dateFormat = iota // 1988-03-02
	dfDots                           // 02.03.1988
	dfDotsShort                      // 2.3.1988
	dfRuText                         // 2 марта 1988
	dfEnText                         // March 2, 1988
	dfEnTextDM                       // 2 March 1988
	dfDotsNoYear                     // 02.03
	dfRuTextNoYear                   // 2 марта
	dfEnTextNoYear                   // March 2
)

// appendPad2 appends n as at least two digits.
func appendPad2(b []byte, n int) []byte {
	if n < 10 {
		b = append(b, '0')
	}
	return strconv.AppendInt(b, int64(n), 10)
}

// formatDate writes the person's birth date in format f.
func formatDate(p *person, f dateFormat) string {
	var arr [32]byte
	b := arr[:0]
	y, m, d := int64(p.year), p.month, int64(p.day)
	switch f {
	case dfDots:
		b = strconv.AppendInt(append(appendPad2(append(appendPad2(b, p.day), '.'), m), '.'), y, 10)
	case dfDotsShort:
		b = strconv.AppendInt(append(strconv.AppendInt(append(strconv.AppendInt(b, d, 10), '.'), int64(m), 10), '.'), y, 10)
	case dfRuText:
		b = strconv.AppendInt(append(append(append(strconv.AppendInt(b, d, 10), ' '), ruMonthsGen[m-1]...), ' '), y, 10)
	case dfEnText:
		b = strconv.AppendInt(append(strconv.AppendInt(append(append(b, enMonths[m-1]...), ' '), d, 10), ", "...), y, 10)
	case dfEnTextDM:
		b = strconv.AppendInt(append(append(append(strconv.AppendInt(b, d, 10), ' '), enMonths[m-1]...), ' '), y, 10)
	case dfDotsNoYear:
		b = appendPad2(append(appendPad2(b, p.day), '.'), m)
	case dfRuTextNoYear:
		b = append(append(strconv.AppendInt(b, d, 10), ' '), ruMonthsGen[m-1]...)
	case dfEnTextNoYear:
		b = strconv.AppendInt(append(append(b, enMonths[m-1]...), ' '), d, 10)
	default:
		b = appendPad2(append(appendPad2(append(strconv.AppendInt(b, y, 10), '-'), m), '-'), p.day)
	}
	return string(b)
}

// withYear picks a full-date format suited to the person's language.
func withYear(r *rand.Rand, p *person) dateFormat {
	if p.english {
		return [...]dateFormat{dfISO, dfEnText, dfEnTextDM, dfDots}[r.IntN(4)]
	}
	return [...]dateFormat{dfISO, dfDots, dfDots, dfDotsShort, dfRuText}[r.IntN(5)]
}

// noYear picks a day-and-month format suited to the person's language.
func noYear(r *rand.Rand, p *person) dateFormat {
	if p.english {
		return dfEnTextNoYear
	}
	return [...]dateFormat{dfDotsNoYear, dfRuTextNoYear}[r.IntN(2)]
}

// cityForm writes the person's city as a channel might show it. latin asks for a Latin-script
// form, as in accounts whose owner writes in Latin letters.
func cityForm(r *rand.Rand, c *city, latin bool, sc scheme) string {
	u := r.Float64()
	if latin {
		switch {
		case u < 0.6:
			return c.en
		case u < 0.8:
			return latinOf(c.name, c.cc != "7", sc)
		}
		if v := asciiVariant(r, c); v != "" {
			return v
		}
		return c.en
	}
	switch {
	case u < 0.55:
		return c.name
	case u < 0.8 && len(c.variants) > 0:
		return c.variants[r.IntN(len(c.variants))]
	case u < 0.9 && c.cc == "7":
		return "г. " + c.name
	case u < 0.95:
		return strings.ToLower(c.name)
	}
	return c.en
}

// asciiVariant returns a random Latin-script variant of the city's name, or "".
func asciiVariant(r *rand.Rand, c *city) string {
	start := r.IntN(len(c.variants) + 1)
	for k := range c.variants {
		v := c.variants[(start+k)%len(c.variants)]
		if isASCII(v) {
			return v
		}
	}
	return ""
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// givenForm returns the given name or, with probability dim, one of its diminutives
// (the first, most common one twice as often as the rest).
func givenForm(r *rand.Rand, p *person, dim float64) string {
	d := p.given.dims
	if len(d) == 0 || r.Float64() >= dim {
		return p.given.name
	}
	if len(d) == 1 || r.IntN(2) == 0 {
		return d[0]
	}
	return d[r.IntN(len(d))]
}

// latinScheme is the scheme for one record: mostly the person's habit, sometimes another
// (a different site suggested it, a passport was copied).
func latinScheme(r *rand.Rand, p *person) scheme {
	if r.IntN(10) < 7 {
		return p.scheme
	}
	return scheme(loadTables().scheme.pick(r))
}

// emailVariant writes addr as it may arrive: Gmail with dots moved, +tags and googlemail.com,
// Yandex under another of its domains or with hyphens for dots, and capitals anywhere.
func emailVariant(r *rand.Rand, addr string) string {
	at := strings.LastIndexByte(addr, '@')
	if at <= 0 {
		return addr
	}
	local, domain := addr[:at], addr[at+1:]
	switch domain {
	case "gmail.com":
		u := r.Float64()
		switch {
		case u < 0.25:
			local = moveDots(r, local)
		case u < 0.45:
			local += "+" + gmailTags[r.IntN(len(gmailTags))]
		case u < 0.55:
			domain = "googlemail.com"
		}
	case "yandex.ru", "ya.ru":
		u := r.Float64()
		switch {
		case u < 0.35:
			domain = yandexAliases[r.IntN(len(yandexAliases))]
			if domain == "ya.ru" && addr[at+1:] == "ya.ru" {
				domain = "yandex.ru"
			}
		case u < 0.5:
			local = strings.ReplaceAll(local, ".", "-")
		}
	}
	if r.IntN(10) == 0 {
		local, domain = titleWords(local), titleWords(domain)
	}
	return local + "@" + domain
}

// moveDots removes the dots of a Gmail login or, if there are none, inserts one; Gmail
// ignores dots, so both reach the same mailbox.
func moveDots(r *rand.Rand, local string) string {
	if strings.Contains(local, ".") {
		return strings.ReplaceAll(local, ".", "")
	}
	if len(local) < 2 {
		return local
	}
	i := 1 + r.IntN(len(local)-1)
	return local[:i] + "." + local[i:]
}

// titleWords capitalizes each dot-, hyphen- or underscore-separated part: Vasya.Petrov, Mail.Ru.
func titleWords(s string) string {
	b := []byte(s)
	up := true
	for i, c := range b {
		if up && c >= 'a' && c <= 'z' {
			b[i] = c - 'a' + 'A'
		}
		up = c == '.' || c == '-' || c == '_'
	}
	return string(b)
}

// caseVariant writes s in lower or upper case, as some people fill forms.
func caseVariant(s string, upper bool) string {
	if upper {
		return strings.ToUpper(s)
	}
	return strings.ToLower(s)
}

// initial returns the first letter of s followed by a dot: Петров → П.
func initial(s string) string {
	for _, c := range s {
		if unicode.IsLetter(c) {
			return string(c) + "."
		}
	}
	return ""
}

// joinNonEmpty joins the non-empty parts with single spaces.
func joinNonEmpty(parts ...string) string {
	n := 0
	for _, p := range parts {
		if p != "" {
			parts[n] = p
			n++
		}
	}
	return strings.Join(parts[:n], " ")
}
