package match_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/idmatch/idmatch/match"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var ctx = context.Background()

// crm is a small hand-made customer base: one Vasily Petrov with a phone and e-mail, his
// wife, an unrelated namesake crowd in Moscow, and a few others.
func crm(t testing.TB, opts ...match.Option) *match.Matcher {
	t.Helper()
	m, err := match.New(opts...)
	require.NoError(t, err)
	add := func(r match.Record) {
		_, err := m.Add(r)
		require.NoError(t, err, r.ID)
	}
	add(match.Record{ID: "c1", Source: "crm", FullName: "Петров Василий Иванович", Phones: []string{"+7 916 123-45-67"},
		Emails: []string{"vasya.petrov@gmail.com"}, City: "Москва", BirthDate: "03.02.1980"})
	add(match.Record{ID: "c2", Source: "crm", FullName: "Петрова Мария Сергеевна", Phones: []string{"+7 916 765-43-21"},
		City: "Москва", BirthDate: "11.07.1982"})
	add(match.Record{ID: "c3", Source: "crm", FirstName: "Юлия", LastName: "Щербакова", Phones: []string{"+7 921 555-01-02"},
		City: "Санкт-Петербург", BirthDate: "1990-05-17"})
	add(match.Record{ID: "c4", Source: "crm", FirstName: "Robert", LastName: "Smith", Emails: []string{"bob.smith@example.com"},
		City: "London", BirthDate: "1975-09-30"})
	for i := 0; i < 200; i++ {
		add(match.Record{ID: fmt.Sprintf("crowd%03d", i), Source: "crm", FirstName: "Сергей", LastName: "Кузнецов",
			City: "Москва", Phones: []string{fmt.Sprintf("+7 903 %03d-%02d-%02d", i, i%100, (i*7)%100)},
			BirthDate: fmt.Sprintf("%02d.%02d.%d", 1+i%28, 1+i%12, 1950+i%50)})
	}
	return m
}

func TestMatchAcrossChannels(t *testing.T) {
	m := crm(t)
	tests := []struct {
		name   string
		in     match.Record
		want   string
		reason string
	}{
		{"vk diminutive", match.Record{Source: "vk", FullName: "Вася Петров", City: "Moscow", BirthDate: "03.02", Phones: []string{"89161234567"}},
			"c1", "diminutive, Latin city, date without year and the phone in another format"},
		{"email signature", match.Record{Source: "email", FullName: "Vasiliy Petrov", Emails: []string{"Vasya.Petrov+shop@googlemail.com"}},
			"c1", "Latin name and a gmail alias of the same mailbox"},
		{"call", match.Record{Source: "call", Phones: []string{"8 (916) 123-45-67"}, FirstName: "Василий"},
			"c1", "a phone with a first name"},
		{"web form swapped", match.Record{Source: "web", FirstName: "Петров", LastName: "Василий", MiddleName: "Иванович",
			Phones: []string{"916 123 45 67"}}, "c1", "surname typed into the first-name box"},
		{"translit scheme", match.Record{Source: "facebook", FirstName: "Iuliia", LastName: "Shcherbakova", City: "St. Petersburg",
			Phones: []string{"+79215550102"}}, "c3", "passport transliteration"},
		{"english nickname", match.Record{Source: "email", FullName: "Bob Smith", Emails: []string{"bob.smith@example.com"}},
			"c4", "nickname and the same e-mail"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, err := m.Match(ctx, tc.in)
			require.NoError(t, err)
			require.NotNil(t, res.Best, tc.reason)
			assert.Equal(t, tc.want, res.Best.ID, tc.reason)
			assert.Equal(t, match.Matched, res.Status, "%s: confidence %.4f", tc.reason, res.Confidence)
			assert.Greater(t, res.Confidence, 0.9, tc.reason)
		})
	}
}

func TestPhoneGivesHighConfidence(t *testing.T) {
	m := crm(t)
	res, err := m.Match(ctx, match.Record{FullName: "Сергей Кузнецов", City: "Москва", Phones: []string{"+7 903 017-17-19"}})
	require.NoError(t, err)
	require.NotNil(t, res.Best)
	assert.Equal(t, "crowd017", res.Best.ID)
	assert.Greater(t, res.Confidence, 0.99)
	assert.Equal(t, match.Matched, res.Status)
}

