package dataset

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"
)

// line is one physical input line without its line end ("\n" or "\r\n").
type line struct {
	text    string
	no      int  // 1-based line number
	tooLong bool // longer than lineReader.max; text is empty
}

// lineReader splits the input into lines, with a bound on memory per line and the ability to
// push lines back for a second reading.
type lineReader struct {
	br   *bufio.Reader
	max  int
	no   int
	back []line // lines pushed back, read again before new input
	buf  []byte

	// While taping, every line read from the input is also kept in tape, so that a sample
	// read ahead can be given back whole with rewind; a read error met then waits in err
	// until the tape has been read again.
	taping    bool
	tape      []line
	tapeBytes int
	err       error
}

// startTape begins keeping the lines read from the input. The lines pushed back must have
// been read again first.
func (lr *lineReader) startTape() { lr.taping, lr.tape, lr.tapeBytes = true, nil, 0 }

// rewind stops taping and makes the taped lines the next ones read, in order. Lines pushed
// back while taping were taped when first read, so the tape replaces them.
func (lr *lineReader) rewind() {
	lr.back, lr.tape, lr.taping = lr.tape, nil, false
}

// next returns the next line, or io.EOF after the last one. A final line without a newline
// is still a line.
func (lr *lineReader) next() (line, error) {
	if len(lr.back) > 0 {
		ln := lr.back[0]
		lr.back = lr.back[1:]
		return ln, nil
	}
	if lr.err != nil {
		err := lr.err
		lr.err = nil
		return line{}, err
	}
	ln, err := lr.read()
	if lr.taping {
		if err != nil && err != io.EOF {
			lr.err = err
		} else if err == nil {
			lr.tape = append(lr.tape, ln)
			lr.tapeBytes += len(ln.text) + 1
		}
	}
	return ln, err
}

