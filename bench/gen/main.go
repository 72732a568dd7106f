// Command gen writes synthetic CRM and channel-contact data with ground truth as CSV.
//
// Usage:
//
//	go run ./bench/gen -kind crm|contacts|twocrm -n N -seed S -o FILE [rates]
//
// -n is the number of customers for every kind: contacts are drawn from the CRM of that size
// (round(N × -contacts-per-customer) of them), so a CRM and its contacts come from two runs
// with equal flags except -kind. twocrm writes two files, FILE_marketing.csv and
// FILE_support.csv (a trailing .csv on FILE is dropped first). -o - (the default) writes to
// standard output, except for twocrm. Records are streamed: memory stays flat at any size.
//
// The columns are those of synth.Header; entity is the true person and crowd marks namesake
// crowds.
package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"iter"
	"os"
	"strings"

	"github.com/idmatch/idmatch/internal/synth"
)

// errUsage is wrapped by every error about the command line.
var errUsage = errors.New("gen: usage")

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, err)
		}
		os.Exit(2)
	}
}

// run parses args and writes the requested data; stdout receives "-o -" output and stderr the
// flag package's messages.
func run(args []string, stdout, stderr io.Writer) error {
	d := synth.DefaultConfig()
	fs := flag.NewFlagSet("gen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	kind := fs.String("kind", "crm", "what to write: crm, contacts or twocrm")
	out := fs.String("o", "-", "output file (- for standard output); a prefix for twocrm")
	cfg := d
	fs.IntVar(&cfg.Customers, "n", d.Customers, "number of customers in the CRM")
	fs.Int64Var(&cfg.Seed, "seed", d.Seed, "random seed; equal flags give equal bytes")
	fs.Float64Var(&cfg.CrowdShare, "crowd-share", d.CrowdShare, "share of customers in namesake crowds")
	fs.IntVar(&cfg.CrowdSize, "crowd-size", d.CrowdSize, "typical namesake crowd size")
	fs.Float64Var(&cfg.DuplicateShare, "dup-share", d.DuplicateShare, "share of customers entered twice")
	fs.Float64Var(&cfg.ContactsPerCustomer, "contacts-per-customer", d.ContactsPerCustomer, "contacts per customer (kind contacts)")
	fs.Float64Var(&cfg.NonCustomerShare, "non-customer-share", d.NonCustomerShare, "share of contacts from non-customers")
	fs.Float64Var(&cfg.TypoRate, "typo-rate", d.TypoRate, "chance of a typing error per name field")
	fs.Float64Var(&cfg.MissingRate, "missing-rate", d.MissingRate, "chance an optional field is empty")
	fs.Float64Var(&cfg.SwapRate, "swap-rate", d.SwapRate, "chance given name and surname trade places")
	fs.Float64Var(&cfg.EnglishShare, "english-share", d.EnglishShare, "share of English-speaking persons")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: unexpected arguments %q", errUsage, fs.Args())
	}
	if err := cfg.Validate(); err != nil {
		return err
	}
	switch *kind {
	case "crm":
		return write(*out, stdout, synth.CRM(cfg))
	case "contacts":
		return write(*out, stdout, synth.Contacts(cfg))
	case "twocrm":
		if *out == "-" || *out == "" {
			return fmt.Errorf("%w: twocrm writes two files and needs -o prefix", errUsage)
		}
		prefix := strings.TrimSuffix(*out, ".csv")
		marketing, support := synth.TwoCRM(cfg)
		if err := write(prefix+"_marketing.csv", stdout, marketing); err != nil {
			return err
		}
		return write(prefix+"_support.csv", stdout, support)
	}
	return fmt.Errorf("%w: -kind %q, want crm, contacts or twocrm", errUsage, *kind)
}

// write streams recs as CSV to the file at path, or to stdout when path is "-".
func write(path string, stdout io.Writer, recs iter.Seq[synth.Record]) (err error) {
	var w io.Writer = stdout
	if path != "-" {
		f, err := os.Create(path)
		if err != nil {
			return fmt.Errorf("gen: %w", err)
		}
		defer func() {
			if cerr := f.Close(); err == nil && cerr != nil {
				err = fmt.Errorf("gen: %w", cerr)
			}
		}()
		w = f
	}
	bw := bufio.NewWriterSize(w, 1<<20)
	if err := synth.WriteCSV(bw, recs); err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("gen: %w", err)
	}
	return nil
}
