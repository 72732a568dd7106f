package entity

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/idmatch/idmatch/match"
	"github.com/idmatch/idmatch/score"
)

// Errors returned by the package. Check them with errors.Is; errors of the match package
// (match.ErrEmptyRecord, ...) are passed on wrapped as they are.
var (
	ErrClosed       = errors.New("entity: resolver is closed")
	ErrLocked       = errors.New("entity: store is open in another process")
	ErrVersion      = errors.New("entity: store was written by a newer version")
	ErrCorrupt      = errors.New("entity: damaged store")
	ErrOptions      = errors.New("entity: options differ from the store's")
	ErrNotFound     = errors.New("entity: no record with that ID")
	ErrExists       = errors.New("entity: record ID already stored")
	ErrNoID         = errors.New("entity: record without ID")
	ErrFailed       = errors.New("entity: a write failed; close and open the store again")
	ErrInconsistent = errors.New("entity: entities disagree with the links")
)

// Options configure Open. It is a plain value, safe to copy and share. The zero value uses
// the defaults.
type Options struct {
	// Threshold is the pairwise match probability at which records link, as in
	// match.DedupOptions; default 0.5. It is kept in the store: a store opened with another
	// non-zero Threshold gives ErrOptions.
	Threshold float64
	// Matcher are the options of the store's Matcher. A new store keeps them; opening an
	// existing store with options that give another schema or other settings than the
	// store's is an ErrOptions. When nil, an existing store's own options are used (custom
	// fields, match.WithCustomField, must always be given again).
	Matcher []match.Option
	// LockTimeout is how long Open waits for another process to release the store before
	// giving ErrLocked; default 100ms.
	LockTimeout time.Duration
	// NoSnapshot turns off the matcher snapshot that Close writes, so every Open rebuilds
	// the matcher from the stored records.
	NoSnapshot bool
	// Sweep is the number of older records scored again for each record a call changes (at
	// most 256 a call), taken in turn from the whole store; default 2, negative for none. It keeps the links of
	// components that no change touches up to date as term frequencies drift, at the cost
	// of one more blocking query per change.
	Sweep int
	// Lower, Upper and Margin are the decision zones of Match, as match.WithThresholds and
	// match.WithAmbiguityMargin define them for records; defaults 0.5, 0.9 and 1 bit.
	Lower, Upper, Margin float64
}

// Op is the kind of a Change.
type Op uint8

const (
	// OpUpsert adds the record, or replaces the stored record with its ID. Replacing a
	// record by an equal one changes nothing and gives no event.
	OpUpsert Op = iota
	// OpAdd adds the record; it fails with ErrExists if its ID is stored.
	OpAdd
	// OpRemove removes the record with Record.ID; the other fields are ignored.
	OpRemove
)

// Change is one change for Apply.
type Change struct {
	Op     Op
	Record match.Record
}

// Outcome is what one change did.
type Outcome struct {
	// ID is the record's ID.
	ID string
	// Entity is the entity holding the record after the call ("" after a removal or when
	// the change was rejected).
	Entity string
	// Changed is false for a rejected change and for an Upsert of an equal record.
	Changed bool
	// Problems lists the record's fields that could not be normalized and were left out.
	Problems []match.Problem
	// Err is why the change was rejected; a rejected change stores nothing and the other
	// changes of the call go on.
	Err error
}

// Result is what a call did: one Outcome per change, in order, and the events of the whole
// call, in log order.
type Result struct {
	Outcomes []Outcome
	Events   []Event
	// Seq is the sequence number of the last event in the log once the call has returned.
	Seq uint64
}

