package normalize_test

import (
	"errors"
	"fmt"

	"github.com/idmatch/idmatch/normalize"
)

func ExampleParsePhone() {
	for _, in := range []string{
		"8 (916) 123-45-67",
		"+7 916 1234567 доб. 123",
		"+44 20 7946 0958",
		"12345",
	} {
		p, err := normalize.ParsePhone(in, "") // "" means region RU
		var pe *normalize.ParseError
		switch {
		case errors.As(err, &pe):
			fmt.Printf("%-26q rejected: %s\n", in, pe.Reason)
		case p.Extension != "":
			fmt.Printf("%-26q %s ext. %s\n", in, p.E164, p.Extension)
		default:
			fmt.Printf("%-26q %s\n", in, p.E164)
		}
	}
	p, _ := normalize.ParsePhone("04 6063 2518", "AU")
	fmt.Println(p.E164)
	// Output:
	// "8 (916) 123-45-67"        +79161234567
	// "+7 916 1234567 доб. 123"  +79161234567 ext. 123
	// "+44 20 7946 0958"         +442079460958
	// "12345"                    rejected: too short
	// +61460632518
}

func ExampleSplitValues() {
	isPhone := func(s string) bool { _, err := normalize.ParsePhone(s, "RU"); return err == nil }
	for _, cell := range []string{
		"+7 916 123-45-67, +7 903 111-22-33",
		"+7 916 123-45-67",
		"8 916 123-45-67, доб. 5",
	} {
		parts, _ := normalize.SplitValues(cell, isPhone)
		fmt.Printf("%q\n", parts)
	}
	// Output:
	// ["+7 916 123-45-67" "+7 903 111-22-33"]
	// ["+7 916 123-45-67"]
	// ["8 916 123-45-67, доб. 5"]
}
