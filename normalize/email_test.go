package normalize_test

import (
	"encoding/csv"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/idmatch/idmatch/normalize"
)

func TestParseEmail(t *testing.T) {
	tests := []struct {
		name   string
		in     string
		want   string   // Address
		tokens []string // NameTokens
		reason string   // why, or the EmailError reason when want is ""
	}{
		{name: "plain", in: "vasya@mail.ru", want: "vasya@mail.ru", tokens: []string{"vasya"}},
		{name: "trim and lower", in: "  Vasya.Petrov@Mail.RU \n", want: "vasya.petrov@mail.ru", tokens: []string{"vasya", "petrov"}},
		{
			name: "gmail dots, tag and googlemail", in: "Vasya.Petrov+shop@GoogleMail.com",
			want: "vasyapetrov@gmail.com", tokens: []string{"vasya", "petrov"},
		},
		{name: "gmail trailing dot in domain", in: "v.petrov@gmail.com.", want: "vpetrov@gmail.com", tokens: []string{"v", "petrov"}},
		{name: "yandex alias ya.ru", in: "vasya.petrov@ya.ru", want: "vasya-petrov@yandex.ru", tokens: []string{"vasya", "petrov"}},
		{name: "yandex.kz with tag", in: "Vasya-Petrov+crm@yandex.kz", want: "vasya-petrov@yandex.ru", tokens: []string{"vasya", "petrov"}},
		{name: "yandex.com", in: "vasya@yandex.com", want: "vasya@yandex.ru", tokens: []string{"vasya"}},
		{name: "outlook tag, dots kept", in: "vasya.petrov+news@outlook.com", want: "vasya.petrov@outlook.com", tokens: []string{"vasya", "petrov"}},
		{name: "hotmail keeps its domain", in: "vasya+x@hotmail.com", want: "vasya@hotmail.com", tokens: []string{"vasya"}},
		{name: "me.com is icloud", in: "vasya+a@me.com", want: "vasya@icloud.com", tokens: []string{"vasya"}},
		{name: "protonmail is proton.me", in: "vasya+a@protonmail.com", want: "vasya@proton.me", tokens: []string{"vasya"}},
		{name: "fastmail tag", in: "vasya+a@fastmail.com", want: "vasya@fastmail.com", tokens: []string{"vasya"}},
		{
			name: "mail.ru keeps plus", in: "vasya+a@mail.ru", want: "vasya+a@mail.ru", tokens: []string{"vasya"},
			reason: "unknown tag rules: the local part stays as written; the tag is not name evidence",
		},
		{name: "unknown domain keeps tag and dots", in: "Vasya.P+x@example.com", want: "vasya.p+x@example.com", tokens: []string{"vasya", "p"}},
		{name: "all-tag local part kept", in: "+shop@gmail.com", want: "+shop@gmail.com"},
		{name: "display name", in: "Vasya Petrov <Vasya@Mail.ru>", want: "vasya@mail.ru", tokens: []string{"vasya"}},
		{name: "quoted display name", in: `"Petrov, Vasya" <v.petrov@mail.ru>`, want: "v.petrov@mail.ru", tokens: []string{"v", "petrov"}},
		{name: "angle brackets only", in: "<vasya@mail.ru>", want: "vasya@mail.ru", tokens: []string{"vasya"}},
		{name: "mailto", in: "mailto:Vasya@Mail.ru?subject=hi", want: "vasya@mail.ru", tokens: []string{"vasya"}},
		{name: "mailto percent-encoded", in: "MAILTO:vasya%2Bx@gmail.com", want: "vasya@gmail.com", tokens: []string{"vasya"}},
		{name: "idn domain", in: "vasya@Почта.РФ", want: "vasya@xn--80a1acny.xn--p1ai", tokens: []string{"vasya"}},
		{name: "punycode domain kept", in: "vasya@XN--80A1ACNY.xn--p1ai", want: "vasya@xn--80a1acny.xn--p1ai", tokens: []string{"vasya"}},
		{name: "cyrillic local part", in: "Вася.Петров@почта.рф", want: "вася.петров@xn--80a1acny.xn--p1ai", tokens: []string{"вася", "петров"}},
		{name: "camel case", in: "VasyaPetrov1988@mail.ru", want: "vasyapetrov1988@mail.ru", tokens: []string{"vasya", "petrov"}},
		{name: "underscore initial", in: "v_petrov@mail.ru", want: "v_petrov@mail.ru", tokens: []string{"v", "petrov"}},
		{name: "digits drop letters", in: "a1b2@mail.ru", want: "a1b2@mail.ru", reason: "one-letter words beside digits are noise"},
		{name: "initial beside digits dropped", in: "x123vasya@mail.ru", want: "x123vasya@mail.ru", tokens: []string{"vasya"}},
		{name: "role word", in: "info@shop.ru", want: "info@shop.ru"},
		{name: "role words dropped", in: "sales.petrov@shop.ru", want: "sales.petrov@shop.ru", tokens: []string{"petrov"}},
		{name: "digits only", in: "12345@mail.ru", want: "12345@mail.ru"},
		{name: "atext symbols", in: "o'brien!x@example.org", want: "o'brien!x@example.org", tokens: []string{"o", "brien", "x"}},

		{name: "empty", in: "", reason: "empty"},
		{name: "spaces", in: "   ", reason: "empty"},
		{name: "no at", in: "vasya.mail.ru", reason: "no @"},
		{name: "two at", in: "vasya@petrov@mail.ru", reason: "more than one @"},
		{name: "empty local", in: "@mail.ru", reason: "empty local part"},
		{name: "empty domain", in: "vasya@", reason: "empty domain"},
		{name: "space in local", in: "vasya petrov@mail.ru", reason: "space inside"},
		{name: "space in domain", in: "vasya@mail .ru", reason: "space inside"},
		{name: "nbsp in domain", in: "vasya@почта\u00a0рф", reason: "space inside"},
		{name: "control", in: "vasya\x00@mail.ru", reason: "control character"},
		{name: "leading dot", in: ".vasya@mail.ru", reason: "misplaced dot in local part"},
		{name: "double dot", in: "vasya..petrov@mail.ru", reason: "misplaced dot in local part"},
		{name: "quoted local", in: `"vasya"@mail.ru`, reason: "quoted local part not supported"},
		{name: "bad local char", in: "vasya(x)@mail.ru", reason: `character '(' not allowed in local part`},
		{name: "no dot in domain", in: "vasya@localhost", reason: "domain without a dot"},
		{name: "ip domain", in: "vasya@127.0.0.1", reason: "IP-address domain not supported"},
		{name: "ip literal", in: "vasya@[127.0.0.1]", reason: "IP-address domain not supported"},
		{name: "double dot in domain", in: "vasya@mail..ru", reason: "empty label in domain"},
		{name: "hyphen edge", in: "vasya@-mail.ru", reason: "hyphen at the edge of a domain label"},
		{name: "underscore in domain", in: "vasya@my_mail.ru", reason: `character '_' not allowed in domain`},
		{name: "bad punycode", in: "vasya@xn--zz.com", reason: "bad domain"},
		{name: "bad punycode in mixed case", in: "0@Xn--80A.00--0000", reason: "bad domain"},
		{name: "reserved hyphens", in: "vasya@my--site.com", reason: "bad domain"},
		{name: "full-width domain", in: "vasya@ＭＡＩＬ。ru", want: "vasya@mail.ru", tokens: []string{"vasya"}, reason: "UTS 46 maps width and the ideographic full stop"},
		{name: "emoji domain", in: "vasya@😀.com", want: "vasya@xn--e28h.com", tokens: []string{"vasya"}, reason: "UTS 46 lets emoji through, as browsers do"},
		{name: "invalid utf-8", in: "vasya\xff@mail.ru", reason: "invalid UTF-8"},
		{name: "unbalanced brackets", in: "vasya@mail.ru>", reason: "unbalanced angle brackets"},
		{name: "local too long", in: strings.Repeat("a", 65) + "@mail.ru", reason: "local part too long"},
		{name: "label too long", in: "a@" + strings.Repeat("b", 64) + ".ru", reason: "domain label too long"},
		{name: "address too long", in: "a@" + strings.Repeat("b.", 130) + "ru", reason: "address too long"},
		// 30 one-letter Cyrillic labels take 60 bytes; in punycode each
		// grows to "xn--41a.", and the address passes 254 bytes.
		{name: "too long once in punycode", in: strings.Repeat("a", 60) + "@" + strings.Repeat("я.", 30) + "ru", reason: "address too long"},
		{name: "input too long", in: strings.Repeat("a", 2000), reason: "input too long"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := normalize.ParseEmail(tt.in)
			if tt.want == "" {
				require.ErrorIs(t, err, normalize.ErrInvalidEmail)
				var ee *normalize.ParseError
				require.ErrorAs(t, err, &ee)
				assert.Equal(t, tt.reason, ee.Reason)
				assert.Equal(t, normalize.Email{}, got)
				return
			}
			require.NoError(t, err, tt.reason)
			assert.Equal(t, tt.want, got.Address, tt.reason)
			assert.Equal(t, got.Address, got.Local+"@"+got.Domain)
			assert.Equal(t, tt.tokens, got.NameTokens, tt.reason)

			again, err := normalize.ParseEmail(got.Address)
			require.NoError(t, err)
			assert.Equal(t, got.Address, again.Address, "Address must be a fixed point")
		})
	}
}