// Resolver keeps records in entities with stable IDs, on a durable store.
//
// A Resolver is safe for concurrent use. Changes (Add, Upsert, Remove, AddBatch, Apply) are
// serialized: one writer at a time. Match, EntityOf, Events and the other readers may run
// while a change is being made and see the entities as of some committed call. A Resolver
// never modifies the Records passed to it and keeps no reference to them.
type Resolver struct {
	dir    string
	db     *bolt.DB
	m      *match.Matcher
	mopts  []match.Option
	thresh float64
	linkW  float64
	opt    Options

	wmu sync.Mutex // one writer at a time; guards the link graph and the counters

	qmu   sync.Mutex // guards queue
	queue []*call    // calls waiting for wmu, made together by the first to get it

	mu      sync.RWMutex // guards nodes, node.ent, ents, lastSeq, closed, failed for readers
	nodes   map[string]*node
	ents    map[string]*ent
	lastSeq uint64
	closed  bool
	failed  error

	nextEntity, nextRecord, rev uint64
	grow                        *grower // zeroed space ahead of the store's end
	snapRev                     uint64  // the revision the last snapshot holds
	schema                      []byte  // the store's empty matcher, saved
	order                       []*node // the ring of records Sweep walks, oldest first
	cursor                      int
	modelRev                    uint64 // the revision of the trained matcher in the store, 0 if none
	thresholdSet                bool
}

// node is a stored record in the link graph.
type node struct {
	id  string
	seq uint64
	ent *ent
	adj []link
}

type link struct {
	to *node
	w  float64
}

// ent is an entity: its ID, its creation number and its records.
type ent struct {
	id      string
	num     uint64
	members map[*node]struct{}
}

func entityID(num uint64) string { return fmt.Sprintf("E%07d", num) }

// Add adds a record; it fails with ErrExists when its ID is stored.
func (r *Resolver) Add(ctx context.Context, rec match.Record) (Result, error) {
	return r.one(ctx, Change{Op: OpAdd, Record: rec})
}

// Upsert adds a record or replaces the stored record with the same ID. Replacing a record by
// an equal one changes nothing.
func (r *Resolver) Upsert(ctx context.Context, rec match.Record) (Result, error) {
	return r.one(ctx, Change{Op: OpUpsert, Record: rec})
}

// Remove removes the record with the given ID.
func (r *Resolver) Remove(ctx context.Context, id string) (Result, error) {
	return r.one(ctx, Change{Op: OpRemove, Record: match.Record{ID: id}})
}

func (r *Resolver) one(ctx context.Context, ch Change) (Result, error) {
	res, err := r.Apply(ctx, []Change{ch})
	if err == nil {
		err = res.Outcomes[0].Err
	}
	return res, err
}

// AddBatch upserts many records in one transaction (OpUpsert for each).
func (r *Resolver) AddBatch(ctx context.Context, recs []match.Record) (Result, error) {
	chs := make([]Change, len(recs))
	for i, rec := range recs {
		chs[i] = Change{Op: OpUpsert, Record: rec}
	}
	return r.Apply(ctx, chs)
}

// Apply makes many changes in one transaction: after it returns without error all of them
// are on disk, and after a crash either all or none are. A change that cannot be made (no
// ID, no usable field, an Add of a stored ID, a Remove of an unknown one) is rejected in its
// Outcome and the others go on; the returned error is for failures of the call as a whole.
// Records are linked after all changes are made, so the order of the changes within a call
// does not matter, except between changes of the same record ID.
//
// Calls from several goroutines are made one after the other, each with the result it
// would have alone, but the calls that arrive while one commits are committed together, in
// one transaction and one fsync: concurrent writers share the cost of the disk.
func (r *Resolver) Apply(ctx context.Context, changes []Change) (Result, error) {
	if err := ctx.Err(); err != nil {
		return Result{}, err
	}
	c := &call{changes: changes}
	r.qmu.Lock()
	r.queue = append(r.queue, c)
	r.qmu.Unlock()
	r.wmu.Lock()
	defer r.wmu.Unlock()
	if !c.done {
		// c's turn: make it with every call that queued up meanwhile.
		r.qmu.Lock()
		group := r.queue
		r.queue = nil
		r.qmu.Unlock()
		r.applyGroup(group)
	}
	return c.res, c.err
}

// call is one Apply call, queued to be made with the others that come while a commit runs.
// The writer that makes it sets res, err and done under wmu.
type call struct {
	changes []Change
	res     Result
	err     error
	done    bool
}

