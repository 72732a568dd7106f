package score

import (
	"errors"
	"fmt"
	"math"
	"slices"
)

// Errors returned by the model, training and persistence functions. Returned errors wrap one
// of these; test with errors.Is.
var (
	// ErrInvalidModel reports a model whose structure or probabilities break the rules that
	// Validate lists.
	ErrInvalidModel = errors.New("score: invalid model")
	// ErrNoData reports training data that cannot identify a model: no vectors, a single
	// distinct vector, or every value missing.
	ErrNoData = errors.New("score: not enough training data")
	// ErrEMOptions reports an EMOptions value out of range.
	ErrEMOptions = errors.New("score: invalid EM options")
	// ErrModelFormat reports a model or term-frequency file that is malformed or has an
	// unknown version.
	ErrModelFormat = errors.New("score: malformed model file")
)

const (
	// MaxFieldLevels is the largest number of levels a field may have: levels are numbered from 0
	// and the value 255 is reserved for Missing.
	MaxFieldLevels = int(Missing)

	// sumTolerance is how far the m (or u) probabilities of a field may sum from 1. It absorbs
	// rounding in hand-written or decimal-printed models, not real mistakes.
	sumTolerance = 1e-6

	// MinTermFrequency is the floor applied to a term frequency before it replaces u in
	// WeightTF: u_tf = max(tf, MinTermFrequency). It bounds the bits of agreement on a value
	// seen once in a huge table (log2(m0/1e-6) ≈ 20 bits), so one rare value cannot outweigh
	// every other field.
	MinTermFrequency = 1e-6

	// MaxWeight is the bound WeightOf clips infinite weights to. Every finite probability maps
	// to a weight inside (-MaxWeight, MaxWeight), so clipping keeps the order of probabilities,
	// and Probability(±MaxWeight) is exactly 1 or 0.
	MaxWeight = 1100.0
)

// Level is one outcome of a field comparison with its Fellegi-Sunter probabilities.
// M is P(level | the pair is a match) and U is P(level | the pair is not a match). It is a
// plain value, safe to copy.
type Level struct {
	Name string
	M, U float64
}

// Field is one compared attribute of a pair of records.
//
// Levels are ordered like the comparison's levels: 0 is exact agreement and the last is
// disagreement. When TermFrequency is set, agreement at level 0 is weighed by the frequency of
// the agreeing value (see Weights.WeightTF). A Field is plain data holding the Levels slice it
// is given; it is not safe for concurrent use while modified.
type Field struct {
	Name          string
	Levels        []Level
	TermFrequency bool
}

// Model is a Fellegi-Sunter model: a prior probability that a candidate pair is a match and
// the m and u probabilities of each level of each field.
//
// A Model is plain data holding the slices it is given: it is not safe for concurrent use
// while it is being trained or edited. Compile copies it into immutable Weights for scoring.
// TrainEM, EstimateU and FitLabelled change the model (and the Levels slices it holds) in
// place.
type Model struct {
	Prior  float64
	Fields []Field
}

// Vector is the outcome of comparing one pair: one level per field of a model. Missing (255)
// marks a field where either value is absent; it is neutral and adds 0 bits. No function of
// this package modifies a Vector passed to it or keeps it after returning.
type Vector []uint8

// Validate reports whether the model can be compiled: Prior in (0,1); at least one field;
// field names non-empty and unique; each field with 2 to MaxFieldLevels levels; every M and U in
// (0,1); the M and the U of each field summing to 1 within 1e-6. The error wraps
// ErrInvalidModel and names the first problem found.
func (m *Model) Validate() error {
	if m == nil {
		return fmt.Errorf("%w: nil model", ErrInvalidModel)
	}
	if err := m.validateStructure(); err != nil {
		return err
	}
	if !openUnit(m.Prior) {
		return fmt.Errorf("%w: prior %v not in (0,1)", ErrInvalidModel, m.Prior)
	}
	for i := range m.Fields {
		if err := validateM(&m.Fields[i]); err != nil {
			return err
		}
		if err := validateU(&m.Fields[i]); err != nil {
			return err
		}
	}
	return nil
}

