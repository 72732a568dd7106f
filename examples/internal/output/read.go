package output

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strconv"

	"github.com/xuri/excelize/v2"
)

// ReadTable reads back a file written by Table, in the format of its extension, as rows of
// text: the header first, then one row per record, with an empty string for an empty cell
// (null in JSON Lines). Numbers read as written in the file (for JSON Lines and xlsx, as the
// JSON or Excel number). It is meant for tests and for checking a result by eye.
func ReadTable(path string) ([][]string, error) {
	format, err := FormatOf(path)
	if err != nil {
		return nil, err
	}
	switch format {
	case XLSX:
		f, err := excelize.OpenFile(path)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		rows, err := f.GetRows(f.GetSheetName(0))
		if err != nil {
			return nil, err
		}
		// GetRows drops trailing empty cells; pad to the header's width.
		for i := range rows {
			for len(rows[i]) < len(rows[0]) {
				rows[i] = append(rows[i], "")
			}
		}
		return rows, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if format == CSV {
		return csv.NewReader(f).ReadAll()
	}
	return readJSONL(f)
}

// readJSONL reads objects line by line, keeping the key order of the first as the header.
func readJSONL(r io.Reader) ([][]string, error) {
	var out [][]string
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<26)
	for n := 1; sc.Scan(); n++ {
		dec := json.NewDecoder(bytes.NewReader(sc.Bytes()))
		dec.UseNumber()
		if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
			return nil, fmt.Errorf("line %d: not a JSON object", n)
		}
		var keys, vals []string
		for dec.More() {
			k, err := dec.Token()
			if err != nil {
				return nil, fmt.Errorf("line %d: %w", n, err)
			}
			v, err := dec.Token()
			if err != nil {
				return nil, fmt.Errorf("line %d: %w", n, err)
			}
			keys = append(keys, k.(string))
			switch x := v.(type) {
			case nil:
				vals = append(vals, "")
			case string:
				vals = append(vals, x)
			case json.Number:
				vals = append(vals, x.String())
			case bool:
				vals = append(vals, strconv.FormatBool(x))
			default:
				return nil, fmt.Errorf("line %d: key %q holds a nested value", n, k)
			}
		}
		if out == nil {
			out = append(out, keys)
		}
		out = append(out, vals)
	}
	return out, sc.Err()
}
