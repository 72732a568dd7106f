// Package output writes the example programs' result tables as CSV, JSON Lines or an Excel
// workbook, chosen by the file's extension, and writes files atomically: rows go to a
// temporary file in the target's directory, which is synced and renamed over the target
// only when the table is complete. A run that fails half-way leaves the previous file, if
// any, untouched.
//
// It is internal to the examples: a program copied out of this repository takes this
// package with it.
package output

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// Errors returned by the package; test with errors.Is.
var (
	// ErrFormat means a file name's extension names no format the package writes.
	ErrFormat = errors.New("output: unknown format")
	// ErrValue means a row held a value of a type its column does not take, or the wrong
	// number of values.
	ErrValue = errors.New("output: bad value")
	// ErrTooManyRows means a table outgrew its format: an Excel sheet holds at most
	// MaxXLSXRows rows below its header.
	ErrTooManyRows = errors.New("output: too many rows")
)

// MaxXLSXRows is the number of rows an Excel sheet holds below its header row.
const MaxXLSXRows = 1<<20 - 1

// Format is an output file format.
type Format int

// The formats, chosen from a file name by FormatOf.
const (
	// CSV is comma-separated values with a header line (RFC 4180), UTF-8.
	CSV Format = iota
	// JSONL is JSON Lines: one object per row, keyed by column name; an empty value is null.
	JSONL
	// XLSX is an Excel workbook with one sheet whose first row is the header.
	XLSX
)

// String returns the kind's name.
func (k Kind) String() string {
	switch k {
	case String:
		return "string"
	case Int:
		return "int"
	case Float:
		return "float64"
	case Bool:
		return "bool"
	}
	return "Kind(" + strconv.Itoa(int(k)) + ")"
}

// String returns the format's usual extension without the dot.
func (f Format) String() string {
	switch f {
	case CSV:
		return "csv"
	case JSONL:
		return "jsonl"
	case XLSX:
		return "xlsx"
	}
	return "Format(" + strconv.Itoa(int(f)) + ")"
}

// Extensions lists the extensions FormatOf accepts, for usage messages.
const Extensions = ".csv, .jsonl (or .ndjson) and .xlsx"

// FormatOf returns the format of a file name from its extension (case-insensitive): .csv,
// .jsonl or .ndjson, .xlsx; a name with no extension, and "-" (stdout), are CSV. Any other
// extension fails with ErrFormat, so that "out.json" or "out.xls" is not silently written
// as CSV.
func FormatOf(path string) (Format, error) {
	if path == "-" {
		return CSV, nil
	}
	switch ext := strings.ToLower(filepath.Ext(path)); ext {
	case "", ".csv":
		return CSV, nil
	case ".jsonl", ".ndjson":
		return JSONL, nil
	case ".xlsx":
		return XLSX, nil
	default:
		return 0, fmt.Errorf("%w: %q (the extension chooses the format: %s)", ErrFormat, ext, Extensions)
	}
}

// Kind is the type of a column's values.
type Kind int

// The column kinds.
const (
	// String columns take string values; "" is an empty cell (null in JSON Lines).
	String Kind = iota
	// Int columns take int values.
	Int
	// Float columns take float64 values, written with four decimals in CSV; NaN is an empty
	// cell (null in JSON Lines).
	Float
	// Bool columns take bool values, written true/false.
	Bool
)

// Column names a column and the kind of its values. It is a plain value.
type Column struct {
	Name string
	Kind Kind
}

// Table writes rows to a file or to stdout. Create it with Create, call Row for each row,
// then Commit (or Abort). It is not safe for concurrent use, and keeps no reference to the
// values passed to Row.
type Table struct {
	cols   []Column
	format Format
	path   string   // the target; "-" for stdout
	tmp    *os.File // the temporary file; nil for stdout
	buf    *bufio.Writer
	csv    *csv.Writer
	xlsx   *excelize.File
	sheet  *excelize.StreamWriter
	rows   int
	err    error // the first write error
	closed bool
}

// Create starts a table of cols at path, in the format of its extension (see FormatOf), or
// on stdout as CSV when path is "-". For a file, the rows go to a temporary file in the same
// directory until Commit. Create writes the header at once, so that a path that cannot be
// written fails before the long work.
func Create(path string, stdout io.Writer, cols []Column) (*Table, error) {
	format, err := FormatOf(path)
	if err != nil {
		return nil, err
	}
	t := &Table{cols: append([]Column(nil), cols...), format: format, path: path}
	var w io.Writer = stdout
	if path != "-" {
		dir, base := filepath.Split(path)
		if dir == "" {
			dir = "."
		}
		if t.tmp, err = os.CreateTemp(dir, "."+base+".*.tmp"); err != nil {
			return nil, err
		}
		w = t.tmp
	}
	t.buf = bufio.NewWriterSize(w, 64<<10)
	header := make([]string, len(cols))
	for i, c := range cols {
		header[i] = c.Name
	}
	switch format {
	case CSV:
		t.csv = csv.NewWriter(t.buf)
		t.err = t.csv.Write(header)
	case XLSX:
		t.xlsx = excelize.NewFile()
		t.sheet, t.err = t.xlsx.NewStreamWriter("Sheet1")
		if t.err == nil {
			t.err = t.sheet.SetRow("A1", toAny(header))
		}
	}
	if t.err != nil {
		err := t.err
		t.Abort()
		return nil, err
	}
	return t, nil
}

