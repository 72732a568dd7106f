package entity

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"

	"github.com/idmatch/idmatch/match"
	"github.com/idmatch/idmatch/score"
)

// Open opens the store in the directory dir, creating both when they do not exist, and
// loads its records, entities and links. Only one process at a time may hold a store: Open
// waits Options.LockTimeout for another one to let go and then gives ErrLocked.
func Open(dir string, opt Options) (*Resolver, error) {
	thresholdSet := opt.Threshold != 0
	if !thresholdSet {
		opt.Threshold = 0.5
	}
	if !(opt.Threshold > 0 && opt.Threshold < 1) {
		return nil, fmt.Errorf("%w: threshold %v must be in (0,1)", ErrOptions, opt.Threshold)
	}
	if opt.LockTimeout == 0 {
		opt.LockTimeout = 100 * time.Millisecond
	}
	if opt.Upper == 0 {
		opt.Upper = 0.9
	}
	if opt.Lower == 0 {
		opt.Lower = 0.5
	}
	if opt.Margin == 0 {
		opt.Margin = 1
	}
	if opt.Sweep == 0 {
		opt.Sweep = 2
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("entity: open: %w", err)
	}
	r := &Resolver{dir: dir, opt: opt, mopts: opt.Matcher, thresh: opt.Threshold, linkW: score.WeightOf(opt.Threshold),
		nodes: map[string]*node{}, ents: map[string]*ent{}, thresholdSet: thresholdSet, snapRev: noSnapshot}
	db, err := openDB(filepath.Join(dir, dbName), opt)
	if err != nil {
		return nil, err
	}
	r.db = db
	if err := r.load(); err != nil {
		db.Close()
		return nil, err
	}
	r.grow = newGrower(filepath.Join(dir, dbName))
	r.grow.ahead(db)
	return r, nil
}

func openDB(path string, opt Options) (db *bolt.DB, err error) {
	defer func() {
		if p := recover(); p != nil {
			db, err = nil, fmt.Errorf("%w: %s: %v", ErrCorrupt, path, p)
		}
	}()
	prev := debug.SetPanicOnFault(true)
	defer debug.SetPanicOnFault(prev)
	bo := &bolt.Options{Timeout: opt.LockTimeout}
	if st, err := os.Stat(path); err == nil {
		// Map twice the file at once, so that a growing store is not mapped again soon
		// (a new mapping waits for every reader and faults every page in again).
		bo.InitialMmapSize = int(min(2*st.Size(), math.MaxInt32))
	}
	db, err = bolt.Open(path, 0o600, bo)
	switch {
	case err == nil:
		return db, nil
	case errors.Is(err, bolterrors.ErrTimeout):
		return nil, fmt.Errorf("%w: %s", ErrLocked, path)
	case errors.Is(err, fs.ErrPermission), errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("entity: open: %w", err)
	}
	return nil, fmt.Errorf("%w: %s: %w", ErrCorrupt, path, err)
}

// emptySchema is an empty matcher with the given options, saved: it names the schema and
// the settings a store was made with.
func emptySchema(opts []match.Option) ([]byte, error) {
	m, err := match.New(opts...)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if err := m.Save(&b); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// loaded is what load reads from the store before the matcher is built.
type loaded struct {
	// recs are the records changed after the revision after (all of them when it is 0),
	// decoded, with the revision of their last change in revs: the ones a matcher saved at
	// that revision must replay. The others are not decoded.
	recs  []match.Record
	revs  []uint64
	after uint64
	// count is the number of stored records.
	count   int
	removed map[string]uint64
}

// snapLoad is a matcher snapshot being loaded while the store is read.
type snapLoad struct {
	rev  uint64
	m    *match.Matcher
	err  error
	done chan struct{}
}

// load reads the store into r; a store without buckets is initialized.
func (r *Resolver) load() (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("%w: %v", ErrCorrupt, p)
		}
	}()
	prev := debug.SetPanicOnFault(true)
	defer debug.SetPanicOnFault(prev)

	fresh := false
	if err := r.db.View(func(tx *bolt.Tx) error {
		fresh = tx.Bucket(bMeta) == nil
		return nil
	}); err != nil {
		return fmt.Errorf("%w: %w", ErrCorrupt, err)
	}
	if fresh {
		if err := r.initStore(); err != nil {
			return err
		}
	} else if err := r.migrate(); err != nil {
		return err
	}
	wrap := func(err error) error {
		if errors.Is(err, ErrVersion) || errors.Is(err, ErrOptions) || errors.Is(err, ErrCorrupt) {
			return err
		}
		return fmt.Errorf("%w: %w", ErrCorrupt, err)
	}
	// The format, options and counters first: they say which snapshot may serve, and it
	// loads on another core while the records, entities and links are read.
	if err := r.db.View(r.readMeta); err != nil {
		return wrap(err)
	}
	snap := r.startSnapshot()
	l := loaded{}
	if snap != nil {
		l.after = snap.rev
	} else {
		l.after = r.modelRev
	}
	err = r.db.View(func(tx *bolt.Tx) error { return r.read(tx, &l) })
	if snap != nil {
		<-snap.done
	}
	if err != nil {
		return wrap(err)
	}
	return r.buildMatcher(&l, snap)
}

