package match_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/idmatch/idmatch/match"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func savedBytes(t testing.TB, opts ...match.Option) []byte {
	t.Helper()
	m, err := match.New(opts...)
	require.NoError(t, err)
	recs := []match.Record{
		{ID: "1", FullName: "Петров Василий Иванович", Phones: []string{"+79161234567"}, City: "Москва", BirthDate: "03.02.1980", Extra: map[string]string{"postcode": "101000"}},
		{ID: "2", FullName: "Vasya Petrov", Emails: []string{"vasya@gmail.com"}, Handles: []string{"vk.com/vasya"}},
		{ID: "3", FirstName: "Анна", LastName: "Смирнова", Gender: "ж", BirthDate: "1851-81-01"},
	}
	for _, r := range recs {
		_, err := m.Add(r)
		require.NoError(t, err)
	}
	var buf bytes.Buffer
	require.NoError(t, m.Save(&buf))
	return buf.Bytes()
}

// parts splits a saved matcher into its JSON header and the rest of the body (model and
// records), without the checksum.
func parts(t *testing.T, data []byte) (map[string]any, []byte) {
	t.Helper()
	body := data[9 : len(data)-sha256.Size]
	n, k := binary.Uvarint(body)
	require.Greater(t, k, 0)
	var hdr map[string]any
	require.NoError(t, json.Unmarshal(body[k:k+int(n)], &hdr))
	return hdr, body[k+int(n):]
}

// assemble writes a saved matcher from a header and a body, with a valid checksum: a file
// that is internally consistent as far as the checksum can tell.
func assemble(t *testing.T, hdr map[string]any, rest []byte) []byte {
	t.Helper()
	hj, err := json.Marshal(hdr)
	require.NoError(t, err)
	out := []byte("IDMATCH\x00\x03")
	out = binary.AppendUvarint(out, uint64(len(hj)))
	out = append(out, hj...)
	out = append(out, rest...)
	sum := sha256.Sum256(out)
	return append(out, sum[:]...)
}

func TestLoadRejectsEveryCorruption(t *testing.T) {
	saved := savedBytes(t, match.WithField("postcode", match.Exact))
	_, err := match.Load(bytes.NewReader(saved), match.WithField("postcode", match.Exact))
	require.NoError(t, err)
	for i := range saved {
		for _, bit := range []byte{0x01, 0x80} {
			bad := append([]byte(nil), saved...)
			bad[i] ^= bit
			_, err := match.Load(bytes.NewReader(bad))
			require.Error(t, err, "byte %d bit %#x", i, bit)
			require.ErrorIs(t, err, match.ErrCorrupt, "byte %d bit %#x: %v", i, bit, err)
		}
	}
	for cut := 0; cut < len(saved); cut += max(1, len(saved)/97) {
		_, err := match.Load(bytes.NewReader(saved[:cut]))
		require.ErrorIs(t, err, match.ErrCorrupt, "truncated at %d", cut)
	}
}

func TestLoadRejectsSplicesAndHugeCounts(t *testing.T) {
	a := savedBytes(t, match.WithField("postcode", match.Exact))
	b := savedBytes(t)
	hdrA, restA := parts(t, a)
	_, restB := parts(t, b)

	tests := []struct {
		name, reason string
		data         []byte
	}{
		{"halves", "the first half of one file and the second of another",
			append(append([]byte(nil), a[:len(a)/2]...), b[len(b)/2:]...)},
		{"records of another schema", "a header with an extra field over records without it, checksum fixed",
			assemble(t, hdrA, restB)},
		{"huge record count", "a record count beyond the input is refused before allocating",
			func() []byte { h := clone(hdrA); h["records"] = 1 << 31; return assemble(t, h, restA) }()},
		{"negative record count", "a negative count", func() []byte { h := clone(hdrA); h["records"] = -1; return assemble(t, h, restA) }()},
		{"one record more", "a count one past the records", func() []byte { h := clone(hdrA); h["records"] = 4; return assemble(t, h, restA) }()},
		{"one record less", "bytes left after the last record", func() []byte { h := clone(hdrA); h["records"] = 2; return assemble(t, h, restA) }()},
		{"huge string", "a string length beyond the input",
			assemble(t, hdrA, append(append([]byte(nil), restA[:len(restA)-40]...), 0xff, 0xff, 0xff, 0xff, 0x0f))},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			_, err := match.Load(bytes.NewReader(tc.data), match.WithField("postcode", match.Exact))
			runtime.ReadMemStats(&after)
			require.Error(t, err, tc.reason)
			assert.True(t, errors.Is(err, match.ErrCorrupt) || errors.Is(err, match.ErrOption), "%v", err)
			assert.Less(t, after.TotalAlloc-before.TotalAlloc, uint64(64*len(tc.data)+1<<20), "allocation bounded by the input size")
		})
	}
}

