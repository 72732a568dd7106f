package match

import (
	"slices"
	"strings"
	"sync"
)

// keyWriter receives blocking keys as a prefix and parts to be joined by "|": as strings,
// or, when hashing, as the hashes block.HashKey would give the strings, minus the keys
// that never bring candidates (those of auxKeyMark). One writer of keys serves both, so the
// hashes always belong to the keys the index holds.
type keyWriter struct {
	// The keys as strings are written one after another into buf, each ending at its
	// entry of ends; strings makes them strings of one allocation.
	buf     []byte
	ends    []int
	hashes  []uint64
	hashing bool
	// parts is where a field's Keyer writes its keys before they are added.
	parts [8]string
}

// keyWriterPool holds writers for reuse: a writer on the stack escapes through the Keyer
// interface, and a pooled one saves its allocation on every record added, removed, matched
// or enumerated.
var keyWriterPool = sync.Pool{New: func() any {
	return &keyWriter{buf: make([]byte, 0, 512), ends: make([]int, 0, 32)}
}}

// hashingWriter returns a pooled writer that appends the hashes of the keys to dst; release
// returns them and gives the writer back.
func hashingWriter(dst []uint64) *keyWriter {
	w := keyWriterPool.Get().(*keyWriter)
	w.hashes, w.hashing = dst, true
	return w
}

// release returns the hashes of a hashingWriter and puts it back in the pool; w must not be
// used after.
func (w *keyWriter) release() []uint64 {
	h := w.hashes
	w.hashes, w.hashing = nil, false
	keyWriterPool.Put(w)
	return h
}

// add writes the key prefix + parts[0] + "|" + parts[1] ...
func (w *keyWriter) add(prefix string, parts ...string) {
	if !w.hashing {
		w.buf = append(w.buf, prefix...)
		for i, p := range parts {
			if i > 0 {
				w.buf = append(w.buf, '|')
			}
			w.buf = append(w.buf, p...)
		}
		w.ends = append(w.ends, len(w.buf))
		return
	}
	if strings.HasPrefix(prefix, auxKeyMark) {
		return
	}
	h := fnvOffset
	h = fnvString(h, prefix)
	for i, p := range parts {
		if i > 0 {
			h = (h ^ '|') * fnvPrime
		}
		h = fnvString(h, p)
	}
	w.hashes = append(w.hashes, h)
}

// strings appends the keys written to dst, as strings sharing one allocation.
func (w *keyWriter) strings(dst []string) []string {
	all := string(w.buf)
	dst = slices.Grow(dst, len(w.ends))
	start := 0
	for _, end := range w.ends {
		dst = append(dst, all[start:end])
		start = end
	}
	return dst
}

// FNV-1a 64, as block.HashKey.
const (
	fnvOffset uint64 = 14695981039346656037
	fnvPrime  uint64 = 1099511628211
)

func fnvString(h uint64, s string) uint64 {
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= fnvPrime
	}
	return h
}
