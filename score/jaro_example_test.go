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

// A comparison that only needs to know whether two names reach a threshold gives the same
// answer with CompareAtLeast, which stops once the threshold is out of reach.
func ExampleJaroWinkler_CompareAtLeast() {
	jw := score.NewJaroWinkler()
	for _, p := range [][2]string{
		{"MARTHA", "MARHTA"},
		{"Иванович", "Петрович"},
	} {
		s := jw.CompareAtLeast(p[0], p[1], 0.88)
		fmt.Printf("%s / %s: at least 0.88: %v (%.3f)\n", p[0], p[1], s >= 0.88, jw.Compare(p[0], p[1]))
	}
	// Output:
	// MARTHA / MARHTA: at least 0.88: true (0.961)
	// Иванович / Петрович: at least 0.88: false (0.667)
}

func ExampleDamerau() {
	fmt.Println(score.LevenshteinDistance("Петров", "Петорв"), score.DamerauDistance("Петров", "Петорв"))
	fmt.Printf("%.3f\n", score.Damerau{}.Compare("Петров", "Петорв"))
	// Output:
	// 2 1
	// 0.833
}
