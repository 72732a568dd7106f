package main

import (
	"context"
	"crypto/subtle"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"math"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/idmatch/idmatch/examples/internal/cli"
	"github.com/idmatch/idmatch/internal/dataset"
	"github.com/idmatch/idmatch/internal/review"
	"github.com/idmatch/idmatch/match"
	"github.com/idmatch/idmatch/score"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed assets
var assetFS embed.FS

var page = template.Must(template.New("page.html").Funcs(template.FuncMap{
	"pct":  func(p float64) string { return fmt.Sprintf("%.1f%%", 100*p) },
	"bits": func(b float64) string { return fmt.Sprintf("%+.1f", b) },
	"when": func(t time.Time) string { return t.Local().Format("15:04:05") },
}).ParseFS(templateFS, "templates/page.html"))

// server is the review application: the records, the matcher, the ordered cases and the
// labels log. Its handlers are safe for concurrent use: the state they change is the log,
// which has its own mutex; the rest is read only once built.
type server struct {
	m       *match.Matcher
	link    bool
	left    map[string]match.Record // dedup: every record; link: the contacts
	right   map[string]match.Record // dedup: the same map; link: the customers
	queue   []review.Case
	log     *review.Log
	token   string
	now     func() time.Time
	skipped []review.LineError
}

// newServer reads the inputs, trains the matcher with the labels in the file, and orders the
// cases. Problems with rows and label lines are reported on log.
func newServer(ctx context.Context, c config, fields dataset.FieldMap, quiet bool, log io.Writer) (*server, error) {
	rep := cli.NewReporter(log)
	s := &server{link: c.crm != "", token: c.token, now: time.Now}
	base := c.in
	if s.link {
		base = c.crm
	}
	in, err := cli.Load(base, nil, cli.LoadOptions{Fields: fields, Quiet: quiet}, rep)
	if err != nil {
		return nil, err
	}
	inputs := []*cli.Input{in}
	var cin *cli.Input
	if s.link {
		if cin, err = cli.Load(c.contacts, nil, cli.LoadOptions{Fields: fields, Quiet: quiet, Lenient: true}, rep); err != nil {
			return nil, err
		}
		inputs = append(inputs, cin)
	}
	m, err := cli.NewMatcher(c.region, inputs)
	if err != nil {
		return nil, err
	}
	s.m = m
	s.right = map[string]match.Record{}
	for _, row := range cli.AddAll(m, in, rep, quiet) {
		s.right[row.Record.ID] = row.Record
	}
	s.left = s.right
	var contacts []match.Record
	if s.link {
		s.left = map[string]match.Record{}
		for _, row := range cin.Rows {
			if row.Record.ID == "" {
				rep.Reject(cin.Name, row.Line, "contact without an id: a label names its contact by id")
				continue
			}
			s.left[row.Record.ID] = row.Record
			contacts = append(contacts, row.Record)
		}
	}

	s.log, s.skipped, err = review.OpenLog(c.labels, s.link)
	if err != nil {
		return nil, err
	}
	for _, e := range s.skipped {
		rep.Printf("%s:%d: skipped: %v", c.labels, e.Line, e.Err)
	}
	opt := match.TrainOptions{Queries: contacts}
	if m.Len() >= 2 {
		for _, e := range s.log.Decided() {
			if e.Answer != review.Same && e.Answer != review.Different {
				continue
			}
			if s.link {
				opt.QueryLabels = append(opt.QueryLabels, match.QueryLabel{Query: s.left[e.A], ID: e.B, Same: e.Answer == review.Same})
			} else {
				opt.Labels = append(opt.Labels, match.Label{A: e.A, B: e.B, Same: e.Answer == review.Same})
			}
		}
		if tr, err := m.Train(ctx, opt); err != nil {
			rep.Printf("review: training failed, using the default model: %v", err)
		} else {
			for _, err := range tr.LabelErrors {
				rep.Printf("%s: label not used: %v", c.labels, err)
			}
		}
	}
	var cases []review.Case
	if s.link {
		cases, err = review.LinkCases(ctx, m, contacts)
	} else {
		cases, err = review.DedupCases(ctx, m, opt.Labels)
	}
	if err != nil {
		s.log.Close()
		return nil, err
	}
	s.queue = review.Order(cases, nil)
	return s, nil
}

func (s *server) close() { _ = s.log.Close() }

// ServeHTTP checks the token and the origin, sets the headers every answer carries, and
// routes.
func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "same-origin")
	h.Set("Cache-Control", "no-store")
	if s.token != "" && !s.authorized(w, r) {
		http.Error(w, "403 forbidden: this page needs the review token", http.StatusForbidden)
		return
	}
	if r.Method == http.MethodPost && !sameOrigin(r) {
		http.Error(w, "403 forbidden: cross-origin request", http.StatusForbidden)
		return
	}
	switch {
	case r.URL.Path == "/" && (r.Method == http.MethodGet || r.Method == http.MethodHead):
		s.render(w, http.StatusOK, "")
	case r.URL.Path == "/answer" && r.Method == http.MethodPost:
		s.answer(w, r)
	case strings.HasPrefix(r.URL.Path, "/assets/") && (r.Method == http.MethodGet || r.Method == http.MethodHead):
		sub, _ := fs.Sub(assetFS, "assets")
		http.StripPrefix("/assets/", http.FileServerFS(sub)).ServeHTTP(w, r)
	default:
		http.NotFound(w, r)
	}
}

