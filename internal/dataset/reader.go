package dataset

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"iter"
	"strconv"
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

// Options configure a Reader. The zero value detects everything: the format (CSV, JSON Lines
// or xlsx), the text encoding and the CSV delimiter. Options is a plain value; NewReader
// copies what it needs.
type Options struct {
	// Format is "csv", "jsonl", "xlsx", or "" to detect: xlsx when the input starts like a zip
	// archive, JSONL when the first byte that is not white space (after decoding) is '{', CSV
	// otherwise.
	Format string
	// Comma separates CSV fields; 0 means detect one of ',', ';', tab and '|' from the first
	// lines (see Detection). It may not be '"', '\r', '\n' or an invalid rune.
	Comma rune
	// Encoding names the text encoding of CSV and JSONL input by a WHATWG label ("utf-8",
	// "utf-16le", "utf-16be", "windows-1251" or "cp1251", "koi8-r", ...); "" means detect:
	// a byte order mark (UTF-8, UTF-16 LE or BE) first, then UTF-8 if the start of the input
	// is UTF-8, else Windows-1251 or KOI8-R, whichever gives the more plausible Russian text.
	// A byte order mark wins over a named encoding. Detection looks at the first 64 KiB: a
	// file whose first 64 KiB are plain ASCII reads as UTF-8, and its later Windows-1251
	// rows are then rejected as invalid UTF-8; name the encoding for such a file.
	Encoding string
	// Sheet names the xlsx sheet to read; "" means the first.
	Sheet string
	// AllowNoID accepts input without an id column: each row's ID is then "line:N", N being
	// the 1-based line where the row starts (for xlsx, its row number). Without it, NewReader
	// fails with ErrNoID.
	AllowNoID bool
	// KeepColumns makes every column that has no role (see FieldMap) an extra field keyed by
	// its header name, instead of ignoring it. Ground-truth columns ("entity", "cluster") are
	// never kept. A kept column is of kind exact when every value in the first 100 rows looks
	// like a code (at most 32 bytes of letters, digits and "-/._#", with a digit and no space:
	// postcodes, document numbers), else of kind text; for JSON Lines, where keys may appear
	// at any line, always text.
	KeepColumns bool
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
	Columns Columns
}

// RowError reports a malformed row. Read returns it as a *RowError and can then be called
// again to continue with the next row. A RowError is not modified after Read returns it, so
// it is safe to read concurrently.
type RowError struct {
	// Line is the 1-based line number where the bad row starts (for xlsx, the row number).
	Line int
	// Column is the 1-based position of the offending field, or 0 when the problem is the
	// row as a whole.
	Column int
	// ColumnName is the header name of that column, when the header has one.
	ColumnName string
	// Reason says what is wrong, for people ("wrong number of fields: got 9, want 11",
	// "invalid UTF-8"), without the position.
	Reason string
	// Err is ErrBadRow or an error wrapping it.
	Err error
}

// Error returns "line N: reason", or "line N, column C (name): reason" when the problem is
// in one field.
func (e *RowError) Error() string {
	if e.Column > 0 {
		return fmt.Sprintf("line %d, %s", e.Line, e.Detail())
	}
	return fmt.Sprintf("line %d: %s", e.Line, e.Detail())
}

// Detail returns the error without its line: "reason", or "column C (name): reason".
func (e *RowError) Detail() string {
	switch {
	case e.Column > 0 && e.ColumnName != "":
		return fmt.Sprintf("column %d (%s): %s", e.Column, e.ColumnName, e.Reason)
	case e.Column > 0:
		return fmt.Sprintf("column %d: %s", e.Column, e.Reason)
	}
	return e.Reason
}

// Unwrap returns Err, so that errors.Is(err, ErrBadRow) holds.
func (e *RowError) Unwrap() error { return e.Err }

// column is one header column and the field it feeds.
type column struct {
	name  string
	field field
	kind  match.FieldKind // for fieldExtra
	key   string          // Record.Extra key, for fieldExtra
	note  string          // for the mapping report: why the column is ignored, or a remark
}

