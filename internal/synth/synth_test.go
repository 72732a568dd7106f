package synth_test

import (
	"bytes"
	"runtime"
	"strings"
	"testing"
	"unicode"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/idmatch/idmatch/internal/synth"
)

func csvBytes(t *testing.T, seq func(func(synth.Record) bool)) []byte {
	t.Helper()
	var b bytes.Buffer
	require.NoError(t, synth.WriteCSV(&b, seq))
	return b.Bytes()
}

func smallConfig(seed int64) synth.Config {
	cfg := synth.DefaultConfig()
	cfg.Seed = seed
	cfg.Customers = 2000
	return cfg
}

func TestDeterminism(t *testing.T) {
	a, b := smallConfig(7), smallConfig(7)
	other := smallConfig(8)
	ma, sa := synth.TwoCRM(a)
	mb, sb := synth.TwoCRM(b)
	mo, so := synth.TwoCRM(other)
	tests := []struct {
		name              string
		first, same, diff func(func(synth.Record) bool)
	}{
		{"crm", synth.CRM(a), synth.CRM(b), synth.CRM(other)},
		{"contacts", synth.Contacts(a), synth.Contacts(b), synth.Contacts(other)},
		{"marketing", ma, mb, mo},
		{"support", sa, sb, so},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			first := csvBytes(t, tt.first)
			assert.Equal(t, first, csvBytes(t, tt.same), "same seed, same bytes")
			assert.Equal(t, first, csvBytes(t, tt.first), "a sequence restarts from the beginning")
			assert.NotEqual(t, first, csvBytes(t, tt.diff), "another seed, other records")
		})
	}
}

// TestContactsStreaming walks 100,000 contacts and checks the live heap stays small: the
// generator must not hold records, persons or the CRM.
func TestContactsStreaming(t *testing.T) {
	if testing.Short() {
		t.Skip("walks 100,000 records")
	}
	cfg := synth.DefaultConfig()
	cfg.Customers = 100_000
	var ms runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms)
	base := ms.HeapAlloc
	var peak uint64
	n := 0
	for rec := range synth.Contacts(cfg) {
		n++
		if n%20_000 == 0 {
			runtime.GC()
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapAlloc)
		}
		_ = rec
	}
	assert.Equal(t, 100_000, n)
	growth := int64(peak) - int64(base)
	assert.Less(t, growth, int64(2<<20), "live heap grew by %d bytes while streaming", growth)
}

// crmStats summarises a CRM: primary rows (the first row of each entity) and duplicates.
type crmStats struct {
	primary    []synth.Record
	duplicates int
	entities   map[string]bool
}

func crmOf(cfg synth.Config) crmStats {
	s := crmStats{entities: map[string]bool{}}
	for rec := range synth.CRM(cfg) {
		if s.entities[rec.Entity] {
			s.duplicates++
			continue
		}
		s.entities[rec.Entity] = true
		s.primary = append(s.primary, rec)
	}
	return s
}

func share(n, of int) float64 { return float64(n) / float64(of) }

func isLatin(s string) bool {
	for _, c := range s {
		if unicode.IsLetter(c) && c > unicode.MaxASCII {
			return false
		}
	}
	return s != ""
}

func TestCRMDistribution(t *testing.T) {
	cfg := synth.DefaultConfig()
	cfg.Customers = 20_000
	s := crmOf(cfg)
	require.Len(t, s.primary, cfg.Customers, "every customer has a row")
	var crowd, english, noPhone, noEmail, noCity, noBirth int
	for _, r := range s.primary {
		if r.Crowd {
			crowd++
		}
		if isLatin(r.FirstName) {
			english++
		}
		if r.Phone == "" {
			noPhone++
		}
		if r.Email == "" {
			noEmail++
		}
		if r.City == "" {
			noCity++
		}
		if r.BirthDate == "" {
			noBirth++
		}
	}
	n := len(s.primary)
	tests := []struct {
		name      string
		got, want float64
		tol       float64
	}{
		{"crowd share", share(crowd, n), cfg.CrowdShare, 0.01},
		{"english share", share(english, n), cfg.EnglishShare, 0.01},
		{"duplicate share", share(s.duplicates, n), cfg.DuplicateShare, 0.01},
		{"missing phone", share(noPhone, n), cfg.MissingRate, 0.01},
		{"missing email", share(noEmail, n), cfg.MissingRate, 0.01},
		{"missing city", share(noCity, n), cfg.MissingRate, 0.01},
		{"missing birth date", share(noBirth, n), cfg.MissingRate, 0.01},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.InDelta(t, tt.want, tt.got, tt.tol)
		})
	}
}

