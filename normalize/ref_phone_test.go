// Code generated from normalize/phone.go at commit f98b6b7; DO NOT EDIT.
//
// It is the reference the differential tests in equiv_test.go compare the package with: the
// normalizers as they were before they were made faster. Only this header and the package
// clause differ from the original.

package normalize_test

import (
	"errors"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/nyaruka/phonenumbers"
)

// Phone is a telephone number in canonical form.
//
// A Phone is a plain value: safe for concurrent use and holding no slices.
type Phone struct {
	// E164 is the number in E.164 form: "+" followed by the country
	// calling code and the national significant number, ASCII digits only,
	// for example "+79161234567".
	E164 string
	// Extension holds the ASCII digits dialled after the call connects
	// ("доб. 123", "ext. 12"), or "" when there is none.
	Extension string
}

// ErrNotPhone is the sentinel that every error from ParsePhone wraps.
var ErrNotPhone = errors.New("normalize: not a phone number")

const (
	// phoneDefaultRegion is used when the caller passes no region: the
	// library's first users are Russian.
	phoneDefaultRegion = "RU"
	// phoneMaxInput matches phonenumbers' own cap; longer input is not a
	// phone number, and refusing it first bounds the work.
	phoneMaxInput = 250
	// phoneMaxDigits is a 3-digit country code plus the longest national
	// number phonenumbers accepts (17 digits).
	phoneMaxDigits = 20
)

// ParsePhone parses a telephone number written the way people write them
// and returns it in E.164 form with its extension.
//
// defaultRegion is the ISO 3166 region ("RU", "AU", "GB"; case does not
// matter) assumed for numbers written without a country code; "" means "RU".
// Text around the number ("тел.: … (моб.)") is ignored and an extension
// after "доб.", "добавочный", "вн.", "ext.", "x" or "#" is returned apart.
//
// The country calling code is the one the input states ("+7 …", the
// region's international prefix as in "8 10 44 …" from Russia or
// "0011 44 …" from Australia, or, for region RU, the domestic forms
// "8 916 …" and "7 916 …", which can only mean +7), else defaultRegion's.
// A number written with eleven or more digits, no "+" and no possible
// reading in defaultRegion is read once more as if it began with "+": CRM
// bases often keep foreign numbers that way ("14161073663" is
// +1 416 107 3663).
//
// The number is accepted only when it is possible for its country, by
// phonenumbers (github.com/nyaruka/phonenumbers): the country calling code
// exists, the national number has a length the country uses
// (IsPossibleNumber), and it has the shape of the country's numbering plan
// (its general national-number pattern: no Russian number starts with 0 or
// 1, so "8 (017) 123-45-67" and "+7 123 456 78 90" are rejected although
// their length fits). It need not be valid (IsValidNumber): phonenumbers'
// range tables trail real allocations, and the same digits on two records
// are evidence of the same customer whether or not the range is known. A
// number spelt in letters ("1-800-FLOWERS") must be valid as well: letters
// inside digits are otherwise damage ("8916abc1234567").
//
// Common clean shapes are recognised without phonenumbers.Parse, whose
// regular expressions cost about ten microseconds a call; phonenumbers
// still judges possibility, and the tests check that both routes agree.
//
// Errors are *ParseError values wrapping ErrNotPhone. Their Digits field
// keeps the digits of the rejected number (extension excluded), which
// callers may keep as a damaged value. ParsePhone never panics and is
// safe for concurrent use.
func ParsePhone(s, defaultRegion string) (Phone, error) {
	p, num, ext, err := phoneParse(s, defaultRegion)
	if err == nil {
		return p, nil
	}
	pe, ok := err.(*ParseError)
	if !ok {
		return Phone{}, err
	}
	if len(s) <= phoneMaxInput && strings.IndexByte(num, '+') < 0 && phoneCountDigits(num) >= 11 &&
		!phoneDomestic(num, defaultRegion) {
		// A foreign number kept without its "+".
		if alt, _, _, err2 := phoneParse("+"+num, defaultRegion); err2 == nil {
			if alt.Extension == "" {
				alt.Extension = ext
			}
			return alt, nil
		}
	}
	pe.Digits = Digits(num)
	return Phone{}, pe
}

