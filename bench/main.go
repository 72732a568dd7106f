// Command bench measures idmatch end to end: blocking, accuracy, calibration and speed, on
// generated multi-channel data or on labelled files.
//
// With no flags it generates a CRM of 100,000 records and 10,000 channel contacts, links the
// contacts, deduplicates the CRM, and prints a Markdown table:
//
//	go run ./bench
//	go run ./bench -records 1000000
//	go run ./bench -dataset ../shared/data/febrl/dataset3.csv -fields "$FEBRL"
//	go run ./bench -dataset ../shared/data/febrl/dataset4a.csv -dataset2 ../shared/data/febrl/dataset4b.csv -fields "$FEBRL"
//
// One -dataset is deduplicated; with -dataset2 the second file's rows are linked to the
// first's. Ground truth comes from an "entity" or "cluster" column, Febrl record IDs
// (rec-N-org, rec-N-dup-k) or numeric Febrl IDs, detected from the file. -json writes the
// figures and, next to it, SVG charts for linking and for deduplication, whichever ran:
// precision, recall and F1 against the threshold with the default thresholds marked
// (FILE_link_threshold.svg, FILE_dedup_threshold.svg), a reliability diagram
// (..._reliability.svg) and a histogram of match weights of true and false pairs
// (..._weights.svg).
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"iter"
	"math"
	"os"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/idmatch/idmatch/internal/dataset"
	"github.com/idmatch/idmatch/internal/progress"
	"github.com/idmatch/idmatch/internal/synth"
	"github.com/idmatch/idmatch/match"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

type options struct {
	records   int
	contacts  int
	seed      int64
	dataset   string
	dataset2  string
	fields    string
	jsonPath  string
	region    string
	quiet     bool
	noTrain   bool
	threshold float64
	review    int
	cpuProf   string
	memProf   string
	scaling   string
}

// labelled is a set of records with their true entities.
type labelled struct {
	recs   []match.Record
	entity []string
	crowd  []bool
}

func run(args []string, stdout, stderr io.Writer) int {
	var o options
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.IntVar(&o.records, "records", 100_000, "generated CRM size (ignored with -dataset)")
	fs.IntVar(&o.contacts, "contacts", 0, "generated contacts to link (default: a tenth of -records, at most 20,000)")
	fs.Int64Var(&o.seed, "seed", 1, "seed of the generator")
	fs.StringVar(&o.dataset, "dataset", "", "labelled CSV or JSONL file to deduplicate, or the base side of a link")
	fs.StringVar(&o.dataset2, "dataset2", "", "labelled file whose rows are linked to -dataset")
	fs.StringVar(&o.fields, "fields", "", "column:role map, e.g. rec_id:id,given_name:first_name,postcode:exact")
	fs.StringVar(&o.jsonPath, "json", "", "write the figures as JSON to this file, and SVG charts next to it")
	fs.StringVar(&o.region, "region", "RU", "default phone region")
	fs.BoolVar(&o.quiet, "q", false, "no progress bars")
	fs.BoolVar(&o.noTrain, "notrain", false, "skip training: score with the built-in model")
	fs.Float64Var(&o.threshold, "threshold", 0.5, "pairwise probability that links records in deduplication")
	fs.IntVar(&o.review, "review", 0, "simulate a reviewer answering this many uncertain cases from the truth (see review.go)")
	fs.StringVar(&o.cpuProf, "cpuprofile", "", "write a CPU profile of the run to this file")
	fs.StringVar(&o.memProf, "memprofile", "", "write a heap profile (allocations) at the end of the run to this file")
	fs.StringVar(&o.scaling, "scaling", "", "run generated bases of these sizes (e.g. 100000,300000,1000000), each in a process of its own, and print time and memory per size")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 || o.records < 2 || (o.dataset2 != "" && o.dataset == "") {
		fmt.Fprintln(stderr, "bench: usage: bench [-records N | -dataset FILE [-dataset2 FILE]] [-fields MAP] [-json FILE]")
		return 2
	}
	o.quiet = progress.Quiet(o.quiet, stderr)
	stopProfiles, err := startProfiles(o.cpuProf, o.memProf)
	if err != nil {
		fmt.Fprintln(stderr, "bench:", err)
		return 1
	}
	defer func() {
		if err := stopProfiles(); err != nil {
			fmt.Fprintln(stderr, "bench:", err)
		}
	}()
	if o.scaling != "" {
		if err := runScaling(o, stdout, stderr); err != nil {
			fmt.Fprintln(stderr, "bench:", err)
			return 1
		}
		return 0
	}
	if o.review > 0 {
		if err := runReview(context.Background(), o, stdout, stderr); err != nil {
			fmt.Fprintln(stderr, "bench:", err)
			return 1
		}
		return 0
	}
	rep, err := bench(context.Background(), o, stderr)
	if err != nil {
		fmt.Fprintln(stderr, "bench:", err)
		return 1
	}
	writeTable(stdout, rep)
	if o.jsonPath != "" {
		if err := writeJSON(o.jsonPath, rep); err != nil {
			fmt.Fprintln(stderr, "bench:", err)
			return 1
		}
	}
	return 0
}

