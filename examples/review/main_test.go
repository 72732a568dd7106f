package main

import (
	"bufio"
	"bytes"
	"context"
	"flag"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/idmatch/idmatch/examples/internal/cli"
	"github.com/idmatch/idmatch/internal/dataset"
	"github.com/idmatch/idmatch/internal/review"
)

var update = flag.Bool("update", false, "rewrite docs/review.png from the browser test")

// people is a small file with two near-duplicate pairs and a record whose name is markup.
const people = `id,first_name,last_name,phone,email,city,birth_date
r1,Иван,Петров,89161234567,ivan.petrov@mail.ru,Москва,1980-01-02
r2,Иван,Петров,,ivan.p@yandex.ru,Москва,1980-01-02
r3,Ivan,Petrov,,,Moscow,
r4,<script>alert(1)</script>,Сидоров,89031112233,,Казань,1975-05-05
r5,Пётр,Сидоров,89031112233,,Казань,
r6,Анна,Смирнова,89265554433,anna.s@gmail.com,Тверь,1990-12-12
`

// newTestServer writes people (or csv) and an optional labels file to a temporary directory
// and builds a server over them. It returns the server, the labels path and the log.
func newTestServer(t *testing.T, csv, labels, token string) (*server, string, *bytes.Buffer) {
	t.Helper()
	dir := t.TempDir()
	in := filepath.Join(dir, "people.csv")
	if err := os.WriteFile(in, []byte(csv), 0o600); err != nil {
		t.Fatal(err)
	}
	lp := filepath.Join(dir, "labels.jsonl")
	if labels != "" {
		if err := os.WriteFile(lp, []byte(labels), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	var log bytes.Buffer
	s, err := newServer(context.Background(), config{in: in, labels: lp, token: token, region: "RU"}, dataset.FieldMap{}, true, &log)
	if err != nil {
		t.Fatalf("newServer: %v\n%s", err, log.String())
	}
	t.Cleanup(s.close)
	s.now = func() time.Time { return time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC) }
	return s, lp, &log
}

func lines(t *testing.T, path string) []string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	var out []string
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		if sc.Text() != "" {
			out = append(out, sc.Text())
		}
	}
	return out
}

