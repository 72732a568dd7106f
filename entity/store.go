package entity

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"

	bolt "go.etcd.io/bbolt"

	"github.com/idmatch/idmatch/match"
)

// The layout of a store (the file entity.db in the store's directory):
//
//	meta      "version"  format version, uvarint
//	          "schema"   an empty matcher saved with the store's options (match.Save bytes)
//	          "threshold" the link threshold, float64 bits
//	          "model", "model_rev"  the trained matcher (match.Save bytes) and its revision
//	state     "next_entity", "next_record", "rev"  counters, uint64 big-endian
//	records   record ID → uvarint seq, uvarint rev, JSON of the match.Record
//	assign    record ID → entity ID
//	links     uvarint len(a), a, b → float64 weight in bits (a < b) when the link was stored;
//	          a component's links are scored again before their weights are used
//	removed   record ID → uvarint rev of its removal (only after the last snapshot)
//	events    seq, uint64 big-endian → JSON of the Event
//
// seq is the record's age (the order of first addition); rev counts committed calls that
// changed something, and names the snapshot files (matcher-<rev>.snap) so that the records
// changed after a snapshot can be replayed on top of it.
//
// The counters change with every call, so they have a bucket of their own: it is small
// enough for bbolt to keep inside the root page, which each commit writes anyway, while meta
// holds the schema and the trained matcher, whose pages a commit then leaves alone. Format 1
// kept the counters in meta; Open moves them (migrate).
const (
	storeVersion = 2
	dbName       = "entity.db"
)

var (
	bMeta    = []byte("meta")
	bRecords = []byte("records")
	bAssign  = []byte("assign")
	bLinks   = []byte("links")
	bRemoved = []byte("removed")
	bEvents  = []byte("events")
	bState   = []byte("state")

	kVersion    = []byte("version")
	kSchema     = []byte("schema")
	kThreshold  = []byte("threshold")
	kNextEntity = []byte("next_entity")
	kNextRecord = []byte("next_record")
	kRev        = []byte("rev")
	kModel      = []byte("model")
	kModelRev   = []byte("model_rev")
)

var allBuckets = [][]byte{bMeta, bRecords, bAssign, bLinks, bRemoved, bEvents, bState}

// putCounters writes the counters to the state bucket.
func putCounters(tx *bolt.Tx, nextEntity, nextRecord, rev uint64) error {
	st := tx.Bucket(bState)
	for _, kv := range []struct {
		k []byte
		v uint64
	}{{kNextEntity, nextEntity}, {kNextRecord, nextRecord}, {kRev, rev}} {
		if err := st.Put(kv.k, u64(kv.v)); err != nil {
			return err
		}
	}
	return nil
}

// eventsBucket returns the events bucket, set to fill its pages: the log is only appended
// to, so pages split at the default half would stay half empty.
func eventsBucket(tx *bolt.Tx) *bolt.Bucket {
	b := tx.Bucket(bEvents)
	b.FillPercent = 1
	return b
}

func u64(v uint64) []byte {
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], v)
	return b[:]
}

func getU64(b *bolt.Bucket, k []byte) (uint64, error) {
	v := b.Get(k)
	if v == nil {
		return 0, nil
	}
	if len(v) != 8 {
		return 0, fmt.Errorf("%w: counter %s has %d bytes", ErrCorrupt, k, len(v))
	}
	return binary.BigEndian.Uint64(v), nil
}

func f64(w float64) []byte { return u64(math.Float64bits(w)) }

// linkKey is the key of the link between a and b, a < b.
func linkKey(a, b string) []byte {
	k := binary.AppendUvarint(make([]byte, 0, len(a)+len(b)+2), uint64(len(a)))
	return append(append(k, a...), b...)
}

func splitLinkKey(k []byte) (a, b string, ok bool) {
	n, w := binary.Uvarint(k)
	if w <= 0 || n > uint64(len(k)-w) {
		return "", "", false
	}
	return string(k[w : w+int(n)]), string(k[w+int(n):]), true
}

// storedRecord is a record's value in the records bucket.
type storedRecord struct {
	seq, rev uint64
	json     []byte
}

func encodeRecord(seq, rev uint64, js []byte) []byte {
	v := binary.AppendUvarint(make([]byte, 0, len(js)+12), seq)
	v = binary.AppendUvarint(v, rev)
	return append(v, js...)
}

func decodeRecord(v []byte) (storedRecord, error) {
	seq, n := binary.Uvarint(v)
	if n <= 0 {
		return storedRecord{}, fmt.Errorf("%w: bad record value", ErrCorrupt)
	}
	rev, m := binary.Uvarint(v[n:])
	if m <= 0 {
		return storedRecord{}, fmt.Errorf("%w: bad record value", ErrCorrupt)
	}
	return storedRecord{seq: seq, rev: rev, json: v[n+m:]}, nil
}

// canonicalJSON is the stored form of a record: empty slices and maps are left out, so that
// an Upsert of an equal record finds identical bytes.
func canonicalJSON(r match.Record) ([]byte, error) {
	if len(r.Phones) == 0 {
		r.Phones = nil
	}
	if len(r.Emails) == 0 {
		r.Emails = nil
	}
	if len(r.Handles) == 0 {
		r.Handles = nil
	}
	if len(r.Extra) == 0 {
		r.Extra = nil
	}
	return json.Marshal(r)
}
