package normalize

import (
	"math/rand/v2"
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

// TestPhoneShapeDFA checks the numbering-plan DFA of every country code against the
// regexp it is built from, on random digit strings of every length up to 20 and on strings
// that walk the DFA towards a match, so that both matches and near misses are compared.
func TestPhoneShapeDFA(t *testing.T) {
	phoneShapeOf(7) // loads the patterns
	rng := rand.New(rand.NewPCG(1, 2))
	codes, dfas, cases := 0, 0, 0
	for cc := range phoneShapes.patterns {
		sh := phoneShapeOf(cc)
		require.NotNil(t, sh.re, cc)
		codes++
		if !sh.dfa {
			continue
		}
		dfas++
		check := func(s string) {
			cases++
			if got, want := phoneShapeFits(cc, s), sh.re.MatchString(s); got != want {
				t.Fatalf("+%d %q: DFA %v, regexp %v", cc, s, got, want)
			}
		}
		for n := 0; n <= 20; n++ {
			for range 300 {
				b := make([]byte, n)
				for i := range b {
					b[i] = byte('0' + rng.IntN(10))
				}
				check(string(b))
			}
		}
		for range 2000 {
			// A walk that keeps to live states, stopping at a random accepting one or at 20.
			var b []byte
			s := int32(0)
			for len(b) < 20 {
				if sh.accept[s] && rng.IntN(3) == 0 {
					break
				}
				var live []int
				for d := range 10 {
					if sh.next[s][d] >= 0 {
						live = append(live, d)
					}
				}
				if len(live) == 0 {
					break
				}
				d := live[rng.IntN(len(live))]
				b = append(b, byte('0'+d))
				s = sh.next[s][d]
			}
			check(string(b))
			if len(b) > 0 {
				b[rng.IntN(len(b))] = byte('0' + rng.IntN(10)) // a near miss
				check(string(b))
				check(string(b[:len(b)-1]))
				check(string(b) + string(byte('0'+rng.IntN(10))))
			}
		}
	}
	t.Logf("%d codes, %d as DFAs, %d numbers compared", codes, dfas, cases)
	assert.Equal(t, codes, dfas, "every code's patterns fit a DFA")
}

// TestPhonePossibleTable checks the table behind phonePossible against
// phonenumbers.IsPossibleNumberWithReason on random national numbers of every length for
// every country code, and the table of known codes against GetRegionCodeForCountryCode.
func TestPhonePossibleTable(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	codes := phoneCodes()
	for cc := 0; cc < phoneMaxCC; cc++ {
		require.Equal(t, phonenumbers.GetRegionCodeForCountryCode(cc) != "ZZ", codes.known[cc], cc)
		if !codes.known[cc] {
			continue
		}
		for l := phoneMinNSN; l <= phoneMaxNSN; l++ {
			for range 8 {
				nsn := make([]byte, l)
				for i := range nsn {
					nsn[i] = byte('0' + rng.IntN(10))
				}
				nsn[0] = byte('1' + rng.IntN(9))
				got, ok := phonePossible(cc, nsn)
				require.True(t, ok)
				var v uint64
				for _, c := range nsn {
					v = v*10 + uint64(c-'0')
				}
				c32 := int32(cc)
				want := phonenumbers.IsPossibleNumberWithReason(&phonenumbers.PhoneNumber{CountryCode: &c32, NationalNumber: &v})
				require.Equal(t, want, got, "+%d %s", cc, nsn)
			}
		}
	}
}
