// Code generated from normalize/email.go at commit f98b6b7; DO NOT EDIT.
//
// It is the reference the differential tests in equiv_test.go compare the package with: the
// normalizers as they were before they were made faster. Only this header and the package
// clause differ from the original.

package normalize_test

import (
	"errors"
	"net/url"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/idna"
	"golang.org/x/text/unicode/norm"
)

// Email is an e-mail address in the canonical form used for matching.
//
// An Email is a plain value and safe for concurrent use. Local and Domain
// are substrings of Address. NameTokens is a fresh slice owned by the
// caller.
type Email struct {
	// Address is Local + "@" + Domain: the mailbox the address delivers
	// to, so that "Vasya.Petrov+shop@GoogleMail.com" and
	// "vasyapetrov@gmail.com" compare equal.
	Address string
	// Local is the canonical local part: lower case (NFC for non-ASCII),
	// with the provider's rules applied (see ParseEmail).
	Local string
	// Domain is the canonical domain: lower-case ASCII, internationalised
	// names in punycode ("почта.рф" → "xn--80a1acny.xn--p1ai"), provider
	// aliases folded ("googlemail.com" → "gmail.com").
	Domain string
	// NameTokens is weak name evidence read from the local part as written,
	// before any provider rule: "Vasya.Petrov88" → ["vasya", "petrov"]. It
	// is nil when the local part holds no usable word. See ParseEmail for
	// the rule.
	NameTokens []string
}

// ErrInvalidEmail is the sentinel that every error from ParseEmail wraps.
var ErrInvalidEmail = errors.New("normalize: invalid e-mail address")

const (
	// emailMaxInput bounds the whole input, display name included; the
	// address itself is bounded by RFC 5321 (254 bytes).
	emailMaxInput   = 1024
	emailMaxAddress = 254
	emailMaxLocal   = 64
	emailMaxDomain  = 253
	emailMaxLabel   = 63
	// emailMaxTokens bounds NameTokens; a local part has a few words.
	emailMaxTokens = 8
)

// emailProvider is how one mail provider maps addresses to mailboxes.
type emailProvider struct {
	domain      string // canonical domain of the mailbox
	dropDots    bool   // "." in the login is ignored
	dotToDash   bool   // "." and "-" in the login are the same character
	dropPlusTag bool   // "login+tag" delivers to "login"
}

// emailProviders holds the provider table documented on ParseEmail, keyed
// by every domain each provider receives mail for.
var emailProviders = func() map[string]emailProvider {
	m := map[string]emailProvider{}
	add := func(p emailProvider, domains ...string) {
		for _, d := range domains {
			m[d] = p
		}
	}
	add(emailProvider{domain: "gmail.com", dropDots: true, dropPlusTag: true}, "gmail.com", "googlemail.com")
	add(emailProvider{domain: "yandex.ru", dotToDash: true, dropPlusTag: true},
		"yandex.ru", "ya.ru", "yandex.com", "yandex.by", "yandex.kz", "yandex.ua")
	for _, d := range []string{
		"outlook.com", "outlook.ru", "outlook.de", "outlook.fr",
		"hotmail.com", "hotmail.co.uk", "hotmail.fr", "hotmail.de", "hotmail.it", "hotmail.es",
		"live.com", "live.ru", "live.co.uk", "live.fr", "live.de", "msn.com",
	} {
		add(emailProvider{domain: d, dropPlusTag: true}, d)
	}
	add(emailProvider{domain: "icloud.com", dropPlusTag: true}, "icloud.com", "me.com", "mac.com")
	add(emailProvider{domain: "proton.me", dropPlusTag: true}, "proton.me", "protonmail.com", "protonmail.ch", "pm.me")
	add(emailProvider{domain: "fastmail.com", dropPlusTag: true}, "fastmail.com")
	add(emailProvider{domain: "fastmail.fm", dropPlusTag: true}, "fastmail.fm")
	return m
}()

// emailIDNA converts internationalised domains. MapForLookup folds case and
// width the way browsers do; the rest rejects what cannot be a host name.
var emailIDNA = idna.New(
	idna.MapForLookup(),
	idna.Transitional(false),
	idna.BidiRule(),
	idna.StrictDomainName(true),
	idna.VerifyDNSLength(true),
)

