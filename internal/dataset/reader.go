package dataset

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"iter"
	"strings"
	"unicode/utf8"

	"github.com/idmatch/idmatch/match"
)

// Errors returned by NewReader and Read. Each is wrapped with details; test with errors.Is.
var (
	// ErrNoHeader means the input holds no header: it is empty or blank.
	ErrNoHeader = errors.New("dataset: no header")
	// ErrBadHeader means the header could not be read: a malformed line, a duplicate or
	// invalid column name, or (JSONL) a first line that is not a JSON object.
	ErrBadHeader = errors.New("dataset: bad header")
	// ErrNoID means no column maps to the id field and Options.AllowNoID is false.
	ErrNoID = errors.New("dataset: no id column")
	// ErrBadOptions means an Options value is invalid.
	ErrBadOptions = errors.New("dataset: bad options")
	// ErrBadRow is wrapped by every *RowError.
	ErrBadRow = errors.New("dataset: bad row")
)

// DefaultMaxFieldBytes is the longest field accepted when Options.MaxFieldBytes is 0.
const DefaultMaxFieldBytes = 64 << 10

// Options configure a Reader. The zero value reads CSV or JSONL (detected) with ',' between
// fields. Options is a plain value; NewReader copies what it needs.
type Options struct {
	// Format is "csv", "jsonl", or "" to detect: JSONL when the first byte that is not white
	// space (after an optional UTF-8 byte order mark) is '{', CSV otherwise.
	Format string
	// Comma separates CSV fields; 0 means ','. It may not be '"', '\r', '\n' or an invalid
	// rune.
	Comma rune
	// AllowNoID accepts input without an id column: each row's ID is then "line-N", N being
	// the line where the row starts. Without it, NewReader fails with ErrNoID.
	AllowNoID bool
	// MaxFieldBytes caps the length of one field; a longer field makes its row a *RowError.
	// A physical line longer than 16 times the cap is rejected whole without being kept in
	// memory. 0 means DefaultMaxFieldBytes.
	MaxFieldBytes int
}

// Row is one record read from the input. Every Row returned by Read, with its slices and
// maps, is newly allocated and belongs to the caller: the Reader keeps no reference to it.
type Row struct {
	// Line is the 1-based line number where the row starts in the input.
	Line int
	// Record holds the mapped fields, trimmed; empty values are left out (missing).
	Record match.Record
	// Columns holds every column by header name, trimmed, mapped or not (ground-truth columns
	// such as "entity" or "cluster" live here). For JSONL it holds the keys present in the
	// object; an array value is joined with "; ".
	Columns map[string]string
}

// RowError reports a malformed row. Read returns it as a *RowError and can then be called
// again to continue with the next row. A RowError is not modified after Read returns it, so
// it is safe to read concurrently.
type RowError struct {
	// Line is the 1-based line number where the bad row starts.
	Line int
	// Reason says what is wrong, for people ("wrong number of fields: got 9, want 11").
	Reason string
	// Err is ErrBadRow or an error wrapping it.
	Err error
}

// Error returns "line N: reason".
func (e *RowError) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Reason) }

// Unwrap returns Err, so that errors.Is(err, ErrBadRow) holds.
func (e *RowError) Unwrap() error { return e.Err }

// column is one header column and the field it feeds.
type column struct {
	name  string
	field field
	kind  match.FieldKind // for fieldExtra
}

