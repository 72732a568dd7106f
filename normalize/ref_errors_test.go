// Code generated from normalize/errors.go at commit f98b6b7; DO NOT EDIT.
//
// It is the reference the differential tests in equiv_test.go compare the package with: the
// normalizers as they were before they were made faster. Only this header and the package
// clause differ from the original.

package normalize_test

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// ParseError reports why ParseDate, ParseEmail or ParsePhone rejected its
// input. It unwraps to the parser's sentinel (ErrInvalidDate,
// ErrInvalidEmail or ErrNotPhone), so errors.Is keeps working.
//
// A rejected date or phone number may still be evidence: Digits keeps its
// digit string, which callers can store as a damaged value and compare
// with score.DigitLevel.
//
// A ParseError holds only strings and an immutable sentinel; it is safe
// for concurrent use.
type ParseError struct {
	// Kind names the kind of value: "date", "email" or "phone".
	Kind string
	// Input is the rejected input, cut to at most 64 bytes (then marked
	// with "…") and with invalid UTF-8 replaced by U+FFFD, so that it is
	// safe to log.
	Input string
	// Reason says what is wrong, for example "too short" or "day 31 out of
	// range for month 2".
	Reason string
	// Digits is Digits of the rejected date or phone number (without a
	// phone extension), or "" for e-mail addresses and input without
	// digits.
	Digits string
	// Err is the sentinel the error wraps.
	Err error
}

// Error returns "<sentinel>: <reason>: <quoted input>", for example
// `normalize: not a phone number: too short: "12345"`.
func (e *ParseError) Error() string {
	return e.Err.Error() + ": " + e.Reason + ": " + strconv.Quote(e.Input)
}

// Unwrap returns the sentinel, e.Err.
func (e *ParseError) Unwrap() error { return e.Err }

// parseErr builds a ParseError; digits is the text whose Digits the error
// keeps, or "" for none.
func parseErr(kind string, sentinel error, s, reason, digits string) *ParseError {
	return &ParseError{Kind: kind, Input: clipInput(s), Reason: reason, Digits: Digits(digits), Err: sentinel}
}

// clipLen bounds the input echoed in a ParseError.
const clipLen = 64

// clipInput makes s safe and short enough to echo in an error message.
func clipInput(s string) string {
	cut := false
	if len(s) > clipLen {
		i := clipLen
		for i > 0 && !utf8.RuneStart(s[i]) {
			i--
		}
		s, cut = s[:i], true
	}
	s = strings.ToValidUTF8(s, "\uFFFD")
	if cut {
		s += "…"
	}
	return s
}

// MaxDigits is the most digits Digits returns.
const MaxDigits = 32

// Digits returns the decimal digits of s in order, as ASCII: fullwidth
// ("１９８０") and other Unicode decimal digits (category Nd) are mapped to
// "0"–"9", and everything else is dropped. It returns at most MaxDigits
// digits, the first ones, so its result is bounded whatever the input.
// "1851-81-01" gives "18518101"; "+7 (916) 123-45-67" gives "79161234567".
//
// Digits is linear in len(s) and safe for concurrent use.
func Digits(s string) string {
	ascii := true
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			ascii = false
			break
		}
		if '0' <= c && c <= '9' {
			n++
		}
	}
	if ascii && n == len(s) && n <= MaxDigits {
		return s // already digits only: no copy
	}
	var buf [MaxDigits]byte
	out := buf[:0]
	for _, r := range s {
		if len(out) == MaxDigits {
			break
		}
		switch {
		case '0' <= r && r <= '9':
			out = append(out, byte(r))
		case r >= utf8.RuneSelf && unicode.IsDigit(r):
			out = append(out, '0'+digitValue(r))
		}
	}
	if len(out) == 0 {
		return ""
	}
	return string(out)
}

// digitValue returns the value of the Unicode decimal digit r. Unicode
// assigns decimal digits in runs of ten from zero, some runs adjacent
// (the mathematical digits U+1D7CE–U+1D7FF), so the value is the distance
// from the start of the run modulo ten. The walk back is at most a few
// dozen steps.
func digitValue(r rune) byte {
	start := r
	for start > 0 && unicode.IsDigit(start-1) {
		start--
	}
	return byte((r - start) % 10)
}
