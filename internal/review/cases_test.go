package review

import (
	"context"
	"math"
	"testing"

	"github.com/idmatch/idmatch/match"
)

func TestDedupCasesGain(t *testing.T) {
	m, err := match.New()
	if err != nil {
		t.Fatal(err)
	}
	// a1, a2 and a3 are one person; b1 has only the name and city, a namesake as likely as
	// not; c1 is someone else.
	for _, r := range []match.Record{
		{ID: "a1", FirstName: "Иван", LastName: "Петров", BirthDate: "1980-01-01", Phones: []string{"+7 916 111-11-11"}, City: "Москва"},
		{ID: "a2", FirstName: "Иван", LastName: "Петров", BirthDate: "1980-01-01", Phones: []string{"+7 916 111-11-11"}, City: "Москва"},
		{ID: "a3", FirstName: "Иван", LastName: "Петров", BirthDate: "1980-01-01", Emails: []string{"ivan.petrov@mail.ru"}, City: "Москва"},
		{ID: "b1", FirstName: "Иван", LastName: "Петров", City: "Москва"},
		{ID: "c1", FirstName: "Мария", LastName: "Сидорова", BirthDate: "1991-05-17", City: "Казань"},
	} {
		if _, err := m.Add(r); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name, reason string
		labels       []match.Label
		// want is the gain of each case by its IDs, as a multiple of its probability (-1:
		// the gain is below 0.01, whatever the probability).
		want map[string]float64
	}{
		{"no answers", "b1 against the cluster of three: 'same' joins three pairs; the three hold each other: nothing to part", nil,
			map[string]float64{"a1-b1": 3, "a2-b1": 3, "a3-b1": 3, "a1-a2": -1, "a1-a3": -1, "a2-a3": -1}},
		{"kept apart", "b1 answered different from a1: no 'same' about b1 can join the clusters", []match.Label{{A: "b1", B: "a1", Same: false}},
			map[string]float64{"a2-b1": -1, "a3-b1": -1, "a1-a2": -1}},
		{"joined", "b1 answered the same as a1: the answer holds b1 with the others", []match.Label{{A: "a1", B: "b1", Same: true}},
			map[string]float64{"a2-b1": -1, "a3-b1": -1, "a1-a2": -1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cases, err := DedupCases(context.Background(), m, tt.labels)
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]Case{}
			for _, c := range cases {
				got[c.A+"-"+c.B] = c
				if c.Pattern == "" {
					t.Errorf("%s-%s: no pattern", c.A, c.B)
				}
			}
			for k, mult := range tt.want {
				c, ok := got[k]
				switch {
				case !ok:
					t.Errorf("%s: no case %s", tt.reason, k)
				case mult < 0 && c.Gain >= 0.01:
					t.Errorf("%s: %s gain %.3f, want about 0", tt.reason, k, c.Gain)
				case mult >= 0 && math.Abs(c.Gain-mult*c.Probability) > 1e-9:
					t.Errorf("%s: %s gain %.3f, want %v × %.3f", tt.reason, k, c.Gain, mult, c.Probability)
				}
			}
		})
	}
}
