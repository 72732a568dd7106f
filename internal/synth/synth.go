// Package synth generates a synthetic company: a CRM of customers, duplicates inside it, and
// the contacts that reach the company through its channels (social networks, calls, e-mail, web
// forms, messengers), each record labelled with the person it truly belongs to.
//
// Persons are mostly Russian speakers with a share of English speakers. Names follow realistic
// frequencies (a few very common given names and surnames, a long tail), surnames take the
// bearer's gender (Петров/Петрова, Высоцкий/Высоцкая; Шевченко and Цой stay), Russian speakers
// have patronymics, cities are weighted by population, phones are mostly Russian mobiles and
// e-mails are made from names. Namesake crowds — many customers called "Василий Петров" in
// Москва who differ only in phone, e-mail or birth date — are built in on purpose.
//
// Channels write the same person differently: diminutives (Вася for Василий), several Latin
// transliterations (Iuliia, Yuliya, Yulia, Julija), city spellings (Москва, Moscow, МСК, г.
// Москва), birth dates without a year, phones in a dozen formats, Gmail dots and +tags, Yandex
// domain aliases, surname-first order, and keyboard typos on both ЙЦУКЕН and QWERTY layouts.
//
// Everything is deterministic from Config.Seed and streams: person i is a pure function of
// (Seed, i), so ten million records are produced in constant memory and Contacts regenerates
// the customer behind a contact instead of storing the CRM. The package draws its own variants
// by its own rules and shares no code with the normalizer it is meant to test.
//
// The sequences CRM, Contacts and TwoCRM return are safe for concurrent use: every range over
// one starts its own generator, and the tables they share are read-only.
package synth

import (
	"iter"
	"math"
	"math/rand/v2"
	"strconv"
)

// Record is one generated row. Entity is the ground-truth person: records with equal Entity
// describe the same person, and a contact whose Entity no CRM row has comes from a
// non-customer. A Record holds only strings and a flag; generators hand out a fresh value per
// row and keep no reference to it, so callers may keep, change or share it freely.
type Record struct {
	// ID identifies the row within its file: c1, c2, ... in the CRM, k1, k2, ... among
	// contacts, m… and s… in the marketing and support systems.
	ID string
	// Entity is the true person: p<i> for customer i, n<j> for non-customer j.
	Entity string
	// Source is the system or channel: crm, crm_marketing, crm_support, vk, telegram,
	// facebook, ok, call, email, web or whatsapp.
	Source string

	// A record fills either the name parts or FullName. Calls may carry only a first name,
	// messengers a nickname-like one.
	FirstName  string
	LastName   string
	MiddleName string
	FullName   string

	Phone     string
	Email     string
	City      string
	BirthDate string

	// Crowd marks persons who belong to a namesake crowd, including non-customers who share
	// a crowd's name and city.
	Crowd bool
}

// Sources, as they appear in Record.Source.
const (
	SourceCRM       = "crm"
	SourceMarketing = "crm_marketing"
	SourceSupport   = "crm_support"
	SourceVK        = "vk"
	SourceTelegram  = "telegram"
	SourceFacebook  = "facebook"
	SourceOK        = "ok"
	SourceCall      = "call"
	SourceEmail     = "email"
	SourceWeb       = "web"
	SourceWhatsApp  = "whatsapp"
)

// entity returns the ground-truth identifier of p.
func entity(p *person) string {
	if p.customer {
		return "p" + strconv.FormatUint(p.idx, 10)
	}
	return "n" + strconv.FormatUint(p.idx, 10)
}

// system describes one database that holds customers: the main CRM or one of the two systems
// of TwoCRM.
type system struct {
	source  string
	prefix  string
	domain  uint64  // stream domain of the primary rows
	dupDom  uint64  // stream domain of the duplicates
	include float64 // share of customers the system holds
	row     func(g *gen, r *rand.Rand, p *person, dup bool) Record
}

// gen holds the reusable state of one iteration. It is not safe for concurrent use; every
// iterator makes its own.
type gen struct {
	cfg Config
	m   *maker
	rs  *stream
	p   person
}

func newGen(cfg Config) *gen {
	return &gen{cfg: cfg, m: newMaker(cfg), rs: newStream()}
}