// emailRoleWords are local-part words that name a function, not a person;
// they are left out of NameTokens.
var emailRoleWords = map[string]bool{
	"admin": true, "administrator": true, "billing": true, "contact": true, "contacts": true,
	"email": true, "hello": true, "hr": true, "info": true, "mail": true, "manager": true,
	"no": true, "noreply": true, "office": true, "postmaster": true, "reply": true,
	"sales": true, "service": true, "support": true, "team": true, "test": true, "webmaster": true,
}

// ParseEmail parses an e-mail address and returns its canonical form.
//
// It accepts a bare address, a display-name form ("Vasya Petrov
// <vasya@mail.ru>") and a mailto: URI, with spaces around. The local part
// is lower-cased: RFC 5321 lets a server tell case apart, but no public
// provider does. The domain is lower-cased, a final dot dropped and
// internationalised names converted to punycode. Then the provider's rules
// fold the aliases of one mailbox. Only rules the providers document or
// demonstrably apply are used:
//
//   - Gmail: dots in the login ignored, "+tag" dropped, googlemail.com is
//     gmail.com: "Vasya.Petrov+shop@GoogleMail.com" → "vasyapetrov@gmail.com".
//   - Yandex: one login across yandex.ru, ya.ru, yandex.com, yandex.by,
//     yandex.kz and yandex.ua, where "." and "-" are the same character;
//     "+tag" dropped: "vasya.petrov@ya.ru" → "vasya-petrov@yandex.ru".
//   - Outlook.com (outlook.*, hotmail.*, live.* and msn.com in the common
//     countries): "+tag" dropped; each domain is its own namespace and is
//     kept.
//   - iCloud (icloud.com, me.com, mac.com share one Apple ID namespace;
//     canonical icloud.com), Proton (proton.me, protonmail.com,
//     protonmail.ch, pm.me; canonical proton.me), Fastmail: "+tag" dropped.
//
// Other domains keep their local part, "+tag" included, since only the
// receiving server knows what it means: Mail.ru logins cannot contain "+"
// at all, and Yahoo's disposable addresses use a "-keyword" that cannot be
// told from a real hyphen.
//
// NameTokens come from the local part as written, up to any "+": it is cut
// into words at ".", "_", "-", digits, other non-letters and lower-to-upper
// case changes ("VasyaPetrov"), and the words are lower-cased. Role words
// ("info", "sales", "noreply"…) are dropped; a one-letter word is kept,
// as an initial, only beside a longer word and not beside a digit:
// "v_petrov" → ["v", "petrov"], "a1b2" → nil.
//
// Rejected, with a *ParseError wrapping ErrInvalidEmail: empty input, no
// "@" or more than one, an empty local part or domain, a space or control
// character inside, a local part with a leading, trailing or doubled dot
// or a character e-mail does not allow, quoted local parts, IP-address
// domains, a domain without a dot or with a bad label, invalid UTF-8 and
// anything longer than RFC 5321 allows.
//
// ParseEmail never panics and is safe for concurrent use.
func ParseEmail(s string) (Email, error) {
	if len(s) > emailMaxInput {
		return Email{}, emailErr(s, "input too long")
	}
	t := strings.TrimSpace(s)
	if t == "" {
		return Email{}, emailErr(s, "empty")
	}
	if strings.HasSuffix(t, ">") {
		i := strings.LastIndexByte(t, '<')
		if i < 0 {
			return Email{}, emailErr(s, "unbalanced angle brackets")
		}
		t = strings.TrimSpace(t[i+1 : len(t)-1])
	}
	if len(t) >= 7 && strings.EqualFold(t[:7], "mailto:") {
		t = t[7:]
		if i := strings.IndexByte(t, '?'); i >= 0 {
			t = t[:i]
		}
		if strings.IndexByte(t, '%') >= 0 {
			u, err := url.PathUnescape(t)
			if err != nil {
				return Email{}, emailErr(s, "bad percent-encoding in mailto URI")
			}
			t = u
		}
	}
	if t == "" {
		return Email{}, emailErr(s, "empty")
	}
	if !utf8.ValidString(t) {
		return Email{}, emailErr(s, "invalid UTF-8")
	}
	if len(t) > emailMaxAddress {
		return Email{}, emailErr(s, "address too long")
	}
	at := strings.IndexByte(t, '@')
	if at < 0 {
		return Email{}, emailErr(s, "no @")
	}
	if strings.IndexByte(t[at+1:], '@') >= 0 {
		return Email{}, emailErr(s, "more than one @")
	}
	local, domain := t[:at], t[at+1:]
	if local == "" {
		return Email{}, emailErr(s, "empty local part")
	}
	if domain == "" {
		return Email{}, emailErr(s, "empty domain")
	}
	if reason := emailCheckLocal(local); reason != "" {
		return Email{}, emailErr(s, reason)
	}
	dom, reason := emailDomain(domain)
	if reason != "" {
		return Email{}, emailErr(s, reason)
	}

	var abuf [emailMaxAddress + 1]byte
	buf := abuf[:0]
	prov, known := emailProviders[dom]
	if known {
		dom = prov.domain
	}
	buf = emailAppendLocal(buf, local, prov)
	if len(buf) == 0 {
		// A local part that is all tag ("+shop"): keep it as written
		// rather than invent an empty mailbox.
		buf = emailAppendLocal(buf, local, emailProvider{})
	}
	nLocal := len(buf)
	buf = append(buf, '@')
	buf = append(buf, dom...)
	// Lower-casing and punycode can lengthen an address; the canonical
	// form must itself be a valid address.
	if nLocal > emailMaxLocal {
		return Email{}, emailErr(s, "local part too long")
	}
	if len(buf) > emailMaxAddress {
		return Email{}, emailErr(s, "address too long")
	}
	addr := string(buf)
	return Email{
		Address:    addr,
		Local:      addr[:nLocal],
		Domain:     addr[nLocal+1:],
		NameTokens: emailNameTokens(local),
	}, nil
}