// validateStructure checks everything Validate does except the probabilities, which an
// untrained model does not have yet.
func (m *Model) validateStructure() error {
	if len(m.Fields) == 0 {
		return fmt.Errorf("%w: no fields", ErrInvalidModel)
	}
	seen := make(map[string]bool, len(m.Fields))
	for i, f := range m.Fields {
		if f.Name == "" {
			return fmt.Errorf("%w: field %d has no name", ErrInvalidModel, i)
		}
		if seen[f.Name] {
			return fmt.Errorf("%w: duplicate field name %q", ErrInvalidModel, f.Name)
		}
		seen[f.Name] = true
		if len(f.Levels) < 2 || len(f.Levels) > MaxFieldLevels {
			return fmt.Errorf("%w: field %q has %d levels, want 2 to %d",
				ErrInvalidModel, f.Name, len(f.Levels), MaxFieldLevels)
		}
	}
	return nil
}

func validateM(f *Field) error {
	sum := 0.0
	for _, l := range f.Levels {
		if !openUnit(l.M) {
			return fmt.Errorf("%w: field %q level %q: m %v not in (0,1)", ErrInvalidModel, f.Name, l.Name, l.M)
		}
		sum += l.M
	}
	if math.Abs(sum-1) > sumTolerance {
		return fmt.Errorf("%w: field %q: m sums to %v, not 1", ErrInvalidModel, f.Name, sum)
	}
	return nil
}

func validateU(f *Field) error {
	sum := 0.0
	for _, l := range f.Levels {
		if !openUnit(l.U) {
			return fmt.Errorf("%w: field %q level %q: u %v not in (0,1)", ErrInvalidModel, f.Name, l.Name, l.U)
		}
		sum += l.U
	}
	if math.Abs(sum-1) > sumTolerance {
		return fmt.Errorf("%w: field %q: u sums to %v, not 1", ErrInvalidModel, f.Name, sum)
	}
	return nil
}

// openUnit reports whether p is in the open interval (0,1); NaN is not.
func openUnit(p float64) bool { return p > 0 && p < 1 }

// Clone returns a deep copy of the model: its fields and their levels are copied, so that
// changing or retraining either model leaves the other as it was. A nil model clones to nil.
// Clone only reads m.
func (m *Model) Clone() *Model {
	if m == nil {
		return nil
	}
	c := &Model{Prior: m.Prior, Fields: slices.Clone(m.Fields)}
	for i := range c.Fields {
		c.Fields[i].Levels = slices.Clone(c.Fields[i].Levels)
	}
	return c
}

// Compile validates the model and precomputes its weights in bits. The result shares nothing
// with m, so m may be changed or retrained afterwards without affecting it.
func (m *Model) Compile() (*Weights, error) {
	if err := m.Validate(); err != nil {
		return nil, err
	}
	w := &Weights{
		prior:  math.Log2(m.Prior / (1 - m.Prior)),
		fields: make([]fieldWeights, len(m.Fields)),
	}
	for i, f := range m.Fields {
		fw := fieldWeights{
			name:   f.Name,
			tf:     f.TermFrequency,
			bits:   make([]float64, len(f.Levels)),
			levels: make([]string, len(f.Levels)),
			log2m0: math.Log2(f.Levels[0].M),
		}
		for l, lv := range f.Levels {
			fw.bits[l] = math.Log2(lv.M / lv.U)
			fw.levels[l] = lv.Name
		}
		w.fields[i] = fw
	}
	return w, nil
}

// Weights is a compiled Model: the prior and each level's weight in bits, log2(λ/(1-λ)) and
// log2(m/u). It is immutable and safe for concurrent use; it keeps no slice passed to its
// methods. All methods are allocation-free except Explain.
//
// A vector shorter than the model's field count is read as if the absent fields were Missing;
// extra entries are ignored; a level beyond a field's last level counts as Missing. The zero
// Weights has no fields and a prior of 0 bits; use Model.Compile.
type Weights struct {
	prior  float64
	fields []fieldWeights
}

type fieldWeights struct {
	name   string
	levels []string
	bits   []float64 // log2(m/u) per level
	log2m0 float64   // log2(m) of level 0, for the term-frequency adjustment
	tf     bool
}

// PriorBits returns log2(λ/(1-λ)), the weight of a pair before any field is compared.
func (w *Weights) PriorBits() float64 { return w.prior }

