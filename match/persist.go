package match

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"sync"

	"github.com/idmatch/idmatch/normalize"
	"github.com/idmatch/idmatch/score"
)

// Errors of Load.
var (
	ErrCorrupt = errors.New("match: corrupt matcher data")
	ErrVersion = errors.New("match: unsupported matcher data version")
)

// The layout of a saved matcher:
//
//	magic "IDMATCH\x00", version byte
//	uvarint length + JSON header (options, schema, name-table version, record count)
//	uvarint length + the model (score's versioned JSON)
//	records: ID, then per field its Key, its Keys and its Weak flag
//	SHA-256 of everything before it
//
// The blocking index and the term counts are not saved: Load rebuilds them from the
// records' prepared values, so an index can never disagree with the records it indexes.
// Nor are Keys that follow from the Key alone (a text field's sorted tokens, see
// keyDeriver): Load derives them again, so the layout stays the one earlier versions
// wrote and read, whichever form the derived Keys take.
const (
	fileMagic   = "IDMATCH\x00"
	fileVersion = 3
)

// savedHeader is the JSON header of a saved matcher.
type savedHeader struct {
	DataVersion string       `json:"data_version"`
	Region      string       `json:"region"`
	Upper       float64      `json:"upper"`
	Lower       float64      `json:"lower"`
	Margin      float64      `json:"margin"`
	PriorNone   float64      `json:"prior_none"`
	NoneFixed   bool         `json:"prior_none_fixed,omitempty"` // WithNonePrior set PriorNone: Train keeps it
	DupRate     float64      `json:"dup_rate"`
	MaxBlock    int          `json:"max_block"`
	TopK        int          `json:"top_k"`
	PairPrior   float64      `json:"pair_prior"`
	Duplicates  float64      `json:"duplicates,omitempty"`
	NonePrior   float64      `json:"none_prior,omitempty"`
	Fields      []savedField `json:"fields"`
	Records     int          `json:"records"`
}

// savedField names a schema field; Kind is "" for a person field, the kind's name for an
// extra field of a built-in kind, and "custom" for a caller's own field.
type savedField struct {
	Name   string `json:"name"`
	Kind   string `json:"kind,omitempty"`
	Levels int    `json:"levels"`
}

const customKind = "custom"

// keyDeriver is implemented by the Preparer of a field whose Value.Keys are a function of
// its Key. Save writes such values without their Keys and Load calls deriveKeys.
type keyDeriver interface {
	deriveKeys(v *Value)
}

// keyDerivers returns, for each field, its keyDeriver or nil.
func keyDerivers(fields []Field) []keyDeriver {
	out := make([]keyDeriver, len(fields))
	for i, f := range fields {
		out[i], _ = f.Preparer.(keyDeriver)
	}
	return out
}

