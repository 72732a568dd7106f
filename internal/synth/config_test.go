package synth_test

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/idmatch/idmatch/internal/synth"
)

func TestDefaultConfigValidates(t *testing.T) {
	require.NoError(t, synth.DefaultConfig().Validate())
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name   string
		modify func(*synth.Config)
		ok     bool
		reason string
	}{
		{"default", func(*synth.Config) {}, true, ""},
		{"one customer", func(c *synth.Config) { c.Customers = 1 }, true, "smallest CRM"},
		{"zero customers", func(c *synth.Config) { c.Customers = 0 }, false, "contacts need someone to come from"},
		{"negative customers", func(c *synth.Config) { c.Customers = -5 }, false, ""},
		{"too many customers", func(c *synth.Config) { c.Customers = synth.MaxCustomers + 1 }, false, "identities would repeat"},
		{"NaN rate", func(c *synth.Config) { c.TypoRate = math.NaN() }, false, "NaN compares false with everything"},
		{"rate above one", func(c *synth.Config) { c.MissingRate = 1.5 }, false, ""},
		{"negative share", func(c *synth.Config) { c.EnglishShare = -0.1 }, false, ""},
		{"all rates one", func(c *synth.Config) {
			c.CrowdShare, c.DuplicateShare, c.NonCustomerShare = 1, 1, 1
			c.TypoRate, c.MissingRate, c.SwapRate, c.EnglishShare = 1, 1, 1, 1
		}, true, "extremes are legal"},
		{"crowd size one", func(c *synth.Config) { c.CrowdSize = 1 }, false, "a crowd of one is no crowd"},
		{"crowd size ignored without crowds", func(c *synth.Config) { c.CrowdShare, c.CrowdSize = 0, 0 }, true, ""},
		{"contacts per customer NaN", func(c *synth.Config) { c.ContactsPerCustomer = math.NaN() }, false, ""},
		{"contacts per customer huge", func(c *synth.Config) { c.ContactsPerCustomer = 1e9 }, false, "count would overflow"},
		{"no contacts", func(c *synth.Config) { c.ContactsPerCustomer = 0 }, true, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := synth.DefaultConfig()
			tt.modify(&cfg)
			err := cfg.Validate()
			if tt.ok {
				assert.NoError(t, err, tt.reason)
				return
			}
			require.Error(t, err, tt.reason)
			assert.ErrorIs(t, err, synth.ErrConfig)
		})
	}
}

func TestInvalidConfigYieldsNothing(t *testing.T) {
	cfg := synth.DefaultConfig()
	cfg.Customers = 0
	assert.Empty(t, collect(synth.CRM(cfg)))
	assert.Empty(t, collect(synth.Contacts(cfg)))
	m, s := synth.TwoCRM(cfg)
	assert.Empty(t, collect(m))
	assert.Empty(t, collect(s))
}
