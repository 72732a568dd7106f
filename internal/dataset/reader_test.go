package dataset_test

import (
	"errors"
	"io"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/idmatch/idmatch/internal/dataset"
	"github.com/idmatch/idmatch/match"
)

// item is one result of Read: a row or a row error, reduced for comparison.
type item struct {
	Line   int
	ID     string
	Reason string // empty for a good row
}

// readAll reads r to the end and returns good rows and all results in order.
func readAll(t *testing.T, r *dataset.Reader) ([]dataset.Row, []item) {
	t.Helper()
	var rows []dataset.Row
	var items []item
	for {
		row, err := r.Read()
		if err == io.EOF {
			_, again := r.Read()
			require.Equal(t, io.EOF, again, "EOF is sticky")
			return rows, items
		}
		if err != nil {
			var re *dataset.RowError
			require.ErrorAs(t, err, &re)
			require.ErrorIs(t, err, dataset.ErrBadRow)
			items = append(items, item{Line: re.Line, Reason: re.Detail()})
			continue
		}
		rows = append(rows, row)
		items = append(items, item{Line: row.Line, ID: row.Record.ID})
	}
}

func open(t *testing.T, name string) *os.File {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	require.NoError(t, err)
	t.Cleanup(func() { f.Close() })
	return f
}

func TestReadFebrlStyle(t *testing.T) {
	m, err := dataset.ParseFieldMap(febrlFields)
	require.NoError(t, err)
	r, err := dataset.NewReader(open(t, "febrl_style.csv"), m, dataset.Options{})
	require.NoError(t, err)
	assert.Equal(t, []string{"rec_id", "given_name", "surname", "street_number", "address_1", "suburb", "postcode", "date_of_birth", "soc_sec_id"}, r.Header())

	rows, items := readAll(t, r)
	assert.Equal(t, []item{{Line: 2, ID: "rec-1-org"}, {Line: 3, ID: "rec-1-dup-0"}, {Line: 4, ID: "rec-2-org"}, {Line: 5, ID: "rec-3-org"}}, items)
	require.Len(t, rows, 4)
	assert.Equal(t, match.Record{
		ID: "rec-1-org", FirstName: "michaela", LastName: "neumann", City: "winston hills", BirthDate: "19151111",
		Extra: map[string]string{"postcode": "4223", "address_1": "stanley street", "soc_sec_id": "5304218"},
	}, rows[0].Record, "fields are trimmed of the Febrl ', ' padding and CR")
	assert.Equal(t, "", rows[2].Record.FirstName, "a blank field is missing")
	assert.Equal(t, "pinkerton circuit, flat 3", rows[2].Record.Extra["address_1"], "a quoted field after ', ' keeps its comma")
	assert.Equal(t, `o"brien`, rows[3].Record.LastName, "doubled quotes are unescaped")
	assert.Equal(t, "1234567", rows[3].Columns.Get("soc_sec_id"), "the last line has no newline")
	assert.Equal(t, "8", rows[0].Columns.Get("street_number"), "unmapped columns stay in Columns")
	assert.Equal(t, 9, rows[3].Columns.Len())
}

// TestReadBroken reads a file with one fault of each kind: every good row comes back and each
// bad row is a RowError on the line where it starts.
func TestReadBroken(t *testing.T) {
	r, err := dataset.NewReader(open(t, "broken.csv"), dataset.FieldMap{}, dataset.Options{})
	require.NoError(t, err)
	rows, items := readAll(t, r)
	want := []item{
		{Line: 2, ID: "1"},
		{Line: 3, Reason: "wrong number of fields: got 3, want 4"},
		{Line: 4, ID: "3"},
		{Line: 5, Reason: `column 2 (first_name): quote opened here is not closed properly (extraneous " on line 7)`},
		{Line: 6, ID: "5"},
		{Line: 7, ID: "6"},
		{Line: 8, Reason: "column 2 (first_name): invalid UTF-8"},
		{Line: 10, ID: "8"},
		{Line: 11, Reason: "column 1 (id): empty id"},
		{Line: 12, Reason: `column 2 (first_name): bare " in unquoted field`},
		{Line: 13, ID: "10"},
	}
	assert.Equal(t, want, items)
	require.Len(t, rows, 6)
	assert.Equal(t, "smith, jr", rows[3].Record.LastName, "the row after a broken quote is read normally")
	assert.Equal(t, `olga"s`, rows[5].Record.FirstName)
}

