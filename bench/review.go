package main

import (
	"context"
	"fmt"
	"html"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/idmatch/idmatch/internal/dataset"
	"github.com/idmatch/idmatch/internal/review"
	"github.com/idmatch/idmatch/internal/synth"
	"github.com/idmatch/idmatch/match"
)

// reviewEvery is how many simulated answers pass between two retrainings.
const reviewEvery = 10

// reviewPoint is the accuracy after Answers simulated answers.
type reviewPoint struct {
	Answers   int     `json:"answers"`
	Same      int     `json:"same"`
	Different int     `json:"different"`
	F1        float64 `json:"f1"`
	ECE       float64 `json:"ece"`
	BestF1    float64 `json:"best_f1"`
	// ModelF1 is, in deduplication, the F1 of the clustering that does not keep the
	// answers (the model alone); F1 is that of the clustering that keeps them.
	ModelF1 float64 `json:"model_f1,omitempty"`
}

// runReview simulates a reviewer: it answers o.review questions from the truth, in the order
// the review server asks them (review.Order over the uncertain cases), retrains after every
// reviewEvery answers, and prints F1 and ECE after each retraining as a table (in
// deduplication, the clustering keeps the answers, and the F1 of the model alone is shown
// beside it), with an SVG
// chart of the curve, written next to -json (FILE_review.svg) or else to the temporary
// directory. A dataset without -dataset2 is deduplicated; generated data is linked.
//
//	go run ./bench -dataset ../shared/data/splink/fake_1000.csv -review 100
//	go run ./bench -review 200
func runReview(ctx context.Context, o options, stdout, log io.Writer) error {
	var base, queries *labelled
	var opts []match.Option
	name := ""
	if o.dataset != "" {
		fm, err := dataset.ParseFieldMap(o.fields)
		if err != nil {
			return err
		}
		for n, kind := range fm.Extras() {
			opts = append(opts, match.WithField(n, kind))
		}
		if base, err = readLabelled(o.dataset, fm, log); err != nil {
			return err
		}
		name = o.dataset
		if o.dataset2 != "" {
			if queries, err = readLabelled(o.dataset2, fm, log); err != nil {
				return err
			}
			name += " → " + o.dataset2
		}
	} else {
		cfg := synth.DefaultConfig()
		cfg.Seed, cfg.Customers = o.seed, o.records
		if err := cfg.Validate(); err != nil {
			return err
		}
		base = fromSynth(synth.CRM(cfg), o.records)
		n := o.contacts
		if n <= 0 {
			n = min(max(o.records/10, 1), 20_000)
		}
		queries = fromSynth(synth.Contacts(cfg), n)
		name = fmt.Sprintf("generated: %d CRM records, %d contacts (seed %d)", len(base.recs), len(queries.recs), o.seed)
	}
	m, err := match.New(append(opts, match.WithRegion(o.region))...)
	if err != nil {
		return err
	}
	m.AddBatch(base.recs)
	entityOf := make(map[string]string, len(base.recs))
	for i, r := range base.recs {
		entityOf[r.ID] = base.entity[i]
	}
	var contact map[string]int
	if queries != nil {
		contact = make(map[string]int, len(queries.recs))
		for i, r := range queries.recs {
			contact[r.ID] = i
		}
	}

	topt := match.TrainOptions{}
	answersOf := map[int][]match.QueryLabel{} // the answers by contact, which the links keep
	if queries != nil {
		topt.Queries = queries.recs[:min(len(queries.recs), 20_000)]
	}
	evaluate := func(n int) (reviewPoint, error) {
		if _, err := m.Train(ctx, topt); err != nil {
			return reviewPoint{}, err
		}
		rep := &report{}
		if queries != nil {
			err = benchLink(ctx, m, base, queries, rep, true, answersOf)
		} else {
			err = benchDedup(ctx, m, base, rep, o.threshold, true, topt.Labels)
		}
		acc := rep.Link
		if acc == nil {
			acc = rep.Dedup
		}
		if err != nil || acc == nil {
			return reviewPoint{}, err
		}
		pt := reviewPoint{Answers: n, F1: acc.F1, ECE: acc.ECE, BestF1: acc.BestF1}
		if queries == nil {
			pt.ModelF1 = acc.F1
			if len(topt.Labels) > 0 {
				alone := &report{}
				if err := benchDedup(ctx, m, base, alone, o.threshold, true, nil); err != nil {
					return reviewPoint{}, err
				}
				pt.ModelF1 = alone.Dedup.F1
			}
		}
		return pt, nil
	}

	start := time.Now()
	pt, err := evaluate(0)
	if err != nil {
		return err
	}
	curve := []reviewPoint{pt}
	// The answers go to a labels log as the server's would, so that what counts as settled
	// (review.Log.Settled) is what the server skips.
	dir, err := os.MkdirTemp("", "idmatch-review-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	answers, _, err := review.OpenLog(filepath.Join(dir, "labels.jsonl"), queries != nil)
	if err != nil {
		return err
	}
	defer answers.Close()
	same, diff := 0, 0
	for answered := 0; answered < o.review; {
		var cases []review.Case
		if queries != nil {
			cases, err = review.LinkCases(ctx, m, queries.recs)
		} else {
			cases, err = review.DedupCases(ctx, m, topt.Labels)
		}
		if err != nil {
			return err
		}
		queue := review.Order(cases, func(c review.Case) bool { return answers.Settled(c.A, c.B) })
		if len(queue) == 0 {
			fmt.Fprintf(log, "bench: no cases left to review after %d answers\n", answered)
			break
		}
		for k, batch := 0, min(reviewEvery, o.review-answered); k < len(queue) && batch > 0; k++ {
			c := queue[k]
			if answers.Settled(c.A, c.B) {
				continue // settled by an answer of this batch
			}
			batch--
			answered++
			var isSame bool
			if queries != nil {
				i := contact[c.A]
				isSame = queries.entity[i] == entityOf[c.B]
				l := match.QueryLabel{Query: queries.recs[i], ID: c.B, Same: isSame}
				topt.QueryLabels = append(topt.QueryLabels, l)
				answersOf[i] = append(answersOf[i], l)
			} else {
				isSame = entityOf[c.A] == entityOf[c.B]
				topt.Labels = append(topt.Labels, match.Label{A: c.A, B: c.B, Same: isSame})
			}
			same, diff = same+b2i(isSame), diff+b2i(!isSame)
			ans := review.Different
			if isSame {
				ans = review.Same
			}
			if err := answers.Record(c.A, c.B, ans, time.Now()); err != nil {
				return err
			}
		}
		pt, err := evaluate(answered)
		if err != nil {
			return err
		}
		pt.Same, pt.Different = same, diff
		curve = append(curve, pt)
	}
	writeReviewTable(stdout, name, curve, time.Since(start), queries == nil)
	svg := filepath.Join(os.TempDir(), "idmatch_review.svg")
	if o.jsonPath != "" {
		svg = strings.TrimSuffix(o.jsonPath, ".json") + "_review.svg"
	}
	if err := os.WriteFile(svg, []byte(reviewChart(curve, name)), 0o644); err != nil {
		return err
	}
	fmt.Fprintf(log, "bench: wrote %s\n", svg)
	return nil
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// writeReviewTable prints the curve; dedup adds the column of the model alone.
func writeReviewTable(w io.Writer, name string, curve []reviewPoint, took time.Duration, dedup bool) {
	fmt.Fprintf(w, "### Simulated review — %s\n\n", name)
	first, last := curve[0], curve[len(curve)-1]
	fmt.Fprintf(w, "F1 %.4f → %.4f, ECE %.4f → %.4f after %d answers (%d same, %d different), %.1f s\n\n",
		first.F1, last.F1, first.ECE, last.ECE, last.Answers, last.Same, last.Different, took.Seconds())
	if dedup {
		// The clustering keeps the answers; "model alone" is the clustering that does not.
		fmt.Fprintf(w, "| answers | same | different | F1 | F1, model alone | best F1 | ECE |\n|---|---|---|---|---|---|---|\n")
	} else {
		fmt.Fprintf(w, "| answers | same | different | F1 | best F1 | ECE |\n|---|---|---|---|---|---|\n")
	}
	for _, p := range curve {
		if dedup {
			fmt.Fprintf(w, "| %d | %d | %d | %.4f | %.4f | %.4f | %.4f |\n", p.Answers, p.Same, p.Different, p.F1, p.ModelF1, p.BestF1, p.ECE)
		} else {
			fmt.Fprintf(w, "| %d | %d | %d | %.4f | %.4f | %.4f |\n", p.Answers, p.Same, p.Different, p.F1, p.BestF1, p.ECE)
		}
	}
	fmt.Fprintln(w)
}

// reviewChart plots F1 and ECE against the number of answers, on the bench's chart frame.
func reviewChart(curve []reviewPoint, title string) string {
	n := curve[len(curve)-1].Answers
	c := newChart("F1 and ECE by simulated answers — "+title, 0, float64(max(n, 1)), 0, 1, false)
	var xt []float64
	for k := 0; k <= 10; k++ {
		xt = append(xt, float64(k)*float64(max(n, 1))/10)
	}
	c.axes(xt, tenths(), func(v float64) string { return fmt.Sprintf("%.0f", v) }, f1dp, "answers", "")
	xs, f1, ece := make([]float64, len(curve)), make([]float64, len(curve)), make([]float64, len(curve))
	for i, p := range curve {
		xs[i], f1[i], ece[i] = float64(p.Answers), p.F1, p.ECE
	}
	c.polyline(xs, f1, "#2ca02c")
	c.polyline(xs, ece, "#d62728")
	for i, p := range curve {
		fmt.Fprintf(&c.b, `<circle cx="%.1f" cy="%.1f" r="3" fill="#2ca02c"><title>%s</title></circle>`+"\n",
			c.px(xs[i]), c.py(f1[i]), html.EscapeString(fmt.Sprintf("%d answers: F1 %.4f, ECE %.4f", p.Answers, p.F1, p.ECE)))
	}
	c.legendLine("#2ca02c", "", "F1")
	c.legendLine("#d62728", "", "ECE")
	return c.svg()
}
