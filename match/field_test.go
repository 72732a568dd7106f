package match

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/idmatch/idmatch/block"
	"github.com/idmatch/idmatch/normalize"
	"github.com/idmatch/idmatch/score"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// levelOf prepares two raw values of an extra field of kind and returns their level both
// ways round.
func levelOf(t *testing.T, kind FieldKind, a, b string) (uint8, uint8) {
	t.Helper()
	m, err := New(WithField("x", kind))
	require.NoError(t, err)
	i := m.schema.byName["x"]
	prep := func(v string) *features {
		f, _, _ := m.schema.prepare(&Record{ID: "r", Extra: map[string]string{"x": v}, City: "Москва"}, "RU")
		require.NotNil(t, f)
		return f
	}
	fa, fb := prep(a), prep(b)
	sc := m.schema.newScratch()
	m.compare(fa, fb, sc)
	ab := sc.vec[i]
	m.compare(fb, fa, sc)
	return ab, sc.vec[i]
}

func TestExtraFieldLevels(t *testing.T) {
	tests := []struct {
		name, reason string
		kind         FieldKind
		a, b         string
		want         uint8
	}{
		{"exact equal", "same code", Exact, "4011", "4011", 0},
		{"exact differ", "one digit differs", Exact, "4011", "4012", 1},
		{"exact missing", "an empty value neither agrees nor disagrees", Exact, "", "4012", score.Missing},
		{"exact spaces", "a passport written with and without its space is one passport", Exact, "4510 123456", "4510123456", 0},
		{"exact case and dashes", "codes ignore case, dashes, dots and slashes", Exact, "ab-12/3.4", "AB1234", 0},
		{"text equal", "same address", Text, "tullaroop street", "tullaroop street", 0},
		{"text reordered", "token order does not matter", Text, "street tullaroop", "tullaroop street", 1},
		{"text else", "different streets", Text, "castleton crescent", "maltby circuit", 3},
		{"name close", "one letter more", Name, "kuznetsov", "kuznetsova", 1},
		{"name else", "different names", Name, "petrov", "smith", 3},
		{"number equal", "same number", Number, "100", "100", 0},
		{"number within 1%", "close numbers", Number, "100", "100,5", 1},
		{"number far", "far numbers", Number, "100", "120", 2},
		{"date equal", "two formats of one date", Date, "03.02.1980", "1980-02-03", 0},
		{"date without year", "a partial date agrees with the full one", Date, "03.02", "1980-02-03", 1},
		{"date damaged", "a mistyped month keeps its digits, one edit away", Date, "1980-92-03", "1980-02-03", 3},
		{"date missing", "an empty value", Date, "1980-02-03", "", score.Missing},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ab, ba := levelOf(t, tc.kind, tc.a, tc.b)
			assert.Equal(t, tc.want, ab, tc.reason)
			assert.Equal(t, ab, ba, "symmetric")
			if ab != score.Missing {
				f, err := NewField("x", tc.kind)
				require.NoError(t, err)
				assert.Less(t, int(ab), len(f.Levels), "a level the field names")
			}
		})
	}
}

func TestFieldCollisions(t *testing.T) {
	tests := []struct {
		name, reason string
		opts         []Option
		wantErr      string
	}{
		{"gender as extra", "gender is a person field: the column maps to Record.Gender", []Option{WithField("gender", Exact)}, `"gender" collides with the person field "gender"`},
		{"surname as extra", "surname is a person field", []Option{WithField("surname", Exact)}, `"surname" collides`},
		{"twice", "one name, two fields", []Option{WithField("inn", Exact), WithField("inn", Text)}, `"inn" declared twice`},
		{"bad name", "'=' separates a field's name from its keys", []Option{WithField("a=b", Exact)}, "without control characters"},
		{"no parts", "a custom field needs its parts", []Option{WithCustomField(Field{Name: "c", Levels: Phone().Levels})}, "needs a Preparer"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := New(tc.opts...)
			require.Error(t, err, tc.reason)
			assert.True(t, errors.Is(err, ErrOption), "%v wraps ErrOption", err)
			assert.Contains(t, err.Error(), tc.wantErr)
		})
	}
}

func TestStatedGender(t *testing.T) {
	m, err := New()
	require.NoError(t, err)
	gi := m.schema.byName["gender"]
	tests := []struct {
		name, reason string
		rec          Record
		want         string
		problems     int
	}{
		{"from name", "the patronymic says female", Record{FullName: "Петрова Анна Ивановна"}, "f", 0},
		{"stated wins", "the CRM's stated gender outweighs the name's hint", Record{FullName: "Саша Петров", Gender: "Ж"}, "f", 0},
		{"stated english", "male in English", Record{FirstName: "Alex", Gender: "Male"}, "m", 0},
		{"stated russian", "женский", Record{FirstName: "Саша", Gender: "женский"}, "f", 0},
		{"bad stated", "an unreadable gender is reported, the name's hint kept", Record{FullName: "Петров Иван", Gender: "x?"}, "m", 1},
		{"unknown", "no hint at all", Record{FirstName: "Саша"}, "", 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.rec.ID = "r"
			f, probs, err := m.prepare(tc.rec)
			require.NoError(t, err)
			assert.Equal(t, tc.want, f.key(gi), tc.reason)
			assert.Len(t, probs, tc.problems)
		})
	}
}

