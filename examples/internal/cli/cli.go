// Package cli holds what the example programs share: finding the bundled data files, the
// input flags (-delimiter, -encoding, -sheet, -keep-columns, -require-id), reading a CSV,
// xlsx or JSON Lines file into records that keep their line numbers while printing the
// column mapping used, reporting bad rows on stderr, adding records to a Matcher, and
// building a Matcher for the -region flag and the extra fields the files' columns make.
//
// It is internal to the examples: a program copied out of this repository takes this package
// with it.
package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/idmatch/idmatch/internal/dataset"
	"github.com/idmatch/idmatch/internal/progress"
	"github.com/idmatch/idmatch/match"
)

// Exit statuses shared by the example programs.
const (
	// ExitOK: every row was read and processed.
	ExitOK = 0
	// ExitRejected: some rows were rejected and reported; the output holds every good row.
	ExitRejected = 1
	// ExitUsage: bad flags, an unreadable input, a bad -fields map, or a run that could not
	// complete.
	ExitUsage = 2
)

// Errors returned by the package; test with errors.Is.
var (
	// ErrNotFound means a bundled data file could not be located.
	ErrNotFound = errors.New("cli: file not found")
	// ErrInput means an input file could not be opened or read, or its header is unusable.
	ErrInput = errors.New("cli: bad input")
)

// FindFile locates a file bundled with the repository, such as "testdata/customers.csv": rel
// as given (relative to the working directory), else rel under the module root, the nearest
// directory above the working directory that holds a go.mod. This lets the programs run both
// from the repository root and from their own directory (as tests do).
func FindFile(rel string) (string, error) {
	if isFile(rel) {
		return rel, nil
	}
	dir, err := os.Getwd()
	if err != nil {
		return "", fmt.Errorf("%w: %s: %w", ErrNotFound, rel, err)
	}
	for {
		if isFile(filepath.Join(dir, "go.mod")) {
			if p := filepath.Join(dir, rel); isFile(p) {
				return p, nil
			}
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			break
		}
		dir = parent
	}
	return "", fmt.Errorf("%w: %s is neither under the working directory nor under the module root (the directory with go.mod); run from the idmatch repository or name the file with a flag",
		ErrNotFound, rel)
}

func isFile(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.Mode().IsRegular()
}

// Reporter writes row problems as "file:line: what" lines and counts them. The zero value
// counts without writing. It is not safe for concurrent use, and keeps no reference to the
// problems passed to it.
type Reporter struct {
	w io.Writer // nil discards
	// Rejected counts the rows reported by Reject.
	Rejected int
	// Warnings counts the problems reported by Warn.
	Warnings int
	// byField counts the warnings of each file and field, so that a column full of bad
	// values is reported by its first lines and a count, not line by line.
	byField map[[2]string]int
	fields  [][2]string // in the order first seen
}

// warningsShown is how many warnings of one field of one file are printed; the rest are
// counted and summed up by WarningSummary.
const warningsShown = 5

// BaseName is a path's last element, for phase names; "-" is stdin.
func BaseName(path string) string {
	if path == "-" {
		return "stdin"
	}
	return filepath.Base(path)
}

// NewReporter returns a Reporter writing to w (usually stderr).
func NewReporter(w io.Writer) *Reporter { return &Reporter{w: w} }

// Reject reports that the row of file starting at line was skipped, and why.
func (r *Reporter) Reject(file string, line int, reason string) {
	r.Rejected++
	r.Printf("%s:%d: rejected: %s", file, line, reason)
}

// Warn reports normalization problems of a row: each problem's field was left out of
// matching, the rest of the row was not. It keeps no reference to probs.
func (r *Reporter) Warn(file string, line int, probs []match.Problem) {
	if r.byField == nil {
		r.byField = map[[2]string]int{}
	}
	for _, p := range probs {
		r.Warnings++
		k := [2]string{file, p.Field}
		if r.byField[k] == 0 {
			r.fields = append(r.fields, k)
		}
		r.byField[k]++
		switch n := r.byField[k]; {
		case n <= warningsShown:
			r.Printf("%s:%d: warning: %s %q left out: %v", file, line, p.Field, p.Value, p.Err)
		case n == warningsShown+1:
			r.Printf("%s: more warnings of %s are counted, not shown", file, p.Field)
		}
	}
}

// WarningSummary lists the warnings by file and field, e.g. "customers.csv: phone 120,
// birth_date 3"; "" when there were none.
func (r *Reporter) WarningSummary() string {
	var parts []string
	for _, k := range r.fields {
		parts = append(parts, fmt.Sprintf("%s %s %d", filepath.Base(k[0]), k[1], r.byField[k]))
	}
	return strings.Join(parts, ", ")
}

// Printf writes a free-form line, such as a note that training failed.
func (r *Reporter) Printf(format string, args ...any) {
	if r.w != nil {
		fmt.Fprintf(r.w, format+"\n", args...)
	}
}

