package dataset

import (
	"bufio"
	"errors"
	"fmt"
	"strings"
)

// Detection says how a Reader reads its input: what NewReader detected, or what Options
// forced. It is a plain value, safe to copy and to use concurrently.
type Detection struct {
	// Format is "csv", "jsonl" or "xlsx".
	Format string
	// Encoding is the text encoding of CSV and JSONL input: EncodingUTF8, EncodingUTF16LE,
	// EncodingUTF16BE, EncodingWindows1251, EncodingKOI8R, or another WHATWG name that
	// Options.Encoding gave. It is empty for xlsx.
	Encoding string
	// BOM reports a byte order mark at the start of the input.
	BOM bool
	// EncodingGuessed reports that Encoding was detected from the content, not from a byte
	// order mark or Options.Encoding.
	EncodingGuessed bool
	// Comma is the CSV delimiter; 0 for other formats.
	Comma rune
	// CommaGuessed reports that Comma was detected, not given by Options.Comma.
	CommaGuessed bool
	// Sheet is the xlsx sheet read.
	Sheet string
}

// String describes the detection in one line, for people, for example
// "csv, encoding windows-1251 (detected), delimiter ';' (detected)". The form is stable:
// the example programs print it, and golden files pin it.
func (d Detection) String() string {
	var b strings.Builder
	b.WriteString(d.Format)
	if d.Encoding != "" {
		fmt.Fprintf(&b, ", encoding %s", d.Encoding)
		switch {
		case d.BOM:
			b.WriteString(" (byte order mark)")
		case d.EncodingGuessed:
			b.WriteString(" (detected)")
		default:
			b.WriteString(" (given)")
		}
	}
	if d.Comma != 0 {
		fmt.Fprintf(&b, ", delimiter %s", CommaName(d.Comma))
		if d.CommaGuessed {
			b.WriteString(" (detected)")
		} else {
			b.WriteString(" (given)")
		}
	}
	if d.Sheet != "" {
		fmt.Fprintf(&b, ", sheet %q", d.Sheet)
	}
	return b.String()
}

// CommaName writes a delimiter for people: "tab" for a tab, else the character in single
// quotes (';').
func CommaName(c rune) string {
	if c == '\t' {
		return "tab"
	}
	return "'" + string(c) + "'"
}

// ParseComma reads a delimiter as a user writes it on a command line: one character, or
// "tab", `\t`, "semicolon", "comma", "pipe". The empty string gives 0 (detect).
func ParseComma(s string) (rune, error) {
	switch strings.ToLower(s) {
	case "":
		return 0, nil
	case "tab", `\t`:
		return '\t', nil
	case "comma":
		return ',', nil
	case "semicolon":
		return ';', nil
	case "pipe":
		return '|', nil
	}
	r := []rune(s)
	if len(r) != 1 || r[0] == '"' || r[0] == '\r' || r[0] == '\n' {
		return 0, fmt.Errorf("%w: delimiter %q: want one character other than a quote or line end, or tab", ErrBadOptions, s)
	}
	return r[0], nil
}

// commaCandidates are the delimiters detectComma chooses from, in order of preference on a
// tie.
var commaCandidates = [...]rune{',', ';', '\t', '|'}

// maxSampleRecords is how many records detectComma looks at.
const maxSampleRecords = 50

// detectComma returns the delimiter of the CSV text at the start of br, without consuming
// it: of ',', ';', tab and '|', the one found in the header that occurs as often in the most
// of the following records (counted outside quotes, a quoted field may span lines), then the
// one found most often in the header. A header without any gives ','.
func detectComma(br *bufio.Reader) rune {
	p, err := br.Peek(sampleBytes)
	complete := err != nil && !errors.Is(err, bufio.ErrBufferFull) // the whole input is in p
	var counts [][len(commaCandidates)]int
	var cur [len(commaCandidates)]int
	inQuote, nonBlank := false, false
	for i := 0; i < len(p) && len(counts) < maxSampleRecords; i++ {
		c := p[i]
		switch {
		case c == '"':
			inQuote = !inQuote
			nonBlank = true
		case c == '\n' && !inQuote:
			if nonBlank {
				counts = append(counts, cur)
			}
			cur, nonBlank = [len(commaCandidates)]int{}, false
		case inQuote:
		default:
			for k, cand := range commaCandidates {
				if rune(c) == cand {
					cur[k]++
				}
			}
			if c != ' ' && c != '\r' {
				nonBlank = true
			}
		}
	}
	if nonBlank && complete && len(counts) < maxSampleRecords {
		counts = append(counts, cur) // the last line has no newline
	}
	if len(counts) == 0 {
		return ','
	}
	best, bestAgree, bestN := ',', -1, 0
	for k, cand := range commaCandidates {
		n := counts[0][k]
		if n == 0 {
			continue
		}
		agree := 0
		for _, rec := range counts[1:] {
			if rec[k] == n {
				agree++
			}
		}
		if agree > bestAgree || (agree == bestAgree && n > bestN) {
			best, bestAgree, bestN = cand, agree, n
		}
	}
	return best
}
