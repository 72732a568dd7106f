// Package progress draws progress bars and spinners on stderr for the command-line programs,
// stays silent when stderr is not a terminal or the user asked for quiet, and times the
// phases of a run for the table a summary ends with.
package progress

import (
	"fmt"
	"io"
	"os"
	"time"

	"github.com/schollz/progressbar/v3"
)

// Bar is a progress bar or a spinner, or a no-op when quiet. A nil *Bar is a valid no-op bar.
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

// New starts a bar of total steps on stderr, or returns nil when quiet. With total -1 (the
// size is unknown) the bar is a spinner that counts steps.
func New(total int64, desc string, quiet bool) *Bar {
	if quiet {
		return nil
	}
	return newBar(os.Stderr, total, desc)
}

func newBar(w io.Writer, total int64, desc string) *Bar {
	return &Bar{bar: progressbar.NewOptions64(total,
		progressbar.OptionSetWriter(w),
		progressbar.OptionSetDescription(desc),
		progressbar.OptionShowCount(),
		progressbar.OptionShowIts(),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionClearOnFinish(),
	)}
}

// Spinner starts an indeterminate spinner with the elapsed time on stderr, for work that
// reports no progress of its own (training, deduplication), or returns nil when quiet. It
// redraws itself every tenth of a second until Finish.
func Spinner(desc string, quiet bool) *Bar {
	if quiet {
		return nil
	}
	return newSpinner(os.Stderr, desc)
}

func newSpinner(w io.Writer, desc string) *Bar {
	b := progressbar.NewOptions64(-1,
		progressbar.OptionSetWriter(w),
		progressbar.OptionSetDescription(desc),
		progressbar.OptionSpinnerType(14),
		progressbar.OptionSetElapsedTime(true),
		progressbar.OptionSetSpinnerChangeInterval(100*time.Millisecond),
		progressbar.OptionClearOnFinish(),
	)
	b.RenderBlank() // starts the clock, so that the spinner turns before the first Add
	return &Bar{bar: b}
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

// Phase is one timed phase of a run. It is a plain value.
type Phase struct {
	Name     string
	Duration time.Duration
}

// Phases records how long each phase of a run took, in the order they ran. The zero value
// is ready to use. It is not safe for concurrent use.
type Phases struct {
	list []Phase
}

// Start begins timing the phase name and returns the function that ends it; call it once,
// when the phase is done.
func (p *Phases) Start(name string) (stop func()) {
	t0 := time.Now()
	return func() { p.Add(name, time.Since(t0)) }
}

// Add records a phase that took d. A phase added twice under one name is listed twice.
func (p *Phases) Add(name string, d time.Duration) {
	p.list = append(p.list, Phase{name, d})
}

// List returns the phases in the order they were added. The slice is a copy.
func (p *Phases) List() []Phase { return append([]Phase(nil), p.list...) }

// Total is the sum of the phases' durations.
func (p *Phases) Total() time.Duration {
	var t time.Duration
	for _, ph := range p.list {
		t += ph.Duration
	}
	return t
}

// WriteTable writes the phases as an aligned table, one line each with its time in seconds
// and its share of the total, then the total, each line indented by indent.
func (p *Phases) WriteTable(w io.Writer, indent string) error {
	width := len("total")
	for _, ph := range p.list {
		width = max(width, len([]rune(ph.Name)))
	}
	total := p.Total()
	line := func(name string, d time.Duration) error {
		share := 0.0
		if total > 0 {
			share = 100 * float64(d) / float64(total)
		}
		pad := width - len([]rune(name))
		_, err := fmt.Fprintf(w, "%s%s%*s  %8.3f s  %5.1f%%\n", indent, name, pad, "", d.Seconds(), share)
		return err
	}
	for _, ph := range p.list {
		if err := line(ph.Name, ph.Duration); err != nil {
			return err
		}
	}
	return line("total", total)
}
