package synth

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestFormatPhone(t *testing.T) {
	mobile := phone{cc: "7", nat: "9161234567", code: 3}
	landline := phone{cc: "7", nat: "3812123456", code: 4}
	london := phone{cc: "44", nat: "2079460123", code: 2}
	tests := []struct {
		name string
		ph   phone
		f    phoneFormat
		want string
	}{
		{"e164", mobile, pfE164, "+79161234567"},
		{"intl spaced", mobile, pfIntlSpaced, "+7 916 123-45-67"},
		{"intl paren", mobile, pfIntlParen, "+7 (916) 123-45-67"},
		{"trunk paren", mobile, pfTrunkParen, "8 (916) 123-45-67"},
		{"trunk paren solid", mobile, pfTrunkParenSolid, "8 (916) 1234567"},
		{"trunk digits", mobile, pfTrunkDigits, "89161234567"},
		{"cc digits", mobile, pfCCDigits, "79161234567"},
		{"national spaced", mobile, pfNationalSpaced, "916 123 45 67"},
		{"national", mobile, pfNational, "9161234567"},
		{"trunk dashed", mobile, pfTrunkDashed, "8-916-123-45-67"},
		{"intl dashed", mobile, pfIntlDashed, "+7-916-123-45-67"},
		{"intl solid", mobile, pfIntlSolidSub, "+7 916 1234567"},
		{"landline six digits", landline, pfTrunkParen, "8 (3812) 12-34-56"},
		{"foreign trunk is 0", london, pfTrunkParen, "0 (20) 7946-0123"},
		{"foreign e164", london, pfE164, "+442079460123"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, formatPhone(tt.ph, tt.f))
		})
	}
}

// TestPhoneFormatsKeepDigits checks every format keeps the national number's digits in order.
func TestPhoneFormatsKeepDigits(t *testing.T) {
	ph := phone{cc: "7", nat: "9161234567", code: 3}
	for f := range numPhoneFormats {
		s := formatPhone(ph, f)
		var d strings.Builder
		for _, c := range s {
			if c >= '0' && c <= '9' {
				d.WriteRune(c)
			}
		}
		assert.True(t, strings.HasSuffix(d.String(), ph.nat), "format %d: %q", f, s)
	}
}

func TestFormatDate(t *testing.T) {
	p := &person{year: 1988, month: 3, day: 2}
	tests := []struct {
		name string
		f    dateFormat
		want string
	}{
		{"iso", dfISO, "1988-03-02"},
		{"dots", dfDots, "02.03.1988"},
		{"dots short", dfDotsShort, "2.3.1988"},
		{"russian text", dfRuText, "2 марта 1988"},
		{"english text", dfEnText, "March 2, 1988"},
		{"english day month", dfEnTextDM, "2 March 1988"},
		{"no year", dfDotsNoYear, "02.03"},
		{"russian no year", dfRuTextNoYear, "2 марта"},
		{"english no year", dfEnTextNoYear, "March 2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, formatDate(p, tt.f))
		})
	}
}

// TestEmailVariantSameMailbox checks the variants stay the same mailbox under each provider's
// own rules: Gmail ignores dots, +tags and googlemail.com; Yandex treats its domains and
// hyphen/dot alike; nobody distinguishes case.
func TestEmailVariantSameMailbox(t *testing.T) {
	canon := func(addr string) string {
		addr = strings.ToLower(addr)
		at := strings.LastIndexByte(addr, '@')
		local, domain := addr[:at], addr[at+1:]
		switch domain {
		case "gmail.com", "googlemail.com":
			if i := strings.IndexByte(local, '+'); i >= 0 {
				local = local[:i]
			}
			local, domain = strings.ReplaceAll(local, ".", ""), "gmail.com"
		case "yandex.ru", "ya.ru", "yandex.com", "yandex.by", "yandex.kz", "yandex.ua", "narod.ru":
			local, domain = strings.ReplaceAll(local, "-", "."), "yandex.ru"
		}
		return local + "@" + domain
	}
	r := rand.New(rand.NewPCG(5, 6))
	changed := 0
	for _, addr := range []string{"vasya.petrov88@gmail.com", "petrov1980@gmail.com", "v.petrov@yandex.ru", "ivan@ya.ru", "olga@mail.ru"} {
		for range 100 {
			v := emailVariant(r, addr)
			assert.Equal(t, canon(addr), canon(v), v)
			if v != addr {
				changed++
			}
		}
	}
	assert.Greater(t, changed, 100, "variants should be common")
}

func TestRotateWords(t *testing.T) {
	assert.Equal(t, "Петров Василий", rotateWords("Василий Петров"))
	assert.Equal(t, "Иванович Петров Василий", rotateWords("Петров Василий Иванович"))
	assert.Equal(t, "Вася", rotateWords("Вася"))
}