// report is the harness's output; the JSON keys are part of its interface.
type report struct {
	Name                  string    `json:"name"`
	Records               int       `json:"records"`
	Queries               int       `json:"queries,omitempty"`
	F1                    float64   `json:"f1"`
	Precision             float64   `json:"precision"`
	Recall                float64   `json:"recall"`
	BestF1                float64   `json:"best_f1"`
	ECE                   float64   `json:"ece"`
	PairsCompleteness     float64   `json:"pairs_completeness"`
	ReductionRatio        float64   `json:"reduction_ratio"`
	CandidatePairs        int64     `json:"candidate_pairs"`
	CrowdWrongMatched     *float64  `json:"crowd_wrong_matched,omitempty"`
	BuildRecordsPerSecond float64   `json:"build_records_per_second"`
	TrainSeconds          float64   `json:"train_seconds"`
	NonePrior             float64   `json:"none_prior,omitempty"` // learnt by training on the contacts
	MatchP50us            float64   `json:"match_p50_us"`
	MatchP95us            float64   `json:"match_p95_us"`
	MatchP99us            float64   `json:"match_p99_us"`
	DedupSeconds          float64   `json:"dedup_seconds"`
	DedupTrainSeconds     float64   `json:"dedup_train_seconds,omitempty"`
	BytesPerRecord        float64   `json:"bytes_per_record"`
	PeakHeapBytes         uint64    `json:"peak_heap_bytes"`
	Link                  *accuracy `json:"link,omitempty"`
	Dedup                 *accuracy `json:"dedup,omitempty"`
	DedupBlocking         *blocking `json:"dedup_blocking,omitempty"`
	// LinkWeights holds the match weight of each contact's best candidate, split by whether
	// it is of the contact's entity; DedupWeights the weights of the scored pairs.
	LinkWeights    *histogram `json:"link_weights,omitempty"`
	DedupWeights   *histogram `json:"dedup_weights,omitempty"`
	DedupThreshold float64    `json:"dedup_threshold,omitempty"`
	Cores          int        `json:"cores"`
	GoVersion      string     `json:"go_version"`
	// Phases are the wall times of the run's steps, in the order they ran.
	Phases []phase `json:"phases"`
	// PeakRSSBytes is the process's peak resident memory at the end of the run (Linux).
	PeakRSSBytes uint64 `json:"peak_rss_bytes,omitempty"`
}

// phase is one step of a run and its wall time.
type phase struct {
	Name    string  `json:"name"`
	Seconds float64 `json:"seconds"`
}