const tokenCookie = "review_token"

// authorized reports whether r carries the token, as a header, a query parameter (which
// sets the cookie) or the cookie.
func (s *server) authorized(w http.ResponseWriter, r *http.Request) bool {
	ok := func(t string) bool { return subtle.ConstantTimeCompare([]byte(t), []byte(s.token)) == 1 }
	if ok(r.Header.Get("X-Review-Token")) {
		return true
	}
	if t := r.URL.Query().Get("token"); t != "" && ok(t) {
		http.SetCookie(w, &http.Cookie{Name: tokenCookie, Value: t, Path: "/", HttpOnly: true, SameSite: http.SameSiteStrictMode})
		return true
	}
	c, err := r.Cookie(tokenCookie)
	return err == nil && ok(c.Value)
}

// sameOrigin refuses a form posted from another site. A browser says where a request comes
// from in Sec-Fetch-Site (same-origin, or none when typed by the user), or else in Origin,
// which must then name this host; a client that sends neither (a script, curl) is not a
// browser visiting another site.
func sameOrigin(r *http.Request) bool {
	if site := r.Header.Get("Sec-Fetch-Site"); site != "" {
		return site == "same-origin" || site == "none"
	}
	o := r.Header.Get("Origin")
	if o == "" {
		return true
	}
	u, err := url.Parse(o)
	return err == nil && u.Host == r.Host
}

// answer takes a form post: a, b and answer (same, different, skip or undo).
func (s *server) answer(w http.ResponseWriter, r *http.Request) {
	a, b, ans := r.PostFormValue("a"), r.PostFormValue("b"), review.Answer(r.PostFormValue("answer"))
	if !s.known(a, b) {
		s.render(w, http.StatusBadRequest, fmt.Sprintf("No case %s / %s.", a, b))
		return
	}
	err := s.log.Record(a, b, ans, s.now())
	switch {
	case errors.Is(err, review.ErrDecided):
		prev, _ := s.log.Answer(a, b)
		s.render(w, http.StatusConflict, fmt.Sprintf("%s / %s was already answered %q; undo it to change the answer.", a, b, prev.Answer))
	case errors.Is(err, review.ErrNotDecided):
		s.render(w, http.StatusConflict, fmt.Sprintf("%s / %s has no answer to undo.", a, b))
	case errors.Is(err, review.ErrAnswer):
		s.render(w, http.StatusBadRequest, err.Error())
	case err != nil:
		s.render(w, http.StatusInternalServerError, "The answer could not be saved: "+err.Error())
	default:
		http.Redirect(w, r, "/", http.StatusSeeOther)
	}
}

