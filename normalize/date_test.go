package normalize_test

import (
	"bufio"
	"encoding/csv"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/idmatch/idmatch/normalize"
)

// dateNow fixes the clock of the table tests, so that two-digit years and
// the latest accepted year do not move with the calendar.
var dateNow = time.Date(2026, time.June, 15, 12, 0, 0, 0, time.UTC)

type dateCase struct {
	name, in, want string
}

// dateReadCases reads testdata/date_cases.tsv; its header says the format.
func dateReadCases(t *testing.T) []dateCase {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "date_cases.tsv"))
	require.NoError(t, err)
	defer f.Close()
	var cases []dateCase
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		if strings.HasPrefix(sc.Text(), "#") || sc.Text() == "" {
			continue
		}
		cols := strings.Split(sc.Text(), "\t")
		require.Len(t, cols, 3, "date_cases.tsv line %d", line)
		in, err := strconv.Unquote(`"` + cols[1] + `"`)
		require.NoError(t, err, "date_cases.tsv line %d", line)
		cases = append(cases, dateCase{name: cols[0], in: in, want: cols[2]})
	}
	require.NoError(t, sc.Err())
	return cases
}

func TestParseDateTable(t *testing.T) {
	cases := dateReadCases(t)
	require.Greater(t, len(cases), 50)
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			d, err := normalize.ParseDateAsOf(tt.in, dateNow)
			if reason, isErr := strings.CutPrefix(tt.want, "error: "); isErr {
				require.ErrorIs(t, err, normalize.ErrInvalidDate)
				var de *normalize.ParseError
				require.ErrorAs(t, err, &de)
				assert.Equal(t, reason, de.Reason)
				assert.True(t, d.IsZero())
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, d.String())

			again, err := normalize.ParseDateAsOf(d.String(), dateNow)
			require.NoError(t, err, "String() must parse again")
			assert.Equal(t, d, again, "String() must round-trip")
		})
	}
}

func TestParseDateNow(t *testing.T) {
	year := time.Now().Year()
	d, err := normalize.ParseDate("01.01." + strconv.Itoa(year+1))
	require.NoError(t, err, "next year is accepted")
	assert.Equal(t, normalize.Date{Year: year + 1, Month: 1, Day: 1}, d)

	_, err = normalize.ParseDate("01.01." + strconv.Itoa(year+2))
	require.ErrorIs(t, err, normalize.ErrInvalidDate, "the year after next is not")

	d, err = normalize.ParseDate("03.02." + strconv.Itoa(year%100))
	require.NoError(t, err)
	assert.Equal(t, year, d.Year, "a two-digit year may be this year")
}

func TestDateString(t *testing.T) {
	tests := []struct {
		name string
		in   normalize.Date
		want string
	}{
		{name: "zero", in: normalize.Date{}, want: ""},
		{name: "full", in: normalize.Date{Year: 1980, Month: 2, Day: 3}, want: "1980-02-03"},
		{name: "year and month", in: normalize.Date{Year: 1980, Month: 12}, want: "1980-12"},
		{name: "year only", in: normalize.Date{Year: 1980}, want: "1980"},
		{name: "no year", in: normalize.Date{Month: 2, Day: 3}, want: "--02-03"},
		{name: "month only", in: normalize.Date{Month: 11}, want: "--11"},
		{name: "day only", in: normalize.Date{Day: 7}, want: "---07"},
		{name: "year and day, no month", in: normalize.Date{Year: 1980, Day: 7}, want: "1980"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, tt.in.String())
			assert.Equal(t, tt.want == "", tt.in.IsZero())
		})
	}
}

func TestParseDateErrorText(t *testing.T) {
	in := "31.02.1980"
	_, err := normalize.ParseDateAsOf(in, dateNow)
	require.EqualError(t, err, `normalize: invalid date: day 31 out of range for month 2: "31.02.1980"`)

	big := strings.Repeat("1", 1<<20)
	_, err = normalize.ParseDateAsOf(big, dateNow)
	var de *normalize.ParseError
	require.ErrorAs(t, err, &de)
	assert.LessOrEqual(t, len(de.Input), 64+len("…"))
}