// applyGroup makes the calls one after the other in one transaction; wmu is held.
func (r *Resolver) applyGroup(group []*call) {
	defer func() {
		for _, c := range group {
			c.done = true
		}
	}()
	if err := r.usable(); err != nil {
		for _, c := range group {
			c.err = err
		}
		return
	}
	saved := struct{ nextEntity, nextRecord, rev, lastSeq uint64 }{r.nextEntity, r.nextRecord, r.rev, r.lastSeq}
	mutated := false
	seq := r.lastSeq
	err := r.db.Update(func(tx *bolt.Tx) error {
		for _, c := range group {
			c.res = Result{Outcomes: make([]Outcome, len(c.changes))}
			a := &applier{r: r, res: &c.res, seq: seq, dirty: map[*node]string{}, needLinks: map[*node]bool{}, fresh: map[nodePair]match.Pair{}}
			err := a.run(tx, c.changes)
			mutated = mutated || a.mutated
			if err == errNoChange {
				err = nil
			}
			if err != nil {
				return err
			}
			seq += uint64(len(c.res.Events))
			c.res.Seq = seq
			r.mu.RLock()
			for i := range c.res.Outcomes {
				o := &c.res.Outcomes[i]
				if o.Err != nil {
					continue
				}
				if n := r.nodes[o.ID]; n != nil && n.ent != nil {
					o.Entity = n.ent.id
				}
			}
			r.mu.RUnlock()
		}
		if !mutated {
			return errNoChange // nothing to commit: roll back
		}
		return nil
	})
	if err == errNoChange {
		err = nil
	}
	if err != nil {
		r.nextEntity, r.nextRecord, r.rev = saved.nextEntity, saved.nextRecord, saved.rev
		if mutated {
			// The matcher and the graph hold changes the store does not: refuse further
			// writes until the store is opened again from disk.
			r.mu.Lock()
			r.failed = err
			r.lastSeq = saved.lastSeq
			r.mu.Unlock()
			err = fmt.Errorf("%w: %w", ErrFailed, err)
		}
		for _, c := range group {
			c.res, c.err = Result{}, err
		}
		return
	}
	if mutated {
		r.grow.ahead(r.db)
	}
	r.mu.Lock()
	r.lastSeq = seq
	r.mu.Unlock()
}

func (r *Resolver) usable() error {
	r.mu.RLock()
	defer r.mu.RUnlock()
	if r.closed {
		return ErrClosed
	}
	if r.failed != nil {
		return fmt.Errorf("%w: %w", ErrFailed, r.failed)
	}
	return nil
}

// errNoChange rolls back the transaction of a call that changed nothing: it has nothing to
// write, and a commit would still cost two fsyncs.
var errNoChange = errors.New("entity: no change")

// applier carries one Apply call.
type applier struct {
	r         *Resolver
	res       *Result
	seq       uint64 // the last event's sequence number before the call
	tx        *bolt.Tx
	mutated   bool
	rev       uint64
	dirty     map[*node]string // nodes whose component must be clustered again → cause
	needLinks map[*node]bool
	order     []*node // needLinks in change order
	removals  []removal
	fresh     map[nodePair]match.Pair // the links this call scored, as scored
}

type removal struct {
	id    string
	seq   uint64
	ent   *ent
	cause string
}

