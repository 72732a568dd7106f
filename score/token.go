package score

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// TokenSort compares multi-word values regardless of word order: it splits each side into
// tokens at white space (as strings.Fields does), sorts them, joins them with single spaces
// and compares the results with Inner. "Петров Василий" and "Василий  Петров" score 1.
//
// A side with no tokens (only white space) compares as an empty string. A side already in
// sorted, single-spaced form is compared as it is; otherwise joining allocates a string.
// Inner sees each pair in one fixed order, so the result is symmetric even if Inner is not,
// and its result is clipped to [0,1].
//
// TokenSort is safe for concurrent use if Inner is. It keeps Inner and no input.
type TokenSort struct {
	// Inner compares the sorted forms; nil means JaroWinkler with its defaults.
	Inner Comparator
}

// Compare returns the similarity of the sorted token forms of a and b.
func (t TokenSort) Compare(a, b string) float64 {
	if s, ok := trivial(a, b); ok {
		return s
	}
	var bufA, bufB [16]string
	ta, tb := appendFields(bufA[:0], a), appendFields(bufB[:0], b)
	slices.Sort(ta)
	slices.Sort(tb)
	return compareInner(t.Inner, joinTokens(ta, a), joinTokens(tb, b))
}

// TokenSet compares multi-word values as sets of tokens, as fuzzywuzzy's token_set_ratio
// does: order and repeated tokens are ignored, and the tokens both sides share count in
// full. With I the sorted common tokens and A and B the sorted tokens of one side only, it
// returns the best of Inner(I, I+A), Inner(I, I+B) and Inner(I+A, I+B), joined with spaces.
//
// So a side whose tokens are all among the other's scores 1: "Анна" against "Анна Мария"
// and "ул Ленина 5" against "Ленина ул 5 кв 3". Use TokenSort where the extra words should
// count against the pair. A side with no tokens scores 1 against another with no tokens and
// 0 against one with tokens.
//
// Comparing two single tokens allocates nothing; otherwise two joined strings are allocated.
// As for TokenSort, the result is symmetric and in [0,1] whatever Inner does.
//
// TokenSet is safe for concurrent use if Inner is. It keeps Inner and no input.
type TokenSet struct {
	// Inner compares the joined token sets; nil means JaroWinkler with its defaults.
	Inner Comparator
}

// Compare returns the token-set similarity of a and b.
func (t TokenSet) Compare(a, b string) float64 {
	if s, ok := trivial(a, b); ok {
		return s
	}
	var bufA, bufB [16]string
	ta, tb := appendFields(bufA[:0], a), appendFields(bufB[:0], b)
	if len(ta) == 0 || len(tb) == 0 {
		if len(ta) == len(tb) {
			return 1
		}
		return 0
	}
	slices.Sort(ta)
	slices.Sort(tb)
	ta, tb = slices.Compact(ta), slices.Compact(tb)
	if len(ta) == 1 && len(tb) == 1 {
		return compareInner(t.Inner, ta[0], tb[0])
	}

	// Split the sorted sets into the common tokens and the rest of each side by merging.
	var bufI, bufOnlyA, bufOnlyB [16]string
	common, onlyA, onlyB := bufI[:0], bufOnlyA[:0], bufOnlyB[:0]
	i, j := 0, 0
	for i < len(ta) && j < len(tb) {
		switch {
		case ta[i] == tb[j]:
			common = append(common, ta[i])
			i++
			j++
		case ta[i] < tb[j]:
			onlyA = append(onlyA, ta[i])
			i++
		default:
			onlyB = append(onlyB, tb[j])
			j++
		}
	}
	onlyA = append(onlyA, ta[i:]...)
	onlyB = append(onlyB, tb[j:]...)

	switch {
	case len(common) > 0 && (len(onlyA) == 0 || len(onlyB) == 0):
		return 1 // I equals I+A or I+B
	case len(common) == 0:
		// I is empty, so Inner(I, ·) is 0 and only the remainders count.
		return compareInner(t.Inner, strings.Join(onlyA, " "), strings.Join(onlyB, " "))
	}
	// The common tokens come first in both joined forms, so I is a prefix of each. The
	// second append reuses the buffer of the first, whose join is already built.
	withA := strings.Join(append(common, onlyA...), " ")
	withB := strings.Join(append(common, onlyB...), " ")
	interLen := len(common) - 1
	for _, tok := range common {
		interLen += len(tok)
	}
	inter := withA[:interLen]
	return max(
		compareInner(t.Inner, inter, withA),
		compareInner(t.Inner, inter, withB),
		compareInner(t.Inner, withA, withB),
	)
}

// compareInner calls c (JaroWinkler if nil) under the Comparator contract: equal and empty
// inputs are settled without it, it sees each pair in one order, and its result is clipped.
func compareInner(c Comparator, a, b string) float64 {
	if s, ok := trivial(a, b); ok {
		return s
	}
	if a > b {
		a, b = b, a
	}
	if c == nil {
		return JaroWinkler{}.Compare(a, b)
	}
	return clip01(c.Compare(a, b))
}

// appendFields appends the white-space separated tokens of s to dst, as strings.Fields splits
// them; the tokens share the memory of s.
func appendFields(dst []string, s string) []string {
	start := -1
	for i := 0; i < len(s); {
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		if unicode.IsSpace(r) {
			if start >= 0 {
				dst = append(dst, s[start:i])
				start = -1
			}
		} else if start < 0 {
			start = i
		}
		i += size
	}
	if start >= 0 {
		dst = append(dst, s[start:])
	}
	return dst
}

// joinTokens joins sorted tokens with single spaces. When s, the string they came from, is
// already that join, it returns s and allocates nothing.
func joinTokens(tokens []string, s string) string {
	switch len(tokens) {
	case 0:
		return ""
	case 1:
		return tokens[0]
	}
	pos := 0
	for i, tok := range tokens {
		if i > 0 {
			if pos >= len(s) || s[pos] != ' ' {
				return strings.Join(tokens, " ")
			}
			pos++
		}
		if !strings.HasPrefix(s[pos:], tok) {
			return strings.Join(tokens, " ")
		}
		pos += len(tok)
	}
	if pos != len(s) {
		return strings.Join(tokens, " ")
	}
	return s
}