func post(h http.Handler, a, b, answer string, mod func(*http.Request)) *httptest.ResponseRecorder {
	form := url.Values{"a": {a}, "b": {b}, "answer": {answer}}
	r := httptest.NewRequest(http.MethodPost, "/answer", strings.NewReader(form.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if mod != nil {
		mod(r)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

func TestCheckAddr(t *testing.T) {
	tests := []struct {
		name, reason, addr, token string
		ok                        bool
	}{
		{"loopback", "127.0.0.1 is only reachable from this machine", "127.0.0.1:8080", "", true},
		{"loopback v6", "::1 is loopback too", "[::1]:8080", "", true},
		{"localhost", "localhost resolves to loopback", "localhost:0", "", true},
		{"all interfaces", "0.0.0.0 exposes personal data to the network", "0.0.0.0:8080", "", false},
		{"empty host", "an empty host listens on every interface", ":8080", "", false},
		{"lan with token", "a token makes another address acceptable", "192.168.1.5:8080", "s3cret", true},
		{"bad address", "no port", "127.0.0.1", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := checkAddr(tt.addr, tt.token)
			if (err == nil) != tt.ok {
				t.Errorf("checkAddr(%q, %q) = %v, want ok=%v (%s)", tt.addr, tt.token, err, tt.ok, tt.reason)
			}
		})
	}
}

func TestToken(t *testing.T) {
	s, lp, _ := newTestServer(t, people, "", "t0p-secret")
	tests := []struct {
		name, reason string
		req          func() *http.Request
		want         int
	}{
		{"no token", "every request needs the token", func() *http.Request { return httptest.NewRequest("GET", "/", nil) }, 403},
		{"wrong token", "a wrong token is no token", func() *http.Request { return httptest.NewRequest("GET", "/?token=guess", nil) }, 403},
		{"asset without token", "assets are refused too", func() *http.Request { return httptest.NewRequest("GET", "/assets/review.css", nil) }, 403},
		{"answer without token", "an answer without the token is refused and not written", func() *http.Request {
			r := httptest.NewRequest("POST", "/answer", strings.NewReader("a=r1&b=r2&answer=same"))
			r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			return r
		}, 403},
		{"query token", "?token= opens the page", func() *http.Request { return httptest.NewRequest("GET", "/?token=t0p-secret", nil) }, 200},
		{"cookie", "the cookie set by ?token= keeps the page open", func() *http.Request {
			r := httptest.NewRequest("GET", "/", nil)
			r.AddCookie(&http.Cookie{Name: tokenCookie, Value: "t0p-secret"})
			return r
		}, 200},
		{"header", "scripts can send X-Review-Token", func() *http.Request {
			r := httptest.NewRequest("GET", "/assets/review.js", nil)
			r.Header.Set("X-Review-Token", "t0p-secret")
			return r
		}, 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := httptest.NewRecorder()
			s.ServeHTTP(w, tt.req())
			if w.Code != tt.want {
				t.Errorf("%s: status %d, want %d (%s)", tt.name, w.Code, tt.want, tt.reason)
			}
		})
	}
	if got := lines(t, lp); len(got) != 0 {
		t.Errorf("labels file has %d lines after refused requests, want 0", len(got))
	}
}

func TestEscaping(t *testing.T) {
	s, _, _ := newTestServer(t, people, "", "")
	s.queue = []review.Case{{A: "r4", B: "r5", Probability: 0.5}}
	w := httptest.NewRecorder()
	s.ServeHTTP(w, httptest.NewRequest("GET", "/", nil))
	body := w.Body.String()
	if strings.Contains(body, "<script>alert(1)") {
		t.Errorf("the record's name reached the page as markup:\n%s", body)
	}
	if !strings.Contains(body, "&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Errorf("the record's name is not shown as text")
	}
	if csp := w.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") {
		t.Errorf("Content-Security-Policy = %q, want scripts from the server only", csp)
	}
}

func TestAnswers(t *testing.T) {
	s, lp, _ := newTestServer(t, people, "", "")
	steps := []struct {
		name, reason, a, b, answer string
		mod                        func(*http.Request)
		want, lines                int
	}{
		{"answer", "a first answer is appended", "r1", "r2", "same", nil, 303, 1},
		{"again", "a decided case refuses a second answer", "r1", "r2", "same", nil, 409, 1},
		{"reversed", "a pair of records is one case in either order", "r2", "r1", "different", nil, 409, 1},
		{"undo", "undo appends an undo line", "r1", "r2", "undo", nil, 303, 2},
		{"undo twice", "nothing left to undo", "r1", "r2", "undo", nil, 409, 2},
		{"new answer", "after the undo the case takes an answer again", "r1", "r2", "different", nil, 303, 3},
		{"skip", "skip is an answer too", "r4", "r5", "skip", nil, 303, 4},
		{"unknown id", "a case the server does not know is refused", "r1", "zz", "same", nil, 400, 4},
		{"bad answer", "only same, different, skip and undo", "r1", "r3", "maybe", nil, 400, 4},
		{"cross origin", "a form posted from another site is refused", "r1", "r3", "same",
			func(r *http.Request) { r.Header.Set("Origin", "http://evil.example") }, 403, 4},
		{"cross site", "a browser's Sec-Fetch-Site outranks a missing Origin", "r1", "r3", "same",
			func(r *http.Request) { r.Header.Set("Sec-Fetch-Site", "cross-site") }, 403, 4},
	}
	for _, st := range steps {
		w := post(s, st.a, st.b, st.answer, st.mod)
		if w.Code != st.want {
			t.Errorf("%s: status %d, want %d (%s)", st.name, w.Code, st.want, st.reason)
		}
		if got := lines(t, lp); len(got) != st.lines {
			t.Errorf("%s: %d lines in the labels file, want %d (%s)", st.name, len(got), st.lines, st.reason)
		}
	}
	want := []string{
		`{"a":"r1","b":"r2","answer":"same","time":"2026-12-01T12:00:00Z"}`,
		`{"a":"r1","b":"r2","answer":"undo","time":"2026-12-01T12:00:00Z"}`,
		`{"a":"r1","b":"r2","answer":"different","time":"2026-12-01T12:00:00Z"}`,
		`{"a":"r4","b":"r5","answer":"skip","time":"2026-12-01T12:00:00Z"}`,
	}
	if got := lines(t, lp); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("labels file:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestConcurrentAnswers(t *testing.T) {
	s, lp, _ := newTestServer(t, people, "", "")
	const tabs = 16
	codes := make([]int, tabs)
	var wg sync.WaitGroup
	for i := range tabs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ans := "same"
			if i%2 == 1 {
				ans = "different"
			}
			codes[i] = post(s, "r1", "r2", ans, nil).Code
		}()
	}
	wg.Wait()
	ok := 0
	for _, c := range codes {
		switch c {
		case 303:
			ok++
		case 409:
		default:
			t.Errorf("status %d, want 303 or 409", c)
		}
	}
	if got := lines(t, lp); ok != 1 || len(got) != 1 {
		t.Errorf("%d answers taken and %d lines written, want 1 and 1: one case takes one answer", ok, len(got))
	}
}

