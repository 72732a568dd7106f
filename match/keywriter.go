package match

import "strings"

// keyWriter receives blocking keys as a prefix and parts to be joined by "|": as strings,
// or, when hashing, as the hashes block.HashKey would give the strings, minus the keys
// that never bring candidates (those of auxKeyMark). One writer of keys serves both, so the
// hashes always belong to the keys the index holds.
type keyWriter struct {
	strs    []string
	hashes  []uint64
	hashing bool
}

// add writes the key prefix + parts[0] + "|" + parts[1] ...
func (w *keyWriter) add(prefix string, parts ...string) {
	if !w.hashing {
		n := len(prefix) + len(parts) - 1
		for _, p := range parts {
			n += len(p)
		}
		var b strings.Builder
		b.Grow(n)
		b.WriteString(prefix)
		for i, p := range parts {
			if i > 0 {
				b.WriteByte('|')
			}
			b.WriteString(p)
		}
		w.strs = append(w.strs, b.String())
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