func (a *applier) run(tx *bolt.Tx, changes []Change) error {
	r := a.r
	a.tx = tx
	a.rev = r.rev + 1
	recs, assign, removed := tx.Bucket(bRecords), tx.Bucket(bAssign), tx.Bucket(bRemoved)
	pre := a.preAdd(changes)
	for i, ch := range changes {
		out := &a.res.Outcomes[i]
		id := ch.Record.ID
		out.ID = id
		if id == "" {
			out.Err = ErrNoID
			continue
		}
		n := r.nodes[id]
		switch ch.Op {
		case OpRemove:
			if n == nil {
				out.Err = fmt.Errorf("%w: %q", ErrNotFound, id)
				continue
			}
			a.mutated = true
			if err := r.m.Remove(id); err != nil {
				return err
			}
			if err := a.detach(n, id); err != nil {
				return err
			}
			if err := recs.Delete([]byte(id)); err != nil {
				return err
			}
			if err := assign.Delete([]byte(id)); err != nil {
				return err
			}
			if err := removed.Put([]byte(id), u64(a.rev)); err != nil {
				return err
			}
			r.mu.Lock()
			if n.ent != nil {
				delete(n.ent.members, n)
				a.removals = append(a.removals, removal{id, n.seq, n.ent, id})
			}
			delete(r.nodes, id)
			r.mu.Unlock()
			delete(a.dirty, n)
			if a.needLinks[n] {
				delete(a.needLinks, n)
			}
			out.Changed = true
		case OpAdd, OpUpsert:
			if ch.Op == OpAdd && n != nil {
				out.Err = fmt.Errorf("%w: %q", ErrExists, id)
				continue
			}
			js, err := canonicalJSON(ch.Record)
			if err != nil { // a match.Record always encodes; the matcher may hold it already
				return fmt.Errorf("entity: record %q: %w", id, err)
			}
			if n != nil {
				if v := recs.Get([]byte(id)); v != nil {
					if sr, err := decodeRecord(v); err == nil && bytes.Equal(sr.json, js) {
						continue // an equal record: nothing to do
					}
				}
			}
			var probs []match.Problem
			if p, ok := pre[i]; ok {
				probs, err = p.Problems, p.Err
			} else {
				probs, err = r.m.Upsert(ch.Record)
			}
			out.Problems = probs
			if err != nil {
				out.Err = err
				continue
			}
			a.mutated = true
			if n != nil {
				if err := a.detach(n, id); err != nil {
					return err
				}
			} else {
				r.nextRecord++
				n = &node{id: id, seq: r.nextRecord}
				r.mu.Lock()
				r.nodes[id] = n
				r.mu.Unlock()
				r.order = append(r.order, n)
				if err := removed.Delete([]byte(id)); err != nil {
					return err
				}
			}
			if err := recs.Put([]byte(id), encodeRecord(n.seq, a.rev, js)); err != nil {
				return err
			}
			if !a.needLinks[n] {
				a.needLinks[n] = true
				a.order = append(a.order, n)
			}
			a.dirty[n] = id
			out.Changed = true
		default:
			out.Err = fmt.Errorf("entity: unknown change op %d", ch.Op)
		}
	}
	if !a.mutated {
		return errNoChange
	}
	r.rev = a.rev
	// The changed records and the swept ones are scored together, so that even a single
	// change has work for every core.
	if err := a.linkNodes(append(a.changed(), a.sweep()...)); err != nil {
		return err
	}
	if err := a.recluster(); err != nil {
		return err
	}
	return putCounters(tx, r.nextEntity, r.nextRecord, r.rev)
}

// sweep picks Options.Sweep older records per changed one to score again, taken in turn
// from all the stored records, so that the links of components no change touches follow the
// drift of term frequencies as the base changes.
func (a *applier) sweep() []*node {
	r := a.r
	k := min(r.opt.Sweep*len(a.order), maxSweep)
	if k <= 0 || len(r.nodes) == 0 {
		return nil
	}
	var todo []*node
	for tries := 0; len(todo) < k && tries < 2*k+len(r.order); tries++ {
		if r.cursor >= len(r.order) {
			r.cursor = 0
			// Compact the ring: removed records leave it.
			kept := r.order[:0]
			for _, n := range r.order {
				if r.nodes[n.id] == n {
					kept = append(kept, n)
				}
			}
			clear(r.order[len(kept):])
			r.order = kept
			if len(kept) == 0 {
				break
			}
		}
		n := r.order[r.cursor]
		r.cursor++
		if r.nodes[n.id] != n || a.needLinks[n] {
			continue
		}
		todo = append(todo, n)
		if _, ok := a.dirty[n]; !ok {
			a.dirty[n] = ""
		}
	}
	return todo
}

// preAdd adds to the matcher, on all cores, the records of changes whose ID is neither
// stored nor changed earlier in the call: the first change of a new record. The results are
// by change index.
func (a *applier) preAdd(changes []Change) map[int]match.AddResult {
	if len(changes) < 64 {
		return nil
	}
	seen := make(map[string]bool, len(changes))
	var idx []int
	var recs []match.Record
	for i, ch := range changes {
		id := ch.Record.ID
		if id == "" || seen[id] {
			continue
		}
		seen[id] = true
		if ch.Op == OpRemove || a.r.nodes[id] != nil {
			continue
		}
		idx = append(idx, i)
		recs = append(recs, ch.Record)
	}
	if len(recs) == 0 {
		return nil
	}
	out := make(map[int]match.AddResult, len(recs))
	for j, res := range a.r.m.AddBatch(recs) {
		out[idx[j]] = res
		if res.Err == nil {
			a.mutated = true
		}
	}
	return out
}