// TestParseDateReference parses the birth dates of the Febrl and Splink
// reference data (YYYYMMDD and ISO respectively). Their generators corrupt
// some duplicates into impossible dates ("19540026", "19131301", years in
// the future), which must be rejected: about 2.7% in Febrl, 0.7% in Splink.
func TestParseDateReference(t *testing.T) {
	for _, src := range []struct {
		file, column string
		minRate      float64
	}{
		{"febrl-phones/dataset_A_10000.csv", "date_of_birth", 0.97},
		{"splink/fake_1000.csv", "dob", 0.99},
	} {
		t.Run(src.file, func(t *testing.T) {
			f, err := os.Open(filepath.Join("..", "..", "shared", "data", src.file))
			if errors.Is(err, os.ErrNotExist) {
				t.Skipf("reference data absent: %v", err)
			}
			require.NoError(t, err)
			defer f.Close()
			recs, err := csv.NewReader(f).ReadAll()
			require.NoError(t, err)
			col := -1
			for i, h := range recs[0] {
				if h == src.column {
					col = i
				}
			}
			require.GreaterOrEqual(t, col, 0)
			total, parsed := 0, 0
			for _, r := range recs[1:] {
				if strings.TrimSpace(r[col]) == "" {
					continue
				}
				total++
				d, err := normalize.ParseDateAsOf(r[col], dateNow)
				if err != nil {
					require.ErrorIs(t, err, normalize.ErrInvalidDate)
					continue
				}
				parsed++
				require.NotZero(t, d.Year, r[col])
				require.NotZero(t, d.Day, r[col])
			}
			rate := float64(parsed) / float64(total)
			t.Logf("%s: %d of %d dates parsed (%.4f)", src.file, parsed, total, rate)
			require.Greater(t, total, 500)
			assert.GreaterOrEqual(t, rate, src.minRate)
		})
	}
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{
		"03.02.1980", "1980-02-03", "19800203", "3 февраля 1980 г.", "Feb 3, 1980", "03.02", "--02-03",
		"--02", "1980", "03.02.80", "31.02.1980", "😀", "\xff", "1980-02-03T00:00:00Z", "3rd of Feb",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := normalize.ParseDateAsOf(s, dateNow)
		if err != nil {
			if !errors.Is(err, normalize.ErrInvalidDate) {
				t.Fatalf("error %v does not wrap ErrInvalidDate", err)
			}
			if !utf8.ValidString(err.Error()) {
				t.Fatalf("error text is not UTF-8: %q", err.Error())
			}
			return
		}
		if d.IsZero() || d.Month == 0 && d.Day != 0 {
			t.Fatalf("%q gave %#v", s, d)
		}
		again, err := normalize.ParseDateAsOf(d.String(), dateNow)
		if err != nil || again != d {
			t.Fatalf("%q → %#v → %q → %#v, %v", s, d, d.String(), again, err)
		}
	})
}

func BenchmarkParseDate(b *testing.B) {
	for _, bc := range []struct{ name, in string }{
		{"dotted", "03.02.1980"},
		{"iso", "1980-02-03"},
		{"compact", "19800203"},
		{"russian", "3 февраля 1980 г."},
		{"english", "Feb 3, 1980"},
		{"no_year", "03.02"},
		{"invalid", "31.02.1980"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_, _ = normalize.ParseDateAsOf(bc.in, dateNow)
			}
		})
	}
	b.Run("string", func(b *testing.B) {
		b.ReportAllocs()
		d := normalize.Date{Year: 1980, Month: 2, Day: 3}
		for b.Loop() {
			_ = d.String()
		}
	})
}
