package normalize_test

import (
	"fmt"

	"github.com/idmatch/idmatch/normalize"
)

func ExampleParseDate() {
	for _, in := range []string{
		"03.02.1980",
		"3 февраля 1980 г.",
		"Feb 3, 1980",
		"19800203",
		"3 февраля",
		"1980",
		"31.02.1980",
	} {
		d, err := normalize.ParseDate(in)
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Printf("%-21q %s\n", in, d)
	}
	// Output:
	// "03.02.1980"          1980-02-03
	// "3 февраля 1980 г."   1980-02-03
	// "Feb 3, 1980"         1980-02-03
	// "19800203"            1980-02-03
	// "3 февраля"           --02-03
	// "1980"                1980
	// normalize: invalid date: day 31 out of range for month 2: "31.02.1980"
}