// CRM yields the customers of cfg, one row each, plus a second, drifted row for a
// DuplicateShare of them (same Entity, new ID). A duplicate comes about Customers/2 rows after
// its original, as a later re-entry would. The rows are deterministic from cfg; nothing is kept
// between them. CRM yields nothing if cfg does not validate.
func CRM(cfg Config) iter.Seq[Record] {
	return runSystem(cfg, system{
		source: SourceCRM, prefix: "c", domain: domCRMRow, dupDom: domCRMDup, include: 1,
		row: (*gen).crmRow,
	})
}

// TwoCRM returns two systems that hold the same customers differently, for deduplication and
// merging across systems: marketing holds about 80% of the customers by name and e-mail,
// support about 70% by surname-first full name and phone. Each has its own in-system
// duplicates at DuplicateShare. Entities agree with CRM and Contacts for the same cfg. Both
// sequences are independent and restartable; they yield nothing if cfg does not validate.
func TwoCRM(cfg Config) (marketing, support iter.Seq[Record]) {
	marketing = runSystem(cfg, system{
		source: SourceMarketing, prefix: "m", domain: domMarketing, dupDom: domMarketingDup, include: 0.8,
		row: (*gen).marketingRow,
	})
	support = runSystem(cfg, system{
		source: SourceSupport, prefix: "s", domain: domSupport, dupDom: domSupportDup, include: 0.7,
		row: (*gen).supportRow,
	})
	return marketing, support
}

func runSystem(cfg Config, sys system) iter.Seq[Record] {
	return func(yield func(Record) bool) {
		if cfg.Validate() != nil {
			return
		}
		g := newGen(cfg)
		n := uint64(cfg.Customers)
		lag := (n + 1) / 2
		var row uint64
		emit := func(rec Record) bool {
			row++
			rec.ID = sys.prefix + strconv.FormatUint(row, 10)
			rec.Source = sys.source
			rec.Entity = entity(&g.p)
			rec.Crowd = g.p.crowd
			return yield(rec)
		}
		for i := uint64(0); i < n+lag; i++ {
			if i < n {
				r := g.rs.at(cfg.Seed, sys.domain, i)
				if r.Float64() < sys.include {
					g.m.customer(i, &g.p)
					if !emit(sys.row(g, r, &g.p, false)) {
						return
					}
				}
			}
			if i < lag {
				continue
			}
			j := i - lag
			// The duplicate decision has its own stream, so it costs two draws, not a person.
			if g.rs.at(cfg.Seed, sys.domain, j).Float64() >= sys.include {
				continue
			}
			r := g.rs.at(cfg.Seed, sys.dupDom, j)
			if r.Float64() >= cfg.DuplicateShare {
				continue
			}
			g.m.customer(j, &g.p)
			if !emit(sys.row(g, r, &g.p, true)) {
				return
			}
		}
	}
}

// Contacts yields round(Customers × ContactsPerCustomer) channel contacts. A NonCustomerShare
// of them come from persons outside the CRM (entities n<j>, about a third of them namesakes of
// customers, each making 1.5 contacts on average); the rest come from customers drawn
// uniformly, regenerated from (Seed, i) exactly as CRM produces them. The rows are
// deterministic from cfg and nothing is kept between them. Contacts yields nothing if cfg does
// not validate.
func Contacts(cfg Config) iter.Seq[Record] {
	return func(yield func(Record) bool) {
		if cfg.Validate() != nil {
			return
		}
		g := newGen(cfg)
		n := cfg.contacts()
		pool := uint64(max(1, math.Round(float64(n)*cfg.NonCustomerShare/1.5)))
		for j := range uint64(n) {
			r := g.rs.at(cfg.Seed, domContact, j)
			if r.Float64() < cfg.NonCustomerShare {
				g.m.nonCustomer(r.Uint64N(pool), &g.p)
			} else {
				g.m.customer(r.Uint64N(uint64(cfg.Customers)), &g.p)
			}
			rec := g.contact(r, &g.p)
			rec.ID = "k" + strconv.FormatUint(j+1, 10)
			rec.Entity = entity(&g.p)
			rec.Crowd = g.p.crowd
			if !yield(rec) {
				return
			}
		}
	}
}
