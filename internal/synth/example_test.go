package synth_test

import (
	"fmt"
	"os"
	"strings"

	"github.com/idmatch/idmatch/internal/synth"
)

// ExampleCRM prints the first customers of a small CRM. The entity column is the ground
// truth: a duplicate row later in the CRM, or a contact, carries the same entity.
func ExampleCRM() {
	cfg := synth.DefaultConfig()
	cfg.Customers = 100
	n := 0
	for rec := range synth.CRM(cfg) {
		fmt.Printf("%s %s %s %s %s | %s | %s\n", rec.ID, rec.Entity, rec.LastName, rec.FirstName, rec.MiddleName, rec.City, rec.Phone)
		if n++; n == 4 {
			break
		}
	}
	// Output:
	// c1 p0 Сафонова Нина Алексеевна | Москва | 89640716784
	// c2 p1 Никитина Нина  | Волгоград | 88442434090
	// c3 p2 Кузнецов Дмитрий Александрович | Москва | +79815684463
	// c4 p3 Лебедева Зоя Вадимовна | Архангельск | +79110014782
}

// ExampleContacts shows how one person reaches the company through several channels.
func ExampleContacts() {
	cfg := synth.DefaultConfig()
	cfg.Customers = 10
	cfg.ContactsPerCustomer = 10
	cfg.NonCustomerShare = 0
	for rec := range synth.Contacts(cfg) {
		if rec.Entity == "p3" {
			name := strings.Join(strings.Fields(rec.FirstName+" "+rec.LastName+" "+rec.FullName), " ")
			fmt.Printf("%-8s %-14q phone=%q city=%q\n", rec.Source, name, rec.Phone, rec.City)
		}
	}
	// Output:
	// vk       "Zoia"         phone="" city="Archangielsk"
	// call     "Зоя"          phone="+7 911 001-47-82" city=""
	// telegram "Zoja"         phone="+79110014782" city=""
	// facebook "Лебедева Зоя" phone="" city=""
	// telegram "Зоя"          phone="+7 911 001-47-82" city=""
	// vk       "Зоя Лебедева" phone="" city=""
	// telegram "Зоя Лебедева" phone="" city=""
	// whatsapp "Зоя Л."       phone="+79110014782" city=""
}

// ExampleWriteCSV streams a CRM to standard output as CSV.
func ExampleWriteCSV() {
	cfg := synth.DefaultConfig()
	cfg.Customers = 2
	cfg.DuplicateShare = 0
	if err := synth.WriteCSV(os.Stdout, synth.CRM(cfg)); err != nil {
		fmt.Println(err)
	}
	// Output:
	// id,entity,source,first_name,last_name,middle_name,full_name,phone,email,city,birth_date,crowd
	// c1,p0,crm,Нина,Сафонова,Алексеевна,,89640716784,nina_safonova@gmail.com,Москва,1978-06-02,false
	// c2,p1,crm,Нина,Никитина,,,88442434090,ninanikitina111@mail.ru,Волгоград,1978-05-04,false
}