func TestCanonicalHandle(t *testing.T) {
	tests := []struct {
		name, in, src, want string
		ok                  bool
	}{
		{"vk url", "https://vk.com/Vasya_Petrov", "", "vk:vasya_petrov", true},
		{"vk mobile id", "m.vk.com/id123", "", "vk:id123", true},
		{"telegram link", "t.me/vasya", "", "tg:vasya", true},
		{"telegram at", "@Vasya", "", "tg:vasya", true},
		{"bare with source", "vasya_petrov_86", "vk", "vk:vasya_petrov_86", true},
		{"canonical", "ok:575757", "", "ok:575757", true},
		{"facebook profile id", "https://www.facebook.com/profile.php?id=1000", "", "fb:id1000", true},
		{"instagram trailing slash", "instagram.com/vasya/", "", "ig:vasya", true},
		{"unknown host", "example.com/vasya", "", "", false},
		{"no network", "vasya", "", "", false},
		{"bad chars", "@вася", "", "", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := canonicalHandle(tc.in, tc.src)
			if !tc.ok {
				assert.Error(t, err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
}

func TestHandleMatchesAccount(t *testing.T) {
	m, err := New()
	require.NoError(t, err)
	_, err = m.Add(Record{ID: "c1", FullName: "Петров Василий", City: "Москва", Handles: []string{"vk.com/vasya_petrov_86"}})
	require.NoError(t, err)
	_, err = m.Add(Record{ID: "c2", FullName: "Петров Василий", City: "Москва"})
	require.NoError(t, err)
	res, err := m.Match(t.Context(), Record{Source: "vk", Handles: []string{"https://vk.com/Vasya_Petrov_86"}})
	require.NoError(t, err)
	require.NotNil(t, res.Best, "a shared account finds its customer, and its text gives a weak name")
	assert.Equal(t, "c1", res.Best.ID)
	assert.Equal(t, Matched, res.Status)
}

func TestMultiValuedCells(t *testing.T) {
	m, err := New()
	require.NoError(t, err)
	f, probs, err := m.prepare(Record{ID: "r", Phones: []string{"+7 916 123-45-67, +7 903 111-22-33"}, Emails: []string{"a@x.ru; b@y.ru"}})
	require.NoError(t, err)
	assert.Empty(t, probs)
	assert.Equal(t, []string{"+79161234567", "+79031112233"}, f.val(m.schema.byName["phone"]).Keys)
	assert.Equal(t, []string{"a@x.ru", "b@y.ru"}, f.val(m.schema.byName["email"]).Keys)
}

func TestManyValuesLinear(t *testing.T) {
	m, err := New()
	require.NoError(t, err)
	phones := make([]string, 100_000)
	for i := range phones {
		phones[i] = "+7916" + string(rune('0'+i%10)) + "234567"
	}
	f, probs, err := m.prepare(Record{ID: "r", Phones: phones})
	require.NoError(t, err)
	assert.LessOrEqual(t, len(f.val(m.schema.byName["phone"]).Keys), maxCellValues)
	assert.NotEmpty(t, probs, "the cut is reported")
}

func TestCustomField(t *testing.T) {
	// A loyalty-card field of the caller's own: the last four digits agree or not.
	card := Field{
		Name: "card",
		Preparer: PreparerFunc(func(in *Input) (Value, []Problem) {
			s := normalize.Digits(in.Record.Extra["card"])
			if len(s) < 4 {
				return Value{}, nil
			}
			return Value{Key: s[len(s)-4:]}, nil
		}),
		Keyer:      KeyerFunc(func(v *Value, dst []string) []string { return append(dst, v.Key) }),
		Comparer:   ComparerFunc(compareEqual),
		Levels:     []score.Level{{Name: "same", M: 0.9, U: 0.0001}, {Name: "else", M: 0.1, U: 0.9999}},
		Identifier: true,
	}
	m, err := New(WithCustomField(card))
	require.NoError(t, err)
	_, err = m.Add(Record{ID: "c1", FullName: "Иван Сидоров", Extra: map[string]string{"card": "4000 0000 0000 1234"}})
	require.NoError(t, err)
	_, err = m.Add(Record{ID: "c2", FullName: "Иван Сидоров", Extra: map[string]string{"card": "4000 0000 0000 9999"}})
	require.NoError(t, err)
	res, err := m.Match(t.Context(), Record{FullName: "Ivan Sidorov", Extra: map[string]string{"card": "**** 1234"}})
	require.NoError(t, err)
	require.NotNil(t, res.Best)
	assert.Equal(t, "c1", res.Best.ID)
	assert.Contains(t, m.Model().Fields[len(m.Model().Fields)-1].Name, "card")
}

// TestPairKeyHashesAreTheKeys checks that the hashes pair enumeration reads are those of
// the keys the index holds, count-only and fallback keys left out.
func TestPairKeyHashesAreTheKeys(t *testing.T) {
	m, err := New(WithField("passport", Exact), WithField("address", Text))
	require.NoError(t, err)
	for _, r := range []Record{
		{ID: "1", FullName: "Петров Василий Иванович", Phones: []string{"+79161234567"}, Emails: []string{"vasya.petrov@gmail.com"},
			City: "Москва", BirthDate: "03.02.1980", Extra: map[string]string{"passport": "4510 123456", "address": "ул. Ленина 5"}},
		{ID: "2", FirstName: "Anna", LastName: "Smith", BirthDate: "1990"},
		{ID: "3", Phones: []string{"+79031112233"}},
	} {
		f, _, err := m.prepare(r)
		require.NoError(t, err)
		var want []uint64
		for _, k := range m.keys(f, nil) {
			if !strings.HasPrefix(k, auxKeyMark) {
				want = append(want, block.HashKey(k))
			}
		}
		got := m.schema.pairKeyHashes(f, nil)
		slices.Sort(want)
		slices.Sort(got)
		assert.Equal(t, want, slices.Compact(got), r.ID)
		assert.NotEmpty(t, got, r.ID)
	}
}