func TestRowErrorMessage(t *testing.T) {
	r, err := dataset.NewReader(strings.NewReader("id,a,b\n1,2\n"), dataset.FieldMap{}, dataset.Options{})
	require.NoError(t, err)
	_, err = r.Read()
	assert.EqualError(t, err, "line 2: wrong number of fields: got 2, want 3")
	assert.True(t, errors.Is(err, dataset.ErrBadRow))
}

func TestQuotedFieldAcrossLines(t *testing.T) {
	in := "id,note,city\r\n1,\"first\r\nsecond\",omsk\r\n2,\"\",tver\r\n3,\"unclosed,kazan\r\n4,x,ufa\r\n"
	r, err := dataset.NewReader(strings.NewReader(in), dataset.FieldMap{}, dataset.Options{})
	require.NoError(t, err)
	rows, items := readAll(t, r)
	assert.Equal(t, []item{
		{Line: 2, ID: "1"},
		{Line: 4, ID: "2"},
		{Line: 5, Reason: "column 2 (note): quoted field not closed before end of input"},
		{Line: 6, ID: "4"},
	}, items, "a row spanning lines 2-3 is numbered by its first line; the line after an unclosed quote is read again")
	assert.Equal(t, "first\nsecond", rows[0].Columns.Get("note"), "CRLF inside a quoted field becomes LF")
}

func TestBOMAndBlankLines(t *testing.T) {
	for _, in := range []string{
		"\xef\xbb\xbfid,first_name\n1,Anna\n",
		"\xef\xbb\xbf\n\n  \nid,first_name\n\n1,Anna\n \n",
		"\xef\xbb\xbf{\"id\":\"1\",\"first_name\":\"Anna\"}\n",
	} {
		r, err := dataset.NewReader(strings.NewReader(in), dataset.FieldMap{}, dataset.Options{})
		require.NoError(t, err, "%q", in)
		assert.Equal(t, []string{"id", "first_name"}, r.Header(), "the BOM is not part of the first column name")
		rows, items := readAll(t, r)
		require.Len(t, items, 1, "%q", in)
		assert.Equal(t, "Anna", rows[0].Record.FirstName)
	}
}

func TestSeparators(t *testing.T) {
	tests := []struct {
		name  string
		comma rune
		input string
		want  []string // FirstName, LastName, City of the only row
	}{
		{name: "tab", comma: '\t', input: "id\tfirst_name\tlast_name\tcity\n1\tAnna\t\tOmsk\n", want: []string{"Anna", "", "Omsk"}},
		{name: "semicolon", comma: ';', input: "id; first_name; last_name; city\n1; \"Anna; B\"; Li; Omsk\n", want: []string{"Anna; B", "Li", "Omsk"}},
		{name: "multibyte", comma: '¦', input: "id¦first_name¦last_name¦city\n1¦Anna¦Li¦Omsk\n", want: []string{"Anna", "Li", "Omsk"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := dataset.NewReader(strings.NewReader(tt.input), dataset.FieldMap{}, dataset.Options{Comma: tt.comma})
			require.NoError(t, err)
			row, err := r.Read()
			require.NoError(t, err)
			assert.Equal(t, tt.want, []string{row.Record.FirstName, row.Record.LastName, row.Record.City})
		})
	}
}