func TestNamesakeCrowdIsAmbiguous(t *testing.T) {
	m := crm(t)
	res, err := m.Match(ctx, match.Record{Source: "vk", FullName: "Серёжа Кузнецов", City: "Москва"})
	require.NoError(t, err)
	require.NotNil(t, res.Best)
	assert.Equal(t, match.Ambiguous, res.Status, "confidence %.4f, none %.4f", res.Confidence, res.None)
	assert.Less(t, res.Confidence, 0.02, "200 equal candidates share the posterior")
	assert.GreaterOrEqual(t, res.Considered, 200)
}

func TestStrangerIsNoMatch(t *testing.T) {
	m := crm(t)
	res, err := m.Match(ctx, match.Record{FullName: "Анна Загоруйко-Зеленская", City: "Казань", Phones: []string{"+7 843 200-00-00"}})
	require.NoError(t, err)
	assert.Equal(t, match.NoMatch, res.Status)
	assert.Less(t, res.Confidence, 0.5)
}

func TestGenderedSurnameAndPatronymic(t *testing.T) {
	m := crm(t)
	// The wife shares the surname in its feminine form, the city and nothing else: she must
	// not be taken for her husband, and a record of hers matches her.
	res, err := m.Match(ctx, match.Record{FirstName: "Мария", LastName: "Петрова", MiddleName: "Сергеевна", City: "Москва", BirthDate: "11.07.1982"})
	require.NoError(t, err)
	require.NotNil(t, res.Best)
	assert.Equal(t, "c2", res.Best.ID)
	assert.Equal(t, match.Matched, res.Status)

	exp, err := m.Explain(ctx, match.Record{FullName: "Петрова Василиса Ивановна", City: "Москва"}, "c1")
	require.NoError(t, err)
	var gender float64
	for _, f := range exp.Pair.Fields {
		if f.Field == "gender" {
			gender = f.Bits
		}
	}
	assert.Less(t, gender, 0.0, "a woman's record disagrees with a man's on gender:\n%s", exp)
}

func TestProblemsAreReportedNotFatal(t *testing.T) {
	m, err := match.New()
	require.NoError(t, err)
	probs, err := m.Add(match.Record{ID: "x", FullName: "Иван Иванов", Phones: []string{"not a phone"}, Emails: []string{"no-domain@"},
		BirthDate: "31.02.1980"})
	require.NoError(t, err)
	var fields []string
	for _, p := range probs {
		fields = append(fields, p.Field)
		assert.Error(t, p.Err)
	}
	assert.ElementsMatch(t, []string{"phone", "email", "birth_date"}, fields)
	assert.Equal(t, 1, m.Len())

	_, err = m.Add(match.Record{ID: "y", Phones: []string{"garbage"}})
	assert.ErrorIs(t, err, match.ErrEmptyRecord)
	_, err = m.Add(match.Record{FullName: "Иван Иванов"})
	assert.ErrorIs(t, err, match.ErrNoID)
	_, err = m.Add(match.Record{ID: "x", FullName: "Иван Иванов"})
	assert.ErrorIs(t, err, match.ErrDuplicateID)
}

func TestCallerRecordIsNotModified(t *testing.T) {
	m, err := match.New()
	require.NoError(t, err)
	r := match.Record{ID: "a", FullName: "  ПЕТРОВ Василий ", Phones: []string{"8 916 123 45 67"}, Emails: []string{"A.B@Gmail.com"},
		Extra: map[string]string{"postcode": " 101000 "}}
	_, err = m.Add(r)
	require.NoError(t, err)
	assert.Equal(t, "  ПЕТРОВ Василий ", r.FullName)
	assert.Equal(t, []string{"8 916 123 45 67"}, r.Phones)
	assert.Equal(t, []string{"A.B@Gmail.com"}, r.Emails)
	assert.Equal(t, " 101000 ", r.Extra["postcode"])
}

func TestUpsertAndRemove(t *testing.T) {
	m := crm(t)
	q := match.Record{FullName: "Роберт Смит", Emails: []string{"robert@smith.org"}}
	before, err := m.Match(ctx, q)
	require.NoError(t, err)
	require.NotNil(t, before.Best, "the name alone finds him")
	assert.Equal(t, "c4", before.Best.ID)

	_, err = m.Upsert(match.Record{ID: "c4", FirstName: "Robert", LastName: "Smith", Emails: []string{"robert@smith.org"}})
	require.NoError(t, err)
	res, err := m.Match(ctx, q)
	require.NoError(t, err)
	require.NotNil(t, res.Best)
	assert.Equal(t, "c4", res.Best.ID)
	assert.Greater(t, res.Best.Weight, before.Best.Weight+5, "the new e-mail is strong evidence")

	require.NoError(t, m.Remove("c4"))
	res, err = m.Match(ctx, q)
	require.NoError(t, err)
	if res.Best != nil {
		assert.NotEqual(t, "c4", res.Best.ID)
	}
	assert.ErrorIs(t, m.Remove("c4"), match.ErrNotFound)
}

