package dataset_test

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"

	"github.com/idmatch/idmatch/internal/dataset"
	"github.com/idmatch/idmatch/match"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// golden compares got with testdata/<test name>.golden, or rewrites that file with -update.
func golden(t *testing.T, got string) {
	t.Helper()
	path := filepath.Join("testdata", filepath.FromSlash(t.Name())+".golden")
	if *update {
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test -update to create the golden file")
	assert.Equal(t, string(want), got, "%s differs; run go test -update to accept the change", path)
}

// encode returns s in enc, failing the test on a character enc cannot hold.
func encode(t *testing.T, enc encoding.Encoding, s string) []byte {
	t.Helper()
	b, err := enc.NewEncoder().Bytes([]byte(s))
	require.NoError(t, err)
	return b
}

// crmRussian is a CRM export as a Russian user's spreadsheet saves it: semicolons, Russian
// headers, two phone columns, a column of no known meaning.
const crmRussian = "Код;ФИО;Телефон;Моб. телефон;Эл. почта;Дата рождения;Город;Пол;Паспорт;Комментарий;Источник\r\n" +
	"1;Петров Иван Иванович;+7 916 123-45-67;;ivan@mail.ru;02.01.1980;Москва;м;4510 123456;постоянный клиент;crm\r\n" +
	"2;Сидорова Анна Петровна;;8 (903) 111-22-33;;05.05.1990;Казань;ж;;\"звонить вечером; после 19\";web\r\n" +
	"3;Иванов Пётр;89161234567;;;;Тверь;;;;call\r\n"

// contactsEnglish has no id column and two phone columns named in English.
const contactsEnglish = "Full Name|Telephone|Mobile|City|Notes\n" +
	"Ivan Petrov|+79161234567||Moscow|vip\n" +
	"I. Petrov||+7 916 123 45 67|Moscow|\n"

// summary is a row reduced to what the tests compare.
type summary struct {
	Line   int
	ID     string
	Name   string
	Phones []string
	Extra  map[string]string
}

func summarize(rows []dataset.Row) []summary {
	out := make([]summary, len(rows))
	for i, row := range rows {
		r := row.Record
		name := r.FullName
		if name == "" {
			name = strings.TrimSpace(r.FirstName + " " + r.LastName)
		}
		out[i] = summary{Line: row.Line, ID: r.ID, Name: name, Phones: r.Phones, Extra: r.Extra}
	}
	return out
}

// xlsxFile builds a workbook with a first sheet of notes and a sheet of customers whose
// birth dates are real dates displayed as dd.mm.yyyy and whose phones are numbers.
func xlsxFile(t *testing.T) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	require.NoError(t, f.SetCellValue("Sheet1", "A1", "notes only"))
	_, err := f.NewSheet("Клиенты")
	require.NoError(t, err)
	rows := [][]any{
		{"ID", "Фамилия", "Имя", "Телефон", "Дата рождения", "Город"},
		{"k1", "Петрова", "Мария", 79031112233, nil, "Омск"},
		{},
		{"k2", "Орлов", "Борис", "+7 905 123-45-67", nil, "Уфа", "лишнее"},
		{"", "Без", "Кода"},
		{"k3", "Ким", "Олег"},
	}
	for i, row := range rows {
		cell, err := excelize.CoordinatesToCellName(1, i+1)
		require.NoError(t, err)
		require.NoError(t, f.SetSheetRow("Клиенты", cell, &row))
	}
	style, err := f.NewStyle(&excelize.Style{CustomNumFmt: ptr("dd.mm.yyyy")})
	require.NoError(t, err)
	require.NoError(t, f.SetCellFormula("Клиенты", "E2", "DATE(1985,3,7)"))
	require.NoError(t, f.SetCellValue("Клиенты", "E2", 31113)) // 1985-03-07 as a serial day
	require.NoError(t, f.SetCellStyle("Клиенты", "E2", "E2", style))
	var buf bytes.Buffer
	require.NoError(t, f.Write(&buf))
	return buf.Bytes()
}

func ptr[T any](v T) *T { return &v }

