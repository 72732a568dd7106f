package match

import (
	"errors"
	"fmt"
	"iter"
	"strings"

	"github.com/idmatch/idmatch/normalize"
	"github.com/idmatch/idmatch/score"
)

// Phone holds the record's phone numbers: Key is the first, Keys every one, in E.164
// (+79161234567) under the Matcher's default region. A cell may hold several numbers
// separated by ',', ';', '|' or new lines. A shared number is nearly decisive.
func Phone() Field {
	return Field{
		Name:     "phone",
		Preparer: PreparerFunc(preparePhones),
		Keyer:    KeyerFunc(keysOfAll),
		Comparer: ComparerFunc(comparePhones),
		// Two different people share a number rarely, so u is tiny, unless they are a family
		// (the household level) or the number is held by many (its frequency weighs).
		Levels: []score.Level{lv("shared", 0.80, 1e-7), lv("shared by a household", 0.01, householdU),
			lv("one digit off", 0.02, 2e-6), lv("else", 0.17, 1-1e-7-householdU-2e-6)},
		Identifier:     true,
		TermFrequency:  true,
		HouseholdLevel: 1,
	}
}

func preparePhones(in *Input) (Value, []Problem) {
	var v Value
	var probs []Problem
	for _, raw := range splitCells(in.Record.Phones) {
		for p := range eachValue(raw, func(s string) bool { _, err := parsePhone(s, in.Region); return err == nil }) {
			if len(v.Keys) == maxCellValues {
				probs = append(probs, NewProblem("phone", p, fmt.Errorf("%w: more than %d phones", ErrBadValue, maxCellValues)))
				break
			}
			ph, err := parsePhone(p, in.Region)
			if err != nil {
				probs = append(probs, NewProblem("phone", p, err))
				// A number that is not possible may be one mistyped digit away from a
				// real one: its digits are kept, damaged, to be compared by edit distance.
				var pe *normalize.ParseError
				if errors.As(err, &pe) && len(pe.Digits) >= minPhoneDigits {
					v.Keys = append(v.Keys, DamagedPrefix+pe.Digits)
				}
				continue
			}
			v.Keys = append(v.Keys, ph)
		}
	}
	v.Keys = uniqueStrings(v.Keys)
	if len(v.Keys) > 0 {
		v.Key = v.Keys[0]
	}
	return v, probs
}

// householdU is the u of an identifier shared beside names that say two people: given such
// names, a family shares its phone or e-mail often, so sharing one says little (about a
// bit). Training keeps it: random pairs cannot tell how often families share.
const householdU = 0.005

// minPhoneDigits is the fewest digits a damaged phone needs to be kept.
const minPhoneDigits = 9

// parsePhone returns a phone's E.164 form: only numbers possible for their country become
// one (normalize.ParsePhone), never a made-up number.
func parsePhone(s, region string) (string, error) {
	ph, err := normalize.ParsePhone(s, region)
	if err != nil {
		return "", err
	}
	return ph.E164, nil
}

// keysOfAll gives a blocking key for every value of a multi-valued field, damaged values
// left out.
func keysOfAll(v *Value, dst []string) []string {
	if len(v.Keys) == 0 {
		return append(dst, v.Key)
	}
	for _, k := range v.Keys {
		if !strings.HasPrefix(k, DamagedPrefix) {
			dst = append(dst, k)
		}
	}
	return dst
}

// compareShared: 0 the two records share a value (the shared value weighs), the last
// level else; level 1 is left to the household rule.
func compareShared(a, b *Value) (uint8, string) {
	if x, ok := shared(a.Keys, b.Keys); ok {
		return 0, x
	}
	return 2, ""
}

// comparePhones: 0 a shared number; 2 two numbers one digit apart (a substitution or a
// swap of neighbours in their last ten digits), damaged numbers included; 3 two valid
// numbers that differ. A damaged number far from the other is no evidence either way
// (Missing). Level 1 is set by the household rule.
func comparePhones(a, b *Value) (uint8, string) {
	if x, ok := shared(a.Keys, b.Keys); ok && !strings.HasPrefix(x, DamagedPrefix) {
		return 0, x
	}
	validPair := false
	for _, x := range a.Keys {
		for _, y := range b.Keys {
			dx, dy := strings.HasPrefix(x, DamagedPrefix), strings.HasPrefix(y, DamagedPrefix)
			validPair = validPair || !dx && !dy
			if score.DigitLevel(lastDigits(x, 10), lastDigits(y, 10)) <= 1 {
				return 2, ""
			}
		}
	}
	if !validPair {
		return score.Missing, ""
	}
	return 3, ""
}

// lastDigits returns the last n bytes of a phone key without its mark ("+" or "#").
func lastDigits(k string, n int) string {
	k = strings.TrimLeft(k, "+"+DamagedPrefix)
	if len(k) > n {
		return k[len(k)-n:]
	}
	return k
}

// shared returns a value present in both lists.
func shared(a, b []string) (string, bool) {
	for _, x := range a {
		for _, y := range b {
			if x == y {
				return x, true
			}
		}
	}
	return "", false
}

// eachValue yields the values of a cell as splitMulti splits it, without allocating for a
// cell that holds one value.
func eachValue(cell string, accept func(string) bool) iter.Seq[string] {
	return func(yield func(string) bool) {
		if !hasCellSeparator(cell) {
			yield(cell)
			return
		}
		for _, v := range splitMulti(cell, accept) {
			if !yield(v) {
				return
			}
		}
	}
}

// splitMulti splits a cell that holds several values on ',', ';', '|' and new lines, when
// every part is accepted on its own; otherwise the cell is one value.
func splitMulti(cell string, accept func(string) bool) []string {
	if !hasCellSeparator(cell) {
		return []string{cell}
	}
	parts := strings.FieldsFunc(cell, func(r rune) bool { return r == ',' || r == ';' || r == '|' || r == '\n' || r == '\r' })
	out := parts[:0]
	for _, p := range parts {
		if p = trimSpace(p); p == "" {
			continue
		}
		if !accept(p) {
			return []string{cell}
		}
		out = append(out, p)
	}
	if len(out) == 0 {
		return []string{cell}
	}
	return out
}
