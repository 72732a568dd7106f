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
//	link [-crm FILE] [-contacts FILE] [-out FILE] [-fields MAP] [-region RU] [-train=true] [-explain ID] [-q]
//	     [-delimiter C] [-encoding NAME] [-sheet NAME] [-keep-columns] [-require-id]
//
// Flags:
//
//	-crm FILE       customers: CSV with a header, Excel .xlsx, or JSON Lines (default: testdata/crm.csv,
//	                found from the module root)
//	-contacts FILE  contacts to link, same formats; "-" reads stdin
//	                (default: testdata/contacts.csv)
//	-out FILE       write one CSV row per contact:
//	                contact_id,customer_id,confidence,status,candidates ("-" for stdout);
//	                customer_id is the best candidate, empty when there is none; confidence is
//	                in [0,1]; candidates is how many customers were scored
//	-fields MAP     column:role pairs for both files, e.g. cust_no:id,postcode:exact (roles:
//	                id, first_name, last_name, middle_name, full_name, phone, email, city,
//	                birth_date, source, or an extra field's kind: exact, text, name, date,
//	                number); a pair whose column one CSV file lacks applies to the other only
//	-region RU      phone region for numbers without a country code
//	-train=true     learn the model by EM from the contacts and their candidates first
//	-explain ID     print why contact ID got its answer, field by field
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
// Without -out, or with -out naming a file, a summary goes to stdout.
//
// A malformed row, or one the matcher rejects (no usable field, a duplicate id), is reported on
// stderr as "file:line: rejected: reason" and skipped; a value that cannot be normalized is
// reported as "file:line: warning: ..." and only that field is left out. Columns that map to
// no field, such as a ground-truth "entity" column, are never used for matching; when both
// files have one, the summary measures the answers against it.
//
// Exit status: 0 when every row was read, 1 when some rows were rejected (the output still
// holds every good contact), 2 on a usage error (bad flag, unreadable file, bad -fields, an
// -explain ID that is no contact) or a run that could not complete.
package main

