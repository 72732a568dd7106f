package synth

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestPersonIsPure checks that a person depends only on (Seed, index): generating others in
// between, in any order, with a fresh maker or a used one, changes nothing.
func TestPersonIsPure(t *testing.T) {
	cfg := DefaultConfig()
	m1, m2 := newMaker(cfg), newMaker(cfg)
	var a, b, scratch person
	for _, i := range []uint64{0, 1, 17, 9999, 5} {
		m1.customer(i, &a)
		for j := range uint64(20) {
			m2.customer(j*31, &scratch)
			m2.nonCustomer(j, &scratch)
		}
		m2.customer(i, &b)
		assert.Equal(t, a, b, "customer %d", i)
		m1.secondary(&a)
		m2.customer(i+1, &scratch)
		m2.secondary(&scratch)
		m2.secondary(&b)
		assert.Equal(t, a, b, "secondary contacts of customer %d", i)
		assert.True(t, a.second)
		m1.nonCustomer(i, &a)
		m2.nonCustomer(i, &b)
		assert.Equal(t, a, b, "non-customer %d", i)
	}
}

func TestMobilesUnique(t *testing.T) {
	m := newMaker(DefaultConfig())
	seen := map[string]uint64{}
	for key := range uint64(200_000) {
		ph := m.mobile(nil, &ruCities[0], key)
		if prev, ok := seen[ph.nat]; ok {
			t.Fatalf("keys %d and %d share %s", prev, key, ph.nat)
		}
		seen[ph.nat] = key
		if len(ph.nat) != 10 || ph.nat[0] != '9' {
			t.Fatalf("key %d: bad mobile %q", key, ph.nat)
		}
	}
}

func TestGenderedNames(t *testing.T) {
	m := newMaker(DefaultConfig())
	var p person
	for i := range uint64(3000) {
		m.customer(i, &p)
		assert.Equal(t, p.male, p.given.male, "given name gender, customer %d", i)
		if p.english {
			continue
		}
		if !p.male {
			assert.NotRegexp(t, `(ов|ев|ин|ский)$`, p.surname, "a woman bears a feminine surname")
			assert.Regexp(t, `(на|ична)$`, p.patr)
		} else {
			assert.Regexp(t, `(ич)$`, p.patr)
		}
	}
}

// TestNonCustomerNamesakes checks that about a third of non-customers carry the name and city
// of a customer: the hard negatives of linking.
func TestNonCustomerNamesakes(t *testing.T) {
	cfg := DefaultConfig()
	cfg.Customers = 3000
	m := newMaker(cfg)
	var p person
	names := map[string]bool{}
	for i := range uint64(cfg.Customers) {
		m.customer(i, &p)
		names[p.given.name+"|"+p.surname+"|"+p.city.name] = true
	}
	const n = 3000
	same := 0
	for j := range uint64(n) {
		m.nonCustomer(j, &p)
		assert.False(t, p.customer)
		if names[p.given.name+"|"+p.surname+"|"+p.city.name] {
			same++
		}
	}
	// A third by construction, a little more by chance (common names in big cities).
	assert.InDelta(t, 0.36, float64(same)/n, 0.04)
}
