package score

// Date is a calendar date of which any part may be unknown: a zero field is an unknown part.
// It has the fields of normalize.Date in the same order, so a normalize.Date converts to it
// directly: score.Date(d).
//
// A Date is a plain comparable value, safe for concurrent use.
type Date struct {
	Year  int
	Month int
	Day   int
}

// IsZero reports whether no part of d is known.
func (d Date) IsZero() bool { return d == Date{} }

// DateLevels is the number of levels CompareDates returns other than Missing.
const DateLevels = 4

// CompareDates returns the comparison level of two possibly partial dates:
//   - 0: both complete and equal;
//   - 1: every part both have agrees, and they have one in common (one side partial:
//     1985 against 1985-03-02, or --03-02 against 1985-03-02);
//   - 2: close: day and month swapped (1985-03-02 against 1985-02-03, with equal years where
//     both have one), or exactly one part differs while two agree (one mistyped digit);
//   - 3: else, including dates with no part in common (1985 against --03-02);
//   - Missing: either date is zero.
//
// It is symmetric, never allocates, and does not check that the dates exist: parsing, with
// normalize.ParseDate, does that.
func CompareDates(a, b Date) uint8 {
	if a.IsZero() || b.IsZero() {
		return Missing
	}
	if a == b && a.Year != 0 && a.Month != 0 && a.Day != 0 {
		return 0
	}
	agree, differ := 0, 0
	for _, p := range [3][2]int{{a.Year, b.Year}, {a.Month, b.Month}, {a.Day, b.Day}} {
		if p[0] == 0 || p[1] == 0 {
			continue
		}
		if p[0] == p[1] {
			agree++
		} else {
			differ++
		}
	}
	switch {
	case differ == 0 && agree > 0:
		return 1
	case differ == 0:
		return 3 // nothing in common to compare: year only against day and month
	case a.Day != 0 && a.Day == b.Month && a.Month == b.Day && (a.Year == 0 || b.Year == 0 || a.Year == b.Year):
		return 2
	case differ == 1 && agree >= 2:
		return 2
	}
	return 3
}
