// Link finds the CRM customer each contact belongs to: a social-network account, a caller's
// phone number, an e-mail, a web form. Each contact gets its best candidate customer, a
// confidence (the posterior probability that the contact is that customer, against every
// other candidate and against "none of them") and a decision: matched, review, ambiguous or
// nomatch.
//
// Run from the repository root with no flags, it links the bundled testdata/contacts.csv to
// testdata/crm.csv and prints a summary: counts per decision and a few examples.
//
//	go run ./examples/link
//	go run ./examples/link -explain k17
//
// Usage:
//
//	link [-crm FILE] [-contacts FILE] [-out FILE] [-include-review] [-fields MAP] [-region RU]
//	     [-train=true] [-labels FILE] [-explain ID] [-strict] [-q]
//	     [-delimiter C] [-encoding NAME] [-sheet NAME] [-keep-columns] [-require-id]
//
// Flags:
//
//	-crm FILE       customers: CSV with a header, Excel .xlsx, or JSON Lines (default: testdata/crm.csv,
//	                found from the module root)
//	-contacts FILE  contacts to link, same formats; "-" reads stdin
//	                (default: testdata/contacts.csv)
//	-out FILE       write one row per contact (see "Output" below); the extension chooses
//	                the format: .csv, .jsonl or .xlsx ("-" writes CSV to stdout)
//	-include-review also fill customer_id for contacts decided "review"
//	-fields MAP     column:role pairs for both files, e.g. cust_no:id,postcode:exact (roles:
//	                id, first_name, last_name, middle_name, full_name, phone, email, city,
//	                birth_date, source, or an extra field's kind: exact, text, name, date,
//	                number); a pair whose column one CSV file lacks applies to the other only
//	-region RU      phone region for numbers without a country code
//	-train=true     learn the model by EM from the contacts and their candidates first
//	-labels FILE    a reviewer's answers (the labels file of examples/review run on the same
//	                files): training learns from them, and an answered contact's output
//	                keeps them (a customer answered the same is its customer; customers
//	                answered different are not its candidates)
//	-explain ID     print why contact ID got its answer, field by field
//	-strict         exit 1 when any row was rejected
//	-q              no progress bars (they are also hidden when stderr is not a terminal)
//	-delimiter C    CSV delimiter of both files, one character or "tab" (default: detected)
//	-encoding NAME  text encoding of both files, e.g. windows-1251 (default: detected)
//	-sheet NAME     xlsx sheet to read (default: the first)
//	-keep-columns   keep columns that map to no role as extra fields (exact when their
//	                values look like codes, such as postcodes; else text)
//	-require-id     fail on a file without an id column instead of numbering rows line:N
//
// Columns named in Russian or English like a field (ФИО, Моб. телефон, E-mail, date of
// birth, Паспорт, ...) need no -fields entry; before reading, stderr shows the mapping used
// for each file.
//
// Without -out, or with -out naming a file, a summary goes to stdout; it ends with the time
// each phase took.
//
// # Output
//
// One row per answered contact, in input order, with the columns
//
//	contact_id       the contact's id
//	customer_id      the customer the contact was decided to be: set when status is
//	                 matched (and review, with -include-review); empty otherwise
//	status           matched, review, ambiguous or nomatch
//	confidence       the probability that the contact is customer_id, in [0,1]; empty
//	                 when customer_id is
//	best_id          the best candidate whatever the decision; empty when no customer
//	                 shared a blocking key with the contact
//	best_confidence  the probability that the contact is best_id; empty with best_id
//	candidate_count  how many customers were scored for the contact
//
// so that a program reading customer_id never takes a "nomatch" or "ambiguous" contact's
// nearest candidate for an answer. In JSON Lines an empty value is null; in xlsx an empty
// cell. The file is written to a temporary file beside it and renamed when complete.
//
// A malformed row, or one the matcher rejects (no usable field, a duplicate id), is reported on
// stderr as "file:line: rejected: reason" and skipped; a value that cannot be normalized is
// reported as "file:line: warning: ..." and only that field is left out. Columns that map to
// no field, such as a ground-truth "entity" column, are never used for matching; when both
// files have one, the summary measures the answers against it.
//
// Exit status: 0 when the run completed, rejected rows included (they are reported on stderr
// and counted in the summary; the output holds every good contact); 1 with -strict when some
// rows were rejected; 2 on a usage error (bad flag, unreadable file, bad -fields, an output
// extension of no known format, an -explain ID that is no contact) or a run that could not
// complete.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"strings"

	"github.com/idmatch/idmatch/examples/internal/cli"
	"github.com/idmatch/idmatch/examples/internal/output"
	"github.com/idmatch/idmatch/internal/dataset"
	"github.com/idmatch/idmatch/internal/progress"
	"github.com/idmatch/idmatch/match"
)

