package normalize_test

// Differential tests: the normalizers must return exactly what they returned before they were
// made faster, for every input, errors included. The reference is the code as it was, kept
// in the ref_*_test.go files of this package (regenerate one with
// `git show f98b6b7:normalize/X.go | sed '1s/^package normalize$/package normalize_test/'`
// under its header). The inputs are the values of the reference data in ../../shared/data
// (when present; a sample of them unless IDMATCH_EQUIV_FULL=1), generated CRM and contact
// records, and a fuzz target.

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/idmatch/idmatch/internal/synth"
	"github.com/idmatch/idmatch/normalize"
)

// equivDataDir holds the shared reference data; the tests that read it skip when it is absent.
const equivDataDir = "../../shared/data"

// equivRegions are the default phone regions a phone number is parsed under: the library's
// default, the regions of the reference data, an invalid one, and (in the fuzz target only)
// more. Other values with digits are parsed under the first two.
var equivRegions = []string{"", "au", "US", "XX", "RU", "GB", "KZ", "DE"}

// equivDataRegions are the regions of the values of the reference data and generated records.
var equivDataRegions = equivRegions[:4]

// equivPhoneRegions returns the regions s is parsed under as a phone number: all for
// something that looks like one (six digits or more in at most 40 bytes), two for other
// short values with digits, the library's default for longer ones (phonenumbers' own reading
// of long text costs milliseconds), none for values without digits.
func equivPhoneRegions(s string) []string {
	n := 0
	for i := 0; i < len(s); i++ {
		if '0' <= s[i] && s[i] <= '9' {
			n++
		}
	}
	switch {
	case n >= 6 && len(s) <= 40:
		return equivDataRegions
	case n > 0 && len(s) <= 40:
		return equivRegions[:2]
	case n > 0:
		return equivRegions[:1]
	}
	return nil
}

// equivErr renders an error of either implementation the same way when they agree: the
// message, the ParseError fields, and which sentinels it wraps.
func equivErr(err error, sentinels []error) string {
	if err == nil {
		return "<nil>"
	}
	var b strings.Builder
	b.WriteString(err.Error())
	var pe *normalize.ParseError
	var rpe *ParseError
	switch {
	case errors.As(err, &pe):
		fmt.Fprintf(&b, " |parse %q %q %q %q", pe.Kind, pe.Input, pe.Reason, pe.Digits)
	case errors.As(err, &rpe):
		fmt.Fprintf(&b, " |parse %q %q %q %q", rpe.Kind, rpe.Input, rpe.Reason, rpe.Digits)
	}
	for i, s := range sentinels {
		if errors.Is(err, s) {
			fmt.Fprintf(&b, " |is%d", i)
		}
	}
	return b.String()
}

var (
	newSentinels = []error{normalize.ErrEmptyName, normalize.ErrInvalidUTF8, normalize.ErrNotPhone, normalize.ErrInvalidEmail}
	refSentinels = []error{ErrEmptyName, ErrInvalidUTF8, ErrNotPhone, ErrInvalidEmail}
)

// refNameKeys renders what the reference computes for a name's keys: the functions the
// matcher called on the parts, one by one.
func refNameKeys(n Name) string {
	given := Skeleton(n.Given)
	return fmt.Sprintf("%q %q %q %q %q", given, GivenNameKeys(given), Skeleton(n.Middle), SurnameSkeleton(n.Surname), Phonetic(n.Surname))
}

func newNameKeys(n normalize.Name) string { return renderNameKeys(n.Keys()) }

func renderNameKeys(k normalize.NameKeys) string {
	return fmt.Sprintf("%q %q %q %q %q", k.Given, k.GivenNames, k.Middle, k.Surname, k.Phonetic)
}

// equivCheck compares the two implementations on one input and reports each difference.
type equivCheck struct {
	t     testing.TB
	fails int
}

func (c *equivCheck) eq(fn, in, want, got string) {
	if want == got {
		return
	}
	c.fails++
	if c.fails <= 20 {
		c.t.Errorf("%s(%q):\nwant %s\ngot  %s", fn, in, want, got)
	}
}

