package dataset

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/idmatch/idmatch/match"
)

// ColumnRole is what a Reader does with one column.
type ColumnRole struct {
	// Position is the column's 1-based position in the header (for JSONL, in the order the
	// keys were first seen).
	Position int
	// Name is the header name.
	Name string
	// Role is the Record field the column feeds ("phone", "gender", ...), or "extra" for an
	// extra field, or "" when the column is ignored.
	Role string
	// Extra and Kind name the extra field (Record.Extra key) and its kind, when Role is
	// "extra".
	Extra string
	Kind  match.FieldKind
	// Note says why the column is ignored, or how its role was chosen, when that is not
	// plain from its name; it may be empty.
	Note string
}

// Ignored reports whether the column feeds nothing.
func (c ColumnRole) Ignored() bool { return c.Role == "" }

// Mapping is the whole column map a Reader uses: how it reads the input, what each column
// feeds, and how rows get their IDs. It is plain data that belongs to the caller.
type Mapping struct {
	// Input says how the input is read.
	Input Detection
	// Columns lists every column in header order, mapped or ignored.
	Columns []ColumnRole
	// LineIDs reports that no column feeds the id, so that each row's ID is LineID of its
	// line.
	LineIDs bool
}

// Mapping returns the column map in use. For JSONL it covers the keys seen so far.
func (r *Reader) Mapping() Mapping {
	m := Mapping{Input: r.detected, LineIDs: !r.hasID, Columns: make([]ColumnRole, len(r.cols))}
	for i, c := range r.cols {
		cr := ColumnRole{Position: i + 1, Name: c.name, Note: c.note}
		switch c.field {
		case fieldNone:
		case fieldExtra:
			cr.Role, cr.Extra, cr.Kind = "extra", c.key, c.kind
		default:
			cr.Role = fieldNames[c.field]
		}
		m.Columns[i] = cr
	}
	return m
}

// Detected returns how the Reader reads its input: format, encoding, delimiter, sheet.
func (r *Reader) Detected() Detection { return r.detected }

// Extras returns the extra fields the columns make, under their Record.Extra keys, with
// their kinds, ready for match.WithField: the columns the FieldMap gives a kind, the
// built-in extra fields found by name (passport, inn, snils, address) and, with
// Options.KeepColumns, the kept columns. For JSONL it covers the keys seen so far. The map
// is new on each call.
func (r *Reader) Extras() map[string]match.FieldKind {
	out := make(map[string]match.FieldKind)
	for _, c := range r.cols {
		if c.field == fieldExtra {
			out[c.key] = c.kind
		}
	}
	return out
}

// String returns the mapping report: the input line, then every used column with its role,
// then every ignored column with the reason, then how rows get IDs. The form is stable (a
// golden file pins it); programs should read the fields instead. Example:
//
//	input: csv, encoding windows-1251 (detected), delimiter ';' (detected)
//	columns:
//	   1  ФИО      -> full_name
//	   2  Паспорт  -> extra passport (exact)
//	ignored:
//	   3  Комментарий  (unknown column)
//	ids: from column Код
func (m Mapping) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "input: %s\n", m.Input)
	var used, ignored []ColumnRole
	width := 0
	for _, c := range m.Columns {
		if c.Ignored() {
			ignored = append(ignored, c)
		} else {
			used = append(used, c)
			width = max(width, utf8.RuneCountInString(c.Name))
		}
	}
	b.WriteString("columns:\n")
	if len(used) == 0 {
		b.WriteString("  (none)\n")
	}
	idFrom := ""
	for _, c := range used {
		fmt.Fprintf(&b, "  %2d  %s%s  -> ", c.Position, c.Name, pad(c.Name, width))
		if c.Role == "extra" {
			fmt.Fprintf(&b, "extra %s (%s)", c.Extra, c.Kind)
		} else {
			b.WriteString(c.Role)
		}
		if c.Note != "" {
			fmt.Fprintf(&b, "  [%s]", c.Note)
		}
		b.WriteByte('\n')
		if c.Role == "id" && idFrom == "" {
			idFrom = c.Name
		}
	}
	if len(ignored) > 0 {
		b.WriteString("ignored:\n")
		iw := 0
		for _, c := range ignored {
			iw = max(iw, utf8.RuneCountInString(c.Name))
		}
		for _, c := range ignored {
			fmt.Fprintf(&b, "  %2d  %s%s  (%s)\n", c.Position, c.Name, pad(c.Name, iw), c.Note)
		}
	}
	switch {
	case m.LineIDs:
		fmt.Fprintf(&b, "ids: no id column; each row's ID is %q with N its line number\n", "line:N")
	case idFrom != "":
		fmt.Fprintf(&b, "ids: from column %s\n", idFrom)
	default:
		b.WriteString("ids: from the column the field map names\n")
	}
	return b.String()
}

// pad returns the spaces that bring s to width runes.
func pad(s string, width int) string {
	return strings.Repeat(" ", max(0, width-utf8.RuneCountInString(s)))
}
