package pipeline

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"sort"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/local" // local paths
	"github.com/idmatch/idmatch/internal/dataset"
	"github.com/idmatch/idmatch/match"
)

func bytesReader(b []byte) io.Reader { return bytes.NewReader(b) }

// maxLines bounds the lines of one input file in Seq (file number × maxLines + line).
const maxLines = 1 << 40

type fileRef struct {
	N    int64
	Path string
}

// readFn reads one CSV or JSON Lines file with the examples' reader: good rows to the first
// output, malformed rows (with their line numbers) to the second.
type readFn struct {
	Spec Spec
}

func (f *readFn) ProcessElement(ctx context.Context, ref fileRef, rows func(Row), bad func(Bad)) error {
	_, fm, err := f.Spec.options()
	if err != nil {
		return err
	}
	fs, err := filesystem.New(ctx, ref.Path)
	if err != nil {
		return fmt.Errorf("%s: %w", ref.Path, err)
	}
	defer fs.Close()
	rc, err := fs.OpenRead(ctx, ref.Path)
	if err != nil {
		return fmt.Errorf("%s: %w", ref.Path, err)
	}
	defer rc.Close()
	rd, err := dataset.NewReader(rc, fm, dataset.Options{})
	if err != nil {
		return fmt.Errorf("%s: %w", ref.Path, err)
	}
	for row, err := range rd.All() {
		var re *dataset.RowError
		switch {
		case errors.As(err, &re):
			bad(Bad{File: ref.Path, Line: re.Line, Reason: re.Reason})
			continue
		case err != nil:
			return fmt.Errorf("%s: %w", ref.Path, err)
		}
		rows(Row{Seq: ref.N*maxLines + int64(row.Line), File: ref.Path, Line: row.Line, Rec: row.Record})
	}
	return nil
}

// prepareFn prepares rows under the spec's schema, keyed by ID; a row the matcher rejects
// goes to the second output with the reason.
type prepareFn struct {
	Spec Spec
	m    *match.Matcher
}

func (f *prepareFn) Setup() error {
	var err error
	f.m, err = f.Spec.New()
	return err
}

func (f *prepareFn) ProcessElement(r Row, out func(string, Rec), bad func(Bad)) {
	p, _, err := f.m.Prepare(r.Rec)
	if err != nil {
		bad(Bad{File: r.File, Line: r.Line, Reason: "rejected: " + err.Error()})
		return
	}
	out(p.ID, Rec{Seq: r.Seq, File: r.File, Line: r.Line, P: p})
}

// firstByIDFn keeps the first row of an ID, as the library's Add does, and reports the
// others.
func firstByIDFn(id string, recs func(*Rec) bool, out func(Rec), bad func(Bad)) {
	var all []Rec
	var r Rec
	for recs(&r) {
		all = append(all, r)
	}
	sort.Slice(all, func(i, j int) bool { return all[i].Seq < all[j].Seq })
	out(all[0])
	for _, d := range all[1:] {
		bad(Bad{File: d.File, Line: d.Line, Reason: fmt.Sprintf("rejected: %v: %q", match.ErrDuplicateID, id)})
	}
}

// Read reads the input files (CSV or JSON Lines, each read whole by one worker) and
// prepares their records: the records, one per ID, and the bad rows.
func Read(s beam.Scope, spec Spec, files []string) (recs, bad beam.PCollection) {
	s = s.Scope("Read")
	refs := make([]fileRef, len(files))
	for i, f := range files {
		refs[i] = fileRef{N: int64(i), Path: f}
	}
	rows, bad1 := beam.ParDo2(s, &readFn{Spec: spec}, beam.CreateList(s, refs))
	keyed, bad2 := beam.ParDo2(s, &prepareFn{Spec: spec}, rows)
	recs, bad3 := beam.ParDo2(s, firstByIDFn, beam.GroupByKey(s, keyed))
	return recs, beam.Flatten(s, bad1, bad2, bad3)
}