// value compares every single-string normalizer on s, and the phone parser under regions.
func (c *equivCheck) value(s string, regions []string) {
	c.eq("Skeleton", s, Skeleton(s), normalize.Skeleton(s))
	c.eq("SurnameSkeleton", s, SurnameSkeleton(s), normalize.SurnameSkeleton(s))
	c.eq("Phonetic", s, Phonetic(s), normalize.Phonetic(s))
	c.eq("SurnameGender", s, SurnameGender(s).String(), normalize.SurnameGender(s).String())
	c.eq("GivenNameKeys", s, fmt.Sprintf("%q", GivenNameKeys(s)), fmt.Sprintf("%q", normalize.GivenNameKeys(s)))
	c.eq("GivenNameGender", s, GivenNameGender(s).String(), normalize.GivenNameGender(s).String())
	c.eq("Text.Key", s, Text.Key(s), normalize.Text.Key(s))
	c.eq("PersonName.Key", s, PersonName.Key(s), normalize.PersonName.Key(s))
	c.eq("Text.String", s, Text.String(s), normalize.Text.String(s))
	rk, rok := City(s)
	nk, nok := normalize.City(s)
	c.eq("City", s, fmt.Sprint(rk, rok), fmt.Sprint(nk, nok))

	rn, rerr := ParseFullName(s)
	nn, nerr := normalize.ParseFullName(s)
	c.eq("ParseFullName", s, fmt.Sprintf("%q %q %q %v %s", rn.Given, rn.Middle, rn.Surname, rn.Gender, equivErr(rerr, refSentinels)),
		fmt.Sprintf("%q %q %q %v %s", nn.Given, nn.Middle, nn.Surname, nn.Gender, equivErr(nerr, newSentinels)))
	c.eq("ParseFullName(...).Keys", s, refNameKeys(rn), newNameKeys(nn))
	kn, kk, kerr := normalize.ParseFullNameKeys(s)
	c.eq("ParseFullNameKeys", s, fmt.Sprintf("%q %q %q %v %s %s", rn.Given, rn.Middle, rn.Surname, rn.Gender, equivErr(rerr, refSentinels), refNameKeys(rn)),
		fmt.Sprintf("%q %q %q %v %s %s", kn.Given, kn.Middle, kn.Surname, kn.Gender, equivErr(kerr, newSentinels), renderNameKeys(kk)))

	re, rerr := ParseEmail(s)
	ne, nerr := normalize.ParseEmail(s)
	c.eq("ParseEmail", s, fmt.Sprintf("%q %q %q %q %s", re.Address, re.Local, re.Domain, re.NameTokens, equivErr(rerr, refSentinels)),
		fmt.Sprintf("%q %q %q %q %s", ne.Address, ne.Local, ne.Domain, ne.NameTokens, equivErr(nerr, newSentinels)))
	if re.NameTokens == nil != (ne.NameTokens == nil) {
		c.eq("ParseEmail nil NameTokens", s, fmt.Sprint(re.NameTokens == nil), fmt.Sprint(ne.NameTokens == nil))
	}

	for _, region := range regions {
		rp, rerr := ParsePhone(s, region)
		np, nerr := normalize.ParsePhone(s, region)
		c.eq("ParsePhone/"+region, s, fmt.Sprintf("%q %q %s", rp.E164, rp.Extension, equivErr(rerr, refSentinels)),
			fmt.Sprintf("%q %q %s", np.E164, np.Extension, equivErr(nerr, newSentinels)))
	}
}

