package entity_test

import (
	"reflect"
	"slices"
	"sync"
	"testing"

	"github.com/idmatch/idmatch/entity"
	"github.com/idmatch/idmatch/match"
)

// TestConcurrentWriters adds records from several goroutines at once, so that calls are
// committed together: each call's result must be the one it would have had alone (its
// events contiguous in the log, its records in the entities the log gives them at its
// last event), and the store must be the one the log describes, before and after a reopen.
func TestConcurrentWriters(t *testing.T) {
	dir := t.TempDir()
	r := open(t, dir, entity.Options{})
	recs := smallBase(17, 50)
	const writers = 6
	var (
		mu      sync.Mutex
		results []entity.Result
		wg      sync.WaitGroup
	)
	for w := 0; w < writers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mine []match.Record // the records this writer stored
			for i := w; i < len(recs); i += writers {
				var res entity.Result
				var err error
				switch {
				case i%7 == 3 && len(mine) > 0: // a record and a change to an earlier one
					prev := &mine[len(mine)-1]
					prev.City += "-2"
					res, err = r.Apply(ctx, []entity.Change{{Op: entity.OpUpsert, Record: recs[i]}, {Op: entity.OpUpsert, Record: *prev}})
					mine = append(mine, recs[i])
				case i%11 == 5 && len(mine) > 0: // a removal
					res, err = r.Remove(ctx, mine[0].ID)
					mine = mine[1:]
				default:
					res, err = r.Add(ctx, recs[i])
					mine = append(mine, recs[i])
				}
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				results = append(results, res)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if t.Failed() {
		return
	}
	if got := int(r.Revision()); got != len(results) {
		t.Errorf("revision %d after %d calls that changed the store", got, len(results))
	}
	slices.SortFunc(results, func(x, y entity.Result) int { return int(x.Seq) - int(y.Seq) })
	var fromCalls []entity.Event
	for _, res := range results {
		for i, e := range res.Events {
			if want := res.Seq - uint64(len(res.Events)-1-i); e.Seq != want {
				t.Fatalf("a call's events are not contiguous: seq %d where %d belongs (call up to %d)", e.Seq, want, res.Seq)
			}
		}
		fromCalls = append(fromCalls, res.Events...)
	}
	log, err := r.Events(1, 0)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(log, fromCalls) {
		t.Fatalf("the log (%d events) differs from the calls' events (%d)", len(log), len(fromCalls))
	}
	if len(log) == 0 || log[len(log)-1].Seq != r.LastSeq() {
		t.Fatalf("log of %d events, last seq %d", len(log), r.LastSeq())
	}
	// Each outcome names the entity its record was in right after its own call.
	at := map[string]string{}
	k := 0
	for _, res := range results {
		for ; k < len(log) && log[k].Seq <= res.Seq; k++ {
			for _, id := range log[k].Records {
				if log[k].Kind == entity.Removed {
					delete(at, id)
				} else {
					at[id] = log[k].Entity
				}
			}
		}
		for _, o := range res.Outcomes {
			if o.Entity != at[o.ID] {
				t.Errorf("record %s: the call said %s, the log at seq %d says %s", o.ID, o.Entity, res.Seq, at[o.ID])
			}
		}
	}
	if err := r.Verify(ctx); err != nil {
		t.Fatal(err)
	}
	want := r.Partition()
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	r = open(t, dir, entity.Options{})
	defer r.Close()
	if diff := diff(want, r.Partition()); diff != "" {
		t.Errorf("partition after reopen (-before +after):\n%s", diff)
	}
	if err := r.Verify(ctx); err != nil {
		t.Error(err)
	}
}
