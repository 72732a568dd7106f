package score_test

import (
	"fmt"

	"github.com/idmatch/idmatch/score"
)

func ExampleModel_TrainEM() {
	// The structure of the model: fields and levels. The probabilities are left for EM.
	two := func() []score.Level { return []score.Level{{Name: "exact"}, {Name: "different"}} }
	m := &score.Model{Fields: []score.Field{
		{Name: "name", Levels: two()},
		{Name: "dob", Levels: two()},
		{Name: "city", Levels: two()},
	}}

	// Comparison vectors of 100,000 unlabelled candidate pairs, counted by pattern.
	p := score.NewPatterns(3)
	for _, c := range []struct {
		v score.Vector
		n uint64
	}{
		{score.Vector{0, 0, 0}, 6894}, {score.Vector{0, 0, 1}, 1836},
		{score.Vector{0, 1, 0}, 3006}, {score.Vector{0, 1, 1}, 6264},
		{score.Vector{1, 0, 0}, 1246}, {score.Vector{1, 0, 1}, 1324},
		{score.Vector{1, 1, 0}, 23854}, {score.Vector{1, 1, 1}, 55576},
	} {
		p.AddN(c.v, c.n)
	}

	rep, err := m.TrainEM(p, score.EMOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("converged:", rep.Converged)
	fmt.Printf("prior %.2f\n", m.Prior)
	for _, f := range m.Fields {
		fmt.Printf("%-4s exact m=%.2f u=%.2f\n", f.Name, f.Levels[0].M, f.Levels[0].U)
	}
	// Output:
	// converged: true
	// prior 0.10
	// name exact m=0.90 u=0.10
	// dob  exact m=0.95 u=0.02
	// city exact m=0.80 u=0.30
}
