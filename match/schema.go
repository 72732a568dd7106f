package match

import (
	"fmt"

	"github.com/idmatch/idmatch/score"
)

// schema is a matcher's list of fields, fixed at New: the person fields, then the extra
// fields in the order they were declared.
type schema struct {
	fields []Field
	byName map[string]int
	person *personRules // nil when the schema lacks the person names
	// byRule marks the fields whose term frequencies the person rules set themselves.
	byRule []bool
}

func newSchema(fields []Field) (*schema, error) {
	s := &schema{fields: fields, byName: make(map[string]int, len(fields)), byRule: make([]bool, len(fields))}
	for i := range fields {
		f := &fields[i]
		if err := f.validate(); err != nil {
			return nil, err
		}
		if j, dup := s.byName[f.Name]; dup {
			return nil, fmt.Errorf("%w: field %q (number %d) collides with field %q (number %d)", ErrOption, f.Name, i+1, fields[j].Name, j+1)
		}
		s.byName[f.Name] = i
	}
	s.person = newPersonRules(s.byName)
	if s.person != nil {
		s.byRule[s.person.given], s.byRule[s.person.surname] = true, true
	}
	return s, nil
}

// model is the schema's starting model, before any training.
func (s *schema) model() *score.Model {
	mod := &score.Model{Prior: 0.001}
	for _, f := range s.fields {
		mod.Fields = append(mod.Fields, score.Field{
			Name: f.Name, TermFrequency: f.TermFrequency, Levels: append([]score.Level(nil), f.Levels...)})
	}
	return mod
}

// termCounts gives the frequency of a value of a field among the records of the matcher,
// and of a combination of values (a blocking key) among the records other than the pair.
type termCounts interface {
	frequency(field int, value string) float64
	joint(prefix, x, y string, queryStored bool) float64
}

// scratch is the per-goroutine buffer of a comparison.
type scratch struct {
	vec  score.Vector
	tf   []float64
	term []string
}

func (s *schema) newScratch() *scratch {
	n := len(s.fields)
	return &scratch{vec: make(score.Vector, n), tf: make([]float64, n), term: make([]string, n)}
}

// compare fills sc with the level of each field for the pair (a, b), and with the frequency
// of the agreeing value where the field weighs by term frequency (0 elsewhere). a is the
// query side: its name may be swapped when that fits b better.
func (s *schema) compare(a, b *features, sc *scratch, counts termCounts) {
	for i := range s.fields {
		f := &s.fields[i]
		va, vb := &a.vals[i], &b.vals[i]
		sc.tf[i], sc.term[i] = 0, ""
		if va.Key == "" || vb.Key == "" {
			sc.vec[i] = score.Missing
			continue
		}
		l, term := f.Comparer.Compare(va, vb)
		if (va.Weak || vb.Weak) && int(l) == len(f.Levels)-1 {
			l = score.Missing // a value derived from another field may agree, never disagree
		}
		sc.vec[i] = l
		if l == 0 {
			sc.term[i] = term
			if f.TermFrequency && term != "" && !s.byRule[i] {
				sc.tf[i] = counts.frequency(i, term)
			}
		}
	}
	if s.person != nil {
		s.person.adjust(a, b, sc, counts)
	}
}

// keys appends the blocking keys of f: each field's own, prefixed by the field's name, then
// the person rules' combined keys. Repeats are removed.
func (s *schema) keys(f *features, dst []string) []string {
	start := len(dst)
	var buf [8]string
	for i := range s.fields {
		fd := &s.fields[i]
		v := &f.vals[i]
		if fd.Keyer == nil || v.Key == "" {
			continue
		}
		for _, k := range fd.Keyer.Keys(v, buf[:0]) {
			dst = append(dst, fd.Name+"="+k)
		}
	}
	if s.person != nil {
		dst = s.person.keys(f, dst)
	}
	return append(dst[:start], uniqueStrings(dst[start:])...)
}

// keys returns the blocking keys of f under the matcher's schema.
func (m *Matcher) keys(f *features, dst []string) []string { return m.schema.keys(f, dst) }

// compare compares a pair under the matcher's schema and its term counts; mu is held.
func (m *Matcher) compare(a, b *features, sc *scratch) { m.schema.compare(a, b, sc, m) }