// The bundled files linked when -crm and -contacts are not given.
const (
	defaultCRM      = "testdata/crm.csv"
	defaultContacts = "testdata/contacts.csv"
)

// batchSize is how many contacts one MatchBatch call takes: large enough to keep every
// worker busy, small enough for the progress bar to move.
const batchSize = 256

func main() { os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) }

// config holds the parsed flags.
type config struct {
	crm, contacts, out, fields, region, explain, labels string
	train, quiet, includeReview, strict                 bool
	input                                               cli.InputFlags
}

// answer is one contact's result, kept with its input row.
type answer struct {
	row dataset.Row
	res match.Result
}

// run is the whole program, with its arguments and streams passed in so that tests can call
// it. It returns the exit status.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("link", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var c config
	fs.StringVar(&c.crm, "crm", "", "customers `FILE`: CSV with a header, or JSON Lines (default "+defaultCRM+")")
	fs.StringVar(&c.contacts, "contacts", "", "contacts `FILE` to link; - for stdin (default "+defaultContacts+")")
	fs.StringVar(&c.out, "out", "", "write one row per contact to `FILE`: .csv, .jsonl or .xlsx (- for CSV on stdout)")
	fs.BoolVar(&c.includeReview, "include-review", false, "also fill customer_id for contacts decided review")
	fs.BoolVar(&c.strict, "strict", false, "exit 1 when any row was rejected")
	fs.StringVar(&c.fields, "fields", "", "column:role `MAP` for both files, e.g. cust_no:id,postcode:exact")
	fs.StringVar(&c.region, "region", "RU", "default phone `REGION` (ISO 3166 code)")
	fs.BoolVar(&c.train, "train", true, "learn the model by EM from the contacts and their candidates first")
	fs.StringVar(&c.explain, "explain", "", "print why contact `ID` got its answer")
	fs.StringVar(&c.labels, "labels", "", "a reviewer's answers: the labels `FILE` of examples/review, for training and kept in the output")
	fs.BoolVar(&c.quiet, "q", false, "no progress bars")
	c.input.Register(fs)
	if code, done := cli.ParseFlags(fs, args, "Links contacts to CRM customers."); done {
		return code
	}
	usage := cli.UsageError(stderr, "link")
	fields, err := dataset.ParseFieldMap(c.fields)
	if err != nil {
		return usage("-fields: %v", err)
	}
	for _, f := range []struct {
		path *string
		def  string
	}{{&c.crm, defaultCRM}, {&c.contacts, defaultContacts}} {
		if *f.path == "" {
			if *f.path, err = cli.FindFile(f.def); err != nil {
				return usage("%v", err)
			}
		}
	}
	if c.crm == "-" {
		return usage("-crm: stdin is for contacts only")
	}

	if c.out != "" {
		if _, err := output.FormatOf(c.out); err != nil {
			return usage("-out: %v", err)
		}
	}

	quiet := progress.Quiet(c.quiet, stderr)
	rep := cli.NewReporter(stderr)
	var phases progress.Phases
	load := cli.LoadOptions{Fields: fields, Input: c.input, Mapping: stderr, Lenient: true, Quiet: quiet}
	stop := phases.Start("reading " + cli.BaseName(c.crm))
	crm, err := cli.Load(c.crm, stdin, load, rep)
	if err != nil {
		return usage("%v", err)
	}
	stop()
	stop = phases.Start("reading " + cli.BaseName(c.contacts))
	contacts, err := cli.Load(c.contacts, stdin, load, rep)
	if err != nil {
		return usage("%v", err)
	}
	stop()
	m, err := cli.NewMatcher(c.region, []*cli.Input{crm, contacts})
	if err != nil {
		return usage("%v", err)
	}
	for _, col := range crm.Dropped {
		if slices.Contains(contacts.Dropped, col) {
			return usage("-fields: column %q is in neither %s nor %s", col, crm.Name, contacts.Name)
		}
	}
	queries := uniqueContacts(contacts, rep)
	if c.explain != "" && !slices.ContainsFunc(queries, func(r dataset.Row) bool { return r.Record.ID == c.explain }) {
		return usage("-explain: no contact with id %q in %s", c.explain, contacts.Name)
	}
	// Open the output before the long work, so that a bad path fails at once.
	var out *output.Table
	if c.out != "" {
		if out, err = output.Create(c.out, stdout, outColumns); err != nil {
			return usage("-out: %v", err)
		}
		defer out.Abort() // a no-op once committed
	}

	ctx := context.Background()
	stop = phases.Start("indexing customers")
	// The customers are packed before they are indexed (a large CRM's rows would outweigh
	// the matcher); their ground truth, if the file has it, is all that is kept of the columns.
	customers := cli.AddCompact(m, crm, rep, quiet)
	stop()
	recs := make([]match.Record, len(queries))
	for i, row := range queries {
		recs[i] = row.Record
	}
	var labels cli.Answers
	if c.labels != "" {
		byID := make(map[string]match.Record, len(queries))
		for _, r := range recs {
			byID[r.ID] = r
		}
		if labels, err = cli.ReadAnswers(c.labels, true, byID, rep); err != nil {
			return usage("-labels: %v", err)
		}
	}
	var trained *match.TrainReport
	if c.train && m.Len() >= 2 {
		stop = phases.Start("training")
		sp := progress.Spinner("training", quiet)
		tr, err := m.Train(ctx, match.TrainOptions{Queries: recs, QueryLabels: labels.QueryLabels})
		sp.Finish()
		stop()
		if err != nil {
			rep.Printf("link: training failed, using the default model: %v", err)
		} else {
			trained = &tr
		}
	}
	stop = phases.Start("matching")
	answers := matchAll(ctx, m, queries, recs, contacts.Name, rep, quiet)
	decided := 0
	for i, a := range answers {
		if ls := labels.Contacts[a.row.Record.ID]; len(ls) > 0 {
			if answers[i].res = m.Decide(a.res, ls); answers[i].res.Decided {
				decided++
			}
		}
	}
	stop()

	// Stdout carries the CSV when -out is "-"; everything else for people goes to stderr then.
	info := stdout
	if c.out == "-" {
		info = stderr
	}
	if out != nil {
		stop = phases.Start("writing " + cli.BaseName(c.out))
		err := writeAnswers(out, answers, c.includeReview, quiet)
		if err == nil {
			err = out.Commit()
		}
		stop()
		if err != nil {
			return usage("-out: %v", err)
		}
	}
	if c.out != "-" {
		s := summary{crm: crm, contacts: contacts, customers: customers, answers: answers, trained: trained, rep: rep,
			phases: &phases, out: c.out, includeReview: c.includeReview, labels: c.labels, answered: len(labels.QueryLabels), decided: decided}
		if err := s.write(info); err != nil {
			return usage("writing the summary: %v", err)
		}
	}
	if c.explain != "" {
		if err := explain(ctx, info, m, answers, c.explain, customers); err != nil {
			return usage("-explain: %v", err)
		}
	}
	if c.strict && rep.Rejected > 0 {
		return cli.ExitRejected
	}
	return cli.ExitOK
}

