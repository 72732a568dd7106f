package match

import (
	"strings"
	"unicode"

	"github.com/idmatch/idmatch/normalize"
	"github.com/idmatch/idmatch/score"
)

// ExactField is an extra field that agrees only when the cleaned values are equal: document
// numbers, customer numbers, postcodes. Case, spaces, dashes, dots and slashes do not count,
// so passport "4510 123456" agrees with "4510123456". Its values are blocking keys, and a
// shared value identifies.
func ExactField(name string) Field {
	return Field{
		Name:     name,
		Preparer: extraPreparer{name, exactKey},
		Keyer:    KeyerFunc(keysOfAll),
		Comparer: ComparerFunc(compareCodes),
		Levels:   []score.Level{lv("exact", 0.9, 0.01), lv("else", 0.1, 0.99)},
		// A document number is a person's own: shared beside another name it is an
		// error or a fraud, not a household, so it has no household level.
		Identifier:    true,
		TermFrequency: true,
	}
}

// compareCodes: 0 equal, 1 else.
func compareCodes(a, b *Value) (uint8, string) {
	if a.Key == b.Key {
		return 0, a.Key
	}
	return 1, ""
}

// exactKey folds case and drops spaces and punctuation that codes are written with.
func exactKey(v string) (string, error) {
	k := normalize.Text.Key(v)
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == '-' || r == '.' || r == '/' || r == '_' || r == '–' || r == '—' {
			return -1
		}
		return r
	}, k), nil
}

// extraPreparer prepares the extra field name from Record.Extra with a normalizer.
type extraPreparer struct {
	name string
	norm func(string) (string, error)
}

// Prepare normalizes Record.Extra[name].
func (p extraPreparer) Prepare(in *Input) (Value, []Problem) {
	raw := strings.TrimSpace(in.Record.Extra[p.name])
	if raw == "" {
		return Value{}, nil
	}
	k, err := p.norm(raw)
	if err != nil {
		return Value{}, []Problem{NewProblem(p.name, raw, err)}
	}
	return Value{Key: k}, nil
}
