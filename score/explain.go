package score

import (
	"fmt"
	"strings"
)

// missingLevelName is the LevelName of a field whose value is missing.
const missingLevelName = "missing"

// Explanation breaks the match weight of one pair down by field. PriorBits plus the Bits of
// every field is exactly Weight, the value WeightTF returns for the same arguments.
//
// An Explanation is plain data owned by the caller; it is not safe for concurrent use while
// being modified.
type Explanation struct {
	PriorBits   float64
	Fields      []FieldContribution
	Weight      float64
	Probability float64
}

// FieldContribution is one field's share of a match weight. Bits includes the term-frequency
// adjustment; TFBits is the part of Bits due to it (0 when none applies). Level is Missing and
// LevelName is "missing" when the field's value is missing. It is a plain value, safe to copy.
type FieldContribution struct {
	Field     string
	Level     uint8
	LevelName string
	Bits      float64
	TFBits    float64
}

// Explain returns the contribution of each field of the model to the weight of v, with the
// term-frequency adjustment of WeightTF (tf may be nil). Every field of the model appears, in
// order; fields beyond the end of v, and levels out of range, are reported as missing. It
// allocates the returned Explanation and keeps neither v nor tf.
func (w *Weights) Explain(v Vector, tf []float64) *Explanation {
	e := &Explanation{
		PriorBits: w.prior,
		Fields:    make([]FieldContribution, len(w.fields)),
	}
	s := w.prior
	for i := range w.fields {
		f := &w.fields[i]
		c := FieldContribution{Field: f.name, Level: Missing, LevelName: missingLevelName}
		if i < len(v) && int(v[i]) < len(f.bits) {
			l := v[i]
			t := 0.0
			if i < len(tf) {
				t = tf[i]
			}
			c.Level = l
			c.LevelName = f.levels[l]
			c.Bits = f.bitsTF(l, t)
			c.TFBits = c.Bits - f.bits[l]
		}
		// Same order of additions as WeightTF, so the sums agree exactly.
		s += c.Bits
		e.Fields[i] = c
	}
	e.Weight = s
	e.Probability = Probability(s)
	return e
}

// String formats the explanation as an aligned table, one line per field, with the prior first
// and the total last. The layout is for people and may change between versions: programs
// should read the fields of Explanation instead.
func (e *Explanation) String() string {
	if e == nil {
		return "<nil>"
	}
	nameW, levelW := len("weight"), 0
	for _, f := range e.Fields {
		nameW = max(nameW, len([]rune(f.Field)))
		levelW = max(levelW, len([]rune(f.LevelName)))
	}
	var b strings.Builder
	row := func(name, level string, bits float64, tail string) {
		b.WriteString(name)
		b.WriteString(strings.Repeat(" ", nameW-len([]rune(name))+2))
		b.WriteString(level)
		b.WriteString(strings.Repeat(" ", levelW-len([]rune(level))))
		fmt.Fprintf(&b, " %+8.2f", bits)
		b.WriteString(tail)
		b.WriteByte('\n')
	}
	row("prior", "", e.PriorBits, "")
	for _, f := range e.Fields {
		tail := ""
		if f.TFBits != 0 {
			tail = fmt.Sprintf("  (tf %+.2f)", f.TFBits)
		}
		row(f.Field, f.LevelName, f.Bits, tail)
	}
	row("weight", "", e.Weight, fmt.Sprintf("  p=%.4f", e.Probability))
	return b.String()
}