func TestParseEmailErrorText(t *testing.T) {
	in := strings.Repeat("я", 100) + "\xff"
	assert.False(t, utf8.ValidString(in))
	_, err := normalize.ParseEmail(in)
	var ee *normalize.ParseError
	require.ErrorAs(t, err, &ee)
	assert.True(t, utf8.ValidString(ee.Input))
	assert.True(t, strings.HasSuffix(ee.Input, "…"))
	assert.Equal(t, "invalid UTF-8", ee.Reason)
	assert.Equal(t, "normalize: invalid e-mail address: invalid UTF-8: \""+ee.Input+"\"", err.Error())
}

// TestParseEmailSplink measures ParseEmail on the e-mail column of the
// Splink demo data. Its duplicates carry typos, and some of those break the
// address (a lost dot in the domain, a second "@"): about 4% are rejected.
func TestParseEmailSplink(t *testing.T) {
	f, err := os.Open(filepath.Join("..", "..", "shared", "data", "splink", "fake_1000.csv"))
	if errors.Is(err, os.ErrNotExist) {
		t.Skipf("reference data absent: %v", err)
	}
	require.NoError(t, err)
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	require.NoError(t, err)
	col := -1
	for i, h := range recs[0] {
		if h == "email" {
			col = i
		}
	}
	require.GreaterOrEqual(t, col, 0)
	total, parsed, withTokens := 0, 0, 0
	for _, r := range recs[1:] {
		if r[col] == "" {
			continue
		}
		total++
		e, err := normalize.ParseEmail(r[col])
		if err != nil {
			require.ErrorIs(t, err, normalize.ErrInvalidEmail)
			continue
		}
		parsed++
		if e.NameTokens != nil {
			withTokens++
		}
	}
	t.Logf("splink fake_1000: %d of %d addresses parsed, %d with name tokens", parsed, total, withTokens)
	require.Greater(t, total, 500)
	assert.GreaterOrEqual(t, float64(parsed)/float64(total), 0.95)
}

