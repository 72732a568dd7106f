package entity_test

import (
	"context"
	"fmt"
	"log"
	"os"

	"github.com/idmatch/idmatch/entity"
	"github.com/idmatch/idmatch/match"
)

// A contact arrives from VK, then the same person calls, then writes an e-mail: all three
// land in one entity, whose ID never changes.
func Example() {
	dir, err := os.MkdirTemp("", "entity-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	r, err := entity.Open(dir, entity.Options{})
	if err != nil {
		log.Fatal(err)
	}
	defer r.Close()
	ctx := context.Background()

	// Some customers already in the store.
	r.AddBatch(ctx, []match.Record{
		{ID: "crm:1", Source: "crm", FirstName: "Анна", LastName: "Смирнова", Phones: []string{"+7 903 111-22-33"}, City: "Казань"},
		{ID: "crm:2", Source: "crm", FirstName: "Ольга", LastName: "Иванова", Phones: []string{"+7 905 765-43-21"}, City: "Тверь", BirthDate: "1979-03-12"},
	})

	contacts := []match.Record{
		{ID: "vk:id4711", Source: "vk", FullName: "Вася Петров", City: "Москва", Handles: []string{"vk.com/vasya_petrov_86"}, Phones: []string{"+7 916 123-45-67"}},
		{ID: "call:2026-12-01T10:15", Source: "call", FirstName: "Василий", Phones: []string{"8 (916) 123-45-67"}},
		{ID: "email:9f2c", Source: "email", FullName: "Василий Петров", Emails: []string{"v.petrov86@mail.ru"}, Phones: []string{"89161234567"}},
	}
	for _, c := range contacts {
		res, err := r.Add(ctx, c)
		if err != nil {
			log.Fatal(err)
		}
		for _, e := range res.Events {
			fmt.Printf("%-22s %s %s\n", c.ID, e.Kind, e.Entity)
		}
	}
	vk, _ := r.EntityOf("vk:id4711")
	fmt.Println(vk, r.Records(vk))

	m, err := r.Match(ctx, match.Record{Emails: []string{"V.Petrov86@mail.ru"}})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(m.Best.Entity, m.Status)
	// Output:
	// vk:id4711              created E0000003
	// call:2026-12-01T10:15  joined E0000003
	// email:9f2c             joined E0000003
	// E0000003 [vk:id4711 call:2026-12-01T10:15 email:9f2c]
	// E0000003 matched
}
