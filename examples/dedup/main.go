// Dedup finds the records of one file that belong to the same person.
//
// Run from the repository root with no flags, it deduplicates the bundled
// testdata/customers.csv and prints a summary: how many records and clusters, the largest
// clusters, and a few example merges with their pair probability and the field-by-field
// evidence behind them:
//
//	go run ./examples/dedup
//
// Usage:
//
//	dedup [-in FILE] [-out FILE] [-pairs FILE] [-fields MAP] [-region RU] [-threshold 0.5]
//	      [-train=true] [-labels FILE] [-strict] [-q]
//	      [-delimiter C] [-encoding NAME] [-sheet NAME] [-keep-columns] [-require-id]
//
// Flags:
//
//	-in FILE        CSV with a header, Excel .xlsx, or JSON Lines; "-" reads stdin
//	                (default: testdata/customers.csv, found from the module root)
//	-out FILE       write one row per record: id,cluster_id,cluster_size; cluster 0 is the
//	                largest. The extension chooses the format: .csv, .jsonl or .xlsx ("-"
//	                writes CSV to stdout, which then carries no summary)
//	-pairs FILE     write each linked pair (probability at or above -threshold), strongest
//	                first, with its evidence field by field (see "Pairs" below); same formats
//	-fields MAP     column:role pairs for columns not named like a field, e.g.
//	                rec_id:id,given_name:first_name,postcode:exact,address_1:text
//	                (roles: id, first_name, last_name, middle_name, full_name, phone, email,
//	                city, birth_date, source, or an extra field's kind: exact, text, name,
//	                date, number)
//	-region RU      phone region for numbers without a country code
//	-threshold 0.5  pairwise match probability at which two records link
//	-train=true     learn the model from the file by EM before deduplicating
//	-labels FILE    a reviewer's answers (the labels file of examples/review -in run on the
//	                same file): training learns from them, and the clusters keep them (two
//	                records answered the same end in one cluster, two answered different
//	                in two)
//	-strict         exit 1 when any row was rejected
//	-q              no progress bars (they are also hidden when stderr is not a terminal)
//	-delimiter C    CSV delimiter, one character or "tab" (default: detected among , ; tab |)
//	-encoding NAME  text encoding, e.g. windows-1251, koi8-r, utf-16le (default: detected)
//	-sheet NAME     xlsx sheet to read (default: the first)
//	-keep-columns   keep columns that map to no role as extra fields (exact when their
//	                values look like codes, such as postcodes; else text)
//	-require-id     fail on a file without an id column instead of numbering rows line:N
//
// Columns named in Russian or English like a field (ФИО, Моб. телефон, E-mail, date of
// birth, Паспорт, ...) need no -fields entry; before reading, stderr shows the mapping used:
// how the file is read, each column's role, the columns ignored, and how rows get IDs.
//
// The summary ends with the time each phase took. Output files are written to a temporary
// file beside them and renamed when complete.
//
// # Pairs
//
// -pairs writes one row per linked pair with the columns
//
//	a_id, b_id       the two records
//	same_cluster     whether clustering kept them together (average linkage may not)
//	probability      the probability that a and b are one person
//	weight           the pair's match weight in bits, prior included: probability is
//	                 2^weight / (1 + 2^weight)
//	prior_bits       the part of weight due to the prior that two records are one person
//	explained_weight prior_bits plus the FIELD_bits below
//	FIELD_level      for each field of the model, the comparison level of the pair
//	FIELD_bits       and its contribution in bits (level "missing" and 0 bits when either
//	                 value is missing)
//
// probability and weight are the ones deduplication used. The field columns come from
// Matcher.ExplainPair, which explains a stored pair as Dedup scored it, so explained_weight
// equals weight.
//
// A malformed row, or one the matcher rejects (no usable field, a duplicate id), is reported on
// stderr as "file:line: rejected: reason" and skipped; a value that cannot be normalized (a
// phone that does not parse, a date of 31.02) is reported as "file:line: warning: ..." and
// only that field is left out. Columns that map to no field, such as a ground-truth "entity"
// column, are never used for matching; when the file has one, the summary measures the
// clusters against it.
//
// Exit status: 0 when the run completed, rejected rows included (they are reported on stderr
// and counted in the summary; the output holds every good row); 1 with -strict when some
// rows were rejected; 2 on a usage error (bad flag, unreadable file, bad -fields, an output
// extension of no known format) or a run that could not complete.
//
// Febrl example:
//
//	go run ./examples/dedup -in ../shared/data/febrl/dataset1.csv -out clusters.csv \
//	    -fields rec_id:id,given_name:first_name,surname:last_name,date_of_birth:birth_date,suburb:city,postcode:exact,address_1:text,soc_sec_id:exact
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"slices"

	"github.com/idmatch/idmatch/examples/internal/cli"
	"github.com/idmatch/idmatch/examples/internal/output"
	"github.com/idmatch/idmatch/internal/dataset"
	"github.com/idmatch/idmatch/internal/progress"
	"github.com/idmatch/idmatch/match"
	"github.com/idmatch/idmatch/score"
)

