package match_test

import (
	"context"
	"fmt"

	"github.com/idmatch/idmatch/match"
)

// Link a VK account to the CRM customer it belongs to.
func Example_link() {
	m, _ := match.New()
	m.Add(match.Record{ID: "cust-1", FullName: "Петров Василий Иванович", Phones: []string{"+7 916 123-45-67"}, City: "Москва"})
	m.Add(match.Record{ID: "cust-2", FullName: "Петрова Мария Сергеевна", City: "Москва"})

	res, _ := m.Match(context.Background(), match.Record{
		Source: "vk", FullName: "Вася Петров", City: "Moscow", Phones: []string{"8 (916) 123-45-67"},
	})
	fmt.Println(res.Best.ID, res.Status, res.Confidence > 0.99)
	// Output: cust-1 matched true
}

// Deduplicate a customer base: two records of one person become one cluster.
func Example_dedup() {
	m, _ := match.New()
	m.Add(match.Record{ID: "1", FirstName: "Vasiliy", LastName: "Petrov", Emails: []string{"v.petrov@gmail.com"}})
	m.Add(match.Record{ID: "2", FullName: "Петров Василий", Emails: []string{"V.Petrov+crm@gmail.com"}})
	m.Add(match.Record{ID: "3", FullName: "Мария Петрова", Emails: []string{"masha@yandex.ru"}})

	cl, _ := m.Dedup(context.Background(), match.DedupOptions{})
	fmt.Println(cl.Clusters)
	// Output: [[1 2] [3]]
}

// Explain why a contact got its answer.
func ExampleMatcher_Explain() {
	m, _ := match.New()
	m.Add(match.Record{ID: "cust-1", FullName: "Петров Василий Иванович", Phones: []string{"+7 916 123-45-67"}})

	e, _ := m.Explain(context.Background(), match.Record{FullName: "Vasya Petrov", Phones: []string{"89161234567"}}, "cust-1")
	for _, f := range e.Pair.Fields {
		if f.LevelName != "missing" {
			fmt.Printf("%s: %s, positive %v\n", f.Field, f.LevelName, f.Bits > 0)
		}
	}
	// Output:
	// given_name: canonical, positive true
	// surname: exact, positive true
	// phone: shared, positive true
	// gender: agree, positive true
}

// Keep a reviewer's answers in the output: two namesakes tie for a contact, and the person
// who looked said it is not the first one.
func ExampleMatcher_Decide() {
	m, _ := match.New()
	m.Add(match.Record{ID: "cust-1", FullName: "Петров Василий Иванович", City: "Москва"})
	m.Add(match.Record{ID: "cust-2", FullName: "Петров Василий Петрович", City: "Москва"})
	m.Add(match.Record{ID: "cust-3", FullName: "Петров Василий", City: "Тула"})

	res, _ := m.Match(context.Background(), match.Record{FullName: "Вася Петров", City: "Москва"})
	fmt.Println(res.Status, len(res.Candidates))

	res = m.Decide(res, []match.QueryLabel{{ID: "cust-1", Same: false}})
	fmt.Println(res.Status, res.Best.ID, len(res.Candidates), res.Decided)

	res = m.Decide(res, []match.QueryLabel{{ID: "cust-2", Same: true}})
	fmt.Println(res.Status, res.Best.ID, res.Confidence)
	// Output:
	// ambiguous 3
	// review cust-2 2 true
	// matched cust-2 1
}

// Bound what a level can tell: an issue date given as a month and year agrees by chance for
// about one random pair in 120, so its partial agreement is worth at most log2(120) bits.
func ExampleField_maxBits() {
	f := match.DateField("issued")
	fmt.Printf("built-in bound on partial agreement: %.1f bits\n", f.MaxBits[1])
	f.MaxBits[1] = 6.9
	_, err := match.New(match.WithCustomField(f))
	fmt.Println("6.9 bits:", err)
	f.MaxBits[1] = -1
	_, err = match.New(match.WithCustomField(f))
	fmt.Println("-1 bits:", err)
	// Output:
	// built-in bound on partial agreement: 8.5 bits
	// 6.9 bits: <nil>
	// -1 bits: match: invalid option: field "issued": level "partial" bounded at -1 bits, want a finite bound ≥ 0
}
