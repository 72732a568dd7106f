package normalize

// NameKeys holds the comparison keys of the parts of a [Name], as [Name.Keys] computes them.
// It is a plain value; GivenNames may be shared with other callers and must not be modified.
type NameKeys struct {
	// Given is Skeleton(n.Given).
	Given string
	// GivenNames is GivenNameKeys(Given): the keys of the full given names the given name
	// may stand for; nil when Given is "".
	GivenNames []string
	// Middle is Skeleton(n.Middle).
	Middle string
	// Surname is SurnameSkeleton(n.Surname).
	Surname string
	// Phonetic is Phonetic(n.Surname).
	Phonetic string
}

// Keys returns the comparison keys of n's parts: the same values as [Skeleton],
// [GivenNameKeys], [SurnameSkeleton] and [Phonetic] give for them one by one, with the work
// they share done once: a given name of the name table is looked up rather than computed,
// the surname's words are read once for both of its keys, and the keys that are computed
// share one allocation. Keys is safe for concurrent use.
func (n Name) Keys() NameKeys {
	return n.keys(nil)
}

// keys is Keys with the symbols of the words taken from m when it holds them.
func (n Name) keys(m *skelMemo) NameKeys {
	tab := givenNames()
	var k NameKeys
	if w := m.word(tab, n.Given); w != nil {
		k.Given, k.GivenNames = w.skel, w.skelNames
	} else {
		var buf [64]byte
		sk, _ := skelAppendMemo(buf[:0], nil, n.Given, false, m)
		k.Given = string(sk)
		if w := tab.word(k.Given); w != nil {
			k.GivenNames = w.names
		} else {
			k.GivenNames = tab.namesOf(skelAppend(buf[:0], k.Given, false))
		}
	}
	var buf [128]byte
	var pbuf [32]byte
	var b []byte
	if w := m.word(tab, n.Middle); w != nil {
		b = append(buf[:0], w.skel...) // patronymics of the table's names are precomputed
	} else {
		b, _ = skelAppendMemo(buf[:0], nil, n.Middle, false, m)
	}
	mid := len(b)
	b, phon := skelAppendMemo(b, pbuf[:0], n.Surname, true, m)
	sur := len(b)
	all := string(append(b, phon...))
	k.Middle, k.Surname, k.Phonetic = all[:mid], all[mid:sur], all[sur:]
	return k
}
