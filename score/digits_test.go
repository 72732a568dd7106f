package score

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestDigitLevel(t *testing.T) {
	tests := []struct {
		name   string
		a, b   string
		want   uint8
		reason string
	}{
		{"equal", "18518101", "18518101", 0, ""},
		{"one substitution", "18518101", "18518701", 1, "one mistyped digit"},
		{"substitution at the start", "79161234567", "89161234567", 1, ""},
		{"substitution at the end", "79161234567", "79161234568", 1, ""},
		{"adjacent transposition", "19189087", "19180987", 1, "two digits swapped"},
		{"transposition at the end", "79161234567", "79161234576", 1, ""},
		{"transposition plus substitution", "19189087", "19180988", 2, "two edits"},
		{"two substitutions", "18518101", "28518102", 2, ""},
		{"two adjacent substitutions", "1234", "1984", 2, "adjacent but not a swap"},
		{"non-adjacent swap", "12345", "14325", 2, "a swap over a gap is two substitutions"},
		{"insertion", "1851810", "18518101", 2, "the length changes"},
		{"deletion", "79161234567", "7916123456", 2, ""},
		{"single digits", "1", "2", 1, ""},
		{"empty", "", "1", Missing, ""},
		{"both empty", "", "", Missing, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, DigitLevel(tt.a, tt.b), tt.reason)
			assert.Equal(t, tt.want, DigitLevel(tt.b, tt.a), "symmetric")
			if tt.want == 1 {
				assert.Equal(t, 1, DamerauDistance(tt.a, tt.b), "level 1 is OSA distance 1")
			}
			if tt.want == 2 && len(tt.a) == len(tt.b) {
				assert.Greater(t, DamerauDistance(tt.a, tt.b), 1)
			}
		})
	}
}

// TestDigitLevelAgreesWithDamerau checks DigitLevel against DamerauDistance on every pair of
// equal-length strings over a small alphabet.
func TestDigitLevelAgreesWithDamerau(t *testing.T) {
	var words []string
	var gen func(prefix string)
	gen = func(prefix string) {
		if len(prefix) == 4 {
			words = append(words, prefix)
			return
		}
		for _, c := range "012" {
			gen(prefix + string(c))
		}
	}
	gen("")
	for _, a := range words {
		for _, b := range words {
			want := uint8(2)
			switch d := DamerauDistance(a, b); d {
			case 0, 1:
				want = uint8(d)
			}
			if got := DigitLevel(a, b); got != want {
				t.Fatalf("DigitLevel(%q, %q) = %d, want %d", a, b, got, want)
			}
		}
	}
}

func TestDigitLevelAllocs(t *testing.T) {
	a, b := strings.Repeat("7", 32), strings.Repeat("7", 31)+"8"
	var sink uint8
	if n := testing.AllocsPerRun(100, func() { sink = DigitLevel(a, b) }); n != 0 {
		t.Errorf("DigitLevel allocates %v times", n)
	}
	if sink != 1 {
		t.Errorf("DigitLevel(%q, %q) = %d, want 1", a, b, sink)
	}
}

func TestCompareDates(t *testing.T) {
	full := Date{1985, 3, 2}
	tests := []struct {
		name   string
		a, b   Date
		want   uint8
		reason string
	}{
		{"equal", full, full, 0, "complete and equal"},
		{"year only agrees", Date{Year: 1985}, full, 1, "one side partial"},
		{"year and month agree", Date{Year: 1985, Month: 3}, full, 1, ""},
		{"no year agrees", Date{Month: 3, Day: 2}, full, 1, "day and month"},
		{"both partial equal", Date{Year: 1985, Month: 3}, Date{Year: 1985, Month: 3}, 1, "equal, but not complete"},
		{"swap", full, Date{1985, 2, 3}, 2, "day and month swapped"},
		{"swap without year", Date{Month: 3, Day: 2}, Date{Month: 2, Day: 3}, 2, ""},
		{"swap one year unknown", Date{Month: 3, Day: 2}, Date{1985, 2, 3}, 2, ""},
		{"swap needs same year", full, Date{1986, 2, 3}, 3, "three parts differ"},
		{"one part off", full, Date{1958, 3, 2}, 2, "a mistyped year"},
		{"day off", full, Date{1985, 3, 12}, 2, ""},
		{"one part off of two", Date{Year: 1985, Month: 3}, Date{1985, 4, 2}, 3, "only one part agrees"},
		{"two parts off", full, Date{1985, 4, 12}, 3, ""},
		{"no common part", Date{Year: 1985}, Date{Month: 3, Day: 2}, 3, "nothing to compare"},
		{"year only differs", Date{Year: 1985}, Date{Year: 1986}, 3, ""},
		{"zero", full, Date{}, Missing, ""},
		{"both zero", Date{}, Date{}, Missing, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, CompareDates(tt.a, tt.b), tt.reason)
			assert.Equal(t, tt.want, CompareDates(tt.b, tt.a), "symmetric")
			if tt.want != Missing {
				assert.Less(t, int(tt.want), DateLevels)
			}
		})
	}
}
