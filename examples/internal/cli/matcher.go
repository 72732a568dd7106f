package cli

import (
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/idmatch/idmatch/internal/dataset"
	"github.com/idmatch/idmatch/internal/progress"
	"github.com/idmatch/idmatch/match"
)

// NewMatcher returns a Matcher for the -region flag and the files read: every extra field
// the inputs' columns make (see Input.Extras: columns -fields maps to a kind, built-in extra
// fields such as passport, kept columns) is declared with match.WithField, in name order so
// that the model does not depend on map order. more options follow those. Two inputs that
// give one extra field different kinds are an error.
func NewMatcher(region string, inputs []*Input, more ...match.Option) (*match.Matcher, error) {
	extras := make(map[string]match.FieldKind)
	from := make(map[string]string)
	for _, in := range inputs {
		for name, kind := range in.Extras {
			if k, ok := extras[name]; ok && k != kind {
				return nil, fmt.Errorf("%w: extra field %q is %s in %s but %s in %s", match.ErrOption, name, k, from[name], kind, in.Name)
			}
			extras[name], from[name] = kind, in.Name
		}
	}
	names := make([]string, 0, len(extras))
	for name := range extras {
		names = append(names, name)
	}
	slices.Sort(names)
	opts := make([]match.Option, 0, len(names)+1+len(more))
	opts = append(opts, match.WithRegion(region))
	for _, name := range names {
		opts = append(opts, match.WithField(name, extras[name]))
	}
	return match.New(append(opts, more...)...)
}

// AddAll adds the records of in's rows to m, in order, and returns the rows m accepted. A row
// m rejects (no usable field, a duplicate ID, ...) is reported through rep with its line and
// skipped; normalization problems are reported as warnings, and a row that has some but
// still has a usable field is kept.
// Rows go to m in large batches (Matcher.AddBatch), which normalize on every core while
// the records already normalized are indexed.
// The kept rows replace in.Rows, in their storage: a base of a million rows is not held
// twice.
func AddAll(m *match.Matcher, in *Input, rep *Reporter, quiet bool) []dataset.Row {
	kept := in.Rows[:0] // a row is written only after it was read: kept never passes lo
	addRecords(m, in.Name, len(in.Rows), func(i int) (match.Record, int) { return in.Rows[i].Record, in.Rows[i].Line },
		func(i int) { kept = append(kept, in.Rows[i]) }, rep, quiet)
	clear(in.Rows[len(kept):]) // the rejected rows' strings go
	in.Rows = kept
	return kept
}

// addRecords adds records 0 to n-1, as record gives them with their lines, to m in
// batches, reports through rep what AddAll reports, and calls keep with the index of each
// record m accepted, in order, after its batch was added.
func addRecords(m *match.Matcher, name string, n int, record func(i int) (match.Record, int), keep func(i int), rep *Reporter, quiet bool) {
	bar := progress.New(int64(n), "indexing "+shortName(name), quiet)
	defer bar.Finish()
	firstLine := make(map[string]int, n)
	recs := make([]match.Record, 0, min(n, addChunk))
	lines := make([]int, 0, min(n, addChunk))
	for lo := 0; lo < n; lo += addChunk {
		hi := min(lo+addChunk, n)
		recs, lines = recs[:0], lines[:0]
		for i := lo; i < hi; i++ {
			r, line := record(i)
			recs, lines = append(recs, r), append(lines, line)
		}
		for i, res := range m.AddBatch(recs) {
			id, line := recs[i].ID, lines[i]
			// Problems come first: for a rejected row they often say why it had no usable field.
			rep.Warn(name, line, res.Problems)
			if res.Err != nil {
				reason := res.Err.Error()
				if first, dup := firstLine[id]; dup {
					reason = fmt.Sprintf("duplicate id %q (first on line %d)", id, first)
				}
				rep.Reject(name, line, reason)
				continue
			}
			firstLine[id] = line
			keep(lo + i)
		}
		clear(recs) // the batch's strings go with the next one
		bar.Add(hi - lo)
	}
}

// addChunk is how many rows AddAll gives AddBatch at once: enough that normalizing and
// indexing overlap for most of each batch, few enough that the progress bar moves.
const addChunk = 1 << 16

// Create opens the output file path, or returns stdout when path is "-". The returned close
// function flushes nothing itself; it closes the file (a no-op for stdout) and reports the
// error, which callers must check since a failed close can lose written data.
func Create(path string, stdout io.Writer) (io.Writer, func() error, error) {
	if path == "-" {
		return stdout, func() error { return nil }, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, nil, err
	}
	return f, f.Close, nil
}