// defaultInput is the bundled file deduplicated when -in is not given.
const defaultInput = "testdata/customers.csv"

func main() { os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) }

// config holds the parsed flags.
type config struct {
	in, out, pairs, fields, region, labels string
	threshold                              float64
	train, quiet, strict                   bool
	input                                  cli.InputFlags
}

// run is the whole program, with its arguments and streams passed in so that tests can call
// it. It returns the exit status.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("dedup", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var c config
	fs.StringVar(&c.in, "in", "", "input `FILE`: CSV with a header, or JSON Lines; - for stdin (default "+defaultInput+")")
	fs.StringVar(&c.out, "out", "", "write id,cluster_id,cluster_size to `FILE`: .csv, .jsonl or .xlsx (- for CSV on stdout)")
	fs.StringVar(&c.pairs, "pairs", "", "write each linked pair with its per-field evidence to `FILE`: .csv, .jsonl or .xlsx")
	fs.BoolVar(&c.strict, "strict", false, "exit 1 when any row was rejected")
	fs.StringVar(&c.fields, "fields", "", "column:role `MAP`, e.g. rec_id:id,postcode:exact")
	fs.StringVar(&c.region, "region", "RU", "default phone `REGION` (ISO 3166 code)")
	fs.Float64Var(&c.threshold, "threshold", 0.5, "pairwise match `probability` that links two records, in (0,1)")
	fs.BoolVar(&c.train, "train", true, "learn the model from the input by EM before deduplicating")
	fs.StringVar(&c.labels, "labels", "", "a reviewer's answers: the labels `FILE` of examples/review, for training and kept in the clusters")
	fs.BoolVar(&c.quiet, "q", false, "no progress bars")
	c.input.Register(fs)
	if code, done := cli.ParseFlags(fs, args, "Deduplicates a CSV or JSON Lines file of person records."); done {
		return code
	}
	usage := cli.UsageError(stderr, "dedup")
	if !(c.threshold > 0 && c.threshold < 1) {
		return usage("-threshold %v: want a probability strictly between 0 and 1", c.threshold)
	}
	for _, f := range []struct{ flag, path string }{{"-out", c.out}, {"-pairs", c.pairs}} {
		if f.path == "" {
			continue
		}
		if _, err := output.FormatOf(f.path); err != nil {
			return usage("%s: %v", f.flag, err)
		}
	}
	if c.pairs == "-" {
		return usage("-pairs: name a file; stdout is for -out")
	}
	fields, err := dataset.ParseFieldMap(c.fields)
	if err != nil {
		return usage("-fields: %v", err)
	}
	if c.in == "" {
		if c.in, err = cli.FindFile(defaultInput); err != nil {
			return usage("%v", err)
		}
	}
	quiet := progress.Quiet(c.quiet, stderr)
	rep := cli.NewReporter(stderr)
	var phases progress.Phases
	stop := phases.Start("reading " + cli.BaseName(c.in))
	in, err := cli.Load(c.in, stdin, cli.LoadOptions{Fields: fields, Input: c.input, Mapping: stderr, Quiet: quiet}, rep)
	if err != nil {
		return usage("%v", err)
	}
	stop()
	m, err := cli.NewMatcher(c.region, []*cli.Input{in})
	if err != nil {
		return usage("%v", err)
	}
	// Open the outputs before the long work, so that a bad path fails at once.
	var out, pairs *output.Table
	if c.out != "" {
		if out, err = output.Create(c.out, stdout, clusterColumns); err != nil {
			return usage("-out: %v", err)
		}
		defer out.Abort() // a no-op once committed
	}

	if c.pairs != "" {
		if pairs, err = output.Create(c.pairs, nil, pairColumns(m)); err != nil {
			return usage("-pairs: %v", err)
		}
		defer pairs.Abort()
	}

	ctx := context.Background()
	stop = phases.Start("indexing")
	// The rows are packed before they are indexed, and the ground truth, if the file has
	// it, is all that is kept of the columns: at a million rows the rows themselves would
	// outweigh the matcher.
	rows := cli.AddCompact(m, in, rep, quiet)
	truth := groundTruth(rows)
	stop()
	var labels cli.Answers
	if c.labels != "" {
		if labels, err = cli.ReadAnswers(c.labels, false, nil, rep); err != nil {
			return usage("-labels: %v", err)
		}
	}
	var trained *match.TrainReport
	if c.train && m.Len() >= 2 {
		stop = phases.Start("training")
		sp := progress.Spinner("training", quiet)
		tr, err := m.Train(ctx, match.TrainOptions{Labels: labels.Pairs})
		sp.Finish()
		stop()
		if err != nil {
			rep.Printf("dedup: training failed, using the default model: %v", err)
		} else {
			trained = &tr
		}
	}
	stop = phases.Start("scoring pairs and clustering")
	sp := progress.Spinner("scoring pairs and clustering", quiet)
	cl, err := m.Dedup(ctx, match.DedupOptions{Threshold: c.threshold, KeepPairs: true, Labels: labels.Pairs})
	sp.Finish()
	stop()
	if err != nil {
		return usage("%v", err)
	}

	if out != nil {
		stop = phases.Start("writing " + cli.BaseName(c.out))
		err := writeClusters(out, rows, cl, quiet)
		if err == nil {
			err = out.Commit()
		}
		stop()
		if err != nil {
			return usage("-out: %v", err)
		}
	}
	if pairs != nil {
		stop = phases.Start("explaining and writing " + cli.BaseName(c.pairs))
		err := writePairs(pairs, m, cl, quiet)
		if err == nil {
			err = pairs.Commit()
		}
		stop()
		if err != nil {
			return usage("-pairs: %v", err)
		}
	}
	if c.out != "-" {
		s := summary{in: in, rows: rows, truth: truth, cl: cl, trained: trained, rep: rep, threshold: c.threshold,
			labels: c.labels, answered: len(labels.Pairs),
			phases: &phases, out: c.out, pairs: c.pairs}
		s.examples = exampleMerges(ctx, m, rows, cl, 3)
		if err := s.write(stdout); err != nil {
			return usage("writing the summary: %v", err)
		}
	}
	if c.strict && rep.Rejected > 0 {
		return cli.ExitRejected
	}
	return cli.ExitOK
}

