package progress

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestQuietWhenNotATerminal(t *testing.T) {
	assert.True(t, Quiet(false, &bytes.Buffer{}), "a buffer is not a terminal")
	assert.True(t, Quiet(true, nil), "forced quiet")
	var b *Bar = New(10, "x", true)
	assert.Nil(t, b)
	b.Add(3) // a nil bar is a no-op
	b.Finish()
}

func TestBarCounts(t *testing.T) {
	b := New(10, "test", false)
	b.Add(4)
	assert.InDelta(t, 0.4, b.bar.State().CurrentPercent, 1e-9)
	b.Finish()
}