// Reader reads rows from CSV, JSON Lines or xlsx input.
//
// CSV input: the text is decoded to UTF-8 first (see Options.Encoding) and the delimiter
// detected (see Options.Comma); the first non-blank record is the header; CRLF line ends, a
// missing final newline, blank lines and spaces around fields and header names (as in
// Febrl's ", " separators) are accepted. Quoted fields follow RFC 4180 and may span lines.
// A row is rejected as a *RowError when its field count differs from the header's, it holds
// invalid UTF-8, a field is longer than Options.MaxFieldBytes, a quote is misplaced, or its
// id is empty. After a quoting error reading resumes on the line after the bad row's first
// line, so one stray quote costs one row, never the rest of the file.
//
// JSONL input: one JSON object per line; values are strings, numbers (written out without an
// exponent), booleans or null (missing); columns mapped to phone, email or handle may also
// hold arrays of strings or numbers. The header is the union of keys in the order first
// seen; the first line must be an object. A line that is not such an object is a *RowError.
//
// xlsx input: one sheet (Options.Sheet, else the first), each cell read as the text Excel
// displays (a date as the user sees it, "02.01.1980", not a serial number); the first
// non-blank row is the header and every other row goes through the same checks as a CSV
// row, its row number standing for the line. Missing cells at the end of a row are empty.
//
// Duplicate IDs are not detected here. A Reader is not safe for concurrent use. It keeps the
// FieldMap (which is immutable) and the io.Reader, and modifies neither.
type Reader struct {
	lines    lineReader
	fields   FieldMap
	jsonl    bool
	xlsx     *xlsxSource // non-nil for xlsx input
	comma    string
	padSpace bool // ' ' is padding, not the separator
	padTab   bool // '\t' is padding, not the separator
	maxField int
	keep     bool
	detected Detection

	cols    []column
	index   map[string]int    // column position by name
	names   []string          // column names in order, shared by the CSV and xlsx rows
	owner   map[field]string  // single-valued fields and the column feeding each
	keys    map[string]string // extra-field keys and the column feeding each
	hasID   bool
	pending *object // first JSONL object, read with the header

	vals []string // CSV fields of the current record, reused
	end  int      // last line of the record most recently read
	err  error    // sticky: io.EOF or a read error
}

