package match_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/idmatch/idmatch/match"
)

// levelOf returns the level name the pair (a, b) of stored records reaches on field.
func levelOf(t *testing.T, m *match.Matcher, a, b, field string) string {
	t.Helper()
	e, err := m.ExplainPair(a, b)
	require.NoError(t, err)
	for _, f := range e.Pair.Fields {
		if f.Field == field {
			return f.LevelName
		}
	}
	t.Fatalf("no field %q in the explanation", field)
	return ""
}

// TestSharedIdentifierLevels follows the household rule through pairs that share one
// identifier: whose agreement is a person's own, and whose is a household's.
func TestSharedIdentifierLevels(t *testing.T) {
	const household = "shared by a household"
	tests := []struct {
		name, field, want, why string
		recs                   []match.Record
	}{
		{"two known names spelt alike", "phone", household, "Мария and Марина are two names, not a typo",
			[]match.Record{
				{ID: "a", FullName: "Никифорова Марина Юрьевна", Phones: []string{"89613331377"}, City: "Сочи"},
				{ID: "b", FullName: "Никифорова Мария", Phones: []string{"+7 961 333-13-77"}, City: "Сочи"},
			}},
		{"a known name and a name of other letters", "phone", household, "Линда beside Ирина on one phone is a family",
			[]match.Record{
				{ID: "a", FirstName: "Linda", LastName: "Turner", Phones: []string{"+79967155359"}},
				{ID: "b", FirstName: "Ирина", LastName: "Turner", Phones: []string{"+79967155359"}},
			}},
		{"letters shuffled", "email", "shared", "oeL is Leo mistyped, not another person",
			[]match.Record{
				{ID: "a", FirstName: "Leo", LastName: "Bradley", Emails: []string{"leo.bradley54@green.net"}},
				{ID: "b", FirstName: "oeL", LastName: "Bradley", Emails: []string{"leo.bradley54@green.net"}},
			}},
		{"a name in the surname's box", "email", "shared", "a record without a surname says nothing of two people",
			[]match.Record{
				{ID: "a", FirstName: "Charlotte", Emails: []string{"charper@miller.biz"}},
				{ID: "b", FirstName: "Harper", LastName: "Charlotte", Emails: []string{"charper@miller.biz"}},
			}},
		{"one person's phone", "phone", "shared", "the same name on the same phone is one person",
			[]match.Record{
				{ID: "a", FullName: "Петров Иван Сергеевич", Phones: []string{"+7 916 123-45-67"}},
				{ID: "b", FullName: "Иван Петров", Phones: []string{"8 916 123 45 67"}},
			}},
		{"a family phone", "phone", household, "two more people of other names hold the number",
			[]match.Record{
				{ID: "a", FullName: "Петров Иван Сергеевич", Phones: []string{"+7 916 123-45-67"}, BirthDate: "1980-02-03"},
				{ID: "b", FullName: "Иван Петров", Phones: []string{"8 916 123 45 67"}, BirthDate: "03.02.1980"},
				{ID: "c", FullName: "Петрова Ольга Ивановна", Phones: []string{"+79161234567"}},
				{ID: "d", FullName: "Петров Сергей Иванович", Phones: []string{"+79161234567"}},
			}},
		{"a garbled name does not make a family", "email", "shared", "names the tables do not know are not counted as other people",
			[]match.Record{
				{ID: "a", FirstName: "Isaac", LastName: "James", Emails: []string{"isaac.james@smith.com"}},
				{ID: "b", FirstName: "Isaac", LastName: "James", Emails: []string{"isaac.james@smith.com"}},
				{ID: "c", FirstName: "Icsac", LastName: "James", Emails: []string{"isaac.james@smith.com"}},
				{ID: "d", FirstName: "Iaac", LastName: "James", Emails: []string{"isaac.james@smith.com"}},
			}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := newMatcher(t, tc.recs)
			assert.Equal(t, tc.want, levelOf(t, m, "a", "b", tc.field), tc.why)
		})
	}
}

// TestFamilyPhoneKeepsThePerson checks that a person's records on a phone the family holds
// too still make one cluster, on their names and birth date, while the relatives stay apart.
func TestFamilyPhoneKeepsThePerson(t *testing.T) {
	recs := []match.Record{
		{ID: "a", FullName: "Петров Иван Сергеевич", Phones: []string{"+7 916 123-45-67"}, BirthDate: "1980-02-03", City: "Москва"},
		{ID: "b", FullName: "Иван Петров", Phones: []string{"8 916 123 45 67"}, BirthDate: "03.02.1980", City: "Москва"},
		{ID: "c", FullName: "Петрова Ольга Ивановна", Phones: []string{"+79161234567"}, City: "Москва"},
		{ID: "d", FullName: "Петров Сергей Иванович", Phones: []string{"+79161234567"}, City: "Москва"},
		{ID: "e", FullName: "Петрова Мария Сергеевна", Phones: []string{"+79161234567"}, City: "Москва"},
	}
	cl := clusterOf(t, newMatcher(t, recs), false)
	clusterOfID := map[string]int{}
	for i, c := range cl.Clusters {
		for _, id := range c {
			clusterOfID[id] = i
		}
	}
	assert.Equal(t, clusterOfID["a"], clusterOfID["b"], "Иван's two records")
	for _, id := range []string{"c", "d", "e"} {
		assert.NotEqual(t, clusterOfID["a"], clusterOfID[id], "relative %s", id)
	}
	assert.Len(t, cl.Clusters, 4)
}