// TestDetect reads the same kinds of export a CRM gives, built here in each encoding, and
// checks what was detected, the rows, and the mapping report (golden).
func TestDetect(t *testing.T) {
	utf16le := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM)
	utf16be := unicode.UTF16(unicode.BigEndian, unicode.UseBOM)
	russianRows := []summary{
		{Line: 2, ID: "1", Name: "Петров Иван Иванович", Phones: []string{"+7 916 123-45-67"}, Extra: map[string]string{"passport": "4510 123456"}},
		{Line: 3, ID: "2", Name: "Сидорова Анна Петровна", Phones: []string{"8 (903) 111-22-33"}},
		{Line: 4, ID: "3", Name: "Иванов Пётр", Phones: []string{"89161234567"}},
	}
	englishRows := []summary{
		{Line: 2, ID: "line:2", Name: "Ivan Petrov", Phones: []string{"+79161234567"}},
		{Line: 3, ID: "line:3", Name: "I. Petrov", Phones: []string{"+7 916 123 45 67"}},
	}
	tests := []struct {
		name     string
		input    func(t *testing.T) []byte
		opt      dataset.Options
		detected dataset.Detection
		rows     []summary
		reason   string
	}{
		{
			name:     "windows-1251 semicolons",
			input:    func(t *testing.T) []byte { return encode(t, charmap.Windows1251, crmRussian) },
			detected: dataset.Detection{Format: "csv", Encoding: "windows-1251", EncodingGuessed: true, Comma: ';', CommaGuessed: true},
			rows:     russianRows,
			reason:   "the usual Excel export on Russian Windows: 1251 and ';', a quoted ';' inside a field",
		},
		{
			name:     "koi8-r",
			input:    func(t *testing.T) []byte { return encode(t, charmap.KOI8R, strings.ReplaceAll(crmRussian, ";", ",")) },
			detected: dataset.Detection{Format: "csv", Encoding: "koi8-r", EncodingGuessed: true, Comma: ',', CommaGuessed: true},
			rows:     russianRows,
			reason:   "KOI8-R puts lower and upper case where 1251 has the other; letter frequencies tell them apart",
		},
		{
			name:     "utf-16le BOM tabs",
			input:    func(t *testing.T) []byte { return encode(t, utf16le, strings.ReplaceAll(crmRussian, ";", "\t")) },
			detected: dataset.Detection{Format: "csv", Encoding: "utf-16le", BOM: true, Comma: '\t', CommaGuessed: true},
			rows:     russianRows,
			reason:   "Excel's \"Unicode text\" export",
		},
		{
			name:     "utf-16be BOM",
			input:    func(t *testing.T) []byte { return encode(t, utf16be, crmRussian) },
			detected: dataset.Detection{Format: "csv", Encoding: "utf-16be", BOM: true, Comma: ';', CommaGuessed: true},
			rows:     russianRows,
			reason:   "the byte order mark names the byte order",
		},
		{
			name:     "utf-8 tabs",
			input:    func(t *testing.T) []byte { return []byte(strings.ReplaceAll(crmRussian, ";", "\t")) },
			detected: dataset.Detection{Format: "csv", Encoding: "utf-8", EncodingGuessed: true, Comma: '\t', CommaGuessed: true},
			rows:     russianRows,
			reason:   "valid UTF-8 is UTF-8",
		},
		{
			name:     "pipes without id",
			input:    func(t *testing.T) []byte { return []byte(contactsEnglish) },
			opt:      dataset.Options{AllowNoID: true},
			detected: dataset.Detection{Format: "csv", Encoding: "utf-8", EncodingGuessed: true, Comma: '|', CommaGuessed: true},
			rows:     englishRows,
			reason:   "telephone and mobile both feed phones, so the two rows share one; rows are numbered by line",
		},
		{
			name:     "pipes kept columns",
			input:    func(t *testing.T) []byte { return []byte(contactsEnglish) },
			opt:      dataset.Options{AllowNoID: true, KeepColumns: true},
			detected: dataset.Detection{Format: "csv", Encoding: "utf-8", EncodingGuessed: true, Comma: '|', CommaGuessed: true},
			rows: []summary{
				{Line: 2, ID: "line:2", Name: "Ivan Petrov", Phones: []string{"+79161234567"}, Extra: map[string]string{"Notes": "vip"}},
				{Line: 3, ID: "line:3", Name: "I. Petrov", Phones: []string{"+7 916 123 45 67"}},
			},
			reason: "KeepColumns makes the unknown Notes column a text extra",
		},
		{
			name:     "forced",
			input:    func(t *testing.T) []byte { return encode(t, charmap.Windows1251, crmRussian) },
			opt:      dataset.Options{Encoding: "cp1251", Comma: ';'},
			detected: dataset.Detection{Format: "csv", Encoding: "windows-1251", Comma: ';'},
			rows:     russianRows,
			reason:   "Options name the encoding and the delimiter; the report says they were given",
		},
		{
			name:     "xlsx",
			input:    xlsxFile,
			opt:      dataset.Options{Sheet: "Клиенты"},
			detected: dataset.Detection{Format: "xlsx", Sheet: "Клиенты"},
			rows: []summary{
				{Line: 2, ID: "k1", Name: "Мария Петрова", Phones: []string{"79031112233"}},
				{Line: 6, ID: "k3", Name: "Олег Ким"},
			},
			reason: "cells read as displayed; a blank row is skipped; short rows are padded; rows numbered as Excel numbers them",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := dataset.NewReader(bytes.NewReader(tt.input(t)), dataset.FieldMap{}, tt.opt)
			require.NoError(t, err)
			defer r.Close()
			assert.Equal(t, tt.detected, r.Detected(), "detection: %s", tt.reason)
			var rows []dataset.Row
			for row, err := range r.All() {
				if err != nil {
					continue
				}
				rows = append(rows, row)
			}
			assert.Equal(t, tt.rows, summarize(rows), "rows: %s", tt.reason)
			golden(t, r.Mapping().String())
		})
	}
}

