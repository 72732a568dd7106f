package block

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math/bits"
)

// Constants of the roaring portable format
// (https://github.com/RoaringBitmap/RoaringFormatSpec).
const (
	cookieNoRun    = 12346 // uint32 cookie, then a uint32 container count
	cookieRun      = 12347 // low 16 bits; high 16 bits hold the container count - 1
	arrayMax       = 4096  // containers up to this cardinality are sorted uint16 arrays
	bitmapBytes    = 8192  // a bitmap container is 2^16 bits
	offsetsFromRun = 4     // with run containers, offsets are present from this count on
)

var errShort = errors.New("short data")

// checkPortable verifies in linear time that data is exactly one well-formed roaring bitmap
// of card members in the portable format: sorted container keys, sorted arrays, disjoint
// sorted runs, bitmap popcounts and header cardinalities that agree. roaring's own
// ReadFrom trusts its input, and its Validate is quadratic in the runs of a container, which
// a hostile input can make take minutes.
func checkPortable(data []byte, card uint64) error {
	p := data
	next := func(n int) ([]byte, error) {
		if n > len(p) {
			return nil, errShort
		}
		b := p[:n]
		p = p[n:]
		return b, nil
	}
	b, err := next(4)
	if err != nil {
		return err
	}
	cookie := binary.LittleEndian.Uint32(b)
	var size int
	var isRun []byte
	switch {
	case cookie&0xffff == cookieRun:
		size = int(cookie>>16) + 1
		if isRun, err = next((size + 7) / 8); err != nil {
			return err
		}
	case cookie == cookieNoRun:
		if b, err = next(4); err != nil {
			return err
		}
		n := binary.LittleEndian.Uint32(b)
		if n > 1<<16 {
			return fmt.Errorf("%d containers", n)
		}
		size = int(n)
	default:
		return fmt.Errorf("cookie %#x", cookie)
	}
	desc, err := next(4 * size)
	if err != nil {
		return err
	}
	if isRun == nil || size >= offsetsFromRun {
		if _, err := next(4 * size); err != nil {
			return err
		}
	}
	var total uint64
	for i := range size {
		key := binary.LittleEndian.Uint16(desc[4*i:])
		n := int(binary.LittleEndian.Uint16(desc[4*i+2:])) + 1
		if i > 0 && key <= binary.LittleEndian.Uint16(desc[4*i-4:]) {
			return fmt.Errorf("container keys out of order")
		}
		total += uint64(n)
		switch {
		case isRun != nil && isRun[i/8]&(1<<(i%8)) != 0:
			b, err := next(2)
			if err != nil {
				return err
			}
			runs, err := next(4 * int(binary.LittleEndian.Uint16(b)))
			if err != nil {
				return err
			}
			if err := checkRuns(runs, n); err != nil {
				return err
			}
		case n > arrayMax:
			words, err := next(bitmapBytes)
			if err != nil {
				return err
			}
			ones := 0
			for w := 0; w < bitmapBytes; w += 8 {
				ones += bits.OnesCount64(binary.LittleEndian.Uint64(words[w:]))
			}
			if ones != n {
				return fmt.Errorf("bitmap container holds %d, header says %d", ones, n)
			}
		default:
			vals, err := next(2 * n)
			if err != nil {
				return err
			}
			for j := 2; j < len(vals); j += 2 {
				if binary.LittleEndian.Uint16(vals[j:]) <= binary.LittleEndian.Uint16(vals[j-2:]) {
					return fmt.Errorf("array container out of order")
				}
			}
		}
	}
	if len(p) != 0 {
		return fmt.Errorf("%d bytes after the bitmap", len(p))
	}
	if total != card {
		return fmt.Errorf("bitmap holds %d records, header says %d", total, card)
	}
	return nil
}

// checkRuns verifies a run container: (start, length-1) pairs, sorted, inside the container,
// separated by at least one absent value, and covering n values.
func checkRuns(runs []byte, n int) error {
	if len(runs) == 0 {
		return fmt.Errorf("empty run container")
	}
	covered := 0
	prevEnd := -2 // so that a run starting at 0 is accepted
	for j := 0; j < len(runs); j += 4 {
		start := int(binary.LittleEndian.Uint16(runs[j:]))
		end := start + int(binary.LittleEndian.Uint16(runs[j+2:]))
		if end > 0xffff || start <= prevEnd+1 {
			return fmt.Errorf("run container runs overlap or are out of order")
		}
		covered += end - start + 1
		prevEnd = end
	}
	if covered != n {
		return fmt.Errorf("run container holds %d, header says %d", covered, n)
	}
	return nil
}
