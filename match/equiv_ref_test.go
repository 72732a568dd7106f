package match

// The record preparation as it was before it was made faster (commit f98b6b7), kept as the
// reference the differential tests in equiv_test.go compare the preparers with. Only the
// names differ from the original: Input is refInput, prepareX is refPrepareX, and the helpers
// that were changed are copied as refX (refSplitCells, refEachValue, refIsInitial, ...). The
// helpers it calls that were not changed (nameFromTokens, canonicalHandle, uniqueStrings, ...)
// are the package's own.

import (
	"errors"
	"fmt"
	"iter"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/idmatch/idmatch/normalize"
)

type refInput struct {
	Record *Record
	Region string

	nameDone  bool
	name      normalize.Name
	nameErr   error
	nameWeak  bool
	emailDone bool
	emails    []normalize.Email
	emailErrs []Problem
}

func (in *refInput) Name() (n normalize.Name, weak bool) {
	if !in.nameDone {
		in.nameDone = true
		in.parseName()
	}
	return in.name, in.nameWeak
}

func (in *refInput) parseName() {
	r := in.Record
	first, last, middle := strings.TrimSpace(r.FirstName), strings.TrimSpace(r.LastName), strings.TrimSpace(r.MiddleName)
	switch {
	case first != "" || last != "" || middle != "":
		in.name, in.nameErr = normalize.ParseName(first, middle, last)
	case strings.TrimSpace(r.FullName) != "":
		in.name, in.nameErr = normalize.ParseFullName(r.FullName)
	}
	if errors.Is(in.nameErr, normalize.ErrEmptyName) {
		in.nameErr = nil
	}
	if in.name.Given != "" || in.name.Surname != "" {
		return
	}
	var tokens []string
	for _, e := range in.Emails() {
		if len(e.NameTokens) > 0 {
			tokens = e.NameTokens
			break
		}
	}
	if tokens == nil {
		for _, h := range r.Handles {
			if tokens = handleNameTokens(h); tokens != nil {
				break
			}
		}
	}
	if n, ok := nameFromTokens(tokens); ok {
		in.name, in.nameWeak = n, true
	}
}

func (in *refInput) nameProblem() (Problem, bool) {
	if !in.nameDone || in.nameErr == nil {
		return Problem{}, false
	}
	r := in.Record
	raw := strings.TrimSpace(strings.Join([]string{r.FirstName, r.MiddleName, r.LastName, r.FullName}, " "))
	return NewProblem("name", raw, in.nameErr), true
}

func (in *refInput) Emails() []normalize.Email {
	if !in.emailDone {
		in.emailDone = true
		for _, cell := range refSplitCells(in.Record.Emails) {
			for raw := range refEachValue(cell, refIsEmail) {
				e, err := normalize.ParseEmail(raw)
				if err != nil {
					in.emailErrs = append(in.emailErrs, NewProblem("email", raw, err))
					continue
				}
				if len(in.emails) == maxCellValues {
					in.emailErrs = append(in.emailErrs, NewProblem("email", raw, fmt.Errorf("%w: more than %d e-mail addresses", ErrBadValue, maxCellValues)))
					break
				}
				if !slices.ContainsFunc(in.emails, func(x normalize.Email) bool { return x.Address == e.Address }) {
					in.emails = append(in.emails, e)
				}
			}
		}
	}
	return in.emails
}

func refIsEmail(s string) bool {
	_, err := normalize.ParseEmail(s)
	return err == nil
}

// refPrepare is schema.prepare over the person fields, without the features around the
// values.
func refPrepare(r *Record, region string) ([]Value, []Problem, error) {
	in := &refInput{Record: r, Region: region}
	preparers := []func(*refInput) (Value, []Problem){refPrepareGiven, refPrepareSurname, refPrepareMiddle,
		refPrepareBirth, refPreparePhones, refPrepareEmails, refPrepareCity, refPrepareGender, refPrepareHandles}
	vals := make([]Value, len(preparers))
	var probs []Problem
	usable := false
	for i, p := range preparers {
		v, ps := p(in)
		vals[i] = v
		probs = append(probs, ps...)
		usable = usable || v.Key != ""
	}
	if p, ok := in.nameProblem(); ok {
		probs = append(probs, p)
	}
	probs = append(probs, in.emailErrs...)
	if !usable {
		return nil, probs, fmt.Errorf("%w: record %q has no usable field", ErrEmptyRecord, r.ID)
	}
	return vals, probs, nil
}