// Save writes the prepared matcher (options, schema, the records' prepared values and the
// model) to w, so that Load can restore it without normalizing the records again. Writers
// wait while it runs. To replace a file safely, use SaveFile.
func (m *Matcher) Save(w io.Writer) error {
	m.mu.RLock()
	defer m.mu.RUnlock()
	h := sha256.New()
	bw := bufio.NewWriterSize(io.MultiWriter(w, h), 1<<16)
	hdr := savedHeader{
		DataVersion: normalize.DataVersion, Region: m.cfg.region, Upper: m.cfg.upper, Lower: m.cfg.lower,
		Margin: m.cfg.margin, PriorNone: m.cfg.priorNone, DupRate: m.cfg.dupRate, MaxBlock: m.cfg.maxBlock,
		TopK: m.cfg.topK, PairPrior: m.pairPrior, Duplicates: m.duplicates, NonePrior: m.nonePrior, Records: m.live,
		NoneFixed: m.cfg.noneFixed,
	}
	np := len(m.schema.fields) - len(m.cfg.extras)
	for i, f := range m.schema.fields {
		sf := savedField{Name: f.Name, Levels: len(f.Levels)}
		if i >= np {
			sf.Kind = customKind
			if k := m.cfg.extraKinds[i-np]; k != 0 {
				sf.Kind = k.String()
			}
		}
		hdr.Fields = append(hdr.Fields, sf)
	}
	hj, err := json.Marshal(hdr)
	if err != nil {
		return fmt.Errorf("match: save: %w", err)
	}
	var model bytes.Buffer
	if err := m.model.WriteJSON(&model); err != nil {
		return fmt.Errorf("match: save: %w", err)
	}
	var num [binary.MaxVarintLen64]byte
	putUvarint := func(x uint64) { bw.Write(num[:binary.PutUvarint(num[:], x)]) }
	putBytes := func(b []byte) { putUvarint(uint64(len(b))); bw.Write(b) }
	putString := func(s string) { putUvarint(uint64(len(s))); bw.WriteString(s) }

	bw.WriteString(fileMagic)
	bw.WriteByte(fileVersion)
	putBytes(hj)
	putBytes(model.Bytes())
	derived := keyDerivers(m.schema.fields)
	for _, f := range m.recs {
		if f == nil {
			continue
		}
		putString(f.id())
		for i := range int(f.nvals) {
			v := f.val(i)
			putString(v.Key)
			if derived[i] != nil {
				putUvarint(0)
			} else {
				putUvarint(uint64(len(v.Keys)))
				for _, k := range v.Keys {
					putString(k)
				}
			}
			if v.Weak {
				bw.WriteByte(1)
			} else {
				bw.WriteByte(0)
			}
		}
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("match: save: %w", err)
	}
	if _, err := w.Write(h.Sum(nil)); err != nil {
		return fmt.Errorf("match: save: %w", err)
	}
	return nil
}

// SaveFile writes the matcher to path so that a crash at any moment leaves either the
// previous file or the new one, never a part: it writes a temporary file in the same
// directory, flushes it to disk, and renames it over path.
func (m *Matcher) SaveFile(path string) (err error) {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("match: save: %w", err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if err = m.Save(tmp); err != nil {
		return err
	}
	if err = tmp.Sync(); err != nil {
		return fmt.Errorf("match: save: %w", err)
	}
	if err = tmp.Close(); err != nil {
		return fmt.Errorf("match: save: %w", err)
	}
	if err = os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("match: save: %w", err)
	}
	if d, derr := os.Open(dir); derr == nil { // make the rename itself durable
		d.Sync()
		d.Close()
	}
	return nil
}

// LoadFile reads a matcher written by SaveFile or Save from path; see Load.
func LoadFile(path string, opts ...Option) (*Matcher, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("match: load: %w", err)
	}
	defer f.Close()
	return Load(f, opts...)
}

