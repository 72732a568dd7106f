package score

import "unicode/utf8"

// MaxEditRunes bounds the work of LevenshteinDistance and DamerauDistance on long input.
// After the common prefix and suffix are removed, which keeps the result exact, each side is
// compared on at most its first MaxEditRunes runes and every rune beyond counts as one edit.
// The distance of such inputs is then an upper bound (their similarity a lower bound), and a
// comparison costs at most MaxEditRunes² cell updates and O(MaxEditRunes) memory, however
// long the input.
const MaxEditRunes = 2048

// Levenshtein is the similarity 1 - d/max(|a|,|b|), where d is the Levenshtein distance (the
// fewest single-rune insertions, deletions and substitutions, each of cost 1, that turn a
// into b) and lengths are in runes.
//
// Unlike strutil's metrics.Levenshtein, whose zero value has all costs 0 and calls every pair
// equal, the zero value here has unit costs; it has no fields. The common prefix and suffix
// are removed first; two ASCII strings of at most 64 bytes are then compared with a
// bit-parallel algorithm (a few word operations per byte), and other strings of at most 64
// runes with the classic table in stack buffers. Neither allocates. See MaxEditRunes for long
// input.
//
// Levenshtein is a stateless value, safe for concurrent use; it keeps nothing it is passed.
type Levenshtein struct{}

// NewLevenshtein returns the Levenshtein comparator with unit costs. It equals the zero value.
func NewLevenshtein() Levenshtein { return Levenshtein{} }

// Compare returns the Levenshtein similarity of a and b.
func (Levenshtein) Compare(a, b string) float64 {
	if s, ok := trivial(a, b); ok {
		return s
	}
	return editSimilarity(a, b, editDistance(a, b, false))
}

// LevenshteinDistance returns the Levenshtein distance between a and b, counted in runes.
// See MaxEditRunes for long input.
func LevenshteinDistance(a, b string) int {
	return editDistance(a, b, false)
}

// Damerau is the similarity 1 - d/max(|a|,|b|), where d is the optimal string alignment
// distance: the Levenshtein distance with the transposition of two adjacent runes as one more
// edit of cost 1, under the restriction that no substring is edited more than once. It is not
// the true Damerau-Levenshtein distance: "CA" to "ABC" is 3 here and 2 there, and the
// triangle inequality may fail. On names, where a transposition is a single slip, the two
// nearly always agree, and the restricted form needs no per-alphabet table.
//
// Speed and allocation are as for Levenshtein; see MaxEditRunes for long input.
//
// Damerau is a stateless value, safe for concurrent use; it keeps nothing it is passed.
type Damerau struct{}

// Compare returns the Damerau (optimal string alignment) similarity of a and b.
func (Damerau) Compare(a, b string) float64 {
	if s, ok := trivial(a, b); ok {
		return s
	}
	return editSimilarity(a, b, editDistance(a, b, true))
}

// DamerauDistance returns the optimal string alignment distance between a and b (see
// Damerau), counted in runes. See MaxEditRunes for long input.
func DamerauDistance(a, b string) int {
	return editDistance(a, b, true)
}

// editSimilarity turns the distance d of two strings, not both empty, into a similarity.
func editSimilarity(a, b string, d int) float64 {
	n := max(utf8.RuneCountInString(a), utf8.RuneCountInString(b))
	return clip01(1 - float64(d)/float64(n))
}

// editDistance returns the Levenshtein distance, or with osa the optimal string alignment
// distance, between a and b.
func editDistance(a, b string, osa bool) int {
	// A common prefix or suffix never needs editing: dropping it leaves the distance as it is
	// and makes the table smaller.
	a, b = trimCommon(a, b)
	if a == "" || b == "" {
		return utf8.RuneCountInString(a) + utf8.RuneCountInString(b)
	}
	if asciiPair(a, b) {
		return editBitsASCII(a, b, osa)
	}
	var bufA, bufB [shortLen]rune
	x, restA := appendRunesAtMost(bufA[:0], a, MaxEditRunes)
	y, restB := appendRunesAtMost(bufB[:0], b, MaxEditRunes)
	return editTable(x, y, osa) + max(restA, restB)
}