// timePhase appends the time since start to the report's phases and returns now.
func (r *report) timePhase(name string, start time.Time) time.Time {
	now := time.Now()
	r.Phases = append(r.Phases, phase{name, now.Sub(start).Seconds()})
	return now
}

type blocking struct {
	CandidatePairs    int64   `json:"candidate_pairs"`
	PairsCompleteness float64 `json:"pairs_completeness"`
	ReductionRatio    float64 `json:"reduction_ratio"`
}

func bench(ctx context.Context, o options, log io.Writer) (*report, error) {
	peak := watchHeap()
	defer peak.stop()
	rep := &report{Cores: runtime.GOMAXPROCS(0), GoVersion: runtime.Version()}
	readStart := time.Now()
	var base, queries *labelled
	var opts []match.Option
	switch {
	case o.dataset != "":
		fm, err := dataset.ParseFieldMap(o.fields)
		if err != nil {
			return nil, err
		}
		for name, kind := range fm.Extras() {
			opts = append(opts, match.WithField(name, kind))
		}
		if base, err = readLabelled(o.dataset, fm, log); err != nil {
			return nil, err
		}
		rep.Name = o.dataset
		if o.dataset2 != "" {
			if queries, err = readLabelled(o.dataset2, fm, log); err != nil {
				return nil, err
			}
			rep.Name += " → " + o.dataset2
		}
	default:
		cfg := synth.DefaultConfig()
		cfg.Seed, cfg.Customers = o.seed, o.records
		if err := cfg.Validate(); err != nil {
			return nil, err
		}
		base = fromSynth(synth.CRM(cfg), o.records)
		n := o.contacts
		if n <= 0 {
			n = min(max(o.records/10, 1), 20_000)
		}
		queries = fromSynth(synth.Contacts(cfg), n)
		rep.Name = fmt.Sprintf("generated: %d CRM records, %d contacts (seed %d)", len(base.recs), len(queries.recs), o.seed)
	}
	rep.Records = len(base.recs)
	opts = append(opts, match.WithRegion(o.region))
	readName := "read"
	if o.dataset == "" {
		readName = "generate"
	}
	rep.timePhase(readName, readStart)

	// Build: normalize, then index.
	runtime.GC()
	before := heapAlloc()
	m, err := match.New(opts...)
	if err != nil {
		return nil, err
	}
	// Normalize and index a chunk at a time, so that the prepared values of the whole base,
	// larger than the matcher's packed form, are never held at once. Large chunks: each
	// AddPrepared call indexes in a pipeline that drains at its end.
	const chunk = 1 << 17
	var normalizeTime, indexTime time.Duration
	bad := 0
	bar := progress.New(int64(len(base.recs)), "normalize and index", o.quiet)
	for lo := 0; lo < len(base.recs); lo += chunk {
		start := time.Now()
		prepared, failed := prepareAll(m, base.recs[lo:min(lo+chunk, len(base.recs))], true)
		indexStart := time.Now()
		normalizeTime += indexStart.Sub(start)
		bad += failed
		for _, err := range m.AddPrepared(prepared) {
			if err != nil {
				bad++
			}
		}
		indexTime += time.Since(indexStart)
		bar.Add(min(chunk, len(base.recs)-lo))
	}
	bar.Finish()
	rep.Phases = append(rep.Phases, phase{"normalize", normalizeTime.Seconds()}, phase{"index", indexTime.Seconds()})
	rep.BuildRecordsPerSecond = float64(len(base.recs)) / (normalizeTime + indexTime).Seconds()
	runtime.GC()
	rep.BytesPerRecord = float64(heapAlloc()-min(before, heapAlloc())) / float64(max(m.Len(), 1))
	if bad > 0 {
		fmt.Fprintf(log, "bench: %d records could not be added (no usable field or duplicate ID)\n", bad)
	}

	// Train.
	if !o.noTrain {
		start := time.Now()
		var topt match.TrainOptions
		if queries != nil {
			topt.Queries = queries.recs[:min(len(queries.recs), 20_000)]
		}
		if tr, err := m.Train(ctx, topt); err != nil {
			fmt.Fprintf(log, "bench: training failed, scoring with the built-in model: %v\n", err)
		} else {
			rep.NonePrior = tr.NonePrior
		}
		rep.TrainSeconds = time.Since(start).Seconds()
		rep.timePhase("train", start)
	}

	if queries != nil {
		rep.Queries = len(queries.recs)
		start := time.Now()
		if err := benchLink(ctx, m, base, queries, rep, o.quiet, nil); err != nil {
			return nil, err
		}
		rep.timePhase("link (match and measure)", start)
	}
	if queries == nil || o.dataset == "" {
		if queries != nil && !o.noTrain {
			// The model was trained for linking contacts; deduplicating the base wants the
			// model of its own duplicates, as the dedup example trains it.
			start := time.Now()
			if _, err := m.Train(ctx, match.TrainOptions{}); err != nil {
				fmt.Fprintf(log, "bench: dedup training failed, keeping the link model: %v\n", err)
			}
			rep.DedupTrainSeconds = time.Since(start).Seconds()
			rep.timePhase("train for dedup", start)
		}
		if err := benchDedup(ctx, m, base, rep, o.threshold, queries == nil, nil); err != nil {
			return nil, err
		}
	}
	rep.PeakHeapBytes = peak.stop()
	rep.PeakRSSBytes = peakRSS()
	return rep, nil
}

