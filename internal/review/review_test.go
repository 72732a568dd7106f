package review

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"fmt"
	"reflect"
)

// diff reports want and got when they differ, in the "(-want +got)" form of the tests.
func diff(want, got any) string {
	if reflect.DeepEqual(want, got) {
		return ""
	}
	return fmt.Sprintf("-%v\n+%v", want, got)
}

func ids(cs []Case) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.A + "-" + c.B
	}
	return out
}

func TestOrder(t *testing.T) {
	tests := []struct {
		name    string
		reason  string
		cases   []Case
		decided map[string]bool
		want    []string
	}{
		{
			name:   "uncertain first",
			reason: "with one pattern each, the probability nearest 1/2 comes first, on either side",
			cases: []Case{{A: "a", B: "1", Probability: 0.9, Pattern: "x"}, {A: "b", B: "1", Probability: 0.45, Pattern: "y"},
				{A: "c", B: "1", Probability: 0.6, Pattern: "z"}, {A: "d", B: "1", Probability: 0.02, Pattern: "w"}},
			want: []string{"b-1", "c-1", "a-1", "d-1"},
		},
		{
			name:   "patterns take turns",
			reason: "a second case of one pattern waits behind a fresh pattern within 0.1 of its uncertainty",
			cases: []Case{{A: "a", B: "1", Probability: 0.50, Pattern: "x"}, {A: "b", B: "1", Probability: 0.51, Pattern: "x"},
				{A: "c", B: "1", Probability: 0.52, Pattern: "x"}, {A: "d", B: "1", Probability: 0.58, Pattern: "y"}},
			want: []string{"a-1", "d-1", "b-1", "c-1"},
		},
		{
			name:   "no ten in a row",
			reason: "a large pattern cannot crowd out a less uncertain one for long",
			cases: func() []Case {
				var cs []Case
				for _, id := range "abcdefghij" {
					cs = append(cs, Case{A: string(id), B: "1", Probability: 0.5, Pattern: "x"})
				}
				return append(cs, Case{A: "z", B: "1", Probability: 0.75, Pattern: "y"})
			}(),
			want: []string{"a-1", "b-1", "c-1", "z-1", "d-1", "e-1", "f-1", "g-1", "h-1", "i-1", "j-1"},
		},
		{
			name:   "answers that change nothing wait",
			reason: "a pair the clustering holds together through others (Gain 0) counts GainPenalty further from 1/2, Gain 0.5 half that, Gain 1 nothing",
			cases: []Case{{A: "a", B: "1", Probability: 0.5, Pattern: "x", Gain: 0}, {A: "b", B: "1", Probability: 0.7, Pattern: "y", Gain: 1.4},
				{A: "c", B: "1", Probability: 0.5, Pattern: "z", Gain: 0.5}, {A: "d", B: "1", Probability: 0.9, Pattern: "w", Gain: 3}},
			want: []string{"c-1", "b-1", "a-1", "d-1"},
		},
		{
			name:   "links ignore gain",
			reason: "a link case (with a status) has no clustering to change: uncertainty alone",
			cases:  []Case{{A: "a", B: "1", Probability: 0.5, Pattern: "x", Status: "review"}, {A: "b", B: "1", Probability: 0.7, Pattern: "y", Status: "review", Gain: 5}},
			want:   []string{"a-1", "b-1"},
		},
		{
			name:    "decided left out",
			reason:  "answered cases are not asked again",
			cases:   []Case{{A: "a", B: "1", Probability: 0.5}, {A: "b", B: "1", Probability: 0.5}},
			decided: map[string]bool{PairKey("a", "1", false): true},
			want:    []string{"b-1"},
		},
		{
			name:   "ties by id",
			reason: "equal urgency is broken by the IDs, so the order is the same on every run",
			cases:  []Case{{A: "b", B: "2", Probability: 0.4, Pattern: "p"}, {A: "a", B: "3", Probability: 0.6, Pattern: "q"}},
			want:   []string{"a-3", "b-2"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := ids(tt.cases)
			got := ids(Order(tt.cases, func(c Case) bool { return tt.decided[c.Key()] }))
			if d := diff(tt.want, got); d != "" {
				t.Errorf("%s: Order (-want +got):\n%s", tt.reason, d)
			}
			if d := diff(before, ids(tt.cases)); d != "" {
				t.Errorf("Order modified its input (-before +after):\n%s", d)
			}
		})
	}
}

