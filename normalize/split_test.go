package normalize_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/idmatch/idmatch/normalize"
)

func isPhone(s string) bool { _, err := normalize.ParsePhone(s, "RU"); return err == nil }
func isEmail(s string) bool { _, err := normalize.ParseEmail(s); return err == nil }

func TestSplitValues(t *testing.T) {
	tests := []struct {
		name      string
		in        string
		accept    func(string) bool
		want      []string
		truncated bool
		reason    string
	}{
		{name: "one phone", in: "+7 916 123-45-67", accept: isPhone, want: []string{"+7 916 123-45-67"}, reason: "no separator inside a phone"},
		{name: "two phones", in: "+7 916 123-45-67, +7 903 111-22-33", accept: isPhone, want: []string{"+7 916 123-45-67", "+7 903 111-22-33"}},
		{name: "emails semicolon", in: "a@x.ru; b@y.ru", accept: isEmail, want: []string{"a@x.ru", "b@y.ru"}},
		{name: "bar and newline", in: "a@x.ru|b@y.ru\r\nc@z.ru", accept: isEmail, want: []string{"a@x.ru", "b@y.ru", "c@z.ru"}},
		{name: "empty parts dropped", in: "a@x.ru;; ,b@y.ru;", accept: isEmail, want: []string{"a@x.ru", "b@y.ru"}},
		{
			name: "one part rejected", in: "a@x.ru, not an address", accept: isEmail, want: []string{"a@x.ru, not an address"},
			reason: "all or nothing: the cell is kept whole",
		},
		{
			name: "comma inside one value", in: "Petrov, Ivan", accept: isEmail, want: []string{"Petrov, Ivan"},
		},
		{name: "only separators", in: " ; , ", accept: isEmail, want: []string{" ; , "}, reason: "no value to split"},
		{name: "empty", in: "", accept: isEmail, want: []string{""}},
		{
			name: "capped", in: strings.Repeat("a@x.ru;", normalize.MaxSplitValues+5), accept: isEmail,
			want: repeat("a@x.ru", normalize.MaxSplitValues), truncated: true,
		},
		{
			name: "exactly the cap", in: strings.Repeat("a@x.ru;", normalize.MaxSplitValues), accept: isEmail,
			want: repeat("a@x.ru", normalize.MaxSplitValues),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, truncated := normalize.SplitValues(tt.in, tt.accept)
			assert.Equal(t, tt.want, got, tt.reason)
			assert.Equal(t, tt.truncated, truncated)
		})
	}
}

func TestSplitValuesNoSeparatorSkipsAccept(t *testing.T) {
	called := false
	got, _ := normalize.SplitValues("+7 916 123-45-67", func(string) bool { called = true; return false })
	assert.Equal(t, []string{"+7 916 123-45-67"}, got)
	assert.False(t, called)
}

// TestSplitValuesLong checks that a huge cell costs linear time: accept runs at most
// MaxSplitValues times, and the scan over a million separators finishes.
func TestSplitValuesLong(t *testing.T) {
	calls := 0
	in := strings.Repeat("1,", 1_000_000)
	got, truncated := normalize.SplitValues(in, func(string) bool { calls++; return true })
	assert.Len(t, got, normalize.MaxSplitValues)
	assert.True(t, truncated)
	assert.Equal(t, normalize.MaxSplitValues, calls)
}

func repeat(s string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = s
	}
	return out
}
