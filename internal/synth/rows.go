package synth

import (
	"math/rand/v2"
	"sync"
)

// channels are the contact sources with their shares for Russian and English speakers.
var channels = []struct {
	source string
	ru, en float64
}{
	{SourceVK, 22, 1},
	{SourceTelegram, 12, 8},
	{SourceWhatsApp, 10, 16},
	{SourceCall, 18, 16},
	{SourceEmail, 14, 22},
	{SourceWeb, 14, 20},
	{SourceOK, 6, 0.5},
	{SourceFacebook, 4, 16.5},
}

var channelPickers = sync.OnceValue(func() [2]picker {
	ru := make([]float64, len(channels))
	en := make([]float64, len(channels))
	for i, c := range channels {
		ru[i], en[i] = c.ru, c.en
	}
	return [2]picker{newPicker(ru), newPicker(en)}
})

// phone2 returns the person's other phone number.
func (g *gen) phone2(p *person) phone {
	g.m.secondary(p)
	return p.phone2
}

// email2 returns the person's other e-mail address, or the usual one if they have no other.
func (g *gen) email2(p *person) string {
	g.m.secondary(p)
	if p.email2 == "" {
		return p.email
	}
	return p.email2
}

// miss reports whether an optional field is left empty.
func (g *gen) miss(r *rand.Rand) bool { return r.Float64() < g.cfg.MissingRate }

// typoed returns s with a typing error with probability rate.
func typoed(r *rand.Rand, s string, rate float64) string {
	if s != "" && r.Float64() < rate {
		return typo(r, s)
	}
	return s
}

// scramble adds typing errors to the name fields and, at SwapRate, exchanges given name and
// surname (or rotates the words of a full name).
func (g *gen) scramble(r *rand.Rand, rec *Record, rate float64) {
	rec.FirstName = typoed(r, rec.FirstName, rate)
	rec.LastName = typoed(r, rec.LastName, rate)
	rec.FullName = typoed(r, rec.FullName, rate)
	if r.Float64() >= g.cfg.SwapRate {
		return
	}
	switch {
	case rec.FirstName != "" && rec.LastName != "":
		rec.FirstName, rec.LastName = rec.LastName, rec.FirstName
	case rec.FullName != "":
		rec.FullName = rotateWords(rec.FullName)
	}
}

// rotateWords moves the last word of s to the front: "Василий Петров" → "Петров Василий".
func rotateWords(s string) string {
	for i := len(s) - 1; i > 0; i-- {
		if s[i] == ' ' {
			return s[i+1:] + " " + s[:i]
		}
	}
	return s
}

// names returns the given name (a diminutive with probability dim) and the surname, written in
// Latin letters with probability latin; English speakers' names are Latin already. It reports
// whether the result is Latin.
func (g *gen) names(r *rand.Rand, p *person, dim, latin float64) (first, last string, isLatin bool) {
	first, last = givenForm(r, p, dim), p.surname
	if p.english {
		return first, last, true
	}
	if r.Float64() < latin {
		sc := latinScheme(r, p)
		return translit(first, sc), translit(last, sc), true
	}
	if r.IntN(2) == 0 {
		first, last = yoToE(first), yoToE(last)
	}
	return first, last, false
}

// crmRow writes the CRM's own row of a customer: clean name parts, a patronymic, and the
// contact fields in the CRM's few formats. A duplicate row drifts the way re-entered data does.
func (g *gen) crmRow(r *rand.Rand, p *person, dup bool) Record {
	if dup {
		return g.crmDup(r, p)
	}
	var rec Record
	rec.FirstName, rec.LastName = p.given.name, p.surname
	if !g.miss(r) {
		rec.MiddleName = p.patr
	}
	if r.IntN(2) == 0 {
		rec.FirstName, rec.LastName, rec.MiddleName = yoToE(rec.FirstName), yoToE(rec.LastName), yoToE(rec.MiddleName)
	}
	if !g.miss(r) {
		rec.Phone = formatPhone(p.phone, [...]phoneFormat{pfE164, pfE164, pfE164, pfIntlParen, pfTrunkDigits}[r.IntN(5)])
	}
	if !g.miss(r) {
		rec.Email = p.email
	}
	if !g.miss(r) {
		rec.City = p.city.name
	}
	if !g.miss(r) {
		rec.BirthDate = formatDate(p, [...]dateFormat{dfISO, dfISO, dfDots}[r.IntN(3)])
	}
	return rec
}