func TestLog(t *testing.T) {
	at := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	tests := []struct {
		name    string
		reason  string
		file    string
		link    bool
		badAt   []int
		decided []string // "a b answer", latest first
	}{
		{"empty", "a new file is an empty log", "", false, nil, nil},
		{
			name:    "replay",
			reason:  "answers and undos replay in order; a pair is one case in either order",
			file:    `{"a":"1","b":"2","answer":"same"}` + "\n" + `{"a":"2","b":"1","answer":"undo"}` + "\n" + `{"a":"1","b":"3","answer":"different"}` + "\n",
			decided: []string{"1 3 different"},
		},
		{
			name:    "link keeps order",
			reason:  "a link case is a contact then a customer: (2, 1) is another case than (1, 2)",
			file:    `{"a":"1","b":"2","answer":"same"}` + "\n" + `{"a":"2","b":"1","answer":"skip"}` + "\n",
			link:    true,
			decided: []string{"2 1 skip", "1 2 same"},
		},
		{
			name:    "bad lines",
			reason:  "malformed and contradictory lines are reported by number and skipped",
			file:    "{oops\n\n" + `{"a":"1","b":"2","answer":"same"}` + "\n" + `{"a":"1","b":"2","answer":"different"}` + "\n" + `{"a":"5","b":"6","answer":"undo"}` + "\n" + `{"a":"7","answer":"same"}` + "\n" + `{"a":"7","b":"8","answer":"perhaps"}` + "\n" + `{"a":"9","b":"1`,
			badAt:   []int{1, 4, 5, 6, 7, 8},
			decided: []string{"1 2 same"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "labels.jsonl")
			if tt.file != "" {
				if err := os.WriteFile(path, []byte(tt.file), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			l, bad, err := OpenLog(path, tt.link)
			if err != nil {
				t.Fatal(err)
			}
			defer l.Close()
			var badAt []int
			for _, b := range bad {
				badAt = append(badAt, b.Line)
			}
			if d := diff(tt.badAt, badAt); d != "" {
				t.Errorf("%s: bad lines (-want +got):\n%s", tt.reason, d)
			}
			var got []string
			for _, e := range l.Decided() {
				got = append(got, e.A+" "+e.B+" "+string(e.Answer))
			}
			if d := diff(tt.decided, got); d != "" {
				t.Errorf("%s: decided (-want +got):\n%s", tt.reason, d)
			}
			// Read without the log, the same answers come oldest first, with the same bad lines.
			read, readBad, err := ReadLabels(path, tt.link)
			if err != nil {
				t.Fatal(err)
			}
			var oldest []string
			for _, e := range read {
				oldest = append([]string{e.A + " " + e.B + " " + string(e.Answer)}, oldest...)
			}
			if d := diff(tt.decided, oldest); d != "" {
				t.Errorf("%s: ReadLabels, reversed (-want +got):\n%s", tt.reason, d)
			}
			if len(readBad) != len(bad) {
				t.Errorf("%s: ReadLabels: %d bad lines, want %d", tt.reason, len(readBad), len(bad))
			}
			// One more answer lands on a line of its own and survives a reopen.
			if err := l.Record("x", "y", Same, at); err != nil {
				t.Fatal(err)
			}
			l2, bad2, err := OpenLog(path, tt.link)
			if err != nil {
				t.Fatal(err)
			}
			defer l2.Close()
			if len(bad2) != len(bad) {
				t.Errorf("reopen: %d bad lines, want %d: the appended answer must parse", len(bad2), len(bad))
			}
			if e, ok := l2.Answer("x", "y"); !ok || e.Answer != Same || !e.Time.Equal(at) {
				t.Errorf("reopen: x/y = %+v, %v; want same at %v", e, ok, at)
			}
		})
	}
}

func TestReadLabelsMissing(t *testing.T) {
	path := filepath.Join(t.TempDir(), "none.jsonl")
	if _, _, err := ReadLabels(path, true); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("ReadLabels of a missing file: %v, want os.ErrNotExist", err)
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("ReadLabels created %s", path)
	}
}

func TestRecordRefuses(t *testing.T) {
	path := filepath.Join(t.TempDir(), "labels.jsonl")
	l, _, err := OpenLog(path, false)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	now := time.Now()
	tests := []struct {
		name, reason, a, b string
		ans                Answer
		want               error
	}{
		{"first", "an undecided case takes an answer", "1", "2", Same, nil},
		{"second", "a decided case refuses another", "2", "1", Different, ErrDecided},
		{"undo", "an undo withdraws it", "1", "2", Undo, nil},
		{"undo again", "an undecided case has nothing to undo", "1", "2", Undo, ErrNotDecided},
		{"unknown", "answers are a closed set", "1", "2", "perhaps", ErrAnswer},
	}
	for _, tt := range tests {
		if err := l.Record(tt.a, tt.b, tt.ans, now); !errors.Is(err, tt.want) {
			t.Errorf("%s: Record = %v, want %v (%s)", tt.name, err, tt.want, tt.reason)
		}
	}
	b, _ := os.ReadFile(path)
	if n := strings.Count(string(b), "\n"); n != 2 {
		t.Errorf("%d lines written, want 2: refused answers write nothing", n)
	}
}