func TestExtraFields(t *testing.T) {
	m, err := match.New(match.WithField("postcode", match.Exact), match.WithField("address", match.Text))
	require.NoError(t, err)
	for i, pc := range []string{"4011", "4012", "4013"} {
		_, err := m.Add(match.Record{ID: fmt.Sprint(i), FirstName: "John", LastName: "Waller",
			Extra: map[string]string{"postcode": pc, "address": fmt.Sprintf("%d tullaroop street", 6+i)}})
		require.NoError(t, err)
	}
	res, err := m.Match(ctx, match.Record{FirstName: "Jon", LastName: "Waller", Extra: map[string]string{"postcode": "4012", "address": "7 tullaroop st"}})
	require.NoError(t, err)
	require.NotNil(t, res.Best)
	assert.Equal(t, "1", res.Best.ID)

	_, err = match.New(match.WithField("x", match.Exact), match.WithField("x", match.Text))
	assert.ErrorIs(t, err, match.ErrOption)
}

func TestDedupKeepsCrowdApart(t *testing.T) {
	m := crm(t)
	_, err := m.Add(match.Record{ID: "d1", FullName: "Вася Петров", Phones: []string{"89161234567"}, City: "Москва"})
	require.NoError(t, err)
	// A record with only the crowd's name must not chain the crowd into one cluster.
	_, err = m.Add(match.Record{ID: "d2", FullName: "Сергей Кузнецов", City: "Москва"})
	require.NoError(t, err)
	cl, err := m.Dedup(ctx, match.DedupOptions{KeepPairs: true})
	require.NoError(t, err)
	assert.Equal(t, cl.ClusterOf["c1"], cl.ClusterOf["d1"], "the same person")
	assert.NotEqual(t, cl.ClusterOf["c1"], cl.ClusterOf["c2"], "husband and wife")
	for i, c := range cl.Clusters {
		assert.LessOrEqual(t, len(c), 2, "cluster %d chains unrelated people: %v", i, c)
	}
	n := 0
	for _, c := range cl.Clusters {
		n += len(c)
	}
	assert.Equal(t, m.Len(), n, "every record in exactly one cluster")
}

func TestSaveLoadRoundTrip(t *testing.T) {
	m := crm(t, match.WithField("postcode", match.Exact))
	var buf bytes.Buffer
	require.NoError(t, m.Save(&buf))
	saved := buf.Bytes()
	m2, err := match.Load(bytes.NewReader(saved))
	require.NoError(t, err)
	assert.Equal(t, m.Len(), m2.Len())
	q := match.Record{FullName: "Вася Петров", Phones: []string{"89161234567"}}
	r1, err := m.Match(ctx, q)
	require.NoError(t, err)
	r2, err := m2.Match(ctx, q)
	require.NoError(t, err)
	assert.Equal(t, r1.Best.ID, r2.Best.ID)
	assert.InDelta(t, r1.Confidence, r2.Confidence, 1e-12)

	for _, cut := range []int{0, 5, 9, len(saved) / 2, len(saved) - 1} {
		_, err := match.Load(bytes.NewReader(saved[:cut]))
		assert.ErrorIs(t, err, match.ErrCorrupt, "truncated at %d", cut)
	}
	bad := append([]byte(nil), saved...)
	bad[8] = 99
	_, err = match.Load(bytes.NewReader(bad))
	assert.ErrorIs(t, err, match.ErrVersion)
}

