// Code generated from normalize/phone_shape.go at commit f98b6b7; DO NOT EDIT.
//
// It is the reference the differential tests in equiv_test.go compare the package with: the
// normalizers as they were before they were made faster. Only this header and the package
// clause differ from the original.

package normalize_test

import (
	"regexp"
	"sync"

	"github.com/nyaruka/phonenumbers"
)

// phoneShapeReason is the ParseError reason for a number of possible
// length whose digits no region of its country code uses.
const phoneShapeReason = "not a number of the country's numbering plan"

// phoneShapes holds, per country calling code, the general national-number
// patterns of the regions sharing it (RU and KZ for +7), compiled and
// anchored on first use of the code.
var phoneShapes struct {
	once     sync.Once
	patterns map[int32][]string // filled once, read-only afterwards
	compiled sync.Map           // int32 → *regexp.Regexp, nil for a code without a pattern
}

// phoneShapeFits reports whether the national significant number nsn
// (ASCII digits) matches the general national-number pattern of a region
// with country code cc: the shape of the numbering plan, far looser than
// phonenumbers' validity ranges. A code without metadata fits nothing.
//
// nsn is a string, not the caller's digit buffer: a slice passed to the regexp escapes, and
// the caller builds the E.164 string anyway.
func phoneShapeFits(cc int32, nsn string) bool {
	re := phoneShapeRegexp(cc)
	return re != nil && re.MatchString(nsn)
}

func phoneShapeRegexp(cc int32) *regexp.Regexp {
	s := &phoneShapes
	s.once.Do(func() {
		s.patterns = map[int32][]string{}
		coll, err := phonenumbers.MetadataCollection()
		if err != nil {
			return
		}
		for _, m := range coll.GetMetadata() {
			if p := m.GetGeneralDesc().GetNationalNumberPattern(); p != "" {
				s.patterns[m.GetCountryCode()] = append(s.patterns[m.GetCountryCode()], p)
			}
		}
	})
	if re, ok := s.compiled.Load(cc); ok {
		return re.(*regexp.Regexp)
	}
	var re *regexp.Regexp
	if ps := s.patterns[cc]; len(ps) > 0 {
		expr := "^(?:"
		for i, p := range ps {
			if i > 0 {
				expr += "|"
			}
			expr += "(?:" + p + ")"
		}
		re, _ = regexp.Compile(expr + ")$")
	}
	// Two callers may compile the same code at once; both results are
	// equal, and the first stored wins.
	got, _ := s.compiled.LoadOrStore(cc, re)
	return got.(*regexp.Regexp)
}
