package main

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/idmatch/idmatch/internal/synth"
)

// TestReadmeCommands runs the command lines of testdata/README.md and checks they reproduce
// the committed files byte for byte.
func TestReadmeCommands(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("..", "..", "testdata", "README.md"))
	require.NoError(t, err)
	var cmds [][]string
	for _, line := range strings.Split(string(readme), "\n") {
		if rest, ok := strings.CutPrefix(line, "go run ./bench/gen "); ok {
			cmds = append(cmds, strings.Fields(rest))
		}
	}
	require.Len(t, cmds, 3, "README lists one command per dataset")
	dir := t.TempDir()
	for _, args := range cmds {
		out := ""
		for i, a := range args {
			if a == "-o" && i+1 < len(args) {
				out = args[i+1]
				args[i+1] = filepath.Join(dir, filepath.Base(out))
			}
		}
		require.NotEmpty(t, out, "command %v has no -o", args)
		var stdout, stderr bytes.Buffer
		require.NoError(t, run(args, &stdout, &stderr), stderr.String())
		got, err := os.ReadFile(filepath.Join(dir, filepath.Base(out)))
		require.NoError(t, err)
		want, err := os.ReadFile(filepath.Join("..", "..", out))
		require.NoError(t, err)
		assert.True(t, bytes.Equal(want, got), "%v does not reproduce %s", args, out)
	}
}

func TestRun(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		wantErr string
		rows    int // data rows on standard output, when no error
	}{
		{"crm to stdout", []string{"-n", "20", "-dup-share", "0"}, "", 20},
		{"contacts to stdout", []string{"-kind", "contacts", "-n", "20", "-contacts-per-customer", "2"}, "", 40},
		{"bad kind", []string{"-kind", "nope"}, "-kind", 0},
		{"twocrm needs a prefix", []string{"-kind", "twocrm"}, "prefix", 0},
		{"invalid config", []string{"-n", "0"}, "Customers", 0},
		{"bad rate", []string{"-typo-rate", "2"}, "TypoRate", 0},
		{"unknown flag", []string{"-bogus"}, "bogus", 0},
		{"stray argument", []string{"extra"}, "unexpected", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			err := run(tt.args, &stdout, &stderr)
			if tt.wantErr != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error()+stderr.String(), tt.wantErr)
				return
			}
			require.NoError(t, err)
			rows, err := csv.NewReader(&stdout).ReadAll()
			require.NoError(t, err)
			assert.Equal(t, synth.Header, rows[0])
			assert.Len(t, rows, tt.rows+1)
		})
	}
}

func TestTwoCRMFiles(t *testing.T) {
	prefix := filepath.Join(t.TempDir(), "two.csv")
	var stdout, stderr bytes.Buffer
	require.NoError(t, run([]string{"-kind", "twocrm", "-n", "50", "-o", prefix}, &stdout, &stderr))
	assert.Empty(t, stdout.String())
	for _, name := range []string{"two_marketing.csv", "two_support.csv"} {
		f, err := os.Open(filepath.Join(filepath.Dir(prefix), name))
		require.NoError(t, err)
		rows, err := csv.NewReader(f).ReadAll()
		require.NoError(t, f.Close())
		require.NoError(t, err)
		assert.Greater(t, len(rows), 20, name)
	}
}

func TestUnwritableOutput(t *testing.T) {
	var stdout, stderr bytes.Buffer
	err := run([]string{"-n", "5", "-o", filepath.Join(t.TempDir(), "missing", "x.csv")}, &stdout, &stderr)
	require.Error(t, err)
}