// clusterColumns are the columns of -out.
var clusterColumns = []output.Column{
	{Name: "id", Kind: output.String},
	{Name: "cluster_id", Kind: output.Int},
	{Name: "cluster_size", Kind: output.Int},
}

// writeClusters writes one row per accepted input row, in input order; the caller commits.
func writeClusters(t *output.Table, rows *cli.Kept, cl *match.Clustering, quiet bool) error {
	bar := progress.New(int64(rows.Len()), "writing clusters", quiet)
	defer bar.Finish()
	for i := range rows.Len() {
		id := rows.ID(i)
		k, ok := cl.ClusterOf[id]
		if !ok {
			return fmt.Errorf("record %q (line %d) is in no cluster", id, rows.Line(i))
		}
		if err := t.Row(id, k, len(cl.Clusters[k])); err != nil {
			return err
		}
		if i%1024 == 1023 {
			bar.Add(1024)
		}
	}
	return nil
}

// pairColumns are the columns of -pairs for the fields of m's model, documented in the
// package comment.
func pairColumns(m *match.Matcher) []output.Column {
	cols := []output.Column{
		{Name: "a_id", Kind: output.String},
		{Name: "b_id", Kind: output.String},
		{Name: "same_cluster", Kind: output.Bool},
		{Name: "probability", Kind: output.Float},
		{Name: "weight", Kind: output.Float},
		{Name: "prior_bits", Kind: output.Float},
		{Name: "explained_weight", Kind: output.Float},
	}
	for _, f := range m.Model().Fields {
		cols = append(cols,
			output.Column{Name: f.Name + "_level", Kind: output.String},
			output.Column{Name: f.Name + "_bits", Kind: output.Float})
	}
	return cols
}

