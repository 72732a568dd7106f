package score

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// FormatVersion is the version written by Model.WriteJSON and TermFrequencies.MarshalJSON, and
// the only one ReadModel and UnmarshalJSON accept.
const FormatVersion = 1

type modelJSON struct {
	Version int         `json:"version"`
	Prior   float64     `json:"prior"`
	Fields  []fieldJSON `json:"fields"`
}

type fieldJSON struct {
	Name          string      `json:"name"`
	TermFrequency bool        `json:"term_frequency"`
	Levels        []levelJSON `json:"levels"`
}

type levelJSON struct {
	Name string  `json:"name"`
	M    float64 `json:"m"`
	U    float64 `json:"u"`
}

// WriteJSON writes the model as versioned JSON:
//
//	{"version":1,"prior":…,"fields":[{"name":…,"term_frequency":…,"levels":[{"name":…,"m":…,"u":…}]}]}
//
// Probabilities are written exactly (ReadModel restores the same float64 values). An invalid
// model is refused, so every file written can be read back.
func (m *Model) WriteJSON(w io.Writer) error {
	if err := m.Validate(); err != nil {
		return err
	}
	out := modelJSON{Version: FormatVersion, Prior: m.Prior, Fields: make([]fieldJSON, len(m.Fields))}
	for i, f := range m.Fields {
		fj := fieldJSON{Name: f.Name, TermFrequency: f.TermFrequency, Levels: make([]levelJSON, len(f.Levels))}
		for l, lv := range f.Levels {
			fj.Levels[l] = levelJSON(lv)
		}
		out.Fields[i] = fj
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		return fmt.Errorf("score: writing model: %w", err)
	}
	return nil
}

// ReadModel reads a model written by WriteJSON. Malformed JSON, unknown keys, trailing data or
// an unknown version give an error wrapping ErrModelFormat; a well-formed file whose model
// fails Validate gives an error wrapping ErrInvalidModel.
func ReadModel(r io.Reader) (*Model, error) {
	if r == nil {
		return nil, fmt.Errorf("%w: nil reader", ErrModelFormat)
	}
	var in modelJSON
	if err := decodeStrict(r, &in); err != nil {
		return nil, err
	}
	if in.Version != FormatVersion {
		return nil, fmt.Errorf("%w: version %d, want %d", ErrModelFormat, in.Version, FormatVersion)
	}
	m := &Model{Prior: in.Prior, Fields: make([]Field, len(in.Fields))}
	for i, f := range in.Fields {
		fd := Field{Name: f.Name, TermFrequency: f.TermFrequency, Levels: make([]Level, len(f.Levels))}
		for l, lv := range f.Levels {
			fd.Levels[l] = Level(lv)
		}
		m.Fields[i] = fd
	}
	if err := m.Validate(); err != nil {
		return nil, err
	}
	return m, nil
}

// decodeStrict decodes exactly one JSON value with no unknown keys and nothing after it.
func decodeStrict(r io.Reader, v any) error {
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("%w: %w", ErrModelFormat, err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return fmt.Errorf("%w: data after the JSON value", ErrModelFormat)
	}
	return nil
}

type termFrequenciesJSON struct {
	Version int               `json:"version"`
	Counts  map[string]uint64 `json:"counts"`
}

// MarshalJSON encodes the table as {"version":1,"counts":{value:count,…}}, values sorted. It
// only reads the table (see TermFrequencies on locking).
func (t *TermFrequencies) MarshalJSON() ([]byte, error) {
	counts := t.counts
	if counts == nil {
		counts = map[string]uint64{}
	}
	return json.Marshal(termFrequenciesJSON{Version: FormatVersion, Counts: counts})
}

// UnmarshalJSON replaces the table's contents with those encoded by MarshalJSON. Malformed
// input, an unknown version, an empty value or a total that overflows give an error wrapping
// ErrModelFormat and leave the table unchanged. Zero counts are dropped.
func (t *TermFrequencies) UnmarshalJSON(data []byte) error {
	var in termFrequenciesJSON
	if err := decodeStrict(bytes.NewReader(data), &in); err != nil {
		return err
	}
	if in.Version != FormatVersion {
		return fmt.Errorf("%w: term frequencies version %d, want %d", ErrModelFormat, in.Version, FormatVersion)
	}
	counts := make(map[string]uint64, len(in.Counts))
	var total uint64
	for v, c := range in.Counts {
		if v == "" {
			return fmt.Errorf("%w: term frequencies: empty value", ErrModelFormat)
		}
		if c == 0 {
			continue
		}
		if total+c < total {
			return fmt.Errorf("%w: term frequencies: total overflows", ErrModelFormat)
		}
		total += c
		counts[v] = c
	}
	t.counts, t.total = counts, total
	return nil
}