func clone(m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

func TestLoadOptionsMustFitTheSavedData(t *testing.T) {
	saved := savedBytes(t, match.WithField("postcode", match.Exact))
	hdr, rest := parts(t, saved)
	tests := []struct {
		name, reason string
		data         []byte
		opts         []match.Option
		want         error
	}{
		{"same fields", "the saved fields given again", saved, []match.Option{match.WithField("postcode", match.Exact)}, nil},
		{"no fields", "fields come from the file", saved, nil, nil},
		{"thresholds", "thresholds may change", saved, []match.Option{match.WithThresholds(0.4, 0.95)}, nil},
		{"other region", "stored phones are in RU terms", saved, []match.Option{match.WithRegion("GB")}, match.ErrOption},
		{"other field", "a field the file lacks", saved, []match.Option{match.WithField("inn", match.Exact)}, match.ErrOption},
		{"other kind", "the saved field has another kind", saved, []match.Option{match.WithField("postcode", match.Text)}, match.ErrOption},
		{"other name tables", "records normalized with other tables are refused",
			func() []byte { h := clone(hdr); h["data_version"] = "000000000000"; return assemble(t, h, rest) }(), nil, match.ErrVersion},
		{"newer format", "a newer layout",
			func() []byte { d := assemble(t, hdr, rest); d[8] = 9; return d }(), nil, match.ErrVersion},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m, err := match.Load(bytes.NewReader(tc.data), tc.opts...)
			if tc.want == nil {
				require.NoError(t, err, tc.reason)
				assert.Equal(t, 3, m.Len())
				return
			}
			require.ErrorIs(t, err, tc.want, tc.reason)
			if tc.want == match.ErrOption {
				assert.NotErrorIs(t, err, match.ErrCorrupt, "a contradicting option is not corruption")
			}
		})
	}
}

func TestLoadKeepsEveryValue(t *testing.T) {
	saved := savedBytes(t, match.WithField("postcode", match.Exact))
	m, err := match.Load(bytes.NewReader(saved))
	require.NoError(t, err)
	var again bytes.Buffer
	require.NoError(t, m.Save(&again))
	assert.Equal(t, saved, again.Bytes(), "save, load, save gives the same bytes")
	res, err := m.Match(ctx, match.Record{Source: "vk", Handles: []string{"@vasya"}, Emails: []string{"Vasya@GoogleMail.com"}})
	require.NoError(t, err)
	require.NotNil(t, res.Best)
	assert.Equal(t, "2", res.Best.ID, "the index rebuilt from the records finds the e-mail")
}

func TestSaveFileIsAtomic(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "m.idmatch")
	m, err := match.New()
	require.NoError(t, err)
	_, err = m.Add(match.Record{ID: "1", FullName: "Петров Василий"})
	require.NoError(t, err)
	require.NoError(t, m.SaveFile(path))
	_, err = m.Add(match.Record{ID: "2", FullName: "Сидоров Иван"})
	require.NoError(t, err)
	require.NoError(t, m.SaveFile(path), "replacing the file")
	got, err := match.LoadFile(path)
	require.NoError(t, err)
	assert.Equal(t, 2, got.Len())
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Len(t, entries, 1, "no temporary file left behind")

	require.Error(t, m.SaveFile(filepath.Join(dir, "missing", "m.idmatch")), "a directory that does not exist")
	_, err = os.Stat(path)
	require.NoError(t, err, "the previous good file survives a failed save")
}

func TestCustomFieldMustBeGivenToLoad(t *testing.T) {
	card := match.ExactField("card")
	card.Name = "card"
	m, err := match.New(match.WithCustomField(card))
	require.NoError(t, err)
	_, err = m.Add(match.Record{ID: "1", FullName: "Иван", Extra: map[string]string{"card": "1234"}})
	require.NoError(t, err)
	var buf bytes.Buffer
	require.NoError(t, m.Save(&buf))
	_, err = match.Load(bytes.NewReader(buf.Bytes()))
	require.ErrorIs(t, err, match.ErrOption)
	assert.Contains(t, err.Error(), `custom field "card"`)
	got, err := match.Load(bytes.NewReader(buf.Bytes()), match.WithCustomField(card))
	require.NoError(t, err)
	assert.Equal(t, 1, got.Len())
}