// phoneDomestic reports whether the first digit of num begins the trunk
// prefix or the country calling code of region: such a number is written
// the domestic way ("8 123 …" in Russia), and reading it with a "+" would
// turn it into another country's (+81, Japan).
func phoneDomestic(num, region string) bool {
	r, ok := phoneRegion(region)
	if !ok {
		return false
	}
	i := strings.IndexAny(num, "0123456789")
	if i < 0 {
		return false
	}
	first := num[i]
	if p := phonenumbers.GetNddPrefixForRegion(r, true); p != "" && p[0] == first {
		return true
	}
	cc := phonenumbers.GetCountryCodeForRegion(r)
	return cc > 0 && strconv.Itoa(cc)[0] == first
}

// phoneVanity reports whether num has an ASCII letter after its first
// digit, as a number spelt in letters has ("1-800-FLOWERS").
func phoneVanity(num string) bool {
	i := strings.IndexAny(num, "0123456789")
	return i >= 0 && phoneHasASCIILetter(num[i:])
}

func phoneCountDigits(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		if '0' <= s[i] && s[i] <= '9' {
			n++
		}
	}
	return n
}

// phoneParse is ParsePhone without the retry; it also returns the number
// part of s and the extension split off it.
func phoneParse(s, defaultRegion string) (p Phone, num, ext string, err error) {
	region, ok := phoneRegion(defaultRegion)
	if !ok {
		return Phone{}, s, "", phoneErr(s, "unknown default region "+strconv.Quote(defaultRegion))
	}
	if len(s) > phoneMaxInput {
		return Phone{}, s, "", phoneErr(s, "input too long")
	}
	t := strings.TrimSpace(s)
	if t == "" {
		return Phone{}, t, "", phoneErr(s, "empty")
	}
	num = t
	if !phonePlain(t) {
		num, ext = phoneSplitExtension(t)
	}
	var buf [phoneMaxDigits]byte
	digits, plus, clean := phoneDigits(num, buf[:0])
	if !clean {
		// Letters inside the number (a vanity number such as 1-800-FLOWERS),
		// non-ASCII digits or more digits than any number has: phonenumbers
		// reads those itself.
		p, err = phoneFromLib(s, num, ext, region)
		return p, num, ext, err
	}
	if len(digits) == 0 {
		return Phone{}, num, ext, phoneErr(s, "no digits")
	}
	p, err = phoneFromDigits(s, digits, plus, ext, region)
	if err != nil && phoneHasASCIILetter(num) {
		// Letters right after the digits may spell a vanity number
		// ("1-800-FLOWERS"); phonenumbers knows how to read those.
		if lp, lerr := phoneFromLib(s, num, ext, region); lerr == nil {
			return lp, num, ext, nil
		}
	}
	return p, num, ext, err
}

// phoneFromDigits routes the digits of a number by how its country code
// is given.
func phoneFromDigits(s string, digits []byte, plus bool, ext, region string) (Phone, error) {
	if plus {
		return phoneInternational(s, digits, ext, region)
	}
	if region == "RU" && len(digits) == 11 && (digits[0] == '8' || digits[0] == '7') && digits[1] >= '2' {
		// 8 is the Russian trunk prefix and 7 the country code written
		// without "+": both mean +7 followed by the 10-digit national number.
		// A national number starting with 0 or 1 does not exist, and "8 10"
		// begins an international call, so those go to phonenumbers.
		digits[0] = '7'
		return phoneInternational(s, digits, ext, region)
	}
	return phoneNational(s, digits, ext, region)
}

func phoneHasASCIILetter(s string) bool {
	for i := 0; i < len(s); i++ {
		if phoneASCIILetter(s[i]) {
			return true
		}
	}
	return false
}

// phoneRegion upper-cases a region code and checks that phonenumbers
// knows it.
func phoneRegion(r string) (string, bool) {
	if r == "" {
		return phoneDefaultRegion, true
	}
	if len(r) != 2 {
		return "", false
	}
	b := [2]byte{r[0], r[1]}
	for i, c := range b {
		if 'a' <= c && c <= 'z' {
			b[i] = c - 'a' + 'A'
		} else if c < 'A' || c > 'Z' {
			return "", false
		}
	}
	if b == [2]byte{'R', 'U'} {
		return phoneDefaultRegion, true // the common case, without allocating
	}
	up := string(b[:])
	if phonenumbers.GetCountryCodeForRegion(up) == 0 {
		return "", false
	}
	return up, true
}