// Load reads a matcher written by Save. The whole input is checked against its checksum
// before anything is decoded, and every count is bounded by the input's size before it is
// allocated, so corrupt or truncated input gives an error wrapping ErrCorrupt and never a
// panic or an allocation out of proportion to the input.
//
// Options given here override the saved ones where they may (thresholds, priors, top-k,
// workers, explain); an option that contradicts the saved data (another phone region, other
// extra fields) is an ErrOption. Custom fields (WithCustomField) must be given again, the
// same as when the matcher was saved. A file from a newer format, or one whose records were
// normalized with other name tables (normalize.DataVersion), gives an error wrapping
// ErrVersion: build the matcher again from the records.
func Load(r io.Reader, opts ...Option) (*Matcher, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("match: load: %w", err)
	}
	if len(data) < len(fileMagic)+1+sha256.Size {
		return nil, fmt.Errorf("%w: %d bytes is too short for a saved matcher", ErrCorrupt, len(data))
	}
	if string(data[:len(fileMagic)]) != fileMagic {
		return nil, fmt.Errorf("%w: not a saved matcher", ErrCorrupt)
	}
	v := data[len(fileMagic)]
	body, sum := data[:len(data)-sha256.Size], data[len(data)-sha256.Size:]
	if got := sha256.Sum256(body); !bytes.Equal(got[:], sum) {
		if v > fileVersion {
			// Either a newer format with another layout, or a damaged version byte.
			return nil, fmt.Errorf("%w: format %d (this build reads %d), or %w", ErrVersion, v, fileVersion, ErrCorrupt)
		}
		return nil, fmt.Errorf("%w: checksum mismatch (the file was damaged or cut short)", ErrCorrupt)
	}
	if v != fileVersion {
		return nil, fmt.Errorf("%w: %d (this build reads %d)", ErrVersion, v, fileVersion)
	}
	d := &decoder{b: body[len(fileMagic)+1:]}
	var hdr savedHeader
	if err := json.Unmarshal(d.bytes(), &hdr); err != nil || d.err != nil {
		return nil, fmt.Errorf("%w: header: %v", ErrCorrupt, errors.Join(d.err, err))
	}
	if hdr.DataVersion != normalize.DataVersion {
		return nil, fmt.Errorf("%w: the records were normalized with name tables %q, this build has %q; build the matcher again from the records",
			ErrVersion, hdr.DataVersion, normalize.DataVersion)
	}
	m, err := newFromSaved(&hdr, opts)
	if err != nil {
		return nil, err
	}
	mod, err := score.ReadModel(bytes.NewReader(d.bytes()))
	if err != nil || d.err != nil {
		return nil, fmt.Errorf("%w: model: %v", ErrCorrupt, errors.Join(d.err, err))
	}
	if len(mod.Fields) != len(m.schema.fields) {
		return nil, fmt.Errorf("%w: model has %d fields, schema %d", ErrCorrupt, len(mod.Fields), len(m.schema.fields))
	}
	for i, f := range mod.Fields {
		if f.Name != m.schema.fields[i].Name || len(f.Levels) != len(m.schema.fields[i].Levels) {
			return nil, fmt.Errorf("%w: model field %d is %q with %d levels, schema has %q with %d",
				ErrCorrupt, i, f.Name, len(f.Levels), m.schema.fields[i].Name, len(m.schema.fields[i].Levels))
		}
	}
	if err := m.setModel(mod); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrCorrupt, err)
	}
	m.pairPrior, m.duplicates = hdr.PairPrior, hdr.Duplicates
	if hdr.PairPrior != 0 && hdr.Duplicates == 0 {
		// A file of an earlier version: the prior's base is taken to be the saved one.
		m.duplicates = hdr.PairPrior * float64(max(hdr.Records-1, 0))
	}
	if !(m.duplicates >= 0) || math.IsInf(m.duplicates, 0) {
		return nil, fmt.Errorf("%w: %v expected duplicates per record", ErrCorrupt, m.duplicates)
	}
	if hdr.NonePrior < 0 || hdr.NonePrior >= 1 {
		return nil, fmt.Errorf("%w: none prior %v", ErrCorrupt, hdr.NonePrior)
	}
	m.nonePrior = hdr.NonePrior
	// Each record takes at least one byte per field and two for its ID: a count beyond
	// that cannot be real and is refused before anything is allocated for it.
	nf := len(m.schema.fields)
	if hdr.Records < 0 || hdr.Records > len(d.b)/(nf+2) {
		return nil, fmt.Errorf("%w: %d records cannot fit in %d bytes", ErrCorrupt, hdr.Records, len(d.b))
	}
	m.recs = make([]*features, 0, hdr.Records)
	m.byID.reserve(hdr.Records) // hdr.Records is bounded by the input's size
	derived := keyDerivers(m.schema.fields)
	var keys []string
	// The index is filled in its own order, a batch at a time, not record by record, and
	// on a goroutine of its own while the next records are read: reading and indexing take
	// about as long each. Nothing else touches the index until Load returns.
	batches, free, indexed := make(chan *indexBatch), make(chan *indexBatch, 2), make(chan struct{})
	free <- new(indexBatch)
	free <- new(indexBatch)
	go func() {
		defer close(indexed)
		for b := range batches {
			b.flush(m)
			free <- b
		}
	}()
	stopIndexing := sync.OnceFunc(func() { close(batches); <-indexed })
	defer stopIndexing() // on an error, the indexing ends before Load returns
	batch := <-free
	vals := make([]Value, nf)
	for i := 0; i < hdr.Records; i++ {
		id := d.string()
		for j := range vals {
			v := &vals[j]
			*v = Value{}
			v.Key = d.string()
			if n := d.count(); n > 0 {
				v.Keys = make([]string, n)
				for k := range v.Keys {
					v.Keys[k] = d.string()
				}
			}
			switch d.byte() {
			case 0:
			case 1:
				v.Weak = true
			default:
				d.fail("bad flag")
			}
			if derived[j] != nil && v.Key != "" {
				derived[j].deriveKeys(v)
			}
		}
		if d.err != nil {
			return nil, fmt.Errorf("%w: record %d: %v", ErrCorrupt, i+1, d.err)
		}
		f, err := packFeatures(id, vals, true)
		if err != nil {
			return nil, fmt.Errorf("%w: record %d: %v", ErrCorrupt, i+1, err)
		}
		if f.id() == "" {
			return nil, fmt.Errorf("%w: record %d has no ID", ErrCorrupt, i+1)
		}
		if _, dup := m.byID.get(m.recs, f.id()); dup {
			return nil, fmt.Errorf("%w: duplicate record ID %q", ErrCorrupt, f.id())
		}
		n := uint32(len(m.recs))
		m.recs = append(m.recs, m.schema.derive(f))
		m.byID.set(f.idHash, n)
		m.live++
		keys = m.keys(f, keys[:0])
		batch.add(n, keys)
		if batch.main.Len() >= batchKeys {
			batches <- batch
			batch = <-free
		}
		m.countTerms(f, +1)
	}
	batches <- batch
	stopIndexing()
	if len(d.b) != 0 {
		return nil, fmt.Errorf("%w: %d bytes after the last record", ErrCorrupt, len(d.b))
	}
	return m, nil
}