// read returns the next line from the input.
func (lr *lineReader) read() (line, error) {
	lr.buf = lr.buf[:0]
	total := 0
	for {
		chunk, err := lr.br.ReadSlice('\n')
		total += len(chunk)
		// Past the cap, keep counting but stop storing: the line is rejected whole.
		if total <= lr.max+2 {
			lr.buf = append(lr.buf, chunk...)
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		if err == io.EOF && total == 0 {
			return line{}, io.EOF
		}
		if err != nil && err != io.EOF {
			return line{}, fmt.Errorf("dataset: read: %w", err)
		}
		break
	}
	lr.no++
	b := lr.buf
	b = b[:len(b)-trailing(b, '\n')]
	b = b[:len(b)-trailing(b, '\r')]
	if total > lr.max+2 || len(b) > lr.max {
		return line{no: lr.no, tooLong: true}, nil
	}
	return line{text: string(b), no: lr.no}, nil
}

// trailing returns 1 if b ends with c, else 0.
func trailing(b []byte, c byte) int {
	if len(b) > 0 && b[len(b)-1] == c {
		return 1
	}
	return 0
}

// unread pushes lines back so that next returns them first, in order.
func (lr *lineReader) unread(lines []line) {
	if len(lines) > 0 {
		lr.back = append(slices.Clone(lines), lr.back...)
	}
}

// isPad reports whether c is padding around a CSV field (a space or tab that is not the
// separator).
func (r *Reader) isPad(c byte) bool {
	return (c == ' ' && r.padSpace) || (c == '\t' && r.padTab)
}

// blank reports whether a CSV line holds nothing but padding.
func (r *Reader) blank(s string) bool {
	for i := 0; i < len(s); i++ {
		if !r.isPad(s[i]) {
			return false
		}
	}
	return true
}

// parseRecord splits the CSV record starting at first into r.vals (untrimmed) and returns
// the number of its last line. A quoted field that reaches the end of the line continues on
// the next. On a quoting error it returns a reason and pushes back the lines read after
// first, so that reading resumes on the next line: encoding/csv, by contrast, would report
// everything up to the next quote as one bad record and lose the good rows in between.
//
// col is the 1-based position of the field at fault, or 0.
func (r *Reader) parseRecord(first line) (end, col int, reason string, err error) {
	r.vals = r.vals[:0]
	s := first.text
	end = first.no
	var more []line
	fail := func(format string, args ...any) (int, int, string, error) {
		r.lines.unread(more)
		return first.no, len(r.vals) + 1, fmt.Sprintf(format, args...), nil
	}
	pos := 0
	for {
		i := pos
		for i < len(s) && r.isPad(s[i]) {
			i++
		}
		if i == len(s) || s[i] != '"' {
			k := strings.Index(s[pos:], r.comma)
			f := s[pos:]
			if k >= 0 {
				f = s[pos : pos+k]
			}
			if strings.IndexByte(f, '"') >= 0 {
				return fail(`bare " in unquoted field`)
			}
			r.vals = append(r.vals, f)
			if k < 0 {
				return end, 0, "", nil
			}
			pos += k + len(r.comma)
			continue
		}

		// Quoted field: the fast path takes a substring; a builder is needed only for
		// escaped quotes and line breaks.
		var b strings.Builder
		built := false
		j := i + 1
		start := j
		for {
			k := strings.IndexByte(s[j:], '"')
			if k < 0 {
				b.WriteString(s[start:])
				b.WriteByte('\n')
				built = true
				if b.Len() > r.maxField {
					return fail("longer than %d bytes", r.maxField)
				}
				ln, err := r.lines.next()
				if err == io.EOF {
					return fail("quoted field not closed before end of input")
				}
				if err != nil {
					return first.no, 0, "", err
				}
				more = append(more, ln)
				if ln.tooLong {
					return fail("quoted field runs into line %d, longer than %d bytes", ln.no, r.lines.max)
				}
				end = ln.no
				s, j, start = ln.text, 0, 0
				continue
			}
			j += k
			if j+1 < len(s) && s[j+1] == '"' {
				b.WriteString(s[start : j+1])
				built = true
				j += 2
				start = j
				continue
			}
			f := s[start:j]
			if built {
				b.WriteString(f)
				f = b.String()
			}
			if len(f) > r.maxField {
				return fail("longer than %d bytes", r.maxField)
			}
			j++
			for j < len(s) && r.isPad(s[j]) {
				j++
			}
			if j < len(s) && !strings.HasPrefix(s[j:], r.comma) {
				if end != first.no {
					return fail(`quote opened here is not closed properly (extraneous " on line %d)`, end)
				}
				return fail(`extraneous " in quoted field`)
			}
			r.vals = append(r.vals, f)
			if j == len(s) {
				return end, 0, "", nil
			}
			pos = j + len(r.comma)
			break
		}
	}
}

// headerLine returns the first line that is not blank, or the error that no header is there.
func (r *Reader) headerLine(blank func(string) bool) (line, error) {
	for {
		ln, err := r.lines.next()
		if err == io.EOF {
			return line{}, fmt.Errorf("%w: empty input", ErrNoHeader)
		}
		if err != nil {
			return line{}, err
		}
		if ln.tooLong {
			return line{}, fmt.Errorf("%w: line %d: longer than %d bytes", ErrBadHeader, ln.no, r.lines.max)
		}
		if !blank(ln.text) {
			return ln, nil
		}
	}
}

// readCSVHeader reads the first non-blank record as the header.
func (r *Reader) readCSVHeader() error {
	ln, err := r.headerLine(r.blank)
	if err != nil {
		return err
	}
	end, col, reason, err := r.parseRecord(ln)
	if err != nil {
		return err
	}
	if reason != "" {
		return fmt.Errorf("%w: line %d, column %d: %s", ErrBadHeader, ln.no, col, reason)
	}
	r.end = end
	if err := r.setHeader(ln.no, r.vals); err != nil {
		return err
	}
	return r.sampleCSV()
}

// setHeader makes the columns from the header record vals, found on line no.
func (r *Reader) setHeader(no int, vals []string) error {
	for i, v := range vals {
		name := strings.TrimSpace(v)
		if !utf8.ValidString(name) {
			return fmt.Errorf("%w: line %d, column %d: invalid UTF-8", ErrBadHeader, no, i+1)
		}
		if _, dup := r.index[name]; dup {
			return fmt.Errorf("%w: line %d, column %d: duplicate column %q", ErrBadHeader, no, i+1, name)
		}
		if err := r.addColumn(name); err != nil {
			return err
		}
	}
	r.names = r.Header() // shared by every row read under this header
	for _, e := range r.fields.entries {
		if _, ok := r.index[e.column]; !ok {
			return fmt.Errorf("%w: column %q is not in the header (%s)", ErrBadFieldMap, e.column, strings.Join(r.Header(), ", "))
		}
	}
	return nil
}

// readCSV returns the next CSV row.
func (r *Reader) readCSV() (Row, error) {
	for {
		ln, err := r.lines.next()
		if err != nil {
			return Row{}, err
		}
		r.end = ln.no
		if ln.tooLong {
			return Row{}, rowError(ln.no, "line longer than %d bytes", r.lines.max)
		}
		if r.blank(ln.text) {
			continue
		}
		end, col, reason, err := r.parseRecord(ln)
		if err != nil {
			return Row{}, err
		}
		r.end = end
		if reason != "" {
			return Row{}, r.colError(ln.no, col, "%s", reason)
		}
		return r.buildCSV(ln.no)
	}
}

// buildCSV turns r.vals into a Row.
func (r *Reader) buildCSV(no int) (Row, error) {
	if len(r.vals) != len(r.cols) {
		return Row{}, rowError(no, "wrong number of fields: got %d, want %d", len(r.vals), len(r.cols))
	}
	vals := make([]string, len(r.vals))
	row := Row{Line: no, Columns: Columns{names: r.names, index: r.index, vals: vals}}
	for i, v := range r.vals {
		c := &r.cols[i]
		if !utf8.ValidString(v) {
			return Row{}, r.colError(no, i+1, "invalid UTF-8")
		}
		if len(v) > r.maxField {
			return Row{}, r.colError(no, i+1, "longer than %d bytes", r.maxField)
		}
		v = strings.TrimSpace(v)
		vals[i] = v
		set(&row.Record, c, v)
	}
	if err := r.finishID(&row); err != nil {
		return Row{}, err
	}
	return row, nil
}
