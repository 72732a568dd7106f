package progress

import (
	"bytes"
	"io"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestQuiet(t *testing.T) {
	regular, err := os.Create(t.TempDir() + "/stderr.txt")
	require.NoError(t, err)
	defer regular.Close()
	for _, tc := range []struct {
		name   string
		force  bool
		w      io.Writer
		want   bool
		reason string
	}{
		{"buffer", false, &bytes.Buffer{}, true, "a buffer is not a terminal"},
		{"file", false, regular, true, "stderr redirected to a file is not a terminal"},
		{"nil", false, nil, true, "no writer at all"},
		{"forced", true, nil, true, "-q hides bars whatever stderr is"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, Quiet(tc.force, tc.w), tc.reason)
		})
	}
}

func TestQuietBarsAreNil(t *testing.T) {
	for _, b := range []*Bar{New(10, "x", true), Spinner("x", true)} {
		assert.Nil(t, b)
		b.Add(3) // a nil bar is a no-op
		b.Finish()
	}
}

func TestBarCounts(t *testing.T) {
	var w bytes.Buffer
	b := newBar(&w, 10, "test")
	b.Add(4)
	assert.InDelta(t, 0.4, b.bar.State().CurrentPercent, 1e-9)
	b.Finish()
	assert.Contains(t, w.String(), "test", "the bar shows its description")
}

func TestSpinnerTurnsWithoutAdd(t *testing.T) {
	var w syncBuffer
	s := newSpinner(&w, "training")
	time.Sleep(350 * time.Millisecond)
	s.Finish()
	out := w.String()
	assert.Contains(t, out, "training")
	assert.GreaterOrEqual(t, strings.Count(out, "\r"), 3, "redrawn on its own, with no Add: %q", out)
}

func TestPhases(t *testing.T) {
	var p Phases
	p.Add("reading", 1500*time.Millisecond)
	p.Add("training", 500*time.Millisecond)
	stop := p.Start("writing")
	stop()
	require.Len(t, p.List(), 3)
	assert.Equal(t, "writing", p.List()[2].Name)
	var w bytes.Buffer
	require.NoError(t, p.WriteTable(&w, "  "))
	lines := strings.Split(strings.TrimSuffix(w.String(), "\n"), "\n")
	require.Len(t, lines, 4)
	assert.Equal(t, "  reading      1.500 s   75.0%", lines[0])
	assert.True(t, strings.HasPrefix(lines[3], "  total        2.0"), lines[3])
}

// syncBuffer is a bytes.Buffer for the spinner's own goroutine and the test to share.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
