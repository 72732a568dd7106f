package synth

import (
	"errors"
	"fmt"
	"math"
)

// ErrConfig is wrapped by every error Config.Validate returns.
var ErrConfig = errors.New("synth: invalid config")

// MaxCustomers bounds Config.Customers. Entity values stay distinct up to this size; primary
// mobile numbers are distinct for the first 2×10⁸ customers and repeat beyond.
const MaxCustomers = 1 << 40

// maxContactsPerCustomer bounds Config.ContactsPerCustomer so the contact count fits an int64.
const maxContactsPerCustomer = 1000

// maxCrowdSize bounds Config.CrowdSize.
const maxCrowdSize = 1 << 20

// Config describes a synthetic population: its CRM, the channels that reach it and how dirty
// the data is. All shares and rates are probabilities in [0, 1]. A Config is a plain value;
// the generators copy it and never modify it, so one Config may serve many goroutines.
type Config struct {
	// Seed makes the output reproducible: equal configs give equal records, byte for byte.
	Seed int64
	// Customers is the number of distinct persons in the CRM.
	Customers int
	// CrowdShare is the share of customers in namesake crowds: groups that share given name,
	// surname and city and differ only in phone, e-mail or birth date.
	CrowdShare float64
	// CrowdSize is the mean crowd size; actual crowds range from about a quarter of it to
	// about 1.75 times it.
	CrowdSize int
	// DuplicateShare is the share of customers entered twice in the CRM, the second time with
	// the usual drift (typos, another phone format, a diminutive, missing fields).
	DuplicateShare float64
	// ContactsPerCustomer sets the number of channel contacts Contacts yields:
	// round(Customers × ContactsPerCustomer).
	ContactsPerCustomer float64
	// NonCustomerShare is the share of contacts from persons who are not in the CRM.
	NonCustomerShare float64
	// TypoRate is the chance that a name field carries a typing error.
	TypoRate float64
	// MissingRate is the chance that an optional field is left empty.
	MissingRate float64
	// SwapRate is the chance that given name and surname trade places.
	SwapRate float64
	// EnglishShare is the share of English-speaking persons.
	EnglishShare float64
}

// DefaultConfig returns a config for a 10,000-customer CRM with moderately dirty channel data:
// 5% of customers in crowds of about 50, 5% entered twice, one contact per customer of which
// 20% come from non-customers, 5% typos, 10% missing values, 3% swapped names, 10% English
// speakers.
func DefaultConfig() Config {
	return Config{
		Seed:                1,
		Customers:           10000,
		CrowdShare:          0.05,
		CrowdSize:           50,
		DuplicateShare:      0.05,
		ContactsPerCustomer: 1,
		NonCustomerShare:    0.2,
		TypoRate:            0.05,
		MissingRate:         0.1,
		SwapRate:            0.03,
		EnglishShare:        0.1,
	}
}

// Validate reports the first unusable setting, wrapped around ErrConfig. The generators yield
// nothing for a config that does not validate.
func (c Config) Validate() error {
	if c.Customers < 1 || c.Customers > MaxCustomers {
		return fmt.Errorf("%w: Customers = %d, want 1..%d", ErrConfig, c.Customers, MaxCustomers)
	}
	rates := []struct {
		name string
		v    float64
	}{
		{"CrowdShare", c.CrowdShare},
		{"DuplicateShare", c.DuplicateShare},
		{"NonCustomerShare", c.NonCustomerShare},
		{"TypoRate", c.TypoRate},
		{"MissingRate", c.MissingRate},
		{"SwapRate", c.SwapRate},
		{"EnglishShare", c.EnglishShare},
	}
	for _, r := range rates {
		if !(r.v >= 0 && r.v <= 1) { // also rejects NaN
			return fmt.Errorf("%w: %s = %v, want 0..1", ErrConfig, r.name, r.v)
		}
	}
	if c.CrowdShare > 0 && (c.CrowdSize < 2 || c.CrowdSize > maxCrowdSize) {
		return fmt.Errorf("%w: CrowdSize = %d, want 2..%d when CrowdShare > 0", ErrConfig, c.CrowdSize, maxCrowdSize)
	}
	if !(c.ContactsPerCustomer >= 0 && c.ContactsPerCustomer <= maxContactsPerCustomer) {
		return fmt.Errorf("%w: ContactsPerCustomer = %v, want 0..%d", ErrConfig, c.ContactsPerCustomer, maxContactsPerCustomer)
	}
	return nil
}

// contacts is the number of records Contacts yields.
func (c Config) contacts() int64 {
	return int64(math.Round(float64(c.Customers) * c.ContactsPerCustomer))
}

// crowds is the number of namesake crowds among the customers.
func (c Config) crowds() uint64 {
	if c.CrowdShare <= 0 {
		return 0
	}
	// Sizes vary by a per-crowd weight (see crowdOf); the mean stays at CrowdSize.
	k := math.Round(float64(c.Customers) * c.CrowdShare / float64(c.CrowdSize))
	return uint64(max(k, 1))
}