// detach takes n out of the link graph; its neighbours and its entity's records are marked
// for clustering again.
func (a *applier) detach(n *node, cause string) error {
	links := a.tx.Bucket(bLinks)
	for _, l := range n.adj {
		if _, ok := a.dirty[l.to]; !ok {
			a.dirty[l.to] = cause
		}
		l.to.adj = dropLink(l.to.adj, n)
		if err := links.Delete(pairKey(n.id, l.to.id)); err != nil {
			return err
		}
	}
	n.adj = nil
	if n.ent != nil {
		for x := range n.ent.members {
			if _, ok := a.dirty[x]; !ok {
				a.dirty[x] = cause
			}
		}
	}
	return nil
}

func dropLink(adj []link, n *node) []link {
	for i, l := range adj {
		if l.to == n {
			adj[i] = adj[len(adj)-1]
			return adj[:len(adj)-1]
		}
	}
	return adj
}

func pairKey(a, b string) []byte {
	if b < a {
		a, b = b, a
	}
	return linkKey(a, b)
}

func setLink(adj []link, n *node, w float64) []link {
	for i := range adj {
		if adj[i].to == n {
			adj[i].w = w
			return adj
		}
	}
	return append(adj, link{n, w})
}

// changed returns the new and changed records of the call, in change order: those to link.
func (a *applier) changed() []*node {
	var todo []*node
	for _, n := range a.order {
		if a.needLinks[n] {
			todo = append(todo, n)
		}
	}
	return todo
}

// linkNodes scores the nodes todo against their blocking candidates, on all cores, and adds
// or updates their links at or above the threshold, in the order of todo.
func (a *applier) linkNodes(todo []*node) error {
	r := a.r
	pairs := make([][]match.Pair, len(todo))
	errs := make([]error, len(todo))
	var wg sync.WaitGroup
	next := make(chan int)
	for w := 0; w < min(runtime.GOMAXPROCS(0), len(todo)); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				pairs[i], errs[i] = r.m.Links(context.Background(), todo[i].id, nearFloor)
			}
		}()
	}
	for i := range todo {
		next <- i
	}
	close(next)
	wg.Wait()
	links := a.tx.Bucket(bLinks)
	for i, n := range todo {
		if errs[i] != nil {
			return errs[i]
		}
		for _, p := range pairs[i] {
			other := p.A
			if other == n.id {
				other = p.B
			}
			o := r.nodes[other]
			if o == nil || o == n {
				continue
			}
			if p.Weight < r.linkW {
				// A near miss shares values with n, so its own links moved with n's
				// change more than most: its component is clustered again too.
				if _, ok := a.dirty[o]; !ok && len(o.adj) > 0 {
					a.dirty[o] = ""
				}
				continue
			}
			n.adj = setLink(n.adj, o, p.Weight)
			o.adj = setLink(o.adj, n, p.Weight)
			a.fresh[pairOf(n, o)] = p
			if err := links.Put(pairKey(n.id, o.id), f64(p.Weight)); err != nil {
				return err
			}
		}
	}
	return nil
}

// rescoreLinks sets the pair of each of the k links that get gives: the one this call's
// linking scored, or else the pair scored now, on all cores when there are many.
func (a *applier) rescoreLinks(k int, get func(i int) (n, to *node, p *match.Pair)) error {
	var errs []error
	score := func(i int) {
		n, to, p := get(i)
		if q, ok := a.fresh[nodePair{n, to}]; ok {
			*p = q
			return
		}
		var err error
		if *p, err = a.r.m.PairProbability(n.id, to.id); err != nil {
			errs[i] = err
		}
	}
	errs = make([]error, k)
	workers := min(runtime.GOMAXPROCS(0), k/256)
	if workers <= 1 {
		for i := range k {
			score(i)
		}
	} else {
		var wg sync.WaitGroup
		for w := range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := w; i < k; i += workers {
					score(i)
				}
			}()
		}
		wg.Wait()
	}
	return errors.Join(errs...)
}

// nodePair names a link by its records, older first.
type nodePair struct{ a, b *node }