// phonePlain reports whether s holds nothing but digits, a plus sign and
// the punctuation people group digits with; such input cannot carry an
// extension.
func phonePlain(s string) bool {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case '0' <= c && c <= '9':
		case c == '+' || c == ' ' || c == '-' || c == '(' || c == ')' || c == '.' || c == '/' || c == '\t':
		default:
			return false
		}
	}
	return true
}

// phoneSplitExtension splits an extension off s. The common forms are
// read directly (phoneExtensionFast); the rest goes to phonenumbers'
// extension grammar, which knows the Russian label only as the exact word
// "доб", so the last word that starts like a Russian label is rewritten
// to it first.
func phoneSplitExtension(s string) (num, ext string) {
	if num, ext, ok := phoneExtensionFast(s); ok {
		return num, ext
	}
	// Every form of phonenumbers' grammar ends in a digit or "#"; without
	// one its expression need not run.
	if r, _ := utf8.DecodeLastRuneInString(s); r != '#' && !unicode.IsDigit(r) {
		return s, ""
	}
	rewritten := s
	if i, j := phoneExtLabel(s); i >= 0 {
		rewritten = s[:i] + "доб" + s[j:]
	}
	num, ext = phonenumbers.MaybeSeparateExtensionFromPhone(rewritten)
	if ext == "" {
		return s, ""
	}
	return num, phonenumbers.NormalizeDigitsOnly(ext)
}

// phoneExtensionFast reads "<number> <label>[.:] <digits>" at the end of
// s, where the label is "ext", "extn", "extension", "x", "#" or a Russian
// label (phoneRussianLabel), with phonenumbers' digit limits: up to 20
// digits after a word label, up to 9 after "x" or "#". It costs a few
// nanoseconds where phonenumbers' extension expression costs microseconds.
func phoneExtensionFast(s string) (num, ext string, ok bool) {
	j := len(s)
	for j > 0 && '0' <= s[j-1] && s[j-1] <= '9' {
		j--
	}
	if j == len(s) || len(s)-j > 20 {
		return "", "", false
	}
	k := j
	for k > 0 && (s[k-1] == ' ' || s[k-1] == '\t' || s[k-1] == '-' || s[k-1] == ',') {
		k--
	}
	if k > 0 && (s[k-1] == '.' || s[k-1] == ':') {
		k--
	}
	l := k
	for l > 0 && phoneASCIILetter(s[l-1]) {
		l--
	}
	short := false
	switch w := s[l:k]; {
	case l == k && l > 0 && s[l-1] == '#':
		l--
		short = true
	case l == k:
		for l > 0 {
			r, n := utf8.DecodeLastRuneInString(s[:l])
			if !phoneCyrillic(r) {
				break
			}
			l -= n
		}
		if l == k || !phoneRussianLabel(s[l:k]) {
			return "", "", false
		}
	case strings.EqualFold(w, "x"):
		short = true
	case strings.EqualFold(w, "ext"), strings.EqualFold(w, "extn"), strings.EqualFold(w, "extension"):
	default:
		return "", "", false
	}
	if short && len(s)-j > 9 {
		return "", "", false
	}
	if l > 0 && (phoneASCIILetter(s[l-1]) || s[l-1] >= utf8.RuneSelf) {
		return "", "", false // the label is the tail of a longer word
	}
	num = strings.TrimRight(s[:l], " \t,")
	if num == "" {
		return "", "", false
	}
	return num, s[j:], true
}

func phoneASCIILetter(c byte) bool {
	c |= 0x20
	return 'a' <= c && c <= 'z'
}

// phoneRussianLabel reports whether word starts like a Russian extension
// label: "доб", "добавочный", "доп", "вн", "внутр", "внутренний".
func phoneRussianLabel(word string) bool {
	var first [3]rune
	k := 0
	for _, r := range word {
		if k == len(first) {
			break
		}
		first[k] = unicode.ToLower(r)
		k++
	}
	return first == [3]rune{'д', 'о', 'б'} || first == [3]rune{'д', 'о', 'п'} ||
		first[0] == 'в' && first[1] == 'н'
}