func (g *gen) crmDup(r *rand.Rand, p *person) Record {
	var rec Record
	first, last := givenForm(r, p, 0.15), p.surname
	middle := p.patr
	if r.Float64() < 0.3 || g.miss(r) {
		middle = ""
	}
	if r.IntN(2) == 0 {
		first, last, middle = yoToE(first), yoToE(last), yoToE(middle)
	}
	if r.Float64() < 0.12 {
		rec.FullName = joinNonEmpty(last, first, middle)
	} else {
		rec.FirstName, rec.LastName, rec.MiddleName = first, last, middle
	}
	g.scramble(r, &rec, g.cfg.TypoRate)
	ph := p.phone
	if r.Float64() < 0.25 {
		ph = g.phone2(p)
	}
	if !g.miss(r) {
		rec.Phone = formatPhone(ph, anyPhoneFormat(r))
	}
	e := p.email
	if r.Float64() < 0.25 {
		e = g.email2(p)
	}
	if r.IntN(10) == 0 {
		e = titleWords(e)
	}
	if !g.miss(r) {
		rec.Email = e
	}
	if !g.miss(r) {
		rec.City = p.city.name
		if r.Float64() < 0.3 {
			rec.City = cityForm(r, p.city, false, p.scheme)
		}
	}
	if !g.miss(r) {
		rec.BirthDate = formatDate(p, withYear(r, p))
	}
	return rec
}

// marketingRow is how a marketing system holds a customer: name parts, the subscribed e-mail,
// sometimes a city and a birth date for greetings, rarely a phone.
func (g *gen) marketingRow(r *rand.Rand, p *person, dup bool) Record {
	var rec Record
	dim := 0.08
	if dup {
		dim = 0.2
	}
	rec.FirstName, rec.LastName, _ = g.names(r, p, dim, 0.05)
	g.scramble(r, &rec, g.cfg.TypoRate)
	e := p.email
	if r.Float64() < 0.15 {
		e = g.email2(p)
	}
	if r.Float64() < 0.2 {
		e = emailVariant(r, e)
	}
	if r.Float64() < 0.95 && !g.miss(r) {
		rec.Email = e
	}
	if r.Float64() < 0.7 && !g.miss(r) {
		rec.City = cityForm(r, p.city, false, p.scheme)
	}
	if r.Float64() < 0.5 && !g.miss(r) {
		f := withYear(r, p)
		if r.Float64() < 0.3 {
			f = noYear(r, p)
		}
		rec.BirthDate = formatDate(p, f)
	}
	if r.Float64() < 0.3 && !g.miss(r) {
		rec.Phone = formatPhone(p.phone, [...]phoneFormat{pfIntlSpaced, pfE164}[r.IntN(2)])
	}
	return rec
}

// supportRow is how a support desk holds a customer: one surname-first full name field, the
// phone they call from, sometimes an e-mail.
func (g *gen) supportRow(r *rand.Rand, p *person, dup bool) Record {
	var rec Record
	given, last := givenForm(r, p, 0.05), p.surname
	if r.IntN(2) == 0 {
		given, last = yoToE(given), yoToE(last)
	}
	switch u := r.Float64(); {
	case u < 0.75:
		rec.FullName = joinNonEmpty(last, given, p.patr)
	case u < 0.85:
		rec.FullName = joinNonEmpty(last, initial(given)+initial(p.patr))
	default:
		rec.FullName = joinNonEmpty(given, last)
	}
	rate := g.cfg.TypoRate
	if dup {
		rate = min(1, 2*rate)
	}
	g.scramble(r, &rec, rate)
	ph := p.phone
	if r.Float64() < 0.15 {
		ph = g.phone2(p)
	}
	if r.Float64() < 0.95 && !g.miss(r) {
		rec.Phone = formatPhone(ph, anyPhoneFormat(r))
	}
	if r.Float64() < 0.4 && !g.miss(r) {
		rec.Email = p.email
	}
	if r.Float64() < 0.2 && !g.miss(r) {
		rec.City = cityForm(r, p.city, false, p.scheme)
	}
	if r.Float64() < 0.3 && !g.miss(r) {
		rec.BirthDate = formatDate(p, dfISO)
	}
	return rec
}