// editTable runs the dynamic programme on two non-empty sequences, keeping only the rows it
// needs, each as long as the shorter sequence plus one.
func editTable[T symbol](a, b []T, osa bool) int {
	if len(b) > len(a) {
		a, b = b, a
	}
	n := len(b) + 1
	var buf [3 * (shortLen + 1)]int
	var rows []int
	if 3*n <= len(buf) {
		rows = buf[:3*n]
	} else {
		rows = make([]int, 3*n)
	}
	if osa {
		return osaRows(a, b, rows[:n], rows[n:2*n], rows[2*n:])
	}
	return levenshteinRow(a, b, rows[:n])
}

// levenshteinRow is the Wagner-Fischer algorithm in one row of len(b)+1 cells.
func levenshteinRow[T symbol](a, b []T, row []int) int {
	row = row[:len(b)+1]
	for j := range row {
		row[j] = j
	}
	for i, c := range a {
		diag := row[0] // the cell above-left of the one being computed
		row[0] = i + 1
		for j, d := range b {
			above := row[j+1]
			v := diag
			if c != d {
				v = min(diag, above, row[j]) + 1
			}
			row[j+1] = v
			diag = above
		}
	}
	return row[len(b)]
}

// osaRows is the optimal string alignment algorithm in three rows of len(b)+1 cells: the two
// before the current one, because a transposition reaches back two rows.
func osaRows[T symbol](a, b []T, prev2, prev, cur []int) int {
	n := len(b) + 1
	prev2, prev, cur = prev2[:n], prev[:n], cur[:n]
	for j := range prev {
		prev[j] = j
	}
	for i, c := range a {
		cur[0] = i + 1
		for j, d := range b {
			v := prev[j] // substitution or match
			if c != d {
				v = min(v, prev[j+1], cur[j]) + 1
				if i > 0 && j > 0 && c == b[j-1] && a[i-1] == d {
					v = min(v, prev2[j-1]+1)
				}
			}
			cur[j+1] = v
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}

// editBitsASCII computes the distance of two non-empty ASCII strings of at most 64 bytes with
// the bit-parallel algorithm of Myers in Hyyrö's formulation (Hyyrö 2003, "A bit-vector
// algorithm for computing Levenshtein and Damerau edit distances"): one column of the table
// is a pair of words of vertical +1/-1 deltas, so a column costs a dozen word operations
// instead of one cell update per byte of the shorter string.
func editBitsASCII(a, b string, osa bool) int {
	if len(a) < len(b) {
		a, b = b, a // b, the shorter, is the pattern held in the words
	}
	var peq [utf8.RuneSelf]uint64 // positions of each byte in b
	for i := 0; i < len(b); i++ {
		peq[b[i]&(utf8.RuneSelf-1)] |= 1 << uint(i)
	}
	last := uint64(1) << uint(len(b)-1)
	vp, vn := ^uint64(0), uint64(0)
	var d0, prevEq uint64
	dist := len(b)
	for i := 0; i < len(a); i++ {
		eq := peq[a[i]&(utf8.RuneSelf-1)]
		d := (((eq & vp) + vp) ^ vp) | eq | vn
		if osa {
			// A transposition: b[k-1..k] equals a[i], a[i-1] swapped, where the previous
			// column did not already match diagonally.
			d |= ((^d0 & eq) << 1) & prevEq
			prevEq = eq
		}
		d0 = d
		hp := vn | ^(d | vp)
		hn := vp & d
		if hp&last != 0 {
			dist++
		} else if hn&last != 0 {
			dist--
		}
		hp = hp<<1 | 1
		hn <<= 1
		vp = hn | ^(d | hp)
		vn = hp & d
	}
	return dist
}
