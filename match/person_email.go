package match

import (
	"strings"

	"github.com/idmatch/idmatch/score"
)

// Email holds the record's e-mail addresses in canonical form (provider aliases and Gmail's
// dots folded): Key is the first, Keys every one. A shared address is nearly decisive; the
// same mailbox name on another provider is a level of its own. The login's name tokens are
// weak name evidence when the record has no name.
func Email() Field {
	return Field{
		Name:     "email",
		Preparer: PreparerFunc(prepareEmails),
		Keyer:    KeyerFunc(emailKeys),
		Comparer: ComparerFunc(compareEmails),
		Levels: []score.Level{
			lv("shared", 0.75, 1e-7), lv("shared by a household", 0.01, householdU),
			lv("same local part", 0.05, 1e-6), lv("else", 0.19, 1-1e-7-householdU-1e-6)},
		Identifier:     true,
		TermFrequency:  true,
		HouseholdLevel: 1,
	}
}

func prepareEmails(in *Input) (Value, []Problem) {
	var v Value
	for _, e := range in.Emails() {
		if len(v.Keys) == maxCellValues {
			break
		}
		v.Keys = append(v.Keys, e.Address)
	}
	if len(v.Keys) > 0 {
		v.Key = v.Keys[0]
	}
	return v, nil // Input reports the addresses that do not parse
}

// emailKeys: every address, and its mailbox name without separators when it is long enough
// to be specific ("l:" keys; providers fold separators differently, scoring decides).
func emailKeys(v *Value, dst []string) []string {
	for _, e := range v.Keys {
		dst = append(dst, e)
		if l := localKey(e); len(l) >= 5 {
			dst = append(dst, "l:"+l)
		}
	}
	return dst
}

func compareEmails(a, b *Value) (uint8, string) {
	if e, ok := shared(a.Keys, b.Keys); ok {
		return 0, e
	}
	for _, x := range a.Keys {
		for _, y := range b.Keys {
			if sameLocal(x, y) {
				return 2, ""
			}
		}
	}
	return 3, ""
}

// sameLocal reports whether two canonical addresses have the same mailbox name, reading both
// only as far as the first difference (a canonical local part holds no "@"). Separators
// count: "a.kondratev" and "akondratev" on two providers are often two people.
func sameLocal(x, y string) bool {
	for i := 0; i < len(x) && i < len(y); i++ {
		if x[i] != y[i] {
			return false
		}
		if x[i] == '@' {
			return true
		}
	}
	return false
}

// localKey is an address's mailbox name without separators.
func localKey(addr string) string {
	l := addr
	if i := strings.LastIndexByte(addr, '@'); i >= 0 {
		l = addr[:i]
	}
	if !strings.ContainsAny(l, ".-_") {
		return l
	}
	b := make([]byte, 0, len(l))
	for i := 0; i < len(l); i++ {
		if c := l[i]; c != '.' && c != '-' && c != '_' {
			b = append(b, c)
		}
	}
	return string(b)
}