// uniqueContacts returns the contacts' rows without the repeats of an id already seen, which
// it reports: two answers under one contact id could not be told apart in the output.
func uniqueContacts(in *cli.Input, rep *cli.Reporter) []dataset.Row {
	first := make(map[string]int, len(in.Rows))
	rows := make([]dataset.Row, 0, len(in.Rows))
	for _, row := range in.Rows {
		if line, dup := first[row.Record.ID]; dup {
			rep.Reject(in.Name, row.Line, fmt.Sprintf("duplicate contact id %q (first on line %d)", row.Record.ID, line))
			continue
		}
		first[row.Record.ID] = row.Line
		rows = append(rows, row)
	}
	return rows
}

// matchAll matches the contacts in batches and returns the answers of those the matcher
// accepted, in input order. A contact it rejects is reported with its line; a contact's
// normalization problems are reported as warnings. Contacts are matched in the order of
// their names, so that namesakes, who share their candidates, come one after another and
// find those candidates still in cache.
func matchAll(ctx context.Context, m *match.Matcher, rows []dataset.Row, recs []match.Record, name string, rep *cli.Reporter, quiet bool) []answer {
	bar := progress.New(int64(len(recs)), "matching", quiet)
	order := byName(recs)
	results := make([]match.Result, len(recs))
	batch := make([]match.Record, 0, batchSize)
	for lo := 0; lo < len(order); lo += batchSize {
		hi := min(lo+batchSize, len(order))
		batch = batch[:0]
		for _, i := range order[lo:hi] {
			batch = append(batch, recs[i])
		}
		for k, res := range m.MatchBatch(ctx, batch) {
			results[order[lo+k]] = res
		}
		bar.Add(hi - lo)
	}
	bar.Finish()
	answers := make([]answer, 0, len(recs))
	for i, res := range results {
		row := rows[i]
		// Problems come first: for a rejected contact they often say why it had no usable
		// field.
		rep.Warn(name, row.Line, res.Problems)
		if res.Err != nil {
			rep.Reject(name, row.Line, res.Err.Error())
			continue
		}
		answers = append(answers, answer{row: row, res: res})
	}
	return answers
}

