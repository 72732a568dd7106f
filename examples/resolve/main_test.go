package main

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

const customers = "../../testdata/customers.csv"

func runOK(t *testing.T, args ...string) (stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	if code := run(append(args, "-q"), nil, &out, &errb); code != 0 {
		t.Fatalf("resolve %v: exit %d\n%s", args, code, errb.String())
	}
	return out.String(), errb.String()
}

// groups turns record_id,entity_id lines into sorted groups of record IDs.
func groups(csv string) []string {
	byEnt := map[string][]string{}
	for _, line := range strings.Split(strings.TrimSpace(csv), "\n")[1:] {
		rec, ent, _ := strings.Cut(line, ",")
		byEnt[ent] = append(byEnt[ent], rec)
	}
	var out []string
	for _, g := range byEnt {
		slices.Sort(g)
		out = append(out, strings.Join(g, " "))
	}
	slices.Sort(out)
	return out
}

// TestRunTwice checks that a second run of the same file changes nothing.
func TestRunTwice(t *testing.T) {
	store := t.TempDir()
	first, _ := runOK(t, "-store", store, "-in", customers)
	second, summary := runOK(t, "-store", store, "-in", customers)
	if first != second {
		t.Error("the second run wrote other entities")
	}
	if !strings.Contains(summary, "created 0, joined 0, merged 0, split 0, removed 0") {
		t.Errorf("the second run caused events: %s", summary)
	}
}

// TestResume checks that a run stopped half way and started again gives the entities of
// one whole run.
func TestResume(t *testing.T) {
	data, err := os.ReadFile(customers)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(data), "\n")
	half := filepath.Join(t.TempDir(), "half.csv")
	if err := os.WriteFile(half, []byte(strings.Join(lines[:len(lines)/2], "")), 0o600); err != nil {
		t.Fatal(err)
	}
	whole, _ := runOK(t, "-store", t.TempDir(), "-in", customers)
	store := t.TempDir()
	runOK(t, "-store", store, "-in", half)
	resumed, _ := runOK(t, "-store", store, "-in", customers, "-batch", "300")
	if g, w := groups(resumed), groups(whole); !slices.Equal(g, w) {
		t.Errorf("resumed run: %d entities, whole run %d", len(g), len(w))
	}
}

// TestUsage checks that -store is required.
func TestUsage(t *testing.T) {
	var out, errb bytes.Buffer
	if code := run([]string{"-in", customers}, nil, &out, &errb); code != 2 {
		t.Errorf("no -store: exit %d, want 2", code)
	}
}