func toAny(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

// Format returns the table's format.
func (t *Table) Format() Format { return t.format }

// Row writes one row: one value per column, of the column's kind (string, int, float64 or
// bool). A row of the wrong length or with a value of the wrong type fails with ErrValue and
// writes nothing. After a write error every later call returns that error.
func (t *Table) Row(vals ...any) error {
	if t.err != nil {
		return t.err
	}
	if t.closed {
		return fmt.Errorf("%w: row after Commit or Abort", ErrValue)
	}
	if len(vals) != len(t.cols) {
		return fmt.Errorf("%w: %d values for %d columns", ErrValue, len(vals), len(t.cols))
	}
	for i, v := range vals {
		if err := t.check(i, v); err != nil {
			return err
		}
	}
	if t.format == XLSX && t.rows >= MaxXLSXRows {
		t.err = fmt.Errorf("%w: an xlsx sheet holds at most %d rows; write .csv or .jsonl instead", ErrTooManyRows, MaxXLSXRows)
		return t.err
	}
	t.rows++
	switch t.format {
	case CSV:
		rec := make([]string, len(vals))
		for i, v := range vals {
			rec[i] = cellText(v)
		}
		t.err = t.csv.Write(rec)
	case JSONL:
		t.err = t.writeJSON(vals)
	case XLSX:
		cells := make([]any, len(vals))
		for i, v := range vals {
			cells[i] = xlsxCell(v)
		}
		cell, err := excelize.CoordinatesToCellName(1, t.rows+1)
		if err == nil {
			err = t.sheet.SetRow(cell, cells)
		}
		t.err = err
	}
	return t.err
}

func (t *Table) check(i int, v any) error {
	ok := false
	switch t.cols[i].Kind {
	case String:
		_, ok = v.(string)
	case Int:
		_, ok = v.(int)
	case Float:
		_, ok = v.(float64)
	case Bool:
		_, ok = v.(bool)
	}
	if !ok {
		return fmt.Errorf("%w: column %q takes %s values, got %T", ErrValue, t.cols[i].Name, t.cols[i].Kind, v)
	}
	return nil
}

// empty reports whether v is written as an empty cell.
func empty(v any) bool {
	switch x := v.(type) {
	case string:
		return x == ""
	case float64:
		return math.IsNaN(x)
	}
	return false
}

func cellText(v any) string {
	if empty(v) {
		return ""
	}
	switch x := v.(type) {
	case string:
		return x
	case int:
		return strconv.Itoa(x)
	case float64:
		return strconv.FormatFloat(x, 'f', 4, 64)
	case bool:
		return strconv.FormatBool(x)
	}
	return fmt.Sprint(v)
}

func xlsxCell(v any) any {
	if empty(v) {
		return nil
	}
	return v
}

func (t *Table) writeJSON(vals []any) error {
	// Build the object by hand to keep the column order; json.Marshal of a map sorts keys.
	var b strings.Builder
	b.WriteByte('{')
	for i, v := range vals {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(t.cols[i].Name)
		b.Write(k)
		b.WriteByte(':')
		if empty(v) {
			b.WriteString("null")
			continue
		}
		if f, ok := v.(float64); ok && math.IsInf(f, 0) {
			v = cellText(f) // JSON has no infinity
		}
		j, err := json.Marshal(v)
		if err != nil {
			return err
		}
		b.Write(j)
	}
	b.WriteString("}\n")
	_, err := t.buf.WriteString(b.String())
	return err
}

// Rows returns the number of rows written so far, header not counted.
func (t *Table) Rows() int { return t.rows }

// Commit completes the table: it flushes the rows and, for a file, syncs the temporary file
// to disk and renames it over path. On error the temporary file is removed and path is left
// as it was. Commit and Abort may be called more than once; only the first has an effect.
func (t *Table) Commit() error {
	if t.closed {
		return t.err
	}
	err := t.err
	if err == nil {
		err = t.finish()
	}
	if err != nil {
		t.Abort()
		t.err = err
		return err
	}
	t.closed = true
	if t.tmp == nil {
		return nil
	}
	if err = t.tmp.Sync(); err == nil {
		err = t.tmp.Close()
	} else {
		t.tmp.Close()
	}
	if err == nil {
		// CreateTemp makes the file readable by its owner only; results are for sharing.
		err = os.Chmod(t.tmp.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(t.tmp.Name(), t.path)
	}
	if err != nil {
		os.Remove(t.tmp.Name())
		t.err = err
		return err
	}
	syncDir(filepath.Dir(t.path))
	return nil
}

// finish writes what the format holds back until the end.
func (t *Table) finish() error {
	switch t.format {
	case CSV:
		t.csv.Flush()
		if err := t.csv.Error(); err != nil {
			return err
		}
	case XLSX:
		if err := t.sheet.Flush(); err != nil {
			return err
		}
		if _, err := t.xlsx.WriteTo(t.buf); err != nil {
			return err
		}
		if err := t.xlsx.Close(); err != nil {
			return err
		}
	}
	return t.buf.Flush()
}

// syncDir makes a rename durable where the system allows it; errors are ignored since some
// systems cannot sync a directory.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}

// Abort discards the table: for a file, the temporary file is removed and path is left as
// it was. It is a no-op after Commit.
func (t *Table) Abort() {
	if t.closed {
		return
	}
	t.closed = true
	if t.xlsx != nil {
		t.xlsx.Close()
	}
	if t.tmp != nil {
		t.tmp.Close()
		os.Remove(t.tmp.Name())
	}
}
