package synth

import (
	"math/rand/v2"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

// Random streams. Every person, CRM row and contact draws from its own PCG stream seeded by a
// hash of (Seed, domain, index), so any one of them can be regenerated alone: Contacts rebuilds
// the customer a contact comes from without holding the CRM.
const (
	domCustomer uint64 = iota + 1
	domNonCustomer
	domCrowd
	domCrowdWeight
	domCRMRow
	domCRMDup
	domContact
	domMarketing
	domMarketingDup
	domSupport
	domSupportDup
	domPhone
	domSecondary
	domSecondaryNC
)

// mix is the SplitMix64 finalizer: a bijective scramble of 64 bits.
func mix(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}

// stream is a reusable random generator; at reseeds it in place without allocating.
type stream struct {
	pcg rand.PCG
	r   *rand.Rand
}

func newStream() *stream {
	s := &stream{}
	s.r = rand.New(&s.pcg)
	return s
}

// at returns the generator positioned at the start of stream (seed, domain, i).
func (s *stream) at(seed int64, domain, i uint64) *rand.Rand {
	hi := mix(uint64(seed) ^ mix(domain*0x9e3779b97f4a7c15))
	s.pcg.Seed(hi, mix(i^hi))
	return s.r
}

// unit returns a uniform number in [0, 1) fixed by (seed, domain, i), without a stream.
func unit(seed int64, domain, i uint64) float64 {
	h := mix(mix(uint64(seed)^mix(domain*0x9e3779b97f4a7c15)) ^ mix(i))
	return float64(h>>11) / (1 << 53)
}

// picker draws indices with probability proportional to fixed weights.
type picker struct{ cum []float64 }

func newPicker(ws []float64) picker {
	cum := make([]float64, len(ws))
	t := 0.0
	for i, w := range ws {
		t += w
		cum[i] = t
	}
	return picker{cum}
}

func (p picker) pick(r *rand.Rand) int {
	x := r.Float64() * p.cum[len(p.cum)-1]
	// The first i with cum[i] > x; a hand-written search, as this is the hottest loop.
	lo, hi := 0, len(p.cum)-1
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		if p.cum[mid] > x {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return lo
}

// zipf returns weights 1/(rank+offset) for n ranked items: a heavy head and a long tail.
func zipf(n int, offset float64) []float64 {
	ws := make([]float64, n)
	for i := range ws {
		ws[i] = 1 / (float64(i) + offset)
	}
	return ws
}

// tables holds the pickers built from the name and place tables.
type tables struct {
	given     [2][2]picker // [english][male]
	givenTop  [2][2]picker // the most common names, for crowds
	surname   [2]picker    // [english]
	surTop    [2]picker
	ruCity    picker
	ruCityTop picker
	abroad    picker
	prov      [2]picker
	scheme    picker
	email     picker
	mail      map[string]string // name → login form (simple scheme, lower case)
}

// commonSurnames is the rank below which a surname is common enough that e-mail logins made
// from it need a number to be free, per language (Russian, English).
var commonSurnames = [2]int{100, 30}

// crowdNames is how many of the most common names and surnames crowds draw from.
const crowdNames = 8

func givenTable(english, male bool) []givenName {
	switch {
	case english && male:
		return enMaleNames
	case english:
		return enFemaleNames
	case male:
		return ruMaleNames
	}
	return ruFemaleNames
}

func surnameTable(english bool) []string {
	if english {
		return enSurnames
	}
	return ruSurnames
}

var loadTables = sync.OnceValue(func() *tables {
	t := &tables{}
	for e := range 2 {
		for m := range 2 {
			names := givenTable(e == 1, m == 1)
			ws := make([]float64, len(names))
			for i, n := range names {
				ws[i] = n.weight
			}
			t.given[e][m] = newPicker(ws)
			t.givenTop[e][m] = newPicker(ws[:crowdNames])
		}
		sw := zipf(len(surnameTable(e == 1)), 8)
		t.surname[e] = newPicker(sw)
		t.surTop[e] = newPicker(sw[:crowdNames*2])
	}
	cw := make([]float64, len(ruCities))
	for i, c := range ruCities {
		cw[i] = c.pop
	}
	t.ruCity = newPicker(cw)
	t.ruCityTop = newPicker(cw[:5])
	aw := make([]float64, len(abroadCities))
	for i, c := range abroadCities {
		aw[i] = c.pop
	}
	t.abroad = newPicker(aw)
	for e, ps := range [][]provider{ruProviders, enProviders} {
		ws := make([]float64, len(ps))
		for i, p := range ps {
			ws[i] = p.weight
		}
		t.prov[e] = newPicker(ws)
	}
	t.scheme = newPicker(schemeWeights[:])
	t.email = newPicker(emailPatternWeights[:])
	// E-mail logins are made from every name form many times over; transliterate each once.
	t.mail = make(map[string]string)
	addMail := func(s string) { t.mail[s] = mailbox(translit(s, schemeSimple)) }
	for _, names := range [][]givenName{ruMaleNames, ruFemaleNames, enMaleNames, enFemaleNames} {
		for _, n := range names {
			addMail(n.name)
			for _, d := range n.dims {
				addMail(d)
			}
		}
	}
	for _, s := range ruSurnames {
		addMail(s)
		addMail(feminine(s))
	}
	for _, s := range enSurnames {
		addMail(s)
	}
	return t
})

// phone is a telephone number as a country code and a national significant number.
type phone struct {
	cc   string // country calling code without +
	nat  string // national significant number, digits only
	code int    // length of the operator or trunk code at the start of nat
}

// person is one generated identity, the ground truth behind every record about it.
type person struct {
	idx      uint64
	customer bool
	male     bool
	english  bool
	crowd    bool
	given    *givenName
	surname  string // in the form for the person's gender
	common   bool   // the surname is among the most frequent ones
	patr     string // patronymic, Russian speakers only
	year     int
	month    int
	day      int
	city     *city
	phone    phone // the number the CRM knows
	phone2   phone // another number the person sometimes uses; see maker.secondary
	email    string
	email2   string // another address, "" if it came out equal to email
	second   bool   // phone2 and email2 are filled
	scheme   scheme // the person's habit when writing the name in Latin letters
}

// refYear is the year ages are counted from; fixed so output does not depend on the clock.
const refYear = 2025

// maker builds persons. It owns reusable streams and is not safe for concurrent use.
type maker struct {
	cfg    Config
	t      *tables
	crowds uint64
	ps     *stream // person stream
	cs     *stream // crowd stream
	ss     *stream // secondary contacts stream
	buf    []byte
}

func newMaker(cfg Config) *maker {
	return &maker{cfg: cfg, t: loadTables(), crowds: cfg.crowds(), ps: newStream(), cs: newStream(), ss: newStream()}
}

// customer fills p with customer i (0 ≤ i < Customers).
func (m *maker) customer(i uint64, p *person) {
	r := m.ps.at(m.cfg.Seed, domCustomer, i)
	*p = person{idx: i, customer: true}
	p.english = r.Float64() < m.cfg.EnglishShare
	if m.crowds > 0 && r.Float64() < m.cfg.CrowdShare {
		m.crowdMember(r, p)
	} else {
		m.identity(r, p)
	}
	m.details(r, p, i)
}

// nonCustomer fills p with non-customer j. About a third are namesakes of a customer: same
// given name, surname and city, different everything else.
func (m *maker) nonCustomer(j uint64, p *person) {
	r := m.ps.at(m.cfg.Seed, domNonCustomer, j)
	if r.Float64() < 1.0/3 {
		m.customer(r.Uint64N(uint64(m.cfg.Customers)), p)
		// customer reseeded the shared stream; continue on a fresh one for the rest.
		r = m.ps.at(m.cfg.Seed, domNonCustomer, j^(1<<63))
		p.idx, p.customer = j, false
		m.details(r, p, j)
		return
	}
	*p = person{idx: j}
	p.english = r.Float64() < m.cfg.EnglishShare
	m.identity(r, p)
	m.details(r, p, j)
}

// crowdMember gives p the name and city of a crowd. Crowd sizes vary: a member picks a crowd
// with probability proportional to a per-crowd weight in [0.3, 2).
func (m *maker) crowdMember(r *rand.Rand, p *person) {
	var k uint64
	for range 64 {
		k = r.Uint64N(m.crowds)
		w := 0.3 + 1.7*unit(m.cfg.Seed, domCrowdWeight, k)
		if 2*r.Float64() < w {
			break
		}
	}
	c := m.cs.at(m.cfg.Seed, domCrowd, k)
	p.crowd = true
	p.male = c.IntN(2) == 0
	e := b2i(p.english)
	ruGiven := &givenTable(false, p.male)[m.t.givenTop[0][b2i(p.male)].pick(c)]
	enGiven := &givenTable(true, p.male)[m.t.givenTop[1][b2i(p.male)].pick(c)]
	ruSur := ruSurnames[m.t.surTop[0].pick(c)]
	enSur := enSurnames[m.t.surTop[1].pick(c)]
	p.common = true
	p.city = &ruCities[m.t.ruCityTop.pick(c)]
	if e == 1 {
		p.given, p.surname = enGiven, enSur
	} else {
		p.given, p.surname = ruGiven, ruSur
		if !p.male {
			p.surname = feminine(ruSur)
		}
	}
}

// identity draws gender, name and city.
func (m *maker) identity(r *rand.Rand, p *person) {
	p.male = r.IntN(2) == 0
	e, g := b2i(p.english), b2i(p.male)
	p.given = &givenTable(p.english, p.male)[m.t.given[e][g].pick(r)]
	k := m.t.surname[e].pick(r)
	p.surname = surnameTable(p.english)[k]
	p.common = k < commonSurnames[e]
	if !p.english && !p.male {
		p.surname = feminine(p.surname)
	}
	if p.english && r.IntN(2) == 0 {
		p.city = &abroadCities[m.t.abroad.pick(r)]
	} else {
		p.city = &ruCities[m.t.ruCity.pick(r)]
	}
}

// details draws what distinguishes namesakes: patronymic, birth date, phones, e-mails.
func (m *maker) details(r *rand.Rand, p *person, key uint64) {
	if !p.english {
		father := &ruMaleNames[m.t.given[0][1].pick(r)]
		p.patr = father.patrM
		if !p.male {
			p.patr = father.patrF
		}
	}
	// Ages 18 to 80, most between 30 and 65.
	age := 18 + int((r.Float64()+r.Float64())/2*63)
	p.year = refYear - age
	p.month = 1 + r.IntN(12)
	p.day = 1 + r.IntN(daysIn(p.year, p.month))
	p.scheme = scheme(m.t.scheme.pick(r))
	if !p.customer {
		key += 2e8 // keep non-customers' mobiles apart from customers'
	}
	p.phone = m.primaryPhone(r, p, key)
	p.email = m.email(r, p)
}

// secondary fills the phone and e-mail a person uses besides those the CRM knows. Few records
// need them, so they come from a stream of their own, on demand: the person stays a pure
// function of (Seed, index) either way.
func (m *maker) secondary(p *person) {
	if p.second {
		return
	}
	dom := domSecondary
	if !p.customer {
		dom = domSecondaryNC
	}
	r := m.ss.at(m.cfg.Seed, dom, p.idx)
	p.phone2 = m.mobile(r, p.city, r.Uint64())
	p.email2 = m.email(r, p)
	if p.email2 == p.email {
		p.email2 = ""
	}
	p.second = true
}

func daysIn(year, month int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// primaryPhone is mostly a Russian mobile, unique per key; some persons give a landline or a
// number from a neighbouring country.
func (m *maker) primaryPhone(r *rand.Rand, p *person, key uint64) phone {
	if p.city.cc != "7" {
		return m.foreign(r, p.city)
	}
	switch u := r.Float64(); {
	case u < 0.02:
		na := &nearAbroad[r.IntN(len(nearAbroad))]
		pre := na.prefix[r.IntN(len(na.prefix))]
		return phone{cc: na.cc, nat: pre + digits(r, na.digits-len(pre)), code: len(pre)}
	case u < 0.10:
		return phone{cc: "7", nat: p.city.area + digits(r, 10-len(p.city.area)), code: len(p.city.area)}
	}
	return m.mobile(r, p.city, key)
}

// mobile returns the Russian mobile number for key: a keyed permutation of the number space,
// so distinct keys below the space size get distinct numbers that look random.
func (m *maker) mobile(r *rand.Rand, c *city, key uint64) phone {
	if c.cc != "7" {
		return m.foreign(r, c)
	}
	const sub = 10_000_000
	space := uint64(len(ruMobileCodes)) * sub
	v := key % space
	// Cycle-walking: a permutation of [0, 2^30) restricted to [0, space) is a permutation.
	for {
		v = permute30(v, uint64(m.cfg.Seed))
		if v < space {
			break
		}
	}
	code := ruMobileCodes[v%uint64(len(ruMobileCodes))]
	m.buf = strconv.AppendUint(append(m.buf[:0], code...), sub+v/uint64(len(ruMobileCodes)), 10)
	// Drop the leading 1 of sub+…, which only zero-pads the subscriber number.
	copy(m.buf[3:], m.buf[4:])
	return phone{cc: "7", nat: string(m.buf[:10]), code: 3}
}

// permute30 is a bijection on [0, 2^30) keyed by seed: rounds of key addition, multiplication
// by an odd constant and a xor-shift, each invertible modulo 2^30.
func permute30(x, seed uint64) uint64 {
	const mask = 1<<30 - 1
	k := mix(seed ^ domPhone)
	for round := range 4 {
		x = (x + k>>(round*16)) & mask
		x = (x * 0x2545f491) & mask
		x ^= x >> 15
	}
	return x
}

// foreign returns a number in the country of c.
func (m *maker) foreign(r *rand.Rand, c *city) phone {
	n := 10
	switch c.cc {
	case "61":
		n = 9
	case "353":
		n = 8
	}
	return phone{cc: c.cc, nat: c.area + digits(r, n-len(c.area)), code: len(c.area)}
}

// digits returns n random decimal digits, the first not zero.
func digits(r *rand.Rand, n int) string {
	if n <= 0 {
		return ""
	}
	b := make([]byte, n)
	for i := range b {
		b[i] = byte('0' + r.IntN(10))
	}
	if b[0] == '0' {
		b[0] = byte('1' + r.IntN(9))
	}
	return string(b)
}

// emailPattern is a way of making a mailbox name from a person's name and birth year.
type emailPattern uint8

const (
	emDimLastYY   emailPattern = iota // vasya.petrov88
	emInitialLast                     // v.petrov, v.petrov7
	emLastYYYY                        // petrov1980
	emFirstLast                       // vasily.petrov, vasily.petrov12
	emFirstUnder                      // vasily_petrov
	emLastFirst                       // petrov.vasily
	emFirstLastNN                     // vasilypetrov77
	emDimLast                         // vasyapetrov
	emFirstLYYYY                      // vasily.p1980
	emLastInitNN                      // petrovv77
	numEmailPatterns
)

var emailPatternWeights = [numEmailPatterns]float64{10, 12, 10, 15, 8, 6, 8, 6, 6, 6}

// email makes an address from the person's name in the simple Latin scheme.
func (m *maker) email(r *rand.Rand, p *person) string {
	first := m.t.mailbox(p.given.name)
	dim := first
	if d := p.given.dims; len(d) > 0 && r.IntN(2) == 0 {
		dim = m.t.mailbox(d[0])
	}
	last := m.t.mailbox(p.surname)
	if first == "" {
		first = "user"
	}
	if last == "" {
		last = first
	}
	// n is the number people add to get a free login: always for common surnames, whose plain
	// logins are long taken, otherwise half the time; -1 means none. It keeps addresses of
	// different persons apart, as a provider does.
	n := -1
	if p.common || r.IntN(2) == 0 {
		n = r.IntN(10000)
	}
	nn := 10 + r.IntN(90)
	if n >= 0 {
		nn = n
	}
	b := m.buf[:0]
	num := func(b []byte, v int) []byte {
		if v < 0 {
			return b
		}
		return strconv.AppendInt(b, int64(v), 10)
	}
	// sepNum appends "_n" after a birth year, as in petrov1980_7.
	sepNum := func(b []byte) []byte {
		if n < 0 {
			return b
		}
		return num(append(b, '_'), n)
	}
	switch emailPattern(m.t.email.pick(r)) {
	case emDimLastYY:
		b = num(append(append(append(b, dim...), '.'), last...), p.year%100+100)
		b = sepNum(append(b[:len(b)-3], b[len(b)-2:]...)) // two-digit year, zero-padded
	case emInitialLast:
		b = num(append(append(b, first[0], '.'), last...), n)
	case emLastYYYY:
		b = sepNum(num(append(b, last...), p.year))
	case emFirstLast:
		b = num(append(append(append(b, first...), '.'), last...), n)
	case emFirstUnder:
		b = num(append(append(append(b, first...), '_'), last...), n)
	case emLastFirst:
		b = num(append(append(append(b, last...), '.'), first...), n)
	case emFirstLastNN:
		b = num(append(append(b, first...), last...), nn)
	case emDimLast:
		b = num(append(append(b, dim...), last...), n)
	case emFirstLYYYY:
		b = sepNum(num(append(append(b, first...), '.', last[0]), p.year))
	default:
		b = num(append(append(b, last...), first[0]), nn)
	}
	ps := ruProviders
	if p.english {
		ps = enProviders
	}
	b = append(append(b, '@'), ps[m.t.prov[b2i(p.english)].pick(r)].domain...)
	m.buf = b
	return string(b)
}

// mailbox returns the login form of a name from the precomputed table, computing it for
// names outside the tables.
func (t *tables) mailbox(name string) string {
	if s, ok := t.mail[name]; ok {
		return s
	}
	return mailbox(translit(name, schemeSimple))
}

// latinOf writes a name in Latin letters; English names already are.
func latinOf(s string, english bool, sc scheme) string {
	if english {
		return s
	}
	return translit(s, sc)
}

// mailbox lower-cases s and keeps only the characters mail providers allow in a login.
func mailbox(s string) string {
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); {
		c, n := utf8.DecodeRuneInString(s[i:])
		i += n
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9', c == '-':
			b = append(b, byte(c))
		case c >= 'A' && c <= 'Z':
			b = append(b, byte(c-'A'+'a'))
		}
	}
	return string(b)
}

// feminine returns the form of a Russian surname a woman bears: Петров → Петрова,
// Ильин → Ильина, Высоцкий → Высоцкая, Толстой → Толстая. Indeclinable surnames (Шевченко,
// Черных, Ковальчук, Цой, Петросян) stay. Each part of a double surname changes on its own.
func feminine(s string) string {
	if i := strings.IndexByte(s, '-'); i > 0 {
		return feminine(s[:i]) + "-" + feminine(s[i+1:])
	}
	switch {
	case strings.HasSuffix(s, "ий") || strings.HasSuffix(s, "ый"):
		return strings.TrimSuffix(strings.TrimSuffix(s, "ий"), "ый") + "ая"
	case strings.HasSuffix(s, "ой") && utf8.RuneCountInString(s) > 3: // not Цой
		return strings.TrimSuffix(s, "ой") + "ая"
	case strings.HasSuffix(s, "ов"), strings.HasSuffix(s, "ев"), strings.HasSuffix(s, "ёв"),
		strings.HasSuffix(s, "ин"), strings.HasSuffix(s, "ын"):
		return s + "а"
	}
	return s
}