// emailCheckLocal returns why local cannot be a local part, or "".
func emailCheckLocal(local string) string {
	if len(local) > emailMaxLocal {
		return "local part too long"
	}
	if local[0] == '"' {
		return "quoted local part not supported"
	}
	if local[0] == '.' || local[len(local)-1] == '.' || strings.Contains(local, "..") {
		return "misplaced dot in local part"
	}
	for _, r := range local {
		switch {
		case r < utf8.RuneSelf:
			if r <= ' ' || r == 0x7f {
				return emailSpaceOrControl(r)
			}
			if !emailAtext(byte(r)) {
				return "character " + strconv.QuoteRune(r) + " not allowed in local part"
			}
		case unicode.IsSpace(r):
			return "space inside"
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r):
		default:
			return "character " + strconv.QuoteRune(r) + " not allowed in local part"
		}
	}
	return ""
}

func emailSpaceOrControl(r rune) string {
	if r == ' ' || r == '\t' || r == '\n' || r == '\r' {
		return "space inside"
	}
	return "control character"
}

// emailAtext reports whether c may appear unquoted in a local part
// (RFC 5322 atext, plus the dot).
func emailAtext(c byte) bool { return c < utf8.RuneSelf && emailAtextTable[c] }

var emailAtextTable = func() (t [utf8.RuneSelf]bool) {
	for c := 'a'; c <= 'z'; c++ {
		t[c], t[c-'a'+'A'] = true, true
	}
	for c := '0'; c <= '9'; c++ {
		t[c] = true
	}
	for _, c := range ".!#$%&'*+-/=?^_`{|}~" {
		t[c] = true
	}
	return t
}()

// emailDomain returns the canonical lower-case ASCII form of domain, or
// why it is not a mail domain.
func emailDomain(domain string) (string, string) {
	domain = strings.TrimSuffix(domain, ".")
	if domain == "" {
		return "", "empty domain"
	}
	if domain[0] == '[' {
		return "", "IP-address domain not supported"
	}
	ascii := true
	for i := 0; i < len(domain); i++ {
		c := domain[i]
		if c >= utf8.RuneSelf {
			ascii = false
		} else if c <= ' ' || c == 0x7f {
			return "", emailSpaceOrControl(rune(c))
		}
	}
	d := domain
	if ascii {
		d = emailLowerASCII(domain)
	}
	// Punycode labels ("xn--…") and other labels with "--" are IDNA's to
	// judge; plain ASCII host names are checked below without it.
	if !ascii || strings.Contains(d, "--") {
		for _, r := range domain {
			if unicode.IsSpace(r) {
				return "", "space inside"
			}
		}
		var err error
		if d, err = emailIDNA.ToASCII(d); err != nil {
			return "", "bad domain"
		}
		d = strings.TrimSuffix(d, ".")
	}
	if reason := emailCheckLabels(d); reason != "" {
		return "", reason
	}
	return d, ""
}

