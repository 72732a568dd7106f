package normalize_test

import (
	"fmt"

	"github.com/idmatch/idmatch/normalize"
)

func ExampleParseFullName() {
	for _, s := range []string{"Петров Василий Иванович", "PETROV Vasily", "В. И. Петрова"} {
		n, err := normalize.ParseFullName(s)
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Printf("given=%q middle=%q surname=%q gender=%s\n", n.Given, n.Middle, n.Surname, n.Gender)
	}
	_, err := normalize.ParseFullName("🙂")
	fmt.Println(err)
	// Output:
	// given="василий" middle="иванович" surname="петров" gender=male
	// given="vasily" middle="" surname="petrov" gender=male
	// given="в" middle="и" surname="петрова" gender=female
	// normalize: empty name
}

func ExampleSkeleton() {
	for _, s := range []string{"Василий", "Vasiliy", "Wassili", "Щербаков", "Scherbakov", "Jegorowitsch"} {
		fmt.Println(normalize.Skeleton(s))
	}
	fmt.Println(normalize.SurnameSkeleton("Чайковская"), normalize.SurnameSkeleton("Tchaikovsky"))
	// Output:
	// vasili
	// vasili
	// vasili
	// sherbakov
	// sherbakov
	// egorovich
	// chaikovski chaikovski
}

func ExampleGivenNameKeys() {
	fmt.Println(normalize.GivenNameKeys("Вася"), normalize.GivenNameKeys("Vasya"))
	fmt.Println(normalize.GivenNameKeys("Саша"))
	fmt.Println(normalize.GivenNameKeys("Bobby"))
	fmt.Println(normalize.GivenNameKeys("Зоригто"))
	// Output:
	// [vasili] [vasili]
	// [aleksandr aleksandra]
	// [robert]
	// [zorigto]
}

func ExampleCity() {
	for _, s := range []string{"г. Москва", "MSK", "Питер", "St. Petersburg", "Урюпинск"} {
		fmt.Println(normalize.City(s))
	}
	// Output:
	// moscow true
	// moscow true
	// saint-petersburg true
	// saint-petersburg true
	// урюпинск false
}

func ExampleProfile() {
	nicknames := normalize.New(normalize.FoldCase(), normalize.StripMarks(), normalize.Map(map[string]string{"вася": "василий"}))
	fmt.Println(nicknames.Key("ВАСЯ  Пётр!"))
	fmt.Println(normalize.PersonName.Key("Римский–Корсаков, Пeтp"))
	fmt.Println(normalize.PersonName.String("  Пётр\u200b   Ильич "))
	// Output:
	// василий петр
	// римский-корсаков петр
	// Пётр Ильич
}
