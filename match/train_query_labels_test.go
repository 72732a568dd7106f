package match_test

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/idmatch/idmatch/match"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// crowdContacts are contacts of the crm's namesake crowd, each holding the phone of one of
// them: the ones a review of links asks about.
func crowdContacts(n int) []match.Record {
	var qs []match.Record
	for i := 0; i < n; i++ {
		qs = append(qs, match.Record{ID: fmt.Sprintf("q%d", i), FirstName: "Сергей", LastName: "Кузнецов",
			Phones: []string{fmt.Sprintf("+7 903 %03d-%02d-%02d", i, i%100, (i*7)%100)}})
	}
	return qs
}

func TestTrainWithQueryLabels(t *testing.T) {
	qs := crowdContacts(40)
	var labels []match.QueryLabel
	for i, q := range qs[:20] {
		q.ID = ""
		labels = append(labels, match.QueryLabel{Query: q, ID: fmt.Sprintf("crowd%03d", i), Same: true})
	}
	labels = append(labels, match.QueryLabel{Query: qs[20], ID: "crowd099", Same: false},
		match.QueryLabel{Query: qs[21], ID: "nobody", Same: true})
	probe := qs[30]
	probe.ID = ""
	tests := []struct {
		name, reason string
		labels       []match.QueryLabel
		check        func(t *testing.T, rep match.TrainReport)
	}{
		{"without", "no labels: the none prior the option fixes holds", nil, func(t *testing.T, rep match.TrainReport) {
			assert.Zero(t, rep.NonePrior)
			assert.Zero(t, rep.LabelledContacts)
		}},
		{"with", "contacts with a customer's phone are that customer: 'none of the customers' weighs less", labels,
			func(t *testing.T, rep match.TrainReport) {
				assert.Equal(t, 21, rep.LabelledContacts)
				assert.Equal(t, 20, rep.LabelledSame)
				assert.Len(t, rep.LabelErrors, 1, "the label naming a record that is not stored is reported")
				assert.Greater(t, rep.NonePrior, 0.0)
				assert.Less(t, rep.NonePrior, 0.5, "the answers say contacts are customers more often than the default ½ allows")
			}},
	}
	var none []float64
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// The option fixes the none prior, which only the answers then move (Train would
			// otherwise learn it from the contacts, see TestTrainLearnsNonePrior).
			m := crm(t, match.WithNonePrior(0.5))
			rep, err := m.Train(ctx, match.TrainOptions{Queries: qs, QueryLabels: tt.labels, Seed: 1})
			require.NoError(t, err)
			res, err := m.Match(ctx, probe)
			require.NoError(t, err)
			require.NotNil(t, res.Best)
			t.Logf("%s: none prior %v, confidence %.6f, none %.2g", tt.reason, rep.NonePrior, res.Confidence, res.None)
			tt.check(t, rep)
			none = append(none, res.None)

			// Saved and loaded, the matcher answers the same.
			var buf bytes.Buffer
			require.NoError(t, m.Save(&buf))
			l, err := match.Load(&buf)
			require.NoError(t, err)
			again, err := l.Match(ctx, probe)
			require.NoError(t, err)
			assert.InDelta(t, res.Confidence, again.Confidence, 1e-12, "a loaded matcher keeps the learnt none prior")

			// Training again without labels gives what training without them gave.
			if tt.labels != nil {
				_, err := m.Train(ctx, match.TrainOptions{Queries: qs, Seed: 1})
				require.NoError(t, err)
				res, err := m.Match(ctx, probe)
				require.NoError(t, err)
				assert.InDelta(t, none[0], res.None, none[0]/10, "labels leave nothing behind but the model EM starts from")
			}
		})
	}
	require.Len(t, none, 2)
	assert.Less(t, none[1], none[0], "for a contact like those answered, 'none of the customers' is less likely")
}