// Describe renders a record for people in one line: name, phones, e-mails, city, birth date,
// gender, social-network handles and source, leaving out what is empty.
func Describe(r match.Record) string {
	var parts []string
	name := strings.Join(nonEmpty(r.FirstName, r.MiddleName, r.LastName), " ")
	if name == "" {
		name = r.FullName
	}
	parts = append(parts, nonEmpty(name)...)
	parts = append(parts, nonEmpty(r.Phones...)...)
	parts = append(parts, nonEmpty(r.Emails...)...)
	parts = append(parts, nonEmpty(r.City, r.BirthDate, r.Gender)...)
	parts = append(parts, nonEmpty(r.Handles...)...)
	s := strings.Join(parts, ", ")
	if s == "" {
		s = "(no fields)"
	}
	if r.Source != "" {
		s += " [" + r.Source + "]"
	}
	return s
}

func nonEmpty(ss ...string) []string {
	out := make([]string, 0, len(ss))
	for _, s := range ss {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

func shortName(name string) string {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		return name[i+1:]
	}
	return name
}

// Entities returns the ground-truth entity of each row of in (rows being the ones to
// measure, usually those the Matcher accepted) by record ID, when the file is
// labelled (an "entity" or "cluster" column, or Febrl record ids; see dataset.DetectTruth),
// and a description of where the labels came from. Programs use it only to measure; the
// labels never reach the Matcher. It keeps neither in nor rows.
func Entities(in *Input, rows []dataset.Row) (map[string]string, string, bool) {
	t, ok := dataset.DetectTruth(in.Header, rows)
	if !ok {
		return nil, "", false
	}
	ent := make(map[string]string, len(rows))
	for _, row := range rows {
		if e, ok := t.Entity(row); ok {
			ent[row.Record.ID] = e
		}
	}
	return ent, truthSource(t), true
}

// truthSource says where ground truth t comes from, for a summary: "\"entity\" column",
// "Febrl record ids in the \"rec_id\" column", ...
func truthSource(t dataset.Truth) string {
	col := t.Column
	if col == "" {
		col = "id"
	}
	switch t.Format {
	case dataset.TruthFebrl:
		return fmt.Sprintf("Febrl record ids in the %q column", col)
	case dataset.TruthNumeric:
		return fmt.Sprintf("numeric Febrl ids in the %q column", col)
	}
	return fmt.Sprintf("%q column", col)
}

// PairAccuracy is the pairwise accuracy of a clustering against ground truth: a pair of
// records counts when both have a label. It is a plain value, safe to copy and share.
type PairAccuracy struct {
	Predicted, True, Correct int
}

// Precision is Correct/Predicted, or 1 when nothing was predicted.
func (a PairAccuracy) Precision() float64 { return ratio(a.Correct, a.Predicted) }

// Recall is Correct/True, or 1 when there is nothing to find.
func (a PairAccuracy) Recall() float64 { return ratio(a.Correct, a.True) }

// F1 is the harmonic mean of Precision and Recall.
func (a PairAccuracy) F1() float64 {
	p, r := a.Precision(), a.Recall()
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

// ScoreClusters measures clusters of record IDs against entity, the label of each ID. It
// keeps neither argument.
func ScoreClusters(clusters [][]string, entity map[string]string) PairAccuracy {
	pairs := func(n int) int { return n * (n - 1) / 2 }
	var acc PairAccuracy
	perEntity := make(map[string]int)
	for _, c := range clusters {
		inCluster := make(map[string]int)
		labelled := 0
		for _, id := range c {
			if e, ok := entity[id]; ok {
				inCluster[e]++
				perEntity[e]++
				labelled++
			}
		}
		acc.Predicted += pairs(labelled)
		for _, k := range inCluster {
			acc.Correct += pairs(k)
		}
	}
	for _, k := range perEntity {
		acc.True += pairs(k)
	}
	return acc
}

// Printer writes formatted text and keeps the first write error, so that report code can
// print line after line and check once. It is not safe for concurrent use; it keeps no
// reference to the arguments of Printf.
type Printer struct {
	W io.Writer
	// Err is the first write error; once set, Printf writes nothing more.
	Err error
}

// Printf writes like fmt.Fprintf unless an earlier write failed.
func (p *Printer) Printf(format string, args ...any) {
	if p.Err == nil {
		_, p.Err = fmt.Fprintf(p.W, format, args...)
	}
}

// TrainSummary renders what Train learnt in one line for the programs' summaries; a nil
// report means the model was not trained.
func TrainSummary(tr *match.TrainReport) string {
	if tr == nil {
		return "default, not trained"
	}
	var on []string
	for _, s := range tr.Sessions {
		if s.Err == nil {
			on = append(on, s.Field)
		}
	}
	cond := "no EM session succeeded"
	if len(on) > 0 {
		cond = "EM conditioned on " + strings.Join(on, ", ")
	}
	out := fmt.Sprintf("trained on %d candidate pairs (%s) and %d random pairs; pair prior %.3g",
		tr.CandidatePairs, cond, tr.RandomPairs, tr.PairPrior)
	if tr.NonePrior > 0 {
		out += fmt.Sprintf("; none of the customers %.3g", tr.NonePrior)
	}
	for _, n := range tr.Notes {
		out += "\n            kept: " + n
	}
	return out
}
