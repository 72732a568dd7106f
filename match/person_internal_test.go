package match

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestLetterOverlap(t *testing.T) {
	tests := []struct {
		a, b string
		want float64
	}{
		{"leo", "oel", 1},
		{"sofia", "fosia", 1},
		{"charlie", "cahlrae", 12.0 / 14},
		{"irina", "linda", 0.6},
		{"maria", "karen", 0.4},
		{"", "", 1},
		{"anna", "", 0},
	}
	for _, tc := range tests {
		assert.InDelta(t, tc.want, letterOverlap(tc.a, tc.b), 1e-9, "%q %q", tc.a, tc.b)
		assert.InDelta(t, tc.want, letterOverlap(tc.b, tc.a), 1e-9, "symmetric: %q %q", tc.b, tc.a)
	}
}