func TestRecordConcurrent(t *testing.T) {
	path := filepath.Join(t.TempDir(), "labels.jsonl")
	l, _, err := OpenLog(path, false)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	var wg sync.WaitGroup
	var mu sync.Mutex
	taken := 0
	for i := range 32 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// Two tabs on each of 8 cases, answering at once.
			if l.Record("a", string(rune('0'+i%8)), Same, time.Now()) == nil {
				mu.Lock()
				taken++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	b, _ := os.ReadFile(path)
	if n := strings.Count(string(b), "\n"); taken != 8 || n != 8 {
		t.Errorf("%d answers taken, %d lines; want 8 and 8", taken, n)
	}
}

// A labels file of any bytes is read without a panic, every line either taken or reported,
// the same way by ReadLabels and OpenLog, and each case has one standing answer at most.
func FuzzLabels(f *testing.F) {
	f.Add([]byte(`{"a":"1","b":"2","answer":"same"}`+"\n"+`{"a":"2","b":"1","answer":"undo"}`+"\n"), true)
	f.Add([]byte(`{"a":"1","b":"2","answer":"different"}`+"\n{oops\n"+`{"a":"1","b":"2","answer":"skip"}`), false)
	f.Add([]byte("\xff\xfe\n\n{}\n"), true)
	f.Fuzz(func(t *testing.T, data []byte, link bool) {
		path := filepath.Join(t.TempDir(), "labels.jsonl")
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		read, bad, err := ReadLabels(path, link)
		if err != nil {
			t.Fatal(err)
		}
		seen := map[string]bool{}
		for _, e := range read {
			k := PairKey(e.A, e.B, link)
			if seen[k] {
				t.Fatalf("two standing answers for %s / %s", e.A, e.B)
			}
			seen[k] = true
			if e.A == "" || e.B == "" || (e.Answer != Same && e.Answer != Different && e.Answer != Skip) {
				t.Fatalf("standing answer %+v", e)
			}
		}
		lines := 0
		for _, l := range strings.Split(string(data), "\n") {
			if strings.TrimSpace(l) != "" {
				lines++
			}
		}
		if len(bad) > lines {
			t.Fatalf("%d bad lines of %d", len(bad), lines)
		}
		l, bad2, err := OpenLog(path, link)
		if err != nil {
			t.Fatal(err)
		}
		defer l.Close()
		if len(bad2) != len(bad) || len(l.Decided()) != len(read) {
			t.Fatalf("OpenLog: %d bad, %d decided; ReadLabels: %d bad, %d standing", len(bad2), len(l.Decided()), len(bad), len(read))
		}
	})
}

func TestSettled(t *testing.T) {
	type step struct {
		a, b string
		ans  Answer
	}
	type check struct {
		a, b string
		want bool
	}
	tests := []struct {
		name   string
		reason string
		link   bool
		steps  []step
		checks []check
	}{
		{
			name:   "link same",
			reason: "a contact answered the same as one customer needs no question about another",
			link:   true,
			steps:  []step{{"k1", "c1", Same}},
			checks: []check{{"k1", "c1", true}, {"k1", "c2", true}, {"k2", "c1", false}},
		},
		{
			name:   "link different",
			reason: "a customer answered different leaves the contact's other candidates to ask",
			link:   true,
			steps:  []step{{"k1", "c1", Different}, {"k1", "c3", Skip}},
			checks: []check{{"k1", "c1", true}, {"k1", "c3", true}, {"k1", "c2", false}},
		},
		{
			name:   "link undo",
			reason: "undoing the same answer puts the contact's other candidates back",
			link:   true,
			steps:  []step{{"k1", "c1", Same}, {"k1", "c1", Undo}},
			checks: []check{{"k1", "c1", false}, {"k1", "c2", false}},
		},
		{
			name:   "link two same",
			reason: "with two customers answered the same (one person's two records), one undo leaves the contact settled",
			link:   true,
			steps:  []step{{"k1", "c1", Same}, {"k1", "c2", Same}, {"k1", "c1", Undo}},
			checks: []check{{"k1", "c1", true}, {"k1", "c3", true}},
		},
		{
			name:   "dedup",
			reason: "in deduplication a pair is settled by its own answer only, in either order",
			steps:  []step{{"r1", "r2", Same}},
			checks: []check{{"r2", "r1", true}, {"r1", "r3", false}},
		},
	}
	at := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "labels.jsonl")
			l, _, err := OpenLog(path, tt.link)
			if err != nil {
				t.Fatal(err)
			}
			defer l.Close()
			for _, s := range tt.steps {
				if err := l.Record(s.a, s.b, s.ans, at); err != nil {
					t.Fatal(err)
				}
			}
			// The same state replayed from the file.
			l2, _, err := OpenLog(path, tt.link)
			if err != nil {
				t.Fatal(err)
			}
			defer l2.Close()
			for _, c := range tt.checks {
				if got := l.Settled(c.a, c.b); got != c.want {
					t.Errorf("Settled(%s, %s) = %v, want %v: %s", c.a, c.b, got, c.want, tt.reason)
				}
				if got := l2.Settled(c.a, c.b); got != c.want {
					t.Errorf("replayed: Settled(%s, %s) = %v, want %v: %s", c.a, c.b, got, c.want, tt.reason)
				}
			}
		})
	}
}
