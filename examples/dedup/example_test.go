package main

import (
	"fmt"
	"os"
	"strings"
)

// Deduplicating a JSON Lines stream from stdin, the clusters going to stdout as CSV.
func Example() {
	const in = `{"id": "x1", "name": "Вася Петров", "phone": "+7 916 123-45-67", "birth_date": "12.03.1985"}
{"id": "x2", "name": "Василий Петров", "phone": "89161234567", "birth_date": "1985-03-12"}
{"id": "x3", "name": "Anna Smith", "email": "anna@example.com"}
`
	code := run([]string{"-q", "-train=false", "-in", "-", "-out", "-"}, strings.NewReader(in), os.Stdout, os.Stderr)
	fmt.Println("exit status", code)
	// Output:
	// id,cluster_id,cluster_size
	// x1,0,2
	// x2,0,2
	// x3,1,1
	// exit status 0
}
