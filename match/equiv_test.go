package match

// Differential tests: preparing a record must give exactly the values and problems it gave
// before preparation was made faster. The reference is the code as it was, in
// equiv_ref_test.go. The inputs are the records of the reference data in ../../shared/data
// (when present), generated CRM and contact records, and a fuzz target. The normalizers the
// reference calls have differential tests of their own (normalize/equiv_test.go).

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/idmatch/idmatch/internal/synth"
	"github.com/idmatch/idmatch/normalize"
)

// equivRender writes what preparing a record gave, in a form two runs can be compared in.
func equivRender(vals []Value, probs []Problem, err error, sentinels func(error) string) string {
	var b strings.Builder
	for _, v := range vals {
		fmt.Fprintf(&b, "%q %q %v; ", v.Key, v.Keys, v.Weak)
	}
	for _, p := range probs {
		fmt.Fprintf(&b, "problem %q %q %q %s; ", p.Field, p.Value, p.Err, sentinels(p.Err))
	}
	if err != nil {
		fmt.Fprintf(&b, "error %q %s", err, sentinels(err))
	}
	return b.String()
}

// equivSentinels lists the sentinels err wraps.
func equivSentinels(err error) string {
	var out []string
	for i, s := range []error{ErrBadValue, ErrEmptyRecord, normalize.ErrEmptyName, normalize.ErrInvalidUTF8,
		normalize.ErrNotPhone, normalize.ErrInvalidEmail, normalize.ErrInvalidDate} {
		if errors.Is(err, s) {
			out = append(out, fmt.Sprint(i))
		}
	}
	var pe *normalize.ParseError
	if errors.As(err, &pe) {
		out = append(out, fmt.Sprintf("digits=%q", pe.Digits))
	}
	return strings.Join(out, ",")
}

// equivCompare prepares r both ways under region and reports a difference.
func equivCompare(t testing.TB, s *schema, r Record, region string) bool {
	t.Helper()
	orig := equivClone(r)
	rv, rp, rerr := refPrepare(&r, region)
	want := equivRender(rv, rp, rerr, equivSentinels)
	f, np, nerr := s.prepare(&r, region)
	var nv []Value
	if f != nil {
		nv = f.values()
	}
	got := equivRender(nv, np, nerr, equivSentinels)
	if want != got {
		t.Errorf("record %+v:\nwant %s\ngot  %s", r, want, got)
		return false
	}
	if !equivSame(orig, r) {
		t.Errorf("record %+v was modified", r)
		return false
	}
	return true
}

func equivClone(r Record) Record {
	r.Phones = append([]string(nil), r.Phones...)
	r.Emails = append([]string(nil), r.Emails...)
	r.Handles = append([]string(nil), r.Handles...)
	return r
}

func equivSame(a, b Record) bool {
	return fmt.Sprintf("%#v", a) == fmt.Sprintf("%#v", equivClone(b))
}

// equivSchema is the default person schema.
func equivSchema(t testing.TB) *schema {
	m, err := New()
	if err != nil {
		t.Fatal(err)
	}
	return m.schema
}

// TestEquivPrepareSynth compares the two on generated CRM records and channel contacts:
// Cyrillic and Latin names, diminutives, typos, swapped names, phones in many formats,
// e-mail addresses, cities and dates.
func TestEquivPrepareSynth(t *testing.T) {
	cfg := synth.DefaultConfig()
	cfg.Customers = 50_000
	if testing.Short() {
		cfg.Customers = 5_000
	}
	s := equivSchema(t)
	n, fails := 0, 0
	check := func(r synth.Record) {
		rec := fromSynth(r)
		if rec.Source == "vk" || rec.Source == "telegram" {
			rec.Handles = []string{strings.ToLower(strings.ReplaceAll(r.FullName, " ", "_"))}
		}
		n++
		if !equivCompare(t, s, rec, "") {
			fails++
		}
		// The same record with the name as one field, and as a contact that tells its gender.
		if r.FullName == "" && r.FirstName != "" {
			rec.FullName = r.LastName + " " + r.FirstName + " " + r.MiddleName
			rec.FirstName, rec.MiddleName, rec.LastName = "", "", ""
			rec.Gender = "ж"
			n++
			if !equivCompare(t, s, rec, "") {
				fails++
			}
		}
	}
	for r := range synth.CRM(cfg) {
		if fails < 10 {
			check(r)
		}
	}
	for r := range synth.Contacts(cfg) {
		if fails < 10 {
			check(r)
		}
	}
	t.Logf("compared %d records", n)
}

