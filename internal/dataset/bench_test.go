package dataset_test

import (
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/idmatch/idmatch/internal/dataset"
)

const benchRows = 1000

// febrlLike returns benchRows rows in the Febrl layout, with a quoted field in every tenth.
func febrlLike() string {
	var b strings.Builder
	b.WriteString("rec_id, given_name, surname, street_number, address_1, address_2, suburb, postcode, state, date_of_birth, soc_sec_id\r\n")
	for i := range benchRows {
		addr := "stanley street"
		if i%10 == 0 {
			addr = `"stanley street, flat 2"`
		}
		fmt.Fprintf(&b, "rec-%d-org, michaela, neumann, 8, %s, miami, winston hills, 4223, nsw, 19151111, 5304218\r\n", i, addr)
	}
	return b.String()
}

func jsonlLike() string {
	var b strings.Builder
	for i := range benchRows {
		fmt.Fprintf(&b, `{"id": "c%d", "first_name": "Василий", "last_name": "Петров", "phone": ["+7 916 123-45-67", 79161234567], "email": "vasya@example.com", "city": "Москва", "cluster": %d}`+"\n", i, i/3)
	}
	return b.String()
}

func benchRead(b *testing.B, data, fields string) {
	m, err := dataset.ParseFieldMap(fields)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		r, err := dataset.NewReader(strings.NewReader(data), m, dataset.Options{})
		if err != nil {
			b.Fatal(err)
		}
		n := 0
		for {
			_, err := r.Read()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			n++
		}
		if n != benchRows {
			b.Fatalf("read %d rows, want %d", n, benchRows)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*benchRows), "ns/row")
}

func BenchmarkReadCSV(b *testing.B) {
	benchRead(b, febrlLike(), "suburb:city,postcode:exact,address_1:text,soc_sec_id:exact")
}

func BenchmarkReadJSONL(b *testing.B) {
	benchRead(b, jsonlLike(), "")
}