// answers are a reviewer's answers about the contacts, by contact index, for the output to
// keep (Matcher.Decide); nil outside -review.
func benchLink(ctx context.Context, m *match.Matcher, base, queries *labelled, rep *report, quiet bool, answers map[int][]match.QueryLabel) error {
	entityOf := make(map[string]string, len(base.recs))
	inBase := make(map[string]bool, len(base.recs))
	for i, r := range base.recs {
		entityOf[r.ID] = base.entity[i]
		inBase[base.entity[i]] = true
	}
	outs := make([]linkOutcome, 0, len(queries.recs))
	lat := make([]float64, 0, len(queries.recs))
	var cand, found, truePairs int64
	weights := newHistogram()
	bar := progress.New(int64(len(queries.recs)), "link", quiet)
	for i, q := range queries.recs {
		q.ID = "" // a contact is not a stored record
		start := time.Now()
		res, err := m.Match(ctx, q)
		lat = append(lat, float64(time.Since(start).Nanoseconds())/1e3)
		if a := answers[i]; err == nil && len(a) > 0 {
			res = m.Decide(res, a)
		}
		bar.Add(1)
		o := linkOutcome{truth: queries.entity[i], inBase: inBase[queries.entity[i]], crowd: queries.crowd[i]}
		if err == nil && res.Best != nil {
			o.best, o.conf, o.match = entityOf[res.Best.ID], res.Confidence, res.Status == match.Matched
			weights.add(res.Best.Weight, o.best == o.truth)
		}
		if o.inBase {
			truePairs++
			ids, _ := m.Candidates(ctx, q)
			cand += int64(len(ids))
			for _, id := range ids {
				if entityOf[id] == o.truth {
					o.found = true
					found++
					break
				}
			}
		}
		outs = append(outs, o)
	}
	bar.Finish()
	acc, crowd := evalLink(outs)
	rep.Link = &acc
	rep.LinkWeights = weights
	rep.F1, rep.Precision, rep.Recall, rep.BestF1, rep.ECE = acc.F1, acc.Precision, acc.Recall, acc.BestF1, acc.ECE
	for _, c := range queries.crowd {
		if c {
			rep.CrowdWrongMatched = &crowd
			break
		}
	}
	rep.CandidatePairs = cand
	if truePairs > 0 {
		rep.PairsCompleteness = float64(found) / float64(truePairs)
	}
	rep.ReductionRatio = 1 - float64(cand)/(float64(truePairs)*float64(len(base.recs)))
	rep.MatchP50us, rep.MatchP95us, rep.MatchP99us = percentile(lat, 50), percentile(lat, 95), percentile(lat, 99)
	return nil
}

