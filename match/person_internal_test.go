package match

import (
	"bytes"
	"fmt"
	"math"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/idmatch/idmatch/score"
)

func TestLetterOverlap(t *testing.T) {
	tests := []struct {
		a, b string
		want float64
	}{
		{"leo", "oel", 1},
		{"sofia", "fosia", 1},
		{"charlie", "cahlrae", 12.0 / 14},
		{"irina", "linda", 0.6},
		{"maria", "karen", 0.4},
		{"", "", 1},
		{"anna", "", 0},
	}
	for _, tc := range tests {
		assert.InDelta(t, tc.want, letterOverlap(tc.a, tc.b), 1e-9, "%q %q", tc.a, tc.b)
		assert.InDelta(t, tc.want, letterOverlap(tc.b, tc.a), 1e-9, "symmetric: %q %q", tc.b, tc.a)
	}
}

func TestNamesakeShare(t *testing.T) {
	tests := []struct {
		name       string
		others     float64
		records    int64
		dups, want float64
	}{
		{"no duplicates expected", 4, 1000, 0, 0.004},
		{"a person entered five times is no crowd", 4, 1000, 4, 0},
		{"a crowd beside the person's duplicates", 10, 1000, 2.5, 0.0075},
		{"no other holder", 0, 1000, 0, 0},
		{"no records", 3, 0, 0, 0},
	}
	for _, tc := range tests {
		assert.InDelta(t, tc.want, namesakeShare(tc.others, tc.records, tc.dups), 1e-12, tc.name)
	}
}

func TestSmoothedOthers(t *testing.T) {
	// Without duplicates it is score.TermFrequencies.Smoothed.
	var tf score.TermFrequencies
	for _, v := range []string{"ivan", "ivan", "ivan", "olga"} {
		tf.Add(v)
	}
	assert.InDelta(t, tf.Smoothed("ivan", 0.01), smoothedOthers(3, 4, 0, 0.01), 1e-12)
	// A value held only by the expected duplicates of one person is as rare as a value
	// held once; the count never goes below zero.
	assert.InDelta(t, smoothedOthers(1, 4, 0, 0.01), smoothedOthers(3, 4, 2, 0.01), 1e-12)
	assert.InDelta(t, smoothedOthers(0, 4, 0, 0.01), smoothedOthers(1, 4, 5, 0.01), 1e-12)
	assert.Zero(t, smoothedOthers(3, 4, 0, 0))
}

func TestKeepGraded(t *testing.T) {
	m, err := New()
	require.NoError(t, err)
	mod := m.Model()
	gi := m.schema.byName["given_name"]
	lv := mod.Fields[gi].Levels
	// As EM on namesakes once left it: a close spelling worth more than the exact name.
	lv[0].M, lv[0].U = 0.80, 0.01
	lv[1].M, lv[1].U = 0.10, 0.0001
	lv[2].M, lv[2].U = 0.05, 0.04
	last := len(lv) - 1
	lv[last].U = 1
	for _, l := range lv[:last] {
		lv[last].U -= l.U
	}
	before := slices.Clone(lv)
	m.keepGraded(mod)
	w := func(l score.Level) float64 { return math.Log2(l.M / l.U) }
	assert.InDelta(t, w(lv[0]), w(lv[1]), 1e-9, "the close spelling weighs as much as the exact name, no more")
	assert.Equal(t, before[2], lv[2], "a level already weaker is left alone")
	assert.Equal(t, before[3], lv[3], "levels past the graded ones are left alone")
	assert.Equal(t, before[0], lv[0])
	uSum := 0.0
	for _, l := range lv {
		uSum += l.U
	}
	assert.InDelta(t, 1, uSum, 1e-9, "u still sums to 1: the last level gave what level 1 took")
	assert.InDelta(t, before[last].U-(lv[1].U-before[1].U), lv[last].U, 1e-12)
}

func TestGradedValidation(t *testing.T) {
	f := City()
	f.Name, f.Graded = "town", len(f.Levels)
	_, err := New(WithCustomField(f))
	require.Error(t, err)
	assert.ErrorIs(t, err, ErrOption)
	assert.Contains(t, err.Error(), "graded levels")
}

func TestOwnDuplicatesStayAsTheBaseGrows(t *testing.T) {
	m, err := New()
	require.NoError(t, err)
	assert.Equal(t, m.cfg.dupRate, m.ownDuplicates(), "before training, the duplicate rate")
	var recs []Record
	for i := range 60 {
		r := Record{ID: fmt.Sprintf("a%d", i), FirstName: []string{"Иван", "Ольга", "Пётр"}[i%3],
			LastName: fmt.Sprintf("Фамилия%c", 'А'+rune(i/2)), Phones: []string{fmt.Sprintf("+7916%07d", i/2)},
			BirthDate: fmt.Sprintf("19%02d-01-%02d", 50+i/2, 1+i%28)}
		recs = append(recs, r)
	}
	for _, r := range recs {
		_, err := m.Add(r)
		require.NoError(t, err)
	}
	rep, err := m.Train(t.Context(), TrainOptions{})
	require.NoError(t, err)
	want := rep.PairPrior * float64(len(recs)-1)
	assert.InDelta(t, want, m.ownDuplicates(), 1e-12, "the prior times the other records it was learnt on")
	for i := range 40 {
		_, err := m.Add(Record{ID: fmt.Sprintf("b%d", i), FirstName: "Анна", LastName: fmt.Sprintf("Другая%d", i)})
		require.NoError(t, err)
	}
	assert.InDelta(t, want, m.ownDuplicates(), 1e-12, "a larger base does not change it")

	var buf bytes.Buffer
	require.NoError(t, m.Save(&buf))
	l, err := Load(&buf)
	require.NoError(t, err)
	assert.InDelta(t, want, l.ownDuplicates(), 1e-12, "kept by Save")
}
