package match

import (
	"fmt"
	"math"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/idmatch/idmatch/score"
)

// A Field is one unit of a schema: it knows how to prepare a record's raw value into a stored
// Value (and what problems it found), which blocking keys the value gives, how two values
// compare (a comparison level), the levels' default m and u, whether the field identifies a
// person, and whether agreement weighs by the value's frequency. The person schema is a list
// of Fields (PersonFields); WithField adds one of a built-in kind and WithCustomField one of
// the caller's own.
//
// The parts are one-method interfaces joined by this plain struct, as the parts of an
// analyzer are in a search engine: each does one thing and can be replaced alone. A Field is
// a value; the Matcher copies it and never calls its parts from more than one goroutine
// at a time for one record, but it does call them concurrently for different records, so
// the parts must be safe for concurrent use.
type Field struct {
	// Name identifies the field in the model, in explanations and in saved matchers. It must
	// be unique within a schema, valid UTF-8 without control characters or '=', and must not
	// start with "~".
	Name string
	// Preparer turns the raw record into the field's Value. Required.
	Preparer Preparer
	// Keyer gives the blocking keys of a prepared value; nil when the field gives none. The
	// Matcher prefixes each key with the field's name, so keys of two fields never collide.
	Keyer Keyer
	// Comparer gives the comparison level of two non-missing values. Required.
	Comparer Comparer
	// Levels are the comparison levels, best first, with their default m and u; the last is
	// disagreement. Train replaces m and u with what the data says.
	Levels []score.Level
	// Identifier marks a field whose exact agreement nearly always means one person (a phone,
	// an e-mail, a document number): Train conditions EM sessions on it.
	Identifier bool
	// TermFrequency makes agreement weigh by the frequency of the agreeing value among the
	// stored records: a rare surname counts more than a common one. An identifier's
	// frequency is the number of stored records its blocking key finds (a household phone,
	// an office e-mail, a reused document number weigh by how many records share them).
	TermFrequency bool
	// HouseholdLevel, when not 0, is the level an agreeing identifier moves to when the
	// names say two people (given names disagree, and the genders, the patronymics or the
	// surnames too): a family's shared phone, an office e-mail. It has its own m and u,
	// and training never conditions on it.
	HouseholdLevel uint8
	// Graded is the number of leading levels that grade one kind of agreement from the
	// strongest down (exact, then ever looser spellings): Train keeps each of them at most
	// as much evidence as the one before. 0 or 1: the levels are not graded.
	Graded int
	// CountOnly makes the field's keys count the records that hold a value (for an
	// identifier's frequency) without bringing candidates: a birth date alone is far too
	// common a key to block on.
	CountOnly bool
	// MaxBits, when not nil, bounds the evidence each level may carry after training, in
	// bits (0: no bound), one entry per level at most. It is for a level whose agreement
	// tells at most so much whatever the data: a partial date agrees by chance with about
	// one random date in 366, so its agreement is worth at most log2(366) bits. Without the
	// bound such a level, which random pairs of a base of full dates never show, keeps only
	// the small u of an unseen level and weighs as much as a phone.
	MaxBits []float64
}

// Value is a field's prepared form of one record: what is stored, indexed and compared. The
// meaning of Keys is the field's own (the full given names a diminutive stands for, every
// phone number of a record, the phonetic key of a surname); each built-in field documents it.
type Value struct {
	// Key is the canonical form; "" means the value is missing. A damaged value that still
	// carries evidence (a date with a mistyped digit) starts with DamagedPrefix.
	Key string
	// Keys are further canonical forms.
	Keys []string
	// Weak marks a value derived from another field (a name read from an e-mail login): it
	// may agree but cannot disagree.
	Weak bool
}

// DamagedPrefix starts the Key of a damaged value: one that failed validation but still
// carries evidence, kept as its digits ("#18518101" for the date "1851-81-01").
const DamagedPrefix = "#"

// Missing reports whether the value is missing.
func (v *Value) Missing() bool { return v.Key == "" }