// contact writes one channel contact of p.
func (g *gen) contact(r *rand.Rand, p *person) Record {
	var rec Record
	rec.Source = channels[channelPickers()[b2i(p.english)].pick(r)].source
	switch rec.Source {
	case SourceVK:
		g.vk(r, p, &rec)
	case SourceOK:
		g.ok(r, p, &rec)
	case SourceFacebook:
		g.facebook(r, p, &rec)
	case SourceTelegram:
		g.telegram(r, p, &rec)
	case SourceWhatsApp:
		g.whatsapp(r, p, &rec)
	case SourceCall:
		g.call(r, p, &rec)
	case SourceEmail:
		g.email(r, p, &rec)
	default:
		g.web(r, p, &rec)
	}
	return rec
}

// vk: name parts, often a diminutive, sometimes in Latin letters or without a surname; a
// city; a birth date often without the year.
func (g *gen) vk(r *rand.Rand, p *person, rec *Record) {
	first, last, latin := g.names(r, p, 0.35, 0.12)
	if r.Float64() < 0.08 || g.miss(r) {
		last = ""
	}
	rec.FirstName, rec.LastName = first, last
	if r.Float64() < 0.8 && !g.miss(r) {
		rec.City = cityForm(r, p.city, latin, p.scheme)
	}
	switch u := r.Float64(); {
	case u < 0.35:
	case u < 0.7:
		rec.BirthDate = formatDate(p, noYear(r, p))
	default:
		rec.BirthDate = formatDate(p, [...]dateFormat{dfDots, dfRuText}[r.IntN(2)])
	}
	if g.miss(r) {
		rec.BirthDate = ""
	}
	if r.Float64() < 0.05 {
		rec.Phone = formatPhone(p.phone, anyPhoneFormat(r))
	}
	g.scramble(r, rec, g.cfg.TypoRate)
}

// ok (Odnoklassniki): full names in Cyrillic, a city, a birth date with the year.
func (g *gen) ok(r *rand.Rand, p *person, rec *Record) {
	first, last, latin := g.names(r, p, 0.1, 0.03)
	rec.FirstName, rec.LastName = first, last
	if r.Float64() < 0.85 && !g.miss(r) {
		rec.City = cityForm(r, p.city, latin, p.scheme)
	}
	if !g.miss(r) {
		f := withYear(r, p)
		if r.Float64() < 0.25 {
			f = noYear(r, p)
		}
		rec.BirthDate = formatDate(p, f)
	}
	g.scramble(r, rec, g.cfg.TypoRate)
}

// facebook: one full-name field, mostly in Latin letters; English dates; sometimes an e-mail.
func (g *gen) facebook(r *rand.Rand, p *person, rec *Record) {
	first, last, latin := g.names(r, p, 0.25, 0.7)
	switch u := r.Float64(); {
	case u < 0.05:
		rec.FullName = first
	case u < 0.15:
		rec.FullName = last + " " + first
	default:
		rec.FullName = first + " " + last
	}
	if r.Float64() < 0.6 && !g.miss(r) {
		rec.City = cityForm(r, p.city, latin, p.scheme)
		if p.city.cc == "7" && r.Float64() < 0.3 {
			if latin {
				rec.City += ", Russia"
			} else {
				rec.City += ", Россия"
			}
		}
	}
	if r.Float64() < 0.5 && !g.miss(r) {
		if latin {
			rec.BirthDate = formatDate(p, [...]dateFormat{dfEnText, dfEnTextDM, dfEnTextNoYear}[r.IntN(3)])
		} else {
			rec.BirthDate = formatDate(p, withYear(r, p))
		}
	}
	if r.Float64() < 0.1 {
		rec.Email = p.email
	}
	g.scramble(r, rec, g.cfg.TypoRate)
}

// telegram: a first name or a short display name, often the phone.
func (g *gen) telegram(r *rand.Rand, p *person, rec *Record) {
	first, last, _ := g.names(r, p, 0.5, 0.3)
	switch u := r.Float64(); {
	case u < 0.45:
		rec.FirstName = first
	case u < 0.8:
		rec.FullName = first + " " + last
	default:
		rec.FullName = first + " " + initial(last)
	}
	if r.Float64() < 0.6 {
		rec.Phone = formatPhone(p.phone, [...]phoneFormat{pfIntlSpaced, pfE164, pfIntlSolidSub}[r.IntN(3)])
	}
	g.scramble(r, rec, g.cfg.TypoRate)
}

