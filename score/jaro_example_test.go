package score_test

import (
	"fmt"

	"github.com/idmatch/idmatch/score"
)

func ExampleJaroWinkler() {
	jw := score.NewJaroWinkler()
	for _, p := range [][2]string{
		{"MARTHA", "MARHTA"},
		{"DIXON", "DICKSONX"},
		{"Петров", "Петрова"},
		{"Петров", "Сидоров"},
	} {
		fmt.Printf("%s / %s: %.3f\n", p[0], p[1], jw.Compare(p[0], p[1]))
	}
	// Output:
	// MARTHA / MARHTA: 0.961
	// DIXON / DICKSONX: 0.813
	// Петров / Петрова: 0.971
	// Петров / Сидоров: 0.532
}

func ExampleDamerau() {
	fmt.Println(score.LevenshteinDistance("Петров", "Петорв"), score.DamerauDistance("Петров", "Петорв"))
	fmt.Printf("%.3f\n", score.Damerau{}.Compare("Петров", "Петорв"))
	// Output:
	// 2 1
	// 0.833
}