// TestCrowds checks crowd members really are namesakes (given name, surname and city shared
// with many others) who stay distinguishable by phone.
func TestCrowds(t *testing.T) {
	cfg := synth.DefaultConfig()
	cfg.Customers = 20_000
	s := crmOf(cfg)
	fold := strings.NewReplacer("ё", "е", "Ё", "Е")
	key := func(r synth.Record) string { return fold.Replace(r.FirstName + "|" + r.LastName + "|" + r.City) }
	size := map[string]int{}
	for _, r := range s.primary {
		size[key(r)]++
	}
	var members, inBig int
	phones := map[string]string{}
	collisions := 0
	for _, r := range s.primary {
		if r.Crowd && r.City != "" && !isLatin(r.FirstName) {
			members++
			if size[key(r)] >= cfg.CrowdSize/5 {
				inBig++
			}
		}
		digits := strings.Map(func(c rune) rune {
			if c >= '0' && c <= '9' {
				return c
			}
			return -1
		}, r.Phone)
		if len(digits) >= 10 {
			digits = digits[len(digits)-10:]
			if e, ok := phones[digits]; ok && e != r.Entity {
				collisions++
			}
			phones[digits] = r.Entity
		}
	}
	require.Positive(t, members)
	assert.Greater(t, share(inBig, members), 0.9, "crowd members share name and city with at least CrowdSize/5 others")
	assert.Less(t, collisions, 3, "different customers almost never share a phone")
}

func TestContactsTruth(t *testing.T) {
	cfg := synth.DefaultConfig()
	cfg.Customers = 10_000
	crm := crmOf(cfg).entities
	var total, nonCustomers int
	sources := map[string]int{}
	known := map[string]bool{
		synth.SourceVK: true, synth.SourceTelegram: true, synth.SourceFacebook: true, synth.SourceOK: true,
		synth.SourceCall: true, synth.SourceEmail: true, synth.SourceWeb: true, synth.SourceWhatsApp: true,
	}
	ids := map[string]bool{}
	for rec := range synth.Contacts(cfg) {
		total++
		sources[rec.Source]++
		require.True(t, known[rec.Source], rec.Source)
		require.False(t, ids[rec.ID], "duplicate id %s", rec.ID)
		ids[rec.ID] = true
		switch {
		case strings.HasPrefix(rec.Entity, "p"):
			require.True(t, crm[rec.Entity], "customer contact %s points at %s, absent from the CRM", rec.ID, rec.Entity)
		case strings.HasPrefix(rec.Entity, "n"):
			require.False(t, crm[rec.Entity])
			nonCustomers++
		default:
			t.Fatalf("entity %q has no known prefix", rec.Entity)
		}
		require.True(t, rec.Phone != "" || rec.Email != "" || rec.FirstName != "" || rec.FullName != "",
			"contact %s carries nothing to match on", rec.ID)
	}
	assert.Equal(t, 10_000, total)
	assert.InDelta(t, cfg.NonCustomerShare, share(nonCustomers, total), 0.015)
	for src := range known {
		assert.Positive(t, sources[src], "no %s contacts", src)
	}
}

