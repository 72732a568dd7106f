package dataset_test

import (
	"fmt"
	"strings"

	"golang.org/x/text/encoding/charmap"

	"github.com/idmatch/idmatch/internal/dataset"
)

func ExampleReader() {
	const data = "rec_id, given_name, surname, postcode, suburb\r\n" +
		"rec-1-org, anna, smith, 2000, sydney\r\n" +
		"rec-1-dup-0, ana, smith, 2000\r\n" + // a field is missing
		"rec-2-org, bob, \"o'neil, jr\", 3000, melbourne"
	fields, err := dataset.ParseFieldMap("suburb:city,postcode:exact")
	if err != nil {
		fmt.Println(err)
		return
	}
	r, err := dataset.NewReader(strings.NewReader(data), fields, dataset.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("extras:", fields.Extras())
	for row, err := range r.All() {
		if err != nil {
			fmt.Println("skipped:", err)
			continue
		}
		rec := row.Record
		fmt.Printf("line %d: %s | %s | %s | %s | %s\n", row.Line, rec.ID, rec.FirstName, rec.LastName, rec.City, rec.Extra["postcode"])
	}
	// Output:
	// extras: map[postcode:exact]
	// line 2: rec-1-org | anna | smith | sydney | 2000
	// skipped: line 3: wrong number of fields: got 4, want 5
	// line 4: rec-2-org | bob | o'neil, jr | melbourne | 3000
}

func ExampleDetectTruth() {
	const data = `{"id": "a1", "name": "Вася Петров", "phone": ["+7 916 123-45-67"], "cluster": 7}
{"id": "a2", "name": "Василий Петров", "phone": 79161234567, "cluster": 7}
{"id": "a3", "name": "Anna Smith", "cluster": 8}
`
	r, err := dataset.NewReader(strings.NewReader(data), dataset.FieldMap{}, dataset.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	var rows []dataset.Row
	for row, err := range r.All() {
		if err != nil {
			fmt.Println(err)
			continue
		}
		rows = append(rows, row)
	}
	truth, ok := dataset.DetectTruth(r.Header(), rows)
	fmt.Println(truth.Column, truth.Format, ok)
	for _, row := range rows {
		entity, _ := truth.Entity(row)
		fmt.Println(row.Record.ID, row.Record.FullName, row.Record.Phones, entity)
	}
	// Output:
	// cluster column true
	// a1 Вася Петров [+7 916 123-45-67] 7
	// a2 Василий Петров [79161234567] 7
	// a3 Anna Smith [] 8
}

func ExampleParseFieldMap() {
	m, err := dataset.ParseFieldMap("rec_id:id, given_name:first_name, postcode:exact, address_1:text")
	fmt.Println(m, err)
	_, err = dataset.ParseFieldMap("rec_id:identifier")
	fmt.Println(err)
	// Output:
	// rec_id:id,given_name:first_name,postcode:exact,address_1:text <nil>
	// dataset: bad field map: pair 1 "rec_id:identifier": unknown role "identifier" (want a field: id, first_name, last_name, middle_name, full_name, phone, email, city, birth_date, source, gender, handle; or a kind: exact, text, name, date, number)
}

// A CRM export saved by Excel on Russian Windows: Windows-1251 text, ';' between fields,
// Russian headers. NewReader detects all three; the mapping says what each column feeds.
func ExampleNewReader_crmExport() {
	export, err := charmap.Windows1251.NewEncoder().String("Код;Фамилия;Имя;Моб. телефон;Рабочий телефон;Комментарий\r\n" +
		"17;Петров;Иван;+7 916 123-45-67;8 495 123-45-67;звонить вечером\r\n")
	if err != nil {
		fmt.Println(err)
		return
	}
	r, err := dataset.NewReader(strings.NewReader(export), dataset.FieldMap{}, dataset.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(r.Mapping())
	for row, err := range r.All() {
		if err != nil {
			fmt.Println("skipped:", err)
			continue
		}
		fmt.Printf("line %d: %s %s %s %q\n", row.Line, row.Record.ID, row.Record.FirstName, row.Record.LastName, row.Record.Phones)
	}
	// Output:
	// input: csv, encoding windows-1251 (detected), delimiter ';' (detected)
	// columns:
	//    1  Код              -> id
	//    2  Фамилия          -> last_name
	//    3  Имя              -> first_name
	//    4  Моб. телефон     -> phone
	//    5  Рабочий телефон  -> phone
	// ignored:
	//    6  Комментарий  (unknown column)
	// ids: from column Код
	// line 2: 17 Иван Петров ["+7 916 123-45-67" "8 495 123-45-67"]
}
