// Resolve adds the rows of a file to a durable entity store and writes the entity of every
// stored record.
//
// Usage:
//
//	resolve -store DIR -in FILE [-out FILE] [-fields MAP] [-region RU] [-batch 5000] [-train] [-q]
//
// Flags:
//
//	-store DIR    the entity store (created on first use); one process at a time
//	-in FILE      CSV with a header, or JSON Lines; "-" reads stdin
//	-out FILE     write record_id,entity_id for every stored record, sorted by record ID
//	              (default "-": stdout)
//	-fields MAP   column:role pairs for columns not named like a field, as for
//	              examples/dedup; a store keeps the fields it was made with, so give the
//	              same -fields and -region on every run
//	-region RU    phone region for numbers without a country code
//	-batch 5000   rows per transaction
//	-train        train the matcher on the stored records after adding the rows, and
//	              cluster the whole store again with it
//	-q            no progress bars
//
// A row whose ID is already stored replaces that record; a row equal to the stored record
// changes nothing, so running the same file twice gives no events the second time, and a
// run that was stopped (even by kill -9) and started again completes the work: every batch
// that finished is on disk, and the rest is added by the new run. The events the run caused
// are counted by kind on stderr:
//
//	resolve: 1000 rows: created 812, joined 175, merged 4, split 0, removed 0; store: 1000 records, 820 entities
//
// Exit status: 0 when every row was stored, 1 when some rows were rejected (reported on
// stderr as "file:line: rejected: reason"), 2 on a usage error or a store that cannot be
// opened (held by another process, damaged, made with other fields).
//
// Example, with the bundled test customers:
//
//	go run ./examples/resolve -store /tmp/crm -in testdata/customers.csv -out entities.csv
package main

import (
	"context"
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"

	"github.com/idmatch/idmatch/entity"
	"github.com/idmatch/idmatch/examples/internal/cli"
	"github.com/idmatch/idmatch/internal/dataset"
	"github.com/idmatch/idmatch/internal/progress"
	"github.com/idmatch/idmatch/match"
)

func main() { os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) }

type config struct {
	store, in, out, fields, region string
	batch                          int
	train, quiet                   bool
}

// run is the whole program, with its arguments and streams passed in so that tests can call
// it. It returns the exit status.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("resolve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var c config
	fs.StringVar(&c.store, "store", "", "entity store `DIR`, created on first use")
	fs.StringVar(&c.in, "in", "", "input `FILE`: CSV with a header, or JSON Lines; - for stdin")
	fs.StringVar(&c.out, "out", "-", "write record_id,entity_id to `FILE` (- for stdout)")
	fs.StringVar(&c.fields, "fields", "", "column:role `MAP`, e.g. rec_id:id,postcode:exact")
	fs.StringVar(&c.region, "region", "RU", "default phone `REGION` (ISO 3166 code)")
	fs.IntVar(&c.batch, "batch", 5000, "rows per transaction")
	fs.BoolVar(&c.train, "train", false, "train the matcher on the store after adding, and cluster it again")
	fs.BoolVar(&c.quiet, "q", false, "no progress bars")
	if code, done := cli.ParseFlags(fs, args, "Adds the rows of a file to a durable entity store and writes each record's entity."); done {
		return code
	}
	usage := cli.UsageError(stderr, "resolve")
	if c.store == "" || c.in == "" {
		return usage("-store and -in are required")
	}
	if c.batch <= 0 {
		return usage("-batch %d: want a positive number of rows", c.batch)
	}
	fields, err := dataset.ParseFieldMap(c.fields)
	if err != nil {
		return usage("-fields: %v", err)
	}
	quiet := progress.Quiet(c.quiet, stderr)
	rep := cli.NewReporter(stderr)
	in, err := cli.Load(c.in, stdin, cli.LoadOptions{Fields: fields, Quiet: quiet}, rep)
	if err != nil {
		return usage("%v", err)
	}
	r, err := entity.Open(c.store, entity.Options{Matcher: matcherOptions(fields, c.region)})
	if err != nil {
		return usage("%v", err)
	}
	code, err := resolve(r, in, c, rep, stdout, stderr, quiet)
	if cerr := r.Close(); err == nil && cerr != nil {
		err = cerr
	}
	if err != nil {
		fmt.Fprintf(stderr, "resolve: %v\n", err)
		return cli.ExitUsage
	}
	return code
}

