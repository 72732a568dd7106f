package synth_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/idmatch/idmatch/internal/synth"
)

var update = flag.Bool("update", false, "rewrite the committed datasets in testdata/")

// committed lists the datasets in the repository's testdata/ and the configs that make them;
// testdata/README.md gives the same settings as bench/gen command lines.
func committed() []struct {
	file string
	seq  func(func(synth.Record) bool)
} {
	customers := synth.DefaultConfig()
	customers.Customers, customers.Seed = 1800, 1
	customers.CrowdShare, customers.CrowdSize, customers.DuplicateShare = 0.1, 30, 0.1
	link := synth.DefaultConfig()
	link.Customers, link.Seed = 1000, 2
	return []struct {
		file string
		seq  func(func(synth.Record) bool)
	}{
		{"customers.csv", synth.CRM(customers)},
		{"crm.csv", synth.CRM(link)},
		{"contacts.csv", synth.Contacts(link)},
	}
}

// TestCommittedDatasets regenerates the committed datasets and compares them byte for byte,
// so a change in the generator cannot silently change the data examples and tests rely on.
// Run with -update to accept a deliberate change.
func TestCommittedDatasets(t *testing.T) {
	dir := filepath.Join("..", "..", "testdata")
	total := 0
	for _, c := range committed() {
		t.Run(c.file, func(t *testing.T) {
			var b bytes.Buffer
			require.NoError(t, synth.WriteCSV(&b, c.seq))
			path := filepath.Join(dir, c.file)
			if *update {
				require.NoError(t, os.WriteFile(path, b.Bytes(), 0o644))
			}
			want, err := os.ReadFile(path)
			require.NoError(t, err, "run go test ./internal/synth -run TestCommittedDatasets -update")
			assert.True(t, bytes.Equal(want, b.Bytes()), "%s differs from the generator's output; rerun with -update if the change is intended", path)
			total += len(want)
		})
	}
	assert.LessOrEqual(t, total, 1<<20, "committed datasets must stay under 1 MB")
}
