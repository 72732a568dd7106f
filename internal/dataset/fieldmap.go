package dataset

import (
	"errors"
	"fmt"
	"strings"

	"github.com/idmatch/idmatch/match"
)

// ErrBadFieldMap is wrapped by every error about a field map: a malformed -fields string, or
// a map that does not fit the file's header.
var ErrBadFieldMap = errors.New("dataset: bad field map")

// field numbers the Record fields a column can feed. fieldNone marks an unmapped column and
// fieldExtra a column that becomes a Record.Extra entry.
type field uint8

const (
	fieldNone field = iota
	fieldID
	fieldFirstName
	fieldLastName
	fieldMiddleName
	fieldFullName
	fieldPhone
	fieldEmail
	fieldCity
	fieldBirthDate
	fieldSource
	fieldExtra
	numFields
)

// fieldNames are the role names of the Record fields, as written in a field map.
var fieldNames = [numFields]string{
	fieldID:         "id",
	fieldFirstName:  "first_name",
	fieldLastName:   "last_name",
	fieldMiddleName: "middle_name",
	fieldFullName:   "full_name",
	fieldPhone:      "phone",
	fieldEmail:      "email",
	fieldCity:       "city",
	fieldBirthDate:  "birth_date",
	fieldSource:     "source",
}

// aliases are the header names, besides the field names themselves, that map to a field
// without a field map entry. Kept short on purpose: a wrong guess silently feeds a field.
var aliases = map[string]field{
	"given_name":    fieldFirstName,
	"surname":       fieldLastName,
	"dob":           fieldBirthDate,
	"date_of_birth": fieldBirthDate,
	"unique_id":     fieldID,
	"rec_id":        fieldID,
	"phone_number":  fieldPhone,
	"e-mail":        fieldEmail,
	"mail":          fieldEmail,
	"patronymic":    fieldMiddleName,
	"name":          fieldFullName,
}

// multi reports whether several columns may feed f (their values are appended).
func (f field) multi() bool { return f == fieldPhone || f == fieldEmail }

func parseField(s string) (field, bool) {
	for f, n := range fieldNames {
		if n != "" && n == s {
			return field(f), true
		}
	}
	return fieldNone, false
}

// implicitField returns the field a column feeds by its name alone: a field name or an alias,
// compared case-insensitively.
func implicitField(column string) field {
	c := strings.ToLower(column)
	if f, ok := parseField(c); ok {
		return f
	}
	return aliases[c]
}

// Role is what a column means: a Record field, or an extra field compared with a kind.
//
// Exactly one of Field and Kind is set: Field is one of "id", "first_name", "last_name",
// "middle_name", "full_name", "phone", "email", "city", "birth_date", "source"; or Field is
// empty and Kind says how the extra field (Record.Extra, keyed by the column name) is
// compared. Role is a plain value, safe to copy and to use concurrently.
type Role struct {
	Field string
	Kind  match.FieldKind
}

// String returns the role as written in a field map: the field name or the kind name.
func (r Role) String() string {
	if r.Field != "" {
		return r.Field
	}
	return r.Kind.String()
}

// entry is one column:role pair of a FieldMap.
type entry struct {
	column string
	field  field
	kind   match.FieldKind // set only when field is fieldExtra
}

func (e entry) role() Role {
	if e.field == fieldExtra {
		return Role{Kind: e.kind}
	}
	return Role{Field: fieldNames[e.field]}
}

// FieldMap maps column names to roles. Build one with ParseFieldMap; the zero value is an
// empty map, under which every column is matched by its name alone.
//
// Columns not in the map are matched by name, case-insensitively: a column named like a
// field ("first_name", "phone", ...) needs no entry, and neither do these aliases:
// given_name→first_name, surname→last_name, dob and date_of_birth→birth_date, unique_id and
// rec_id→id, phone_number→phone, e-mail and mail→email, patronymic→middle_name,
// name→full_name. An explicit entry always wins: when the map gives a field to one column,
// no other column takes it by name. Among columns matched by name, the first in header order
// takes a field, except phone and email, which every matching column feeds (values are
// appended in column order). Columns left unmapped are not used for matching but are still
// returned in Row.Columns.
//
// A FieldMap is immutable once built and safe for concurrent use.
type FieldMap struct {
	entries []entry
}