// TestContactsMatchCRM checks that a customer's call carries the phone the CRM holds for the
// same entity most of the time: contacts regenerate the very customer, not a look-alike.
func TestContactsMatchCRM(t *testing.T) {
	cfg := smallConfig(3)
	cfg.MissingRate = 0
	digitsOf := func(s string) string {
		d := strings.Map(func(c rune) rune {
			if c >= '0' && c <= '9' {
				return c
			}
			return -1
		}, s)
		if len(d) > 7 {
			d = d[len(d)-7:]
		}
		return d
	}
	phone := map[string]string{}
	for _, r := range crmOf(cfg).primary {
		phone[r.Entity] = digitsOf(r.Phone)
	}
	var calls, same int
	for rec := range synth.Contacts(cfg) {
		if rec.Source == synth.SourceCall && strings.HasPrefix(rec.Entity, "p") {
			calls++
			if digitsOf(rec.Phone) == phone[rec.Entity] {
				same++
			}
		}
	}
	require.Positive(t, calls)
	assert.InDelta(t, 0.9, share(same, calls), 0.06, "calls come from the CRM phone except a secondary 10%%")
}

func TestTwoCRM(t *testing.T) {
	cfg := smallConfig(11)
	crm := crmOf(cfg).entities
	m, s := synth.TwoCRM(cfg)
	for _, tt := range []struct {
		name    string
		seq     func(func(synth.Record) bool)
		source  string
		include float64
	}{
		{"marketing", m, synth.SourceMarketing, 0.8},
		{"support", s, synth.SourceSupport, 0.7},
	} {
		t.Run(tt.name, func(t *testing.T) {
			seen := map[string]bool{}
			for rec := range tt.seq {
				assert.Equal(t, tt.source, rec.Source)
				assert.True(t, crm[rec.Entity], rec.Entity)
				seen[rec.Entity] = true
			}
			assert.InDelta(t, tt.include, share(len(seen), cfg.Customers), 0.04)
		})
	}
}

func TestEarlyStop(t *testing.T) {
	cfg := smallConfig(1)
	m, s := synth.TwoCRM(cfg)
	for _, seq := range []func(func(synth.Record) bool){synth.CRM(cfg), synth.Contacts(cfg), m, s} {
		n := 0
		for range seq {
			n++
			if n == 3 {
				break
			}
		}
		assert.Equal(t, 3, n)
	}
}

func TestCRMIDsUnique(t *testing.T) {
	ids := map[string]bool{}
	for rec := range synth.CRM(smallConfig(2)) {
		require.False(t, ids[rec.ID], rec.ID)
		ids[rec.ID] = true
		require.Equal(t, synth.SourceCRM, rec.Source)
		require.NotEmpty(t, rec.Entity)
	}
}

// TestEmailsDistinguishPersons checks that distinct customers almost never share an e-mail
// address: a shared address is near-decisive evidence for a matcher, so the truth must agree.
func TestEmailsDistinguishPersons(t *testing.T) {
	cfg := synth.DefaultConfig()
	cfg.Customers = 20_000
	owner := map[string]string{}
	collisions, n := 0, 0
	for _, r := range crmOf(cfg).primary {
		if r.Email == "" {
			continue
		}
		n++
		e := strings.ToLower(r.Email)
		if o, ok := owner[e]; ok && o != r.Entity {
			collisions++
		}
		owner[e] = r.Entity
	}
	t.Logf("%d of %d addresses shared by different customers", collisions, n)
	assert.Less(t, share(collisions, n), 0.001)
}

// TestConcurrentRanges ranges one sequence from several goroutines at once: each range has its
// own generator, so all see the same records. Run with -race to check the shared tables.
func TestConcurrentRanges(t *testing.T) {
	seq := synth.Contacts(smallConfig(4))
	want := csvBytes(t, seq)
	got := make([][]byte, 4)
	done := make(chan int)
	for i := range got {
		go func() {
			var b bytes.Buffer
			_ = synth.WriteCSV(&b, seq)
			got[i] = b.Bytes()
			done <- i
		}()
	}
	for range got {
		<-done
	}
	for i := range got {
		assert.Equal(t, want, got[i], "goroutine %d", i)
	}
}
