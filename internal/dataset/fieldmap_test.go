package dataset_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/idmatch/idmatch/internal/dataset"
	"github.com/idmatch/idmatch/match"
)

const febrlFields = "rec_id:id,given_name:first_name,surname:last_name,date_of_birth:birth_date,suburb:city,postcode:exact,address_1:text,soc_sec_id:exact"

func TestParseFieldMap(t *testing.T) {
	tests := []struct {
		name    string
		input   string
		want    string // String() of the result
		extras  map[string]match.FieldKind
		wantErr string // substring of the error; empty for success
		reason  string
	}{
		{name: "empty", input: "", want: "", extras: map[string]match.FieldKind{}},
		{name: "blank", input: "  ", want: "", extras: map[string]match.FieldKind{}, reason: "white space alone is no pair"},
		{name: "febrl", input: febrlFields, want: febrlFields,
			extras: map[string]match.FieldKind{"postcode": match.Exact, "address_1": match.Text, "soc_sec_id": match.Exact}},
		{name: "spaces", input: " a : id , b:phone ,c : phone", want: "a:id,b:phone,c:phone",
			extras: map[string]match.FieldKind{}, reason: "phone may feed from several columns"},
		{name: "colon in column", input: "x:y:id", want: "x:y:id", extras: map[string]match.FieldKind{},
			reason: "the last colon separates the role"},
		{name: "all kinds", input: "a:exact,b:text,c:name,d:date,e:number", want: "a:exact,b:text,c:name,d:date,e:number",
			extras: map[string]match.FieldKind{"a": match.Exact, "b": match.Text, "c": match.Name, "d": match.Date, "e": match.Number}},
		{name: "no colon", input: "rec_id", wantErr: `pair 1 "rec_id": want column:role`},
		{name: "trailing comma", input: "a:id,", wantErr: `pair 2 "": want column:role`},
		{name: "empty column", input: "a:id, :city", wantErr: `pair 2 ":city": empty column name`},
		{name: "unknown role", input: "a:identifier", wantErr: `unknown role "identifier"`},
		{name: "empty role", input: "a:", wantErr: `unknown role ""`},
		{name: "role case", input: "a:ID", wantErr: `unknown role "ID"`, reason: "roles are lower-case names"},
		{name: "duplicate column", input: "a:id,a:city", wantErr: `column "a" mapped twice`},
		{name: "duplicate field", input: "a:first_name,b:first_name", wantErr: `field first_name given to both "a" and "b"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := dataset.ParseFieldMap(tt.input)
			if tt.wantErr != "" {
				require.ErrorIs(t, err, dataset.ErrBadFieldMap)
				assert.Contains(t, err.Error(), tt.wantErr, tt.reason)
				return
			}
			require.NoError(t, err, tt.reason)
			assert.Equal(t, tt.want, m.String(), tt.reason)
			assert.Equal(t, tt.extras, m.Extras(), tt.reason)
			again, err := dataset.ParseFieldMap(m.String())
			require.NoError(t, err)
			assert.Equal(t, m, again, "String must round-trip")
		})
	}
}

func TestFieldMapLookup(t *testing.T) {
	m, err := dataset.ParseFieldMap(febrlFields)
	require.NoError(t, err)
	assert.Equal(t, 8, m.Len())
	r, ok := m.Lookup("suburb")
	require.True(t, ok)
	assert.Equal(t, dataset.Role{Field: "city"}, r)
	r, ok = m.Lookup("postcode")
	require.True(t, ok)
	assert.Equal(t, dataset.Role{Kind: match.Exact}, r)
	assert.Equal(t, "exact", r.String())
	_, ok = m.Lookup("state")
	assert.False(t, ok, "unmapped columns are not reported")

	ex := m.Extras()
	ex["postcode"] = match.Text
	assert.Equal(t, match.Exact, m.Extras()["postcode"], "Extras returns a copy")
}

// TestImplicitColumns checks matching by header name: field names, aliases, case, explicit
// entries winning over names, and several phone columns.
func TestImplicitColumns(t *testing.T) {
	tests := []struct {
		name   string
		fields string
		input  string
		want   match.Record
		reason string
	}{
		{
			name:  "aliases",
			input: "Unique_ID,Given_Name,Surname,Patronymic,DOB,Phone_Number,E-Mail,City,Source\nu1,Ivan,Petrov,Ivanovich,1980-01-02,+79161234567,i@x.ru,Moscow,crm\n",
			want: match.Record{ID: "u1", FirstName: "Ivan", LastName: "Petrov", MiddleName: "Ivanovich", BirthDate: "1980-01-02",
				Phones: []string{"+79161234567"}, Emails: []string{"i@x.ru"}, City: "Moscow", Source: "crm"},
			reason: "aliases match case-insensitively",
		},
		{
			name:   "full name",
			input:  "id,name\n1,Вася Петров\n",
			want:   match.Record{ID: "1", FullName: "Вася Петров"},
			reason: "name is full_name",
		},
		{
			name:   "explicit wins",
			fields: "given:first_name",
			input:  "id,first_name,given\n1,Vasya,Vasily\n",
			want:   match.Record{ID: "1", FirstName: "Vasily"},
			reason: "a named column does not take a field the map gives to another column",
		},
		{
			name:   "first alias wins",
			input:  "rec_id,dob,date_of_birth\n1,1980,1981\n",
			want:   match.Record{ID: "1", BirthDate: "1980"},
			reason: "among named columns the first takes a single-valued field",
		},
		{
			name:   "several phones and emails",
			fields: "work:phone",
			input:  "id,phone,phone_number,work,email,mail\n1,111,,333,a@x,b@x\n",
			want:   match.Record{ID: "1", Phones: []string{"111", "333"}, Emails: []string{"a@x", "b@x"}},
			reason: "every phone and email column feeds; empty values are missing",
		},
		{
			name:   "kind on a built-in name",
			fields: "city:exact,gender:exact,surname:exact",
			input:  "id,city,gender,surname\n1,Omsk,f,Li\n",
			want:   match.Record{ID: "1", City: "Omsk", Gender: "f", LastName: "Li"},
			reason: "a kind given to a column named like a compared field feeds the field, never a duplicate extra",
		},
		{
			name:   "kind on id is namespaced",
			fields: "code:id,id:exact",
			input:  "code,id\nc1,77\n",
			want:   match.Record{ID: "c1", Extra: map[string]string{"x_id": "77"}},
			reason: "id is not compared, so a kind makes the column the extra field x_id",
		},
		{
			name:   "kind on a taken field is namespaced",
			fields: "fam:last_name,surname:exact",
			input:  "id,fam,surname\n1,Li,Lee\n",
			want:   match.Record{ID: "1", LastName: "Li", Extra: map[string]string{"x_surname": "Lee"}},
			reason: "the field belongs to another column of the map, so the kind makes x_surname",
		},
		{
			name: "russian headers",
			input: "Код;Фамилия;Имя;Отчество;Моб. телефон;Рабочий телефон;Эл. почта;Дата рождения;Город;Пол;Паспорт;ИНН;СНИЛС;Адрес;ВКонтакте;Telegram;Источник\n" +
				"7;Петров;Иван;Иванович;+79161234567;84951234567;i@x.ru;02.01.1980;Москва;м;4510 123456;7707083893;112-233-445 95;ул. Ленина, 1;vk.com/id1;@ivan;crm\n",
			want: match.Record{ID: "7", LastName: "Петров", FirstName: "Иван", MiddleName: "Иванович",
				Phones: []string{"+79161234567", "84951234567"}, Emails: []string{"i@x.ru"}, BirthDate: "02.01.1980",
				City: "Москва", Gender: "м", Handles: []string{"vk.com/id1", "@ivan"}, Source: "crm",
				Extra: map[string]string{"passport": "4510 123456", "inn": "7707083893", "snils": "112-233-445 95", "address": "ул. Ленина, 1"}},
			reason: "Russian headers, case and punctuation aside, find their roles; several phone and handle columns all feed",
		},
		{
			name:   "english headers",
			input:  "Customer ID|Full Name|Telephone|Mobile|E-Mail|Date of Birth|Town|Sex|Tax ID|VK ID\nc9|Ivan Petrov|111|222|a@x|1980|Omsk|m|77|id5\n",
			want:   match.Record{ID: "c9", FullName: "Ivan Petrov", Phones: []string{"111", "222"}, Emails: []string{"a@x"}, BirthDate: "1980", City: "Omsk", Gender: "m", Handles: []string{"id5"}, Extra: map[string]string{"inn": "77"}},
			reason: "English headers with spaces and dashes find their roles",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := dataset.ParseFieldMap(tt.fields)
			require.NoError(t, err)
			r, err := dataset.NewReader(strings.NewReader(tt.input), m, dataset.Options{})
			require.NoError(t, err)
			row, err := r.Read()
			require.NoError(t, err)
			assert.Equal(t, tt.want, row.Record, tt.reason)
		})
	}
}
