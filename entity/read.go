package entity

import (
	"cmp"
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"slices"

	bolt "go.etcd.io/bbolt"

	"github.com/idmatch/idmatch/match"
)

// Candidate is one entity considered for a contact.
type Candidate struct {
	Entity string
	// Confidence is the posterior probability that the contact is this entity: the sum of
	// the confidences of its records among the matcher's candidates.
	Confidence float64
	// Weight is the evidence in bits for the entity's best record.
	Weight float64
	// Records are the entity's records among the matcher's candidates, best first.
	Records []string
}

// MatchResult is the answer for one contact, by entity.
type MatchResult struct {
	// Best is the most likely entity, or nil when there was no candidate.
	Best *Candidate
	// Candidates are the entities of the matcher's top candidates, most likely first.
	Candidates []Candidate
	// Confidence is Best's confidence; 0 when Best is nil.
	Confidence float64
	// None is the posterior probability that the contact is none of the stored records.
	None   float64
	Status match.Status
	// Problems lists the contact's fields that could not be normalized.
	Problems []match.Problem
}

// Match finds the entity the contact rec belongs to. The records of one entity are one
// hypothesis: their confidences add up. The status follows the zones of Options (Lower,
// Upper, Margin) as match.Result's does: Matched at or above Upper, Ambiguous when another
// entity's best record is within Margin bits of the best's and together they reach Lower,
// Review at or above Lower, NoMatch below. It does not store rec.
func (r *Resolver) Match(ctx context.Context, rec match.Record) (MatchResult, error) {
	if err := r.usableRead(); err != nil {
		return MatchResult{}, err
	}
	res, err := r.m.Match(ctx, rec)
	out := MatchResult{None: res.None, Problems: res.Problems}
	if err != nil {
		return out, err
	}
	r.mu.RLock()
	byEnt := map[string]int{}
	for _, c := range res.Candidates {
		n := r.nodes[c.ID]
		if n == nil || n.ent == nil {
			continue // added to the matcher by a call not yet finished
		}
		i, ok := byEnt[n.ent.id]
		if !ok {
			i = len(out.Candidates)
			byEnt[n.ent.id] = i
			out.Candidates = append(out.Candidates, Candidate{Entity: n.ent.id, Weight: c.Weight})
		}
		e := &out.Candidates[i]
		e.Confidence += c.Confidence
		e.Weight = max(e.Weight, c.Weight)
		e.Records = append(e.Records, c.ID)
	}
	r.mu.RUnlock()
	slices.SortStableFunc(out.Candidates, func(x, y Candidate) int { return cmp.Compare(y.Confidence, x.Confidence) })
	if len(out.Candidates) == 0 {
		return out, nil
	}
	out.Best = &out.Candidates[0]
	out.Confidence = out.Best.Confidence
	close, closeConf := 1, out.Confidence
	for _, c := range out.Candidates[1:] {
		if out.Best.Weight-c.Weight < r.opt.Margin {
			close++
			closeConf += c.Confidence
		}
	}
	switch {
	case out.Confidence >= r.opt.Upper:
		out.Status = match.Matched
	case close > 1 && closeConf >= r.opt.Lower:
		out.Status = match.Ambiguous
	case out.Confidence >= r.opt.Lower:
		out.Status = match.Review
	default:
		out.Status = match.NoMatch
	}
	return out, nil
}

func (r *Resolver) usableRead() error {
	r.mu.RLock()
	defer r.mu.RUnlock()
	if r.closed {
		return ErrClosed
	}
	return nil
}

// EntityOf returns the entity holding the stored record id.
func (r *Resolver) EntityOf(id string) (string, bool) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	n := r.nodes[id]
	if n == nil || n.ent == nil {
		return "", false
	}
	return n.ent.id, true
}

// Records returns the records of the entity, oldest first; nil for an unknown entity. The
// slice is new and belongs to the caller.
func (r *Resolver) Records(entity string) []string {
	r.mu.RLock()
	defer r.mu.RUnlock()
	e := r.ents[entity]
	if e == nil {
		return nil
	}
	return sortedMembers(e)
}

func sortedMembers(e *ent) []string {
	ns := make([]*node, 0, len(e.members))
	for n := range e.members {
		ns = append(ns, n)
	}
	slices.SortFunc(ns, func(x, y *node) int { return cmp.Compare(x.seq, y.seq) })
	return nodeIDs(ns)
}

// Partition returns every entity with its records, oldest first. The map is new and
// belongs to the caller.
func (r *Resolver) Partition() map[string][]string {
	r.mu.RLock()
	defer r.mu.RUnlock()
	out := make(map[string][]string, len(r.ents))
	for id, e := range r.ents {
		out[id] = sortedMembers(e)
	}
	return out
}

// Len returns the number of stored records and of entities.
func (r *Resolver) Len() (records, entities int) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return len(r.nodes), len(r.ents)
}

