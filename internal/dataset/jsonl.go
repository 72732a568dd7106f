package dataset

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// object is one parsed JSONL line: its keys in order with their values.
type object struct {
	no   int
	keys []string
	vals [][]string // one value, or an array's values
	arr  []bool     // whether the value was an array
}

// maxExponent bounds the exponent of a JSON number written out in full, so that "1e999999"
// cannot make a megabyte of zeros.
const maxExponent = 1000

// parseObject parses one JSON object holding scalar values or arrays of scalars. It returns
// a reason, and the underlying JSON error if any, when the line is not such an object.
//
// json.Valid checks the syntax first, so the scan below may trust it; the scan exists because
// json.Decoder's Token API, the only standard way to keep key order, costs over a hundred
// allocations per line.
func parseObject(s string, no int) (*object, string, error) {
	if !utf8.ValidString(s) {
		return nil, "invalid UTF-8", nil
	}
	if !json.Valid([]byte(s)) {
		var v any
		err := json.Unmarshal([]byte(s), &v)
		if err == nil { // unreachable while json.Valid and json.Unmarshal agree
			err = errors.New("invalid JSON")
		}
		return nil, "invalid JSON: " + err.Error(), err
	}
	p := scanner{s: s}
	if p.skip() != '{' {
		return nil, "not a JSON object", nil
	}
	p.i++
	// Every key is followed by a colon, so this bounds the key count and saves regrowing.
	n := strings.Count(s, ":")
	obj := &object{no: no, keys: make([]string, 0, n), vals: make([][]string, 0, n), arr: make([]bool, 0, n)}
	for p.skip() != '}' {
		if s[p.i] == ',' {
			p.i++
			p.skip()
		}
		key := strings.TrimSpace(p.str())
		if slices.Contains(obj.keys, key) {
			return nil, fmt.Sprintf("duplicate key %q", key), nil
		}
		p.skip() // the ':'
		p.i++
		var vals []string
		isArr := false
		switch p.skip() {
		case '{':
			return nil, fmt.Sprintf("key %q: nested objects are not supported", key), nil
		case '[':
			isArr = true
			p.i++
			for p.skip() != ']' {
				if s[p.i] == ',' {
					p.i++
					p.skip()
				}
				v, reason := p.scalar()
				if reason != "" {
					return nil, fmt.Sprintf("key %q: array element: %s", key, reason), nil
				}
				if v != "" {
					vals = append(vals, v)
				}
			}
			p.i++
		default:
			v, reason := p.scalar()
			if reason != "" {
				return nil, fmt.Sprintf("key %q: %s", key, reason), nil
			}
			vals = []string{v}
		}
		obj.keys = append(obj.keys, key)
		obj.vals = append(obj.vals, vals)
		obj.arr = append(obj.arr, isArr)
	}
	return obj, "", nil
}

// scanner walks a line already checked by json.Valid.
type scanner struct {
	s string
	i int
}

// skip moves past white space and returns the next byte, or 0 at the end.
func (p *scanner) skip() byte {
	for p.i < len(p.s) {
		switch c := p.s[p.i]; c {
		case ' ', '\t', '\r', '\n':
			p.i++
		default:
			return c
		}
	}
	return 0
}

// str reads the string at p.i. Only strings with escapes are handed to encoding/json.
func (p *scanner) str() string {
	start := p.i
	escaped := false
	for p.i++; p.s[p.i] != '"'; p.i++ {
		if p.s[p.i] == '\\' {
			escaped = true
			p.i++
		}
	}
	p.i++
	if !escaped {
		return p.s[start+1 : p.i-1]
	}
	var v string
	_ = json.Unmarshal([]byte(p.s[start:p.i]), &v) // valid by json.Valid
	return v
}

// scalar reads the value at p.i as text, trimmed; null gives "". A nested array or object
// gives a reason.
func (p *scanner) scalar() (string, string) {
	switch c := p.s[p.i]; {
	case c == '"':
		return strings.TrimSpace(p.str()), ""
	case c == '[' || c == '{':
		return "", "nested arrays and objects are not supported"
	case c == 't':
		p.i += len("true")
		return "true", ""
	case c == 'f':
		p.i += len("false")
		return "false", ""
	case c == 'n':
		p.i += len("null")
		return "", ""
	default:
		start := p.i
		for p.i < len(p.s) && strings.IndexByte("+-.0123456789eE", p.s[p.i]) >= 0 {
			p.i++
		}
		lit := p.s[start:p.i]
		v, ok := plainNumber(lit)
		if !ok {
			return "", fmt.Sprintf("number %s out of range", lit)
		}
		return v, ""
	}
}

