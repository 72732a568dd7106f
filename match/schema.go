package match

import (
	"fmt"
	"sync"

	"github.com/idmatch/idmatch/score"
)

// schema is a matcher's list of fields, fixed at New: the person fields, then the extra
// fields in the order they were declared.
type schema struct {
	fields []Field
	byName map[string]int
	person *personRules // nil when the schema lacks the person names
	// byRule marks the fields whose term frequencies the person rules set themselves, and
	// whose values they read from the scratch of a comparison.
	byRule []bool
	// keyPrefix is what each field's blocking keys start with: the field's name, after
	// a "~" when its keys only count (CountOnly).
	keyPrefix []string
	// fromIndex marks the identifiers whose frequency is read from the index (the number
	// of records their key finds) rather than from a term table.
	fromIndex []bool
	// scratches holds the scratches of finished single-contact matches: with its count
	// memo a scratch is a few kilobytes, too much to allocate for every Match.
	scratches sync.Pool
}

func newSchema(fields []Field) (*schema, error) {
	s := &schema{fields: fields, byName: make(map[string]int, len(fields)), byRule: make([]bool, len(fields)),
		keyPrefix: make([]string, len(fields)), fromIndex: make([]bool, len(fields))}
	for i := range fields {
		f := &fields[i]
		if err := f.validate(); err != nil {
			return nil, err
		}
		if j, dup := s.byName[f.Name]; dup {
			return nil, fmt.Errorf("%w: field %q (number %d) collides with field %q (number %d)", ErrOption, f.Name, i+1, fields[j].Name, j+1)
		}
		s.byName[f.Name] = i
		s.keyPrefix[i] = f.Name + "="
		if f.CountOnly {
			s.keyPrefix[i] = auxKeyMark + s.keyPrefix[i]
		}
		s.fromIndex[i] = f.Identifier && f.TermFrequency && f.Keyer != nil
	}
	s.person = newPersonRules(s.byName, fields)
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
	joint3(prefix, x, y, z string, queryStored bool) float64
	// identFrequency is the frequency of an identifier's value from the number of other
	// stored records its key finds (others): 0 when no other record holds it.
	identFrequency(field int, prefix, value string, queryStored bool) (tf float64, others int)
	// otherNameHolders is the number of stored records that hold value in the k-th household
	// field (schema field field) under a known given name other than given, which a stored
	// record of the pair holds: exact up to limit, then at least limit.
	otherNameHolders(k, field int, value, given string, limit int) int
}

// scratch is the per-goroutine buffer of a comparison.
type scratch struct {
	vec    score.Vector
	va, vb []Value // the pair's values, spelt out (features.valInto)
	// aOf is the record whose values va holds, all of them: a query meets many candidates,
	// and a record of Dedup the second members of its blocks, one after another. Holding
	// the pointer keeps the record alive, so no other can take its address.
	aOf    *features
	tf     []float64
	term   []string
	others []int // for an agreeing identifier, how many other records hold the value
	counts countMemo
}

// getScratch returns a scratch from the pool, or a new one; putScratch gives it back.
func (s *schema) getScratch() *scratch {
	if sc, ok := s.scratches.Get().(*scratch); ok {
		return sc
	}
	return s.newScratch()
}

func (s *schema) putScratch(sc *scratch) { s.scratches.Put(sc) }

func (s *schema) newScratch() *scratch {
	n := len(s.fields)
	return &scratch{vec: make(score.Vector, n), va: make([]Value, n), vb: make([]Value, n), tf: make([]float64, n), term: make([]string, n), others: make([]int, n), counts: newCountMemo(n)}
}

