package score

import (
	"errors"
	"fmt"
	"math"
	"slices"
)

// ErrLevels is wrapped by the errors of Levels.Validate and NewLevels.
var ErrLevels = errors.New("score: invalid comparison levels")

// maxThresholds keeps every level, including "else", below Missing in a uint8.
const maxThresholds = int(Missing) - 2

// Levels turns the comparison of two field values into one of a few ordered levels, the unit
// the Fellegi-Sunter model weighs:
//   - level 0 is exact agreement, a == b;
//   - level i, for i in 1..len(Thresholds), is similarity >= Thresholds[i-1] (the first
//     threshold the similarity reaches wins);
//   - level len(Thresholds)+1 is "else", disagreement;
//   - Missing, when either value is empty.
//
// Thresholds must be strictly descending and each in (0,1]; at most 253 of them, so that every
// level fits a uint8 below Missing. Validate checks that; NewLevels builds a checked copy.
// With Thresholds [0.92, 0.8] and JaroWinkler, "Петров"/"Петров" is level 0, "Петров"/"Петрова"
// level 1 (0.971), "Иванов"/"Иванова" level 1, and "Петров"/"Сидоров" level 3.
//
// A Levels value is safe for concurrent use if its Comparator is and nobody modifies
// Thresholds; it keeps the Thresholds slice it was given, without copying it.
type Levels struct {
	// Comparator gives the similarity of two values; nil means JaroWinkler with its defaults.
	Comparator Comparator
	// Thresholds are the lowest similarities of levels 1, 2, ..., strictly descending.
	Thresholds []float64
}

// NewLevels returns Levels with comparator c and a copy of thresholds, or an error wrapping
// ErrLevels if the thresholds are not valid (see Levels).
func NewLevels(c Comparator, thresholds ...float64) (Levels, error) {
	l := Levels{Comparator: c, Thresholds: slices.Clone(thresholds)}
	if err := l.Validate(); err != nil {
		return Levels{}, err
	}
	return l, nil
}

// Level returns the level of the pair a, b: 0 for a == b, 1..len(Thresholds) for the first
// threshold the similarity reaches, len(Thresholds)+1 otherwise, and Missing when a or b is
// empty. It never calls the comparator for empty or equal values. With Thresholds that do not
// pass Validate it still returns a level below Count, or Missing; a NaN similarity lands in
// the last level.
func (l Levels) Level(a, b string) uint8 {
	if a == "" || b == "" {
		return Missing
	}
	if a == b {
		return 0
	}
	var s float64
	if l.Comparator == nil {
		s = JaroWinkler{}.Compare(a, b)
	} else {
		s = l.Comparator.Compare(a, b)
	}
	n := min(len(l.Thresholds), maxThresholds)
	for i, t := range l.Thresholds[:n] {
		if s >= t {
			return uint8(i + 1)
		}
	}
	return uint8(n + 1)
}

// Count returns the number of levels other than Missing: len(Thresholds)+2.
func (l Levels) Count() int {
	return len(l.Thresholds) + 2
}

// Validate reports whether the thresholds are strictly descending and each in (0,1], and
// there are at most 253 of them. Its errors wrap ErrLevels.
func (l Levels) Validate() error {
	if len(l.Thresholds) > maxThresholds {
		return fmt.Errorf("%w: %d thresholds, at most %d fit a level", ErrLevels, len(l.Thresholds), maxThresholds)
	}
	for i, t := range l.Thresholds {
		if math.IsNaN(t) || t <= 0 || t > 1 {
			return fmt.Errorf("%w: threshold %d is %v, not in (0,1]", ErrLevels, i, t)
		}
		if i > 0 && t >= l.Thresholds[i-1] {
			return fmt.Errorf("%w: threshold %d (%v) is not below threshold %d (%v)", ErrLevels, i, t, i-1, l.Thresholds[i-1])
		}
	}
	return nil
}
