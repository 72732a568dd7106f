// Package cli holds what the example programs share: finding the bundled data files, reading
// a file into records that keep their line numbers, reporting bad rows on stderr, adding
// records to a Matcher, and building a Matcher from the -fields and -region flags.
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
	for _, p := range probs {
		r.Warnings++
		r.Printf("%s:%d: warning: %s %q left out: %v", file, line, p.Field, p.Value, p.Err)
	}
}

// Printf writes a free-form line, such as a note that training failed.
func (r *Reporter) Printf(format string, args ...any) {
	if r.w != nil {
		fmt.Fprintf(r.w, format+"\n", args...)
	}
}

// LoadOptions configure Load. It is a plain value, safe to copy and share.
type LoadOptions struct {
	// Fields maps columns to record fields (the -fields flag).
	Fields dataset.FieldMap
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
	// Rows holds the well-formed rows in input order, each with its line number.
	Rows []dataset.Row
	// Dropped lists the Fields columns the file lacks, when LoadOptions.Lenient let it pass.
	Dropped []string
}

// Load reads the CSV or JSON Lines file at path ("-" for stdin) into rows. A malformed row is
// reported through rep with its line number and reason and skipped; reading goes on with the
// next row. The returned error, wrapping ErrInput, is for problems that stop the reading: an
// unopenable file, an unusable header, a read failure.
func Load(path string, stdin io.Reader, opt LoadOptions, rep *Reporter) (*Input, error) {
	in := &Input{Name: path}
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

	r, err := dataset.NewReader(src, opt.Fields, dataset.Options{})
	if errors.Is(err, dataset.ErrBadFieldMap) && opt.Lenient && seek != nil {
		var fields dataset.FieldMap
		fields, in.Dropped, err = fitFields(src, seek, opt.Fields)
		if err == nil {
			r, err = dataset.NewReader(src, fields, dataset.Options{})
		}
	}
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %w", ErrInput, in.Name, err)
	}

	// The bar starts once the header is known good, so that a usage error prints no bar.
	bar := progress.New(size, "reading "+shortName(in.Name), opt.Quiet)
	defer bar.Finish()
	src.attach(bar)
	for row, err := range r.All() {
		if err != nil {
			var re *dataset.RowError
			if errors.As(err, &re) {
				rep.Reject(in.Name, re.Line, re.Reason)
				continue
			}
			return nil, fmt.Errorf("%w: %s: %w", ErrInput, in.Name, err)
		}
		in.Rows = append(in.Rows, row)
	}
	in.Header = r.Header()
	return in, nil
}

// fitFields reads the CSV header of src, rewinds it, and returns fields without the pairs
// whose column the header lacks, and those columns.
func fitFields(src *countingReader, seek io.Seeker, fields dataset.FieldMap) (dataset.FieldMap, []string, error) {
	rewind := func() error {
		src.n = 0
		_, err := seek.Seek(0, io.SeekStart)
		return err
	}
	if err := rewind(); err != nil {
		return fields, nil, err
	}
	hr, err := dataset.NewReader(src, dataset.FieldMap{}, dataset.Options{AllowNoID: true})
	if err != nil {
		return fields, nil, err
	}
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