// known reports whether a and b name a case the server can show.
func (s *server) known(a, b string) bool {
	_, okA := s.left[a]
	_, okB := s.right[b]
	return okA && okB
}

// next returns the first case of the queue that is not settled (see review.Log.Settled),
// and how many are.
func (s *server) next() (*review.Case, int) {
	var first *review.Case
	decided := 0
	for i := range s.queue {
		if s.log.Settled(s.queue[i].A, s.queue[i].B) {
			decided++
		} else if first == nil {
			first = &s.queue[i]
		}
	}
	return first, decided
}

// view is what the page template shows.
type view struct {
	Link                bool
	Notice              string
	Total, Decided      int
	Case                *review.Case
	LeftID, RightID     string
	Rows                []fieldRow
	Chart               *waterfall
	Confidence          float64
	Status              string
	Recent              []review.Entry
	Skipped             int
	LeftName, RightName string
}

// fieldRow is one line of the side-by-side table.
type fieldRow struct {
	Field, Left, Right, Level string
	Bits                      float64
	Missing                   bool
	Class                     string
}

func (s *server) render(w http.ResponseWriter, code int, notice string) {
	v := view{Link: s.link, Notice: notice, Total: len(s.queue), Skipped: len(s.skipped), LeftName: "record A", RightName: "record B"}
	if s.link {
		v.LeftName, v.RightName = "contact", "customer"
	}
	c, decided := s.next()
	v.Decided = decided
	v.Recent = s.log.Decided()
	if len(v.Recent) > 15 {
		v.Recent = v.Recent[:15]
	}
	if c != nil {
		v.Case, v.LeftID, v.RightID = c, c.A, c.B
		left, right := s.left[c.A], s.right[c.B]
		var e *match.Explanation
		var err error
		if s.link {
			q := left
			q.ID = ""
			e, err = s.m.Explain(context.Background(), q, c.B)
		} else {
			e, err = s.m.ExplainPair(c.A, c.B)
		}
		if err == nil {
			v.Rows = fieldRows(e, left, right)
			v.Chart = newWaterfall(e, s.link)
		}
		v.Confidence, v.Status = c.Probability, c.Status
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(code)
	if err := page.Execute(w, v); err != nil {
		fmt.Fprintf(w, "<p>page error: %s</p>", template.HTMLEscapeString(err.Error()))
	}
}

// fieldRows lays out both records field by field with each field's level and bits, the
// name first: the fields the model compares, then the raw name and source.
func fieldRows(e *match.Explanation, left, right match.Record) []fieldRow {
	rows := []fieldRow{{Field: "id", Left: left.ID, Right: right.ID, Class: "meta"},
		{Field: "source", Left: left.Source, Right: right.Source, Class: "meta"}}
	if left.FullName != "" || right.FullName != "" {
		rows = append(rows, fieldRow{Field: "full name", Left: left.FullName, Right: right.FullName, Class: "meta"})
	}
	for _, f := range e.Pair.Fields {
		r := fieldRow{Field: f.Field, Left: recordValue(left, f.Field), Right: recordValue(right, f.Field),
			Level: f.LevelName, Bits: f.Bits, Missing: f.Level == score.Missing}
		switch {
		case r.Missing:
			r.Class, r.Level = "missing", "missing"
		case f.Bits > 0:
			r.Class = "for"
		case f.Bits < 0:
			r.Class = "against"
		}
		if r.Missing && r.Left == "" && r.Right == "" {
			continue
		}
		if !r.Missing {
			r.Left, r.Right = orDerived(r.Left, left, f.Field), orDerived(r.Right, right, f.Field)
		}
		rows = append(rows, r)
	}
	return rows
}

// orDerived names where a compared value came from when the record has no column for it: a
// name taken from the full name, a gender inferred from the given name.
func orDerived(v string, r match.Record, field string) string {
	if v != "" {
		return v
	}
	switch {
	case field == "gender":
		return "(from the name)"
	case r.FullName != "" && (field == "given_name" || field == "surname" || field == "middle_name"):
		return "(in the full name)"
	}
	return v
}

// recordValue is the raw value of a record behind a schema field.
func recordValue(r match.Record, field string) string {
	switch field {
	case "given_name":
		return r.FirstName
	case "surname":
		return r.LastName
	case "middle_name":
		return r.MiddleName
	case "birth_date":
		return r.BirthDate
	case "phone":
		return strings.Join(r.Phones, ", ")
	case "email":
		return strings.Join(r.Emails, ", ")
	case "city":
		return r.City
	case "gender":
		return r.Gender
	case "handle":
		return strings.Join(r.Handles, ", ")
	}
	return r.Extra[field]
}

// waterfall is an inline SVG chart of the evidence: a starting bar (the prior, or for a link
// the weight of "none of the customers"), one floating bar per field from the running total,
// and the total, against the zero line where the probability is one half.
type waterfall struct {
	Width, Height int
	// Bottom is where the grid ends, above the tick labels.
	Bottom int
	ZeroX  float64
	Bars   []wfBar
	Ticks  []wfTick
}

type wfBar struct {
	Label, Value string
	X, Y, W      float64
	Class        string
	TextX        float64
}

type wfTick struct {
	X     float64
	Label string
}

func newWaterfall(e *match.Explanation, link bool) *waterfall {
	type step struct {
		label string
		delta float64
		class string
	}
	start, startLabel := e.Pair.PriorBits, "prior"
	if link {
		start, startLabel = -e.NoneBits, "none of the customers"
	}
	steps := []step{{startLabel, start, "prior"}}
	for _, f := range e.Pair.Fields {
		if f.Level == score.Missing {
			continue
		}
		c := "for"
		if f.Bits < 0 {
			c = "against"
		}
		steps = append(steps, step{f.Field + " · " + f.LevelName, f.Bits, c})
	}
	total := 0.0
	lo, hi := 0.0, 0.0
	for _, s := range steps {
		total += s.delta
		lo, hi = math.Min(lo, total), math.Max(hi, total)
	}
	lo, hi = math.Floor(lo/5)*5-1, math.Ceil(hi/5)*5+1
	const labelW, plotW, rowH = 230.0, 540.0, 24.0
	wf := &waterfall{Width: int(labelW + plotW + 70), Height: int(rowH*float64(len(steps)+1) + 34)}
	wf.Bottom = wf.Height - 18
	x := func(b float64) float64 { return math.Round((labelW+(b-lo)/(hi-lo)*plotW)*10) / 10 }
	wf.ZeroX = x(0)
	for t := math.Ceil(lo/5) * 5; t <= hi; t += 5 {
		label := fmt.Sprintf("%+.0f", t)
		if t == 0 {
			label = "0"
		}
		wf.Ticks = append(wf.Ticks, wfTick{X: x(t), Label: label})
	}
	run := 0.0
	bar := func(label string, from, to float64, class string, i int) wfBar {
		a, b := x(math.Min(from, to)), x(math.Max(from, to))
		return wfBar{Label: label, Value: fmt.Sprintf("%+.1f", to-from), X: a, Y: float64(i)*rowH + 6,
			W: math.Round(math.Max(b-a, 1.5)*10) / 10, Class: class, TextX: b + 4}
	}
	for i, s := range steps {
		wf.Bars = append(wf.Bars, bar(s.label, run, run+s.delta, s.class, i))
		run += s.delta
	}
	t := bar("total", 0, run, "total", len(steps))
	t.Value = fmt.Sprintf("%+.1f bits", run)
	wf.Bars = append(wf.Bars, t)
	return wf
}
