package cli

import (
	"encoding/binary"
	"maps"
	"slices"
	"unsafe"

	"github.com/idmatch/idmatch/internal/dataset"
	"github.com/idmatch/idmatch/match"
)

// Kept holds the rows a matcher accepted, packed: each row's record, line and ground-truth
// label in one byte slice. A dataset.Row is some 300 bytes of string and slice headers
// before its strings, which pin the whole line they were cut from, so that at a million
// rows the rows outweigh the matcher; packed, they take about what their values do. A
// command that needs a record again (to show it, to write its ID) reads it back from here.
// Kept is not modified after AddCompact returns it and is safe for concurrent reads.
type Kept struct {
	buf   []byte
	ends  []int          // ends[r] is where packed row r ends in buf
	lines []int          // lines[r] is packed row r's line
	rows  []int32        // the packed rows the matcher accepted, in input order
	truth *dataset.Truth // how the labels were read; nil when the rows carry none
}

// AddCompact is AddAll for large files: it packs in's rows into a Kept, with each row's
// ground-truth label when the file has one (see dataset.DetectTruth; the label is all that
// is kept of the columns), lets the rows go (in.Rows is set to nil), and then adds the
// records to m in order, reporting and skipping the rows m rejects as AddAll does.
func AddCompact(m *match.Matcher, in *Input, rep *Reporter, quiet bool) *Kept {
	k := &Kept{ends: make([]int, 0, len(in.Rows)), lines: make([]int, 0, len(in.Rows))}
	if t, ok := dataset.DetectTruth(in.Header, in.Rows); ok {
		k.truth = &t
	}
	for i := range in.Rows {
		row := &in.Rows[i]
		label, ok := "", false
		if k.truth != nil {
			label, ok = k.truth.Entity(*row)
		}
		k.buf = packRecord(k.buf, &row.Record, label, ok)
		k.ends, k.lines = append(k.ends, len(k.buf)), append(k.lines, row.Line)
		*row = dataset.Row{} // its strings go as soon as the collector runs
	}
	in.Rows = nil
	k.buf = slices.Clip(k.buf)
	addRecords(m, in.Name, len(k.ends), func(r int) (match.Record, int) {
		return k.unpack(r), k.lines[r]
	}, func(r int) { k.rows = append(k.rows, int32(r)) }, rep, quiet)
	return k
}

// Len is the number of rows kept.
func (k *Kept) Len() int { return len(k.rows) }

// Record returns the record of kept row i, 0 <= i < Len. Its strings share the Kept's memory.
func (k *Kept) Record(i int) match.Record { return k.unpack(int(k.rows[i])) }

// ID returns the record ID of kept row i.
func (k *Kept) ID(i int) string {
	d := unpacker{b: k.packed(int(k.rows[i]))}
	return d.str()
}

// Line returns the line kept row i started on.
func (k *Kept) Line(i int) int { return k.lines[k.rows[i]] }

// Entities returns, as Entities does for rows, the ground-truth label of each kept row that
// has one by record ID, where the labels come from (for a summary), and whether the rows
// carry labels at all. It reads only each row's ID and label.
func (k *Kept) Entities() (map[string]string, string, bool) {
	if k.truth == nil {
		return nil, "", false
	}
	ent := make(map[string]string, len(k.rows))
	for _, r := range k.rows {
		d := unpacker{b: k.packed(int(r))}
		if id := d.str(); d.byte() == 1 {
			ent[id] = d.str()
		}
	}
	return ent, truthSource(*k.truth), true
}

// Records returns the records of the kept rows with the given IDs, in one pass: the few a
// summary shows.
func (k *Kept) Records(ids []string) map[string]match.Record {
	want := make(map[string]bool, len(ids))
	for _, id := range ids {
		want[id] = true
	}
	out := make(map[string]match.Record, len(ids))
	for i := range k.rows {
		if id := k.ID(i); want[id] {
			out[id] = k.Record(i)
		}
	}
	return out
}

func (k *Kept) packed(r int) []byte {
	lo := 0
	if r > 0 {
		lo = k.ends[r-1]
	}
	return k.buf[lo:k.ends[r]]
}

// packRecord appends r and its label to buf: strings as a length and bytes, lists as a count
// and strings; the ID first, then whether there is a label and the label, then the other
// fields, Extra in key order.
func packRecord(buf []byte, r *match.Record, label string, hasLabel bool) []byte {
	buf = packString(buf, r.ID)
	if hasLabel {
		buf = packString(append(buf, 1), label)
	} else {
		buf = append(buf, 0)
	}
	for _, s := range [...]string{r.Source, r.FirstName, r.LastName, r.MiddleName, r.FullName, r.City, r.BirthDate, r.Gender} {
		buf = packString(buf, s)
	}
	for _, l := range [...][]string{r.Phones, r.Emails, r.Handles} {
		buf = binary.AppendUvarint(buf, uint64(len(l)))
		for _, s := range l {
			buf = packString(buf, s)
		}
	}
	buf = binary.AppendUvarint(buf, uint64(len(r.Extra)))
	for _, name := range slices.Sorted(maps.Keys(r.Extra)) {
		buf = packString(packString(buf, name), r.Extra[name])
	}
	return buf
}

func packString(buf []byte, s string) []byte {
	return append(binary.AppendUvarint(buf, uint64(len(s))), s...)
}

// unpack reads the record of packed row r back (Entities reads the labels).
func (k *Kept) unpack(r int) (rec match.Record) {
	d := unpacker{b: k.packed(r)}
	rec.ID = d.str()
	if d.byte() == 1 {
		d.str() // the label
	}
	for _, s := range [...]*string{&rec.Source, &rec.FirstName, &rec.LastName, &rec.MiddleName, &rec.FullName, &rec.City, &rec.BirthDate, &rec.Gender} {
		*s = d.str()
	}
	for _, l := range [...]*[]string{&rec.Phones, &rec.Emails, &rec.Handles} {
		if n := d.count(); n > 0 {
			*l = make([]string, n)
			for j := range *l {
				(*l)[j] = d.str()
			}
		}
	}
	if n := d.count(); n > 0 {
		rec.Extra = make(map[string]string, n)
		for range n {
			name := d.str()
			rec.Extra[name] = d.str()
		}
	}
	return rec
}

// unpacker reads what packRecord wrote; the strings it returns share the packed bytes, which
// are never modified once packed.
type unpacker struct{ b []byte }

func (d *unpacker) count() int {
	n, w := binary.Uvarint(d.b)
	d.b = d.b[w:]
	return int(n)
}

func (d *unpacker) str() string {
	n := d.count()
	if n == 0 {
		return ""
	}
	s := unsafe.String(&d.b[0], n)
	d.b = d.b[n:]
	return s
}

func (d *unpacker) byte() byte {
	c := d.b[0]
	d.b = d.b[1:]
	return c
}