func (r *Resolver) initStore() error {
	schema, err := emptySchema(r.mopts)
	if err != nil {
		return fmt.Errorf("%w: %w", ErrOptions, err)
	}
	return r.db.Update(func(tx *bolt.Tx) error {
		for _, b := range allBuckets {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return err
			}
		}
		meta := tx.Bucket(bMeta)
		if err := meta.Put(kVersion, binary.AppendUvarint(nil, storeVersion)); err != nil {
			return err
		}
		if err := meta.Put(kSchema, schema); err != nil {
			return err
		}
		return meta.Put(kThreshold, f64(r.thresh))
	})
}

// migrate brings a store of format 1 to the current one, in one transaction: the counters
// move from meta to the state bucket. A store of any other format is left as it is.
func (r *Resolver) migrate() error {
	err := r.db.Update(func(tx *bolt.Tx) error {
		meta := tx.Bucket(bMeta)
		if meta == nil {
			return nil // read reports it
		}
		if v, n := binary.Uvarint(meta.Get(kVersion)); n <= 0 || v != 1 {
			return nil
		}
		st, err := tx.CreateBucketIfNotExists(bState)
		if err != nil {
			return err
		}
		for _, k := range [][]byte{kNextEntity, kNextRecord, kRev} {
			if v := meta.Get(k); v != nil {
				if err := st.Put(k, bytes.Clone(v)); err != nil {
					return err
				}
				if err := meta.Delete(k); err != nil {
					return err
				}
			}
		}
		return meta.Put(kVersion, binary.AppendUvarint(nil, storeVersion))
	})
	if err != nil {
		return fmt.Errorf("entity: open: moving the store to format %d: %w", storeVersion, err)
	}
	return nil
}

// readMeta checks the store's format and options and reads its counters.
func (r *Resolver) readMeta(tx *bolt.Tx) error {
	for _, b := range allBuckets {
		if tx.Bucket(b) == nil {
			return fmt.Errorf("%w: bucket %s missing", ErrCorrupt, b)
		}
	}
	meta := tx.Bucket(bMeta)
	v, n := binary.Uvarint(meta.Get(kVersion))
	if n <= 0 {
		return fmt.Errorf("%w: no format version", ErrCorrupt)
	}
	if v > storeVersion {
		return fmt.Errorf("%w: format %d, this version reads up to %d", ErrVersion, v, storeVersion)
	}
	stored := meta.Get(kSchema)
	if stored == nil {
		return fmt.Errorf("%w: no schema", ErrCorrupt)
	}
	if r.mopts == nil {
		if _, err := match.Load(bytes.NewReader(stored)); err != nil {
			return fmt.Errorf("%w: schema: %w", ErrOptions, err)
		}
	} else {
		want, err := emptySchema(r.mopts)
		if err != nil {
			return fmt.Errorf("%w: %w", ErrOptions, err)
		}
		if !bytes.Equal(want, stored) {
			return fmt.Errorf("%w: the matcher options give another schema or settings", ErrOptions)
		}
	}
	r.schema = bytes.Clone(stored)
	th := meta.Get(kThreshold)
	if len(th) != 8 {
		return fmt.Errorf("%w: no threshold", ErrCorrupt)
	}
	if t := math.Float64frombits(binary.BigEndian.Uint64(th)); t != r.thresh {
		if r.thresholdSet {
			return fmt.Errorf("%w: threshold %v, the store's is %v", ErrOptions, r.thresh, t)
		}
		r.thresh, r.linkW = t, score.WeightOf(t)
	}
	var err error
	st := tx.Bucket(bState)
	if r.nextEntity, err = getU64(st, kNextEntity); err != nil {
		return err
	}
	if r.nextRecord, err = getU64(st, kNextRecord); err != nil {
		return err
	}
	if r.rev, err = getU64(st, kRev); err != nil {
		return err
	}
	if r.modelRev, err = getU64(meta, kModelRev); err != nil {
		return err
	}
	if r.modelRev > r.rev || (r.modelRev != 0) != (meta.Get(kModel) != nil) {
		return fmt.Errorf("%w: trained matcher of revision %d", ErrCorrupt, r.modelRev)
	}
	return nil
}