// savedNonePrior restores the none prior option as it was saved: fixed by WithNonePrior, or
// the value Train may still learn from contacts.
func savedNonePrior(p float64, fixed bool) Option {
	return func(c *config) error {
		if err := WithNonePrior(p)(c); err != nil {
			return err
		}
		c.noneFixed = fixed
		return nil
	}
}

// newFromSaved builds an empty matcher from a saved header and the caller's options,
// refusing options that contradict the saved data.
func newFromSaved(hdr *savedHeader, opts []Option) (*Matcher, error) {
	// What the caller's options set, on their own.
	probe := defaultConfig()
	for _, o := range opts {
		if err := o(&probe); err != nil {
			return nil, err
		}
	}
	if probe.region != defaultConfig().region && probe.region != hdr.Region {
		return nil, fmt.Errorf("%w: region %q given, but the matcher was saved with region %q (its phones are stored in that region's terms)",
			ErrOption, probe.region, hdr.Region)
	}
	base := []Option{WithThresholds(hdr.Lower, hdr.Upper), WithAmbiguityMargin(hdr.Margin),
		savedNonePrior(hdr.PriorNone, hdr.NoneFixed), WithDuplicateRate(hdr.DupRate), WithMaxBlock(hdr.MaxBlock), WithTopK(hdr.TopK)}
	base = append(base, WithRegion(hdr.Region))
	persons := PersonFields()
	if len(hdr.Fields) < len(persons) {
		return nil, fmt.Errorf("%w: %d fields saved, fewer than the %d person fields", ErrCorrupt, len(hdr.Fields), len(persons))
	}
	for i, p := range persons {
		if sf := hdr.Fields[i]; sf.Name != p.Name || sf.Kind != "" || sf.Levels != len(p.Levels) {
			return nil, fmt.Errorf("%w: saved person field %d is %q with %d levels; this build has %q with %d",
				ErrVersion, i+1, sf.Name, sf.Levels, p.Name, len(p.Levels))
		}
	}
	saved := hdr.Fields[len(persons):]
	given := map[string]Field{}
	for _, f := range probe.extras {
		given[f.Name] = f
	}
	for i, sf := range saved {
		if len(probe.extras) == 0 {
			break
		}
		if i >= len(probe.extras) || probe.extras[i].Name != sf.Name || probe.extraKinds[i].String() != sf.Kind && !(sf.Kind == customKind && probe.extraKinds[i] == 0) {
			return nil, fmt.Errorf("%w: the fields given (%s) differ from the saved ones (%s)", ErrOption, extraNames(probe.extras, probe.extraKinds), savedNames(saved))
		}
	}
	if len(probe.extras) > len(saved) {
		return nil, fmt.Errorf("%w: the fields given (%s) differ from the saved ones (%s)", ErrOption, extraNames(probe.extras, probe.extraKinds), savedNames(saved))
	}
	for _, sf := range saved {
		if sf.Kind == customKind {
			f, ok := given[sf.Name]
			if !ok {
				return nil, fmt.Errorf("%w: the matcher was saved with the custom field %q: give it to Load with WithCustomField", ErrOption, sf.Name)
			}
			base = append(base, WithCustomField(f))
			continue
		}
		k, ok := ParseFieldKind(sf.Kind)
		if !ok {
			return nil, fmt.Errorf("%w: saved field %q has unknown kind %q", ErrCorrupt, sf.Name, sf.Kind)
		}
		base = append(base, WithField(sf.Name, k))
	}
	// The caller's options other than fields and region apply on top of the saved ones.
	for _, o := range opts {
		base = append(base, func(c *config) error {
			extras, kinds, region := c.extras, c.extraKinds, c.region
			c.extras, c.extraKinds = nil, nil
			err := o(c)
			c.extras, c.extraKinds, c.region = extras, kinds, region
			return err
		})
	}
	m, err := New(base...)
	if err != nil {
		return nil, fmt.Errorf("%w: saved options: %v", ErrCorrupt, err)
	}
	for i, f := range m.schema.fields {
		if i < len(hdr.Fields) && len(f.Levels) != hdr.Fields[i].Levels {
			return nil, fmt.Errorf("%w: field %q has %d levels, saved with %d", ErrOption, f.Name, len(f.Levels), hdr.Fields[i].Levels)
		}
	}
	return m, nil
}

