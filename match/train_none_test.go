package match_test

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/idmatch/idmatch/match"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestTrainLearnsNonePrior trains on contacts of which a known share are customers (each
// holds a customer's phone and name) and the rest strangers (names and phones no customer
// has): the none prior Train learns follows the share of strangers, unless WithNonePrior
// fixed it.
func TestTrainLearnsNonePrior(t *testing.T) {
	contacts := func(customers, strangers int) []match.Record {
		var qs []match.Record
		for i := range customers {
			qs = append(qs, match.Record{ID: fmt.Sprintf("q%d", i), FirstName: "Сергей", LastName: "Кузнецов",
				Phones: []string{fmt.Sprintf("+7 903 %03d-%02d-%02d", i, i%100, (i*7)%100)}})
		}
		given := []string{"Аркадий", "Тимофей", "Ярослав", "Всеволод", "Гордей"}
		surname := []string{"Белозёров", "Ширяев", "Лукин", "Горшков", "Мухин", "Рябов", "Ефремов", "Носков"}
		for i := range strangers {
			qs = append(qs, match.Record{ID: fmt.Sprintf("s%d", i), FirstName: given[i%len(given)], LastName: surname[i%len(surname)],
				Phones: []string{fmt.Sprintf("+7 985 %03d-%02d-%02d", i, (i*3)%100, (i*11)%100)}})
		}
		return qs
	}
	tests := []struct {
		name                 string
		reason               string
		opts                 []match.Option
		customers, strangers int
		// With 20 pseudo-contacts at ½: (strangers + 10) / (contacts + 20).
		want float64
	}{
		{"all customers", "contacts that all hold a customer's phone are seldom none", nil, 80, 0, 10.0 / 100},
		{"a quarter strangers", "the prior follows the share of contacts no customer fits", nil, 60, 20, 30.0 / 100},
		{"nearly all strangers", "contacts no customer fits are none", nil, 4, 76, 86.0 / 100},
		{"fixed", "WithNonePrior fixes the prior: Train keeps it", []match.Option{match.WithNonePrior(0.5)}, 80, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := crm(t, tt.opts...)
			rep, err := m.Train(ctx, match.TrainOptions{Queries: contacts(tt.customers, tt.strangers), Seed: 1})
			require.NoError(t, err)
			assert.InDelta(t, tt.want, rep.NonePrior, 0.02, tt.reason)
			// Match weighs "none of the customers" at the prior Train reports (or the
			// option's): a stranger's None is about the prior's odds against the customers'.
			res, err := m.Match(ctx, match.Record{FirstName: "Гордей", LastName: "Мухин", Phones: []string{"+7 985 999-99-99"}})
			require.NoError(t, err)
			assert.Greater(t, res.None, 0.9, "a stranger is none of the customers at any of these priors")

			// Saved and loaded, the matcher keeps whether the prior was fixed: training it
			// again learns the same prior, or keeps the fixed one.
			var buf bytes.Buffer
			require.NoError(t, m.Save(&buf))
			l, err := match.Load(&buf)
			require.NoError(t, err)
			again, err := l.Train(ctx, match.TrainOptions{Queries: contacts(tt.customers, tt.strangers), Seed: 1})
			require.NoError(t, err)
			assert.InDelta(t, rep.NonePrior, again.NonePrior, 0.02, "trained again after Load: %s", tt.reason)
		})
	}
}
