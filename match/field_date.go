package match

// DateField is an extra date field (a document's issue date), parsed and compared as the
// birth date is: by parts, with damaged values kept as digits. Its full dates are blocking
// keys and identify well enough to condition training on.
func DateField(name string) Field {
	return Field{
		Name:          name,
		Preparer:      PreparerFunc(func(in *Input) (Value, []Problem) { return prepareDate(name, in.Record.Extra[name]) }),
		Keyer:         KeyerFunc(fullDateKey),
		Comparer:      ComparerFunc(compareDateValues),
		Levels:        dateLevels(0.0005, 0.005, 0.01),
		MaxBits:       dateMaxBits(),
		Identifier:    true,
		TermFrequency: true,
	}
}

// fullDateKey gives a full, valid date as its key.
func fullDateKey(v *Value, dst []string) []string {
	if y, m, d, ok := parseDateKey(v.Key); !ok || y == 0 || m == 0 || d == 0 {
		return dst
	}
	return append(dst, v.Key)
}
