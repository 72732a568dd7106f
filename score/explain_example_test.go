package score_test

import (
	"fmt"

	"github.com/idmatch/idmatch/score"
)

func ExampleWeights_Explain() {
	m := &score.Model{
		Prior: 0.01,
		Fields: []score.Field{
			{Name: "surname", TermFrequency: true, Levels: []score.Level{
				{Name: "exact", M: 0.9, U: 0.01},
				{Name: "close", M: 0.08, U: 0.04},
				{Name: "different", M: 0.02, U: 0.95},
			}},
			{Name: "given", Levels: []score.Level{
				{Name: "exact", M: 0.85, U: 0.05},
				{Name: "different", M: 0.15, U: 0.95},
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
	// Same rare surname (frequency 0.0002), same given name, phone missing on one side. The
	// given name's frequency is ignored: its field does not use term frequency.
	e := w.Explain(score.Vector{0, 0, score.Missing}, []float64{0.0002, 0.05, 0})
	fmt.Print(e)
	fmt.Printf("surname adds %.2f bits, %.2f of them for its rarity\n", e.Fields[0].Bits, e.Fields[0].TFBits)
	// Output:
	// prior               -6.63
	// surname  exact     +12.14  (tf +5.64)
	// given    exact      +4.09
	// phone    missing    +0.00
	// weight              +9.59  p=0.9987
	// surname adds 12.14 bits, 5.64 of them for its rarity
}
