package match

import (
	"bufio"
	"bytes"
	"encoding/gob"
	"errors"
	"fmt"
	"io"

	"github.com/idmatch/idmatch/normalize"
	"github.com/idmatch/idmatch/score"
)

// Errors of Load.
var (
	ErrCorrupt = errors.New("match: corrupt matcher data")
	ErrVersion = errors.New("match: unsupported matcher data version")
)

// fileMagic opens every saved matcher; fileVersion changes whenever the layout does.
const (
	fileMagic   = "IDMATCH\x00"
	fileVersion = 2
)

// snapshot is the gob-encoded part of a saved matcher.
type snapshot struct {
	Region     string
	Upper      float64
	Lower      float64
	Margin     float64
	PriorNone  float64
	DupRate    float64
	MaxBlock   int
	TopK       int
	Extras     []savedExtra
	PairPrior  float64
	Model      []byte // score's versioned JSON
	Records    []savedFeatures
	RecordNums []uint32
}

type savedExtra struct {
	Name string
	Kind FieldKind
}

type savedFeatures struct {
	ID                            string
	Given, Middle, Surname, SurPh string
	GivenKeys                     []string
	Gender                        normalize.Gender
	FromEmail                     bool
	Phones, Emails                []string
	City                          string
	Year, Month, Day              int
	Extras                        []string
}

// Save writes the prepared matcher (options, the records' features, the blocking index and
// the model) to w, so that Load can restore it without normalizing the records again.
// Writers wait while it runs.
func (m *Matcher) Save(w io.Writer) error {
	m.mu.RLock()
	defer m.mu.RUnlock()
	var model bytes.Buffer
	if err := m.model.WriteJSON(&model); err != nil {
		return fmt.Errorf("match: save: %w", err)
	}
	s := snapshot{
		Region: m.cfg.region, Upper: m.cfg.upper, Lower: m.cfg.lower, Margin: m.cfg.margin,
		PriorNone: m.cfg.priorNone, DupRate: m.cfg.dupRate, MaxBlock: m.cfg.maxBlock, TopK: m.cfg.topK,
		PairPrior: m.pairPrior, Model: model.Bytes(),
	}
	for _, x := range m.cfg.extras {
		s.Extras = append(s.Extras, savedExtra{x.name, x.kind})
	}
	for n, f := range m.recs {
		if f == nil {
			continue
		}
		s.RecordNums = append(s.RecordNums, uint32(n))
		s.Records = append(s.Records, savedFeatures{
			ID: f.id, Given: f.given, Middle: f.middle, Surname: f.surname, SurPh: f.surnamePh,
			GivenKeys: f.givenKeys, Gender: f.gender, FromEmail: f.nameFromEm,
			Phones: f.phones, Emails: f.emails, City: f.city,
			Year: f.birth.Year, Month: f.birth.Month, Day: f.birth.Day, Extras: f.extras,
		})
	}
	bw := bufio.NewWriter(w)
	bw.WriteString(fileMagic)
	bw.WriteByte(fileVersion)
	if err := gob.NewEncoder(bw).Encode(&s); err != nil {
		return fmt.Errorf("match: save: %w", err)
	}
	if _, err := m.ix.WriteTo(bw); err != nil {
		return fmt.Errorf("match: save index: %w", err)
	}
	return bw.Flush()
}

// Load reads a matcher written by Save. Options given here override the saved ones where
// they apply (thresholds, workers, explain); extra fields are those saved. Corrupt or
// truncated input gives an error wrapping ErrCorrupt, a newer format ErrVersion.
func Load(r io.Reader, opts ...Option) (*Matcher, error) {
	br := bufio.NewReader(r)
	head := make([]byte, len(fileMagic)+1)
	if _, err := io.ReadFull(br, head); err != nil {
		return nil, fmt.Errorf("%w: header: %v", ErrCorrupt, err)
	}
	if string(head[:len(fileMagic)]) != fileMagic {
		return nil, fmt.Errorf("%w: not a saved matcher", ErrCorrupt)
	}
	if head[len(fileMagic)] != fileVersion {
		return nil, fmt.Errorf("%w: %d (this build reads %d)", ErrVersion, head[len(fileMagic)], fileVersion)
	}
	var s snapshot
	if err := gob.NewDecoder(br).Decode(&s); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrCorrupt, err)
	}
	if len(s.Records) != len(s.RecordNums) {
		return nil, fmt.Errorf("%w: %d records but %d record numbers", ErrCorrupt, len(s.Records), len(s.RecordNums))
	}
	base := []Option{WithRegion(s.Region), WithThresholds(s.Lower, s.Upper), WithAmbiguityMargin(s.Margin),
		WithNonePrior(s.PriorNone), WithDuplicateRate(s.DupRate), WithMaxBlock(s.MaxBlock), WithTopK(s.TopK)}
	for _, x := range s.Extras {
		base = append(base, WithField(x.Name, x.Kind))
	}
	m, err := New(append(base, opts...)...)
	if err != nil {
		return nil, fmt.Errorf("%w: saved options: %v", ErrCorrupt, err)
	}
	mod, err := score.ReadModel(bytes.NewReader(s.Model))
	if err != nil {
		return nil, fmt.Errorf("%w: model: %v", ErrCorrupt, err)
	}
	if len(mod.Fields) != len(m.model.Fields) {
		return nil, fmt.Errorf("%w: model has %d fields, schema %d", ErrCorrupt, len(mod.Fields), len(m.model.Fields))
	}
	if err := m.setModel(mod); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrCorrupt, err)
	}
	m.pairPrior = s.PairPrior
	for i, sf := range s.Records {
		n := s.RecordNums[i]
		if n > 1<<31 || (i > 0 && n <= s.RecordNums[i-1]) {
			return nil, fmt.Errorf("%w: record number %d out of order", ErrCorrupt, n)
		}
		if len(sf.Extras) != len(m.cfg.extras) || sf.ID == "" {
			return nil, fmt.Errorf("%w: record %d malformed", ErrCorrupt, i)
		}
		if _, dup := m.byID[sf.ID]; dup {
			return nil, fmt.Errorf("%w: duplicate record ID %q", ErrCorrupt, sf.ID)
		}
		f := &features{
			id: sf.ID, given: sf.Given, middle: sf.Middle, surname: sf.Surname, surnamePh: sf.SurPh,
			givenKeys: sf.GivenKeys, gender: sf.Gender, nameFromEm: sf.FromEmail,
			phones: sf.Phones, emails: sf.Emails, city: sf.City,
			birth: normalize.Date{Year: sf.Year, Month: sf.Month, Day: sf.Day}, extras: sf.Extras,
			stored: true,
		}
		for uint32(len(m.recs)) < n {
			m.free = append(m.free, uint32(len(m.recs)))
			m.recs = append(m.recs, nil)
		}
		m.recs = append(m.recs, f)
		m.byID[f.id] = n
		m.live++
		m.countTerms(f, +1)
	}
	if _, err := m.ix.ReadFrom(br); err != nil {
		return nil, fmt.Errorf("%w: index: %v", ErrCorrupt, err)
	}
	for it := m.ix.Records().Iterator(); it.HasNext(); {
		if n := it.Next(); int(n) >= len(m.recs) || m.recs[n] == nil {
			return nil, fmt.Errorf("%w: index refers to record %d, which is not stored", ErrCorrupt, n)
		}
	}
	return m, nil
}
