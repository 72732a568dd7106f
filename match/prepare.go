package match

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/idmatch/idmatch/normalize"
)

// Problem reports a field that could not be normalized. The field is left out of matching;
// the rest of the record still matches.
type Problem struct {
	Field string // "phone", "email", "birth_date", "name", or an extra field's name
	Value string // the offending value, shortened to at most 64 bytes
	Err   error
}

// Error describes the problem; Problem satisfies the error interface so that it can be
// wrapped and inspected with errors.Is.
func (p Problem) Error() string {
	return fmt.Sprintf("match: %s %q: %v", p.Field, p.Value, p.Err)
}

// Unwrap returns the normalizer's error.
func (p Problem) Unwrap() error { return p.Err }

func problem(field, value string, err error) Problem {
	if len(value) > 64 {
		cut := 64
		for cut > 0 && !utf8.RuneStart(value[cut]) {
			cut--
		}
		value = value[:cut] + "…"
	}
	return Problem{Field: field, Value: value, Err: err}
}

// features is the prepared, normalized form of a record: computed once, compared many times.
// Strings are keys (skeletons, canonical forms), never display text.
type features struct {
	id         string
	given      string   // skeleton of the given name as written; one letter when only an initial
	givenKeys  []string // skeletons of the canonical full given names (diminutives resolved)
	middle     string   // skeleton of the patronymic / middle name
	surname    string   // gender-folded surname skeleton
	surnamePh  string   // phonetic key of the surname
	gender     normalize.Gender
	nameFromEm bool     // the name was derived from an e-mail local part (weak evidence)
	stored     bool     // the record is held by the matcher (not a query)
	phones     []string // E.164
	emails     []string // canonical addresses
	city       string
	birth      normalize.Date
	extras     []string // normalized extra values in schema order; "" when missing
}

// prepare normalizes r into features. Fields that fail are dropped and reported.
func (m *Matcher) prepare(r Record) (*features, []Problem, error) {
	f := &features{id: r.ID}
	var probs []Problem

	first, last, middle := strings.TrimSpace(r.FirstName), strings.TrimSpace(r.LastName), strings.TrimSpace(r.MiddleName)
	var (
		name normalize.Name
		err  error
		have bool
	)
	switch {
	case first != "" || last != "" || middle != "":
		name, err = normalize.ParseName(first, middle, last)
		have = true
	case strings.TrimSpace(r.FullName) != "":
		name, err = normalize.ParseFullName(r.FullName)
		have = true
	}
	if have && err != nil && !errors.Is(err, normalize.ErrEmptyName) {
		probs = append(probs, problem("name", first+" "+middle+" "+last+r.FullName, err))
	}
	f.setName(name)

	for _, p := range r.Phones {
		if strings.TrimSpace(p) == "" {
			continue
		}
		ph, err := normalize.ParsePhoneLenient(p, m.cfg.region)
		if err != nil && !strings.Contains(p, "+") && digitCount(p) >= 11 {
			// Bases often keep foreign numbers without their "+": 14161073663.
			if alt, err2 := normalize.ParsePhoneLenient("+"+strings.TrimSpace(p), m.cfg.region); err2 == nil {
				ph, err = alt, nil
			}
		}
		if err != nil {
			probs = append(probs, problem("phone", p, err))
			continue
		}
		f.phones = appendUnique(f.phones, ph.E164)
	}
	var emailTokens []string
	for _, e := range r.Emails {
		if strings.TrimSpace(e) == "" {
			continue
		}
		em, err := normalize.ParseEmail(e)
		if err != nil {
			probs = append(probs, problem("email", e, err))
			continue
		}
		if !contains(f.emails, em.Address) {
			f.emails = append(f.emails, em.Address)
		}
		if emailTokens == nil {
			emailTokens = em.NameTokens
		}
	}
	if f.given == "" && f.surname == "" && len(emailTokens) > 0 {
		f.nameFromEmail(emailTokens)
	}

	if c := strings.TrimSpace(r.City); c != "" {
		f.city, _ = normalize.City(c)
	}
	if d := strings.TrimSpace(r.BirthDate); d != "" {
		bd, err := normalize.ParseDate(d)
		if err != nil {
			probs = append(probs, problem("birth_date", d, err))
		} else {
			f.birth = bd
		}
	}

	if len(m.cfg.extras) > 0 {
		f.extras = make([]string, len(m.cfg.extras))
		for i, x := range m.cfg.extras {
			v := strings.TrimSpace(r.Extra[x.name])
			if v == "" {
				continue
			}
			nv, err := normalizeExtra(x.kind, v)
			if err != nil {
				probs = append(probs, problem(x.name, v, err))
				continue
			}
			f.extras[i] = nv
		}
	}
	if f.empty() {
		return nil, probs, fmt.Errorf("%w: record %q has no usable field", ErrEmptyRecord, r.ID)
	}
	return f, probs, nil
}