func refPrepareGiven(in *refInput) (Value, []Problem) {
	n, weak := in.Name()
	if n.Given == "" {
		return Value{}, nil
	}
	v := Value{Key: normalize.Skeleton(n.Given), Weak: weak}
	switch {
	case v.Key == "":
	case refIsInitial(n.Given):
		v.Key = firstLetter(v.Key)
	default:
		v.Keys = normalize.GivenNameKeys(v.Key)
		if g := refRecordGender(in, n); g != normalize.GenderUnknown && len(v.Keys) > 1 {
			kept := v.Keys[:0:0]
			for _, k := range v.Keys {
				if kg := normalize.GivenNameGender(k); kg == g || kg == normalize.GenderUnknown {
					kept = append(kept, k)
				}
			}
			if len(kept) > 0 {
				v.Keys = kept
			}
		}
	}
	return v, nil
}

func refRecordGender(in *refInput, n normalize.Name) normalize.Gender {
	if g, ok := genderWords[strings.Trim(strings.ToLower(strings.TrimSpace(in.Record.Gender)), ". ")]; ok {
		return g
	}
	return n.Gender
}

func refPrepareSurname(in *refInput) (Value, []Problem) {
	n, weak := in.Name()
	if n.Surname == "" {
		return Value{}, nil
	}
	v := Value{Key: normalize.SurnameSkeleton(n.Surname), Weak: weak}
	switch {
	case v.Key == "":
	case refIsInitial(n.Surname):
		v.Key = firstLetter(v.Key)
	default:
		if ph := normalize.Phonetic(n.Surname); ph != "" {
			v.Keys = []string{ph}
		}
	}
	return v, nil
}

func refPrepareMiddle(in *refInput) (Value, []Problem) {
	n, weak := in.Name()
	if n.Middle == "" {
		return Value{}, nil
	}
	v := Value{Key: normalize.Skeleton(n.Middle), Weak: weak}
	if v.Key != "" && refIsInitial(n.Middle) {
		v.Key = firstLetter(v.Key)
	}
	return v, nil
}

func refPrepareBirth(in *refInput) (Value, []Problem) {
	return refPrepareDate("birth_date", in.Record.BirthDate)
}

func refPrepareDate(field, raw string) (Value, []Problem) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return Value{}, nil
	}
	d, err := normalize.ParseDate(raw)
	if err == nil {
		return Value{Key: dateKey(d)}, nil
	}
	p := []Problem{NewProblem(field, raw, err)}
	var pe *normalize.ParseError
	if errors.As(err, &pe) && len(pe.Digits) >= 6 && len(pe.Digits) <= 8 {
		ds := pe.Digits
		return Value{Key: DamagedPrefix + ds, Weak: true}, p
	}
	return Value{}, p
}

func refPreparePhones(in *refInput) (Value, []Problem) {
	var v Value
	var probs []Problem
	for _, raw := range refSplitCells(in.Record.Phones) {
		for p := range refEachValue(raw, func(s string) bool { _, err := parsePhone(s, in.Region); return err == nil }) {
			if len(v.Keys) == maxCellValues {
				probs = append(probs, NewProblem("phone", p, fmt.Errorf("%w: more than %d phones", ErrBadValue, maxCellValues)))
				break
			}
			ph, err := parsePhone(p, in.Region)
			if err != nil {
				probs = append(probs, NewProblem("phone", p, err))
				var pe *normalize.ParseError
				if errors.As(err, &pe) && len(pe.Digits) >= minPhoneDigits {
					v.Keys = append(v.Keys, DamagedPrefix+pe.Digits)
				}
				continue
			}
			v.Keys = append(v.Keys, ph)
		}
	}
	v.Keys = uniqueStrings(v.Keys)
	if len(v.Keys) > 0 {
		v.Key = v.Keys[0]
	}
	return v, probs
}

