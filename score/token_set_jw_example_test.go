package score_test

import (
	"fmt"

	"github.com/idmatch/idmatch/score"
)

func ExampleTokenSetJaroWinkler() {
	c := score.TokenSetJaroWinkler{JaroWinkler: score.NewJaroWinkler()}
	// Split each value once, when it is prepared; compare the tokens as often as needed.
	a := score.SortedTokens(nil, "12 pinkerton circuit")
	b := score.SortedTokens(nil, "12 pinkerton circiut")
	fmt.Println(a, b)
	fmt.Printf("%.3f\n", c.CompareTokens(a, b))
	fmt.Printf("%.3f\n", c.CompareTokens(score.SortedTokens(nil, "circuit 12 pinkerton"), a))
	// The same as TokenSet with Jaro-Winkler on the strings.
	fmt.Printf("%.3f\n", score.TokenSet{Inner: score.NewJaroWinkler()}.Compare("12 pinkerton circuit", "12 pinkerton circiut"))
	// Output:
	// [12 circuit pinkerton] [12 circiut pinkerton]
	// 0.990
	// 1.000
	// 0.990
}
