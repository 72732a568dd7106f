package pipeline

import (
	"fmt"
	"slices"

	"github.com/idmatch/idmatch/internal/dataset"
	"github.com/idmatch/idmatch/match"
)

// Row is one row read from an input file, in the order of the file: Seq orders the rows of
// all inputs as the library would add them (file by file, line by line).
type Row struct {
	Seq  int64
	File string
	Line int
	Rec  match.Record
}

// Bad is a row left out, with its file, line and the reason.
type Bad struct {
	File   string
	Line   int
	Reason string
}

// String formats b as "file:line: reason".
func (b Bad) String() string { return fmt.Sprintf("%s:%d: %s", b.File, b.Line, b.Reason) }

// Rec is a prepared record with the place it came from.
type Rec struct {
	Seq  int64
	File string
	Line int
	P    match.Prepared
}

// Member is a record in a block: its Seq, its prepared values and which of its blocking keys
// (distinct, sorted) are blocks that make pairs, bit i of Blocks for the i-th key. From them
// the block that makes a pair is known.
type Member struct {
	Seq    int64
	P      match.Prepared
	Blocks []byte
}

// PairRecs is a contact and a base record of the link pipeline.
type PairRecs struct {
	A, B Rec
}

// Link is a scored pair at or above the threshold, by the records' Seq.
type Link struct {
	A, B        int64
	IDA, IDB    string
	Weight      float64
	Probability float64
}

// Assignment puts the record ID in the cluster named by the ID of its first record.
type Assignment struct {
	ID, Cluster string
}

// String formats a as a CSV line "id,cluster_id".
func (a Assignment) String() string { return csvField(a.ID) + "," + csvField(a.Cluster) }

func csvField(s string) string {
	for _, c := range s {
		if c == ',' || c == '"' || c == '\n' || c == '\r' {
			q := []byte{'"'}
			for i := 0; i < len(s); i++ {
				if s[i] == '"' {
					q = append(q, '"')
				}
				q = append(q, s[i])
			}
			return string(append(q, '"'))
		}
	}
	return s
}

// Spec is the schema every worker builds its Matcher from: the field map of the input
// (the examples' -fields syntax) and the default phone region.
type Spec struct {
	Fields string
	Region string
}

// options are the matcher options of the spec, as the example programs build them.
func (s Spec) options() ([]match.Option, dataset.FieldMap, error) {
	fm, err := dataset.ParseFieldMap(s.Fields)
	if err != nil {
		return nil, fm, err
	}
	region := s.Region
	if region == "" {
		region = "RU"
	}
	extras := fm.Extras()
	names := make([]string, 0, len(extras))
	for name := range extras {
		names = append(names, name)
	}
	slices.Sort(names)
	opts := []match.Option{match.WithRegion(region), match.WithWorkers(1)}
	for _, name := range names {
		opts = append(opts, match.WithField(name, extras[name]))
	}
	return opts, fm, nil
}

// New returns an untrained Matcher of the spec.
func (s Spec) New() (*match.Matcher, error) {
	opts, _, err := s.options()
	if err != nil {
		return nil, err
	}
	return match.New(opts...)
}

// load reads a matcher saved with Save under the spec's options.
func (s Spec) load(model []byte) (*match.Matcher, error) {
	opts, _, err := s.options()
	if err != nil {
		return nil, err
	}
	return match.Load(bytesReader(model), opts...)
}
