package dataset

import (
	"iter"
	"slices"
)

// Columns holds a row's columns by name, trimmed, mapped or not. The rows of one CSV or xlsx
// header share its names and their index, so a row costs its values and no map of its own:
// a million rows of a dozen columns would otherwise hold about half a gigabyte of maps.
// The zero value holds no column.
type Columns struct {
	names []string       // shared; not modified once a row holds it
	index map[string]int // position by name, shared like names; nil means search names
	vals  []string
}

// ColumnsOf returns Columns holding m, in name order: for rows built by hand.
func ColumnsOf(m map[string]string) Columns {
	names := make([]string, 0, len(m))
	for n := range m {
		names = append(names, n)
	}
	slices.Sort(names)
	vals := make([]string, len(names))
	for i, n := range names {
		vals[i] = m[n]
	}
	return Columns{names: names, vals: vals}
}

// Lookup returns the value of the named column and whether the row has it.
func (c Columns) Lookup(name string) (string, bool) {
	if c.index != nil {
		i, ok := c.index[name]
		if !ok || i >= len(c.vals) {
			return "", false
		}
		return c.vals[i], true
	}
	if i := slices.Index(c.names, name); i >= 0 {
		return c.vals[i], true
	}
	return "", false
}

// Get returns the value of the named column, "" when the row lacks it.
func (c Columns) Get(name string) string {
	v, _ := c.Lookup(name)
	return v
}

// Len is the number of columns.
func (c Columns) Len() int { return len(c.vals) }

// All yields each column's name and value, in column order.
func (c Columns) All() iter.Seq2[string, string] {
	return func(yield func(string, string) bool) {
		for i, v := range c.vals {
			if !yield(c.names[i], v) {
				return
			}
		}
	}
}
