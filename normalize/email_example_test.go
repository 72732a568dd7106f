package normalize_test

import (
	"errors"
	"fmt"

	"github.com/idmatch/idmatch/normalize"
)

func ExampleParseEmail() {
	e, err := normalize.ParseEmail("Vasya Petrov <Vasya.Petrov+shop@GoogleMail.com>")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(e.Address, e.NameTokens)

	e, _ = normalize.ParseEmail("vasya.petrov88@ya.ru")
	fmt.Println(e.Address, e.NameTokens)

	e, _ = normalize.ParseEmail("вася@почта.рф")
	fmt.Println(e.Address)

	_, err = normalize.ParseEmail("vasya petrov@mail.ru")
	fmt.Println(errors.Is(err, normalize.ErrInvalidEmail), err)
	// Output:
	// vasyapetrov@gmail.com [vasya petrov]
	// vasya-petrov88@yandex.ru [vasya petrov]
	// вася@xn--80a1acny.xn--p1ai
	// true normalize: invalid e-mail address: space inside: "vasya petrov@mail.ru"
}
