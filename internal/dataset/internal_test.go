package dataset

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestPlainNumber(t *testing.T) {
	tests := []struct {
		name   string
		input  string
		want   string
		wantOK bool
	}{
		{name: "integer", input: "42", want: "42", wantOK: true},
		{name: "long integer", input: "12345678901234567890", want: "12345678901234567890", wantOK: true},
		{name: "decimal kept", input: "1.50", want: "1.50", wantOK: true},
		{name: "exponent", input: "1.5e3", want: "1500", wantOK: true},
		{name: "upper exponent", input: "7.9161234567E10", want: "79161234567", wantOK: true},
		{name: "negative exponent", input: "12E-3", want: "0.012", wantOK: true},
		{name: "plus exponent", input: "-2.50e+1", want: "-25", wantOK: true},
		{name: "inside", input: "123.456e1", want: "1234.56", wantOK: true},
		{name: "zero", input: "-0e5", want: "0", wantOK: true},
		{name: "huge", input: "1e1001"},
		{name: "tiny", input: "1e-1001"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := plainNumber(tt.input)
			assert.Equal(t, tt.wantOK, ok)
			assert.Equal(t, tt.want, got)
		})
	}
}

// FuzzReader checks that no input panics and that every line is accounted for: each
// non-blank line after the header lies within exactly one returned row or row error, in
// input order.
func FuzzReader(f *testing.F) {
	for _, name := range []string{"febrl_style.csv", "broken.csv", "contacts.jsonl"} {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		require.NoError(f, err)
		f.Add(b, false)
	}
	f.Add([]byte("id,a\n1,\"x\n\"\"\n2,y\n3,\"\"z\n"), false)
	f.Add([]byte("\xef\xbb\xbfid;a\r\n1;\"x\"\r\n"), true)
	f.Add([]byte("{\"id\":1e3,\"phone\":[1,\"2\"]}\n{\"id\":[1]}\n"), false)
	f.Fuzz(func(t *testing.T, data []byte, semicolon bool) {
		opt := Options{AllowNoID: true, MaxFieldBytes: 16}
		if semicolon {
			opt.Comma = ';'
		}
		r, err := NewReader(bytes.NewReader(data), FieldMap{}, opt)
		if err != nil {
			if !errors.Is(err, ErrNoHeader) && !errors.Is(err, ErrBadHeader) && !errors.Is(err, ErrNoID) {
				t.Fatalf("unexpected NewReader error: %v", err)
			}
			return
		}
		lines := strings.Split(string(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))), "\n")
		if lines[len(lines)-1] == "" {
			lines = lines[:len(lines)-1]
		}
		covered := make([]bool, len(lines)+1)
		if !r.jsonl {
			for n := 1; n <= r.end; n++ {
				covered[n] = true
			}
		}
		prev := r.end
		if r.jsonl {
			prev = 0
		}
		for {
			row, err := r.Read()
			if err == io.EOF {
				break
			}
			start := row.Line
			if err != nil {
				var re *RowError
				if !errors.As(err, &re) {
					t.Fatalf("unexpected Read error: %v", err)
				}
				start = re.Line
			} else {
				if row.Record.ID == "" {
					t.Fatalf("line %d: row without ID", row.Line)
				}
				if !r.jsonl && len(row.Columns) != len(r.cols) {
					t.Fatalf("line %d: %d columns, header has %d", row.Line, len(row.Columns), len(r.cols))
				}
				for k, v := range row.Columns {
					if !utf8.ValidString(v) || (!r.jsonl && len(v) > opt.MaxFieldBytes) {
						t.Fatalf("line %d: bad value %q in column %q", row.Line, v, k)
					}
				}
			}
			if start <= prev || r.end < start || r.end > len(lines) {
				t.Fatalf("item at lines %d-%d after line %d (input has %d lines)", start, r.end, prev, len(lines))
			}
			for n := start; n <= r.end; n++ {
				covered[n] = true
			}
			prev = r.end
		}
		for n := 1; n <= len(lines); n++ {
			text := strings.TrimSuffix(lines[n-1], "\r")
			blank := r.blank(text)
			if r.jsonl {
				blank = strings.TrimSpace(text) == ""
			}
			if !covered[n] && !blank {
				t.Fatalf("line %d %q neither returned nor reported", n, text)
			}
		}
	})
}

// FuzzParseObject checks the JSONL scanner against encoding/json: whatever it accepts, json
// accepts with the same keys and values.
func FuzzParseObject(f *testing.F) {
	f.Add(`{"id": "c1", "phone": ["+7 916", 7.9e10, null], "n": -1.5E-2, "ok": true, "x": null}`)
	f.Add(`{"a\u0041\"": "\ud83d\ude00 \n", "b": []}`)
	f.Add(`{"a": {"b": 1}}`)
	f.Add(`{"a": 1, "a": 2}`)
	f.Fuzz(func(t *testing.T, s string) {
		obj, reason, _ := parseObject(s, 1)
		var want map[string]any
		dec := json.NewDecoder(strings.NewReader(s))
		dec.UseNumber()
		err := dec.Decode(&want)
		if err == nil && strings.Trim(s[dec.InputOffset():], " \t\r\n") != "" {
			err = errors.New("text after the value")
		}
		if obj == nil {
			if strings.HasPrefix(reason, "invalid JSON") && err == nil && utf8.ValidString(s) {
				t.Fatalf("rejected valid JSON: %s", reason)
			}
			return
		}
		if err != nil {
			t.Fatalf("accepted invalid JSON: %v", err)
		}
		trimmed := make(map[string]any, len(want))
		for k, v := range want {
			trimmed[strings.TrimSpace(k)] = v
		}
		want = trimmed
		if len(want) != len(obj.keys) {
			t.Fatalf("keys %q, json has %d", obj.keys, len(want))
		}
		text := func(v any) string {
			switch v := v.(type) {
			case string:
				return strings.TrimSpace(v)
			case json.Number:
				s, _ := plainNumber(string(v))
				return s
			case bool:
				if v {
					return "true"
				}
				return "false"
			}
			return ""
		}
		for i, k := range obj.keys {
			var vals []string
			if arr, ok := want[k].([]any); ok {
				for _, e := range arr {
					if v := text(e); v != "" {
						vals = append(vals, v)
					}
				}
			} else {
				vals = []string{text(want[k])}
			}
			if strings.Join(vals, "\x00") != strings.Join(obj.vals[i], "\x00") || len(vals) != len(obj.vals[i]) {
				t.Fatalf("key %q: got %q, json gives %q", k, obj.vals[i], vals)
			}
		}
	})
}
