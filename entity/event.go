package entity

import (
	"encoding/json"
	"fmt"

	bolt "go.etcd.io/bbolt"

	"github.com/idmatch/idmatch/match"
)

// Kind is the kind of an Event.
type Kind uint8

const (
	// Created: new records formed a new entity.
	Created Kind = iota + 1
	// Joined: records entered an existing entity: new records, or records that left the
	// entity From (which goes on without them).
	Joined
	// Merged: the entity From ended; its records are now in Entity, which kept its ID
	// because it is the older of the two.
	Merged
	// Split: records left the entity From (which keeps its ID and its oldest record) and
	// formed the new entity Entity.
	Split
	// Removed: a record was removed from the entity Entity; Ended tells whether the entity
	// ended with it.
	Removed
)

var kindNames = [...]string{Created: "created", Joined: "joined", Merged: "merged", Split: "split", Removed: "removed"}

// String returns "created", "joined", "merged", "split" or "removed".
func (k Kind) String() string {
	if int(k) < len(kindNames) && kindNames[k] != "" {
		return kindNames[k]
	}
	return fmt.Sprintf("Kind(%d)", k)
}

// MarshalText encodes the kind as its name.
func (k Kind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// UnmarshalText decodes a kind's name.
func (k *Kind) UnmarshalText(b []byte) error {
	for i, n := range kindNames {
		if n != "" && n == string(b) {
			*k = Kind(i)
			return nil
		}
	}
	return fmt.Errorf("%w: unknown event kind %q", ErrCorrupt, b)
}

// Event is one entry of the event log: which records changed entity, and why. An Event is
// plain data; the Resolver keeps no reference to the ones it returns.
type Event struct {
	// Seq is the event's position in the log, from 1, without gaps.
	Seq  uint64 `json:"seq"`
	Kind Kind   `json:"kind"`
	// Entity is the entity the records are in after the event (for Removed, the entity the
	// record left).
	Entity string `json:"entity"`
	// From is the other entity: the one that ended (Merged), the one split from (Split), the
	// one the records left (Joined, when they were in one). Empty otherwise.
	From string `json:"from,omitempty"`
	// Records are the records whose entity changed, in the order of their age.
	Records []string `json:"records"`
	// Evidence is the strongest link between the records that moved and the entity they
	// are now in (Joined, Merged), with the probability at the time of the event.
	Evidence *match.Pair `json:"evidence,omitempty"`
	// Ended is set on a Removed event whose entity lost its last record.
	Ended bool `json:"ended,omitempty"`
	// Cause is the ID of the record whose change caused the event (in a batch, one of them).
	Cause string `json:"cause,omitempty"`
}

// Events returns up to limit events from the log, starting with sequence number from (the
// first is 1; 0 reads from the start too). limit ≤ 0 means all. A follower keeps the Seq of
// the last event it handled and asks again from Seq+1. It may run concurrently with writes
// and sees the log as of some committed call.
func (r *Resolver) Events(from uint64, limit int) ([]Event, error) {
	var out []Event
	err := r.view(func(tx *bolt.Tx) error {
		c := tx.Bucket(bEvents).Cursor()
		for k, v := c.Seek(u64(from)); k != nil && (limit <= 0 || len(out) < limit); k, v = c.Next() {
			var e Event
			if err := json.Unmarshal(v, &e); err != nil {
				return fmt.Errorf("%w: event %x: %w", ErrCorrupt, k, err)
			}
			out = append(out, e)
		}
		return nil
	})
	return out, err
}

// LastSeq returns the sequence number of the last event in the log, 0 when there is none.
func (r *Resolver) LastSeq() uint64 {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return r.lastSeq
}