// Reader reads rows from CSV or JSON Lines input.
//
// CSV input: the first non-blank record is the header; a UTF-8 byte order mark, CRLF line
// ends, a missing final newline, blank lines and spaces around fields and header names (as
// in Febrl's ", " separators) are accepted. Quoted fields follow RFC 4180 and may span lines.
// A row is rejected as a *RowError when its field count differs from the header's, it holds
// invalid UTF-8, a field is longer than Options.MaxFieldBytes, a quote is misplaced, or its
// id is empty. After a quoting error reading resumes on the line after the bad row's first
// line, so one stray quote costs one row, never the rest of the file.
//
// JSONL input: one JSON object per line; values are strings, numbers (written out without an
// exponent), booleans or null (missing); columns mapped to phone or email may also hold
// arrays of strings or numbers. The header is the union of keys in the order first seen;
// the first line must be an object. A line that is not such an object is a *RowError.
//
// Duplicate IDs are not detected here. A Reader is not safe for concurrent use. It keeps the
// FieldMap (which is immutable) and the io.Reader, and modifies neither.
type Reader struct {
	lines    lineReader
	fields   FieldMap
	jsonl    bool
	comma    string
	padSpace bool // ' ' is padding, not the separator
	padTab   bool // '\t' is padding, not the separator
	maxField int

	cols    []column
	index   map[string]int // column position by name
	taken   map[field]bool // single-valued fields already fed by some column
	hasID   bool
	pending *object // first JSONL object, read with the header

	vals []string // CSV fields of the current record, reused
	end  int      // last line of the record most recently read
	err  error    // sticky: io.EOF or a read error
}

// NewReader reads the header from r and returns a Reader positioned at the first row.
// fields maps columns to roles (see FieldMap). It fails with ErrNoHeader on empty input,
// ErrBadHeader on a malformed header, ErrBadFieldMap when a CSV header lacks a mapped column,
// ErrNoID when no column maps to id (unless opt.AllowNoID), and ErrBadOptions on bad opt.
func NewReader(r io.Reader, fields FieldMap, opt Options) (*Reader, error) {
	rd := &Reader{fields: fields, maxField: opt.MaxFieldBytes}
	if rd.maxField < 0 {
		return nil, fmt.Errorf("%w: negative MaxFieldBytes %d", ErrBadOptions, opt.MaxFieldBytes)
	}
	if rd.maxField == 0 {
		rd.maxField = DefaultMaxFieldBytes
	}
	comma := opt.Comma
	if comma == 0 {
		comma = ','
	}
	if comma == '"' || comma == '\r' || comma == '\n' || comma == utf8.RuneError || !utf8.ValidRune(comma) {
		return nil, fmt.Errorf("%w: invalid Comma %q", ErrBadOptions, comma)
	}
	rd.comma = string(comma)
	rd.padSpace, rd.padTab = comma != ' ', comma != '\t'

	br := bufio.NewReaderSize(r, 64<<10)
	if p, _ := br.Peek(3); bytes.Equal(p, []byte("\xef\xbb\xbf")) {
		_, _ = br.Discard(3)
	}
	switch opt.Format {
	case "":
		rd.jsonl = detectJSONL(br)
	case "csv":
	case "jsonl":
		rd.jsonl = true
	default:
		return nil, fmt.Errorf("%w: unknown Format %q (want csv, jsonl or empty)", ErrBadOptions, opt.Format)
	}
	rd.lines = lineReader{br: br, max: 16 * rd.maxField}
	rd.index = make(map[string]int)
	rd.taken = fields.explicitFields()

	var err error
	if rd.jsonl {
		err = rd.readJSONHeader()
	} else {
		err = rd.readCSVHeader()
	}
	if err != nil {
		return nil, err
	}
	for _, e := range fields.entries {
		if e.field == fieldID {
			rd.hasID = true
		}
	}
	for _, c := range rd.cols {
		if c.field == fieldID {
			rd.hasID = true
		}
	}
	if !rd.hasID {
		if !opt.AllowNoID {
			return nil, fmt.Errorf("%w: no column maps to id (header: %s); map one with column:id or allow line-number IDs",
				ErrNoID, strings.Join(rd.Header(), ", "))
		}
		// A JSONL key seen later must not start feeding IDs halfway through the file.
		rd.taken[fieldID] = true
	}
	return rd, nil
}

