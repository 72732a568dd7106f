package cli_test

import (
	"fmt"
	"os"
	"strings"

	"github.com/idmatch/idmatch/examples/internal/cli"
	"github.com/idmatch/idmatch/match"
)

// Loading a file and adding its records to a Matcher, reporting every row that was skipped
// with its line number.
func ExampleLoad() {
	const data = "id,first_name,last_name,phone\n" +
		"c1,Василий,Петров,+7 916 123-45-67\n" +
		"c2,Anna,Smith\n" + // a field is missing
		"c3,,,\n" + // nothing to match on
		"c4,Anna,Smith,\n"
	rep := cli.NewReporter(os.Stdout)
	in, err := cli.Load("-", strings.NewReader(data), cli.LoadOptions{Quiet: true}, rep)
	if err != nil {
		fmt.Println(err)
		return
	}
	m, err := cli.NewMatcher("RU", []*cli.Input{in})
	if err != nil {
		fmt.Println(err)
		return
	}
	kept := cli.AddAll(m, in, rep, true)
	fmt.Printf("%d rows read, %d kept, %d rejected, %d warnings\n", in.Read, len(kept), rep.Rejected, rep.Warnings)
	// Output:
	// stdin:3: rejected: wrong number of fields: got 3, want 4
	// stdin:4: rejected: match: empty record: record "c3" has no usable field
	// 3 rows read, 2 kept, 2 rejected, 0 warnings
}

func ExampleScoreClusters() {
	truth := map[string]string{"c1": "p1", "c2": "p1", "c3": "p2", "c4": "p2"}
	acc := cli.ScoreClusters([][]string{{"c1", "c2", "c3"}, {"c4"}}, truth)
	fmt.Printf("precision %.2f, recall %.2f\n", acc.Precision(), acc.Recall())
	// Output:
	// precision 0.33, recall 0.50
}

func ExampleDescribe() {
	fmt.Println(cli.Describe(match.Record{
		FullName: "Вася Петров",
		Phones:   []string{"+7 916 123-45-67"},
		City:     "Москва",
		Source:   "vk",
	}))
	// Output:
	// Вася Петров, +7 916 123-45-67, Москва [vk]
}
