package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"

	"github.com/idmatch/idmatch/internal/progress"
	"github.com/idmatch/idmatch/match"
)

// prepareAll normalizes the records on all cores, so that the normalize phase is timed on
// its own; it returns the prepared records in order and how many could not be prepared.
func prepareAll(m *match.Matcher, recs []match.Record, quiet bool) ([]match.Prepared, int) {
	out := make([]match.Prepared, len(recs))
	ok := make([]bool, len(recs))
	bar := progress.New(int64(len(recs)), "normalize", quiet)
	const chunk = 1024
	next := make(chan int)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for lo := range next {
				for i := lo; i < min(lo+chunk, len(recs)); i++ {
					p, _, err := m.Prepare(recs[i])
					out[i], ok[i] = p, err == nil
				}
				bar.Add(min(chunk, len(recs)-lo))
			}
		}()
	}
	for lo := 0; lo < len(recs); lo += chunk {
		next <- lo
	}
	close(next)
	wg.Wait()
	bar.Finish()
	kept, bad := out[:0], 0
	for i, p := range out {
		if ok[i] {
			kept = append(kept, p)
		} else {
			bad++
		}
	}
	return kept, bad
}

// peakRSS is the process's peak resident set size, from /proc (0 where that is missing).
func peakRSS() uint64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, err := strconv.ParseUint(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			if err != nil {
				return 0
			}
			return kb << 10
		}
	}
	return 0
}

// runScaling runs a generated base of each size of o.scaling in a child process (so that
// each size's peak memory is its own) and prints one row per size: records per second of
// each phase and memory, so that linear growth can be seen.
func runScaling(o options, stdout, stderr io.Writer) error {
	var sizes []int
	for _, f := range strings.Split(o.scaling, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 2 {
			return fmt.Errorf("-scaling: %q is not a record count of at least 2", f)
		}
		sizes = append(sizes, n)
	}
	exe, err := os.Executable()
	if err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "idmatch-scaling")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	fmt.Fprintf(stdout, "| records | build | train for dedup | dedup | dedup F1 | µs per record (build + train + dedup) | peak heap | peak RSS | bytes per record |\n|---|---|---|---|---|---|---|---|---|\n")
	for _, n := range sizes {
		out := filepath.Join(dir, fmt.Sprintf("%d.json", n))
		args := []string{"-q", "-records", strconv.Itoa(n), "-contacts", "1000", "-seed", strconv.FormatInt(o.seed, 10), "-json", out}
		if o.noTrain {
			args = append(args, "-notrain")
		}
		cmd := exec.Command(exe, args...)
		var errBuf bytes.Buffer
		cmd.Stdout, cmd.Stderr = io.Discard, &errBuf
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("%d records: %v: %s", n, err, errBuf.String())
		}
		b, err := os.ReadFile(out)
		if err != nil {
			return err
		}
		var r report
		if err := json.Unmarshal(b, &r); err != nil {
			return err
		}
		build := float64(r.Records) / r.BuildRecordsPerSecond
		total := build + r.DedupTrainSeconds + r.DedupSeconds
		f1 := 0.0
		if r.Dedup != nil {
			f1 = r.Dedup.F1
		}
		fmt.Fprintf(stdout, "| %d | %.1f s (%.0f rec/s) | %.1f s | %.1f s | %.4f | %.1f | %.0f MiB | %.0f MiB | %.0f |\n",
			r.Records, build, r.BuildRecordsPerSecond, r.DedupTrainSeconds, r.DedupSeconds, f1,
			total/float64(r.Records)*1e6, float64(r.PeakHeapBytes)/(1<<20), float64(r.PeakRSSBytes)/(1<<20), r.BytesPerRecord)
	}
	return nil
}