import (
	"context"
	"encoding/csv"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"

	"github.com/idmatch/idmatch/examples/internal/cli"
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
	crm, contacts, out, fields, region, explain string
	train, quiet                                bool
	input                                       cli.InputFlags
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
	fs.StringVar(&c.out, "out", "", "write contact_id,customer_id,confidence,status,candidates to `FILE` (- for stdout)")
	fs.StringVar(&c.fields, "fields", "", "column:role `MAP` for both files, e.g. cust_no:id,postcode:exact")
	fs.StringVar(&c.region, "region", "RU", "default phone `REGION` (ISO 3166 code)")
	fs.BoolVar(&c.train, "train", true, "learn the model by EM from the contacts and their candidates first")
	fs.StringVar(&c.explain, "explain", "", "print why contact `ID` got its answer")
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

	quiet := progress.Quiet(c.quiet, stderr)
	rep := cli.NewReporter(stderr)
	load := cli.LoadOptions{Fields: fields, Input: c.input, Mapping: stderr, Lenient: true, Quiet: quiet}
	crm, err := cli.Load(c.crm, stdin, load, rep)
	if err != nil {
		return usage("%v", err)
	}
	contacts, err := cli.Load(c.contacts, stdin, load, rep)
	if err != nil {
		return usage("%v", err)
	}
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
	var out io.Writer
	closeOut := func() error { return nil }
	if c.out != "" {
		if out, closeOut, err = cli.Create(c.out, stdout); err != nil {
			return usage("-out: %v", err)
		}
	}

	ctx := context.Background()
	customers := cli.AddAll(m, crm, rep, quiet)
	recs := make([]match.Record, len(queries))
	for i, row := range queries {
		recs[i] = row.Record
	}
	var trained *match.TrainReport
	if c.train && m.Len() >= 2 {
		tr, err := m.Train(ctx, match.TrainOptions{Queries: recs})
		if err != nil {
			rep.Printf("link: training failed, using the default model: %v", err)
		} else {
			trained = &tr
		}
	}
	answers := matchAll(ctx, m, queries, recs, contacts.Name, rep, quiet)

	// Stdout carries the CSV when -out is "-"; everything else for people goes to stderr then.
	info := stdout
	if c.out == "-" {
		info = stderr
	}
	if out != nil {
		err := writeAnswers(out, answers)
		if cerr := closeOut(); err == nil {
			err = cerr
		}
		if err != nil {
			return usage("-out: %v", err)
		}
	}
	if c.out != "-" {
		s := summary{crm: crm, contacts: contacts, customers: customers, answers: answers, trained: trained, rep: rep}
		if err := s.write(info); err != nil {
			return usage("writing the summary: %v", err)
		}
	}
	if c.explain != "" {
		if err := explain(ctx, info, m, answers, c.explain, customers); err != nil {
			return usage("-explain: %v", err)
		}
	}
	if rep.Rejected > 0 {
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
// normalization problems are reported as warnings.
func matchAll(ctx context.Context, m *match.Matcher, rows []dataset.Row, recs []match.Record, name string, rep *cli.Reporter, quiet bool) []answer {
	bar := progress.New(int64(len(recs)), "matching", quiet)
	answers := make([]answer, 0, len(recs))
	for lo := 0; lo < len(recs); lo += batchSize {
		hi := min(lo+batchSize, len(recs))
		for i, res := range m.MatchBatch(ctx, recs[lo:hi]) {
			row := rows[lo+i]
			// Problems come first: for a rejected contact they often say why it had no
			// usable field.
			rep.Warn(name, row.Line, res.Problems)
			if res.Err != nil {
				rep.Reject(name, row.Line, res.Err.Error())
				continue
			}
			answers = append(answers, answer{row: row, res: res})
		}
		bar.Add(hi - lo)
	}
	bar.Finish()
	return answers
}

// writeAnswers writes the CSV: one row per answered contact, in input order.
func writeAnswers(w io.Writer, answers []answer) error {
	cw := csv.NewWriter(w)
	if err := cw.Write([]string{"contact_id", "customer_id", "confidence", "status", "candidates"}); err != nil {
		return err
	}
	for _, a := range answers {
		best := ""
		if a.res.Best != nil {
			best = a.res.Best.ID
		}
		rec := []string{
			a.row.Record.ID,
			best,
			strconv.FormatFloat(clamp01(a.res.Confidence), 'f', 4, 64),
			a.res.Status.String(),
			strconv.Itoa(a.res.Considered),
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// clamp01 guards the documented [0,1] range of the confidence column against rounding
// slightly outside it (and NaN, written as 0).
func clamp01(x float64) float64 {
	if !(x > 0) {
		return 0
	}
	return min(x, 1)
}

// explain prints why the contact id got its answer: the explanation of its best candidate,
// or a line saying there was none.
func explain(ctx context.Context, w io.Writer, m *match.Matcher, answers []answer, id string, customers []dataset.Row) error {
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

func describeID(rows []dataset.Row, id string) string {
	if i := slices.IndexFunc(rows, func(r dataset.Row) bool { return r.Record.ID == id }); i >= 0 {
		return cli.Describe(rows[i].Record)
	}
	return "(unknown)"
}

// summary is what link prints when the answers do not go to stdout.
type summary struct {
	crm, contacts *cli.Input
	customers     []dataset.Row
	answers       []answer
	trained       *match.TrainReport
	rep           *cli.Reporter
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
	p("  customers  %d kept of %d rows read\n", len(s.customers), len(s.crm.Rows))
	p("  contacts   %d answered of %d rows read; %d rows rejected and %d warnings in all\n",
		len(s.answers), len(s.contacts.Rows), s.rep.Rejected, s.rep.Warnings)
	p("  model      %s\n", cli.TrainSummary(s.trained))
	for _, st := range statuses {
		p("  %-10s %5d  %5.1f%%\n", st, counts[st], 100*float64(counts[st])/float64(max(len(s.answers), 1)))
	}
	s.accuracy(p)

	p("\nexamples:\n")
	byID := make(map[string]match.Record, len(s.customers))
	for _, row := range s.customers {
		byID[row.Record.ID] = row.Record
	}
	for _, st := range statuses {
		shown := 0
		for _, a := range s.answers {
			if a.res.Status != st || shown == examplesPerStatus {
				continue
			}
			shown++
			p("  %-9s %s  %s\n", st, a.row.Record.ID, cli.Describe(a.row.Record))
			if a.res.Best == nil {
				p("            no candidate\n")
				continue
			}
			for _, cand := range a.res.Candidates[:min(2, len(a.res.Candidates))] {
				p("            -> %s  confidence %.4f  %s\n", cand.ID, cand.Confidence, cli.Describe(byID[cand.ID]))
			}
		}
	}
	return pr.Err
}

// accuracy prints how the answers compare with the ground truth, when both files carry it.
func (s *summary) accuracy(p func(string, ...any)) {
	custEnt, src, ok := cli.Entities(s.crm, s.customers)
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
