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

func ExampleDateDistance() {
	d := score.DateDistance{MaxDays: 365}
	fmt.Printf("%.3f\n", d.Compare("1985-03-02", "1985-03-12")) // ten days apart
	fmt.Printf("%.3f\n", d.Compare("1985-03-02", "1985-02-03")) // day and month swapped
	fmt.Printf("%.3f\n", d.Compare("1985", "1985-03-02"))       // agree on the year
	fmt.Printf("%.3f\n", d.Compare("--03-02", "1985-03-02"))    // agree on day and month
	fmt.Printf("%.3f\n", d.Compare("02.03.1985", "1985-03-02")) // not ISO: compared as text
	// Output:
	// 0.973
	// 0.926
	// 1.000
	// 1.000
	// 0.000
}

func ExampleTokenSet() {
	fmt.Println(score.TokenSet{}.Compare("ул Ленина 5", "Ленина ул 5 кв 3"))
	fmt.Println(score.TokenSort{Inner: score.Levenshtein{}}.Compare("Петров Василий", "Василий Петров"))
	// Output:
	// 1
	// 1
}
