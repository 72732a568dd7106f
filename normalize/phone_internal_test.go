package normalize

import (
	"testing"

	"github.com/nyaruka/phonenumbers"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestPhoneAgreesWithPhonenumbers checks the shortcut routes of ParsePhone
// against phonenumbers.Parse with the same acceptance rule, on
// phonenumbers' example number of every type in every region, written in
// national, international and E.164 form, bare and with an extension.
// Whatever phonenumbers accepts, ParsePhone must accept with the same
// result. The converse does not hold by design: ParsePhone reads "8 …"
// in region RU as +7 where phonenumbers may not, and retries eleven or
// more digits without "+" as an international number.
func TestPhoneAgreesWithPhonenumbers(t *testing.T) {
	types := []phonenumbers.PhoneNumberType{
		phonenumbers.FIXED_LINE, phonenumbers.MOBILE, phonenumbers.TOLL_FREE,
		phonenumbers.PREMIUM_RATE, phonenumbers.SHARED_COST, phonenumbers.VOIP,
		phonenumbers.PERSONAL_NUMBER, phonenumbers.PAGER, phonenumbers.UAN, phonenumbers.VOICEMAIL,
	}
	formats := []phonenumbers.PhoneNumberFormat{phonenumbers.NATIONAL, phonenumbers.INTERNATIONAL, phonenumbers.E164}
	suffixes := []string{"", " ext. 12", " x 345", " #7", " доб. 89"}
	cases, accepted := 0, 0
	for region := range phonenumbers.GetSupportedRegions() {
		for _, ty := range types {
			ex := phonenumbers.GetExampleNumberForType(region, ty)
			if ex == nil {
				continue
			}
			for _, f := range formats {
				for _, suffix := range suffixes {
					s := phonenumbers.Format(ex, f) + suffix
					cases++
					want, err := phoneFromLib(s, s, "", region)
					if err != nil {
						continue
					}
					accepted++
					got, err := ParsePhone(s, region)
					require.NoError(t, err, "%s %q", region, s)
					assert.Equal(t, want, got, "%s %q", region, s)
				}
			}
		}
	}
	t.Logf("%d inputs, %d accepted by phonenumbers", cases, accepted)
	require.Greater(t, accepted, cases/2)
}

func TestPhoneExtensionFast(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		wantNum string
		wantExt string
		wantOK  bool
	}{
		{name: "ext.", in: "8 916 123-45-67 ext. 12", wantNum: "8 916 123-45-67", wantExt: "12", wantOK: true},
		{name: "EXTENSION", in: "8 916 123-45-67 EXTENSION: 12", wantNum: "8 916 123-45-67", wantExt: "12", wantOK: true},
		{name: "x attached", in: "+7 916 123 45 67x12", wantNum: "+7 916 123 45 67", wantExt: "12", wantOK: true},
		{name: "hash", in: "+7 916 123 45 67 #12", wantNum: "+7 916 123 45 67", wantExt: "12", wantOK: true},
		{name: "доб.", in: "8 916 123-45-67, доб. 123", wantNum: "8 916 123-45-67", wantExt: "123", wantOK: true},
		{name: "Добавочный", in: "8 916 123-45-67 Добавочный 123", wantNum: "8 916 123-45-67", wantExt: "123", wantOK: true},
		{name: "внутр.", in: "8 916 123-45-67 внутр. 4", wantNum: "8 916 123-45-67", wantExt: "4", wantOK: true},
		{name: "x takes at most 9 digits", in: "+7 916 x 1234567890", wantOK: false},
		{name: "label inside a word", in: "8 916 123-45-67 fax 12", wantOK: false},
		{name: "cyrillic word that is no label", in: "8 916 123-45-67 дом 12", wantOK: false},
		{name: "no number before the label", in: "ext. 12", wantOK: false},
		{name: "no digits after the label", in: "8 916 123-45-67 ext.", wantOK: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			num, ext, ok := phoneExtensionFast(tt.in)
			require.Equal(t, tt.wantOK, ok)
			assert.Equal(t, tt.wantNum, num)
			assert.Equal(t, tt.wantExt, ext)
		})
	}
}

// TestPhoneConcurrent is meant for -race: the numbering-plan patterns are compiled lazily,
// per country code, by whichever call needs them first.
func TestPhoneConcurrent(t *testing.T) {
	inputs := []struct{ s, region string }{
		{"+7 916 123 45 67", ""}, {"+44 20 7946 0958", ""}, {"04 60632518", "AU"},
		{"+61 4 6063 2518", ""}, {"020 7946 0958", "GB"}, {"+39 06 1234 5678", ""},
	}
	done := make(chan struct{})
	for range 4 {
		go func() {
			defer func() { done <- struct{}{} }()
			for _, in := range inputs {
				_, err := ParsePhone(in.s, in.region)
				assert.NoError(t, err, in.s)
			}
		}()
	}
	for range 4 {
		<-done
	}
}