// plainNumber writes a JSON number literal without an exponent, exactly (no float rounding,
// so that long identifiers and phone numbers survive): "1.5e3" → "1500", "12E-3" → "0.012".
// A literal without an exponent is returned unchanged.
func plainNumber(s string) (string, bool) {
	e := strings.IndexAny(s, "eE")
	if e < 0 {
		return s, true
	}
	mant := s[:e]
	exp, err := strconv.Atoi(s[e+1:])
	if err != nil || exp > maxExponent || exp < -maxExponent {
		return "", false
	}
	neg := strings.HasPrefix(mant, "-")
	mant = strings.TrimPrefix(mant, "-")
	intPart, frac := mant, ""
	if dot := strings.IndexByte(mant, '.'); dot >= 0 {
		intPart, frac = mant[:dot], mant[dot+1:]
	}
	digits := intPart + frac
	point := len(intPart) + exp // position of the decimal point within digits
	var ip, fp string
	switch {
	case point <= 0:
		ip, fp = "0", strings.Repeat("0", -point)+digits
	case point >= len(digits):
		ip = digits + strings.Repeat("0", point-len(digits))
	default:
		ip, fp = digits[:point], digits[point:]
	}
	ip = strings.TrimLeft(ip, "0")
	if ip == "" {
		ip = "0"
	}
	out := ip
	if fp = strings.TrimRight(fp, "0"); fp != "" {
		out += "." + fp
	}
	if neg && out != "0" {
		out = "-" + out
	}
	return out, true
}

// readJSONHeader reads the first non-blank line, whose keys make the initial header; the
// object itself is kept as the first row.
func (r *Reader) readJSONHeader() error {
	ln, err := r.headerLine(func(s string) bool { return strings.TrimSpace(s) == "" })
	if err != nil {
		return err
	}
	obj, reason, err := parseObject(ln.text, ln.no)
	if reason != "" {
		return fmt.Errorf("%w: line %d: first object: %s", ErrBadHeader, ln.no, reason)
	}
	if err != nil {
		return err
	}
	for _, k := range obj.keys {
		if err := r.addColumn(k); err != nil {
			return err
		}
	}
	r.pending = obj
	return nil
}

// readJSON returns the next JSONL row.
func (r *Reader) readJSON() (Row, error) {
	if obj := r.pending; obj != nil {
		r.pending = nil
		r.end = obj.no
		return r.buildJSON(obj)
	}
	for {
		ln, err := r.lines.next()
		if err != nil {
			return Row{}, err
		}
		r.end = ln.no
		if ln.tooLong {
			return Row{}, rowError(ln.no, "line longer than %d bytes", r.lines.max)
		}
		if strings.TrimSpace(ln.text) == "" {
			continue
		}
		obj, reason, err := parseObject(ln.text, ln.no)
		if reason != "" {
			re := rowError(ln.no, "%s", reason)
			if err != nil {
				re.Err = errors.Join(ErrBadRow, err)
			}
			return Row{}, re
		}
		return r.buildJSON(obj)
	}
}

// buildJSON turns a parsed object into a Row. New keys join the header only when the row is
// good, so that a rejected row cannot claim a field.
func (r *Reader) buildJSON(obj *object) (Row, error) {
	for i, k := range obj.keys {
		var f field
		if at, ok := r.index[k]; ok {
			f = r.cols[at].field
		} else {
			f = r.roleOf(k).field
		}
		if obj.arr[i] && !f.multi() {
			return Row{}, rowError(obj.no, "key %q: arrays are accepted only for phone, email and handle", k)
		}
		for _, v := range obj.vals[i] {
			if len(v) > r.maxField {
				return Row{}, rowError(obj.no, "key %q: longer than %d bytes", k, r.maxField)
			}
		}
	}
	// The keys vary from object to object: each row names its own columns.
	row := Row{Line: obj.no, Columns: Columns{names: slices.Clone(obj.keys), vals: make([]string, len(obj.keys))}}
	for i, k := range obj.keys {
		at, ok := r.index[k]
		if !ok {
			// Re-resolved on adding: an earlier key of this row may just have taken the field.
			if err := r.addColumn(k); err != nil {
				return Row{}, rowError(obj.no, "key %q: %v", k, err)
			}
			at = len(r.cols) - 1
		}
		row.Columns.vals[i] = strings.Join(obj.vals[i], "; ")
		for _, v := range obj.vals[i] {
			set(&row.Record, &r.cols[at], v)
		}
	}
	if err := r.finishID(&row); err != nil {
		return Row{}, err
	}
	return row, nil
}
