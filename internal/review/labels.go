package review

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"sync"
	"time"
)

// Answer is a reviewer's answer to a case, or the undoing of one.
type Answer string

// The answers a labels file holds.
const (
	Same      Answer = "same"
	Different Answer = "different"
	Skip      Answer = "skip"
	// Undo withdraws the case's answer; the case goes back to the queue.
	Undo Answer = "undo"
)

// Errors returned by Log; test with errors.Is.
var (
	// ErrDecided means the case already has an answer: undo it first to change it.
	ErrDecided = errors.New("review: case already decided")
	// ErrNotDecided means an undo named a case that has no answer.
	ErrNotDecided = errors.New("review: case not decided")
	// ErrAnswer means an answer is not one of same, different, skip and undo.
	ErrAnswer = errors.New("review: unknown answer")
)

// Entry is one line of a labels file, a JSON object such as
//
//	{"a":"17","b":"342","answer":"same","time":"2026-12-01T22:30:00Z"}
//
// A and B are the IDs of the case (for a link, the contact's then the customer's).
type Entry struct {
	A      string    `json:"a"`
	B      string    `json:"b"`
	Answer Answer    `json:"answer"`
	Time   time.Time `json:"time"`
}

// LineError is a line of a labels file that could not be read; it was skipped.
type LineError struct {
	Line int
	Err  error
}

// Error returns "line N: reason".
func (e LineError) Error() string { return fmt.Sprintf("line %d: %v", e.Line, e.Err) }

// Log is a labels file opened for appending: the answers so far, replayed from the file, and
// the file to append to. Each answer is appended as one line with O_APPEND and synced
// before Record returns, so a crash loses at most the answer being written and never an
// earlier one; the file is never rewritten. Log is safe for concurrent use: one mutex orders
// the answers, so two answers to one case cannot both be taken.
type Log struct {
	mu      sync.Mutex
	f       *os.File
	link    bool
	current map[string]Entry // the standing answer of each decided case
	order   []string         // decided keys, oldest first
	same    map[string]int   // in a link, the standing "same" answers of each contact
}

// OpenLog opens (or creates) the labels file at path and replays it. link says whether the
// cases are links (a contact and a customer, in that order) or pairs of stored records
// (either order). Lines that cannot be read, or that contradict the state so far (an
// answer to a decided case, an undo of an undecided one), are returned as LineErrors and
// skipped; the error is for a file that cannot be opened or read.
func OpenLog(path string, link bool) (*Log, []LineError, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		return nil, nil, err
	}
	l := &Log{f: f, link: link, current: map[string]Entry{}, same: map[string]int{}}
	bad, last, err := l.replay(f)
	if err != nil {
		f.Close()
		return nil, nil, fmt.Errorf("review: reading %s: %w", path, err)
	}
	if last != 0 && last != '\n' {
		// A torn last line (a crash while writing): start the next answer on a line of its own.
		if _, err := f.Write([]byte{'\n'}); err != nil {
			f.Close()
			return nil, nil, err
		}
	}
	return l, bad, nil
}

// ReadLabels reads the standing answers of the labels file at path, oldest first, without
// opening it for writing (a missing file is an error): what a run that keeps a review's
// answers takes from it. link and the LineErrors are as for OpenLog.
func ReadLabels(path string, link bool) ([]Entry, []LineError, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	l := &Log{link: link, current: map[string]Entry{}, same: map[string]int{}}
	bad, _, err := l.replay(f)
	if err != nil {
		return nil, nil, fmt.Errorf("review: reading %s: %w", path, err)
	}
	out := l.Decided()
	slices.Reverse(out) // oldest first
	return out, bad, nil
}

