// Command review serves a page in the browser on which a person decides the cases the model
// is unsure of, one at a time, and writes each answer to a labels file that Train learns
// from (match.TrainOptions.Labels and QueryLabels).
//
//	go run ./examples/review -in customers.csv -labels labels.jsonl
//	go run ./examples/review -crm crm.csv -contacts contacts.csv -labels labels.jsonl
//
// With -in the records of one file are deduplicated and each case is a pair of them; with
// -crm and -contacts each case is a contact beside a customer it may be. The model is
// trained on the input, with the labels already in the file, before the first case is
// shown. Cases come in the order of review.Order: the most uncertain first, comparison
// patterns taking turns.
//
// The page shows both records field by field, the evidence of each field in bits as a
// waterfall chart, the model's probability and the link status. Answer with the buttons or
// the keys s (same person), d (different people) and k (skip); u undoes the latest answer.
// The labels file is JSON Lines, one object per answer:
//
//	{"a":"c17","b":"c342","answer":"same","time":"2026-12-01T22:30:00Z"}
//
// with answer one of same, different, skip and undo. Answers are appended and synced, never
// rewritten; an undo is a line of its own. A case already decided is refused (409) until it
// is undone.
//
// The answers then go where the decisions are made: examples/dedup -labels FILE and
// examples/link -labels FILE, run on the same files, learn from them and keep them in their
// output (match.DedupOptions.Labels, Matcher.Decide).
//
// The page shows personal data. The server listens on 127.0.0.1 unless -addr says
// otherwise, and on any other address it needs -token: every request must then carry it,
// as ?token= on the first visit (a cookie keeps it) or an X-Review-Token header, and gets
// 403 without it.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"

	"github.com/idmatch/idmatch/examples/internal/cli"
	"github.com/idmatch/idmatch/internal/dataset"
	"github.com/idmatch/idmatch/internal/progress"
)

// defaultInput is the bundled file reviewed when no input flag is given.
const defaultInput = "testdata/customers.csv"

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

// config holds the parsed flags.
type config struct {
	in, crm, contacts, labels string
	addr, token               string
	fields, region            string
	quiet                     bool
}

// run parses the flags, builds the server and serves until interrupted. It returns the exit
// status.
func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("review", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var c config
	fs.StringVar(&c.in, "in", "", "deduplicate this `FILE` (CSV or JSON Lines); default "+defaultInput+" when -crm is not given")
	fs.StringVar(&c.crm, "crm", "", "customers `FILE` to link contacts to (with -contacts)")
	fs.StringVar(&c.contacts, "contacts", "", "contacts `FILE` to link to -crm")
	fs.StringVar(&c.labels, "labels", "labels.jsonl", "labels `FILE` (JSON Lines), appended to and read back at start")
	fs.StringVar(&c.addr, "addr", "127.0.0.1:8080", "listen `ADDRESS`; any address but loopback needs -token")
	fs.StringVar(&c.token, "token", "", "secret every request must carry (?token= or X-Review-Token); needed off loopback")
	fs.StringVar(&c.fields, "fields", "", "column:role `MAP`, e.g. rec_id:id,postcode:exact")
	fs.StringVar(&c.region, "region", "RU", "default phone `REGION` (ISO 3166 code)")
	fs.BoolVar(&c.quiet, "q", false, "no progress bars")
	if code, done := cli.ParseFlags(fs, args, "Serves a page for deciding uncertain matches; answers go to a labels file."); done {
		return code
	}
	usage := cli.UsageError(stderr, "review")
	if (c.crm == "") != (c.contacts == "") || (c.crm != "" && c.in != "") {
		return usage("give -in FILE to deduplicate, or -crm FILE and -contacts FILE to link")
	}
	if err := checkAddr(c.addr, c.token); err != nil {
		return usage("%v", err)
	}
	fields, err := dataset.ParseFieldMap(c.fields)
	if err != nil {
		return usage("-fields: %v", err)
	}
	if c.in == "" && c.crm == "" {
		if c.in, err = cli.FindFile(defaultInput); err != nil {
			return usage("%v", err)
		}
	}
	s, err := newServer(context.Background(), c, fields, progress.Quiet(c.quiet, stderr), stderr)
	if err != nil {
		return usage("%v", err)
	}
	defer s.close()
	ln, err := net.Listen("tcp", c.addr)
	if err != nil {
		return usage("%v", err)
	}
	fmt.Fprintf(stdout, "review: %d cases, %d decided; open http://%s/\n", len(s.queue), len(s.log.Decided()), ln.Addr())
	srv := &http.Server{Handler: s}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	go func() {
		<-ctx.Done()
		_ = srv.Shutdown(context.Background())
	}()
	if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		fmt.Fprintln(stderr, "review:", err)
		return cli.ExitUsage
	}
	return cli.ExitOK
}

// checkAddr refuses an address other than loopback without a token.
func checkAddr(addr, token string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("-addr %q: %v", addr, err)
	}
	if token == "" && !isLoopback(host) {
		return fmt.Errorf("-addr %s is not loopback: the page shows personal data, give -token SECRET", addr)
	}
	return nil
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
