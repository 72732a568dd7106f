package entity_test

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/idmatch/idmatch/entity"
	"github.com/idmatch/idmatch/internal/synth"
	"github.com/idmatch/idmatch/match"
)

func fromSynth(r synth.Record) match.Record {
	rec := match.Record{ID: r.ID, Source: r.Source, FirstName: r.FirstName, LastName: r.LastName,
		MiddleName: r.MiddleName, FullName: r.FullName, City: r.City, BirthDate: r.BirthDate}
	if r.Phone != "" {
		rec.Phones = []string{r.Phone}
	}
	if r.Email != "" {
		rec.Emails = []string{r.Email}
	}
	return rec
}

// smallBase returns CRM records and channel contacts of about n customers, dirty enough to
// give joins, merges and namesake crowds.
func smallBase(seed int64, n int) []match.Record {
	cfg := synth.DefaultConfig()
	cfg.Seed = seed
	cfg.Customers = n
	cfg.DuplicateShare = 0.3
	cfg.CrowdShare = 0.2
	cfg.CrowdSize = 6
	var out []match.Record
	for r := range synth.CRM(cfg) {
		out = append(out, fromSynth(r))
	}
	k := 0
	for r := range synth.Contacts(cfg) {
		if k == n {
			break
		}
		out = append(out, fromSynth(r))
		k++
	}
	return out
}

// canon turns clusters into a sorted list of sorted, comma-joined groups.
func canon(clusters [][]string) []string {
	out := make([]string, 0, len(clusters))
	for _, c := range clusters {
		c = slices.Clone(c)
		slices.Sort(c)
		out = append(out, strings.Join(c, ","))
	}
	slices.Sort(out)
	return out
}

func partitionOf(r *entity.Resolver) [][]string {
	var out [][]string
	for _, recs := range r.Partition() {
		out = append(out, recs)
	}
	return out
}

// dedupOf is what batch deduplication gives on the resolver's own matcher.
func dedupOf(t testing.TB, r *entity.Resolver) [][]string {
	t.Helper()
	c, err := r.Matcher().Dedup(context.Background(), match.DedupOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return c.Clusters
}

// pairAgreement is the share of record pairs on which two partitions agree (same cluster in
// both, or apart in both), over the pairs that either partition puts together, so that the
// many pairs apart in both do not flatter the figure. It is 1 when both are all singletons.
func pairAgreement(a, b [][]string) float64 {
	ca := map[string]int{}
	for i, c := range a {
		for _, id := range c {
			ca[id] = i
		}
	}
	cb := map[string]int{}
	for i, c := range b {
		for _, id := range c {
			cb[id] = i
		}
	}
	type pair struct{ x, y string }
	together := map[pair]bool{}
	for _, p := range [][][]string{a, b} {
		for _, c := range p {
			for i := range c {
				for j := i + 1; j < len(c); j++ {
					x, y := c[i], c[j]
					if y < x {
						x, y = y, x
					}
					together[pair{x, y}] = true
				}
			}
		}
	}
	if len(together) == 0 {
		return 1
	}
	agree := 0
	for p := range together {
		ia, oka := ca[p.x]
		ja, okb := ca[p.y]
		ib, okc := cb[p.x]
		jb, okd := cb[p.y]
		if oka && okb && okc && okd && (ia == ja) == (ib == jb) {
			agree++
		}
	}
	return float64(agree) / float64(len(together))
}

func open(t testing.TB, dir string, opt entity.Options) *entity.Resolver {
	t.Helper()
	r, err := entity.Open(dir, opt)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// diff returns "" when want and got are deeply equal, else both, marked "-" and "+" (the
// module keeps its dependencies few, so there is no go-cmp here).
func diff(want, got any) string {
	if reflect.DeepEqual(want, got) {
		return ""
	}
	return fmt.Sprintf("- %v\n+ %v", want, got)
}
