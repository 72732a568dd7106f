package entity

import (
	"os"

	bolt "go.etcd.io/bbolt"
)

// bbolt grows its file by truncating it to a larger size, which leaves a hole: the pages a
// commit then writes past the old end need blocks allocated, and the commit's fdatasync
// must then also commit the file system's journal. On ext4 that makes a commit several
// times slower than one that overwrites blocks already allocated (3.5 ms against 0.3 ms
// for a 4 KiB write and fdatasync, on the disk of the benchmarks). So the Resolver keeps
// the file written with zeros some way past bbolt's high-water mark, in a few large writes
// of their own; bbolt then finds the file large enough and never grows it itself. The
// zeroed pages are past every page a meta page refers to, so a crash at any moment leaves
// them unused.
const (
	// growMin is the zeroed space past the high-water mark under which a call writes more.
	growMin = 4 << 20
	// growStep is how much a call writes then; about 10 ms of disk time, once every few
	// thousand single adds.
	growStep = 8 << 20
)

// grower keeps zeroed space ahead of bbolt's high-water mark. Its methods are called with
// the Resolver's writer lock held, when no write transaction is open.
type grower struct {
	f *os.File // the store's file, opened for writing; nil when that failed
	// filled is the offset up to which the file is known to hold blocks: data, or zeros
	// written here.
	filled int64
	zeros  []byte
}

func newGrower(path string) *grower {
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		return &grower{}
	}
	return &grower{f: f}
}

// ahead writes zeros past the high-water mark of db when fewer than growMin bytes are
// zeroed there. Failures are left for bbolt to meet: the zeros only make commits faster.
func (g *grower) ahead(db *bolt.DB) {
	if g.f == nil {
		return
	}
	var hwm int64
	if err := db.View(func(tx *bolt.Tx) error { hwm = tx.Size(); return nil }); err != nil {
		return
	}
	if g.filled < hwm {
		// What lies past the high-water mark is unknown at first (bbolt's own growth
		// leaves holes): the pages there are unused, and are zeroed like the rest.
		g.filled = hwm
	}
	if g.filled-hwm >= growMin {
		return
	}
	if g.zeros == nil {
		g.zeros = make([]byte, 1<<20)
	}
	end := hwm + growStep
	for off := g.filled; off < end; off += int64(len(g.zeros)) {
		if _, err := g.f.WriteAt(g.zeros[:min(int64(len(g.zeros)), end-off)], off); err != nil {
			return
		}
	}
	if err := g.f.Sync(); err != nil {
		return
	}
	g.filled = end
}

func (g *grower) close() error {
	if g.f == nil {
		return nil
	}
	return g.f.Close()
}
