package match

import "fmt"

// FieldKind says how an extra field is normalized and compared.
type FieldKind uint8

const (
	// Exact fields agree only when their cleaned values are equal (postcodes, document numbers).
	Exact FieldKind = iota + 1
	// Text fields are compared as free text, token by token (addresses).
	Text
	// Name fields are compared as person-name tokens across scripts.
	Name
	// Date fields are parsed as dates and compared by their parts.
	Date
	// Number fields are compared numerically.
	Number
)

var kindNames = [...]string{Exact: "exact", Text: "text", Name: "name", Date: "date", Number: "number"}

// String returns the kind's lower-case name, as used in field maps ("exact", "text", ...).
func (k FieldKind) String() string {
	if int(k) < len(kindNames) && kindNames[k] != "" {
		return kindNames[k]
	}
	return "unknown"
}

// NewField returns a field of a built-in kind that reads Record.Extra[name].
func NewField(name string, kind FieldKind) (Field, error) {
	var f Field
	switch kind {
	case Exact:
		f = ExactField(name)
	case Text:
		f = TextField(name)
	case Name:
		f = NameField(name)
	case Date:
		f = DateField(name)
	case Number:
		f = NumberField(name)
	default:
		return Field{}, fmt.Errorf("%w: field %q has unknown kind %d", ErrOption, name, kind)
	}
	return f, f.validate()
}

// ParseFieldKind returns the kind named s ("exact", "text", "name", "date", "number").
func ParseFieldKind(s string) (FieldKind, bool) {
	for k, n := range kindNames {
		if n != "" && n == s {
			return FieldKind(k), true
		}
	}
	return 0, false
}