// NumFields returns the number of fields of the compiled model.
func (w *Weights) NumFields() int { return len(w.fields) }

// Bits returns log2(m/u) of the given level of the given field, and 0 for Missing or for a
// field or level out of range.
func (w *Weights) Bits(field int, level uint8) float64 {
	if field < 0 || field >= len(w.fields) {
		return 0
	}
	b := w.fields[field].bits
	if int(level) < len(b) {
		return b[level]
	}
	return 0
}

// BitsTF is Bits with the term-frequency adjustment of WeightTF applied for a relative
// frequency tf of the agreeing value.
func (w *Weights) BitsTF(field int, level uint8, tf float64) float64 {
	if field < 0 || field >= len(w.fields) {
		return 0
	}
	return w.fields[field].bitsTF(level, tf)
}

// bitsTF is the one place the adjusted bits are computed, so that WeightTF and Explain agree to
// the last bit.
func (f *fieldWeights) bitsTF(level uint8, tf float64) float64 {
	if int(level) >= len(f.bits) {
		return 0
	}
	if level != 0 || !f.tf || !(tf > 0) {
		return f.bits[level]
	}
	// Agreement on a value more common than m0 carries nothing, but never counts against
	// the pair: the adjusted bits stop at 0.
	return max(f.log2m0-log2Frequency(clampTF(tf)), min(f.bits[0], 0))
}

// clampTF bounds a positive frequency to [MinTermFrequency, 1].
func clampTF(tf float64) float64 {
	if tf > 1 {
		return 1
	}
	if tf < MinTermFrequency {
		return MinTermFrequency
	}
	return tf
}

// Weight returns the match weight of a comparison vector in bits: PriorBits plus the bits of
// each field's level.
func (w *Weights) Weight(v Vector) float64 {
	s := w.prior
	fs := w.fields
	if len(v) < len(fs) {
		fs = fs[:len(v)]
	}
	for i := range fs {
		b := fs[i].bits
		if l := v[i]; int(l) < len(b) {
			s += b[l]
		}
	}
	return s
}

// WeightTF is Weight with Splink's term-frequency adjustment. tf[i], in (0,1], is the relative
// frequency of the agreeing value of field i (for example TermFrequencies.Frequency). It
// applies only where v[i] == 0 and the field has TermFrequency set: the field's bits are then
// log2(m0/u_tf) with u_tf = max(tf[i], MinTermFrequency) instead of log2(m0/u0), so agreement
// on a rare value weighs more than agreement on a common one, and never less than 0 bits (nor
// less than the unadjusted bits where those are negative). Values above 1 count as 1. tf may
// be nil or shorter than v; a zero, negative or NaN entry means no adjustment.
func (w *Weights) WeightTF(v Vector, tf []float64) float64 {
	s := w.prior
	fs := w.fields
	if len(v) < len(fs) {
		fs = fs[:len(v)]
	}
	for i := range fs {
		f, l := &fs[i], v[i]
		switch {
		case l == 0 && f.tf && i < len(tf) && tf[i] > 0:
			s += f.bitsTF(l, tf[i])
		case int(l) < len(f.bits):
			// What bitsTF gives without the adjustment, without its call: a comparison
			// weighs every field of every candidate pair here.
			s += f.bits[l]
		}
	}
	return s
}

// Probability converts a match weight in bits to a probability, 2^w / (1 + 2^w). It is
// computed without overflow for any w, returns exactly 0 or 1 far out in the tails, and
// returns 0 (not a match) for NaN.
func Probability(weight float64) float64 {
	switch {
	case math.IsNaN(weight):
		return 0
	case weight >= 0:
		return 1 / (1 + math.Exp2(-weight))
	default:
		e := math.Exp2(weight)
		return e / (1 + e)
	}
}

// WeightOf converts a probability to a match weight in bits, log2(p/(1-p)), the inverse of
// Probability. p ≤ 0 (and NaN) give -MaxWeight and p ≥ 1 gives +MaxWeight instead of infinities.
func WeightOf(probability float64) float64 {
	switch {
	case !(probability > 0):
		return -MaxWeight
	case probability >= 1:
		return MaxWeight
	}
	// Log2 is exact in the exponent even for subnormal p; log1p keeps precision for p near 1.
	return math.Log2(probability) - math.Log1p(-probability)/math.Ln2
}