// benchDedup deduplicates base and scores the clustering; labels are a reviewer's answers
// for Dedup to keep (nil outside -review).
func benchDedup(ctx context.Context, m *match.Matcher, base *labelled, rep *report, threshold float64, primary bool, labels []match.Label) error {
	entityOf := make(map[string]string, len(base.recs))
	for i, r := range base.recs {
		entityOf[r.ID] = base.entity[i]
	}
	start := time.Now()
	// Pairs down to a probability of 1e-6 (about -20 bits) are kept for the weight histogram;
	// the sweep and calibration use those at 0.01 and above.
	cl, err := m.Dedup(ctx, match.DedupOptions{Threshold: threshold, KeepPairs: true, PairFloor: 1e-6, Labels: labels})
	if err != nil {
		return err
	}
	rep.DedupSeconds = time.Since(start).Seconds()
	rep.Phases = append(rep.Phases, phase{"dedup: score pairs", cl.ScoreTime.Seconds()}, phase{"dedup: cluster", cl.ClusterTime.Seconds()})
	rep.DedupThreshold = threshold
	weights := newHistogram()
	for _, p := range cl.Pairs {
		weights.add(p.Weight, entityOf[p.A] == entityOf[p.B])
	}
	rep.DedupWeights = weights
	scored := cl.Pairs
	for len(scored) > 0 && scored[len(scored)-1].Probability < 0.01 {
		scored = scored[:len(scored)-1]
	}

	var cluster []int
	var entity []string
	for id, c := range cl.ClusterOf {
		cluster = append(cluster, c)
		entity = append(entity, entityOf[id])
	}
	tp, pred, actual := pairCounts(cluster, entity)
	var acc accuracy
	acc.Precision, acc.Recall, acc.F1 = prf(tp, pred, actual)
	ans := make([]scoredAnswer, len(scored))
	for i, p := range scored {
		ans[i] = scoredAnswer{p.Probability, entityOf[p.A] == entityOf[p.B]}
	}
	acc.Sweep = sweep(ans, actual)
	acc.BestF1, acc.BestThreshold = best(acc.Sweep)
	acc.ECE, acc.Reliability = calibration(ans, 10)
	rep.Dedup = &acc

	var cand, found atomic.Int64
	err = m.CandidatePairs(ctx, func(a, b string) {
		cand.Add(1)
		if entityOf[a] == entityOf[b] {
			found.Add(1)
		}
	})
	if err != nil {
		return err
	}
	n := float64(m.Len())
	blk := &blocking{CandidatePairs: cand.Load(), ReductionRatio: 1 - float64(cand.Load())/(n*(n-1)/2)}
	if actual > 0 {
		blk.PairsCompleteness = float64(found.Load()) / actual
	}
	rep.DedupBlocking = blk
	if primary {
		rep.F1, rep.Precision, rep.Recall, rep.BestF1, rep.ECE = acc.F1, acc.Precision, acc.Recall, acc.BestF1, acc.ECE
		rep.PairsCompleteness, rep.ReductionRatio, rep.CandidatePairs = blk.PairsCompleteness, blk.ReductionRatio, blk.CandidatePairs
	}
	return nil
}

func fromSynth(seq iter.Seq[synth.Record], limit int) *labelled {
	l := &labelled{}
	for r := range seq {
		if len(l.recs) >= limit {
			break
		}
		rec := match.Record{ID: r.ID, Source: r.Source, FirstName: r.FirstName, LastName: r.LastName,
			MiddleName: r.MiddleName, FullName: r.FullName, City: r.City, BirthDate: r.BirthDate}
		if r.Phone != "" {
			rec.Phones = []string{r.Phone}
		}
		if r.Email != "" {
			rec.Emails = []string{r.Email}
		}
		l.recs = append(l.recs, rec)
		l.entity = append(l.entity, r.Entity)
		l.crowd = append(l.crowd, r.Crowd)
	}
	return l
}

