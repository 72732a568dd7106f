package normalize_test

import (
	"errors"
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

// A date that does not parse may still be evidence: the error keeps its digits, which
// score.DigitLevel compares.
func ExampleParseError() {
	_, err := normalize.ParseDate("1851-81-01")
	var pe *normalize.ParseError
	if errors.As(err, &pe) {
		fmt.Println(pe.Kind, pe.Reason, pe.Digits)
	}
	fmt.Println(errors.Is(err, normalize.ErrInvalidDate))
	// Output:
	// date month 81 out of range 18518101
	// true
}

func ExampleDigits() {
	fmt.Println(normalize.Digits("+7 (916) 123-45-67"))
	fmt.Println(normalize.Digits("１９８０年"))
	// Output:
	// 79161234567
	// 1980
}
