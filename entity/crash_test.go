package entity_test

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"reflect"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/idmatch/idmatch/entity"
	"github.com/idmatch/idmatch/match"
)

// crashCalls is the fixed sequence of calls the crash test applies: single adds, batches,
// removals and updates, each of which changes the store, so that call i commits revision
// i+1.
func crashCalls() [][]entity.Change {
	rng := rand.New(rand.NewPCG(21, 1))
	recs := smallBase(21, 120)
	stored := map[string]match.Record{}
	var ids []string
	var calls [][]entity.Change
	for i := 0; i < len(recs); {
		switch k := rng.IntN(10); {
		case k < 1 && len(stored) > 0:
			id := ids[rng.IntN(len(ids))]
			if _, ok := stored[id]; !ok {
				continue
			}
			delete(stored, id)
			calls = append(calls, []entity.Change{{Op: entity.OpRemove, Record: match.Record{ID: id}}})
		case k < 2 && len(stored) > 0:
			id := ids[rng.IntN(len(ids))]
			rec, ok := stored[id]
			if !ok {
				continue
			}
			rec.City += "-" + strconv.Itoa(len(calls)) // a real change, keeping the name usable
			stored[id] = rec
			calls = append(calls, []entity.Change{{Op: entity.OpUpsert, Record: rec}})
		case k < 4:
			end := min(len(recs), i+1+rng.IntN(6))
			var chs []entity.Change
			for _, rec := range recs[i:end] {
				chs = append(chs, entity.Change{Op: entity.OpUpsert, Record: rec})
				stored[rec.ID] = rec
				ids = append(ids, rec.ID)
			}
			calls = append(calls, chs)
			i = end
		default:
			calls = append(calls, []entity.Change{{Op: entity.OpAdd, Record: recs[i]}})
			stored[recs[i].ID] = recs[i]
			ids = append(ids, recs[i].ID)
			i++
		}
	}
	return calls
}

// stateAfter is what the store must hold after the first k calls.
func stateAfter(calls [][]entity.Change, k int) map[string]match.Record {
	st := map[string]match.Record{}
	for _, chs := range calls[:k] {
		for _, ch := range chs {
			if ch.Op == entity.OpRemove {
				delete(st, ch.Record.ID)
			} else {
				st[ch.Record.ID] = ch.Record
			}
		}
	}
	return st
}

const crashDirEnv = "IDMATCH_ENTITY_CRASH_DIR"

// TestCrashChild is the child of TestCrash: it opens the store, applies the calls the store
// does not hold yet, and prints "ok <call> <seq>" after each call returns. It does nothing
// unless TestCrash starts it.
func TestCrashChild(t *testing.T) {
	dir := os.Getenv(crashDirEnv)
	if dir == "" {
		t.Skip("run by TestCrash")
	}
	r, err := entity.Open(dir, entity.Options{LockTimeout: 5 * time.Second, NoSnapshot: os.Getenv("IDMATCH_ENTITY_NOSNAP") != ""})
	if err != nil {
		fmt.Fprintln(os.Stderr, "open:", err)
		os.Exit(3)
	}
	calls := crashCalls()
	for i := int(r.Revision()); i < len(calls); i++ {
		res, err := r.Apply(ctx, calls[i])
		if err != nil {
			fmt.Fprintln(os.Stderr, "apply:", err)
			os.Exit(4)
		}
		for _, o := range res.Outcomes {
			if o.Err != nil {
				fmt.Fprintln(os.Stderr, "apply:", o.Err)
				os.Exit(5)
			}
		}
		fmt.Fprintf(os.Stdout, "ok %d %d\n", i, res.Seq)
	}
	r.Close()
	fmt.Fprintln(os.Stdout, "done")
	os.Exit(0)
}

// TestCrash kills a child process applying changes at random moments, hundreds of times with
// IDMATCH_ENTITY_CRASH_ITERATIONS set (100 by default), and checks after each reopen that
// every change the child saw return is on disk, that no change is there in part, and that
// the store is consistent.
func TestCrash(t *testing.T) {
	if testing.Short() {
		t.Skip("starts child processes")
	}
	iterations := 100
	if n, err := strconv.Atoi(os.Getenv("IDMATCH_ENTITY_CRASH_ITERATIONS")); err == nil && n > 0 {
		iterations = n
	}
	calls := crashCalls()
	rng := rand.New(rand.NewPCG(5, 5))
	dir := t.TempDir()
	stores, finished := 0, 0
	for it := 0; it < iterations; it++ {
		cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$")
		cmd.Env = append(os.Environ(), crashDirEnv+"="+dir)
		if rng.IntN(3) == 0 {
			cmd.Env = append(cmd.Env, "IDMATCH_ENTITY_NOSNAP=1")
		}
		var stderr strings.Builder
		cmd.Stderr = &stderr
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// Kill after a random number of returned calls, or at a random moment.
		killAfter := rng.IntN(12)
		delay := time.Duration(rng.IntN(40)) * time.Millisecond
		timer := time.AfterFunc(delay+50*time.Millisecond, func() { cmd.Process.Signal(syscall.SIGKILL) })
		lastCall, lastSeq, seen, done := -1, uint64(0), 0, false
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			line := sc.Text()
			if line == "done" {
				done = true
				continue
			}
			var i int
			var seq uint64
			if _, err := fmt.Sscanf(line, "ok %d %d", &i, &seq); err != nil {
				continue // test framework output
			}
			lastCall, lastSeq = i, seq
			if seen++; seen == killAfter {
				cmd.Process.Signal(syscall.SIGKILL)
			}
		}
		timer.Stop()
		cmd.Wait()
		if strings.Contains(stderr.String(), "open:") || strings.Contains(stderr.String(), "apply:") {
			t.Fatalf("iteration %d: child failed: %s", it, stderr.String())
		}

		r, err := entity.Open(dir, entity.Options{})
		if err != nil {
			t.Fatalf("iteration %d: reopen: %v", it, err)
		}
		rev := int(r.Revision())
		if rev < lastCall+1 {
			t.Fatalf("iteration %d: store at revision %d, but call %d had returned", it, rev, lastCall)
		}
		if r.LastSeq() < lastSeq {
			t.Fatalf("iteration %d: log ends at %d, but seq %d had been returned", it, r.LastSeq(), lastSeq)
		}
		if err := r.Verify(ctx); err != nil {
			t.Fatalf("iteration %d: %v", it, err)
		}
		want := stateAfter(calls, rev)
		var got []string
		for _, recs := range r.Partition() {
			got = append(got, recs...)
		}
		if len(got) != len(want) {
			t.Fatalf("iteration %d: %d records stored, %d after %d calls", it, len(got), len(want), rev)
		}
		for _, id := range got {
			rec, ok, err := r.Record(id)
			w := want[id]
			if err != nil || !ok || !reflect.DeepEqual(canonical(rec), canonical(w)) {
				t.Fatalf("iteration %d: record %q is %+v, want %+v (%v)", it, id, rec, w, err)
			}
		}
		if err := r.Close(); err != nil {
			t.Fatal(err)
		}
		if done || rev == len(calls) {
			finished++
			dir = t.TempDir()
			stores++
		}
	}
	t.Logf("%d kills over %d stores, %d finished", iterations, stores+1, finished)
}

// canonical makes empty slices nil, as the store keeps them.
func canonical(r match.Record) match.Record {
	for _, s := range []*[]string{&r.Phones, &r.Emails, &r.Handles} {
		if len(*s) == 0 {
			*s = nil
		}
	}
	if len(r.Extra) == 0 {
		r.Extra = nil
	}
	return r
}
