package entity_test

import (
	"encoding/binary"
	"path/filepath"
	"testing"

	bolt "go.etcd.io/bbolt"

	"github.com/idmatch/idmatch/entity"
	"github.com/idmatch/idmatch/match"
)

var counterKeys = [][]byte{[]byte("next_entity"), []byte("next_record"), []byte("rev")}

// TestFormat1 opens a store in the first format, which kept the counters in the meta
// bucket: the store moves to the current format and goes on where it was.
func TestFormat1(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "entity.db")
	r := open(t, dir, entity.Options{NoSnapshot: true})
	if _, err := r.AddBatch(ctx, smallBase(31, 30)); err != nil {
		t.Fatal(err)
	}
	want, rev, seq := r.Partition(), r.Revision(), r.LastSeq()
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	// Write the store as format 1 had it.
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Update(func(tx *bolt.Tx) error {
		meta, st := tx.Bucket([]byte("meta")), tx.Bucket([]byte("state"))
		for _, k := range counterKeys {
			if err := meta.Put(k, append([]byte(nil), st.Get(k)...)); err != nil {
				return err
			}
		}
		if err := tx.DeleteBucket([]byte("state")); err != nil {
			return err
		}
		return meta.Put([]byte("version"), []byte{1})
	}); err != nil {
		t.Fatal(err)
	}
	db.Close()

	r = open(t, dir, entity.Options{NoSnapshot: true})
	if diff := diff(want, r.Partition()); diff != "" {
		t.Errorf("partition after the move (-before +after):\n%s", diff)
	}
	if r.Revision() != rev || r.LastSeq() != seq {
		t.Errorf("revision %d and last seq %d, want %d and %d", r.Revision(), r.LastSeq(), rev, seq)
	}
	if err := r.Verify(ctx); err != nil {
		t.Error(err)
	}
	res, err := r.Add(ctx, match.Record{ID: "new", FirstName: "Zinaida", LastName: "Quux", Emails: []string{"zq@example.org"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, taken := want[res.Outcomes[0].Entity]; taken {
		t.Errorf("new entity got the used ID %s", res.Outcomes[0].Entity)
	}
	if r.Revision() != rev+1 {
		t.Errorf("revision %d after one more call, want %d", r.Revision(), rev+1)
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}

	db, err = bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.View(func(tx *bolt.Tx) error {
		meta, st := tx.Bucket([]byte("meta")), tx.Bucket([]byte("state"))
		if v, _ := binary.Uvarint(meta.Get([]byte("version"))); v != 2 {
			t.Errorf("format %d after the move, want 2", v)
		}
		if st == nil {
			t.Fatal("no state bucket after the move")
		}
		for _, k := range counterKeys {
			if meta.Get(k) != nil {
				t.Errorf("counter %s left in meta", k)
			}
		}
		if got := binary.BigEndian.Uint64(st.Get([]byte("rev"))); got != rev+1 {
			t.Errorf("stored revision %d, want %d", got, rev+1)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
}
