package normalize

import (
	"errors"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Date is a calendar date of which any part may be unknown, as social
// networks and forms show birthdays: "3 февраля" without a year, "1980"
// alone. A zero field is an unknown part.
//
// A Date is a plain comparable value, safe for concurrent use. ParseDate
// never returns a day without a month.
type Date struct {
	Year  int // 1000 to next year, or 0
	Month int // 1 to 12, or 0
	Day   int // 1 to the month's length, or 0
}

// IsZero reports whether no part of d is known.
func (d Date) IsZero() bool { return d == Date{} }

// String formats d in ISO 8601 style: "1980-02-03", "1980-02", "1980";
// with the year unknown "--02-03" or "--02"; "" for the zero Date. A day
// without a month prints as "---03" (ISO 8601 day of month); a year with a
// day but no month prints the year alone. ParseDate reads every form
// String prints except the last two, which it never produces.
func (d Date) String() string {
	var b [10]byte
	out := b[:0]
	switch {
	case d.IsZero():
		return ""
	case d.Year != 0:
		out = dateAppend(out, d.Year, 4)
		if d.Month == 0 {
			return string(out)
		}
		out = append(out, '-')
	case d.Month == 0:
		return "---" + string(dateAppend(out, d.Day, 2))
	default:
		out = append(out, '-', '-')
	}
	out = dateAppend(out, d.Month, 2)
	if d.Day != 0 {
		out = append(out, '-')
		out = dateAppend(out, d.Day, 2)
	}
	return string(out)
}

// dateAppend appends v, zero-padded to width digits.
func dateAppend(b []byte, v, width int) []byte {
	if v < 0 {
		b = append(b, '-')
		v = -v
	}
	var tmp [20]byte
	s := strconv.AppendInt(tmp[:0], int64(v), 10)
	for i := len(s); i < width; i++ {
		b = append(b, '0')
	}
	return append(b, s...)
}

// ErrInvalidDate is the sentinel that every error from ParseDate wraps.
var ErrInvalidDate = errors.New("normalize: invalid date")

const (
	// dateMaxInput is far more than any written date with a time of day.
	dateMaxInput = 64
	// dateMinYear rejects three-digit years, which in customer data are
	// typing slips, not history.
	dateMinYear = 1000
	dateMaxTok  = 4
)

// ParseDate parses a full or partial calendar date as forms, CRMs and
// social networks write it:
//
//	"03.02.1980", "3.2.1980", "03/02/1980", "03-02-1980"  day first
//	"1980-02-03", "1980.02.03", "19800203"                year first
//	"03.02.80"                                            two-digit year
//	"3 февраля 1980 г.", "3 февр. 1980", "3-го февраля"   Russian month names
//	"Feb 3, 1980", "3 February 1980", "3rd of Feb 1980"   English month names
//	"03.02", "3 февраля", "--02-03"                       no year
//	"02.1980", "1980-02", "февраль 1980"                  no day
//	"1980"                                                year only
//
// Numeric dates are read day first, the Russian and Australian (and
// European) order, whatever the separator: "03/02/1980" is 3 February.
// A date that only makes sense month first ("02/13/1980") is rejected, not
// guessed. Eight digits are read as YYYYMMDD (the Febrl convention) and,
// when that is no date, as DDMMYYYY. A time of day after the date
// ("1980-02-03T00:00:00Z", "03.02.1980 12:30") is ignored.
//
// A two-digit year is the latest year ending in those digits that is not
// after the current year: in 2026 "26" is 2026 and "27" is 1927, right for
// birthdays and other past events.
//
// Impossible dates are errors: 31.02, month 13, day 0, a year before 1000
// or after next year, and 29 February outside leap years (allowed when the
// year is unknown). Errors are *ParseError values wrapping ErrInvalidDate;
// their Digits field keeps the digits of the input ("1851-81-01" gives
// "18518101"), evidence even when the date is impossible.
//
// ParseDate reads the clock for the year limits; ParseDateAsOf takes the
// current time as an argument. Both never panic and are safe for
// concurrent use.
func ParseDate(s string) (Date, error) {
	return ParseDateAsOf(s, time.Now())
}

// ParseDateAsOf is ParseDate with now as the current time, which sets the
// two-digit-year pivot and the latest year accepted (now's year plus one).
func ParseDateAsOf(s string, now time.Time) (Date, error) {
	if len(s) > dateMaxInput {
		return Date{}, dateErr(s, "input too long")
	}
	t := strings.TrimSpace(s)
	if t == "" {
		return Date{}, dateErr(s, "empty")
	}
	thisYear := now.Year()
	if strings.HasPrefix(t, "--") {
		return dateISONoYear(s, t[2:])
	}
	if i := strings.IndexByte(t, ':'); i >= 0 {
		// Drop a time of day: cut at the last space or "T" before its
		// first colon.
		j := strings.LastIndexAny(t[:i], " Tt")
		if j <= 0 {
			return Date{}, dateErr(s, "unexpected ':'")
		}
		t = strings.TrimSpace(t[:j])
	}
	var toks [dateMaxTok]dateToken
	n, reason := dateTokenize(t, &toks)
	if reason != "" {
		return Date{}, dateErr(s, reason)
	}
	d, reason := dateFromTokens(toks[:n], thisYear)
	if reason == "" {
		reason = dateCheck(d, thisYear)
	}
	if reason != "" {
		return Date{}, dateErr(s, reason)
	}
	return d, nil
}

// dateToken is a run of digits (month == 0) or a month name (month > 0).
type dateToken struct {
	value  int // the number, for digits
	digits int // how many digits
	month  int // 1-12 for a month name
}

// dateTokenize splits t into numbers and month names, skipping
// separators and filler words. It returns the token count, or why t is no
// date.
func dateTokenize(t string, toks *[dateMaxTok]dateToken) (int, string) {
	n := 0
	push := func(tok dateToken) bool {
		if n == len(toks) {
			return false
		}
		toks[n] = tok
		n++
		return true
	}
	for i := 0; i < len(t); {
		c := t[i]
		switch {
		case '0' <= c && c <= '9':
			j := i
			v := 0
			for j < len(t) && '0' <= t[j] && t[j] <= '9' {
				if j-i < 9 {
					v = v*10 + int(t[j]-'0')
				}
				j++
			}
			if j-i > 8 {
				return 0, "number too long"
			}
			if !push(dateToken{value: v, digits: j - i}) {
				return 0, "too many parts"
			}
			i = j
		case c == ' ' || c == '\t' || c == '.' || c == ',' || c == '/' || c == '-':
			i++
		default:
			var word [24]byte
			start := i
			w, j, ok := dateWord(t, i, &word)
			if !ok {
				r, _ := utf8.DecodeRuneInString(t[i:])
				if unicode.IsSpace(r) {
					i = j
					continue
				}
				return 0, "unexpected " + strconv.QuoteRune(r)
			}
			i = j
			m, known := dateWords[string(word[:w])]
			switch {
			case !known:
				return 0, "unknown word " + strconv.Quote(t[start:j])
			case m == 0: // filler: "г.", "года", "rd", "of"
			case !push(dateToken{month: m}):
				return 0, "too many parts"
			}
		}
	}
	return n, ""
}

// dateWord reads the run of letters of t starting at i into word,
// lower-cased, and returns its length in word, the index after it, and
// whether t[i] starts a letter at all. A word longer than word is cut; it
// then matches nothing in dateWords.
func dateWord(t string, i int, word *[24]byte) (int, int, bool) {
	w := 0
	j := i
	for j < len(t) {
		r, size := utf8.DecodeRuneInString(t[j:])
		switch {
		case 'a' <= r && r <= 'z':
		case 'A' <= r && r <= 'Z':
			r += 'a' - 'A'
		case 'а' <= r && r <= 'я', r == 'ё':
		case 'А' <= r && r <= 'Я':
			r += 'а' - 'А'
		case r == 'Ё':
			r = 'ё'
		default:
			if j == i {
				return 0, i + size, false
			}
			return w, j, true
		}
		if w+utf8.RuneLen(r) <= len(word) {
			w += utf8.EncodeRune(word[w:], r)
		} else {
			w = len(word) // too long for any month name: match nothing
		}
		j += size
	}
	return w, j, true
}

// dateWords maps month names, their Russian case forms and common
// abbreviations to month numbers, and filler words to 0.
var dateWords = func() map[string]int {
	m := map[string]int{}
	for i, names := range [12][]string{
		{"январь", "января", "янв", "january", "jan"},
		{"февраль", "февраля", "фев", "февр", "february", "feb"},
		{"март", "марта", "мар", "march", "mar"},
		{"апрель", "апреля", "апр", "april", "apr"},
		{"май", "мая", "may"},
		{"июнь", "июня", "июн", "june", "jun"},
		{"июль", "июля", "июл", "july", "jul"},
		{"август", "августа", "авг", "august", "aug"},
		{"сентябрь", "сентября", "сен", "сент", "september", "sep", "sept"},
		{"октябрь", "октября", "окт", "october", "oct"},
		{"ноябрь", "ноября", "ноя", "нояб", "november", "nov"},
		{"декабрь", "декабря", "дек", "december", "dec"},
	} {
		for _, n := range names {
			m[n] = i + 1
		}
	}
	for _, f := range []string{"г", "гг", "год", "года", "го", "st", "nd", "rd", "th", "of", "the"} {
		m[f] = 0
	}
	return m
}()

// dateFromTokens assembles a Date from the token pattern; it checks
// shapes, dateCheck checks ranges.
func dateFromTokens(toks []dateToken, thisYear int) (Date, string) {
	num := func(k int) bool { return toks[k].month == 0 }
	switch len(toks) {
	case 1:
		tok := toks[0]
		switch {
		case tok.month != 0:
			return Date{Month: tok.month}, ""
		case tok.digits == 4:
			return Date{Year: dateZ(tok.value)}, ""
		case tok.digits == 8:
			v := tok.value
			d := Date{Year: dateZ(v / 10000), Month: dateZ(v / 100 % 100), Day: dateZ(v % 100)}
			if dateCheck(d, thisYear) == "" {
				return d, ""
			}
			if alt := (Date{Year: dateZ(v % 10000), Month: dateZ(v / 10000 % 100), Day: dateZ(v / 1000000)}); dateCheck(alt, thisYear) == "" {
				return alt, ""
			}
			return d, ""
		default:
			return Date{}, "a lone number of " + strconv.Itoa(tok.digits) + " digits"
		}
	case 2:
		a, b := toks[0], toks[1]
		switch {
		case num(0) && num(1):
			switch {
			case a.digits == 4 && b.digits <= 2:
				return Date{Year: dateZ(a.value), Month: dateZ(b.value)}, ""
			case a.digits <= 2 && b.digits == 4:
				return Date{Year: dateZ(b.value), Month: dateZ(a.value)}, ""
			case a.digits <= 2 && b.digits <= 2:
				return Date{Month: dateZ(b.value), Day: dateZ(a.value)}, ""
			}
		case num(0): // "3 февраля", "1980 февраль"
			switch {
			case a.digits <= 2:
				return Date{Month: b.month, Day: dateZ(a.value)}, ""
			case a.digits == 4:
				return Date{Year: dateZ(a.value), Month: b.month}, ""
			}
		case num(1): // "Feb 3", "февраль 1980"
			switch {
			case b.digits <= 2:
				return Date{Month: a.month, Day: dateZ(b.value)}, ""
			case b.digits == 4:
				return Date{Year: dateZ(b.value), Month: a.month}, ""
			}
		}
	case 3:
		a, b, c := toks[0], toks[1], toks[2]
		switch {
		case num(0) && num(1) && num(2):
			if a.digits == 4 && b.digits <= 2 && c.digits <= 2 {
				return Date{Year: dateZ(a.value), Month: dateZ(b.value), Day: dateZ(c.value)}, ""
			}
			if a.digits <= 2 && b.digits <= 2 {
				y, reason := dateYear(c, thisYear)
				return Date{Year: y, Month: dateZ(b.value), Day: dateZ(a.value)}, reason
			}
		case num(0) && !num(1) && num(2): // "3 февраля 1980", "1980 Feb 3"
			if a.digits == 4 && c.digits <= 2 {
				return Date{Year: dateZ(a.value), Month: b.month, Day: dateZ(c.value)}, ""
			}
			if a.digits <= 2 {
				y, reason := dateYear(c, thisYear)
				return Date{Year: y, Month: b.month, Day: dateZ(a.value)}, reason
			}
		case !num(0) && num(1) && num(2): // "Feb 3, 1980"
			if b.digits <= 2 {
				y, reason := dateYear(c, thisYear)
				return Date{Year: y, Month: a.month, Day: dateZ(b.value)}, reason
			}
		}
	case 0:
		return Date{}, "no date"
	}
	return Date{}, "unrecognised layout"
}

// dateZ marks a part written as zero ("00.02.1980") with -1, so that
// dateCheck rejects it instead of taking it for an unknown part.
func dateZ(v int) int {
	if v == 0 {
		return -1
	}
	return v
}

// dateShow prints a part for an error message, undoing dateZ.
func dateShow(v int) string {
	if v < 0 {
		return "0"
	}
	return strconv.Itoa(v)
}

// dateYear reads a four- or two-digit year.
func dateYear(tok dateToken, thisYear int) (int, string) {
	switch tok.digits {
	case 4:
		return dateZ(tok.value), ""
	case 2:
		y := thisYear/100*100 + tok.value
		if y > thisYear {
			y -= 100
		}
		return y, ""
	}
	return 0, "year of " + strconv.Itoa(tok.digits) + " digits"
}

// dateCheck returns why d is impossible, or "".
func dateCheck(d Date, thisYear int) string {
	if d.Year != 0 && (d.Year < dateMinYear || d.Year > thisYear+1) {
		return "year " + dateShow(d.Year) + " out of range"
	}
	if d.Month < 0 || d.Month > 12 || d.Month == 0 && d.Day != 0 {
		return "month " + dateShow(d.Month) + " out of range"
	}
	if d.Month != 0 && (d.Day < 0 || d.Day > dateDaysIn(d.Month, d.Year)) {
		return "day " + dateShow(d.Day) + " out of range for month " + strconv.Itoa(d.Month)
	}
	return ""
}

// dateCheckMonthDay is dateCheck for dates that must have a day.
func dateCheckMonthDay(d Date) string {
	if d.Month < 1 || d.Month > 12 {
		return "month " + strconv.Itoa(d.Month) + " out of range"
	}
	if d.Day < 1 || d.Day > dateDaysIn(d.Month, d.Year) {
		return "day " + strconv.Itoa(d.Day) + " out of range for month " + strconv.Itoa(d.Month)
	}
	return ""
}

// dateDaysIn returns the length of month; February has 29 days when the
// year is unknown.
func dateDaysIn(month, year int) int {
	switch month {
	case 2:
		if year == 0 || year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// dateISONoYear reads the ISO 8601 forms without a year that String
// prints: "MM-DD" or "MM" after the leading "--".
func dateISONoYear(s, rest string) (Date, error) {
	two := func(x string) (int, bool) {
		if len(x) != 2 || x[0] < '0' || x[0] > '9' || x[1] < '0' || x[1] > '9' {
			return 0, false
		}
		return int(x[0]-'0')*10 + int(x[1]-'0'), true
	}
	var d Date
	var ok bool
	switch len(rest) {
	case 2:
		d.Month, ok = two(rest)
		if ok && (d.Month < 1 || d.Month > 12) {
			return Date{}, dateErr(s, "month "+strconv.Itoa(d.Month)+" out of range")
		}
	case 5:
		if rest[2] != '-' {
			break
		}
		if d.Month, ok = two(rest[:2]); ok {
			d.Day, ok = two(rest[3:])
		}
		if ok {
			if reason := dateCheckMonthDay(d); reason != "" {
				return Date{}, dateErr(s, reason)
			}
		}
	}
	if !ok {
		return Date{}, dateErr(s, "unrecognised layout")
	}
	return d, nil
}

func dateErr(s, reason string) *ParseError {
	return parseErr("date", ErrInvalidDate, s, reason, s)
}
