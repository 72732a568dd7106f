package normalize

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestEmbeddedTablesMatchSources fails when a table under data/ was edited without running
// name_gendata.go, or DataVersion is stale.
func TestEmbeddedTablesMatchSources(t *testing.T) {
	sum := sha256.New()
	for _, name := range []string{"given_names", "cities"} {
		f, err := os.Open(filepath.Join("data", name+".tsv"))
		require.NoError(t, err)
		var want strings.Builder
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			line := strings.TrimRight(sc.Text(), "\r")
			if line == "" || strings.HasPrefix(line, "#") {
				continue
			}
			want.WriteString(line + "\n")
		}
		require.NoError(t, sc.Err())
		f.Close()
		var got strings.Builder
		for _, r := range tableRows(name) {
			got.WriteString(strings.Join(r, "\t") + "\n")
		}
		assert.Equal(t, want.String(), got.String(), "data/%s.tsv.gz is stale: run go run name_gendata.go", name)
		sum.Write([]byte(want.String()))
	}
	assert.Equal(t, hex.EncodeToString(sum.Sum(nil))[:12], DataVersion)
}

func TestTablesLoad(t *testing.T) {
	assert.Greater(t, len(givenNames().gender), 300, "canonical given names")
	assert.Greater(t, len(givenNames().keys), 1000, "names, diminutives and nicknames")
	assert.Greater(t, len(cities().byKey), 400, "city aliases")
	assert.Nil(t, tableRows("missing"))
}