// phoneExtLabel returns the byte range of the last Cyrillic word of s that
// starts like a Russian extension label, or -1, -1.
func phoneExtLabel(s string) (start, end int) {
	start, end = -1, -1
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if !phoneCyrillic(r) {
			i += n
			continue
		}
		j := i
		for j < len(s) {
			r, n := utf8.DecodeRuneInString(s[j:])
			if !phoneCyrillic(r) {
				break
			}
			j += n
		}
		if phoneRussianLabel(s[i:j]) {
			start, end = i, j
		}
		i = j
	}
	return start, end
}

func phoneCyrillic(r rune) bool { return r >= 'Ѐ' && r <= 'ӿ' }

// phoneDigits appends the ASCII digits of s to buf and reports whether a
// plus sign came before the first digit. clean is false when s needs
// phonenumbers' own reading: a letter or a non-ASCII character between two
// digits, non-ASCII input without ASCII digits, or more digits than buf
// holds. Anything before the first digit or after the last one is ignored.
func phoneDigits(s string, buf []byte) (digits []byte, plus, clean bool) {
	first, last := -1, -1
	for i := 0; i < len(s); i++ {
		if c := s[i]; '0' <= c && c <= '9' {
			if first < 0 {
				first = i
			}
			last = i
		}
	}
	if first < 0 {
		return buf, false, !phoneHasNonASCII(s)
	}
	for i := first - 1; i >= 0; i-- {
		c := s[i]
		if c == '+' {
			plus = true
			break
		}
		if c != ' ' && c != '(' && c != '\t' {
			break
		}
	}
	for i := first; i <= last; i++ {
		switch c := s[i]; {
		case '0' <= c && c <= '9':
			if len(buf) == cap(buf) {
				return buf, plus, false
			}
			buf = append(buf, c)
		case c == ' ' || c == '-' || c == '(' || c == ')' || c == '.' || c == '/' || c == '\t':
		default:
			return buf, plus, false
		}
	}
	return buf, plus, true
}

func phoneHasNonASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return true
		}
	}
	return false
}

// phoneInternational handles digits that start with a country calling
// code.
func phoneInternational(s string, digits []byte, ext, region string) (Phone, error) {
	cc, ccLen := phoneCountryCode(digits)
	if ccLen == 0 || digits[0] == '0' {
		return Phone{}, phoneErr(s, "invalid country code")
	}
	nsn := digits[ccLen:]
	if len(nsn) > 0 && nsn[0] == '0' {
		// Italian-style leading zeros and "+44 (0)20 …" need phonenumbers'
		// rules.
		return phoneFromLib(s, "+"+string(digits), ext, region)
	}
	n, ok := phoneNumber(cc, nsn)
	if !ok {
		return Phone{}, phoneErr(s, "too short")
	}
	if r := phonenumbers.IsPossibleNumberWithReason(n); r != phonenumbers.IS_POSSIBLE {
		return Phone{}, phoneErr(s, phonePossibleReason(r))
	}
	e164 := "+" + string(digits)
	if !phoneShapeFits(int32(cc), e164[1+ccLen:]) {
		return Phone{}, phoneErr(s, phoneShapeReason)
	}
	return Phone{E164: e164, Extension: ext}, nil
}

// phoneCountryCode finds the country calling code that starts digits;
// E.164 codes form a prefix code, so at most one length matches.
func phoneCountryCode(digits []byte) (cc, n int) {
	for l := 1; l <= 3 && l < len(digits); l++ {
		cc = cc*10 + int(digits[l-1]-'0')
		if phonenumbers.GetRegionCodeForCountryCode(cc) != "ZZ" {
			return cc, l
		}
	}
	return 0, 0
}

// phoneNumber builds the phonenumbers value for a country code and a
// national number without leading zeros.
func phoneNumber(cc int, nsn []byte) (*phonenumbers.PhoneNumber, bool) {
	if len(nsn) < 2 || len(nsn) > 17 {
		return nil, false
	}
	var v uint64
	for _, c := range nsn {
		v = v*10 + uint64(c-'0')
	}
	c32 := int32(cc)
	return &phonenumbers.PhoneNumber{CountryCode: &c32, NationalNumber: &v}, true
}