// compare fills sc with the level of each field for the pair (a, b), and with the frequency
// of the agreeing value where the field weighs by term frequency (0 elsewhere). a is the
// query side: its name may be swapped when that fits b better.
// version is the state of the matcher the counts come from (Matcher.version): what sc
// remembers of the counts holds while it stays.
func (s *schema) compare(a, b *features, sc *scratch, counts termCounts, version uint64) {
	n := len(s.fields)
	// Resliced to n, the scratch's slices need no bounds check in the loop.
	vec, vas, vbs, tf, terms, others := sc.vec[:n], sc.va[:n], sc.vb[:n], sc.tf[:n], sc.term[:n], sc.others[:n]
	byRule, fromIndex, keyPrefix := s.byRule[:n], s.fromIndex[:n], s.keyPrefix[:n]
	if sc.aOf != a {
		for i := range vas {
			a.valInto(i, &vas[i])
		}
		sc.aOf = a
	}
	clear(tf)
	clear(terms)
	clear(others)
	sc.counts.bind(counts, a, version)
	for i := range s.fields {
		f := &s.fields[i]
		va, vb := &vas[i], &vbs[i]
		if va.Key == "" || b.missing(i) {
			if byRule[i] { // the person rules read both names, even one missing
				b.valInto(i, vb)
			}
			vec[i] = score.Missing
			continue
		}
		b.valInto(i, vb)
		l, term := f.Comparer.Compare(va, vb)
		if (va.Weak || vb.Weak) && int(l) == len(f.Levels)-1 {
			l = score.Missing // a value derived from another field may agree, never disagree
		}
		vec[i] = l
		if l == 0 {
			terms[i] = term
			switch {
			case term == "" || !f.TermFrequency || byRule[i]:
			case fromIndex[i]:
				tf[i], others[i] = sc.counts.identFrequency(i, keyPrefix[i], term, a.stored)
			default:
				tf[i] = sc.counts.frequency(i, term)
			}
		}
	}
	if s.person != nil {
		s.person.adjust(a, b, sc, &sc.counts)
	}
}

// auxKeyMark starts the keys that do not bring candidates of their own: the count-only keys
// of a field and the fallback keys of the person rules. They live in a second index.
const auxKeyMark = "~"

// keys appends the blocking keys of f: each field's own, prefixed by the field's name, then
// the person rules' combined keys. Repeats are removed.
func (s *schema) keys(f *features, dst []string) []string {
	start := len(dst)
	w := keyWriterPool.Get().(*keyWriter)
	w.buf, w.ends = w.buf[:0], w.ends[:0]
	s.writeKeys(f, w)
	dst = w.strings(dst)
	keyWriterPool.Put(w)
	return append(dst[:start], uniqueStrings(dst[start:])...)
}

// pairKeyHashes appends the hashes of the blocking keys of f that bring candidates (no
// count-only or fallback key), as block.HashKey gives them, without building the keys:
// what enumerating record pairs needs of each record, on every pass. Repeats may remain.
func (s *schema) pairKeyHashes(f *features, dst []uint64) []uint64 {
	w := hashingWriter(dst)
	s.writeKeys(f, w)
	return w.release()
}

// indexedIdentifier reports whether field f is an identifier whose keys the index holds
// (blocking keys, not count-only ones).
func (s *schema) indexedIdentifier(f int) bool {
	fd := &s.fields[f]
	return fd.Identifier && fd.Keyer != nil && !fd.CountOnly
}

// identifierKeyHashes appends the hashes of f's keys of the indexed identifiers.
func (s *schema) identifierKeyHashes(f *features, dst []uint64) []uint64 {
	w := hashingWriter(dst)
	s.writeFieldKeys(f, w, s.indexedIdentifier)
	return w.release()
}

func (s *schema) writeKeys(f *features, w *keyWriter) {
	s.writeFieldKeys(f, w, nil)
	if s.person != nil {
		s.person.keys(f, w)
	}
}

// writeFieldKeys writes the keys of each field of its own, of the fields keep accepts (all
// when keep is nil).
func (s *schema) writeFieldKeys(f *features, w *keyWriter, keep func(field int) bool) {
	v := valuePool.Get().(*Value) // a Keyer's arguments escape through the interface
	defer putValue(v)
	for i := range s.fields {
		fd := &s.fields[i]
		if fd.Keyer == nil || f.missing(i) || keep != nil && !keep(i) {
			continue
		}
		f.valInto(i, v)
		for _, k := range fd.Keyer.Keys(v, w.parts[:0]) {
			w.add(s.keyPrefix[i], k)
		}
	}
}

// keys returns the blocking keys of f under the matcher's schema.
func (m *Matcher) keys(f *features, dst []string) []string { return m.schema.keys(f, dst) }

// compare compares a pair under the matcher's schema and its term counts; mu is held. Two
// stored records are compared in an order fixed by their IDs (features.before), so that a
// pair's weight does not depend on the order the records came in.
func (m *Matcher) compare(a, b *features, sc *scratch) {
	if a.stored && b.stored && b.before(a) {
		a, b = b, a
	}
	if m.external != nil {
		m.schema.compare(a, b, sc, m.external, m.version)
		return
	}
	m.schema.compare(a, b, sc, m, m.version)
}
