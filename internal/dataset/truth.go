package dataset

import "strings"

// TruthFormat says how a Truth reads the entity from its column. It is a plain enum value.
type TruthFormat int

const (
	// TruthColumn takes the column's value as the entity ("entity", "cluster").
	TruthColumn TruthFormat = iota
	// TruthFebrl parses a Febrl record id: "rec-12-org" and "rec-12-dup-3" are entity "12".
	TruthFebrl
	// TruthNumeric drops the last digit of a numeric Febrl id (febrl-phones): "19060" is
	// entity "1906", the original; "19061" to "19069" are its duplicates.
	TruthNumeric
)

// String returns "column", "febrl" or "numeric".
func (f TruthFormat) String() string {
	switch f {
	case TruthColumn:
		return "column"
	case TruthFebrl:
		return "febrl"
	case TruthNumeric:
		return "numeric"
	}
	return "unknown"
}

// Truth extracts the true entity of a row in a labelled file, for measuring accuracy.
// It is a plain value, safe for concurrent use.
type Truth struct {
	// Column names the column holding the label. For TruthFebrl and TruthNumeric an empty
	// Column means the row's Record.ID.
	Column string
	Format TruthFormat
}

// Entity returns the row's true entity, or false when the row carries no valid label.
func (t Truth) Entity(row Row) (string, bool) {
	v := row.Record.ID
	if t.Column != "" {
		v = row.Columns.Get(t.Column)
	}
	v = strings.TrimSpace(v)
	switch t.Format {
	case TruthColumn:
		return v, v != ""
	case TruthFebrl:
		return febrlEntity(v)
	case TruthNumeric:
		if len(v) < 2 || !digits(v) {
			return "", false
		}
		return v[:len(v)-1], true
	}
	return "", false
}

// febrlEntity parses "rec-N-org" and "rec-N-dup-K", and the same with the prefix "cC-" of
// copy C of a scaled Febrl set (another person: entity "cC-N").
func febrlEntity(v string) (string, bool) {
	copyOf := ""
	if c, rest, ok := strings.Cut(v, "-"); ok && len(c) > 1 && c[0] == 'c' && digits(c[1:]) {
		copyOf, v = c+"-", rest
	}
	rest, ok := strings.CutPrefix(v, "rec-")
	if !ok {
		return "", false
	}
	n, tail, ok := strings.Cut(rest, "-")
	if !ok || !digits(n) {
		return "", false
	}
	if tail == "org" {
		return copyOf + n, true
	}
	if k, ok := strings.CutPrefix(tail, "dup-"); ok && digits(k) {
		return copyOf + n, true
	}
	return "", false
}

// digits reports whether s is a non-empty run of ASCII digits.
func digits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// DetectTruth finds where a labelled file keeps its ground truth, trying in this order:
//
//  1. a column named "entity", then one named "cluster" (case-insensitive): TruthColumn;
//  2. the first column whose values in sample are all Febrl ids (rec-N-org, rec-N-dup-K):
//     TruthFebrl;
//  3. a column named "rec_id" whose values in sample are all numeric with at least two
//     digits: TruthNumeric. The name is required because any numeric ID would otherwise
//     pass for a label.
//
// Steps 2 and 3 need a non-empty sample. It returns false when no step matches.
// DetectTruth does not keep or modify header or sample.
func DetectTruth(header []string, sample []Row) (Truth, bool) {
	for _, want := range []string{"entity", "cluster"} {
		for _, h := range header {
			if strings.EqualFold(strings.TrimSpace(h), want) {
				return Truth{Column: h, Format: TruthColumn}, true
			}
		}
	}
	if len(sample) == 0 {
		return Truth{}, false
	}
	all := func(col string, f TruthFormat) bool {
		t := Truth{Column: col, Format: f}
		for _, row := range sample {
			if _, ok := t.Entity(row); !ok {
				return false
			}
		}
		return true
	}
	for _, h := range header {
		if all(h, TruthFebrl) {
			return Truth{Column: h, Format: TruthFebrl}, true
		}
	}
	for _, h := range header {
		if strings.EqualFold(strings.TrimSpace(h), "rec_id") && all(h, TruthNumeric) {
			return Truth{Column: h, Format: TruthNumeric}, true
		}
	}
	return Truth{}, false
}
