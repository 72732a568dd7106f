package score_test

import (
	"fmt"

	"github.com/idmatch/idmatch/score"
)

func ExampleWeights_Weight() {
	m := &score.Model{
		Prior: 0.01, // one candidate pair in a hundred is a match
		Fields: []score.Field{
			{Name: "surname", TermFrequency: true, Levels: []score.Level{
				{Name: "exact", M: 0.9, U: 0.01},
				{Name: "close", M: 0.08, U: 0.04},
				{Name: "different", M: 0.02, U: 0.95},
			}},
			{Name: "phone", Levels: []score.Level{
				{Name: "exact", M: 0.8, U: 0.0001},
				{Name: "different", M: 0.2, U: 0.9999},
			}},
		},
	}
	w, err := m.Compile()
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, v := range []score.Vector{
		{0, 0},             // same surname, same phone
		{0, score.Missing}, // same surname, no phone on one side
		{1, 1},             // similar surname, different phone
	} {
		weight := w.Weight(v)
		fmt.Printf("%v: %+6.2f bits, p=%.4f\n", v, weight, score.Probability(weight))
	}
	// Agreement on a rare surname (1 record in 10,000) weighs more than on a common one (1 in 50).
	fmt.Printf("rare surname:   %+6.2f bits\n", w.WeightTF(score.Vector{0, score.Missing}, []float64{0.0001}))
	fmt.Printf("common surname: %+6.2f bits\n", w.WeightTF(score.Vector{0, score.Missing}, []float64{0.02}))
	// Output:
	// [0 0]: +12.83 bits, p=0.9999
	// [0 255]:  -0.14 bits, p=0.4762
	// [1 1]:  -7.95 bits, p=0.0040
	// rare surname:    +6.51 bits
	// common surname:  -1.14 bits
}