// byName returns the positions of recs ordered by their names as written (surname, given
// name, full name, case folded), ties in input order.
func byName(recs []match.Record) []int {
	keys := make([]string, len(recs))
	for i, r := range recs {
		keys[i] = strings.ToLower(r.LastName + "\x00" + r.FirstName + "\x00" + r.FullName)
	}
	order := make([]int, len(recs))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return strings.Compare(keys[a], keys[b]) })
	return order
}

// outColumns are the columns of -out, documented in the package comment.
var outColumns = []output.Column{
	{Name: "contact_id", Kind: output.String},
	{Name: "customer_id", Kind: output.String},
	{Name: "status", Kind: output.String},
	{Name: "confidence", Kind: output.Float},
	{Name: "best_id", Kind: output.String},
	{Name: "best_confidence", Kind: output.Float},
	{Name: "candidate_count", Kind: output.Int},
}

// decided returns the customer a contact was decided to be, and the confidence of that
// decision: Best for a matched contact, and for review when includeReview is set; "" and NaN
// (an empty cell) otherwise.
func decided(res match.Result, includeReview bool) (string, float64) {
	if res.Best == nil {
		return "", math.NaN()
	}
	switch {
	case res.Status == match.Matched, res.Status == match.Review && includeReview:
		return res.Best.ID, clamp01(res.Confidence)
	}
	return "", math.NaN()
}

// outRow is the -out row of one answer, in the order of outColumns.
func outRow(a answer, includeReview bool) []any {
	customer, conf := decided(a.res, includeReview)
	best, bestConf := "", math.NaN()
	if a.res.Best != nil {
		best, bestConf = a.res.Best.ID, clamp01(a.res.Confidence)
	}
	return []any{a.row.Record.ID, customer, a.res.Status.String(), conf, best, bestConf, a.res.Considered}
}

// writeAnswers writes one row per answered contact, in input order; the caller commits.
func writeAnswers(t *output.Table, answers []answer, includeReview, quiet bool) error {
	bar := progress.New(int64(len(answers)), "writing", quiet)
	defer bar.Finish()
	for i, a := range answers {
		if err := t.Row(outRow(a, includeReview)...); err != nil {
			return err
		}
		if i%1024 == 1023 {
			bar.Add(1024)
		}
	}
	return nil
}

// clamp01 guards the documented [0,1] range of the confidence columns against rounding
// slightly outside it (and NaN, written as 0).
func clamp01(x float64) float64 {
	if !(x > 0) {
		return 0
	}
	return min(x, 1)
}

// explain prints why the contact id got its answer: the explanation of its best candidate,
// or a line saying there was none.
func explain(ctx context.Context, w io.Writer, m *match.Matcher, answers []answer, id string, customers *cli.Kept) error {
	i := slices.IndexFunc(answers, func(a answer) bool { return a.row.Record.ID == id })
	pr := &cli.Printer{W: w}
	if i < 0 {
		pr.Printf("\nexplain %s: the contact was rejected (see the messages above); no answer to explain\n", id)
		return pr.Err
	}
	a := answers[i]
	pr.Printf("\nexplain %s: %s\n", id, cli.Describe(a.row.Record))
	if a.res.Best == nil {
		pr.Printf("  status %s: no customer shares a blocking key (phone, e-mail, name with city or birth date) with this contact, so there was no candidate\n",
			a.res.Status)
		return pr.Err
	}
	best := a.res.Best
	pr.Printf("  status %s, confidence %.4f, best candidate %s: %s\n", a.res.Status, a.res.Confidence, best.ID, describeID(customers, best.ID))
	if len(a.res.Candidates) > 1 {
		next := a.res.Candidates[1]
		pr.Printf("  runner-up %s, confidence %.4f: %s\n", next.ID, next.Confidence, describeID(customers, next.ID))
	}
	pr.Printf("  probability that it is none of the customers: %.4f\n", a.res.None)
	e, err := m.Explain(ctx, a.row.Record, best.ID)
	if err != nil {
		return err
	}
	pr.Printf("%s", e)
	return pr.Err
}

func describeID(customers *cli.Kept, id string) string {
	if r, ok := customers.Records([]string{id})[id]; ok {
		return cli.Describe(r)
	}
	return "(unknown)"
}