func FuzzParseEmail(f *testing.F) {
	for _, s := range []string{
		"Vasya.Petrov+shop@GoogleMail.com", "vasya.petrov@ya.ru", "Vasya Petrov <vasya@mail.ru>",
		"mailto:vasya@mail.ru?subject=x", "вася@почта.рф", "a@b", "@", "a@@b.c", "\xff@x.ru",
		"VasyaPetrov1988@mail.ru", "+@gmail.com", "a.-b@yandex.ru", "x@xn--80a1acny.xn--p1ai",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		e, err := normalize.ParseEmail(s)
		if err != nil {
			if !errors.Is(err, normalize.ErrInvalidEmail) {
				t.Fatalf("error %v does not wrap ErrInvalidEmail", err)
			}
			if !utf8.ValidString(err.Error()) {
				t.Fatalf("error text is not UTF-8: %q", err.Error())
			}
			return
		}
		if !utf8.ValidString(e.Address) || e.Address != e.Local+"@"+e.Domain {
			t.Fatalf("bad Email %#v from %q", e, s)
		}
		for _, tok := range e.NameTokens {
			if tok == "" || !utf8.ValidString(tok) {
				t.Fatalf("bad token %q from %q", tok, s)
			}
		}
		again, err := normalize.ParseEmail(e.Address)
		if err != nil || again.Address != e.Address {
			t.Fatalf("%q → %q → %q, %v", s, e.Address, again.Address, err)
		}
	})
}

func BenchmarkParseEmail(b *testing.B) {
	for _, bc := range []struct{ name, in string }{
		{"plain", "vasya.petrov88@mail.ru"},
		{"gmail", "Vasya.Petrov+shop@GoogleMail.com"},
		{"yandex", "vasya.petrov@ya.ru"},
		{"display_name", "Vasya Petrov <vasya.petrov@mail.ru>"},
		{"idn", "вася@почта.рф"},
		{"invalid", "vasya.mail.ru"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_, _ = normalize.ParseEmail(bc.in)
			}
		})
	}
}