// read reads the store's records, entities and links, and decodes the records changed
// after l.after.
func (r *Resolver) read(tx *bolt.Tx, l *loaded) error {
	recs := tx.Bucket(bRecords)
	// The counters bound the number of records and entities: the maps start large enough.
	r.nodes = make(map[string]*node, min(r.nextRecord, 1<<24))
	r.ents = make(map[string]*ent, min(r.nextEntity, 1<<24))
	var slab []node // nodes are allocated in chunks
	if err := recs.ForEach(func(k, v []byte) error {
		sr, err := decodeRecord(v)
		if err != nil {
			return err
		}
		if sr.seq == 0 || sr.seq > r.nextRecord || sr.rev > r.rev {
			return fmt.Errorf("%w: record %q has sequence %d, revision %d", ErrCorrupt, k, sr.seq, sr.rev)
		}
		if l.after == 0 || sr.rev > l.after {
			if err := l.decode(k, sr); err != nil {
				return err
			}
		}
		if len(slab) == 0 {
			slab = make([]node, 1024)
		}
		n := &slab[0]
		slab = slab[1:]
		n.id, n.seq = string(k), sr.seq
		r.nodes[n.id] = n
		l.count++
		return nil
	}); err != nil {
		return err
	}
	if err := tx.Bucket(bAssign).ForEach(func(k, v []byte) error {
		n := r.nodes[string(k)]
		if n == nil {
			return fmt.Errorf("%w: entity of unknown record %q", ErrCorrupt, k)
		}
		e := r.ents[string(v)]
		if e == nil {
			num, err := strconv.ParseUint(strings.TrimPrefix(string(v), "E"), 10, 64)
			if err != nil || !strings.HasPrefix(string(v), "E") || num == 0 || num > r.nextEntity {
				return fmt.Errorf("%w: entity ID %q", ErrCorrupt, v)
			}
			e = &ent{id: string(v), num: num, members: map[*node]struct{}{}}
			r.ents[e.id] = e
		}
		n.ent = e
		e.members[n] = struct{}{}
		return nil
	}); err != nil {
		return err
	}
	for _, n := range r.nodes {
		if n.ent == nil {
			return fmt.Errorf("%w: record %q has no entity", ErrCorrupt, n.id)
		}
	}
	if err := tx.Bucket(bLinks).ForEach(func(k, v []byte) error {
		a, b, ok := splitLinkKey(k)
		na, nb := r.nodes[a], r.nodes[b]
		if !ok || len(v) != 8 || na == nil || nb == nil {
			return fmt.Errorf("%w: link %q", ErrCorrupt, k)
		}
		w := math.Float64frombits(binary.BigEndian.Uint64(v))
		na.adj = append(na.adj, link{nb, w})
		nb.adj = append(nb.adj, link{na, w})
		return nil
	}); err != nil {
		return err
	}
	l.removed = map[string]uint64{}
	if err := tx.Bucket(bRemoved).ForEach(func(k, v []byte) error {
		if len(v) != 8 {
			return fmt.Errorf("%w: removal %q", ErrCorrupt, k)
		}
		l.removed[string(k)] = binary.BigEndian.Uint64(v)
		return nil
	}); err != nil {
		return err
	}
	if k, _ := tx.Bucket(bEvents).Cursor().Last(); k != nil {
		if len(k) != 8 {
			return fmt.Errorf("%w: event key %x", ErrCorrupt, k)
		}
		r.lastSeq = binary.BigEndian.Uint64(k)
	}
	return nil
}