// setName keeps the keys of a parsed name. An initial ("В.", "Я.") is kept as the first
// letter of its skeleton, whatever the length of the skeleton (я is "ia"), so that it
// compares with the first letter of a full name.
func (f *features) setName(n normalize.Name) {
	if n.Given != "" {
		f.given = normalize.Skeleton(n.Given)
		switch {
		case f.given == "":
		case isInitial(n.Given):
			f.given = firstLetter(f.given)
		default:
			f.givenKeys = normalize.GivenNameKeys(f.given) // the skeleton is its own skeleton
		}
	}
	if n.Middle != "" {
		f.middle = normalize.Skeleton(n.Middle)
		if f.middle != "" && isInitial(n.Middle) {
			f.middle = firstLetter(f.middle)
		}
	}
	if n.Surname != "" {
		f.surname = normalize.SurnameSkeleton(n.Surname)
		if f.surname != "" && isInitial(n.Surname) {
			f.surname = firstLetter(f.surname)
		} else {
			f.surnamePh = normalize.Phonetic(n.Surname)
		}
	}
	f.gender = n.Gender
}

// isInitial reports whether a parsed name part is a single letter.
func isInitial(s string) bool {
	return utf8.RuneCountInString(strings.Trim(s, ".")) == 1
}

// nameFromEmail takes a name from e-mail local-part tokens ("vasya.petrov88" → vasya, petrov)
// when the record has no name: a token known as a given name becomes the given name, the
// longest other token the surname.
func (f *features) nameFromEmail(tokens []string) {
	var given, surname string
	for _, t := range tokens {
		if utf8.RuneCountInString(t) < 2 {
			continue
		}
		if given == "" && normalize.GivenNameGender(t) != normalize.GenderUnknown {
			given = t
			continue
		}
		if len(t) > len(surname) {
			surname = t
		}
	}
	if given == "" && surname == "" {
		return
	}
	f.setName(normalize.Name{Given: given, Surname: surname, Gender: normalize.GivenNameGender(given)})
	f.nameFromEm = true
}

func (f *features) empty() bool {
	if f.given != "" || f.surname != "" || f.middle != "" || len(f.phones) > 0 || len(f.emails) > 0 ||
		f.city != "" || !f.birth.IsZero() {
		return false
	}
	for _, x := range f.extras {
		if x != "" {
			return false
		}
	}
	return true
}

func normalizeExtra(kind FieldKind, v string) (string, error) {
	switch kind {
	case Date:
		d, err := normalize.ParseDate(v)
		if err != nil {
			return "", err
		}
		return d.String(), nil
	case Number:
		x, err := strconv.ParseFloat(strings.ReplaceAll(strings.ReplaceAll(v, " ", ""), ",", "."), 64)
		if err != nil {
			return "", fmt.Errorf("%w: %q is not a number", ErrBadValue, v)
		}
		return strconv.FormatFloat(x, 'g', -1, 64), nil
	case Name:
		return normalize.Skeleton(v), nil
	default:
		return normalize.Text.Key(v), nil
	}
}

// localPart returns the mailbox name of a canonical address, before its last "@".
func localPart(addr string) string {
	if i := strings.LastIndexByte(addr, '@'); i >= 0 {
		return addr[:i]
	}
	return addr
}

func digitCount(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			n++
		}
	}
	return n
}

func firstLetter(s string) string {
	_, n := utf8.DecodeRuneInString(s)
	return s[:n]
}

func appendUnique(xs []string, s string) []string {
	if contains(xs, s) {
		return xs
	}
	return append(xs, s)
}

func contains(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}
