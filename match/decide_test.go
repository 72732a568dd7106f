package match_test

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/idmatch/idmatch/match"
)

// decideBase holds two namesakes of one city, who tie for the contact, a namesake of
// another city and a customer of another name.
func decideBase(t *testing.T) (*match.Matcher, match.Result) {
	t.Helper()
	m, err := match.New()
	require.NoError(t, err)
	for _, r := range []match.Record{
		{ID: "cust-1", FullName: "Петров Василий Иванович", City: "Москва"},
		{ID: "cust-2", FullName: "Петров Василий Петрович", City: "Москва"},
		{ID: "cust-3", FullName: "Петров Василий", City: "Тула"},
		{ID: "cust-4", FullName: "Сидорова Анна", City: "Казань"},
	} {
		_, err := m.Add(r)
		require.NoError(t, err)
	}
	res, err := m.Match(context.Background(), match.Record{FullName: "Вася Петров", City: "Москва"})
	require.NoError(t, err)
	require.Equal(t, match.Ambiguous, res.Status)
	require.Len(t, res.Candidates, 3)
	return m, res
}

func TestDecide(t *testing.T) {
	same := func(id string) match.QueryLabel { return match.QueryLabel{ID: id, Same: true} }
	diff := func(id string) match.QueryLabel { return match.QueryLabel{ID: id, Same: false} }
	tests := []struct {
		name       string
		labels     []match.QueryLabel
		wantBest   string // "" for none
		wantStatus match.Status
		wantIDs    []string // the candidates left, in order
		unchanged  bool
	}{
		{name: "no answers", unchanged: true},
		{name: "an unknown customer is ignored", labels: []match.QueryLabel{same("cust-9"), diff("cust-8")}, unchanged: true},
		{name: "a customer that is no candidate answered different changes nothing", labels: []match.QueryLabel{diff("cust-4")}, unchanged: true},
		{name: "the same customer is the answer", labels: []match.QueryLabel{same("cust-2")},
			wantBest: "cust-2", wantStatus: match.Matched, wantIDs: []string{"cust-2", "cust-1", "cust-3"}},
		{name: "a customer Match did not weigh can be the answer", labels: []match.QueryLabel{same("cust-4")},
			wantBest: "cust-4", wantStatus: match.Matched, wantIDs: []string{"cust-4", "cust-1", "cust-2", "cust-3"}},
		{name: "one of two tied namesakes answered different leaves the other", labels: []match.QueryLabel{diff("cust-1")},
			wantBest: "cust-2", wantStatus: match.Review, wantIDs: []string{"cust-2", "cust-3"}},
		{name: "the last answer about a customer stands", labels: []match.QueryLabel{same("cust-1"), diff("cust-1")},
			wantBest: "cust-2", wantStatus: match.Review, wantIDs: []string{"cust-2", "cust-3"}},
		{name: "the last same answer wins", labels: []match.QueryLabel{same("cust-1"), same("cust-2")},
			wantBest: "cust-2", wantStatus: match.Matched, wantIDs: []string{"cust-2", "cust-1", "cust-3"}},
		{name: "a same answer withdrawn gives way to an earlier one", labels: []match.QueryLabel{same("cust-1"), same("cust-2"), diff("cust-2")},
			wantBest: "cust-1", wantStatus: match.Matched, wantIDs: []string{"cust-1", "cust-3"}},
		{name: "every candidate answered different is no match", labels: []match.QueryLabel{diff("cust-1"), diff("cust-2"), diff("cust-3")},
			wantStatus: match.NoMatch, wantIDs: []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, res := decideBase(t)
			before := append([]match.Candidate(nil), res.Candidates...)
			got := m.Decide(res, tt.labels)
			assert.Equal(t, before, res.Candidates, "res is not modified")
			if tt.unchanged {
				assert.Equal(t, res, got)
				return
			}
			assert.True(t, got.Decided)
			assert.Equal(t, tt.wantStatus, got.Status)
			ids := []string{}
			for _, c := range got.Candidates {
				ids = append(ids, c.ID)
			}
			assert.Equal(t, tt.wantIDs, ids)
			if tt.wantBest == "" {
				assert.Nil(t, got.Best)
				assert.Equal(t, 0.0, got.Confidence)
				assert.Equal(t, 1.0, got.None)
				return
			}
			require.NotNil(t, got.Best)
			assert.Equal(t, tt.wantBest, got.Best.ID)
			assert.Same(t, &got.Candidates[0], got.Best)
			// The hypotheses left share all the mass.
			total := got.None
			for _, c := range got.Candidates {
				total += c.Confidence
			}
			assert.InDelta(t, 1, total, 1e-9)
			if tt.wantStatus == match.Matched {
				assert.Equal(t, 1.0, got.Confidence)
				return
			}
			// Different answers spread the mass they held in proportion: the odds
			// between two hypotheses left stay.
			kept := map[string]float64{}
			for _, c := range res.Candidates {
				kept[c.ID] = c.Confidence
			}
			for _, c := range got.Candidates {
				assert.InDelta(t, kept[c.ID]/res.None, c.Confidence/got.None, 1e-9*kept[c.ID]/res.None, c.ID)
				assert.False(t, math.IsNaN(c.Confidence))
			}
		})
	}
}

// Whatever the answers, Decide leaves a result that holds together: Best first, no customer
// answered different among the candidates unless answered the same later, and the
// hypotheses sharing all the mass.
func TestDecideProperties(t *testing.T) {
	m, res := decideBase(t)
	ids := []string{"cust-1", "cust-2", "cust-3", "cust-4", "cust-9"}
	rng := rand.New(rand.NewPCG(3, 4))
	for range 500 {
		var labels []match.QueryLabel
		for range rng.IntN(5) {
			labels = append(labels, match.QueryLabel{ID: ids[rng.IntN(len(ids))], Same: rng.IntN(2) == 0})
		}
		got := m.Decide(res, labels)
		standing := map[string]bool{}
		for _, l := range labels {
			standing[l.ID] = l.Same
		}
		total := got.None
		for _, c := range got.Candidates {
			total += c.Confidence
			if s, ok := standing[c.ID]; ok && !s {
				t.Fatalf("%v: %s answered different is a candidate", labels, c.ID)
			}
		}
		require.InDelta(t, 1, total, 1e-9, "%v", labels)
		if got.Best != nil {
			require.Same(t, &got.Candidates[0], got.Best, "%v", labels)
			lastSame := ""
			for _, l := range labels {
				if standing[l.ID] && l.ID != "cust-9" { // cust-9 is not stored
					lastSame = l.ID
				}
			}
			if lastSame != "" {
				require.Equal(t, lastSame, got.Best.ID, "%v", labels)
				require.Equal(t, match.Matched, got.Status)
				require.Equal(t, 1.0, got.Confidence)
			}
		} else {
			require.Equal(t, match.NoMatch, got.Status)
		}
	}
}