func TestHugeField(t *testing.T) {
	big := strings.Repeat("x", 200)
	in := "id,note\n1," + big + "\n2,\"" + big + "\"\n3,\"a\n" + big + "\n" + big + "\"\n4," + strings.Repeat("y", 20*100) + "\n5,ok\n"
	r, err := dataset.NewReader(strings.NewReader(in), dataset.FieldMap{}, dataset.Options{MaxFieldBytes: 100})
	require.NoError(t, err)
	_, items := readAll(t, r)
	assert.Equal(t, []item{
		{Line: 2, Reason: "column 2 (note): longer than 100 bytes"},
		{Line: 3, Reason: "column 2 (note): longer than 100 bytes"},
		{Line: 4, Reason: "column 2 (note): longer than 100 bytes"},
		{Line: 5, Reason: "wrong number of fields: got 1, want 2"},
		{Line: 6, Reason: `column 1 (id): bare " in unquoted field`},
		{Line: 7, Reason: "line longer than 1600 bytes"},
		{Line: 8, ID: "5"},
	}, items, "an overlong multi-line field costs its first line; the lines after it are read again")
}

func TestAllowNoID(t *testing.T) {
	in := "first_name,last_name\nAnna,Li\n\nOleg,Kim\n"
	_, err := dataset.NewReader(strings.NewReader(in), dataset.FieldMap{}, dataset.Options{})
	require.ErrorIs(t, err, dataset.ErrNoID)
	assert.Contains(t, err.Error(), "header: first_name, last_name")

	r, err := dataset.NewReader(strings.NewReader(in), dataset.FieldMap{}, dataset.Options{AllowNoID: true})
	require.NoError(t, err)
	_, items := readAll(t, r)
	assert.Equal(t, []item{{Line: 2, ID: "line:2"}, {Line: 4, ID: "line:4"}}, items)
}