// ParseFieldMap parses the -fields syntax: comma-separated column:role pairs, where role is a
// Record field name ("id", "first_name", "last_name", "middle_name", "full_name", "phone",
// "email", "city", "birth_date", "source") or, for any other column, a comparator kind
// ("exact", "text", "name", "date", "number") that makes the column an extra field.
// Spaces around names are ignored; a column name may contain ':' (the last one separates the
// role) but not ','. The empty string gives an empty map.
//
// Errors wrap ErrBadFieldMap and name the offending pair: a pair without ':', an empty
// column, an unknown role, a column given twice, or a single-valued field (all but phone and
// email) given to two columns.
//
// Febrl example:
//
//	rec_id:id,given_name:first_name,surname:last_name,date_of_birth:birth_date,suburb:city,postcode:exact,address_1:text,soc_sec_id:exact
func ParseFieldMap(s string) (FieldMap, error) {
	if strings.TrimSpace(s) == "" {
		return FieldMap{}, nil
	}
	var m FieldMap
	owner := make(map[field]string)
	seen := make(map[string]bool)
	for i, pair := range strings.Split(s, ",") {
		pair = strings.TrimSpace(pair)
		colon := strings.LastIndexByte(pair, ':')
		if colon < 0 {
			return FieldMap{}, fmt.Errorf("%w: pair %d %q: want column:role", ErrBadFieldMap, i+1, pair)
		}
		column := strings.TrimSpace(pair[:colon])
		roleName := strings.TrimSpace(pair[colon+1:])
		if column == "" {
			return FieldMap{}, fmt.Errorf("%w: pair %d %q: empty column name", ErrBadFieldMap, i+1, pair)
		}
		e := entry{column: column}
		if f, ok := parseField(roleName); ok {
			e.field = f
		} else if k, ok := match.ParseFieldKind(roleName); ok {
			e.field, e.kind = fieldExtra, k
		} else {
			return FieldMap{}, fmt.Errorf("%w: pair %d %q: unknown role %q (want a field: %s; or a kind: exact, text, name, date, number)",
				ErrBadFieldMap, i+1, pair, roleName, strings.Join(fieldNames[fieldID:fieldExtra], ", "))
		}
		if seen[column] {
			return FieldMap{}, fmt.Errorf("%w: column %q mapped twice", ErrBadFieldMap, column)
		}
		seen[column] = true
		if e.field != fieldExtra && !e.field.multi() {
			if prev, ok := owner[e.field]; ok {
				return FieldMap{}, fmt.Errorf("%w: field %s given to both %q and %q", ErrBadFieldMap, fieldNames[e.field], prev, column)
			}
			owner[e.field] = column
		}
		m.entries = append(m.entries, e)
	}
	return m, nil
}

// Lookup returns the role the map gives to column, and whether it gives one. Columns matched
// by name alone are not reported.
func (m FieldMap) Lookup(column string) (Role, bool) {
	if e, ok := m.lookup(column); ok {
		return e.role(), true
	}
	return Role{}, false
}

func (m FieldMap) lookup(column string) (entry, bool) {
	for _, e := range m.entries {
		if e.column == column {
			return e, true
		}
	}
	return entry{}, false
}

// Len returns the number of column:role pairs in the map.
func (m FieldMap) Len() int { return len(m.entries) }

// Extras returns the extra fields (columns mapped to a kind) and their kinds, ready for
// match.WithField. The map is new on each call; the caller may modify it.
func (m FieldMap) Extras() map[string]match.FieldKind {
	out := make(map[string]match.FieldKind)
	for _, e := range m.entries {
		if e.field == fieldExtra {
			out[e.column] = e.kind
		}
	}
	return out
}

// String returns the map in the syntax ParseFieldMap reads, pairs in their original order.
func (m FieldMap) String() string {
	var b strings.Builder
	for i, e := range m.entries {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(e.column)
		b.WriteByte(':')
		b.WriteString(e.role().String())
	}
	return b.String()
}

// explicitFields returns the single-valued fields the map assigns, which columns matched by
// name may therefore not take.
func (m FieldMap) explicitFields() map[field]bool {
	taken := make(map[field]bool)
	for _, e := range m.entries {
		if e.field != fieldExtra && !e.field.multi() {
			taken[e.field] = true
		}
	}
	return taken
}
