// Code generated from normalize/given.go at commit f98b6b7; DO NOT EDIT.
//
// It is the reference the differential tests in equiv_test.go compare the package with: the
// normalizers as they were before they were made faster. Only this header and the package
// clause differ from the original.

package normalize_test

import (
	"slices"
	"strings"
	"sync"
)

// givenTable maps the skeleton of a given name, diminutive or nickname to the skeletons of the
// full names it may stand for, and each full name's skeleton to its gender.
type givenTable struct {
	keys   map[string][]string
	gender map[string]Gender
}

var (
	givenOnce sync.Once
	givenTab  *givenTable
)

// givenNames returns the given-name table, loading it on first use.
func givenNames() *givenTable {
	givenOnce.Do(func() { givenTab = loadGivenNames(tableRows("given_names")) })
	return givenTab
}

func loadGivenNames(rows [][]string) *givenTable {
	t := &givenTable{keys: make(map[string][]string, len(rows)*6), gender: make(map[string]Gender, len(rows))}
	for _, r := range rows {
		if len(r) != 3 {
			continue
		}
		canon := Skeleton(r[0])
		if canon == "" {
			continue
		}
		g := Male
		if r[1] == "f" {
			g = Female
		}
		if old, ok := t.gender[canon]; ok && old != g {
			g = GenderUnknown
		}
		t.gender[canon] = g
		t.add(canon, canon)
		for v := range strings.SplitSeq(r[2], ",") {
			if k := Skeleton(v); k != "" {
				t.add(k, canon)
			}
		}
	}
	for k, v := range t.keys {
		slices.Sort(v)
		t.keys[k] = slices.Clip(slices.Compact(v))
	}
	return t
}

func (t *givenTable) add(k, canon string) {
	t.keys[k] = append(t.keys[k], canon)
}

// lookup returns the full-name keys of a skeleton, or nil.
func (t *givenTable) lookup(sk string) []string {
	return t.keys[sk]
}

// lookupBytes is lookup without converting the key to a string (no allocation).
func (t *givenTable) lookupBytes(sk []byte) []string {
	return t.keys[string(sk)]
}

// GivenNameKeys returns the skeletons of the full given names s may stand for, sorted and
// without duplicates: "Вася", "Васька", "Васёк", "Vasya", "Vasiliy" and "Wassili" all give
// ["vasili"], the key of Василий; "Саша" gives the keys of Александр and Александра; "Bob",
// "Rob" and "Bobby" give ["robert"]. A name the table does not know gives
// []string{Skeleton(s)}; an input without letters gives nil. The result is never empty for
// input with letters. Russian and English forms of one name (Михаил, Michael) keep distinct
// keys unless their skeletons coincide.
//
// The returned slice may be shared with other callers: it must not be modified.
func GivenNameKeys(s string) []string {
	var buf [64]byte
	sk := skelAppend(buf[:0], s, false)
	if len(sk) == 0 {
		return nil
	}
	if keys := givenNames().lookupBytes(sk); keys != nil {
		return keys
	}
	return []string{string(sk)}
}

// GivenNameGender returns the gender of a given name or diminutive from the table: "Вася" and
// "Bob" are [Male], "Маша" and "Peggy" are [Female], "Саша" and "Женя" (either) and names the
// table does not know are [GenderUnknown].
func GivenNameGender(s string) Gender {
	var buf [64]byte
	return givenGenderOf(givenNames().lookupBytes(skelAppend(buf[:0], s, false)))
}

// givenGenderOf returns the gender shared by all the full names in keys.
func givenGenderOf(keys []string) Gender {
	g := GenderUnknown
	t := givenNames()
	for i, k := range keys {
		kg := t.gender[k]
		if i == 0 {
			g = kg
		} else if kg != g {
			return GenderUnknown
		}
	}
	return g
}