// TestXLSXRows checks what an xlsx sheet gives beyond good rows: displayed dates, and bad
// rows reported with their row numbers.
func TestXLSXRows(t *testing.T) {
	r, err := dataset.NewReader(bytes.NewReader(xlsxFile(t)), dataset.FieldMap{}, dataset.Options{Sheet: "Клиенты"})
	require.NoError(t, err)
	defer r.Close()
	_, items := readAll(t, r)
	want := []item{
		{Line: 2, ID: "k1"},
		{Line: 4, Reason: "wrong number of fields: got 7, want 6"},
		{Line: 5, Reason: "column 1 (ID): empty id"},
		{Line: 6, ID: "k3"},
	}
	assert.Equal(t, want, items, "bad rows keep their row numbers and are never dropped silently")

	r, err = dataset.NewReader(bytes.NewReader(xlsxFile(t)), dataset.FieldMap{}, dataset.Options{Sheet: "Клиенты"})
	require.NoError(t, err)
	defer r.Close()
	row, err := r.Read()
	require.NoError(t, err)
	require.Equal(t, "07.03.1985", row.Record.BirthDate, "a date cell reads as the user sees it")

	_, err = dataset.NewReader(bytes.NewReader(xlsxFile(t)), dataset.FieldMap{}, dataset.Options{Sheet: "Nope"})
	require.ErrorIs(t, err, dataset.ErrBadOptions)
	require.Contains(t, err.Error(), "sheets: Sheet1, Клиенты")

	_, err = dataset.NewReader(bytes.NewReader(xlsxFile(t)), dataset.FieldMap{}, dataset.Options{})
	require.ErrorIs(t, err, dataset.ErrNoID, "the first sheet is the default, and it has no id column")
}

// TestColumnErrorPosition checks that a field's problem names its 1-based column and header.
func TestColumnErrorPosition(t *testing.T) {
	in := append([]byte("id;Имя;Телефон\n1;Анна;+7916\n"), "2;Олег;\xff\xfe\n"...)
	r, err := dataset.NewReader(bytes.NewReader(in), dataset.FieldMap{}, dataset.Options{})
	require.NoError(t, err)
	require.Equal(t, "utf-8", r.Detected().Encoding, "two stray bytes in UTF-8 text are damage, not another encoding")
	_, err = r.Read()
	require.NoError(t, err)
	_, err = r.Read()
	require.EqualError(t, err, "line 3, column 3 (Телефон): invalid UTF-8")
}

// TestParseComma checks the -delimiter spellings.
func TestParseComma(t *testing.T) {
	tests := []struct {
		name, in string
		want     rune
		wantErr  bool
		reason   string
	}{
		{name: "empty", in: "", want: 0, reason: "detect"},
		{name: "tab word", in: "tab", want: '\t', reason: "a tab is hard to type on a command line"},
		{name: "tab escape", in: `\t`, want: '\t', reason: "as in C"},
		{name: "semicolon", in: ";", want: ';', reason: "one character"},
		{name: "pipe word", in: "pipe", want: '|', reason: "'|' needs quoting in a shell"},
		{name: "quote", in: `"`, wantErr: true, reason: "a quote cannot separate fields"},
		{name: "two", in: ";;", wantErr: true, reason: "one character only"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := dataset.ParseComma(tt.in)
			if tt.wantErr {
				require.ErrorIs(t, err, dataset.ErrBadOptions, tt.reason)
				return
			}
			require.NoError(t, err, tt.reason)
			require.Equal(t, tt.want, got, tt.reason)
		})
	}
}