// TermLister is implemented by a Comparer whose agreeing terms are not the values' Keys
// (the given-name comparer agrees on the full names in Keys). Term frequencies count, for
// each stored value, the terms it lists; without a TermLister, its Key.
type TermLister interface {
	Terms(v *Value, dst []string) []string
}

// Preparer prepares a field's value from a raw record.
type Preparer interface {
	// Prepare returns the field's value for the record in in and the problems it found;
	// a value that cannot be prepared at all is returned missing, with a problem.
	Prepare(in *Input) (Value, []Problem)
}

// Keyer gives blocking keys.
type Keyer interface {
	// Keys appends the blocking keys of a non-missing value to dst and returns it.
	Keys(v *Value, dst []string) []string
}

// Comparer compares two values of a field.
type Comparer interface {
	// Compare returns the comparison level of two non-missing values (0 is the best level)
	// and, when the level is 0, the agreeing value whose frequency weighs the agreement
	// ("" for none). It must be symmetric in its level and must not allocate on the hot path.
	Compare(a, b *Value) (level uint8, term string)
}

// PreparerFunc adapts a function to Preparer.
type PreparerFunc func(in *Input) (Value, []Problem)

// Prepare calls f(in).
func (f PreparerFunc) Prepare(in *Input) (Value, []Problem) { return f(in) }

// KeyerFunc adapts a function to Keyer.
type KeyerFunc func(v *Value, dst []string) []string

// Keys calls f(v, dst).
func (f KeyerFunc) Keys(v *Value, dst []string) []string { return f(v, dst) }

// ComparerFunc adapts a function to Comparer.
type ComparerFunc func(a, b *Value) (uint8, string)

// Compare calls f(a, b).
func (f ComparerFunc) Compare(a, b *Value) (uint8, string) { return f(a, b) }

// lv is a level with its default m and u, for the built-in fields' level lists.
func lv(name string, m, u float64) score.Level { return score.Level{Name: name, M: m, U: u} }

// validate checks a field's parts, its name and its levels.
func (f *Field) validate() error {
	if f.Name == "" {
		return fmt.Errorf("%w: a field with an empty name", ErrOption)
	}
	if !utf8.ValidString(f.Name) || strings.HasPrefix(f.Name, auxKeyMark) || strings.ContainsAny(f.Name, "=\x00") ||
		strings.IndexFunc(f.Name, unicode.IsControl) >= 0 {
		return fmt.Errorf("%w: field name %q must be valid UTF-8 without control characters or '=', and not start with %q", ErrOption, f.Name, auxKeyMark)
	}
	if f.Preparer == nil || f.Comparer == nil {
		return fmt.Errorf("%w: field %q needs a Preparer and a Comparer", ErrOption, f.Name)
	}
	if len(f.Levels) < 2 || len(f.Levels) > score.MaxFieldLevels {
		return fmt.Errorf("%w: field %q has %d levels, want 2 to %d", ErrOption, f.Name, len(f.Levels), score.MaxFieldLevels)
	}
	if f.HouseholdLevel != 0 && (!f.Identifier || int(f.HouseholdLevel) >= len(f.Levels)-1) {
		return fmt.Errorf("%w: field %q: a household level needs an identifier and a level before the last", ErrOption, f.Name)
	}
	if f.Graded < 0 || f.Graded > len(f.Levels)-1 {
		return fmt.Errorf("%w: field %q: %d graded levels, want 0 to %d (the last level is disagreement)", ErrOption, f.Name, f.Graded, len(f.Levels)-1)
	}
	if len(f.MaxBits) > len(f.Levels)-1 {
		return fmt.Errorf("%w: field %q: %d bounds for %d levels (the last level is disagreement, and has none)", ErrOption, f.Name, len(f.MaxBits), len(f.Levels))
	}
	for j, b := range f.MaxBits {
		if !(b >= 0) || math.IsInf(b, 0) {
			return fmt.Errorf("%w: field %q: level %q bounded at %v bits, want a finite bound ≥ 0", ErrOption, f.Name, f.Levels[j].Name, b)
		}
	}
	return nil
}
