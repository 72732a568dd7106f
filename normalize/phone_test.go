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

func TestParsePhone(t *testing.T) {
	tests := []struct {
		name   string
		in     string
		region string
		want   normalize.Phone
		reason string
	}{
		{name: "ru trunk with brackets", in: "8 (916) 123-45-67", want: normalize.Phone{E164: "+79161234567"}},
		{name: "ru international", in: "+7 916 1234567", want: normalize.Phone{E164: "+79161234567"}},
		{name: "ru trunk packed", in: "89161234567", want: normalize.Phone{E164: "+79161234567"}},
		{name: "ru country code without plus", in: "79161234567", want: normalize.Phone{E164: "+79161234567"}},
		{name: "ru national", in: "916 123 45 67", want: normalize.Phone{E164: "+79161234567"}},
		{name: "ru landline", in: "(495) 123-45-67", want: normalize.Phone{E164: "+74951234567"}},
		{name: "kazakh number in the +7 zone", in: "8 (7172) 12-34-56", want: normalize.Phone{E164: "+77172123456"}},
		{name: "explicit default region", in: "8 916 123 45 67", region: "ru", want: normalize.Phone{E164: "+79161234567"}},
		{name: "extension доб.", in: "8-916-123-45-67 доб. 123", want: normalize.Phone{E164: "+79161234567", Extension: "123"}},
		{name: "extension доб without dot", in: "(495) 123-45-67 доб 5", want: normalize.Phone{E164: "+74951234567", Extension: "5"}},
		{name: "extension добавочный", in: "+7 916 123 45 67 добавочный 55", want: normalize.Phone{E164: "+79161234567", Extension: "55"}},
		{name: "extension вн.", in: "89161234567 вн. 5", want: normalize.Phone{E164: "+79161234567", Extension: "5"}},
		{name: "extension ext.", in: "8-916-123-45-67 ext. 12", want: normalize.Phone{E164: "+79161234567", Extension: "12"}},
		{name: "extension x", in: "+7 916 123 45 67 x12", want: normalize.Phone{E164: "+79161234567", Extension: "12"}},
		{name: "extension hash", in: "+7 (916) 123-45-67 #12", want: normalize.Phone{E164: "+79161234567", Extension: "12"}},
		{name: "extension rfc 3966", in: "tel:+7-916-123-45-67;ext=77", want: normalize.Phone{E164: "+79161234567", Extension: "77"}},
		{name: "words around", in: "тел.: +7 916 123-45-67 (моб.)", want: normalize.Phone{E164: "+79161234567"}},
		{name: "full-width digits", in: "８９１６１２３４５６７", want: normalize.Phone{E164: "+79161234567"}},
		{name: "uk international", in: "+44 20 7946 0958", want: normalize.Phone{E164: "+442079460958"}},
		{name: "uk with (0)", in: "+44 (0)20 7946 0958", want: normalize.Phone{E164: "+442079460958"}, reason: "the trunk 0 in brackets is dropped"},
		{name: "uk national", in: "020 7946 0958", region: "GB", want: normalize.Phone{E164: "+442079460958"}},
		{name: "ru idd 8 10", in: "8 10 44 20 7946 0958", want: normalize.Phone{E164: "+442079460958"}},
		{name: "au mobile", in: "04 60632518", region: "AU", want: normalize.Phone{E164: "+61460632518"}},
		{name: "au landline", in: "02 9876 5432", region: "au", want: normalize.Phone{E164: "+61298765432"}},
		{name: "au idd 0011", in: "0011 44 20 7946 0958", region: "AU", want: normalize.Phone{E164: "+442079460958"}},
		{name: "italian leading zero", in: "+39 06 1234 5678", want: normalize.Phone{E164: "+390612345678"}},
		{name: "non-geographic code", in: "+800 1234 5678", want: normalize.Phone{E164: "+80012345678"}},
		{name: "us vanity", in: "1-800-FLOWERS", region: "US", want: normalize.Phone{E164: "+18003569377"}},
		{
			name: "possible but invalid with explicit code", in: "+7 916 000 00 00",
			want:   normalize.Phone{E164: "+79160000000"},
			reason: "the country code is written, the length and shape fit; unknown ranges are kept",
		},
		{
			name: "possible but invalid without code", in: "916 000 00 00",
			want:   normalize.Phone{E164: "+79160000000"},
			reason: "validity is not required: range tables trail real allocations",
		},
		{
			name: "foreign number without plus", in: "14161073663", want: normalize.Phone{E164: "+14161073663"},
			reason: "eleven digits impossible in RU are read once more as international",
		},
		{
			name: "foreign number without plus, extension", in: "442079460958 ext. 7", want: normalize.Phone{E164: "+442079460958", Extension: "7"},
		},

		{name: "empty", in: "", reason: "empty"},
		{name: "spaces only", in: " \t ", reason: "empty"},
		{name: "letters only", in: "abc", reason: "no digits"},
		{name: "plus only", in: "+", reason: "no digits"},
		{name: "emoji", in: "😀", reason: "no phone number found"},
		{name: "invalid utf-8", in: "\xff\xfe", reason: "no phone number found"},
		{name: "too short", in: "12345", reason: "too short"},
		{name: "too short international", in: "+7 916 123", reason: "too short"},
		{name: "too long", in: "+7 916 123 45 67 89 01 23", reason: "too long"},
		{name: "unknown country code", in: "+999 1234567", reason: "invalid country code"},
		{
			name: "country code starting with 0", in: "+02079460958", reason: "invalid country code",
			// read once as cc 20 (Egypt) after a leading 0, it was taken for E.164
		},
		{name: "ru shape, explicit code", in: "+7 123 456 78 90", reason: "not a number of the country's numbering plan"},
		{name: "ru shape, national", in: "123 456 78 90", reason: "not a number of the country's numbering plan"},
		{
			name: "ru shape after trunk prefix", in: "8 (017) 123-45-67", reason: "not a number of the country's numbering plan",
			// phonenumbers calls 0171234567 possible by length; no Russian
			// number starts with 0, so the general pattern rejects it
		},
		{name: "au idd is not 00", in: "0061 4 60632518", region: "AU", reason: "not a number of the country's numbering plan"},
		{name: "ru idd is not 00", in: "00 44 20 7946 0958", reason: "not a number of the country's numbering plan"},
		{
			name: "letters inside", in: "8916abc1234567", reason: "letters inside an unallocated number",
			// read as 8 916 222 1234567, of a possible length for the 8-800 shape
		},
		{
			name: "ru trunk number is not retried as international", in: "8 123 456 78 90", reason: "not a number of the country's numbering plan",
			// with a "+" it would be +81, Japan
		},
		{name: "zero national number", in: "+610000A0", reason: "no phone number found"},
		{name: "two numbers", in: "8 916 123 45 67, 8 495 123 45 67", reason: "no phone number found"},
		{name: "unknown region", in: "8 916 123 45 67", region: "XX", reason: `unknown default region "XX"`},
		{name: "malformed region", in: "+7 916 123 45 67", region: "RUS", reason: `unknown default region "RUS"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := normalize.ParsePhone(tt.in, tt.region)
			if tt.want.E164 == "" {
				require.Error(t, err)
				require.ErrorIs(t, err, normalize.ErrNotPhone)
				var pe *normalize.ParseError
				require.ErrorAs(t, err, &pe)
				assert.Equal(t, tt.reason, pe.Reason)
				assert.Equal(t, normalize.Phone{}, got)
				return
			}
			require.NoError(t, err, tt.reason)
			assert.Equal(t, tt.want, got, tt.reason)

			again, err := normalize.ParsePhone(got.E164, tt.region)
			require.NoError(t, err, "E164 must parse again")
			assert.Equal(t, got.E164, again.E164, "E164 must be a fixed point")
		})
	}
}

func TestParsePhoneErrorInput(t *testing.T) {
	big := strings.Repeat("8", 1<<20)
	_, err := normalize.ParsePhone(big, "")
	var pe *normalize.ParseError
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, "input too long", pe.Reason)
	assert.LessOrEqual(t, len(pe.Input), 64+len("…"), "the error must not carry a megabyte")
	assert.Len(t, big, 1<<20, "input untouched")

	_, err = normalize.ParsePhone("\xffabc", "")
	require.ErrorAs(t, err, &pe)
	assert.True(t, utf8.ValidString(pe.Input))
	assert.True(t, utf8.ValidString(err.Error()))
	assert.Equal(t, "normalize: not a phone number: no phone number found: \"\uFFFDabc\"", err.Error())
}

// TestParsePhoneFebrl measures ParsePhone on the Australian numbers of the
// Febrl phone dataset. Its numbers are random digits after a real area
// prefix, so many fall outside the allocated ranges; ParsePhone keeps them
// all, since their length and shape fit, as +61 followed by the digits
// without the trunk 0.
func TestParsePhoneFebrl(t *testing.T) {
	rows := phoneReadFebrl(t, filepath.Join("..", "..", "shared", "data", "febrl-phones", "dataset_A_10000.csv"))
	total, parsed := 0, 0
	for _, raw := range rows {
		if strings.TrimSpace(raw) == "" {
			continue
		}
		total++
		p, err := normalize.ParsePhone(raw, "AU")
		if err != nil {
			t.Errorf("%q: %v", raw, err)
			continue
		}
		parsed++
		digits := strings.ReplaceAll(raw, " ", "")
		require.Equal(t, "+61"+strings.TrimPrefix(digits, "0"), p.E164, raw)
	}
	t.Logf("febrl-phones dataset_A: %d of %d non-empty numbers parsed", parsed, total)
	require.Greater(t, total, 9000)
}

func phoneReadFebrl(t *testing.T, path string) []string {
	t.Helper()
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		t.Skipf("reference data absent: %v", err)
	}
	require.NoError(t, err)
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	require.NoError(t, err)
	col := -1
	for i, h := range recs[0] {
		if strings.TrimSpace(h) == "phone_number" {
			col = i
		}
	}
	require.GreaterOrEqual(t, col, 0, "phone_number column")
	out := make([]string, 0, len(recs)-1)
	for _, r := range recs[1:] {
		out = append(out, r[col])
	}
	return out
}

func FuzzParsePhone(f *testing.F) {
	for _, s := range []string{
		"8 (916) 123-45-67", "+7 916 1234567", "916 123 45 67", "8-916-123-45-67 доб. 123",
		"+44 20 7946 0958", "04 60632518", "1-800-FLOWERS", "tel:+7-916-123-45-67;ext=77",
		"８９１６１２３４５６７", "+39 06 1234 5678", "😀", "\xff", "", "x1", "#12", "доб 5",
	} {
		f.Add(s, "")
		f.Add(s, "AU")
	}
	f.Fuzz(func(t *testing.T, s, region string) {
		p, err := normalize.ParsePhone(s, region)
		if err != nil {
			if !errors.Is(err, normalize.ErrNotPhone) {
				t.Fatalf("error %v does not wrap ErrNotPhone", err)
			}
			if !utf8.ValidString(err.Error()) {
				t.Fatalf("error text is not UTF-8: %q", err.Error())
			}
			return
		}
		if !utf8.ValidString(p.E164) || !utf8.ValidString(p.Extension) {
			t.Fatalf("invalid UTF-8 in %#v", p)
		}
		if len(p.E164) < 3 || p.E164[0] != '+' || strings.Trim(p.E164[1:], "0123456789") != "" {
			t.Fatalf("not E.164: %q from %q", p.E164, s)
		}
		if strings.Trim(p.Extension, "0123456789") != "" {
			t.Fatalf("extension not digits: %q from %q", p.Extension, s)
		}
		again, err := normalize.ParsePhone(p.E164, region)
		if err != nil || again.E164 != p.E164 {
			t.Fatalf("%q → %q → %q, %v", s, p.E164, again.E164, err)
		}
	})
}

func BenchmarkParsePhone(b *testing.B) {
	for _, bc := range []struct{ name, in, region string }{
		{"ru_trunk", "8 (916) 123-45-67", ""},
		{"ru_plus", "+7 916 123-45-67", ""},
		{"ru_extension", "8-916-123-45-67 доб. 123", ""},
		{"ru_national", "916 123 45 67", ""},
		{"gb_plus", "+44 20 7946 0958", ""},
		{"au_national", "04 60632518", "AU"},
		{"junk_around", "тел.: +7 916 123-45-67 (моб.)", ""},
		{"phonenumbers_path", "tel:+7-916-123-45-67;ext=77", ""},
		{"invalid", "123 456 78 90", ""},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_, _ = normalize.ParsePhone(bc.in, bc.region)
			}
		})
	}
}