// decode decodes the stored record k into l.
func (l *loaded) decode(k []byte, sr storedRecord) error {
	var rec match.Record
	if err := json.Unmarshal(sr.json, &rec); err != nil || rec.ID != string(k) {
		return fmt.Errorf("%w: record %q", ErrCorrupt, k)
	}
	l.recs = append(l.recs, rec)
	l.revs = append(l.revs, sr.rev)
	return nil
}

// decodeAfter decodes again the records changed after the revision after, when l holds
// fewer: a snapshot or a trained matcher that was to serve did not.
func (r *Resolver) decodeAfter(l *loaded, after uint64) error {
	if l.after == 0 || after != 0 && l.after <= after {
		return nil // l holds them already
	}
	l.recs, l.revs, l.after = nil, nil, after
	return r.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bRecords).ForEach(func(k, v []byte) error {
			sr, err := decodeRecord(v)
			if err != nil {
				return err
			}
			if after == 0 || sr.rev > after {
				return l.decode(k, sr)
			}
			return nil
		})
	})
}

// buildMatcher makes the matcher over the loaded records: from the newest snapshot, with
// the records changed after it replayed, or else from the trained matcher in the store,
// likewise, or else by adding every record, oldest first.
func (r *Resolver) buildMatcher(l *loaded, snap *snapLoad) error {
	r.order = make([]*node, 0, len(r.nodes))
	for _, n := range r.nodes {
		r.order = append(r.order, n)
	}
	slices.SortFunc(r.order, func(x, y *node) int { return cmp.Compare(x.seq, y.seq) })
	if snap != nil && snap.err == nil && replay(snap.m, snap.rev, l) {
		r.m, r.snapRev = snap.m, snap.rev
		return nil
	}
	if r.modelRev != 0 {
		if err := r.decodeAfter(l, r.modelRev); err != nil {
			return err
		}
		var m *match.Matcher
		err := r.db.View(func(tx *bolt.Tx) error {
			var err error
			m, err = match.Load(bytes.NewReader(tx.Bucket(bMeta).Get(kModel)), r.mopts...)
			return err
		})
		if err != nil {
			return fmt.Errorf("%w: trained matcher: %w", ErrCorrupt, err)
		}
		if !replay(m, r.modelRev, l) {
			return fmt.Errorf("%w: the trained matcher does not fit the records", ErrCorrupt)
		}
		r.m = m
		return nil
	}
	if err := r.decodeAfter(l, 0); err != nil {
		return err
	}
	m, err := r.newMatcher()
	if err != nil {
		return err
	}
	idx := make([]int, len(l.recs))
	for i := range idx {
		idx[i] = i
	}
	slices.SortFunc(idx, func(x, y int) int { return cmp.Compare(r.nodes[l.recs[x].ID].seq, r.nodes[l.recs[y].ID].seq) })
	recs := make([]match.Record, len(idx))
	for i, j := range idx {
		recs[i] = l.recs[j]
	}
	for i, res := range m.AddBatch(recs) {
		if res.Err != nil {
			return fmt.Errorf("%w: stored record %q: %w", ErrCorrupt, recs[i].ID, res.Err)
		}
	}
	r.m = m
	return nil
}

func (r *Resolver) newMatcher() (*match.Matcher, error) {
	if r.mopts != nil {
		return match.New(r.mopts...)
	}
	return match.Load(bytes.NewReader(r.schema))
}

const snapPrefix, snapSuffix = "matcher-", ".snap"

// noSnapshot is snapRev when the matcher was not loaded from a snapshot.
const noSnapshot = math.MaxUint64

func snapName(rev uint64) string { return fmt.Sprintf("%s%016d%s", snapPrefix, rev, snapSuffix) }