func (l *Log) replay(r io.Reader) (bad []LineError, last byte, err error) {
	br := bufio.NewReader(r)
	for line := 1; ; line++ {
		b, err := br.ReadBytes('\n')
		if len(b) > 0 {
			last = b[len(b)-1]
		}
		if t := bytes.TrimSpace(b); len(t) > 0 {
			var e Entry
			if jerr := json.Unmarshal(t, &e); jerr != nil {
				bad = append(bad, LineError{line, jerr})
			} else if aerr := l.apply(e); aerr != nil {
				bad = append(bad, LineError{line, aerr})
			}
		}
		if err == io.EOF {
			return bad, last, nil
		}
		if err != nil {
			return bad, last, err
		}
	}
}

// apply takes e into the state, or says why it cannot. l.mu is held (or l is not shared).
func (l *Log) apply(e Entry) error {
	if e.A == "" || e.B == "" {
		return fmt.Errorf("review: answer without both ids")
	}
	k := PairKey(e.A, e.B, l.link)
	prev, decided := l.current[k]
	switch e.Answer {
	case Same, Different, Skip:
		if decided {
			return fmt.Errorf("%w: %s / %s", ErrDecided, e.A, e.B)
		}
		l.current[k] = e
		l.order = append(l.order, k)
		if l.link && e.Answer == Same {
			l.same[e.A]++
		}
	case Undo:
		if !decided {
			return fmt.Errorf("%w: %s / %s", ErrNotDecided, e.A, e.B)
		}
		if l.link && prev.Answer == Same {
			if l.same[e.A]--; l.same[e.A] == 0 {
				delete(l.same, e.A)
			}
		}
		delete(l.current, k)
		l.order = slices.DeleteFunc(l.order, func(x string) bool { return x == k })
	default:
		return fmt.Errorf("%w %q", ErrAnswer, e.Answer)
	}
	return nil
}

// Record appends the answer ans to the case (a, b) and syncs the file. An answer to a
// decided case fails with ErrDecided, an undo of an undecided one with ErrNotDecided; the
// file is then left as it was.
func (l *Log) Record(a, b string, ans Answer, now time.Time) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	e := Entry{A: a, B: b, Answer: ans, Time: now.UTC()}
	// Check against a copy of the state first, so that a refused answer writes nothing.
	k := PairKey(a, b, l.link)
	_, decided := l.current[k]
	switch {
	case ans == Undo && !decided:
		return fmt.Errorf("%w: %s / %s", ErrNotDecided, a, b)
	case ans != Undo && decided:
		return fmt.Errorf("%w: %s / %s", ErrDecided, a, b)
	case a == "" || b == "":
		return fmt.Errorf("review: answer without both ids")
	case ans != Same && ans != Different && ans != Skip && ans != Undo:
		return fmt.Errorf("%w %q", ErrAnswer, ans)
	}
	line, err := json.Marshal(e)
	if err != nil {
		return err
	}
	if _, err := l.f.Write(append(line, '\n')); err != nil {
		return err
	}
	if err := l.f.Sync(); err != nil {
		return err
	}
	return l.apply(e)
}

// Answer returns the standing answer of the case (a, b), if it has one.
func (l *Log) Answer(a, b string) (Entry, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	e, ok := l.current[PairKey(a, b, l.link)]
	return e, ok
}

// Settled reports whether the case (a, b) needs no answer: it has one, or it is a link and
// its contact a stands answered the same as another customer. A contact is one person:
// once a reviewer has said who, its other candidates are not asked (Matcher.Decide gives
// them no confidence). An undo of that answer puts them back.
func (l *Log) Settled(a, b string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if _, ok := l.current[PairKey(a, b, l.link)]; ok {
		return true
	}
	return l.link && l.same[a] > 0
}

// Decided returns the standing answers, the latest first. The slice is the caller's.
func (l *Log) Decided() []Entry {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := make([]Entry, 0, len(l.order))
	for i := len(l.order) - 1; i >= 0; i-- {
		out = append(out, l.current[l.order[i]])
	}
	return out
}

// Close closes the file.
func (l *Log) Close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.f.Close()
}