// readLabelled reads a file and its ground truth. Bad rows are reported and skipped.
func readLabelled(path string, fm dataset.FieldMap, log io.Writer) (*labelled, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	rd, err := dataset.NewReader(f, fm, dataset.Options{})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	var rows []dataset.Row
	for row, err := range rd.All() {
		var re *dataset.RowError
		switch {
		case errors.As(err, &re):
			fmt.Fprintf(log, "%s: %v (row skipped)\n", path, re)
			continue
		case err != nil:
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		rows = append(rows, row)
	}
	truth, ok := dataset.DetectTruth(rd.Header(), rows)
	if !ok {
		return nil, fmt.Errorf("%s: no ground truth found (an entity or cluster column, or Febrl record IDs)", path)
	}
	l := &labelled{}
	for _, row := range rows {
		e, ok := truth.Entity(row)
		if !ok {
			fmt.Fprintf(log, "%s: line %d: no ground truth (row skipped)\n", path, row.Line)
			continue
		}
		l.recs = append(l.recs, row.Record)
		l.entity = append(l.entity, e)
		l.crowd = append(l.crowd, row.Columns.Get("crowd") == "true")
	}
	return l, nil
}

func heapAlloc() uint64 {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc
}

// heapWatch samples the heap in the background and keeps the peak.
type heapWatch struct {
	peak atomic.Uint64
	done chan struct{}
	once sync.Once
	wg   sync.WaitGroup
}

func watchHeap() *heapWatch {
	h := &heapWatch{done: make(chan struct{})}
	h.wg.Add(1)
	go func() {
		defer h.wg.Done()
		t := time.NewTicker(50 * time.Millisecond)
		defer t.Stop()
		for {
			if a := heapAlloc(); a > h.peak.Load() {
				h.peak.Store(a)
			}
			select {
			case <-h.done:
				return
			case <-t.C:
			}
		}
	}()
	return h
}

func (h *heapWatch) stop() uint64 {
	h.once.Do(func() { close(h.done); h.wg.Wait() })
	return h.peak.Load()
}

func writeTable(w io.Writer, r *report) {
	fmt.Fprintf(w, "### %s\n\n| metric | value |\n|---|---|\n", r.Name)
	row := func(k, f string, v ...any) { fmt.Fprintf(w, "| %s | %s |\n", k, fmt.Sprintf(f, v...)) }
	row("records", "%d", r.Records)
	if r.Queries > 0 {
		row("contacts linked", "%d", r.Queries)
	}
	row("F1 (default thresholds)", "%.4f", r.F1)
	row("precision / recall", "%.4f / %.4f", r.Precision, r.Recall)
	row("best F1 over thresholds", "%.4f", r.BestF1)
	row("expected calibration error", "%.4f", r.ECE)
	row("pairs completeness (blocking recall)", "%.4f", r.PairsCompleteness)
	row("reduction ratio", "%.6f", r.ReductionRatio)
	if r.CrowdWrongMatched != nil {
		row("namesake-crowd contacts wrongly matched", "%.4f", *r.CrowdWrongMatched)
	}
	if r.Dedup != nil && r.Link != nil {
		row("dedup F1 / best F1 / ECE", "%.4f / %.4f / %.4f", r.Dedup.F1, r.Dedup.BestF1, r.Dedup.ECE)
	}
	if r.DedupBlocking != nil && r.Link != nil {
		row("dedup pairs completeness / reduction", "%.4f / %.6f", r.DedupBlocking.PairsCompleteness, r.DedupBlocking.ReductionRatio)
	}
	row("build (normalize + index)", "%.0f records/s", r.BuildRecordsPerSecond)
	row("train", "%.2f s", r.TrainSeconds)
	if r.NonePrior > 0 {
		row("none prior learnt from the contacts", "%.3f", r.NonePrior)
	}
	if r.Queries > 0 {
		row("match latency p50 / p95 / p99", "%.0f / %.0f / %.0f µs", r.MatchP50us, r.MatchP95us, r.MatchP99us)
	}
	if r.DedupTrainSeconds > 0 {
		row("train for dedup", "%.2f s", r.DedupTrainSeconds)
	}
	if r.Dedup != nil {
		row("dedup wall time", "%.2f s", r.DedupSeconds)
	}
	row("memory per record", "%.0f B", r.BytesPerRecord)
	row("peak heap", "%.1f MiB", float64(r.PeakHeapBytes)/(1<<20))
	if r.PeakRSSBytes > 0 {
		row("peak resident memory", "%.1f MiB", float64(r.PeakRSSBytes)/(1<<20))
	}
	row("cores", "%d (%s)", r.Cores, r.GoVersion)
	fmt.Fprintln(w)
	if len(r.Phases) > 0 {
		fmt.Fprintf(w, "| phase | wall time |\n|---|---|\n")
		for _, p := range r.Phases {
			fmt.Fprintf(w, "| %s | %.2f s |\n", p.Name, p.Seconds)
		}
		fmt.Fprintln(w)
	}
}

func writeJSON(path string, r *report) error {
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(path, append(b, '\n'), 0o644); err != nil {
		return err
	}
	return writeCharts(strings.TrimSuffix(path, ".json"), r)
}

// writeCharts writes the SVG charts of each task that ran next to stem.
func writeCharts(stem string, r *report) error {
	charts := map[string]string{}
	if a := r.Link; a != nil {
		charts["link_threshold"] = thresholdChart(a.Sweep, "Linking: precision, recall and F1 by threshold — "+r.Name,
			"the best candidate's confidence", []mark{{0.5, "review ≥ 0.5"}, {0.9, "matched ≥ 0.9"}})
		charts["link_reliability"] = reliabilityChart(a.Reliability, "Linking: reliability of the confidence — "+r.Name,
			"confidence of the best candidate")
		if r.LinkWeights != nil {
			charts["link_weights"] = weightChart(r.LinkWeights, "Linking: match weight of each contact's best candidate — "+r.Name,
				weightLabels{x: "evidence for the best candidate", y: "contacts per bin (log scale)",
					true: "best candidate right", false: "best candidate wrong"}, nil,
				"Right: the best candidate is of the contact's entity. The evidence is before the posterior over rival candidates and none.")
		}
	}
	if a := r.Dedup; a != nil {
		t := r.DedupThreshold
		charts["dedup_threshold"] = thresholdChart(a.Sweep, "Deduplication: pairwise precision, recall and F1 by threshold — "+r.Name,
			"pair probability", []mark{{t, fmt.Sprintf("links at ≥ %.2g", t)}})
		charts["dedup_reliability"] = reliabilityChart(a.Reliability, "Deduplication: reliability of the pair probability — "+r.Name,
			"pair probability")
		if r.DedupWeights != nil {
			charts["dedup_weights"] = weightChart(r.DedupWeights, "Deduplication: match weight of candidate pairs — "+r.Name,
				weightLabels{x: "pair weight, prior included", y: pairLabels.y, true: pairLabels.true, false: pairLabels.false}, []mark{{math.Log2(t / (1 - t)), fmt.Sprintf("links at p ≥ %.2g (%+.0f bits)", t, math.Log2(t/(1-t)))}},
				"Pairs below a probability of 1e-6 (about -20 bits) are not kept and not shown.")
		}
	}
	for name, svg := range charts {
		if err := os.WriteFile(stem+"_"+name+".svg", []byte(svg), 0o644); err != nil {
			return err
		}
	}
	return nil
}