// TestMappingNotes pins how the report explains the columns that are not plain: a second
// column for a single-valued field, a ground-truth column, kinds given to built-in names.
func TestMappingNotes(t *testing.T) {
	const in = "ID,entity,ФИО,Name,Пол,Паспорт,passport,Источник,Почта,E-mail\n1,p1,Анна Ли,Anna Li,ж,1,2,crm,a@x,b@x\n"
	m, err := dataset.ParseFieldMap("Пол:exact,Источник:exact,passport:text")
	require.NoError(t, err)
	r, err := dataset.NewReader(strings.NewReader(in), m, dataset.Options{KeepColumns: true})
	require.NoError(t, err)
	row, err := r.Read()
	require.NoError(t, err)
	assert.Equal(t, "ж", row.Record.Gender, "Пол:exact feeds Gender, not an extra field")
	assert.Equal(t, map[string]string{"passport": "2", "x_Источник": "crm"}, row.Record.Extra)
	assert.Equal(t, []string{"a@x", "b@x"}, row.Record.Emails)
	assert.Equal(t, map[string]match.FieldKind{"passport": match.Text, "x_Источник": match.Exact}, r.Extras())
	golden(t, r.Mapping().String())
}

// TestKeepColumnsKinds checks the kinds KeepColumns chooses from the first rows, and that
// the rows read ahead for it are all read again, with their line numbers, in CSV and xlsx.
func TestKeepColumnsKinds(t *testing.T) {
	var b strings.Builder
	b.WriteString("id;postcode;note;mixed;street_no\n")
	for i := range 150 {
		mixed := "A-" + strconv.Itoa(i)
		if i == 40 {
			mixed = "see notes"
		}
		fmt.Fprintf(&b, "%d;%d;client %d;%s;\n", i, 101000+i, i, mixed)
		if i == 10 {
			b.WriteString("bad;row\n\n")
		}
	}
	csvData := b.String()

	book := excelize.NewFile()
	// A short row is padded in a sheet, so the sheet has no bad row but a blank one.
	sheetData := strings.Replace(csvData, "bad;row\n", "\n", 1)
	for n, line := range strings.Split(strings.TrimSuffix(sheetData, "\n"), "\n") {
		row := []any{}
		for _, v := range strings.Split(line, ";") {
			row = append(row, v)
		}
		cell, err := excelize.CoordinatesToCellName(1, n+1)
		require.NoError(t, err)
		require.NoError(t, book.SetSheetRow("Sheet1", cell, &row))
	}
	var xb bytes.Buffer
	require.NoError(t, book.Write(&xb))
	require.NoError(t, book.Close())

	for _, tt := range []struct {
		name, reason string
		data         []byte
		bad          bool // line 13 is a bad row
	}{
		{name: "csv", data: []byte(csvData), bad: true, reason: "lines read ahead are given back"},
		{name: "xlsx", data: xb.Bytes(), reason: "rows read ahead stay buffered"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r, err := dataset.NewReader(bytes.NewReader(tt.data), dataset.FieldMap{}, dataset.Options{KeepColumns: true})
			require.NoError(t, err)
			defer r.Close()
			assert.Equal(t, map[string]match.FieldKind{"postcode": match.Exact, "note": match.Text, "mixed": match.Text, "street_no": match.Text},
				r.Extras(), "codes are exact; one value with a space makes text; a column with no value stays text")
			rows, items := readAll(t, r)
			require.Len(t, rows, 150, tt.reason)
			if tt.bad {
				assert.Equal(t, item{Line: 13, Reason: "wrong number of fields: got 2, want 5"}, items[11], tt.reason)
			}
			assert.Equal(t, 2, rows[0].Line)
			assert.Equal(t, 153, rows[149].Line, tt.reason)
			assert.Equal(t, "101149", rows[149].Record.Extra["postcode"])
		})
	}
}
