// Code generated from normalize/name_tables.go at commit f98b6b7; DO NOT EDIT.
//
// It is the reference the differential tests in equiv_test.go compare the package with: the
// normalizers as they were before they were made faster. Only this header and the package
// clause differ from the original.

package normalize_test

import (
	"bytes"
	"compress/gzip"
	"embed"
	"io"
	"strings"
)

// The tables are written by hand in data/*.tsv and embedded gzipped by name_gendata.go.
//
//go:embed data/*.tsv.gz
var tableFS embed.FS

// tableRows returns the rows of an embedded table split into columns. The tables are part of
// the binary, so a failure here is a build defect; it yields no rows rather than a panic, and
// the table tests catch it.
func tableRows(name string) [][]string {
	raw, err := tableFS.ReadFile("data/" + name + ".tsv.gz")
	if err != nil {
		return nil
	}
	zr, err := gzip.NewReader(bytes.NewReader(raw))
	if err != nil {
		return nil
	}
	body, err := io.ReadAll(zr)
	if err != nil {
		return nil
	}
	var rows [][]string
	for line := range strings.SplitSeq(string(body), "\n") {
		if line == "" {
			continue
		}
		rows = append(rows, strings.Split(line, "\t"))
	}
	return rows
}