func pairOf(x, y *node) nodePair {
	if y.seq < x.seq {
		x, y = y, x
	}
	return nodePair{x, y}
}

// maxSweep bounds the records one call scores again, so that a large batch pays little for
// the sweep.
const maxSweep = 256

// nearFloor is the pairwise probability from which a candidate of a changed record counts as
// a near miss, whose component is clustered again with the changed record's.
const nearFloor = 0.01

// component returns the nodes connected to the dirty ones, oldest first.
func (a *applier) component() []*node {
	seen := map[*node]bool{}
	var out, stack []*node
	for n := range a.dirty {
		if a.r.nodes[n.id] != n || seen[n] {
			continue
		}
		seen[n] = true
		stack = append(stack[:0], n)
		for len(stack) > 0 {
			x := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			out = append(out, x)
			for _, l := range x.adj {
				if !seen[l.to] {
					seen[l.to] = true
					stack = append(stack, l.to)
				}
			}
		}
	}
	slices.SortFunc(out, func(x, y *node) int { return cmp.Compare(x.seq, y.seq) })
	return out
}

// recluster clusters the touched components again, gives the clusters their IDs, and writes
// the assignments and events.
func (a *applier) recluster() error {
	r := a.r
	comp := a.component()
	links := a.tx.Bucket(bLinks)
	// Score the component's links again, with the term frequencies and prior of now; the
	// links this call scored are of now already.
	type rescored struct {
		n, to *node
		p     match.Pair
	}
	var todo []rescored
	for _, n := range comp {
		for _, l := range n.adj {
			if l.to.seq > n.seq {
				todo = append(todo, rescored{n: n, to: l.to})
			}
		}
	}
	if err := a.rescoreLinks(len(todo), func(i int) (*node, *node, *match.Pair) {
		return todo[i].n, todo[i].to, &todo[i].p
	}); err != nil {
		return err
	}
	var pairs []match.Pair
	for _, t := range todo {
		n, to, p := t.n, t.to, t.p
		if p.Weight < r.linkW {
			n.adj = dropLink(n.adj, to)
			to.adj = dropLink(to.adj, n)
			if err := links.Delete(pairKey(n.id, to.id)); err != nil {
				return err
			}
			continue
		}
		// A link that holds keeps the weight it was stored with: every use of a weight
		// (the clustering, an event's evidence) follows this rescoring of its component,
		// also after a reopen, and rewriting every link of a large component on each change
		// to it made such a commit write a page per link.
		if i := slices.IndexFunc(n.adj, func(l link) bool { return l.to == to }); n.adj[i].w != p.Weight {
			n.adj[i].w = p.Weight
			to.adj = setLink(to.adj, n, p.Weight)
		}
		pairs = append(pairs, p)
	}
	ids := make([]string, len(comp))
	byID := make(map[string]*node, len(comp))
	for i, n := range comp {
		ids[i] = n.id
		byID[n.id] = n
	}
	clusters, err := r.m.ClusterLinks(ids, pairs, r.thresh)
	if err != nil {
		return err
	}
	parts := make([][]*node, len(clusters))
	partOf := make(map[*node]int, len(comp))
	for i, c := range clusters {
		for _, id := range c {
			n := byID[id]
			parts[i] = append(parts[i], n)
			partOf[n] = i
		}
		slices.SortFunc(parts[i], func(x, y *node) int { return cmp.Compare(x.seq, y.seq) })
	}
	// Each old entity continues into the part holding its oldest record; a part that several
	// continue into keeps the oldest entity's ID, and one that none continues into is new.
	cont := make([][]*ent, len(parts))
	olds := map[*ent]bool{}
	for _, n := range comp { // oldest first: the first member seen is the entity's oldest
		if e := n.ent; e != nil && !olds[e] {
			olds[e] = true
			cont[partOf[n]] = append(cont[partOf[n]], e)
		}
	}
	target := make([]*ent, len(parts))
	isNew := make([]bool, len(parts))
	survives := map[*ent]bool{}
	for i := range parts {
		if len(cont[i]) > 0 {
			t := slices.MinFunc(cont[i], func(x, y *ent) int { return cmp.Compare(x.num, y.num) })
			target[i] = t
			survives[t] = true
			continue
		}
		r.nextEntity++
		target[i] = &ent{id: entityID(r.nextEntity), num: r.nextEntity, members: map[*node]struct{}{}}
		isNew[i] = true
	}

	var events []Event
	for _, rm := range a.removals {
		ended := len(rm.ent.members) == 0
		events = append(events, Event{Kind: Removed, Entity: rm.ent.id, Records: []string{rm.id}, Ended: ended, Cause: rm.cause})
	}
	causeOf := func(p []*node) string {
		for i := len(p) - 1; i >= 0; i-- {
			if c, ok := a.dirty[p[i]]; ok && a.needLinks[p[i]] {
				return c
			}
		}
		for _, n := range p {
			if c, ok := a.dirty[n]; ok {
				return c
			}
		}
		return ""
	}
	order := make([]int, len(parts))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(x, y int) int { return cmp.Compare(parts[x][0].seq, parts[y][0].seq) })
	assign := a.tx.Bucket(bAssign)
	for _, i := range order {
		p, t := parts[i], target[i]
		// Group the records that change entity by the entity they were in (nil for new).
		var groups []*ent
		moved := map[*ent][]*node{}
		for _, n := range p {
			if n.ent == t {
				continue
			}
			if _, ok := moved[n.ent]; !ok {
				groups = append(groups, n.ent)
			}
			moved[n.ent] = append(moved[n.ent], n)
		}
		cause := causeOf(p)
		slices.SortStableFunc(groups, func(x, y *ent) int { // new records first
			return cmp.Compare(boolInt(x != nil), boolInt(y != nil))
		})
		for _, g := range groups {
			ns := moved[g]
			ev := Event{Entity: t.id, Records: nodeIDs(ns), Cause: cause}
			switch {
			case g == nil && isNew[i]:
				ev.Kind = Created
			case g == nil:
				ev.Kind, ev.Evidence = Joined, strongest(ns, p)
			case !survives[g]:
				ev.Kind, ev.From, ev.Evidence = Merged, g.id, strongest(ns, p)
			case isNew[i]:
				ev.Kind, ev.From = Split, g.id
			default:
				ev.Kind, ev.From, ev.Evidence = Joined, g.id, strongest(ns, p)
			}
			events = append(events, ev)
		}
		for _, n := range p {
			if n.ent != t {
				if err := assign.Put([]byte(n.id), []byte(t.id)); err != nil {
					return err
				}
			}
		}
	}
	evb := eventsBucket(a.tx)
	seq := a.seq
	for i := range events {
		seq++
		events[i].Seq = seq
		js, err := jsonEvent(&events[i])
		if err != nil {
			return err
		}
		if err := evb.Put(u64(seq), js); err != nil {
			return err
		}
	}
	// The in-memory entities follow; readers see them at once, the store at commit.
	r.mu.Lock()
	for i, p := range parts {
		t := target[i]
		if isNew[i] {
			r.ents[t.id] = t
		}
		for _, n := range p {
			if n.ent != t {
				if n.ent != nil {
					delete(n.ent.members, n)
				}
				n.ent = t
				t.members[n] = struct{}{}
			}
		}
	}
	for e := range olds {
		if len(e.members) == 0 {
			delete(r.ents, e.id)
		}
	}
	for _, rm := range a.removals {
		if len(rm.ent.members) == 0 {
			delete(r.ents, rm.ent.id)
		}
	}
	r.mu.Unlock()
	a.res.Events = events
	return nil
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func nodeIDs(ns []*node) []string {
	out := make([]string, len(ns))
	for i, n := range ns {
		out[i] = n.id
	}
	return out
}