// equivColumns maps the column names of the reference data to record fields.
var equivColumns = map[string]string{
	"given_name": "first", "first_name": "first", "name": "first", "surname": "last",
	"last_name": "last", "midname": "middle", "date_of_birth": "birth", "dob": "birth",
	"phone_number": "phone", "phone": "phone", "email": "email", "city": "city", "suburb": "city",
	"gender": "gender", "sex": "gender",
}

// TestEquivPrepareSharedData compares the two on the records of every CSV file of the
// reference data whose header names person fields: each row as its parts, and as one full
// name, under the default region and the file's own (AU for the Australian data).
func TestEquivPrepareSharedData(t *testing.T) {
	if _, err := os.Stat(equivDataDir); err != nil {
		t.Skip("no shared reference data")
	}
	s := equivSchema(t)
	n, fails := 0, 0
	err := filepath.WalkDir(equivDataDir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(path) != ".csv" {
			return err
		}
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		cr := csv.NewReader(f)
		cr.FieldsPerRecord = -1
		cr.LazyQuotes = true
		head, err := cr.Read()
		if err != nil {
			return nil
		}
		cols := map[string]int{}
		for i, h := range head {
			if fld, ok := equivColumns[strings.ToLower(strings.TrimSpace(h))]; ok {
				if _, dup := cols[fld]; !dup {
					cols[fld] = i
				}
			}
		}
		if len(cols) == 0 {
			return nil
		}
		region := ""
		if strings.Contains(path, "febrl") {
			region = "AU"
		}
		for {
			row, err := cr.Read()
			if err == io.EOF {
				break
			}
			if err != nil {
				continue
			}
			get := func(fld string) string {
				if i, ok := cols[fld]; ok && i < len(row) {
					return strings.TrimSpace(row[i])
				}
				return ""
			}
			r := Record{FirstName: get("first"), LastName: get("last"), MiddleName: get("middle"),
				BirthDate: get("birth"), City: get("city"), Gender: get("gender")}
			if p := get("phone"); p != "" {
				r.Phones = []string{p}
			}
			if e := get("email"); e != "" {
				r.Emails = []string{e}
			}
			full := r
			full.FirstName, full.MiddleName, full.LastName = "", "", ""
			full.FullName = strings.TrimSpace(r.FirstName + " " + r.MiddleName + " " + r.LastName)
			for _, rec := range []Record{r, full} {
				for _, reg := range []string{"", region} {
					if fails >= 10 {
						return nil
					}
					n++
					if !equivCompare(t, s, rec, reg) {
						fails++
					}
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("compared %d records", n)
}

// equivDataDir holds the shared reference data; the tests that read it skip when it is absent.
const equivDataDir = "../../shared/data"

// FuzzEquivPrepare compares the two on records of random fields; a field's value may hold
// several values split by the preparers ("a, b").
func FuzzEquivPrepare(f *testing.F) {
	f.Add("Василий", "Иванович", "Петров", "", "8 916 123-45-67", "vasya.petrov@gmail.com", "Москва", "03.02.1980", "", "", "crm")
	f.Add("", "", "", "Вася Петров", "+7 916 123-45-67, 8 903 111-22-33", "Vasya.Petrov+shop@GoogleMail.com", "г. Москва", "1980", "m", "vk.com/vasya_petrov", "vk")
	f.Add("Саша", "", "Иванова", "", "123", "a..b@c.ru", "", "31.02.1980", "ж", "@sasha", "")
	f.Add("", "", "", "", "", "markbrown9302@mail.ru; x@y", "", "", "", "t.me/mark_brown", "telegram")
	f.Add("\xff", "В.", "Petrov V.", "", "04 60632518", "mailto:v%40p@x.ru", "Moskva", "1851-81-01", "female", "https://www.facebook.com/profile.php?id=42", "facebook")
	s := equivSchema(f)
	f.Fuzz(func(t *testing.T, first, middle, last, full, phone, email, city, birth, gender, handle, source string) {
		r := Record{FirstName: first, MiddleName: middle, LastName: last, FullName: full, City: city,
			BirthDate: birth, Gender: gender, Source: source}
		if phone != "" {
			r.Phones = []string{phone}
		}
		if email != "" {
			r.Emails = []string{email, " "}
		}
		if handle != "" {
			r.Handles = []string{handle}
		}
		equivCompare(t, s, r, "")
		equivCompare(t, s, r, "au")
	})
}
