package score

import (
	"errors"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fixed returns a comparator that gives every unequal pair the similarity s.
func fixed(s float64) Comparator {
	return ComparatorFunc(func(a, b string) float64 { return s })
}

func TestLevelsBoundaries(t *testing.T) {
	thresholds := []float64{0.9, 0.8, 0.5}
	tests := []struct {
		name   string
		sim    float64
		a, b   string
		want   uint8
		reason string
	}{
		{"exact", 0.1, "x", "x", 0, "equal values, whatever the comparator says"},
		{"first threshold", 0.9, "x", "y", 1, "at the threshold is in the level"},
		{"just below first", math.Nextafter(0.9, 0), "x", "y", 2, "below 0.9 falls to the next level"},
		{"similarity 1 not equal", 1, "x", "y", 1, "only a == b is level 0"},
		{"second threshold", 0.8, "x", "y", 2, ""},
		{"last threshold", 0.5, "x", "y", 3, ""},
		{"else", math.Nextafter(0.5, 0), "x", "y", 4, "below every threshold"},
		{"zero", 0, "x", "y", 4, ""},
		{"NaN", math.NaN(), "x", "y", 4, "a broken comparator lands in the else level"},
		{"missing left", 1, "", "y", Missing, ""},
		{"missing right", 1, "x", "", Missing, ""},
		{"both missing", 1, "", "", Missing, "two empty values are missing, not equal"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			l := Levels{Comparator: fixed(tc.sim), Thresholds: thresholds}
			assert.Equal(t, tc.want, l.Level(tc.a, tc.b), tc.reason)
		})
	}
}

func TestLevelsDefaults(t *testing.T) {
	l := Levels{Thresholds: []float64{0.92, 0.8}}
	require.NoError(t, l.Validate())
	assert.Equal(t, 4, l.Count())
	assert.Equal(t, uint8(1), l.Level("Петров", "Петрова"), "nil Comparator is JaroWinkler: 0.971")
	assert.Equal(t, uint8(3), l.Level("Петров", "Сидоров"), "JaroWinkler 0.532")
	assert.Equal(t, 2, Levels{}.Count(), "no thresholds: exact or else")
	assert.Equal(t, uint8(1), Levels{}.Level("a", "b"))
}

func TestLevelsValidate(t *testing.T) {
	tests := []struct {
		name       string
		thresholds []float64
		ok         bool
	}{
		{"none", nil, true},
		{"one", []float64{1}, true},
		{"descending", []float64{0.95, 0.9, 0.1}, true},
		{"equal", []float64{0.9, 0.9}, false},
		{"ascending", []float64{0.8, 0.9}, false},
		{"zero", []float64{0.5, 0}, false},
		{"above one", []float64{1.1}, false},
		{"negative", []float64{-0.5}, false},
		{"NaN", []float64{math.NaN()}, false},
		{"too many", make([]float64, 254), false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := Levels{Thresholds: tc.thresholds}.Validate()
			_, newErr := NewLevels(nil, tc.thresholds...)
			if tc.ok {
				assert.NoError(t, err)
				assert.NoError(t, newErr)
				return
			}
			assert.True(t, errors.Is(err, ErrLevels), "%v", err)
			assert.True(t, errors.Is(newErr, ErrLevels), "%v", newErr)
		})
	}
}

func TestNewLevelsCopies(t *testing.T) {
	th := []float64{0.9, 0.5}
	l, err := NewLevels(Jaro{}, th...)
	require.NoError(t, err)
	th[0] = 0.1
	assert.Equal(t, []float64{0.9, 0.5}, l.Thresholds)
}

func TestLevelsTooManyThresholds(t *testing.T) {
	th := make([]float64, 300)
	for i := range th {
		th[i] = 1 - float64(i)/1000
	}
	l := Levels{Comparator: fixed(0), Thresholds: th}
	assert.Error(t, l.Validate())
	assert.Equal(t, uint8(254), l.Level("x", "y"), "the else level stays below Missing")
}

func TestLevelsAllocations(t *testing.T) {
	l := Levels{Thresholds: []float64{0.92, 0.8}}
	assert.Zero(t, testing.AllocsPerRun(100, func() { _ = l.Level("Александр", "Алексанр") }))
}