// writePairs writes the linked pairs of cl, strongest first, each with the per-field
// evidence ExplainPair gives for it; the caller commits. A pair ExplainPair fails on keeps its
// probability and weight with empty field columns.
func writePairs(t *output.Table, m *match.Matcher, cl *match.Clustering, quiet bool) error {
	fields := m.Model().Fields
	priorBits := math.Log2(cl.PairPrior / (1 - cl.PairPrior))
	bar := progress.New(int64(len(cl.Pairs)), "explaining pairs", quiet)
	defer bar.Finish()
	vals := make([]any, 0, 7+2*len(fields))
	for _, p := range cl.Pairs {
		explained := math.NaN()
		var byField map[string]int
		e, err := m.ExplainPair(p.A, p.B)
		if err == nil && e.Pair != nil {
			explained = e.Pair.Weight
			byField = make(map[string]int, len(e.Pair.Fields))
			for i, f := range e.Pair.Fields {
				byField[f.Field] = i
			}
		}
		vals = append(vals[:0], p.A, p.B, cl.ClusterOf[p.A] == cl.ClusterOf[p.B], p.Probability, p.Weight, priorBits, explained)
		for _, f := range fields {
			i, ok := byField[f.Name]
			if !ok {
				vals = append(vals, "", math.NaN())
				continue
			}
			fc := e.Pair.Fields[i]
			vals = append(vals, fc.LevelName, fc.Bits)
		}
		if err := t.Row(vals...); err != nil {
			return err
		}
		bar.Add(1)
	}
	return nil
}

// truth is the ground truth of a labelled file: each record's entity, and where it came from.
type truth struct {
	entity map[string]string
	source string
}

// groundTruth is the ground truth of the kept rows, nil when they carry none.
func groundTruth(rows *cli.Kept) *truth {
	ent, src, ok := rows.Entities()
	if !ok {
		return nil
	}
	return &truth{entity: ent, source: src}
}

// merge is an example merge shown in the summary.
type merge struct {
	pair    match.Pair
	a, b    match.Record
	explain *match.Explanation // nil when ExplainPair failed
}

// exampleMerges picks up to n linked pairs that ended in one cluster: the strongest, the
// weakest (the nearest to the threshold, the most instructive) and ones between.
func exampleMerges(ctx context.Context, m *match.Matcher, rows *cli.Kept, cl *match.Clustering, n int) []merge {
	var merged []match.Pair
	for _, p := range cl.Pairs {
		if cl.ClusterOf[p.A] == cl.ClusterOf[p.B] {
			merged = append(merged, p)
		}
	}
	if len(merged) == 0 || n <= 0 {
		return nil
	}
	var picks []int
	if len(merged) <= n {
		for i := range merged {
			picks = append(picks, i)
		}
	} else {
		for k := range n {
			picks = append(picks, k*(len(merged)-1)/max(n-1, 1))
		}
		picks = slices.Compact(picks)
	}
	var ids []string
	for _, i := range picks {
		ids = append(ids, merged[i].A, merged[i].B)
	}
	byID := rows.Records(ids)
	out := make([]merge, 0, len(picks))
	for _, i := range picks {
		p := merged[i]
		mg := merge{pair: p, a: byID[p.A], b: byID[p.B]}
		if e, err := m.ExplainPair(p.A, p.B); err == nil {
			mg.explain = e
		}
		out = append(out, mg)
	}
	return out
}

