package match_test

import (
	"testing"

	"github.com/idmatch/idmatch/match"
	"github.com/stretchr/testify/require"
)

// TestDedupKeepsAnswers checks that the clustering keeps a reviewer's answers.
func TestDedupKeepsAnswers(t *testing.T) {
	recs := []match.Record{
		{ID: "a1", FirstName: "Иван", LastName: "Петров", BirthDate: "1980-01-01", Phones: []string{"+7 916 111-11-11"}, City: "Москва"},
		{ID: "a2", FirstName: "Иван", LastName: "Петров", BirthDate: "1980-01-01", Phones: []string{"+7 916 111-11-11"}, City: "Москва"},
		{ID: "b1", FirstName: "Мария", LastName: "Сидорова", BirthDate: "1991-05-17", Emails: []string{"m.sidorova@mail.ru"}, City: "Казань"},
		{ID: "c1", FirstName: "Olga", LastName: "Brown", BirthDate: "1970-12-30", City: "London"},
	}
	tests := []struct {
		name, reason string
		labels       []match.Label
		together     [][2]string
		apart        [][2]string
	}{
		{"no labels", "the model joins the two copies of one person and nothing else", nil,
			[][2]string{{"a1", "a2"}}, [][2]string{{"a1", "b1"}, {"b1", "c1"}}},
		{"different", "an answer of different people parts even an exact copy",
			[]match.Label{{A: "a2", B: "a1", Same: false}}, nil, [][2]string{{"a1", "a2"}}},
		{"same", "an answer of one person joins records the model keeps apart",
			[]match.Label{{A: "b1", B: "c1", Same: true}}, [][2]string{{"b1", "c1"}, {"a1", "a2"}}, [][2]string{{"a1", "b1"}}},
		{"contradiction", "a chain of 'same' answers does not join a pair answered different",
			[]match.Label{{A: "b1", B: "c1", Same: true}, {A: "c1", B: "a1", Same: true}, {A: "b1", B: "a1", Same: false}},
			[][2]string{{"b1", "c1"}}, [][2]string{{"a1", "b1"}, {"a1", "c1"}}},
		{"unknown records", "labels naming records that are not stored are ignored",
			[]match.Label{{A: "a1", B: "nobody", Same: false}, {A: "a1", B: "a1", Same: false}}, [][2]string{{"a1", "a2"}}, nil},
	}
	m := newMatcher(t, recs)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cl, err := m.Dedup(ctx, match.DedupOptions{Labels: tt.labels, KeepPairs: true})
			require.NoError(t, err)
			for _, p := range tt.together {
				if cl.ClusterOf[p[0]] != cl.ClusterOf[p[1]] {
					t.Errorf("%s: %s and %s apart (%v)", tt.reason, p[0], p[1], cl.Clusters)
				}
			}
			for _, p := range tt.apart {
				if cl.ClusterOf[p[0]] == cl.ClusterOf[p[1]] {
					t.Errorf("%s: %s and %s together (%v)", tt.reason, p[0], p[1], cl.Clusters)
				}
			}
			for _, p := range cl.Pairs {
				if p.A == "a1" && p.B == "a2" && p.Probability < 0.99 {
					t.Errorf("Pairs holds the model's probability, got %v for an exact copy", p.Probability)
				}
			}
		})
	}
}