// NewReader reads the header from r and returns a Reader positioned at the first row.
// fields maps columns to roles (see FieldMap). It fails with ErrNoHeader on empty input,
// ErrBadHeader on a malformed header, ErrBadFieldMap when a CSV or xlsx header lacks a mapped
// column, ErrNoID when no column maps to id (map one in fields, or set opt.AllowNoID), and
// ErrBadOptions on bad opt (an unknown format, encoding or sheet, or an invalid Comma).
func NewReader(r io.Reader, fields FieldMap, opt Options) (*Reader, error) {
	rd := &Reader{fields: fields, maxField: opt.MaxFieldBytes, keep: opt.KeepColumns}
	if rd.maxField < 0 {
		return nil, fmt.Errorf("%w: negative MaxFieldBytes %d", ErrBadOptions, opt.MaxFieldBytes)
	}
	if rd.maxField == 0 {
		rd.maxField = DefaultMaxFieldBytes
	}
	if c := opt.Comma; c != 0 && (c == '"' || c == '\r' || c == '\n' || c == utf8.RuneError || !utf8.ValidRune(c)) {
		return nil, fmt.Errorf("%w: invalid Comma %q", ErrBadOptions, c)
	}

	raw := bufio.NewReaderSize(r, sampleBytes)
	format := opt.Format
	switch format {
	case "":
		if p, _ := raw.Peek(4); bytes.Equal(p, []byte("PK\x03\x04")) {
			format = "xlsx"
		}
	case "csv", "jsonl", "xlsx":
	default:
		return nil, fmt.Errorf("%w: unknown Format %q (want csv, jsonl, xlsx or empty)", ErrBadOptions, opt.Format)
	}
	rd.index = make(map[string]int)
	rd.owner, rd.keys = fields.claims()
	if format == "xlsx" {
		rd.detected = Detection{Format: "xlsx"}
		if err := rd.openXLSX(raw, opt.Sheet); err != nil {
			return nil, err
		}
	} else {
		br, enc, err := decode(raw, opt.Encoding)
		if err != nil {
			return nil, err
		}
		rd.detected = Detection{Encoding: enc.name, BOM: enc.bom, EncodingGuessed: enc.guessed}
		switch format {
		case "":
			rd.jsonl = detectJSONL(br)
		case "jsonl":
			rd.jsonl = true
		}
		comma := opt.Comma
		if rd.jsonl {
			rd.detected.Format = "jsonl"
		} else {
			rd.detected.Format = "csv"
			rd.detected.CommaGuessed = comma == 0
			if comma == 0 {
				comma = detectComma(br)
			}
			rd.detected.Comma = comma
		}
		if comma == 0 {
			comma = ','
		}
		rd.comma = string(comma)
		rd.padSpace, rd.padTab = comma != ' ', comma != '\t'
		rd.lines = lineReader{br: br, max: 16 * rd.maxField}
		if rd.jsonl {
			err = rd.readJSONHeader()
		} else {
			err = rd.readCSVHeader()
		}
		if err != nil {
			return nil, err
		}
	}
	_, rd.hasID = rd.owner[fieldID]
	if !rd.hasID {
		if !opt.AllowNoID {
			return nil, fmt.Errorf("%w: no column maps to id (header: %s)", ErrNoID, strings.Join(rd.Header(), ", "))
		}
		// A JSONL key seen later must not start feeding IDs halfway through the file.
		rd.owner[fieldID] = ""
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

// truthColumns are ground-truth columns, which KeepColumns never makes extra fields.
var truthColumns = map[string]bool{"entity": true, "cluster": true}

// roleOf returns the column a new header name would become, without claiming its field.
func (r *Reader) roleOf(name string) column {
	if e, ok := r.fields.lookup(name); ok {
		c := e.resolve()
		switch {
		case c.field == fieldExtra && r.keys[c.key] != name:
			// Another column of the map makes the same extra field.
			c.note = fmt.Sprintf("extra field %s comes from column %s, so this is extra field x_%s", c.key, r.keys[c.key], name)
			c.key = "x_" + name
		case c.field != fieldExtra && !c.field.multi() && r.owner[c.field] != name:
			// A built-in field given a kind, but another column of the map owns the field.
			c = column{name: name, field: fieldExtra, kind: e.kind, key: "x_" + name,
				note: fmt.Sprintf("%s comes from column %s, so this is extra field x_%s", fieldNames[c.field], r.owner[c.field], name)}
		}
		return c
	}
	c := column{name: name}
	hr, ok := implicitRole(name)
	switch {
	case ok && hr.field == fieldExtra:
		if owner, taken := r.keys[hr.extra]; taken {
			c.note = fmt.Sprintf("extra field %s already comes from column %s", hr.extra, owner)
			return c
		}
		c.field, c.key, c.kind = fieldExtra, hr.extra, hr.kind
	case ok && !hr.field.multi():
		if owner, taken := r.owner[hr.field]; taken {
			if owner == "" {
				c.note = fmt.Sprintf("%s is numbered by line", fieldNames[hr.field])
			} else {
				c.note = fmt.Sprintf("%s already comes from column %s", fieldNames[hr.field], owner)
			}
			return c
		}
		c.field = hr.field
	case ok:
		c.field = hr.field
	case truthColumns[strings.ToLower(name)]:
		c.note = "ground truth, never matched on"
	case r.keep:
		c.field, c.kind, c.key = fieldExtra, match.Text, name
		if owner, taken := r.keys[name]; taken && owner != name {
			c.key = "x_" + name
		}
		c.note = noteKept
	default:
		c.note = "unknown column"
	}
	return c
}

// addColumn appends a header column and claims its field. It fails when the column's extra
// key is already taken by another column.
func (r *Reader) addColumn(name string) error {
	c := r.roleOf(name)
	switch {
	case c.field == fieldExtra:
		if owner, taken := r.keys[c.key]; taken && owner != name {
			return fmt.Errorf("%w: columns %q and %q both make extra field %q", ErrBadFieldMap, owner, name, c.key)
		}
		r.keys[c.key] = name
	case c.field != fieldNone && !c.field.multi():
		r.owner[c.field] = name
	}
	r.index[name] = len(r.cols)
	r.cols = append(r.cols, c)
	return nil
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
	switch {
	case r.jsonl:
		row, err = r.readJSON()
	case r.detected.Format == "xlsx":
		row, err = r.readXLSX()
	default:
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

// colError returns a *RowError about the field at 1-based position col.
func (r *Reader) colError(line, col int, format string, args ...any) *RowError {
	e := rowError(line, format, args...)
	e.Column = col
	if col >= 1 && col <= len(r.cols) {
		e.ColumnName = r.cols[col-1].name
	}
	return e
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
	case fieldHandle:
		rec.Handles = append(rec.Handles, v)
	case fieldCity:
		rec.City = v
	case fieldBirthDate:
		rec.BirthDate = v
	case fieldGender:
		rec.Gender = v
	case fieldSource:
		rec.Source = v
	case fieldExtra:
		if rec.Extra == nil {
			rec.Extra = make(map[string]string)
		}
		rec.Extra[c.key] = v
	}
}

// finishID checks the row's ID, or makes one from the line number when there is no id
// column.
func (r *Reader) finishID(row *Row) *RowError {
	if !r.hasID {
		row.Record.ID = LineID(row.Line)
		return nil
	}
	if row.Record.ID == "" {
		if at, ok := r.index[r.owner[fieldID]]; ok && !r.jsonl {
			return r.colError(row.Line, at+1, "empty id")
		}
		return rowError(row.Line, "empty id")
	}
	return nil
}

// LineID returns the ID given to the row starting at line when the input has no id column:
// "line:N".
func LineID(line int) string { return "line:" + strconv.Itoa(line) }