// phoneNational handles digits written without a country code. The
// simple reading (strip the region's trunk prefix, keep the rest) is
// accepted when it is possible for the region; anything else, IDD
// prefixes and carrier codes included, goes to phonenumbers.Parse.
func phoneNational(s string, digits []byte, ext, region string) (Phone, error) {
	cc := phonenumbers.GetCountryCodeForRegion(region)
	nsn := digits
	if p := phonenumbers.GetNddPrefixForRegion(region, true); p != "" && len(nsn) > len(p) && string(nsn[:len(p)]) == p {
		nsn = nsn[len(p):]
	}
	if len(nsn) > 0 && nsn[0] != '0' {
		if n, ok := phoneNumber(cc, nsn); ok &&
			phonenumbers.IsPossibleNumberWithReason(n) == phonenumbers.IS_POSSIBLE {
			var buf [1 + 3 + phoneMaxDigits]byte
			e := append(buf[:0], '+')
			e = strconv.AppendInt(e, int64(cc), 10)
			e = append(e, nsn...)
			e164 := string(e)
			if phoneShapeFits(int32(cc), e164[len(e164)-len(nsn):]) {
				return Phone{E164: e164, Extension: ext}, nil
			}
		}
	}
	return phoneFromLib(s, string(digits), ext, region)
}

// phoneFromLib parses num with phonenumbers.Parse and applies the
// acceptance rule documented on ParsePhone. ext, when not empty, was split
// off before and wins over anything phonenumbers finds.
func phoneFromLib(s, num, ext, region string) (Phone, error) {
	n := &phonenumbers.PhoneNumber{}
	if err := phonenumbers.ParseAndKeepRawInputToNumber(num, region, n); err != nil {
		return Phone{}, phoneErr(s, phoneParseReason(err))
	}
	if r := phonenumbers.IsPossibleNumberWithReason(n); r != phonenumbers.IS_POSSIBLE {
		return Phone{}, phoneErr(s, phonePossibleReason(r))
	}
	if n.GetNationalNumber() == 0 {
		// phonenumbers formats such a number as its raw input.
		return Phone{}, phoneErr(s, "no phone number found")
	}
	nsn := phonenumbers.GetNationalSignificantNumber(n)
	if !phoneShapeFits(n.GetCountryCode(), nsn) {
		return Phone{}, phoneErr(s, phoneShapeReason)
	}
	if phoneVanity(num) && !phonenumbers.IsValidNumber(n) {
		// Letters inside digits are either a number spelt in letters, which
		// a business advertises and so is allocated, or damage.
		return Phone{}, phoneErr(s, "letters inside an unallocated number")
	}
	if ext == "" {
		ext = phonenumbers.NormalizeDigitsOnly(n.GetExtension())
	}
	e164 := "+" + strconv.Itoa(int(n.GetCountryCode())) + nsn
	return Phone{E164: e164, Extension: ext}, nil
}

func phoneParseReason(err error) string {
	switch {
	case errors.Is(err, phonenumbers.ErrInvalidCountryCode):
		return "invalid country code"
	case errors.Is(err, phonenumbers.ErrTooShortNSN), errors.Is(err, phonenumbers.ErrTooShortAfterIDD):
		return "too short"
	case errors.Is(err, phonenumbers.ErrNumTooLong):
		return "too long"
	default:
		return "no phone number found"
	}
}

func phonePossibleReason(r phonenumbers.ValidationResult) string {
	switch r {
	case phonenumbers.INVALID_COUNTRY_CODE:
		return "invalid country code"
	case phonenumbers.TOO_SHORT:
		return "too short"
	case phonenumbers.TOO_LONG:
		return "too long"
	case phonenumbers.IS_POSSIBLE_LOCAL_ONLY:
		return "local number without area code"
	default:
		return "impossible length for the country"
	}
}

func phoneErr(s, reason string) *ParseError {
	return parseErr("phone", ErrNotPhone, s, reason, "")
}