// Matcher returns the matcher over the stored records, for reading (Match, Explain,
// ExplainPair, Dedup). Changing its records behind the Resolver's back breaks the store's
// consistency; use the Resolver's methods for that.
func (r *Resolver) Matcher() *match.Matcher { return r.m }

// Verify checks the store against itself: every record is in one entity, on disk as in
// memory; every entity is connected by its stored links; the links on disk are those in
// memory; and the event log runs from 1 to LastSeq without gaps and, replayed from the
// start, puts every record in the entity it is in. It reads everything and is meant for
// tests and after a crash; writers wait while it runs. (How far the entities are from what
// Dedup would give now is another matter: see Rescore.)
func (r *Resolver) Verify(ctx context.Context) error {
	r.wmu.Lock()
	defer r.wmu.Unlock()
	if err := r.usableRead(); err != nil {
		return err
	}
	links := 0
	for _, n := range r.nodes {
		if n.ent == nil || r.ents[n.ent.id] != n.ent {
			return fmt.Errorf("%w: record %q has no entity", ErrInconsistent, n.id)
		}
		if _, ok := n.ent.members[n]; !ok {
			return fmt.Errorf("%w: record %q is not among its entity's", ErrInconsistent, n.id)
		}
		links += len(n.adj)
	}
	members := 0
	for _, e := range r.ents {
		members += len(e.members)
		// Connected by links within the entity.
		var start *node
		for n := range e.members {
			start = n
			break
		}
		if start == nil {
			return fmt.Errorf("%w: entity %s is empty", ErrInconsistent, e.id)
		}
		seen := map[*node]bool{start: true}
		stack := []*node{start}
		for len(stack) > 0 {
			x := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			for _, l := range x.adj {
				if l.to.ent == e && !seen[l.to] {
					seen[l.to] = true
					stack = append(stack, l.to)
				}
			}
		}
		if len(seen) != len(e.members) {
			return fmt.Errorf("%w: entity %s is not connected by its links", ErrInconsistent, e.id)
		}
	}
	if members != len(r.nodes) {
		return fmt.Errorf("%w: %d entity members for %d records", ErrInconsistent, members, len(r.nodes))
	}
	return r.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(bAssign)
		if k := b.Stats().KeyN; k != len(r.nodes) {
			return fmt.Errorf("%w: %d assignments for %d records", ErrInconsistent, k, len(r.nodes))
		}
		if k := tx.Bucket(bLinks).Stats().KeyN; 2*k != links {
			return fmt.Errorf("%w: %d links on disk, %d in memory", ErrInconsistent, k, links/2)
		}
		for _, n := range r.nodes {
			if v := b.Get([]byte(n.id)); string(v) != n.ent.id {
				return fmt.Errorf("%w: record %q is in %q on disk, %q in memory", ErrInconsistent, n.id, v, n.ent.id)
			}
		}
		want := uint64(1)
		replayed := map[string]string{}
		if err := tx.Bucket(bEvents).ForEach(func(k, v []byte) error {
			if len(k) != 8 || binary.BigEndian.Uint64(k) != want {
				return fmt.Errorf("%w: event log has %x where %d belongs", ErrInconsistent, k, want)
			}
			want++
			var e Event
			if err := json.Unmarshal(v, &e); err != nil {
				return fmt.Errorf("%w: event %d: %w", ErrCorrupt, want-1, err)
			}
			for _, id := range e.Records {
				if e.Kind == Removed {
					delete(replayed, id)
				} else {
					replayed[id] = e.Entity
				}
			}
			return nil
		}); err != nil {
			return err
		}
		if want-1 != r.lastSeq {
			return fmt.Errorf("%w: event log ends at %d, expected %d", ErrInconsistent, want-1, r.lastSeq)
		}
		if len(replayed) != len(r.nodes) {
			return fmt.Errorf("%w: the event log holds %d records, the store %d", ErrInconsistent, len(replayed), len(r.nodes))
		}
		for id, e := range replayed {
			if n := r.nodes[id]; n == nil || n.ent.id != e {
				return fmt.Errorf("%w: the event log puts %q in %s", ErrInconsistent, id, e)
			}
		}
		return ctx.Err()
	})
}

// Revision returns the number of committed calls that changed the store. It grows by one
// with each call that changed something, so a program that was stopped can tell how far it
// got.
func (r *Resolver) Revision() uint64 {
	r.wmu.Lock()
	defer r.wmu.Unlock()
	return r.rev
}

// Record returns the stored record with the given ID, as it was given (fields left out as
// problems are kept); ok is false when no record has that ID.
func (r *Resolver) Record(id string) (rec match.Record, ok bool, err error) {
	err = r.view(func(tx *bolt.Tx) error {
		v := tx.Bucket(bRecords).Get([]byte(id))
		if v == nil {
			return nil
		}
		sr, err := decodeRecord(v)
		if err != nil {
			return err
		}
		if err := json.Unmarshal(sr.json, &rec); err != nil {
			return fmt.Errorf("%w: record %q: %w", ErrCorrupt, id, err)
		}
		ok = true
		return nil
	})
	return rec, ok, err
}
