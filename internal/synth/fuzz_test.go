package synth_test

import (
	"testing"
	"unicode/utf8"

	"github.com/idmatch/idmatch/internal/synth"
)

// FuzzConfig feeds arbitrary settings: Validate must reject or accept without panicking, and
// an accepted config must generate well-formed records.
func FuzzConfig(f *testing.F) {
	d := synth.DefaultConfig()
	f.Add(d.Seed, d.Customers, d.CrowdShare, d.CrowdSize, d.DuplicateShare, d.ContactsPerCustomer,
		d.NonCustomerShare, d.TypoRate, d.MissingRate, d.SwapRate, d.EnglishShare)
	f.Add(int64(-1), 1, 1.0, 2, 1.0, 3.0, 1.0, 1.0, 1.0, 1.0, 1.0)
	f.Add(int64(0), 3, 0.0, 0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0)
	f.Fuzz(func(t *testing.T, seed int64, customers int, crowdShare float64, crowdSize int, dupShare, cpc,
		nonCustomer, typo, missing, swap, english float64) {
		cfg := synth.Config{
			Seed: seed, Customers: customers, CrowdShare: crowdShare, CrowdSize: crowdSize,
			DuplicateShare: dupShare, ContactsPerCustomer: cpc, NonCustomerShare: nonCustomer,
			TypoRate: typo, MissingRate: missing, SwapRate: swap, EnglishShare: english,
		}
		if cfg.Validate() != nil {
			return
		}
		m, s := synth.TwoCRM(cfg)
		for _, seq := range []func(func(synth.Record) bool){synth.CRM(cfg), synth.Contacts(cfg), m, s} {
			n := 0
			for rec := range seq {
				for _, v := range []string{rec.ID, rec.Entity, rec.Source, rec.FirstName, rec.LastName,
					rec.MiddleName, rec.FullName, rec.Phone, rec.Email, rec.City, rec.BirthDate} {
					if !utf8.ValidString(v) {
						t.Fatalf("record %s: invalid UTF-8 %q", rec.ID, v)
					}
				}
				if rec.ID == "" || rec.Entity == "" || rec.Source == "" {
					t.Fatalf("record without id, entity or source: %+v", rec)
				}
				if n++; n == 20 {
					break
				}
			}
		}
	})
}
