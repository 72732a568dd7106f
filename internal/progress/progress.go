// Package progress draws progress bars on stderr for the command-line programs, and stays
// silent when stderr is not a terminal or the user asked for quiet.
package progress

import (
	"io"
	"os"

	"github.com/schollz/progressbar/v3"
)

// Bar is a progress bar, or a no-op when quiet. A nil *Bar is a valid no-op bar.
// It is safe for concurrent use.
type Bar struct {
	bar *progressbar.ProgressBar
}

// Quiet reports whether bars should be hidden: when forced, or when w is not a terminal.
func Quiet(force bool, w io.Writer) bool {
	if force {
		return true
	}
	f, ok := w.(*os.File)
	if !ok {
		return true
	}
	st, err := f.Stat()
	return err != nil || st.Mode()&os.ModeCharDevice == 0
}

// New starts a bar of total steps (-1 when unknown) on stderr, or returns nil when quiet.
func New(total int64, desc string, quiet bool) *Bar {
	if quiet {
		return nil
	}
	return &Bar{bar: progressbar.NewOptions64(total,
		progressbar.OptionSetWriter(os.Stderr),
		progressbar.OptionSetDescription(desc),
		progressbar.OptionShowCount(),
		progressbar.OptionShowIts(),
		progressbar.OptionThrottle(100_000_000),
		progressbar.OptionClearOnFinish(),
	)}
}

// Add advances the bar by n steps.
func (b *Bar) Add(n int) {
	if b != nil {
		b.bar.Add(n)
	}
}

// Finish completes and clears the bar.
func (b *Bar) Finish() {
	if b != nil {
		b.bar.Finish()
	}
}