// strongest returns the strongest link between the records ns and the other records of the
// part p.
func strongest(ns, p []*node) *match.Pair {
	in := make(map[*node]bool, len(ns))
	for _, n := range ns {
		in[n] = true
	}
	inP := make(map[*node]bool, len(p))
	for _, n := range p {
		inP[n] = true
	}
	var best *link
	var from *node
	for _, n := range ns {
		for i := range n.adj {
			l := &n.adj[i]
			if in[l.to] || !inP[l.to] {
				continue
			}
			if best == nil || l.w > best.w || l.w == best.w && l.to.seq < best.to.seq {
				best, from = l, n
			}
		}
	}
	if best == nil {
		return nil
	}
	a, b := from, best.to
	if b.seq < a.seq {
		a, b = b, a
	}
	return &match.Pair{A: a.id, B: b.id, Weight: best.w, Probability: score.Probability(best.w)}
}

// Train trains the matcher on the stored records (match.Matcher.Train), keeps the trained
// matcher in the store, and rescores the whole base with the new model as Rescore does, in
// one transaction; the events say which records changed entity.
//
// Until a matcher is trained, the pairwise prior follows the size of the base (the
// duplicate rate over the number of records), so links scored when the base was small are
// stronger than the same pairs scored later. Training fixes the prior, which keeps the
// entities close to what Dedup gives as the base grows; train once the base holds a
// representative sample, and again when it has grown much.
func (r *Resolver) Train(ctx context.Context, opt match.TrainOptions) (match.TrainReport, Result, error) {
	r.wmu.Lock()
	defer r.wmu.Unlock()
	if err := r.usable(); err != nil {
		return match.TrainReport{}, Result{}, err
	}
	rep, err := r.m.Train(ctx, opt)
	if err != nil {
		return rep, Result{}, err
	}
	res, err := r.rescore(true)
	return rep, res, err
}