// snapshots lists the snapshot files of the store's directory by revision, newest first.
func (r *Resolver) snapshots() []uint64 {
	des, _ := os.ReadDir(r.dir)
	var revs []uint64
	for _, de := range des {
		name := de.Name()
		if !strings.HasPrefix(name, snapPrefix) || !strings.HasSuffix(name, snapSuffix) {
			continue
		}
		if v, err := strconv.ParseUint(strings.TrimSuffix(strings.TrimPrefix(name, snapPrefix), snapSuffix), 10, 64); err == nil {
			revs = append(revs, v)
		}
	}
	slices.Sort(revs)
	slices.Reverse(revs)
	return revs
}

// startSnapshot starts loading, on another goroutine, the newest snapshot no newer than
// the store and no older than its trained matcher; nil when there is none (or snapshots are
// off).
func (r *Resolver) startSnapshot() *snapLoad {
	if r.opt.NoSnapshot {
		return nil
	}
	for _, rev := range r.snapshots() {
		if rev > r.rev || rev < r.modelRev {
			continue // from a lost future, or older than the trained model
		}
		s := &snapLoad{rev: rev, done: make(chan struct{})}
		go func() {
			defer close(s.done)
			s.m, s.err = match.LoadFile(filepath.Join(r.dir, snapName(rev)), r.mopts...)
		}()
		return s
	}
	return nil
}

// replay brings a matcher saved at revision rev up to the loaded records: it removes the
// records removed after rev and stores again those changed after it (l holds them all). It
// reports whether the result holds exactly the stored records.
func replay(m *match.Matcher, rev uint64, l *loaded) bool {
	if l.after > rev && l.after != 0 {
		return false // l lacks some of the records to replay
	}
	for id, at := range l.removed {
		if at > rev {
			m.Remove(id) // it may not be in the matcher: added and removed after rev
		}
	}
	for i, rec := range l.recs {
		if l.revs[i] > rev {
			if _, err := m.Upsert(rec); err != nil {
				return false
			}
		}
	}
	return m.Len() == l.count
}

// Checkpoint writes a snapshot of the matcher next to the store, so that the next Open
// loads it instead of normalizing every record again, and deletes older snapshots. Close
// calls it (unless Options.NoSnapshot is set).
func (r *Resolver) Checkpoint() error {
	r.wmu.Lock()
	defer r.wmu.Unlock()
	if err := r.usable(); err != nil {
		return err
	}
	return r.checkpoint()
}

func (r *Resolver) checkpoint() error {
	if r.snapRev == r.rev {
		return nil
	}
	rev := r.rev
	if err := r.m.SaveFile(filepath.Join(r.dir, snapName(rev))); err != nil {
		return fmt.Errorf("entity: checkpoint: %w", err)
	}
	for _, old := range r.snapshots() {
		if old != rev {
			os.Remove(filepath.Join(r.dir, snapName(old)))
		}
	}
	r.snapRev = rev
	// The removals the snapshot covers need not be replayed any more, unless the trained
	// matcher in the store, older than the snapshot, may still have to serve.
	if r.modelRev != 0 {
		rev = min(rev, r.modelRev)
	}
	return r.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bRemoved)
		var drop [][]byte
		if err := b.ForEach(func(k, v []byte) error {
			if len(v) == 8 && binary.BigEndian.Uint64(v) <= rev {
				drop = append(drop, bytes.Clone(k))
			}
			return nil
		}); err != nil {
			return err
		}
		for _, k := range drop {
			if err := b.Delete(k); err != nil {
				return err
			}
		}
		return nil
	})
}

// Close writes a matcher snapshot (unless Options.NoSnapshot is set) and closes the store.
// Calls after Close give ErrClosed; Close itself may be called more than once.
func (r *Resolver) Close() error {
	r.wmu.Lock()
	defer r.wmu.Unlock()
	r.mu.Lock()
	if r.closed {
		r.mu.Unlock()
		return nil
	}
	failed := r.failed
	r.closed = true
	r.mu.Unlock()
	var err error
	if failed == nil && !r.opt.NoSnapshot {
		err = r.checkpoint()
	}
	return errors.Join(err, r.grow.close(), r.db.Close())
}

func (r *Resolver) view(fn func(tx *bolt.Tx) error) error {
	r.mu.RLock()
	closed := r.closed
	r.mu.RUnlock()
	if closed {
		return ErrClosed
	}
	return r.db.View(fn)
}

func jsonEvent(e *Event) ([]byte, error) { return json.Marshal(e) }