// name compares the parsers of a name given in parts, and the keys of the result.
func (c *equivCheck) name(given, middle, surname string) {
	in := given + "|" + middle + "|" + surname
	rn, rerr := ParseName(given, middle, surname)
	nn, nerr := normalize.ParseName(given, middle, surname)
	c.eq("ParseName", in, fmt.Sprintf("%q %q %q %v %s", rn.Given, rn.Middle, rn.Surname, rn.Gender, equivErr(rerr, refSentinels)),
		fmt.Sprintf("%q %q %q %v %s", nn.Given, nn.Middle, nn.Surname, nn.Gender, equivErr(nerr, newSentinels)))
	c.eq("ParseName(...).Keys", in, refNameKeys(rn), newNameKeys(nn))
	kn, kk, kerr := normalize.ParseNameKeys(given, middle, surname)
	c.eq("ParseNameKeys", in, fmt.Sprintf("%q %q %q %v %s %s", rn.Given, rn.Middle, rn.Surname, rn.Gender, equivErr(rerr, refSentinels), refNameKeys(rn)),
		fmt.Sprintf("%q %q %q %v %s %s", kn.Given, kn.Middle, kn.Surname, kn.Gender, equivErr(kerr, newSentinels), renderNameKeys(kk)))
	// A name taken from elsewhere (an e-mail login) is not cleaned: its keys still agree.
	raw := normalize.Name{Given: given, Middle: middle, Surname: surname}
	c.eq("Name.Keys", in, refNameKeys(Name{Given: given, Middle: middle, Surname: surname}), newNameKeys(raw))
}

// equivInputs is a deduplicated stream of inputs, compared on both cores.
type equivInputs struct {
	seen  map[string]bool
	vals  []equivValue
	names [][3]string
	// every keeps one input in every: all of them unless the test is short.
	every, n int
}

type equivValue struct {
	s       string
	regions []string // the default regions to parse it under as a phone number
}

func newEquivInputs(every int) *equivInputs {
	return &equivInputs{seen: map[string]bool{}, every: every}
}

// keep reports whether a new input is compared, and remembers it.
func (e *equivInputs) keep(key string) bool {
	if e.seen[key] {
		return false
	}
	e.seen[key] = true
	e.n++
	return e.n%e.every == 0
}

func (e *equivInputs) add(s string) {
	if e.keep(s) {
		e.vals = append(e.vals, equivValue{s, equivPhoneRegions(s)})
	}
}

func (e *equivInputs) addName(given, middle, surname string) {
	if e.keep("\x01" + given + "\x01" + middle + "\x01" + surname) {
		e.names = append(e.names, [3]string{given, middle, surname})
	}
}

// run compares all inputs on two goroutines.
func (e *equivInputs) run(t *testing.T) {
	const workers = 2
	var wg sync.WaitGroup
	checks := make([]*equivCheck, workers)
	for w := range workers {
		checks[w] = &equivCheck{t: t}
		wg.Add(1)
		go func(c *equivCheck) {
			defer wg.Done()
			for i := w; i < len(e.vals); i += workers {
				c.value(e.vals[i].s, e.vals[i].regions)
				if c.fails > 20 {
					return
				}
			}
			for i := w; i < len(e.names); i += workers {
				n := e.names[i]
				c.name(n[0], n[1], n[2])
				if c.fails > 20 {
					return
				}
			}
		}(checks[w])
	}
	wg.Wait()
	t.Logf("compared %d values and %d names", len(e.vals), len(e.names))
}

// equivFull says whether the differential tests compare every input they have
// (IDMATCH_EQUIV_FULL=1), as after a change to a normalizer, rather than a sample.
func equivFull() bool { return os.Getenv("IDMATCH_EQUIV_FULL") == "1" }

func hasDigit(s string) bool { return strings.ContainsAny(s, "0123456789") }