// Rescore scores every record against its blocking candidates again and clusters the whole
// base again, in one transaction, so that the entities are exactly the clusters Dedup gives
// on the stored records. Between rescorings, a change clusters again only the components it
// touches, with the term frequencies of the moment; the links of components it does not
// touch keep the scores of when they were last clustered, and drift a little as the base
// changes. It costs about as much as Dedup; writers wait while it runs.
func (r *Resolver) Rescore(ctx context.Context) (Result, error) {
	if err := ctx.Err(); err != nil {
		return Result{}, err
	}
	r.wmu.Lock()
	defer r.wmu.Unlock()
	if err := r.usable(); err != nil {
		return Result{}, err
	}
	return r.rescore(false)
}

// rescore links and clusters every record again; with model, it also keeps the trained
// matcher in the store. wmu is held.
func (r *Resolver) rescore(model bool) (Result, error) {
	res := Result{}
	a := &applier{r: r, res: &res, seq: r.lastSeq, dirty: map[*node]string{}, needLinks: map[*node]bool{}, fresh: map[nodePair]match.Pair{}, mutated: true}
	saved := struct{ nextEntity, rev uint64 }{r.nextEntity, r.rev}
	err := r.db.Update(func(tx *bolt.Tx) error {
		a.tx = tx
		a.rev = r.rev + 1
		r.rev = a.rev
		if err := tx.DeleteBucket(bLinks); err != nil {
			return err
		}
		if _, err := tx.CreateBucket(bLinks); err != nil {
			return err
		}
		all := make([]*node, 0, len(r.nodes))
		for _, n := range r.nodes {
			n.adj = nil
			all = append(all, n)
		}
		slices.SortFunc(all, func(x, y *node) int { return cmp.Compare(x.seq, y.seq) })
		for _, n := range all {
			a.needLinks[n] = true
			a.dirty[n] = ""
		}
		a.order = all
		if err := a.linkNodes(a.changed()); err != nil {
			return err
		}
		if err := a.recluster(); err != nil {
			return err
		}
		meta := tx.Bucket(bMeta)
		if model {
			var buf bytes.Buffer
			if err := r.m.Save(&buf); err != nil {
				return err
			}
			if err := meta.Put(kModel, buf.Bytes()); err != nil {
				return err
			}
			if err := meta.Put(kModelRev, u64(r.rev)); err != nil {
				return err
			}
		}
		return putCounters(tx, r.nextEntity, r.nextRecord, r.rev)
	})
	if err != nil {
		r.nextEntity, r.rev = saved.nextEntity, saved.rev
		r.mu.Lock()
		r.failed = err
		r.mu.Unlock()
		return Result{}, fmt.Errorf("%w: %w", ErrFailed, err)
	}
	if model {
		r.modelRev = r.rev
	}
	r.grow.ahead(r.db)
	r.mu.Lock()
	r.lastSeq += uint64(len(res.Events))
	res.Seq = r.lastSeq
	r.mu.Unlock()
	return res, nil
}