func TestConcurrentMatchWhileAdding(t *testing.T) {
	m := crm(t)
	var wg sync.WaitGroup
	wg.Add(3)
	go func() {
		defer wg.Done()
		for i := 0; i < 200; i++ {
			_, err := m.Add(match.Record{ID: fmt.Sprintf("new%d", i), FirstName: "Олег", LastName: "Сидоров", City: "Тверь"})
			assert.NoError(t, err)
		}
	}()
	for g := 0; g < 2; g++ {
		go func() {
			defer wg.Done()
			for i := 0; i < 100; i++ {
				res, err := m.Match(ctx, match.Record{FullName: "Вася Петров", Phones: []string{"89161234567"}})
				assert.NoError(t, err)
				if assert.NotNil(t, res.Best) {
					assert.Equal(t, "c1", res.Best.ID)
				}
			}
		}()
	}
	wg.Wait()
	assert.Equal(t, 404, m.Len(), "204 customers and 200 new records")
	batch := m.MatchBatch(ctx, []match.Record{{FullName: "Вася Петров", Phones: []string{"89161234567"}}, {}})
	require.Len(t, batch, 2)
	assert.NoError(t, batch[0].Err)
	assert.ErrorIs(t, batch[1].Err, match.ErrEmptyRecord)
}

func TestOptionsAreValidated(t *testing.T) {
	for _, o := range []match.Option{match.WithThresholds(0.9, 0.5), match.WithRegion("Russia"), match.WithNonePrior(1),
		match.WithTopK(0), match.WithWorkers(0), match.WithField("", match.Exact)} {
		_, err := match.New(o)
		assert.True(t, errors.Is(err, match.ErrOption), "%v", err)
	}
}

func TestAddBatch(t *testing.T) {
	m, err := match.New(match.WithWorkers(3))
	require.NoError(t, err)
	rs := []match.Record{
		{ID: "a", FullName: "Иван Иванов", Phones: []string{"+7 916 000-00-01"}},
		{ID: "b", FullName: "Пётр Петров", Phones: []string{"garbage"}, City: "Тула"},
		{ID: "c"},
		{FullName: "Без Номера"},
		{ID: "a", FullName: "Иван Иванов"},
		{ID: "d", FirstName: "Anna", LastName: "Smith"},
	}
	out := m.AddBatch(rs)
	require.Len(t, out, len(rs))
	assert.NoError(t, out[0].Err)
	assert.NoError(t, out[1].Err)
	require.Len(t, out[1].Problems, 1, "the bad phone is reported, the record kept")
	assert.Equal(t, "phone", out[1].Problems[0].Field)
	assert.ErrorIs(t, out[2].Err, match.ErrEmptyRecord)
	assert.ErrorIs(t, out[3].Err, match.ErrNoID)
	assert.ErrorIs(t, out[4].Err, match.ErrDuplicateID)
	assert.NoError(t, out[5].Err)
	assert.Equal(t, 3, m.Len())
}

func TestForeignNumberWithoutPlus(t *testing.T) {
	m, err := match.New()
	require.NoError(t, err)
	probs, err := m.Add(match.Record{ID: "c", FirstName: "Mary", LastName: "Walker", Phones: []string{"14161073663"}})
	require.NoError(t, err)
	assert.Empty(t, probs, "a Canadian number kept without its +")
	res, err := m.Match(ctx, match.Record{FullName: "Mary W.", Phones: []string{"+1 416 107-36-63"}})
	require.NoError(t, err)
	require.NotNil(t, res.Best)
	assert.Equal(t, "c", res.Best.ID)
	assert.Equal(t, match.Matched, res.Status, "confidence %.3f", res.Confidence)
}

func TestSameMailboxOnAnotherDomain(t *testing.T) {
	m, err := match.New()
	require.NoError(t, err)
	_, err = m.Add(match.Record{ID: "c", FullName: "Иван Петров", Emails: []string{"ivan.petrov77@mail.ru"}})
	require.NoError(t, err)
	for _, other := range []string{"ivan.petrov77@inbox.ru", "ivan.petrov77@bk.ru"} {
		e, err := m.Explain(ctx, match.Record{FullName: "Иван Петров", Emails: []string{other}}, "c")
		require.NoError(t, err)
		for _, f := range e.Pair.Fields {
			if f.Field == "email" {
				assert.Equal(t, "same local part", f.LevelName, other)
			}
		}
	}
	ids, err := m.Candidates(ctx, match.Record{Emails: []string{"ivan-petrov77@yandex.ru"}})
	require.NoError(t, err)
	assert.Equal(t, []string{"c"}, ids, "the mailbox name is a blocking key across providers")
	e, err := m.Explain(ctx, match.Record{FullName: "Иван Петров", Emails: []string{"ivan.petrov78@mail.ru"}}, "c")
	require.NoError(t, err)
	for _, f := range e.Pair.Fields {
		if f.Field == "email" {
			assert.Equal(t, "else", f.LevelName)
		}
	}
}