// summary is what link prints when the answers do not go to stdout.
type summary struct {
	crm, contacts *cli.Input
	customers     *cli.Kept
	answers       []answer
	trained       *match.TrainReport
	rep           *cli.Reporter
	phases        *progress.Phases
	out           string // the -out file, "" for none
	includeReview bool
	// labels is the -labels file ("" for none), answered the answers it held about these
	// contacts and decided the contacts whose answer they changed.
	labels            string
	answered, decided int
}

// statuses lists the decisions in the order the summary shows them.
var statuses = []match.Status{match.Matched, match.Review, match.Ambiguous, match.NoMatch}

// examplesPerStatus is how many example answers the summary shows for each decision.
const examplesPerStatus = 2

func (s *summary) write(w io.Writer) error {
	pr := &cli.Printer{W: w}
	p := pr.Printf
	counts := map[match.Status]int{}
	for _, a := range s.answers {
		counts[a.res.Status]++
	}
	p("link %s to %s\n", s.contacts.Name, s.crm.Name)
	p("  customers  %d kept of %d rows read\n", s.customers.Len(), s.crm.Read)
	p("  contacts   %d answered of %d rows read; %d rows rejected and %d warnings in all\n",
		len(s.answers), len(s.contacts.Rows), s.rep.Rejected, s.rep.Warnings)
	if ws := s.rep.WarningSummary(); ws != "" {
		p("  warnings   by field: %s\n", ws)
	}
	p("  model      %s\n", cli.TrainSummary(s.trained))
	if s.labels != "" {
		p("  answers    %d from %s; %d contacts decided by them\n", s.answered, cli.BaseName(s.labels), s.decided)
	}
	for _, st := range statuses {
		p("  %-10s %5d  %5.1f%%\n", st, counts[st], 100*float64(counts[st])/float64(max(len(s.answers), 1)))
	}
	s.accuracy(p)
	if s.out != "" {
		decidedFor := "matched"
		if s.includeReview {
			decidedFor = "matched and review"
		}
		p("  output     %s: customer_id set for %s contacts; best_id and best_confidence hold the best candidate of every contact\n",
			s.out, decidedFor)
	}

	p("\nexamples:\n")
	shown := s.examples()
	var ids []string
	for _, a := range shown {
		for _, cand := range a.res.Candidates[:min(2, len(a.res.Candidates))] {
			ids = append(ids, cand.ID)
		}
	}
	byID := s.customers.Records(ids)
	for _, a := range shown {
		p("  %-9s %s  %s\n", a.res.Status, a.row.Record.ID, cli.Describe(a.row.Record))
		if a.res.Best == nil {
			p("            no candidate\n")
			continue
		}
		for _, cand := range a.res.Candidates[:min(2, len(a.res.Candidates))] {
			p("            -> %s  confidence %.4f  %s\n", cand.ID, cand.Confidence, cli.Describe(byID[cand.ID]))
		}
	}
	p("\ntime per phase:\n")
	if pr.Err == nil {
		pr.Err = s.phases.WriteTable(w, "  ")
	}
	return pr.Err
}

// examples returns the answers the summary shows: the first examplesPerStatus of each
// status, status by status.
func (s *summary) examples() []answer {
	var out []answer
	for _, st := range statuses {
		shown := 0
		for _, a := range s.answers {
			if a.res.Status == st && shown < examplesPerStatus {
				out = append(out, a)
				shown++
			}
		}
	}
	return out
}

// accuracy prints how the answers compare with the ground truth, when both files carry it.
func (s *summary) accuracy(p func(string, ...any)) {
	custEnt, src, ok := s.customers.Entities()
	if !ok {
		return
	}
	rows := make([]dataset.Row, len(s.answers))
	for i, a := range s.answers {
		rows[i] = a.row
	}
	contEnt, _, ok := cli.Entities(s.contacts, rows)
	if !ok {
		return
	}
	isCustomer := make(map[string]bool, len(custEnt))
	for _, e := range custEnt {
		isCustomer[e] = true
	}
	var matched, right, customers, found, strangers, strangersMatched int
	for _, a := range s.answers {
		e, ok := contEnt[a.row.Record.ID]
		if !ok {
			continue
		}
		ok = a.res.Status == match.Matched
		hit := ok && custEnt[a.res.Best.ID] == e
		if ok {
			matched++
		}
		if hit {
			right++
		}
		if isCustomer[e] {
			customers++
			if hit {
				found++
			}
		} else {
			strangers++
			if ok {
				strangersMatched++
			}
		}
	}
	p("  accuracy   against the %s: %d of %d matched are right (precision %.3f); %d of %d customers' contacts matched right (recall %.3f); %d of %d non-customers matched\n",
		src, right, matched, ratio(right, matched), found, customers, ratio(found, customers), strangersMatched, strangers)
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}
