package dataset

import (
	"bufio"
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
	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	xunicode "golang.org/x/text/encoding/unicode"
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
// input order. Lines are counted in the text as decoded with the encoding the Reader chose,
// so the detection of encoding and delimiter is fuzzed too; mode picks a forced delimiter
// (bit 0: ';') or encoding (bit 1: KOI8-R) instead of detection; bit 2 keeps unknown
// columns, which reads rows ahead.
func FuzzReader(f *testing.F) {
	for _, name := range []string{"febrl_style.csv", "broken.csv", "contacts.jsonl"} {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		require.NoError(f, err)
		f.Add(b, uint8(0))
	}
	f.Add([]byte("id,a\n1,\"x\n\"\"\n2,y\n3,\"\"z\n"), uint8(0))
	f.Add([]byte("\xef\xbb\xbfid;a\r\n1;\"x\"\r\n"), uint8(1))
	f.Add([]byte("{\"id\":1e3,\"phone\":[1,\"2\"]}\n{\"id\":[1]}\n"), uint8(0))
	cp1251, _ := charmap.Windows1251.NewEncoder().Bytes([]byte("Код;ФИО;Телефон\n1;Петров Иван;\"+7; 916\"\n2;Анна|Ли;\n"))
	f.Add(cp1251, uint8(0))
	koi8, _ := charmap.KOI8R.NewEncoder().Bytes([]byte("Код|Имя|Город\n1|Иван|Москва\n\n2|\"Ан\nна\"|Тверь\n"))
	f.Add(koi8, uint8(0))
	f.Add(koi8, uint8(2))
	f.Add([]byte("id,zip,note\n1,101000,a b\n\"2,x\n3,101001,\"c\nd\"\n4\n"), uint8(4))
	u16, _ := xunicode.UTF16(xunicode.LittleEndian, xunicode.UseBOM).NewEncoder().Bytes([]byte("id\tИмя\r\n1\tИван\r\n2\t\"x\r\n"))
	f.Add(u16, uint8(0))
	f.Fuzz(func(t *testing.T, data []byte, mode uint8) {
		opt := Options{AllowNoID: true, MaxFieldBytes: 16}
		if bytes.HasPrefix(data, []byte("PK\x03\x04")) {
			opt.Format = "csv" // xlsx is fuzzed by FuzzXLSX
		}
		if mode&1 != 0 {
			opt.Comma = ';'
		}
		if mode&2 != 0 {
			opt.Encoding = "koi8-r"
		}
		opt.KeepColumns = mode&4 != 0 // rows read ahead must all be read again
		r, err := NewReader(bytes.NewReader(data), FieldMap{}, opt)
		if err != nil {
			if !errors.Is(err, ErrNoHeader) && !errors.Is(err, ErrBadHeader) && !errors.Is(err, ErrNoID) && !errors.Is(err, ErrBadFieldMap) {
				t.Fatalf("unexpected NewReader error: %v", err)
			}
			return
		}
		d := r.Detected()
		if d.Format == "csv" && d.CommaGuessed && !strings.ContainsRune(",;\t|", d.Comma) {
			t.Fatalf("detected delimiter %q", d.Comma)
		}
		lines := strings.Split(decodedText(t, data, d), "\n")
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
				if !r.jsonl && row.Columns.Len() != len(r.cols) {
					t.Fatalf("line %d: %d columns, header has %d", row.Line, row.Columns.Len(), len(r.cols))
				}
				for k, v := range row.Columns.All() {
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

// decodedText returns data as the Reader decodes it under d.
func decodedText(t *testing.T, data []byte, d Detection) string {
	t.Helper()
	var enc encoding.Encoding
	switch {
	case d.Encoding == EncodingUTF8:
		return string(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")))
	case d.Encoding == EncodingUTF16LE && d.BOM:
		enc = xunicode.UTF16(xunicode.LittleEndian, xunicode.ExpectBOM)
	case d.Encoding == EncodingUTF16BE && d.BOM:
		enc = xunicode.UTF16(xunicode.BigEndian, xunicode.ExpectBOM)
	case d.Encoding == EncodingWindows1251:
		enc = charmap.Windows1251
	case d.Encoding == EncodingKOI8R:
		enc = charmap.KOI8R
	default:
		t.Fatalf("unexpected encoding %q", d.Encoding)
	}
	out, err := enc.NewDecoder().Bytes(data)
	if err != nil {
		t.Fatalf("decode: %v", err)
	}
	return string(out)
}

// FuzzDetect checks the detectors on any sample: guessEncoding names one of the encodings it
// may guess, detectComma one of its candidates, and neither consumes input.
func FuzzDetect(f *testing.F) {
	cp1251, _ := charmap.Windows1251.NewEncoder().Bytes([]byte("ФИО;Телефон\nПетров;1\n"))
	koi8, _ := charmap.KOI8R.NewEncoder().Bytes([]byte("ФИО,Телефон\nПетров,1\n"))
	f.Add(cp1251)
	f.Add(koi8)
	f.Add([]byte("a|b|\"c|d\"\n1|2|3\n"))
	f.Add([]byte("a\tb,c\n\"x\ny\"\t2,3\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		switch e := guessEncoding(data); e {
		case EncodingUTF8, EncodingWindows1251, EncodingKOI8R:
		default:
			t.Fatalf("guessed %q", e)
		}
		br := bufio.NewReaderSize(bytes.NewReader(data), sampleBytes)
		c := detectComma(br)
		if !strings.ContainsRune(",;\t|", c) {
			t.Fatalf("delimiter %q", c)
		}
		rest, _ := io.ReadAll(br)
		if !bytes.Equal(rest, data) {
			t.Fatal("detectComma consumed input")
		}
	})
}

// FuzzXLSX checks that no workbook, however broken, panics the Reader, and that every row
// it returns is well formed.
func FuzzXLSX(f *testing.F) {
	f.Add(smallXLSX(f))
	f.Add([]byte("PK\x03\x04"))
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := NewReader(bytes.NewReader(data), FieldMap{}, Options{Format: "xlsx", AllowNoID: true, KeepColumns: true, MaxFieldBytes: 16})
		if err != nil {
			return
		}
		defer r.Close()
		for row, err := range r.All() {
			if err != nil {
				continue
			}
			if row.Columns.Len() != len(r.cols) || row.Record.ID == "" {
				t.Fatalf("row %d: %d columns for %d, id %q", row.Line, row.Columns.Len(), len(r.cols), row.Record.ID)
			}
		}
	})
}

// smallXLSX returns a workbook of two rows.
func smallXLSX(tb testing.TB) []byte {
	x := excelize.NewFile()
	defer x.Close()
	require.NoError(tb, x.SetSheetRow("Sheet1", "A1", &[]any{"id", "Имя", "Телефон"}))
	require.NoError(tb, x.SetSheetRow("Sheet1", "A2", &[]any{1, "Анна", 79161234567}))
	var buf bytes.Buffer
	require.NoError(tb, x.Write(&buf))
	return buf.Bytes()
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
