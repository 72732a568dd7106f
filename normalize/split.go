package normalize

import "strings"

// MaxSplitValues is the most parts SplitValues returns.
const MaxSplitValues = 64

// SplitValues splits a cell that may hold several values, such as
// "a@x.ru; b@y.ru" or "+7 916 123-45-67, +7 903 111-22-33", at commas,
// semicolons, vertical bars and line breaks, and trims the spaces around
// each part. It returns the non-empty parts only when accept accepts every
// one of them (accept is typically a parse that succeeds: a phone number,
// an e-mail address); otherwise, and when s holds no separator at all, it
// returns []string{s} unchanged, so a value that merely contains a comma
// is not torn apart. accept is not called when s holds no separator.
//
// At most MaxSplitValues parts are examined and returned; truncated
// reports that s held more, which the caller should report as a problem.
// The work is linear in len(s) plus the cost of accept on each part.
//
// SplitValues keeps nothing it is passed; the parts are substrings of s.
// It is safe for concurrent use when accept is.
func SplitValues(s string, accept func(string) bool) (parts []string, truncated bool) {
	const seps = ",;|\n\r"
	if !strings.ContainsAny(s, seps) {
		return []string{s}, false
	}
	n := 0 // non-empty parts, up to the cap
	for rest := s; rest != "" && n <= MaxSplitValues; {
		part, tail := splitCut(rest, seps)
		if strings.TrimSpace(part) != "" {
			n++
		}
		rest = tail
	}
	if n == 0 {
		return []string{s}, false
	}
	truncated = n > MaxSplitValues
	parts = make([]string, 0, min(n, MaxSplitValues))
	for rest := s; rest != "" && len(parts) < MaxSplitValues; {
		part, tail := splitCut(rest, seps)
		rest = tail
		if part = strings.TrimSpace(part); part == "" {
			continue
		}
		if !accept(part) {
			return []string{s}, false
		}
		parts = append(parts, part)
	}
	return parts, truncated
}

// splitCut returns s up to its first separator and what follows that
// separator.
func splitCut(s, seps string) (part, tail string) {
	i := strings.IndexAny(s, seps)
	if i < 0 {
		return s, ""
	}
	return s[:i], s[i+1:]
}
