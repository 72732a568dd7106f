package score_test

import (
	"fmt"

	"github.com/idmatch/idmatch/score"
)

func ExampleLevels() {
	// Exact, close (Jaro-Winkler ≥ 0.92), somewhat close (≥ 0.8), different; empty is missing.
	surname, err := score.NewLevels(score.NewJaroWinkler(), 0.92, 0.8)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, p := range [][2]string{
		{"Петров", "Петров"},
		{"Петров", "Петрова"},
		{"Петров", "Петренко"},
		{"Петров", "Сидоров"},
		{"Петров", ""},
	} {
		fmt.Printf("%s / %s: level %d\n", p[0], p[1], surname.Level(p[0], p[1]))
	}
	fmt.Println("levels:", surname.Count(), "missing:", score.Missing)

	_, err = score.NewLevels(nil, 0.8, 0.9)
	fmt.Println(err)
	// Output:
	// Петров / Петров: level 0
	// Петров / Петрова: level 1
	// Петров / Петренко: level 2
	// Петров / Сидоров: level 3
	// Петров / : level 255
	// levels: 4 missing: 255
	// score: invalid comparison levels: threshold 1 (0.9) is not below threshold 0 (0.8)
}

func ExampleCompareDates() {
	full := score.Date{Year: 1985, Month: 3, Day: 2}
	fmt.Println(score.CompareDates(full, full))                                     // equal
	fmt.Println(score.CompareDates(full, score.Date{Year: 1985}))                   // one side partial
	fmt.Println(score.CompareDates(full, score.Date{Year: 1985, Month: 2, Day: 3})) // day and month swapped
	fmt.Println(score.CompareDates(full, score.Date{Year: 1958, Month: 3, Day: 2})) // one part off
	fmt.Println(score.CompareDates(full, score.Date{Year: 1990, Month: 7, Day: 2})) // different
	fmt.Println(score.CompareDates(full, score.Date{}) == score.Missing)
	// Output:
	// 0
	// 1
	// 2
	// 2
	// 3
	// true
}

func ExampleDigitLevel() {
	fmt.Println(score.DigitLevel("18518101", "18518101")) // equal
	fmt.Println(score.DigitLevel("18518101", "18518701")) // one digit mistyped
	fmt.Println(score.DigitLevel("19189087", "19180987")) // two digits transposed
	fmt.Println(score.DigitLevel("19189087", "1918908"))  // a digit lost
	// Output:
	// 0
	// 1
	// 1
	// 2
}

func ExampleTokenSet() {
	fmt.Println(score.TokenSet{}.Compare("ул Ленина 5", "Ленина ул 5 кв 3"))
	fmt.Println(score.TokenSort{Inner: score.Levenshtein{}}.Compare("Петров Василий", "Василий Петров"))
	// Output:
	// 1
	// 1
}