func extraNames(fs []Field, kinds []FieldKind) string {
	var b bytes.Buffer
	for i, f := range fs {
		if i > 0 {
			b.WriteString(", ")
		}
		k := customKind
		if kinds[i] != 0 {
			k = kinds[i].String()
		}
		fmt.Fprintf(&b, "%s:%s", f.Name, k)
	}
	if b.Len() == 0 {
		return "none"
	}
	return b.String()
}

func savedNames(fs []savedField) string {
	var b bytes.Buffer
	for i, f := range fs {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%s:%s", f.Name, f.Kind)
	}
	if b.Len() == 0 {
		return "none"
	}
	return b.String()
}

// decoder reads the binary part of a saved matcher, refusing any length beyond what is left.
type decoder struct {
	b   []byte
	err error
}

func (d *decoder) fail(msg string) {
	if d.err == nil {
		d.err = errors.New(msg)
	}
	d.b = nil
}

func (d *decoder) uvarint() uint64 {
	if d.err != nil {
		return 0
	}
	x, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.fail("bad length")
		return 0
	}
	d.b = d.b[n:]
	return x
}

// count reads a count of items that take at least one byte each.
func (d *decoder) count() int {
	n := d.uvarint()
	if n > uint64(len(d.b)) {
		d.fail("count beyond the end of the data")
		return 0
	}
	return int(n)
}

func (d *decoder) bytes() []byte {
	n := d.count()
	if d.err != nil {
		return nil
	}
	out := d.b[:n:n]
	d.b = d.b[n:]
	return out
}

func (d *decoder) string() string { return string(d.bytes()) }

func (d *decoder) byte() byte {
	if d.err != nil || len(d.b) == 0 {
		d.fail("unexpected end of data")
		return 0
	}
	c := d.b[0]
	d.b = d.b[1:]
	return c
}