func TestNewReaderErrors(t *testing.T) {
	tests := []struct {
		name    string
		fields  string
		opt     dataset.Options
		input   string
		wantErr error
		want    string // substring of the message
	}{
		{name: "empty", input: "", wantErr: dataset.ErrNoHeader},
		{name: "blank lines", input: "\n  \r\n\n", wantErr: dataset.ErrNoHeader},
		{name: "BOM only", input: "\xef\xbb\xbf", wantErr: dataset.ErrNoHeader},
		{name: "duplicate column", input: "id, a, a\n", wantErr: dataset.ErrBadHeader, want: `duplicate column "a"`},
		{name: "header quote", input: "id,\"a\n", wantErr: dataset.ErrBadHeader, want: "line 1, column 2: quoted field not closed"},
		{name: "header UTF-8", opt: dataset.Options{Encoding: "utf-8"}, input: "id,\xff\n", wantErr: dataset.ErrBadHeader, want: "column 2: invalid UTF-8"},
		{name: "mapped column missing", fields: "given:first_name", input: "id,first\n", wantErr: dataset.ErrBadFieldMap,
			want: `column "given" is not in the header (id, first)`},
		{name: "no id", input: "a,b\n1,2\n", wantErr: dataset.ErrNoID},
		{name: "jsonl bad first line", input: "{\"id\": 1,\n", wantErr: dataset.ErrBadHeader, want: "line 1: first object: invalid JSON"},
		{name: "jsonl forced on csv", opt: dataset.Options{Format: "jsonl"}, input: "id,a\n", wantErr: dataset.ErrBadHeader},
		{name: "bad format", opt: dataset.Options{Format: "xml"}, input: "id\n", wantErr: dataset.ErrBadOptions},
		{name: "bad comma", opt: dataset.Options{Comma: '"'}, input: "id\n", wantErr: dataset.ErrBadOptions},
		{name: "negative cap", opt: dataset.Options{MaxFieldBytes: -1}, input: "id\n", wantErr: dataset.ErrBadOptions},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := dataset.ParseFieldMap(tt.fields)
			require.NoError(t, err)
			_, err = dataset.NewReader(strings.NewReader(tt.input), m, tt.opt)
			require.ErrorIs(t, err, tt.wantErr)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

func TestReadJSONL(t *testing.T) {
	r, err := dataset.NewReader(open(t, "contacts.jsonl"), dataset.FieldMap{}, dataset.Options{})
	require.NoError(t, err)
	assert.Equal(t, []string{"id", "name", "phone", "city", "cluster"}, r.Header(), "first the keys of the first object")
	rows, items := readAll(t, r)
	assert.Equal(t, []item{
		{Line: 1, ID: "c1"},
		{Line: 2, ID: "c2"},
		{Line: 4, ID: "12345678901234567890"},
		{Line: 5, Reason: `key "name": nested objects are not supported`},
		{Line: 6, Reason: "invalid JSON: invalid character 'o' in literal null (expecting 'u')"},
		{Line: 7, Reason: "invalid JSON: invalid character 't' after top-level value"},
		{Line: 8, ID: "c6"},
		{Line: 9, Reason: "empty id"},
		{Line: 10, Reason: `key "name": arrays are accepted only for phone, email and handle`},
		{Line: 11, ID: "c8"},
	}, items)
	assert.Equal(t, []string{"id", "name", "phone", "city", "cluster", "first_name", "last_name", "email", "age", "vip", "mail", "source"},
		r.Header(), "then the union of keys in the order first seen, from good rows only")

	assert.Equal(t, match.Record{ID: "c1", FullName: "Вася Петров", Phones: []string{"+7 916 123-45-67", "79161234568"}, City: "Москва"}, rows[0].Record,
		"numbers in an array are written out in full")
	assert.Equal(t, "+7 916 123-45-67; 79161234568", rows[0].Columns.Get("phone"))
	assert.Equal(t, "1", rows[0].Columns.Get("cluster"))
	assert.Equal(t, "34", rows[1].Columns.Get("age"), "3.4e1 is written without exponent")
	assert.Equal(t, match.Record{ID: "12345678901234567890", FullName: "Anna Smith"}, rows[2].Record, "a long integer id is kept exactly; null is missing")
	assert.Equal(t, map[string]string{"id": "12345678901234567890", "name": "Anna Smith", "phone": "", "vip": "true"}, maps.Collect(rows[2].Columns.All()))
	assert.Equal(t, match.Record{ID: "c6", FullName: "Oleg Ivanov", Emails: []string{"oleg@example.com"}, Source: "vk"}, rows[3].Record)
	assert.Equal(t, map[string]string{"id": "c8", "city": "Kazan"}, maps.Collect(rows[4].Columns.All()), "Columns holds the keys present in the object")
}

func TestJSONLWithoutID(t *testing.T) {
	in := "{\"name\":\"a\"}\n{\"name\":\"b\",\"id\":\"x\"}\n"
	_, err := dataset.NewReader(strings.NewReader(in), dataset.FieldMap{}, dataset.Options{})
	require.ErrorIs(t, err, dataset.ErrNoID)
	r, err := dataset.NewReader(strings.NewReader(in), dataset.FieldMap{}, dataset.Options{AllowNoID: true})
	require.NoError(t, err)
	_, items := readAll(t, r)
	assert.Equal(t, []item{{Line: 1, ID: "line:1"}, {Line: 2, ID: "line:2"}}, items,
		"an id key that appears later does not switch ID sources halfway")

	m, err := dataset.ParseFieldMap("uid:id")
	require.NoError(t, err)
	r, err = dataset.NewReader(strings.NewReader("{\"name\":\"a\"}\n{\"uid\":7}\n"), m, dataset.Options{})
	require.NoError(t, err, "a mapped id key may be absent from the first object")
	_, items = readAll(t, r)
	assert.Equal(t, []item{{Line: 1, Reason: "empty id"}, {Line: 2, ID: "7"}}, items)
}

func TestAll(t *testing.T) {
	r, err := dataset.NewReader(strings.NewReader("id\n1\n\"x\n2\n3\n"), dataset.FieldMap{}, dataset.Options{})
	require.NoError(t, err)
	var got []string
	for row, err := range r.All() {
		if err != nil {
			got = append(got, err.Error())
			continue
		}
		got = append(got, row.Record.ID)
		if row.Record.ID == "2" {
			break
		}
	}
	assert.Equal(t, []string{"1", "line 3, column 1 (id): quoted field not closed before end of input", "2"}, got)
	row, err := r.Read()
	require.NoError(t, err)
	assert.Equal(t, "3", row.Record.ID, "breaking out of All leaves the rest to read")
}

// failingReader returns its data, then a read error.
type failingReader struct{ data string }

var errDisk = errors.New("disk on fire")

func (f *failingReader) Read(p []byte) (int, error) {
	if f.data == "" {
		return 0, errDisk
	}
	n := copy(p, f.data)
	f.data = f.data[n:]
	return n, nil
}

func TestReadError(t *testing.T) {
	r, err := dataset.NewReader(&failingReader{data: "id\n1\n"}, dataset.FieldMap{}, dataset.Options{Format: "csv"})
	require.NoError(t, err)
	var errs []error
	for _, err := range r.All() {
		errs = append(errs, err)
	}
	require.Len(t, errs, 2)
	assert.NoError(t, errs[0])
	assert.ErrorIs(t, errs[1], errDisk, "All yields a read error once and stops")
	_, err = r.Read()
	assert.ErrorIs(t, err, errDisk, "the read error is sticky")
}

// realData is the shared reference data, outside the repository.
const realData = "../../../shared/data"

func TestReadRealData(t *testing.T) {
	tests := []struct {
		name     string
		path     string
		fields   string
		rows     int
		truth    dataset.Truth
		entities int
	}{
		{name: "febrl4a", path: "febrl/dataset4a.csv", fields: febrlFields, rows: 5000, truth: dataset.Truth{Column: "rec_id", Format: dataset.TruthFebrl}, entities: 5000},
		{name: "febrl3", path: "febrl/dataset3.csv", rows: 5000, truth: dataset.Truth{Column: "rec_id", Format: dataset.TruthFebrl}, entities: 2000},
		{name: "splink", path: "splink/fake_1000.csv", rows: 1000, truth: dataset.Truth{Column: "cluster", Format: dataset.TruthColumn}, entities: 251},
		{name: "phones", path: "febrl-phones/dataset_A_10000.csv", rows: 10000, truth: dataset.Truth{Column: "rec_id", Format: dataset.TruthNumeric}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := os.Open(filepath.Join(realData, tt.path))
			if errors.Is(err, os.ErrNotExist) {
				t.Skip("reference data absent")
			}
			require.NoError(t, err)
			defer f.Close()
			m, err := dataset.ParseFieldMap(tt.fields)
			require.NoError(t, err)
			r, err := dataset.NewReader(f, m, dataset.Options{})
			require.NoError(t, err)
			rows, items := readAll(t, r)
			require.Len(t, rows, tt.rows)
			require.Len(t, items, tt.rows, "no row errors")
			truth, ok := dataset.DetectTruth(r.Header(), rows[:100])
			require.True(t, ok)
			assert.Equal(t, tt.truth, truth)
			entities := map[string]bool{}
			named := 0
			for _, row := range rows {
				e, ok := truth.Entity(row)
				require.True(t, ok, "line %d", row.Line)
				entities[e] = true
				if row.Record.LastName != "" {
					named++
				}
			}
			assert.Greater(t, named, tt.rows*8/10, "the surname column is mapped by its name alone")
			if tt.entities > 0 {
				assert.Len(t, entities, tt.entities)
			}
		})
	}
}
