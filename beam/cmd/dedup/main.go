// Dedup finds the records of CSV or JSON Lines files that belong to the same person, on
// Apache Beam: Prism (the Go SDK's local runner, in this process) by default, or Flink, Spark
// or Dataflow with -runner and the usual Beam flags.
//
// Usage:
//
//	dedup -in FILE[,FILE...] [-fields MAP] [-out FILE] [-bad FILE] [-threshold 0.5]
//	      [-train=true] [-model FILE] [-phone-region RU] [-max-rounds 16] [-runner prism]
//
// The output holds one line "id,cluster_id" per good record, in no order; a cluster is
// named by the ID of its first record. Rows left out (malformed, no usable field, a
// duplicate ID) are written to -bad as "file:line: reason", and the exit status is then 1.
//
// Febrl example:
//
//	go run ./cmd/dedup -in ../../shared/data/febrl/dataset3.csv -out clusters.csv \
//	    -fields rec_id:id,given_name:first_name,surname:last_name,date_of_birth:birth_date,suburb:city,postcode:exact,address_1:text,soc_sec_id:exact
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/x/beamx"
	"github.com/idmatch/idmatch/beam/pipeline"
)

func main() {
	in := flag.String("in", "", "input `FILES`, comma-separated: CSV with a header, or JSON Lines")
	fields := flag.String("fields", "", "column:role `MAP`, e.g. rec_id:id,postcode:exact")
	region := flag.String("phone-region", "RU", "default phone `REGION` for numbers without a country code")
	out := flag.String("out", "clusters.csv", "write id,cluster_id lines to `FILE`")
	bad := flag.String("bad", "", "write the rows left out to `FILE` (default: -out with .bad appended)")
	threshold := flag.Float64("threshold", 0.5, "pairwise match `probability` that links two records")
	train := flag.Bool("train", true, "learn the model from the input in the pipeline")
	modelFile := flag.String("model", "", "use the model of a saved matcher `FILE` (with -train=false)")
	seed := flag.Uint64("seed", 0, "`seed` of the random pairs of training")
	rounds := flag.Int("max-rounds", pipeline.DefaultMaxRounds, "bound on label-propagation `rounds`")
	flag.Parse()
	beam.Init()
	if *in == "" {
		fmt.Fprintln(os.Stderr, "dedup: -in is required")
		os.Exit(2)
	}
	cfg := pipeline.Config{Spec: pipeline.Spec{Fields: *fields, Region: *region}, Inputs: strings.Split(*in, ","),
		Threshold: *threshold, Train: *train, Seed: *seed, MaxRounds: *rounds}
	if *modelFile != "" {
		b, err := os.ReadFile(*modelFile)
		if err != nil {
			fmt.Fprintln(os.Stderr, "dedup:", err)
			os.Exit(2)
		}
		cfg.Model, cfg.Train = b, false
	}
	if *bad == "" {
		*bad = *out + ".bad"
	}
	p, s := beam.NewPipelineWithRoot()
	res, err := pipeline.Dedup(s, cfg)
	if err != nil {
		fmt.Fprintln(os.Stderr, "dedup:", err)
		os.Exit(2)
	}
	pipeline.WriteAssignments(s, *out, res.Assignments)
	pipeline.WriteBad(s, *bad, res.Bad)
	if err := beamx.Run(context.Background(), p); err != nil {
		fmt.Fprintln(os.Stderr, "dedup:", err)
		os.Exit(2)
	}
	if st, err := os.Stat(*bad); err == nil && st.Size() > 0 {
		fmt.Fprintf(os.Stderr, "dedup: some rows were left out; see %s\n", *bad)
		os.Exit(1)
	}
}