// whatsapp: always the phone, usually a nickname-like first name.
func (g *gen) whatsapp(r *rand.Rand, p *person, rec *Record) {
	f := pfIntlSpaced
	switch u := r.Float64(); {
	case u < 0.3:
		f = pfE164
	case u < 0.5:
		f = anyPhoneFormat(r)
	}
	rec.Phone = formatPhone(p.phone, f)
	if r.Float64() < 0.8 {
		first, last, _ := g.names(r, p, 0.6, 0.25)
		if r.IntN(4) == 0 {
			rec.FullName = first + " " + initial(last)
		} else {
			rec.FirstName = first
		}
	}
	g.scramble(r, rec, g.cfg.TypoRate)
}

// call: the caller's number in any format; the operator may note a first name.
func (g *gen) call(r *rand.Rand, p *person, rec *Record) {
	ph := p.phone
	if r.Float64() < 0.1 {
		ph = g.phone2(p)
	}
	rec.Phone = formatPhone(ph, anyPhoneFormat(r))
	if r.Float64() < 0.4 {
		rec.FirstName, _, _ = g.names(r, p, 0.3, 0)
	}
	if r.Float64() < 0.05 {
		rec.City = cityForm(r, p.city, false, p.scheme)
	}
	g.scramble(r, rec, g.cfg.TypoRate)
}

// email: the address as it arrives, often with a display name, sometimes both in one field
// ("Vasily Petrov <vasya.petrov88@mail.ru>").
func (g *gen) email(r *rand.Rand, p *person, rec *Record) {
	addr := p.email
	if r.Float64() < 0.15 {
		addr = g.email2(p)
	}
	addr = emailVariant(r, addr)
	if r.Float64() < 0.6 {
		first, last, _ := g.names(r, p, 0.2, 0.7)
		if r.IntN(10) == 0 {
			rec.FullName = last + " " + first
		} else {
			rec.FullName = first + " " + last
		}
	}
	g.scramble(r, rec, g.cfg.TypoRate)
	if rec.FullName != "" && r.Float64() < 0.05 {
		rec.Email = rec.FullName + " <" + addr + ">"
	} else {
		rec.Email = addr
	}
}

// web: a form filled by hand: name parts or a full name (often surname first with the
// patronymic), a phone, an e-mail, more typos, sometimes all in capitals or lower case.
func (g *gen) web(r *rand.Rand, p *person, rec *Record) {
	first, last, latin := g.names(r, p, 0.05, 0.03)
	middle := p.patr
	if latin && !p.english {
		middle = translit(middle, p.scheme)
	}
	if r.Float64() < 0.6 {
		rec.FirstName, rec.LastName = first, last
		if r.Float64() < 0.5 && !g.miss(r) {
			rec.MiddleName = middle
		}
	} else if !p.english && r.Float64() < 0.5 {
		if r.Float64() < 0.3 || g.miss(r) {
			middle = ""
		}
		rec.FullName = joinNonEmpty(last, first, middle)
	} else {
		rec.FullName = first + " " + last
	}
	if r.Float64() < 0.8 && !g.miss(r) {
		rec.Phone = formatPhone(p.phone, anyPhoneFormat(r))
	}
	if r.Float64() < 0.55 && !g.miss(r) {
		rec.Email = emailVariant(r, p.email)
	}
	if r.Float64() < 0.5 && !g.miss(r) {
		rec.City = cityForm(r, p.city, false, p.scheme)
	}
	if r.Float64() < 0.25 && !g.miss(r) {
		rec.BirthDate = formatDate(p, withYear(r, p))
	}
	g.scramble(r, rec, min(1, 2*g.cfg.TypoRate))
	if u := r.Float64(); u < 0.1 {
		upper := u >= 0.05
		rec.FirstName = caseVariant(rec.FirstName, upper)
		rec.LastName = caseVariant(rec.LastName, upper)
		rec.MiddleName = caseVariant(rec.MiddleName, upper)
		rec.FullName = caseVariant(rec.FullName, upper)
	}
}
