package match

import (
	"fmt"
	"runtime"

	"github.com/idmatch/idmatch/score"
)

// Option configures a Matcher. Options are applied once, by New.
type Option func(*config) error

type config struct {
	region     string
	upper      float64
	lower      float64
	margin     float64
	priorNone  float64
	noneFixed  bool // WithNonePrior set priorNone: Train keeps it
	dupRate    float64
	maxBlock   int
	topK       int
	workers    int
	explain    bool
	extras     []Field     // declared with WithField and WithCustomField, in order
	extraKinds []FieldKind // the kind of each extra, 0 for a custom field
}

func defaultConfig() config {
	return config{
		region:    "RU",
		upper:     0.9,
		lower:     0.5,
		margin:    1,
		priorNone: 0.5,
		dupRate:   0.1,
		maxBlock:  300,
		topK:      5,
		workers:   runtime.GOMAXPROCS(0),
	}
}

// WithRegion sets the default phone region (ISO 3166 code such as "RU", "GB", "AU") used for
// numbers written without a country code. The default is "RU".
func WithRegion(region string) Option {
	return func(c *config) error {
		if len(region) != 2 {
			return fmt.Errorf("%w: region %q is not a two-letter ISO 3166 code", ErrOption, region)
		}
		c.region = region
		return nil
	}
}

// WithThresholds sets the confidence thresholds of the three decision zones: a best candidate
// with confidence at or above upper is Matched, at or above lower is Review, below is NoMatch.
// The defaults are 0.9 and 0.5.
func WithThresholds(lower, upper float64) Option {
	return func(c *config) error {
		if !(lower >= 0 && lower <= upper && upper <= 1) {
			return fmt.Errorf("%w: thresholds must satisfy 0 <= lower (%v) <= upper (%v) <= 1", ErrOption, lower, upper)
		}
		c.lower, c.upper = lower, upper
		return nil
	}
}

// WithAmbiguityMargin sets how close, in bits of match weight, the second candidate must be to
// the best for a result that is not Matched to be called Ambiguous. The default is 1 bit: the
// best is then less than twice as likely as the runner-up.
func WithAmbiguityMargin(bits float64) Option {
	return func(c *config) error {
		if !(bits >= 0) {
			return fmt.Errorf("%w: ambiguity margin %v must be >= 0", ErrOption, bits)
		}
		c.margin = bits
		return nil
	}
}

// WithNonePrior fixes the prior probability that a contact belongs to no customer at all. It
// enters the confidence as the hypothesis "none of them". Without it the prior is 0.5 until
// Train, given contacts (TrainOptions.Queries), learns it from them; with it, Train keeps p
// (answered contacts still correct it, see TrainReport.NonePrior).
func WithNonePrior(p float64) Option {
	return func(c *config) error {
		if !(p > 0 && p < 1) {
			return fmt.Errorf("%w: none prior %v must be in (0,1)", ErrOption, p)
		}
		c.priorNone, c.noneFixed = p, true
		return nil
	}
}

// WithDuplicateRate sets the expected number of other records of the same person per record,
// the prior of a pair being a match in deduplication before Train learns it. The default is 0.1.
func WithDuplicateRate(r float64) Option {
	return func(c *config) error {
		if !(r > 0 && r < 1000) {
			return fmt.Errorf("%w: duplicate rate %v must be in (0,1000)", ErrOption, r)
		}
		c.dupRate = r
		return nil
	}
}

// WithMaxBlock caps the blocks a query expands: a blocking key shared by more records than n
// is counted but does not bring candidates on its own. The default is 300; n <= 0 removes the cap.
func WithMaxBlock(n int) Option {
	return func(c *config) error {
		c.maxBlock = n
		return nil
	}
}

// WithTopK sets how many candidates a Result keeps, best first. The default is 5.
func WithTopK(k int) Option {
	return func(c *config) error {
		if k < 1 {
			return fmt.Errorf("%w: top-k %d must be >= 1", ErrOption, k)
		}
		c.topK = k
		return nil
	}
}

// WithWorkers sets how many goroutines MatchBatch, Dedup and Train use. The default is
// runtime.GOMAXPROCS(0).
func WithWorkers(n int) Option {
	return func(c *config) error {
		if n < 1 {
			return fmt.Errorf("%w: workers %d must be >= 1", ErrOption, n)
		}
		c.workers = n
		return nil
	}
}

// WithExplain makes Match attach an Explanation to every candidate it returns.
func WithExplain() Option {
	return func(c *config) error {
		c.explain = true
		return nil
	}
}

// WithField declares an extra field of a built-in kind: Record.Extra[name] is normalized and
// compared according to kind, and its levels join the model. A name declared twice, or the
// name of a person field ("gender", "surname", "email", ...: see PersonFields), is an
// ErrOption that names both; map such a column to the Record field instead.
func WithField(name string, kind FieldKind) Option {
	return func(c *config) error {
		f, err := NewField(name, kind)
		if err != nil {
			return err
		}
		return c.addExtra(f, kind)
	}
}

// WithCustomField adds a field of the caller's own type to the schema, after the person
// fields and the extra fields declared before it. Its Preparer usually reads
// Record.Extra[f.Name]. A saved matcher with custom fields loads only when the same fields
// are given to Load again.
func WithCustomField(f Field) Option {
	return func(c *config) error {
		if err := f.validate(); err != nil {
			return err
		}
		f.Levels = append([]score.Level(nil), f.Levels...)
		return c.addExtra(f, 0)
	}
}

func (c *config) addExtra(f Field, kind FieldKind) error {
	for _, p := range PersonFields() {
		if p.Name == f.Name {
			return fmt.Errorf("%w: extra field %q collides with the person field %q; give the value in the Record's own field or rename the extra field", ErrOption, f.Name, p.Name)
		}
	}
	for _, x := range c.extras {
		if x.Name == f.Name {
			return fmt.Errorf("%w: extra field %q declared twice", ErrOption, f.Name)
		}
	}
	c.extras = append(c.extras, f)
	c.extraKinds = append(c.extraKinds, kind)
	return nil
}