func TestRestart(t *testing.T) {
	old := `{"a":"r1","b":"r2","answer":"same","time":"2026-12-01T10:00:00Z"}
not json
{"a":"r4","b":"r5","answer":"undo","time":"2026-12-01T10:01:00Z"}
{"a":"r3","b":"r1","answer":"different","time":"2026-12-01T10:02:00Z"}
{"a":"r6","b":"r1","answ`
	s, lp, log := newTestServer(t, people, old, "")
	for _, want := range []string{"labels.jsonl:2: skipped", "labels.jsonl:3: skipped", "labels.jsonl:5: skipped"} {
		if !strings.Contains(log.String(), want) {
			t.Errorf("log does not report %q:\n%s", want, log.String())
		}
	}
	if e, ok := s.log.Answer("r2", "r1"); !ok || e.Answer != review.Same {
		t.Errorf("r1/r2 = %v, %v after restart, want same", e, ok)
	}
	if e, ok := s.log.Answer("r1", "r3"); !ok || e.Answer != review.Different {
		t.Errorf("r1/r3 = %v, %v after restart, want different", e, ok)
	}
	if w := post(s, "r1", "r2", "different", nil); w.Code != 409 {
		t.Errorf("an answer kept across the restart took a second answer: %d", w.Code)
	}
	if w := post(s, "r6", "r1", "same", nil); w.Code != 303 {
		t.Errorf("answer after restart: %d, want 303", w.Code)
	}
	got := lines(t, lp)
	if last := got[len(got)-1]; !strings.HasPrefix(last, `{"a":"r6","b":"r1","answer":"same"`) {
		t.Errorf("the answer after a torn line is not a line of its own: %q", last)
	}
}

// newLinkServer builds a link server over testdata's CRM and contacts with a new labels
// file; it returns the server and the labels path.
func newLinkServer(t *testing.T) (*server, string) {
	t.Helper()
	crm, err := cli.FindFile("testdata/crm.csv")
	if err != nil {
		t.Fatal(err)
	}
	contacts, err := cli.FindFile("testdata/contacts.csv")
	if err != nil {
		t.Fatal(err)
	}
	lp := filepath.Join(t.TempDir(), "labels.jsonl")
	s, err := newServer(context.Background(), config{crm: crm, contacts: contacts, labels: lp, region: "RU"}, dataset.FieldMap{}, true, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.close)
	return s, lp
}

func TestLink(t *testing.T) {
	s, lp := newLinkServer(t)
	c, _ := s.next()
	if c == nil {
		t.Fatal("no link case to review")
	}
	w := httptest.NewRecorder()
	s.ServeHTTP(w, httptest.NewRequest("GET", "/", nil))
	body := w.Body.String()
	for _, want := range []string{"none of the customers", `class="status status-` + c.Status, "Is this contact the same person as this customer?"} {
		if !strings.Contains(body, want) {
			t.Errorf("link page lacks %q", want)
		}
	}
	if w := post(s, c.A, c.B, "same", nil); w.Code != 303 {
		t.Fatalf("answer: %d", w.Code)
	}
	if w := post(s, c.B, c.A, "same", nil); w.Code != 400 {
		t.Errorf("a link case reversed is not a case: %d, want 400", w.Code)
	}
	got := lines(t, lp)
	if len(got) != 1 || !strings.HasPrefix(got[0], `{"a":"`+c.A+`","b":"`+c.B+`"`) {
		t.Errorf("labels file %q, want the contact then the customer", got)
	}
	if next, _ := s.next(); next == nil || next.Key() == c.Key() {
		t.Errorf("the queue did not move on: next %+v", next)
	}
}

// TestLinkContactSettled answers a contact the same as one of its two candidates: the
// other is not asked, and comes back when the answer is undone.
func TestLinkContactSettled(t *testing.T) {
	s, _ := newLinkServer(t)
	cases := map[string][]review.Case{}
	for _, c := range s.queue {
		cases[c.A] = append(cases[c.A], c)
	}
	var pair []review.Case
	for _, c := range s.queue { // the first contact, in queue order, with two cases
		if len(cases[c.A]) == 2 {
			pair = cases[c.A]
			break
		}
	}
	if pair == nil {
		t.Fatal("testdata has no contact with two candidates to review")
	}
	asked := func() map[string]bool {
		seen := map[string]bool{}
		for {
			c, _ := s.next()
			if c == nil {
				return seen
			}
			seen[c.Key()] = true
			if w := post(s, c.A, c.B, "skip", nil); w.Code != 303 {
				t.Fatalf("skip %s: %d", c.Key(), w.Code)
			}
		}
	}
	_, before := s.next()
	if w := post(s, pair[0].A, pair[0].B, "same", nil); w.Code != 303 {
		t.Fatalf("answer: %d", w.Code)
	}
	if _, after := s.next(); after != before+2 {
		t.Errorf("decided %d → %d after one answer, want +2: the contact's other case is settled too", before, after)
	}
	if asked()[pair[1].Key()] {
		t.Errorf("%s was asked after its contact was answered the same as %s", pair[1].Key(), pair[0].B)
	}
	if w := post(s, pair[0].A, pair[0].B, "undo", nil); w.Code != 303 {
		t.Fatalf("undo: %d", w.Code)
	}
	if c, _ := s.next(); c == nil || c.Key() != pair[0].Key() && c.Key() != pair[1].Key() {
		t.Errorf("after the undo the next case is %+v, want one of the contact's two", c)
	}
}