// TestEquivSharedData compares the implementations on every cell of the reference data: each
// line of each file, split on commas, tabs, semicolons and colons, and unquoted; each run of
// two or three neighbouring cells without digits also as the parts of a name. By default it
// compares one input in 64 (a few seconds), all of them with IDMATCH_EQUIV_FULL=1 (minutes),
// one in 256 in a short test.
func TestEquivSharedData(t *testing.T) {
	if _, err := os.Stat(equivDataDir); err != nil {
		t.Skip("no shared reference data")
	}
	in := newEquivInputs(64)
	switch {
	case equivFull():
		in.every = 1
	case testing.Short():
		in.every = 256
	}
	err := filepath.WalkDir(equivDataDir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		switch filepath.Ext(path) {
		case ".csv", ".tsv", ".yaml", ".json":
		default:
			return nil
		}
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			line := strings.TrimRight(sc.Text(), "\r")
			in.add(strings.TrimSpace(line))
			var words []string // the cells that may be names
			for _, c := range strings.FieldsFunc(line, func(r rune) bool { return r == ',' || r == '\t' || r == ';' || r == ':' }) {
				c = strings.Trim(strings.TrimSpace(c), `"'`)
				if c == "" {
					continue
				}
				in.add(c)
				if !hasDigit(c) {
					words = append(words, c)
				}
			}
			for i := 0; i+1 < len(words) && i < 6; i++ {
				in.addName(words[i], "", words[i+1])
				if i+2 < len(words) {
					in.addName(words[i], words[i+1], words[i+2])
				}
			}
		}
		return sc.Err()
	})
	if err != nil {
		t.Fatal(err)
	}
	in.run(t)
}

// TestEquivSynth compares the implementations on the values of generated CRM records and
// channel contacts (with their typos, swapped names, other phone formats and diminutives).
func TestEquivSynth(t *testing.T) {
	cfg := synth.DefaultConfig()
	cfg.Customers = 5_000
	switch {
	case equivFull():
		cfg.Customers = 50_000
	case testing.Short():
		cfg.Customers = 1_000
	}
	in := newEquivInputs(1)
	add := func(r synth.Record) {
		for _, s := range []string{r.FirstName, r.MiddleName, r.LastName, r.FullName, r.Phone, r.Email, r.City, r.BirthDate} {
			in.add(s)
		}
		in.addName(r.FirstName, r.MiddleName, r.LastName)
	}
	for r := range synth.CRM(cfg) {
		add(r)
	}
	for r := range synth.Contacts(cfg) {
		add(r)
	}
	in.run(t)
}

// equivSeeds start the fuzz target: names in both scripts and their damaged forms, phones
// and e-mail addresses of the shapes the parsers take apart.
var equivSeeds = []string{
	"Петров Василий Иванович", "PETROV Vasily", "Petrov, Vasily", "В. И. Петров", "Гейдар Алиев оглы",
	"Ludwig van Beethoven", "Римский-Корсаков", "Пeтpoв Bacилий", "Фёдоров Пётр", "Jegorowitsch",
	"Щербакова", "Tchaikovskaya", "Szczepański", "Chmielewski", "Smirnoff", "Konstantine", "Ильич",
	"Wladimir Iljitsch Uljanow", "Gorbachov", "Dvořák", "Ǽsir", "ŁUKASZ", "Ѳедоръ", "Ўладзімір",
	"8 (916) 123-45-67", "+7 916 123-45-67", "8-916-123-45-67 доб. 123", "04 60632518",
	"tel:+7-916-123-45-67;ext=77", "1-800-FLOWERS", "+44 (0)20 7946 0958", "14161073663", "８９１６",
	"Vasya.Petrov+shop@GoogleMail.com", "vasya.petrov@ya.ru", "Vasya Petrov <vasya.petrov@mail.ru>",
	"вася@почта.рф", "mailto:a%40b@c.ru", "x@xn--80a1acny.xn--p1ai", "VasyaPetrov88@mail.ru",
	"a..b@c.ru", "\xff\xfe", "г. Москва", "Moskva", "Санкт-Петербург", "",
}

// FuzzEquiv compares the implementations on random input: s as one value, and s split on
// "|" as the parts of a name.
func FuzzEquiv(f *testing.F) {
	for _, s := range equivSeeds {
		f.Add(s)
	}
	f.Add("Василий|Иванович|Петров")
	f.Add("Petrov|Vasily|")
	f.Fuzz(func(t *testing.T, s string) {
		c := &equivCheck{t: t}
		c.value(s, equivRegions)
		p := strings.SplitN(s, "|", 3)
		for len(p) < 3 {
			p = append(p, "")
		}
		c.name(p[0], p[1], p[2])
	})
}
