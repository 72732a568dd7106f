// Code generated from normalize/city.go at commit f98b6b7; DO NOT EDIT.
//
// It is the reference the differential tests in equiv_test.go compare the package with: the
// normalizers as they were before they were made faster. Only this header and the package
// clause differ from the original.

package normalize_test

import (
	"bytes"
	"strings"
	"sync"
)

// cityTable maps cleaned names and skeletons of city names to city ids.
type cityTable struct {
	byKey  map[string]string // Text.Key of an alias or of the id's words
	bySkel map[string]string // Skeleton of the same
}

var (
	cityOnce sync.Once
	cityTab  *cityTable
)

// cities returns the city table, loading it on first use.
func cities() *cityTable {
	cityOnce.Do(func() { cityTab = loadCities(tableRows("cities")) })
	return cityTab
}

func loadCities(rows [][]string) *cityTable {
	t := &cityTable{byKey: make(map[string]string, len(rows)*6), bySkel: make(map[string]string, len(rows)*6)}
	for _, r := range rows {
		if len(r) != 2 {
			continue
		}
		id := r[0]
		names := append([]string{strings.ReplaceAll(id, "-", " ")}, strings.Split(r[1], ",")...)
		for _, n := range names {
			if k := Text.Key(n); k != "" {
				t.byKey[k] = id
			}
			if k := Skeleton(n); k != "" {
				t.bySkel[k] = id
			}
		}
	}
	return t
}

// cityPrefixes are words that may stand before (or, for "city", after) a city's name.
var cityPrefixes = map[string]bool{
	"г": true, "гор": true, "город": true, "g": true, "gorod": true, "city": true, "of": true,
	"the": true, "гг": true,
}

// City returns the canonical id of the city s names and whether the table knows it: "Москва",
// "Moscow", "Moskva", "г. Москва", "МСК" and "msk" all give ("moscow", true); "Санкт-Петербург",
// "СПб", "Питер", "St. Petersburg", "Leningrad" give ("saint-petersburg", true). The table
// holds the largest Russian cities and about sixty major cities elsewhere, with their names in
// Russian, English and local spelling, old names and common abbreviations. Text after a comma
// ("Москва, Россия") is ignored when the whole does not match.
//
// For an unknown city the result is the cleaned text ([Text].Key without a leading "г." or
// "город") and false, so that two spellings of one small town still compare equal after
// cleaning; an input without letters or digits gives ("", false).
func City(s string) (key string, known bool) {
	t := cities()
	// The key is built on the stack and looked up without a conversion: a known city, the
	// common case, allocates nothing.
	var buf [128]byte
	kb := buf[:0]
	if Text.isKey(s) {
		kb = append(kb, s...)
	} else {
		kb = Text.appendKey(kb, s)
	}
	if len(kb) == 0 {
		return "", false
	}
	if id, ok := t.byKey[string(kb)]; ok {
		return id, true
	}
	kb = cityTrim(kb)
	if id, ok := t.byKey[string(kb)]; ok {
		return id, true
	}
	var sk [128]byte
	if id, ok := t.bySkel[string(skelAppend(sk[:0], string(kb), false))]; ok {
		return id, true
	}
	if i := strings.IndexByte(s, ','); i > 0 {
		if id, ok := City(s[:i]); ok {
			return id, true
		}
	}
	return string(kb), false
}

// cityTrim removes the words "г", "город", "city" and the like around a cleaned city name.
func cityTrim(k []byte) []byte {
	for {
		i := bytes.IndexByte(k, ' ')
		if i < 0 || !cityPrefixes[string(k[:i])] {
			break
		}
		k = k[i+1:]
	}
	for {
		i := bytes.LastIndexByte(k, ' ')
		if i < 0 || !cityPrefixes[string(k[i+1:])] {
			break
		}
		k = k[:i]
	}
	return k
}
