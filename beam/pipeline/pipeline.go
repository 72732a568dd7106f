// Package pipeline runs idmatch's deduplication and linking on Apache Beam, for bases that
// outgrow one machine. Every step calls the library (match.Prepared, match.Counts,
// ScorePrepared, TrainPatterns, ClusterPrepared), so the clusters are the library's.
//
// The dedup pipeline reads CSV or JSON Lines files, prepares the records, finds the blocking
// keys shared by two records or more and by no more than the library's block cap, groups
// each record under those keys, makes within each block the candidate pairs no smaller key
// of the two records makes (so each pair once, and no pair travels), scores them with the
// model and the base's counts (side inputs), keeps the links above the threshold, finds
// connected components by label propagation and clusters each component by the library's
// average-linkage rule.
//
// The transforms are safe to use from one goroutine building a pipeline; the DoFns hold a
// matcher each and never modify the elements they receive.
package pipeline

import (
	"fmt"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/textio"
)

// Config is a deduplication run. The zero value of each optional field takes the default.
type Config struct {
	// Spec is the input's field map and phone region.
	Spec Spec
	// Inputs are the files to read (any Beam filesystem: local paths, gs://, ...).
	Inputs []string
	// Threshold is the pairwise probability at which two records may join; default 0.5.
	Threshold float64
	// Train learns the model in the pipeline; otherwise Model is used.
	Train bool
	// Seed makes the random pairs of training reproducible.
	Seed uint64
	// Model is a matcher saved with match.(*Matcher).Save, used when Train is false; nil
	// means the untrained model of Spec.
	Model []byte
	// MaxRounds bounds the rounds of label propagation; default DefaultMaxRounds.
	MaxRounds int
}

// Result are the outputs of Dedup.
type Result struct {
	// Assignments holds one Assignment per good record.
	Assignments beam.PCollection
	// Bad holds one Bad per row left out.
	Bad beam.PCollection
	// Links holds the scored links.
	Links beam.PCollection
	// Model is the model used, saved (a singleton []byte).
	Model beam.PCollection
}

// Dedup adds the deduplication of cfg to the pipeline of s.
func Dedup(s beam.Scope, cfg Config) (Result, error) {
	if cfg.Threshold == 0 {
		cfg.Threshold = 0.5
	}
	if !(cfg.Threshold > 0 && cfg.Threshold < 1) {
		return Result{}, fmt.Errorf("pipeline: threshold %v must be in (0,1)", cfg.Threshold)
	}
	if _, err := cfg.Spec.New(); err != nil {
		return Result{}, err
	}
	recs, bad := Read(s, cfg.Spec, cfg.Inputs)
	counts := Counts(s, cfg.Spec, recs)
	blocks, _ := Candidates(s, cfg.Spec, recs, counts)
	var model beam.PCollection
	switch {
	case cfg.Train:
		model = Train(s, cfg.Spec, cfg.Seed, recs, blocks, counts)
	case cfg.Model != nil:
		model = beam.Create(s, cfg.Model)
	default:
		var err error
		if model, err = DefaultModel(s, cfg.Spec); err != nil {
			return Result{}, err
		}
	}
	links := Score(s, cfg.Spec, cfg.Threshold, blocks, model, counts)
	labels := Components(s, links, cfg.MaxRounds)
	out := Cluster(s, cfg.Spec, cfg.Threshold, recs, links, labels, model, counts)
	return Result{Assignments: out, Bad: bad, Links: links, Model: model}, nil
}

func assignmentLine(a Assignment) string { return a.String() }

func badLine(b Bad) string { return b.String() }

// WriteAssignments writes one "id,cluster_id" line per record to filename, in no order.
func WriteAssignments(s beam.Scope, filename string, as beam.PCollection) {
	s = s.Scope("WriteClusters")
	textio.Write(s, filename, beam.ParDo(s, assignmentLine, as))
}

// WriteBad writes one "file:line: reason" line per bad row to filename, in no order.
func WriteBad(s beam.Scope, filename string, bad beam.PCollection) {
	s = s.Scope("WriteBad")
	textio.Write(s, filename, beam.ParDo(s, badLine, bad))
}
