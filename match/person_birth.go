package match

import (
	"errors"
	"math"
	"strings"

	"github.com/idmatch/idmatch/normalize"
	"github.com/idmatch/idmatch/score"
)

// BirthDate is the date of birth. Its Key is "YYYY-MM-DD" with zeros for unknown parts
// (a partial date such as "03.02" is "0000-02-03"); a date that fails validation but holds
// enough digits ("1851-81-01", one digit mistyped) is kept damaged, as its digits, and
// compared by edit distance. A full date identifies well enough to condition training on.
func BirthDate() Field {
	return Field{
		Name:     "birth_date",
		Preparer: PreparerFunc(prepareBirth),
		// Its key only counts how many records share a date (a placeholder such as
		// 01.01.1900 weighs little); the person rules combine it with names and the city
		// for blocking.
		Keyer:         KeyerFunc(fullDateKey),
		CountOnly:     true,
		Comparer:      ComparerFunc(compareDateValues),
		Levels:        dateLevels(0.0001, 0.003, 0.005),
		MaxBits:       dateMaxBits(),
		Identifier:    true,
		TermFrequency: true,
	}
}

// dateMaxBits bounds the partial level of a date field: agreement on a day and month (the
// most a partial date holds that a year alone does not) happens by chance for one random
// pair in about 366, whatever the base. Each field gets its own slice to change.
func dateMaxBits() []float64 { return []float64{0, math.Log2(366)} }

// dateLevels are the levels of a date field, with the u of exact, partial and close.
func dateLevels(uExact, uPartial, uClose float64) []score.Level {
	return []score.Level{
		lv("exact", 0.85, uExact), lv("partial", 0.06, uPartial), lv("close", 0.05, uClose),
		lv("one digit off", 0.01, 10*uExact), lv("else", 0.03, 1-uExact-uPartial-uClose-10*uExact)}
}

func prepareBirth(in *Input) (Value, []Problem) {
	return prepareDate("birth_date", in.Record.BirthDate)
}

// prepareDate parses a date value of the named field.
func prepareDate(field, raw string) (Value, []Problem) {
	raw = trimSpace(raw)
	if raw == "" {
		return Value{}, nil
	}
	d, err := normalize.ParseDate(raw)
	if err == nil {
		return Value{Key: dateKey(d)}, nil
	}
	p := []Problem{NewProblem(field, raw, err)}
	var pe *normalize.ParseError
	if errors.As(err, &pe) && len(pe.Digits) >= 6 && len(pe.Digits) <= 8 {
		ds := pe.Digits
		// Weak: a damaged date agrees when one digit off, but a far one is no evidence
		// against (the damage may be anywhere).
		return Value{Key: DamagedPrefix + ds, Weak: true}, p
	}
	return Value{}, p
}

// dateKey writes d as "YYYY-MM-DD", zeros for unknown parts.
func dateKey(d normalize.Date) string {
	var b [10]byte
	put := func(at, v, width int) {
		for i := width - 1; i >= 0; i-- {
			b[at+i] = byte('0' + v%10)
			v /= 10
		}
	}
	put(0, d.Year, 4)
	b[4] = '-'
	put(5, d.Month, 2)
	b[7] = '-'
	put(8, d.Day, 2)
	return string(b[:])
}

// parseDateKey reads a key written by dateKey; ok is false for a damaged or foreign key.
func parseDateKey(k string) (y, m, d int, ok bool) {
	if len(k) != 10 || k[4] != '-' || k[7] != '-' {
		return 0, 0, 0, false
	}
	// Spelt out: every comparison of two dates reads both keys.
	d2 := func(i int) int { return int(k[i]-'0')*10 + int(k[i+1]-'0') }
	return d2(0)*100 + d2(2), d2(5), d2(8), true
}

// compareDateValues compares two date values: 0 both full and equal; 1 every part both have
// agrees (one side partial); 2 close (day and month swapped, or one part off); 3 a damaged
// value one digit edit from the other; 4 else.
func compareDateValues(a, b *Value) (uint8, string) {
	ay, am, ad, aok := parseDateKey(a.Key)
	by, bm, bd, bok := parseDateKey(b.Key)
	if aok && bok {
		l := dateLevel(ay, am, ad, by, bm, bd)
		if l == 0 && ay != 0 && am != 0 && ad != 0 {
			// A full date is the term its frequency is counted by: a date many records
			// hold (a placeholder, a date shared by chance in a large base) weighs less,
			// and training does not take the records holding it for one person.
			return 0, a.Key
		}
		return l, ""
	}
	// At least one side is damaged: compare digit strings, trying the written orders of a
	// valid date (year first and day first).
	ad1, ad2 := dateDigits(a.Key, ay, am, ad, aok)
	bd1, bd2 := dateDigits(b.Key, by, bm, bd, bok)
	for _, x := range [2]string{ad1, ad2} {
		for _, y := range [2]string{bd1, bd2} {
			if x != "" && y != "" && score.DigitLevel(x, y) <= 1 {
				return 3, ""
			}
		}
	}
	return 4, ""
}

// dateDigits returns a damaged key's digits, or a full valid date's digits in the two
// common written orders (YYYYMMDD and DDMMYYYY).
func dateDigits(key string, y, m, d int, ok bool) (string, string) {
	if !ok {
		return strings.TrimPrefix(key, DamagedPrefix), ""
	}
	if y == 0 || m == 0 || d == 0 {
		return "", ""
	}
	k := key[:4] + key[5:7] + key[8:]
	return k, key[8:] + key[5:7] + key[:4]
}

// dateLevel is the level of two parsed dates (zero parts unknown), as compareDateValues:
// score.CompareDates, with its "else" moved past the one-digit-off level of damaged dates.
func dateLevel(ay, am, ad, by, bm, bd int) uint8 {
	l := score.CompareDates(score.Date{Year: ay, Month: am, Day: ad}, score.Date{Year: by, Month: bm, Day: bd})
	if l == score.DateLevels-1 {
		return 4
	}
	return l
}