// InputFlags are the flags that say how to read an input file. Register them with
// Register; the zero value detects everything and numbers rows by line when a file has no
// id column. It is a plain value, safe to copy.
type InputFlags struct {
	// Delimiter is the CSV delimiter (-delimiter): one character, or "tab"; "" detects.
	Delimiter string
	// Encoding is the text encoding (-encoding), such as "windows-1251"; "" detects.
	Encoding string
	// Sheet is the xlsx sheet to read (-sheet); "" reads the first.
	Sheet string
	// KeepColumns keeps the columns that map to no role as extra fields (-keep-columns):
	// exact when their first values look like codes, else text (see dataset.Options).
	KeepColumns bool
	// RequireID makes a file without an id column an error (-require-id), instead of
	// numbering its rows by line.
	RequireID bool
}

// Register adds -delimiter, -encoding, -sheet, -keep-columns and -require-id to fs, storing
// into f.
func (f *InputFlags) Register(fs *flag.FlagSet) {
	fs.StringVar(&f.Delimiter, "delimiter", "", "CSV field `delimiter`: one character or tab (default: detected among , ; tab |)")
	fs.StringVar(&f.Encoding, "encoding", "", "text `encoding` of CSV and JSON Lines input, e.g. utf-8, windows-1251, koi8-r, utf-16le (default: detected)")
	fs.StringVar(&f.Sheet, "sheet", "", "xlsx sheet `NAME` to read (default: the first)")
	fs.BoolVar(&f.KeepColumns, "keep-columns", false, "keep columns that map to no role as extra fields: exact when their values look like codes, else text")
	fs.BoolVar(&f.RequireID, "require-id", false, "fail on a file without an id column instead of numbering its rows by line (line:N)")
}

// options returns the dataset options the flags give.
func (f InputFlags) options() (dataset.Options, error) {
	comma, err := dataset.ParseComma(f.Delimiter)
	if err != nil {
		return dataset.Options{}, fmt.Errorf("-delimiter: %w", err)
	}
	return dataset.Options{
		Comma:       comma,
		Encoding:    f.Encoding,
		Sheet:       f.Sheet,
		KeepColumns: f.KeepColumns,
		AllowNoID:   !f.RequireID,
	}, nil
}

// LoadOptions configure Load. It is a plain value, safe to copy and share.
type LoadOptions struct {
	// Fields maps columns to record fields (the -fields flag).
	Fields dataset.FieldMap
	// Input says how to read the file (the -delimiter, -encoding, -sheet, -keep-columns and
	// -require-id flags).
	Input InputFlags
	// Mapping, when not nil, receives the mapping report (see dataset.Mapping) as soon as the
	// header is read, before any row: how the file is read, the role of every column, the
	// columns ignored, and how rows get IDs.
	Mapping io.Writer
	// Lenient drops the Fields pairs whose column a CSV header lacks instead of failing, so
	// that one map can serve two files with different columns. It needs a seekable file (not
	// stdin). JSON Lines input never fails this way: a mapped key that no object holds just
	// leaves its field empty.
	Lenient bool
	// Quiet hides the progress bar.
	Quiet bool
}

// Input is a file read into rows. It is plain data that belongs to the caller; it is not
// safe for concurrent use while being modified.
type Input struct {
	// Name is the file as shown in messages ("-" reads as "stdin").
	Name string
	// Header holds the column names (for JSONL, the keys seen in the whole file).
	Header []string
	// Rows holds the well-formed rows in input order, each with its line number. AddAll
	// leaves in it only the rows it kept.
	Rows []dataset.Row
	// Read is the number of well-formed rows read.
	Read int
	// Dropped lists the Fields columns the file lacks, when LoadOptions.Lenient let it pass.
	Dropped []string
	// Mapping is the column map used, with what was detected about the file (for JSONL,
	// over the keys of the whole file).
	Mapping dataset.Mapping
	// Extras holds the extra fields the file's columns make, with their kinds: the ones
	// NewMatcher declares.
	Extras map[string]match.FieldKind
}

