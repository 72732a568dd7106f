package match

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/idmatch/idmatch/normalize"
)

// Problem reports a value that could not be normalized. The value is left out of matching
// (or kept as a damaged value where it still carries evidence); the rest of the record still
// matches.
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

// NewProblem returns a Problem for field and value, shortening the value to at most 64 bytes
// on a rune boundary. Custom Preparers use it to report what they could not read.
func NewProblem(field, value string, err error) Problem {
	if len(value) > 64 {
		cut := 64
		for cut > 0 && !utf8.RuneStart(value[cut]) {
			cut--
		}
		value = value[:cut] + "…"
	}
	return Problem{Field: field, Value: value, Err: err}
}

// Input is the raw record a Preparer reads, with the parts that several fields share (the
// parsed name, the parsed e-mail addresses) computed once on first use. Preparers must not
// modify the Record. An Input is valid only during the call to Prepare: the Matcher reuses
// it for the next record, so a Preparer must not keep it, or slices it returns, beyond the
// call (the strings are the Preparer's to keep).
type Input struct {
	// Record is the caller's record.
	Record *Record
	// Region is the default phone region of the Matcher.
	Region string

	nameDone  bool
	name      normalize.Name
	nameErr   error
	nameWeak  bool
	keysDone  bool
	keys      normalize.NameKeys
	emailDone bool
	emails    []normalize.Email
	emailErrs []Problem
	emailBuf  [1]normalize.Email // holds the usual single address without an allocation
	// rec is the copy of the caller's record that Record points to: kept here, the copy
	// the Matcher makes of each record needs no allocation of its own.
	rec Record
	// vals collects the record's values before they are packed: kept across records.
	vals []Value
}

// Name returns the record's parsed person name: from FirstName, MiddleName and LastName when
// any is set, else from FullName, else (weak evidence, reported by weak) from the name
// tokens of an e-mail login or a social-network handle.
func (in *Input) Name() (n normalize.Name, weak bool) {
	if !in.nameDone {
		in.nameDone = true
		in.parseName()
	}
	return in.name, in.nameWeak
}

func (in *Input) parseName() {
	r := in.Record
	first, last, middle := trimSpace(r.FirstName), trimSpace(r.LastName), trimSpace(r.MiddleName)
	// The keys come with the parse, which has read the words already (see NameKeys).
	switch {
	case first != "" || last != "" || middle != "":
		in.name, in.keys, in.nameErr = normalize.ParseNameKeys(first, middle, last)
		in.keysDone = true
	case trimSpace(r.FullName) != "":
		in.name, in.keys, in.nameErr = normalize.ParseFullNameKeys(r.FullName)
		in.keysDone = true
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
		in.keysDone = false // the keys are the new name's
	}
}

// NameKeys returns the comparison keys of the parts of Name's name (normalize.Name.Keys),
// computed once for all the fields that use them.
func (in *Input) NameKeys() normalize.NameKeys { return *in.nameKeys() }

// nameKeys is NameKeys without the copy.
func (in *Input) nameKeys() *normalize.NameKeys {
	if !in.keysDone {
		n, _ := in.Name() // may set the keys with the name
		if !in.keysDone {
			in.keysDone = true
			in.keys = n.Keys()
		}
	}
	return &in.keys
}

// nameProblem is the name's parse problem, if any; prepare reports it once.
func (in *Input) nameProblem() (Problem, bool) {
	if !in.nameDone || in.nameErr == nil {
		return Problem{}, false
	}
	r := in.Record
	raw := strings.TrimSpace(strings.Join([]string{r.FirstName, r.MiddleName, r.LastName, r.FullName}, " "))
	return NewProblem("name", raw, in.nameErr), true
}

