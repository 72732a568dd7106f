package normalize

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

// PhoneError reports why ParsePhone rejected its input. It unwraps to
// ErrNotPhone.
//
// A PhoneError holds only strings and is safe for concurrent use.
type PhoneError struct {
	// Input is the rejected input, cut to at most 64 bytes (then marked
	// with "…") and with invalid UTF-8 replaced by U+FFFD, so that it is
	// safe to log.
	Input string
	// Reason says what is wrong, for example "too short" or
	// "not a valid number for region RU".
	Reason string
}

// Error returns "normalize: not a phone number: <reason>: <quoted input>".
func (e *PhoneError) Error() string {
	return ErrNotPhone.Error() + ": " + e.Reason + ": " + strconv.Quote(e.Input)
}

// Unwrap returns ErrNotPhone.
func (e *PhoneError) Unwrap() error { return ErrNotPhone }

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
	// phoneClipLen bounds the input echoed in PhoneError, EmailError and
	// DateError.
	phoneClipLen = 64
)

// ParsePhone parses a telephone number written the way people write them
// and returns it in E.164 form with its extension.
//
// defaultRegion is the ISO 3166 region ("RU", "AU", "GB"; case does not
// matter) assumed for numbers written without a country code; "" means "RU".
// Text around the number ("тел.: … (моб.)") is ignored and an extension
// after "доб.", "добавочный", "вн.", "ext.", "x" or "#" is returned apart.
//
// The verdict is phonenumbers' (github.com/nyaruka/phonenumbers):
//   - when the input states its country code ("+7 …", the region's
//     international prefix as in "8 10 44 …" from Russia or "0011 44 …" from
//     Australia, or, for region RU, the domestic forms "8 916 …" and
//     "7 916 …", which can only mean +7), the number is accepted when
//     phonenumbers finds it
//     possible, that is of a length the country uses. It need not be valid:
//     phonenumbers' range tables trail real allocations, and the same digits
//     on two records are evidence of the same customer whether or not the
//     range is known;
//   - when the country comes only from defaultRegion ("916 123 45 67",
//     "04 6063 2518"), phonenumbers must find the number valid: the region
//     is then only an assumption, and a number invalid there is more likely
//     foreign or mistyped than new.
//
// Common clean shapes are recognised without phonenumbers.Parse, whose
// regular expressions cost about ten microseconds a call; phonenumbers
// still judges possibility and validity, and the tests check that both
// routes agree.
//
// Errors are *PhoneError values wrapping ErrNotPhone. ParsePhone never
// panics and is safe for concurrent use.
func ParsePhone(s, defaultRegion string) (Phone, error) {
	return phoneParse(s, defaultRegion, false)
}

// ParsePhoneLenient is ParsePhone without the validity test for numbers
// written without a country code: those are accepted when their length is
// possible in defaultRegion. Use it for data whose numbers are known to lie
// outside phonenumbers' range tables (synthetic test data, numbering plans
// changed after the tables were built); on everyday input prefer
// ParsePhone, whose test catches foreign numbers written without their
// country code. A number that ParsePhone accepts, ParsePhoneLenient
// accepts with the same result.
func ParsePhoneLenient(s, defaultRegion string) (Phone, error) {
	return phoneParse(s, defaultRegion, true)
}

func phoneParse(s, defaultRegion string, lenient bool) (Phone, error) {
	region, ok := phoneRegion(defaultRegion)
	if !ok {
		return Phone{}, phoneErr(s, "unknown default region "+strconv.Quote(defaultRegion))
	}
	if len(s) > phoneMaxInput {
		return Phone{}, phoneErr(s, "input too long")
	}
	t := strings.TrimSpace(s)
	if t == "" {
		return Phone{}, phoneErr(s, "empty")
	}
	num, ext := t, ""
	if !phonePlain(t) {
		num, ext = phoneSplitExtension(t)
	}
	var buf [phoneMaxDigits]byte
	digits, plus, clean := phoneDigits(num, buf[:0])
	if !clean {
		// Letters inside the number (a vanity number such as 1-800-FLOWERS),
		// non-ASCII digits or more digits than any number has: phonenumbers
		// reads those itself.
		return phoneFromLib(s, num, ext, region, lenient)
	}
	if len(digits) == 0 {
		return Phone{}, phoneErr(s, "no digits")
	}
	p, err := phoneFromDigits(s, digits, plus, ext, region, lenient)
	if err != nil && phoneHasASCIILetter(num) {
		// Letters right after the digits may spell a vanity number
		// ("1-800-FLOWERS"); phonenumbers knows how to read those.
		if lp, lerr := phoneFromLib(s, num, ext, region, lenient); lerr == nil {
			return lp, nil
		}
	}
	return p, err
}

