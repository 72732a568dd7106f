package synth

import (
	"math/rand/v2"
	"sync"
	"unicode"
)

// Keyboard rows, used to find the keys next to a letter for typing errors.
var (
	qwertyRows = []string{"qwertyuiop", "asdfghjkl", "zxcvbnm"}
	jcukenRows = []string{"йцукенгшщзхъ", "фывапролджэ", "ячсмитьбю"}
)

// neighbours maps a lower-case letter to the letters around it on its own keyboard layout.
var neighbours = sync.OnceValue(func() map[rune][]rune {
	m := make(map[rune][]rune, 80)
	for _, layout := range [][]string{qwertyRows, jcukenRows} {
		rows := make([][]rune, len(layout))
		for i, s := range layout {
			rows[i] = []rune(s)
		}
		for ri, row := range rows {
			for ci, r := range row {
				var ns []rune
				add := func(rr, cc int) {
					if rr >= 0 && rr < len(rows) && cc >= 0 && cc < len(rows[rr]) {
						ns = append(ns, rows[rr][cc])
					}
				}
				// Rows are staggered: the row above sits half a key to the left.
				add(ri, ci-1)
				add(ri, ci+1)
				add(ri-1, ci)
				add(ri-1, ci+1)
				add(ri+1, ci-1)
				add(ri+1, ci)
				m[r] = ns
			}
		}
	}
	m['ё'] = []rune{'й'} // the key left of 1; its other neighbour is a digit
	return m
})

// typoKind is one kind of typing error.
type typoKind uint8

const (
	typoNeighbour typoKind = iota // a key next to the intended one
	typoTranspose                 // two adjacent letters swapped
	typoDrop                      // a letter left out
	typoDouble                    // a letter typed twice
	numTypoKinds
)

// typo returns s with one typing error of a random kind. Strings without letters come back
// unchanged; the result is valid UTF-8 whenever s is.
func typo(r *rand.Rand, s string) string {
	rs := []rune(s)
	letters := make([]int, 0, len(rs))
	for i, c := range rs {
		if unicode.IsLetter(c) {
			letters = append(letters, i)
		}
	}
	if len(letters) == 0 {
		return s
	}
	kind := typoKind(r.IntN(int(numTypoKinds)))
	if len(letters) < 3 && kind == typoDrop {
		kind = typoDouble // dropping a letter of a two-letter name leaves too little
	}
	return applyTypo(r, rs, letters, kind)
}

func applyTypo(r *rand.Rand, rs []rune, letters []int, kind typoKind) string {
	pos := letters[r.IntN(len(letters))]
	switch kind {
	case typoNeighbour:
		c := rs[pos]
		lower := unicode.ToLower(c)
		ns := neighbours()[lower]
		if len(ns) == 0 {
			return applyTypo(r, rs, letters, typoDouble)
		}
		n := ns[r.IntN(len(ns))]
		if c != lower {
			n = unicode.ToUpper(n)
		}
		rs[pos] = n
	case typoTranspose:
		// Swap with the next letter; at the end of the word swap with the previous one.
		other := pos + 1
		if other >= len(rs) || !unicode.IsLetter(rs[other]) {
			other = pos - 1
		}
		if other < 0 || !unicode.IsLetter(rs[other]) {
			return applyTypo(r, rs, letters, typoDouble)
		}
		a, b := rs[pos], rs[other]
		// Keep the capital at the start of the word: Петров → Ептров, not еПтров.
		if unicode.IsUpper(a) != unicode.IsUpper(b) {
			a, b = swapCase(a), swapCase(b)
		}
		rs[pos], rs[other] = b, a
	case typoDrop:
		rs = append(rs[:pos], rs[pos+1:]...)
	case typoDouble:
		rs = append(rs[:pos+1], rs[pos:]...)
	}
	return string(rs)
}

func swapCase(r rune) rune {
	if unicode.IsUpper(r) {
		return unicode.ToLower(r)
	}
	return unicode.ToUpper(r)
}

// yoToE replaces ё with е, as most people type it.
func yoToE(s string) string {
	if !containsYo(s) {
		return s
	}
	rs := []rune(s)
	for i, c := range rs {
		switch c {
		case 'ё':
			rs[i] = 'е'
		case 'Ё':
			rs[i] = 'Е'
		}
	}
	return string(rs)
}

func containsYo(s string) bool {
	for _, c := range s {
		if c == 'ё' || c == 'Ё' {
			return true
		}
	}
	return false
}