// Emails returns the record's e-mail addresses that parse, in order, once each.
func (in *Input) Emails() []normalize.Email {
	if !in.emailDone {
		in.emailDone = true
		in.emails = in.emailBuf[:0]
		for _, cell := range splitCells(in.Record.Emails) {
			for raw := range eachValue(cell, isEmail) {
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
		if len(in.emails) == 0 {
			in.emails = nil
		}
	}
	return in.emails
}

func isEmail(s string) bool {
	_, err := normalize.ParseEmail(s)
	return err == nil
}

// nameFromTokens takes a name from login tokens ("vasya.petrov88" → vasya, petrov): a token
// known as a given name becomes the given name, the longest other token the surname.
func nameFromTokens(tokens []string) (normalize.Name, bool) {
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
		return normalize.Name{}, false
	}
	return normalize.Name{Given: given, Surname: surname, Gender: normalize.GivenNameGender(given)}, true
}

// prepare normalizes r into features under the matcher's schema. Values that fail are left
// out (or kept damaged) and reported; a record with no usable value is an error.
func (m *Matcher) prepare(r Record) (*features, []Problem, error) {
	return m.schema.prepare(&r, m.cfg.region)
}

func (s *schema) prepare(r *Record, region string) (*features, []Problem, error) {
	in := inputPool.Get().(*Input)
	defer inputPool.Put(in)
	vals := in.vals[:0]
	*in = Input{Region: region, rec: *r, vals: vals} // one write over what the last record left
	in.Record = &in.rec
	var probs []Problem
	usable := false
	for i := range s.fields {
		v, ps := s.fields[i].Preparer.Prepare(in)
		vals = append(vals, v)
		if len(ps) > 0 {
			probs = append(probs, ps...)
		}
		usable = usable || v.Key != ""
	}
	if p, ok := in.nameProblem(); ok {
		probs = append(probs, p)
	}
	if len(in.emailErrs) > 0 {
		probs = append(probs, in.emailErrs...)
	}
	if !usable {
		return nil, probs, fmt.Errorf("%w: record %q has no usable field", ErrEmptyRecord, r.ID)
	}
	in.vals = vals
	f, err := packFeatures(r.ID, vals, false)
	clear(vals) // the pooled buffer must not keep this record's strings alive
	if err != nil {
		return nil, probs, fmt.Errorf("record %q: %w", r.ID, err)
	}
	return s.derive(f), probs, nil
}

// inputPool holds the Inputs of finished records for the next ones: an Input is several
// hundred bytes of scratch per record, and allocating it anew made a good part of the
// garbage that preparing a record left. A pooled Input still refers to its last record's
// values until it is reused.
var inputPool = sync.Pool{New: func() any { return new(Input) }}

// maxCellValues caps the values one field of one record may hold; the rest are reported.
const maxCellValues = 64

// splitCells returns the values of a multi-valued field, a cell that holds several values
// ("+7 916 123-45-67, +7 903 111-22-33") split where every part looks like a value of its
// own, empty cells left out.
func splitCells(cells []string) []string {
	clean := true
	for _, c := range cells {
		if c == "" || c != trimSpace(c) {
			clean = false
			break
		}
	}
	if clean {
		return cells // nothing to trim or leave out: no copy
	}
	out := make([]string, 0, len(cells))
	for _, c := range cells {
		c = trimSpace(c)
		if c == "" {
			continue
		}
		out = append(out, c)
	}
	return out
}

// uniqueStrings returns xs without repeats, in first-seen order, in linear time.
func uniqueStrings(xs []string) []string {
	if len(xs) < 2 {
		return xs
	}
	if len(xs) <= 32 { // a record's keys: comparing each with the earlier costs less than a map
		out := xs[:0]
		for _, x := range xs {
			dup := false
			for _, y := range out {
				if x == y {
					dup = true
					break
				}
			}
			if !dup {
				out = append(out, x)
			}
		}
		return out
	}
	seen := make(map[string]struct{}, len(xs))
	out := xs[:0]
	for _, x := range xs {
		if _, ok := seen[x]; !ok {
			seen[x] = struct{}{}
			out = append(out, x)
		}
	}
	return out
}

func firstLetter(s string) string {
	_, n := utf8.DecodeRuneInString(s)
	return s[:n]
}

// isInitial reports whether a parsed name part is a single letter.
func isInitial(s string) bool {
	s = strings.Trim(s, ".")
	_, n := utf8.DecodeRuneInString(s) // one rune, without counting all of a long name
	return n > 0 && n == len(s)
}