// emailCheckLabels checks a lower-case ASCII domain against the host-name
// rules (RFC 1123): letters, digits and inner hyphens, labels of 1 to 63
// bytes, at least two labels, a top-level label that is not all digits.
func emailCheckLabels(d string) string {
	if len(d) > emailMaxDomain {
		return "domain too long"
	}
	labels := 0
	allDigits := true
	start := 0
	for i := 0; i <= len(d); i++ {
		if i < len(d) && d[i] != '.' {
			c := d[i]
			if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-') {
				return "character " + strconv.QuoteRune(rune(c)) + " not allowed in domain"
			}
			continue
		}
		l := d[start:i]
		if l == "" {
			return "empty label in domain"
		}
		if len(l) > emailMaxLabel {
			return "domain label too long"
		}
		if l[0] == '-' || l[len(l)-1] == '-' {
			return "hyphen at the edge of a domain label"
		}
		allDigits = true
		for k := 0; k < len(l); k++ {
			if l[k] < '0' || l[k] > '9' {
				allDigits = false
				break
			}
		}
		labels++
		start = i + 1
	}
	if labels < 2 {
		return "domain without a dot"
	}
	if allDigits {
		return "IP-address domain not supported"
	}
	return ""
}

func emailLowerASCII(s string) string {
	for i := 0; i < len(s); i++ {
		if 'A' <= s[i] && s[i] <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if 'A' <= b[j] && b[j] <= 'Z' {
					b[j] += 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}

// emailAppendLocal appends the canonical form of local under p's rules.
func emailAppendLocal(buf []byte, local string, p emailProvider) []byte {
	if p.dropPlusTag {
		if i := strings.IndexByte(local, '+'); i >= 0 {
			local = local[:i]
		}
	}
	ascii := true
	for i := 0; i < len(local); i++ {
		if local[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if !ascii {
		local = norm.NFC.String(strings.ToLower(local))
	}
	for i := 0; i < len(local); i++ {
		c := local[i]
		switch {
		case 'A' <= c && c <= 'Z':
			c += 'a' - 'A'
		case c == '.' && p.dropDots:
			continue
		case c == '.' && p.dotToDash:
			c = '-'
		}
		buf = append(buf, c)
	}
	return buf
}

// emailNameTokens implements the NameTokens rule documented on ParseEmail.
func emailNameTokens(local string) []string {
	if i := strings.IndexByte(local, '+'); i >= 0 {
		local = local[:i]
	}
	type span struct {
		start, end int
		nearDigit  bool
	}
	var spans [emailMaxTokens]span
	n := 0
	var lbuf [emailMaxLocal]byte
	lower := lbuf[:0]
	inWord, prevDigit, prevLower := false, false, false
	for _, r := range local {
		var letter, upper, digit bool
		if r < utf8.RuneSelf {
			c := byte(r)
			upper = 'A' <= c && c <= 'Z'
			letter = upper || 'a' <= c && c <= 'z'
			digit = '0' <= c && c <= '9'
			if upper {
				r += 'a' - 'A'
			}
		} else {
			upper = unicode.IsUpper(r)
			letter = unicode.IsLetter(r) || inWord && unicode.IsMark(r)
			digit = unicode.IsDigit(r)
			r = unicode.ToLower(r)
		}
		if letter {
			if inWord && prevLower && upper {
				spans[n-1].end = len(lower) // "VasyaPetrov"
				inWord = false
			}
			if !inWord {
				if n == len(spans) {
					break
				}
				spans[n] = span{start: len(lower), nearDigit: prevDigit}
				n++
				inWord = true
			}
			lower = utf8.AppendRune(lower, r)
			prevLower = !upper
			prevDigit = false
			continue
		}
		if inWord {
			spans[n-1].end = len(lower)
			spans[n-1].nearDigit = spans[n-1].nearDigit || digit
			inWord = false
		}
		prevLower, prevDigit = false, digit
	}
	if inWord {
		spans[n-1].end = len(lower)
	}
	// Choose the words first, so that the result is allocated once.
	var keep [emailMaxTokens]bool
	kept, long := 0, false
	for i, sp := range spans[:n] {
		w := lower[sp.start:sp.end]
		switch {
		case emailRoleWords[string(w)]:
		case utf8.RuneCount(w) == 1:
			keep[i] = !sp.nearDigit
		default:
			keep[i], long = true, true
		}
		if keep[i] {
			kept++
		}
	}
	if !long {
		return nil
	}
	str := string(lower)
	out := make([]string, 0, kept)
	for i, sp := range spans[:n] {
		if keep[i] {
			out = append(out, str[sp.start:sp.end])
		}
	}
	return out
}

func emailErr(s, reason string) *ParseError {
	return parseErr("email", ErrInvalidEmail, s, reason, "")
}
