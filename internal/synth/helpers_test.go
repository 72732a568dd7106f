package synth_test

import (
	"iter"

	"github.com/idmatch/idmatch/internal/synth"
)

// pull turns a sequence into a next function for benchmarks; past the end it returns the
// zero Record.
func pull(seq iter.Seq[synth.Record]) (func() synth.Record, func()) {
	next, stop := iter.Pull(seq)
	return func() synth.Record {
		r, _ := next()
		return r
	}, stop
}

// collect holds a whole sequence; for small configs in tests only.
func collect(seq iter.Seq[synth.Record]) []synth.Record {
	var out []synth.Record
	for r := range seq {
		out = append(out, r)
	}
	return out
}
