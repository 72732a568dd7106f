package pipeline_test

import (
	"fmt"
	"path/filepath"
	"testing"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/textio"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/testing/ptest"
	"github.com/idmatch/idmatch/beam/pipeline"
)

func formatLabel(node, label int64) string { return fmt.Sprintf("%d %d", node, label) }

func init() { register.Function2x1(formatLabel) }

// chain links 1–2–…–n, a component of diameter n-1.
func chain(n int64) []pipeline.Link {
	var ls []pipeline.Link
	for i := int64(1); i < n; i++ {
		ls = append(ls, pipeline.Link{A: i, B: i + 1})
	}
	return ls
}

func TestComponentsSettleWithinTheRounds(t *testing.T) {
	p, s := beam.NewPipelineWithRoot()
	labels := pipeline.Components(s, beam.CreateList(s, chain(6)), 5)
	out := filepath.Join(t.TempDir(), "labels.txt")
	textio.Write(s, out, beam.ParDo(s, formatLabel, labels))
	if err := ptest.Run(p); err != nil {
		t.Fatal(err)
	}
	got := lines(t, out)
	if len(got) != 6 {
		t.Fatalf("got %d labels, want 6: %q", len(got), got)
	}
	for _, l := range got {
		var node, label int64
		fmt.Sscan(l, &node, &label)
		if label != 1 {
			t.Errorf("node %d has label %d, want 1", node, label)
		}
	}
}

func TestComponentsFailWhenTheRoundsDoNotSuffice(t *testing.T) {
	p, s := beam.NewPipelineWithRoot()
	pipeline.Components(s, beam.CreateList(s, chain(6)), 2)
	if err := ptest.Run(p); err == nil {
		t.Fatal("a component of diameter 5 settled in 2 rounds")
	}
}
