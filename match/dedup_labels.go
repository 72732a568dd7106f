package match

// answers are a reviewer's labels resolved to stored records, for clustering.
type answers struct {
	// same lists the pairs labelled the same person, in the order given.
	same [][2]uint32
	// apart lists, for each record in a pair labelled different people, the other records
	// of such pairs.
	apart map[uint32][]uint32
}

// resolveLabels resolves labels to stored records. Labels naming a record that is not stored,
// or one record twice, are left out; when a pair is labelled twice the later label holds. It
// returns nil when no label is left. mu is held for reading.
func (m *Matcher) resolveLabels(labels []Label) *answers {
	if len(labels) == 0 {
		return nil
	}
	// The standing answer of each pair: the last one given.
	known := map[[2]uint32]bool{}
	for _, l := range labels {
		a, okA := m.byID.get(m.recs, l.A)
		b, okB := m.byID.get(m.recs, l.B)
		if !okA || !okB || a == b || m.recs[a] == nil || m.recs[b] == nil {
			continue
		}
		known[pairKey(a, b)] = l.Same
	}
	if len(known) == 0 {
		return nil
	}
	an := &answers{apart: map[uint32][]uint32{}}
	for _, l := range labels {
		a, okA := m.byID.get(m.recs, l.A)
		b, okB := m.byID.get(m.recs, l.B)
		k := pairKey(a, b)
		if same, ok := known[k]; !okA || !okB || !ok || same != l.Same {
			continue
		}
		delete(known, k) // each pair once
		if l.Same {
			an.same = append(an.same, k)
		} else {
			an.apart[a] = append(an.apart[a], b)
			an.apart[b] = append(an.apart[b], a)
		}
	}
	return an
}

func pairKey(a, b uint32) [2]uint32 {
	if b < a {
		a, b = b, a
	}
	return [2]uint32{a, b}
}

// kept reports whether the clusters of records A and of root rb must stay apart: some pair
// across them is labelled different people. an may be nil.
func (an *answers) kept(A []uint32, rb uint32, find func(uint32) uint32) bool {
	if an == nil || len(an.apart) == 0 {
		return false
	}
	for _, x := range A {
		for _, y := range an.apart[x] {
			if find(y) == rb {
				return true
			}
		}
	}
	return false
}