// summary is what dedup prints when the clusters do not go to stdout.
type summary struct {
	in        *cli.Input
	rows      *cli.Kept
	truth     *truth // nil when the file has no ground truth
	cl        *match.Clustering
	trained   *match.TrainReport
	rep       *cli.Reporter
	threshold float64
	examples  []merge
	phases    *progress.Phases
	out       string // the -out file, "" for none
	pairs     string // the -pairs file, "" for none
	labels    string // the -labels file, "" for none, which held answered answers
	answered  int
}

// largestShown is how many of the largest clusters the summary lists, and membersShown how
// many members of each.
const (
	largestShown = 3
	membersShown = 4
)

func (s *summary) write(w io.Writer) error {
	pr := &cli.Printer{W: w}
	p := pr.Printf
	multi, dups := 0, 0
	for _, c := range s.cl.Clusters {
		if len(c) > 1 {
			multi++
			dups += len(c) - 1
		}
	}
	p("dedup %s\n", s.in.Name)
	p("  records   %d kept, %d rejected, %d warnings\n", s.rows.Len(), s.rep.Rejected, s.rep.Warnings)
	if ws := s.rep.WarningSummary(); ws != "" {
		p("  warnings  by field: %s\n", ws)
	}
	p("  model     %s\n", cli.TrainSummary(s.trained))
	if s.labels != "" {
		p("  answers   %d from %s, kept in the clusters\n", s.answered, cli.BaseName(s.labels))
	}
	p("  pairs     %d candidate pairs scored, %d at probability >= %.2f\n", s.cl.CandidatePairs, len(s.cl.Pairs), s.threshold)
	p("  clusters  %d: %d with more than one record, holding %d duplicates\n", len(s.cl.Clusters), multi, dups)
	if t := s.truth; t != nil {
		a := cli.ScoreClusters(s.cl.Clusters, t.entity)
		p("  accuracy  against the %s: pairwise precision %.3f, recall %.3f, F1 %.3f (%d of %d true pairs found, %d predicted)\n",
			t.source, a.Precision(), a.Recall(), a.F1(), a.Correct, a.True, a.Predicted)
	}
	if s.out != "" {
		p("  output    %s: one row per kept record (id, cluster_id, cluster_size)\n", s.out)
	}
	if s.pairs != "" {
		p("  pairs     %s: %d linked pairs with their evidence field by field\n", s.pairs, len(s.cl.Pairs))
	}

	var shown []string
	for _, c := range s.cl.Clusters[:min(largestShown, multi)] {
		shown = append(shown, c[:min(membersShown, len(c))]...)
	}
	byID := s.rows.Records(shown)
	if multi > 0 {
		p("\nlargest clusters:\n")
		for k, c := range s.cl.Clusters[:min(largestShown, multi)] {
			p("  cluster %d, %d records:\n", k, len(c))
			for _, id := range c[:min(membersShown, len(c))] {
				p("    %-10s %s\n", id, cli.Describe(byID[id]))
			}
			if len(c) > membersShown {
				p("    ... and %d more\n", len(c)-membersShown)
			}
		}
	}
	if len(s.examples) > 0 {
		p("\nexample merges (strongest to weakest):\n")
		for _, e := range s.examples {
			p("  %s + %s  pair probability %.4f (%+.1f bits)\n", e.pair.A, e.pair.B, e.pair.Probability, e.pair.Weight)
			p("    %-10s %s\n", e.pair.A, cli.Describe(e.a))
			p("    %-10s %s\n", e.pair.B, cli.Describe(e.b))
			if e.explain != nil && e.explain.Pair != nil {
				// The lines add up to the pair's weight: each field's level, its value's
				// frequency where that adjusts it, and the prior.
				for _, f := range e.explain.Pair.Fields {
					if f.Level == score.Missing {
						continue
					}
					p("      %-12s %-32s %+6.1f bits\n", f.Field, f.LevelName, f.Bits-f.TFBits)
					if f.TFBits != 0 {
						p("      %-12s %-32s %+6.1f bits\n", "", "how common the value is", f.TFBits)
					}
				}
				p("      %-12s %-32s %+6.1f bits\n", "prior", "two records are one person", e.explain.Pair.PriorBits)
			}
		}
	}
	p("\ntime per phase:\n")
	if pr.Err == nil {
		pr.Err = s.phases.WriteTable(w, "  ")
	}
	return pr.Err
}
