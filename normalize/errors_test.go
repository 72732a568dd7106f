package normalize_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/idmatch/idmatch/normalize"
)

func TestDigits(t *testing.T) {
	tests := []struct {
		name, in, want, reason string
	}{
		{name: "empty", in: "", want: ""},
		{name: "no digits", in: "abc-де", want: ""},
		{name: "already digits", in: "19189087", want: "19189087", reason: "returned as is"},
		{name: "date", in: "1851-81-01", want: "18518101"},
		{name: "phone", in: "+7 (916) 123-45-67", want: "79161234567"},
		{name: "fullwidth", in: "８９１６", want: "8916"},
		{name: "arabic-indic", in: "٠١٢٣٤٥٦٧٨٩", want: "0123456789"},
		{name: "devanagari", in: "१९८०", want: "1980"},
		{name: "mathematical bold and double-struck", in: "𝟏𝟗𝟠𝟘", want: "1980", reason: "adjacent runs of ten"},
		{name: "superscripts are not decimal digits", in: "x²", want: ""},
		{name: "invalid utf-8", in: "1\xff2", want: "12"},
		{name: "bounded", in: strings.Repeat("1-", 100), want: strings.Repeat("1", normalize.MaxDigits), reason: "at most MaxDigits"},
		{name: "bounded digits only", in: strings.Repeat("7", 40), want: strings.Repeat("7", normalize.MaxDigits)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, normalize.Digits(tt.in), tt.reason)
		})
	}
}

func TestParseErrorFields(t *testing.T) {
	parse := map[string]func(string) error{
		"date":  func(s string) error { _, err := normalize.ParseDate(s); return err },
		"email": func(s string) error { _, err := normalize.ParseEmail(s); return err },
		"phone": func(s string) error { _, err := normalize.ParsePhone(s, "RU"); return err },
	}
	tests := []struct {
		name     string
		kind, in string
		sentinel error
		want     normalize.ParseError // Err is compared through errors.Is
		reason   string
	}{
		{
			name: "impossible month", kind: "date", in: "1851-81-01", sentinel: normalize.ErrInvalidDate,
			want:   normalize.ParseError{Kind: "date", Input: "1851-81-01", Reason: "month 81 out of range", Digits: "18518101"},
			reason: "a mistyped date is still evidence",
		},
		{
			name: "eight digits no date", kind: "date", in: "19189087", sentinel: normalize.ErrInvalidDate,
			want: normalize.ParseError{Kind: "date", Input: "19189087", Reason: "month 90 out of range", Digits: "19189087"},
		},
		{
			name: "no at", kind: "email", in: "vasya.mail.ru", sentinel: normalize.ErrInvalidEmail,
			want: normalize.ParseError{Kind: "email", Input: "vasya.mail.ru", Reason: "no @"},
		},
		{
			name: "country code starting with 0", kind: "phone", in: "+02079460958", sentinel: normalize.ErrNotPhone,
			want:   normalize.ParseError{Kind: "phone", Input: "+02079460958", Reason: "invalid country code", Digits: "02079460958"},
			reason: "no country calling code starts with 0",
		},
		{
			name: "russian number starting with 0", kind: "phone", in: "8 (017) 123-45-67 доб. 5", sentinel: normalize.ErrNotPhone,
			want: normalize.ParseError{
				Kind: "phone", Input: "8 (017) 123-45-67 доб. 5",
				Reason: "not a number of the country's numbering plan", Digits: "80171234567",
			},
			reason: "the extension is not part of the digits",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := parse[tt.kind](tt.in)
			if !errors.Is(err, tt.sentinel) {
				t.Fatalf("error %v does not wrap %v", err, tt.sentinel)
			}
			var pe *normalize.ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error %T is not a *ParseError", err)
			}
			got := *pe
			got.Err = nil
			assert.Equal(t, tt.want, got, tt.reason)
		})
	}
}