// detectJSONL reports whether the first byte that is not white space is '{'.
func detectJSONL(br *bufio.Reader) bool {
	for n := 1; ; n *= 2 {
		n = min(n, br.Size())
		p, err := br.Peek(n)
		for _, c := range p {
			switch c {
			case ' ', '\t', '\r', '\n', '\v', '\f':
			default:
				return c == '{'
			}
		}
		if err != nil || n == br.Size() {
			return false
		}
	}
}

// roleOf returns the column a new header name would become, without claiming its field.
func (r *Reader) roleOf(name string) column {
	c := column{name: name}
	if e, ok := r.fields.lookup(name); ok {
		c.field, c.kind = e.field, e.kind
		return c
	}
	if f := implicitField(name); f != fieldNone && (f.multi() || !r.taken[f]) {
		c.field = f
	}
	return c
}

// addColumn appends a header column and claims its field.
func (r *Reader) addColumn(name string) {
	c := r.roleOf(name)
	if c.field != fieldExtra && !c.field.multi() {
		r.taken[c.field] = true
	}
	r.index[name] = len(r.cols)
	r.cols = append(r.cols, c)
}

// Header returns the column names: for CSV the header record, trimmed; for JSONL the keys
// seen so far in the order first seen (right after NewReader, the keys of the first object).
// The slice is new on each call.
func (r *Reader) Header() []string {
	h := make([]string, len(r.cols))
	for i, c := range r.cols {
		h[i] = c.name
	}
	return h
}

// Read returns the next row, or io.EOF at the end of the input. A malformed row gives a
// *RowError (wrapping ErrBadRow) and Read may be called again to continue with the next row.
// Any other error comes from the underlying reader and is returned again by later calls.
func (r *Reader) Read() (Row, error) {
	if r.err != nil {
		return Row{}, r.err
	}
	var (
		row Row
		err error
	)
	if r.jsonl {
		row, err = r.readJSON()
	} else {
		row, err = r.readCSV()
	}
	if err != nil {
		if _, ok := err.(*RowError); !ok {
			r.err = err
		}
	}
	return row, err
}

// All returns an iterator over the remaining rows and row errors, in input order. It stops
// at the end of the input, or after yielding an error that is not a *RowError.
func (r *Reader) All() iter.Seq2[Row, error] {
	return func(yield func(Row, error) bool) {
		for {
			row, err := r.Read()
			if err == io.EOF {
				return
			}
			if !yield(row, err) {
				return
			}
			var re *RowError
			if err != nil && !errors.As(err, &re) {
				return
			}
		}
	}
}

func rowError(line int, format string, args ...any) *RowError {
	return &RowError{Line: line, Reason: fmt.Sprintf(format, args...), Err: ErrBadRow}
}

// set stores the trimmed value v of column c in rec.
func set(rec *match.Record, c *column, v string) {
	if v == "" {
		return
	}
	switch c.field {
	case fieldID:
		rec.ID = v
	case fieldFirstName:
		rec.FirstName = v
	case fieldLastName:
		rec.LastName = v
	case fieldMiddleName:
		rec.MiddleName = v
	case fieldFullName:
		rec.FullName = v
	case fieldPhone:
		rec.Phones = append(rec.Phones, v)
	case fieldEmail:
		rec.Emails = append(rec.Emails, v)
	case fieldCity:
		rec.City = v
	case fieldBirthDate:
		rec.BirthDate = v
	case fieldSource:
		rec.Source = v
	case fieldExtra:
		if rec.Extra == nil {
			rec.Extra = make(map[string]string)
		}
		rec.Extra[c.name] = v
	}
}

// finishID checks the row's ID, or makes one from the line number when there is no id
// column.
func (r *Reader) finishID(row *Row) *RowError {
	if !r.hasID {
		row.Record.ID = fmt.Sprintf("line-%d", row.Line)
		return nil
	}
	if row.Record.ID == "" {
		return rowError(row.Line, "empty id")
	}
	return nil
}