// Load reads the CSV, xlsx or JSON Lines file at path ("-" for stdin) into rows. A file
// whose name ends in ".xlsx" is read as a workbook; otherwise the format, the encoding and
// the delimiter are detected unless opt.Input names them. A malformed row is reported
// through rep with its line number and reason and skipped; reading goes on with the next
// row. The returned error, wrapping ErrInput, is for problems that stop the reading: an
// unopenable file, an unusable header, a bad -delimiter, -encoding or -sheet, a read
// failure.
func Load(path string, stdin io.Reader, opt LoadOptions, rep *Reporter) (*Input, error) {
	in := &Input{Name: path}
	dopt, err := opt.Input.options()
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrInput, err)
	}
	if strings.EqualFold(filepath.Ext(path), ".xlsx") {
		dopt.Format = "xlsx"
	}
	src := &countingReader{r: stdin}
	var (
		size int64 = -1
		seek io.Seeker
	)
	if path == "-" {
		in.Name = "stdin"
	} else {
		f, err := os.Open(path)
		if err != nil {
			return nil, fmt.Errorf("%w: %w", ErrInput, err)
		}
		defer f.Close()
		if st, err := f.Stat(); err == nil && st.Mode().IsRegular() {
			size, seek = st.Size(), f
		}
		src.r = f
	}

	r, err := dataset.NewReader(src, opt.Fields, dopt)
	if errors.Is(err, dataset.ErrBadFieldMap) && opt.Lenient && seek != nil {
		var fields dataset.FieldMap
		fields, in.Dropped, err = fitFields(src, seek, opt.Fields, dopt)
		if err == nil {
			r, err = dataset.NewReader(src, fields, dopt)
		}
	}
	if errors.Is(err, dataset.ErrNoID) {
		return nil, fmt.Errorf("%w: %s: %w; map one with -fields COLUMN:id, or leave out -require-id to number rows by line",
			ErrInput, in.Name, err)
	}
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %w", ErrInput, in.Name, err)
	}
	defer r.Close()
	if opt.Mapping != nil {
		fmt.Fprintf(opt.Mapping, "%s: reading with this mapping:\n%s", in.Name, indent(r.Mapping().String()))
	} else if r.Mapping().LineIDs {
		rep.Printf("%s: no id column; each row's ID is line:N, N its line number", in.Name)
	}

	// The bar starts once the header is known good, so that a usage error prints no bar.
	bar := progress.New(size, "reading "+shortName(in.Name), opt.Quiet)
	defer bar.Finish()
	src.attach(bar)
	for row, err := range r.All() {
		if err != nil {
			var re *dataset.RowError
			if errors.As(err, &re) {
				rep.Reject(in.Name, re.Line, re.Detail())
				continue
			}
			return nil, fmt.Errorf("%w: %s: %w", ErrInput, in.Name, err)
		}
		in.Rows = append(in.Rows, row)
	}
	in.Read = len(in.Rows)
	in.Header = r.Header()
	in.Mapping = r.Mapping()
	in.Extras = r.Extras()
	return in, nil
}

// indent puts two spaces before every line of s.
func indent(s string) string {
	lines := strings.SplitAfter(s, "\n")
	var b strings.Builder
	for _, l := range lines {
		if l != "" {
			b.WriteString("  ")
			b.WriteString(l)
		}
	}
	return b.String()
}

// fitFields reads the header of src, rewinds it, and returns fields without the pairs whose
// column the header lacks, and those columns.
func fitFields(src *countingReader, seek io.Seeker, fields dataset.FieldMap, opt dataset.Options) (dataset.FieldMap, []string, error) {
	rewind := func() error {
		src.n = 0
		_, err := seek.Seek(0, io.SeekStart)
		return err
	}
	if err := rewind(); err != nil {
		return fields, nil, err
	}
	opt.AllowNoID = true
	hr, err := dataset.NewReader(src, dataset.FieldMap{}, opt)
	if err != nil {
		return fields, nil, err
	}
	_ = hr.Close()
	if err := rewind(); err != nil {
		return fields, nil, err
	}
	header := hr.Header()
	var kept, dropped []string
	// String gives the pairs in ParseFieldMap's syntax; a column may hold ':' but not ','.
	for _, pair := range strings.Split(fields.String(), ",") {
		colon := strings.LastIndexByte(pair, ':')
		if colon < 0 {
			continue
		}
		column := pair[:colon]
		if slices.Contains(header, column) {
			kept = append(kept, pair)
		} else {
			dropped = append(dropped, column)
		}
	}
	fitted, err := dataset.ParseFieldMap(strings.Join(kept, ","))
	return fitted, dropped, err
}

// countingReader feeds the bytes it reads to a progress bar, holding the count until the
// bar is attached.
type countingReader struct {
	r   io.Reader
	n   int64
	bar *progress.Bar
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	if c.bar != nil {
		c.bar.Add(n)
	} else {
		c.n += int64(n)
	}
	return n, err
}

func (c *countingReader) attach(bar *progress.Bar) {
	c.bar = bar
	bar.Add(int(c.n))
}

// ParseFlags parses a program's flags with a usage text of summary, and checks that no
// arguments other than flags remain. It returns done when the program should stop at once,
// with the exit status code: ExitOK after -h, ExitUsage on a bad flag or an argument.
func ParseFlags(fs *flag.FlagSet, args []string, summary string) (code int, done bool) {
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "usage: %s [flags]\n\n%s\n\nFlags:\n", fs.Name(), summary)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return ExitOK, true
		}
		return ExitUsage, true
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(fs.Output(), "%s: unexpected argument %q (flags only; see -h)\n", fs.Name(), fs.Arg(0))
		return ExitUsage, true
	}
	return ExitOK, false
}

// UsageError returns a function that reports a usage error of program prog on w and gives
// ExitUsage.
func UsageError(w io.Writer, prog string) func(format string, args ...any) int {
	return func(format string, args ...any) int {
		fmt.Fprintf(w, prog+": "+format+"\n", args...)
		return ExitUsage
	}
}