// phoneFromDigits routes the digits of a number by how its country code
// is given.
func phoneFromDigits(s string, digits []byte, plus bool, ext, region string, lenient bool) (Phone, error) {
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
	return phoneNational(s, digits, ext, region, lenient)
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
	if ccLen == 0 {
		return Phone{}, phoneErr(s, "invalid country code")
	}
	nsn := digits[ccLen:]
	if len(nsn) > 0 && nsn[0] == '0' {
		// Italian-style leading zeros and "+44 (0)20 …" need phonenumbers'
		// rules.
		return phoneFromLib(s, "+"+string(digits), ext, region, false)
	}
	n, ok := phoneNumber(cc, nsn)
	if !ok {
		return Phone{}, phoneErr(s, "too short")
	}
	if r := phonenumbers.IsPossibleNumberWithReason(n); r != phonenumbers.IS_POSSIBLE {
		return Phone{}, phoneErr(s, phonePossibleReason(r))
	}
	return Phone{E164: "+" + string(digits), Extension: ext}, nil
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
// accepted only when phonenumbers finds the result valid; anything else,
// IDD prefixes and carrier codes included, goes to phonenumbers.Parse.
func phoneNational(s string, digits []byte, ext, region string, lenient bool) (Phone, error) {
	cc := phonenumbers.GetCountryCodeForRegion(region)
	nsn := digits
	if p := phonenumbers.GetNddPrefixForRegion(region, true); p != "" && len(nsn) > len(p) && string(nsn[:len(p)]) == p {
		nsn = nsn[len(p):]
	}
	if len(nsn) > 0 && nsn[0] != '0' {
		if n, ok := phoneNumber(cc, nsn); ok &&
			phonenumbers.IsPossibleNumberWithReason(n) == phonenumbers.IS_POSSIBLE &&
			// The region's own ranges first: IsValidNumber alone would
			// first work out which region sharing the code the number
			// belongs to, which doubles the cost.
			(phonenumbers.IsValidNumberForRegion(n, region) || phonenumbers.IsValidNumber(n)) {
			e := make([]byte, 0, 1+3+len(nsn))
			e = append(e, '+')
			e = strconv.AppendInt(e, int64(cc), 10)
			e = append(e, nsn...)
			return Phone{E164: string(e), Extension: ext}, nil
		}
	}
	return phoneFromLib(s, string(digits), ext, region, lenient)
}

// phoneFromLib parses num with phonenumbers.Parse and applies the
// acceptance rule documented on ParsePhone, or on ParsePhoneLenient when
// lenient is set. ext, when not empty, was split off before and wins over
// anything phonenumbers finds.
func phoneFromLib(s, num, ext, region string, lenient bool) (Phone, error) {
	n := &phonenumbers.PhoneNumber{}
	if err := phonenumbers.ParseAndKeepRawInputToNumber(num, region, n); err != nil {
		return Phone{}, phoneErr(s, phoneParseReason(err))
	}
	if r := phonenumbers.IsPossibleNumberWithReason(n); r != phonenumbers.IS_POSSIBLE {
		return Phone{}, phoneErr(s, phonePossibleReason(r))
	}
	if !lenient && n.GetCountryCodeSource() == phonenumbers.PhoneNumber_FROM_DEFAULT_COUNTRY && !phonenumbers.IsValidNumber(n) {
		return Phone{}, phoneErr(s, "not a valid number for region "+region)
	}
	if n.GetNationalNumber() == 0 {
		// phonenumbers formats such a number as its raw input.
		return Phone{}, phoneErr(s, "no phone number found")
	}
	if ext == "" {
		ext = phonenumbers.NormalizeDigitsOnly(n.GetExtension())
	}
	e164 := "+" + strconv.Itoa(int(n.GetCountryCode())) + phonenumbers.GetNationalSignificantNumber(n)
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

func phoneErr(s, reason string) *PhoneError {
	return &PhoneError{Input: phoneClip(s), Reason: reason}
}

// phoneClip makes s safe and short enough to echo in an error message;
// PhoneError, EmailError and DateError all use it.
func phoneClip(s string) string {
	cut := false
	if len(s) > phoneClipLen {
		i := phoneClipLen
		for i > 0 && !utf8.RuneStart(s[i]) {
			i--
		}
		s, cut = s[:i], true
	}
	s = strings.ToValidUTF8(s, "\uFFFD")
	if cut {
		s += "…"
	}
	return s
}