func refPrepareEmails(in *refInput) (Value, []Problem) {
	var v Value
	for _, e := range in.Emails() {
		if len(v.Keys) == maxCellValues {
			break
		}
		v.Keys = append(v.Keys, e.Address)
	}
	if len(v.Keys) > 0 {
		v.Key = v.Keys[0]
	}
	return v, nil
}

func refPrepareCity(in *refInput) (Value, []Problem) {
	c := strings.TrimSpace(in.Record.City)
	if c == "" {
		return Value{}, nil
	}
	key, _ := normalize.City(c)
	return Value{Key: key}, nil
}

func refPrepareGender(in *refInput) (Value, []Problem) {
	if raw := strings.TrimSpace(in.Record.Gender); raw != "" {
		g, ok := genderWords[strings.Trim(strings.ToLower(raw), ". ")]
		if ok {
			return Value{Key: genderKey(g)}, nil
		}
		p := NewProblem("gender", raw, fmt.Errorf("%w: not a gender (want m/f, male/female, м/ж)", ErrBadValue))
		n, weak := in.Name()
		return Value{Key: genderKey(n.Gender), Weak: weak}, []Problem{p}
	}
	n, weak := in.Name()
	return Value{Key: genderKey(n.Gender), Weak: weak}, nil
}

func refPrepareHandles(in *refInput) (Value, []Problem) {
	var v Value
	var probs []Problem
	src := sourceNetworks[strings.ToLower(strings.TrimSpace(in.Record.Source))]
	for _, raw := range refSplitCells(in.Record.Handles) {
		for h := range refEachValue(raw, func(s string) bool { _, err := canonicalHandle(s, src); return err == nil }) {
			if len(v.Keys) == maxCellValues {
				probs = append(probs, NewProblem("handle", h, fmt.Errorf("%w: more than %d handles", ErrBadValue, maxCellValues)))
				break
			}
			c, err := canonicalHandle(h, src)
			if err != nil {
				probs = append(probs, NewProblem("handle", h, err))
				continue
			}
			v.Keys = append(v.Keys, c)
		}
	}
	v.Keys = uniqueStrings(v.Keys)
	if len(v.Keys) > 0 {
		v.Key = v.Keys[0]
	}
	return v, probs
}

func refIsInitial(s string) bool {
	return utf8.RuneCountInString(strings.Trim(s, ".")) == 1
}

func refSplitCells(cells []string) []string {
	clean := true
	for _, c := range cells {
		if c == "" || c != strings.TrimSpace(c) {
			clean = false
			break
		}
	}
	if clean {
		return cells
	}
	out := make([]string, 0, len(cells))
	for _, c := range cells {
		c = strings.TrimSpace(c)
		if c == "" {
			continue
		}
		out = append(out, c)
	}
	return out
}

func refEachValue(cell string, accept func(string) bool) iter.Seq[string] {
	return func(yield func(string) bool) {
		if !strings.ContainsAny(cell, ",;|\n") {
			yield(cell)
			return
		}
		for _, v := range refSplitMulti(cell, accept) {
			if !yield(v) {
				return
			}
		}
	}
}

func refSplitMulti(cell string, accept func(string) bool) []string {
	if !strings.ContainsAny(cell, ",;|\n") {
		return []string{cell}
	}
	parts := strings.FieldsFunc(cell, func(r rune) bool { return r == ',' || r == ';' || r == '|' || r == '\n' || r == '\r' })
	out := parts[:0]
	for _, p := range parts {
		if p = strings.TrimSpace(p); p == "" {
			continue
		}
		if !accept(p) {
			return []string{cell}
		}
		out = append(out, p)
	}
	if len(out) == 0 {
		return []string{cell}
	}
	return out
}
