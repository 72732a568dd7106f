package score

import (
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDecodeShort(t *testing.T) {
	r := rand.New(rand.NewPCG(15, 16))
	inputs := []string{"", "a", "Ж", "\xd0", "\xd0a", "\xc0\x80", "\xc2\x80", "\xe2\x82\xac", "\xe2\x82", "\xf0\x9f\x98\x80"}
	for range 2000 {
		inputs = append(inputs, randomString(r, 40))
	}
	for _, s := range inputs {
		var buf [shortLen]rune
		got, ok := decodeShort(&buf, s)
		want := []rune(s)
		if len(want) > shortLen {
			assert.False(t, ok, "%q has more than %d runes", s, shortLen)
			continue
		}
		require.True(t, ok, "%q", s)
		require.Equal(t, want, append([]rune{}, got...), "%q decodes as a range loop does", s)
	}
}

func TestTrimCommon(t *testing.T) {
	tests := []struct {
		name         string
		a, b         string
		wantA, wantB string
		reason       string
	}{
		{"prefix and suffix", "Василий", "Васили", "й", "", "the common prefix goes"},
		{"suffix", "Петров", "Сидоров", "Пет", "Сидо", "the common suffix goes"},
		{"shared lead byte", "Ж", "З", "Ж", "З", "Ж and З share their first byte, which is not a boundary"},
		{"shared continuation", "аЖ", "бЖ", "а", "б", "the common suffix starts at a rune"},
		{"invalid lead then continuation", "a\xd0", "a\xd0\x96", "\xd0", "\xd0\x96", "cutting after \\xd0 would split Ж"},
		{"no overlap", "abc", "xyz", "abc", "xyz", ""},
		{"prefix of the other", "ab", "abc", "", "c", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			x, y := trimCommon(tc.a, tc.b)
			assert.Equal(t, tc.wantA, x, tc.reason)
			assert.Equal(t, tc.wantB, y, tc.reason)
		})
	}
}

func TestAppendRunesAtMost(t *testing.T) {
	got, rest := appendRunesAtMost(nil, "абвгд", 3)
	assert.Equal(t, []rune("абв"), got)
	assert.Equal(t, 2, rest)
	got, rest = appendRunesAtMost(nil, "аб", 3)
	assert.Equal(t, []rune("аб"), got)
	assert.Zero(t, rest)
}
