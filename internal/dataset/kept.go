package dataset

import (
	"io"
	"slices"
	"strings"
	"unicode"

	"github.com/idmatch/idmatch/match"
)

// Options.KeepColumns reads ahead this many rows (and at most sampleTapeBytes of CSV text) to
// choose the kind of each kept column.
const (
	sampleRows      = 100
	sampleTapeBytes = 1 << 20
	maxCodeBytes    = 32
)

// Notes on kept columns in the mapping report.
const (
	noteKept     = "kept"
	noteKeptCode = "kept; its values look like codes"
)

// looksLikeCode reports whether v reads as an identifier or code rather than text: at most
// maxCodeBytes long, holding a digit, and made of letters, digits and "-/._#" only ("4011",
// "AB-123456", "rec-7"), never spaces.
func looksLikeCode(v string) bool {
	if len(v) > maxCodeBytes {
		return false
	}
	digit := false
	for _, c := range v {
		switch {
		case unicode.IsDigit(c):
			digit = true
		case unicode.IsLetter(c) || strings.ContainsRune("-/._#", c):
		default:
			return false
		}
	}
	return digit
}

// keptSampler decides the kinds of the kept columns from sampled rows.
type keptSampler struct {
	cols []int  // positions of the kept columns
	seen []bool // a non-empty value was sampled
	code []bool // every non-empty value sampled looks like a code
}

func (r *Reader) newKeptSampler() *keptSampler {
	var s keptSampler
	for i, c := range r.cols {
		if c.note == noteKept {
			s.cols = append(s.cols, i)
		}
	}
	if len(s.cols) == 0 {
		return nil
	}
	s.seen = make([]bool, len(s.cols))
	s.code = slices.Repeat([]bool{true}, len(s.cols))
	return &s
}

// observe takes one sampled row, of the header's width.
func (s *keptSampler) observe(vals []string) {
	for k, at := range s.cols {
		v := strings.TrimSpace(vals[at])
		if v == "" {
			continue
		}
		s.seen[k] = true
		if s.code[k] && !looksLikeCode(v) {
			s.code[k] = false
		}
	}
}

// apply makes exact the kept columns whose sampled values all look like codes.
func (s *keptSampler) apply(r *Reader) {
	for k, at := range s.cols {
		if s.seen[k] && s.code[k] {
			r.cols[at].kind = match.Exact
			r.cols[at].note = noteKeptCode
		}
	}
}

// sampleCSV reads up to sampleRows good rows ahead to choose the kinds of the kept columns,
// then gives every line back, so that reading starts again right after the header.
func (r *Reader) sampleCSV() error {
	s := r.newKeptSampler()
	if s == nil {
		return nil
	}
	r.lines.startTape()
	defer r.lines.rewind()
	for n := 0; n < sampleRows && r.lines.tapeBytes < sampleTapeBytes; {
		ln, err := r.lines.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			break // met again, in order, when the rows are read
		}
		if ln.tooLong || r.blank(ln.text) {
			continue
		}
		_, _, reason, err := r.parseRecord(ln)
		if err != nil {
			break
		}
		if reason != "" || len(r.vals) != len(r.cols) {
			continue
		}
		s.observe(r.vals)
		n++
	}
	s.apply(r)
	return nil
}

// sampleXLSX reads up to sampleRows rows ahead to choose the kinds of the kept columns; they
// stay buffered and are read again.
func (r *Reader) sampleXLSX() error {
	s := r.newKeptSampler()
	if s == nil {
		return nil
	}
	x := r.xlsx
	var ahead []xlsxRow
	var vals []string
	for len(ahead) < sampleRows {
		ok, err := x.next(&vals)
		if err != nil || !ok {
			x.pendingErr, x.done = err, true
			break
		}
		ahead = append(ahead, xlsxRow{no: x.no, vals: slices.Clone(vals)})
		if len(vals) >= len(r.cols) && !blankCells(vals) {
			s.observe(vals)
		} else if !blankCells(vals) {
			s.observe(append(vals, make([]string, len(r.cols)-len(vals))...))
		}
	}
	x.ahead = ahead
	s.apply(r)
	return nil
}