// matcherOptions are the store's matcher options for the -fields and -region flags: every
// column mapped to a kind becomes an extra field, in name order (as cli.NewMatcher does).
func matcherOptions(fields dataset.FieldMap, region string) []match.Option {
	extras := fields.Extras()
	names := make([]string, 0, len(extras))
	for name := range extras {
		names = append(names, name)
	}
	slices.Sort(names)
	opts := []match.Option{match.WithRegion(region)}
	for _, name := range names {
		opts = append(opts, match.WithField(name, extras[name]))
	}
	return opts
}

func resolve(r *entity.Resolver, in *cli.Input, c config, rep *cli.Reporter, stdout, stderr io.Writer, quiet bool) (int, error) {
	ctx := context.Background()
	code := cli.ExitOK
	counts := map[entity.Kind]int{}
	bar := progress.New(int64(len(in.Rows)), "resolving", quiet)
	for lo := 0; lo < len(in.Rows); lo += c.batch {
		rows := in.Rows[lo:min(lo+c.batch, len(in.Rows))]
		chs := make([]entity.Change, len(rows))
		for i, row := range rows {
			chs[i] = entity.Change{Op: entity.OpUpsert, Record: row.Record}
		}
		res, err := r.Apply(ctx, chs)
		if err != nil {
			bar.Finish()
			return cli.ExitUsage, err
		}
		for i, o := range res.Outcomes {
			rep.Warn(in.Name, rows[i].Line, o.Problems)
			if o.Err != nil {
				rep.Reject(in.Name, rows[i].Line, o.Err.Error())
				code = cli.ExitRejected
			}
		}
		for _, e := range res.Events {
			counts[e.Kind]++
		}
		bar.Add(len(rows))
	}
	bar.Finish()
	if c.train {
		if _, res, err := r.Train(ctx, match.TrainOptions{}); err != nil {
			if errors.Is(err, entity.ErrFailed) {
				return cli.ExitUsage, err
			}
			rep.Printf("resolve: training failed, the store keeps its model: %v", err)
		} else {
			for _, e := range res.Events {
				counts[e.Kind]++
			}
		}
	}
	if err := writeEntities(r, c.out, stdout); err != nil {
		return cli.ExitUsage, err
	}
	recs, ents := r.Len()
	fmt.Fprintf(stderr, "resolve: %d rows: created %d, joined %d, merged %d, split %d, removed %d; store: %d records, %d entities\n",
		len(in.Rows), counts[entity.Created], counts[entity.Joined], counts[entity.Merged], counts[entity.Split], counts[entity.Removed], recs, ents)
	return code, nil
}

// writeEntities writes record_id,entity_id for every stored record, sorted by record ID.
func writeEntities(r *entity.Resolver, path string, stdout io.Writer) error {
	type row struct{ rec, ent string }
	var rows []row
	for e, recs := range r.Partition() {
		for _, id := range recs {
			rows = append(rows, row{id, e})
		}
	}
	slices.SortFunc(rows, func(a, b row) int {
		if a.rec < b.rec {
			return -1
		}
		if a.rec > b.rec {
			return 1
		}
		return 0
	})
	w, closeOut, err := cli.Create(path, stdout)
	if err != nil {
		return fmt.Errorf("-out: %w", err)
	}
	cw := csv.NewWriter(w)
	cw.Write([]string{"record_id", "entity_id"})
	for _, r := range rows {
		cw.Write([]string{r.rec, r.ent})
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		closeOut()
		return err
	}
	return closeOut()
}
