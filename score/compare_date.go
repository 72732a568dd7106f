package score

import "math"

// Date comparison constants.
const (
	// DateSwapScore is what DateDistance gives, at least, to two dates that differ only by
	// a swapped day and month (1985-03-02 against 1985-02-03): the swap is a common typing
	// and locale error, so it is neither agreement nor disagreement.
	DateSwapScore = 0.5
	// DateNoCommonPart is what DateDistance gives to two parsable dates that share no part,
	// such as a year only against a day and month only: nothing agrees or disagrees.
	DateNoCommonPart = 0.5

	daysPerYear  = 365.2425
	daysPerMonth = daysPerYear / 12
)

// DateDistance compares dates by their distance in days: 1 - days/MaxDays, clipped to [0,1].
//
// It reads ISO 8601 complete and partial dates: "YYYY-MM-DD", "YYYY-MM", "YYYY" and "--MM-DD"
// (day and month, year unknown). A date with a day that its month does not have (2023-02-30)
// does not parse; --02-29 does. Partial dates compare on the parts both sides have:
//   - year, month and day: the exact number of days between the dates;
//   - year and month: the months between them, at 30.44 days a month;
//   - year only: the years between them, at 365.2425 days a year;
//   - month and day only (one side has no year): the days between them on the calendar of a
//     leap year, around the year's end, so --12-31 and --01-01 are 1 day apart;
//   - month only: the months between them, around the year's end;
//   - no part in common (1985 against --03-02): DateNoCommonPart.
//
// So 1985 and 1985-03-02 agree (1), as do --03-02 and 1985-03-02. Dates whose day and month
// are swapped, with equal years where both have one, score at least DateSwapScore.
//
// A pair where either side does not parse compares like Exact on the raw strings. The zero
// value, and any MaxDays ≤ 0, demands equality on the common parts: it gives 1 for agreement,
// DateSwapScore for a swap and 0 otherwise.
//
// DateDistance is a plain value, safe for concurrent use; it keeps nothing it is passed.
type DateDistance struct {
	// MaxDays is the distance in days at which the similarity reaches 0.
	MaxDays int
}

// Compare returns the similarity of the dates written in a and b.
func (d DateDistance) Compare(a, b string) float64 {
	if s, ok := trivial(a, b); ok {
		return s
	}
	x, okA := parseDate(a)
	y, okB := parseDate(b)
	if !okA || !okB {
		return 0 // a != b, so Exact gives 0
	}
	// Order the pair so that the float arithmetic below is the same both ways round.
	if a > b {
		x, y = y, x
	}

	var days float64
	hasY := x.year != 0 && y.year != 0
	hasM := x.month != 0 && y.month != 0
	hasD := x.day != 0 && y.day != 0
	switch {
	case hasY && hasM && hasD:
		days = math.Abs(float64(x.dayNumber() - y.dayNumber()))
	case hasY && hasM:
		days = math.Abs(float64((x.year*12+x.month)-(y.year*12+y.month))) * daysPerMonth
	case hasY:
		days = math.Abs(float64(x.year-y.year)) * daysPerYear
	case hasM && hasD:
		diff := absInt(x.dayOfLeapYear() - y.dayOfLeapYear())
		days = float64(min(diff, 366-diff))
	case hasM:
		diff := absInt(x.month - y.month)
		days = float64(min(diff, 12-diff)) * daysPerMonth
	default:
		return DateNoCommonPart
	}

	var s float64
	switch {
	case days == 0:
		s = 1
	case d.MaxDays > 0:
		s = clip01(1 - days/float64(d.MaxDays))
	}
	if s < DateSwapScore && hasM && hasD && x.swapped(y) {
		s = DateSwapScore
	}
	return s
}

// date is a parsed, possibly partial date; 0 marks an unknown part.
type date struct{ year, month, day int }

// parseDate reads "YYYY-MM-DD", "YYYY-MM", "YYYY" or "--MM-DD" and checks the ranges.
func parseDate(s string) (date, bool) {
	var dt date
	hasYear, hasMonth, hasDay := true, true, true
	switch {
	case len(s) == 10 && s[4] == '-' && s[7] == '-':
		dt.year, dt.month, dt.day = digits(s[:4]), digits(s[5:7]), digits(s[8:10])
	case len(s) == 7 && s[0] == '-' && s[1] == '-' && s[4] == '-':
		hasYear = false
		dt.month, dt.day = digits(s[2:4]), digits(s[5:7])
	case len(s) == 7 && s[4] == '-':
		hasDay = false
		dt.year, dt.month = digits(s[:4]), digits(s[5:7])
	case len(s) == 4:
		hasMonth, hasDay = false, false
		dt.year = digits(s)
	default:
		return date{}, false
	}
	// digits gives -1 for a non-digit, which every range check below rejects.
	if hasYear && dt.year < 1 ||
		hasMonth && (dt.month < 1 || dt.month > 12) ||
		hasDay && (dt.day < 1 || dt.day > daysIn(dt.year, dt.month)) {
		return date{}, false
	}
	return dt, true
}

// digits returns the decimal value of s, or -1 if s holds anything but ASCII digits.
func digits(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return -1
		}
		n = n*10 + int(c-'0')
	}
	return n
}

// daysIn returns the number of days of month in year; an unknown year (0) counts as a leap
// year, so that --02-29 is a valid date.
func daysIn(year, month int) int {
	switch month {
	case 2:
		if year == 0 || (year%4 == 0 && (year%100 != 0 || year%400 == 0)) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// dayNumber returns the number of days from a fixed epoch (the proleptic Gregorian calendar)
// of a complete date.
func (dt date) dayNumber() int {
	// Days from civil, after Howard Hinnant's algorithm: March-based years make the leap day
	// the last day of the year.
	y, m := dt.year, dt.month
	if m <= 2 {
		y--
	}
	era := y / 400 // y >= 0 here: years are 1..9999
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + dt.day - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe
}

// dayOfLeapYear returns the zero-based day of the date's month and day in a leap year.
func (dt date) dayOfLeapYear() int {
	n := dt.day - 1
	for m := 1; m < dt.month; m++ {
		n += daysIn(0, m)
	}
	return n
}

// swapped reports whether o is dt with day and month exchanged (and they differ), with the
// same year where both have one.
func (dt date) swapped(o date) bool {
	if dt.year != 0 && o.year != 0 && dt.year != o.year {
		return false
	}
	return dt.month != dt.day && dt.month == o.day && dt.day == o.month
}

func absInt(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
