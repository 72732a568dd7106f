package match_test

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"testing"

	"github.com/idmatch/idmatch/match"
)

// FuzzLoad feeds Load arbitrary bytes, starting from a real saved matcher: it must return a
// matcher or an error, never panic.
func FuzzLoad(f *testing.F) {
	m, err := match.New(match.WithField("postcode", match.Exact))
	if err != nil {
		f.Fatal(err)
	}
	m.Add(match.Record{ID: "1", FullName: "Петров Василий", Phones: []string{"+79161234567"}, Extra: map[string]string{"postcode": "101000"}})
	m.Add(match.Record{ID: "2", FullName: "Vasya Petrov", Emails: []string{"vasya@gmail.com"}})
	var buf bytes.Buffer
	if err := m.Save(&buf); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.Bytes())
	f.Add([]byte("IDMATCH\x00\x03"))
	f.Fuzz(func(t *testing.T, data []byte) {
		got, err := match.Load(bytes.NewReader(data))
		if err != nil {
			return
		}
		// A matcher that loads must answer.
		if _, err := got.Match(ctx, match.Record{FullName: "Вася Петров", Phones: []string{"89161234567"}}); err != nil {
			t.Fatalf("loaded matcher cannot match: %v", err)
		}
	})
}

// FuzzLoadBody mutates the body of a real saved matcher and fixes its checksum, so that the
// decoder behind the checksum meets malformed lengths, counts and flags: it must return a
// matcher or an error, never panic.
func FuzzLoadBody(f *testing.F) {
	saved := savedBytes(f, match.WithField("postcode", match.Exact))
	f.Add(saved[9 : len(saved)-sha256.Size])
	f.Fuzz(func(t *testing.T, body []byte) {
		data := append([]byte("IDMATCH\x00\x03"), body...)
		sum := sha256.Sum256(data)
		got, err := match.Load(bytes.NewReader(append(data, sum[:]...)))
		if err != nil {
			return
		}
		if _, err := got.Match(ctx, match.Record{FullName: "Вася Петров", Phones: []string{"89161234567"}}); err != nil && !errors.Is(err, match.ErrEmptyRecord) {
			t.Fatalf("loaded matcher cannot match: %v", err)
		}
	})
}

// FuzzMatch matches arbitrary field values against a small base: no panic, and a result
// whose confidences are probabilities.
func FuzzMatch(f *testing.F) {
	m, err := match.New()
	if err != nil {
		f.Fatal(err)
	}
	m.Add(match.Record{ID: "1", FullName: "Петров Василий Иванович", Phones: []string{"+79161234567"}, City: "Москва", BirthDate: "03.02.1980"})
	m.Add(match.Record{ID: "2", FirstName: "Anna", LastName: "Smith", Emails: []string{"anna@smith.org"}})
	f.Add("Вася Петров", "89161234567", "v@gmail.com", "Moscow", "03.02")
	f.Add("\xff\xfe", "+", "@", "", "31.02.1980")
	f.Fuzz(func(t *testing.T, name, phone, email, city, date string) {
		res, err := m.Match(ctx, match.Record{FullName: name, Phones: []string{phone}, Emails: []string{email}, City: city, BirthDate: date})
		if err != nil {
			return
		}
		if !(res.Confidence >= 0 && res.Confidence <= 1+1e-9) || !(res.None >= 0 && res.None <= 1+1e-9) {
			t.Fatalf("confidence %v, none %v out of [0,1]", res.Confidence, res.None)
		}
	})
}
