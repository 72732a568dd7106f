package block

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"math"
	"math/bits"
	"slices"

	"github.com/RoaringBitmap/roaring/v2"
)

// Errors returned by [Index.ReadFrom], wrapped with details; test with errors.Is.
var (
	// ErrCorrupt reports input that is not a well-formed serialised index: wrong magic,
	// truncated data, an absurd length, a malformed posting list or a checksum mismatch.
	ErrCorrupt = errors.New("block: corrupt index data")
	// ErrVersion reports a serialised index in a format version this package cannot read.
	ErrVersion = errors.New("block: unsupported index format version")
)

// The serialised form, all integers little-endian:
//
//	magic    [8]byte  "IDMBLOCK"
//	version  uint16   formatVersion
//	length   uint64   number of payload bytes
//	payload:
//	  uvarint  entry count
//	  per key, in strictly increasing order of key hash (FNV-1a 64):
//	    uvarint hash, as the difference from the previous entry's (the first: the hash)
//	    uvarint block size n (>= 1)
//	    n == 1: uvarint record number
//	    n >= 2: uvarint name length, name bytes (length 0: name unknown; otherwise the
//	            name must hash to the entry's hash), then
//	      n <= smallMax: n uvarints, the first member and then the gaps to each next one
//	      n >  smallMax: uvarint byte length, roaring portable serialisation
//	checksum uint32   CRC-32C of everything before it
//
// The length field lets ReadFrom stop exactly at the end of the index, so an index can be
// embedded in a larger stream; the hash order makes the output deterministic.
//
// Version 1 named every key; ReadFrom reports ErrVersion for it rather than keeping a
// second reader, since an index is rebuilt from its records in about a second per million.
const (
	magic         = "IDMBLOCK"
	formatVersion = 2
	headerSize    = len(magic) + 2 + 8

	// maxKeyLen bounds one key on reading; blocking keys are short, and the bound keeps a
	// corrupt length from asking for a giant buffer.
	maxKeyLen = 1 << 20
	// maxBitmapLen bounds one serialised bitmap: 65536 containers of at most 8 KiB each,
	// plus their headers.
	maxBitmapLen = 8 + 1<<16*(8+8192)
)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// WriteTo writes the index to w in a portable, versioned binary form (see ReadFrom) and
// returns the number of bytes written. The output is deterministic: indexes with equal
// blocks, and the same block names known (see [Stats].Largest), give equal bytes. It only
// reads the index.
func (ix *Index) WriteTo(w io.Writer) (int64, error) {
	hashes := make([]uint64, 0, ix.keys.len())
	for h := range ix.keys.all() {
		hashes = append(hashes, h)
	}
	slices.Sort(hashes)

	// The payload length goes in the header, so measure it first.
	payload := uint64(uvarintLen(uint64(len(hashes))))
	prevHash := uint64(0)
	for _, h := range hashes {
		payload += uint64(uvarintLen(h - prevHash))
		prevHash = h
		e, _ := ix.keys.get(h)
		if e&multiBit == 0 {
			payload += uint64(uvarintLen(1) + uvarintLen(uint64(uint32(e))))
			continue
		}
		p, name := &ix.blocks[uint32(e)], ix.names[uint32(e)]
		n := p.card()
		payload += uint64(uvarintLen(n)+uvarintLen(uint64(len(name)))) + uint64(len(name))
		if n <= smallMax {
			prev := uint32(0)
			for _, id := range p.members() {
				payload += uint64(uvarintLen(uint64(id - prev)))
				prev = id
			}
			continue
		}
		sz := p.bm.GetSerializedSizeInBytes()
		payload += uint64(uvarintLen(sz)) + sz
	}

	hw := &hashWriter{w: w}
	bw := bufio.NewWriterSize(hw, 64<<10) // its error is sticky, so checking once at Flush suffices
	var tmp [binary.MaxVarintLen64]byte
	uvarint := func(x uint64) { bw.Write(binary.AppendUvarint(tmp[:0], x)) }

	var hdr [headerSize]byte
	copy(hdr[:], magic)
	binary.LittleEndian.PutUint16(hdr[len(magic):], formatVersion)
	binary.LittleEndian.PutUint64(hdr[len(magic)+2:], payload)
	bw.Write(hdr[:])
	uvarint(uint64(len(hashes)))
	prevHash = 0
	for _, h := range hashes {
		uvarint(h - prevHash)
		prevHash = h
		e, _ := ix.keys.get(h)
		if e&multiBit == 0 {
			uvarint(1)
			uvarint(uint64(uint32(e)))
			continue
		}
		p, name := &ix.blocks[uint32(e)], ix.names[uint32(e)]
		n := p.card()
		uvarint(n)
		uvarint(uint64(len(name)))
		bw.WriteString(name)
		if n <= smallMax {
			prev := uint32(0)
			for _, id := range p.members() {
				uvarint(uint64(id - prev))
				prev = id
			}
			continue
		}
		uvarint(p.bm.GetSerializedSizeInBytes())
		p.bm.WriteTo(bw)
	}
	if err := bw.Flush(); err != nil {
		return hw.n, fmt.Errorf("block: write index: %w", err)
	}
	binary.LittleEndian.PutUint32(tmp[:4], hw.crc)
	if _, err := hw.Write(tmp[:4]); err != nil {
		return hw.n, fmt.Errorf("block: write index: %w", err)
	}
	return hw.n, nil
}

// ReadFrom replaces the content of the index with an index read from r, as written by
// WriteTo, and returns the number of bytes read. It reads exactly the bytes WriteTo wrote
// and no more, so r may continue with other data.
//
// Malformed input gives an error wrapping ErrCorrupt, never a panic, and the index is left
// unchanged. An index written in another format version, such as version 1 of earlier
// releases, gives ErrVersion: rebuild it from its records. No allocation is made from a
// length field beyond what the input actually holds. An error from r itself is returned
// wrapped as it is.
func (ix *Index) ReadFrom(r io.Reader) (int64, error) {
	cr := &countReader{r: r}
	var loaded Index
	if err := loaded.read(cr); err != nil {
		return cr.n, err
	}
	ix.keys, ix.blocks, ix.names, ix.free = loaded.keys, loaded.blocks, loaded.names, nil
	ix.recount()
	return cr.n, nil
}

// read fills the empty, unshared index ix from r.
func (ix *Index) read(r io.Reader) error {
	var hdr [headerSize]byte
	if _, err := io.ReadFull(r, hdr[:]); err != nil {
		return readErr("header", err)
	}
	if string(hdr[:len(magic)]) != magic {
		return fmt.Errorf("%w: not an index (bad magic %q)", ErrCorrupt, hdr[:len(magic)])
	}
	if v := binary.LittleEndian.Uint16(hdr[len(magic):]); v != formatVersion {
		hint := ""
		if v < formatVersion {
			hint = " (written by an older release: rebuild the index from its records)"
		}
		return fmt.Errorf("%w: version %d, this build reads %d%s", ErrVersion, v, formatVersion, hint)
	}
	payload := binary.LittleEndian.Uint64(hdr[len(magic)+2:])
	if payload > math.MaxInt64 {
		return fmt.Errorf("%w: payload length %d", ErrCorrupt, payload)
	}

	crc := crc32.Update(0, castagnoli, hdr[:])
	lr := &io.LimitedReader{R: r, N: int64(payload)}
	br := bufio.NewReaderSize(&sumReader{r: lr, crc: &crc}, 64<<10)
	remaining := func() uint64 { return uint64(lr.N) + uint64(br.Buffered()) }

	count, err := readUvarint(br, "entry count")
	if err != nil {
		return err
	}
	// Each entry takes at least 3 bytes (hash, size, record), so this bound keeps a corrupt
	// count from sizing the map.
	if count > remaining()/3 {
		return fmt.Errorf("%w: %d keys cannot fit in %d bytes", ErrCorrupt, count, payload)
	}
	ix.keys.reserve(int(min(count, 4096))) // a small hint: count may still lie
	var (
		h     uint64
		name  []byte
		bmBuf bytes.Buffer
	)
	for i := range count {
		delta, err := readUvarint(br, "key hash")
		if err != nil {
			return err
		}
		var carry uint64
		if h, carry = bits.Add64(h, delta, 0); carry != 0 || (i > 0 && delta == 0) {
			return fmt.Errorf("%w: entry %d: key hash out of order", ErrCorrupt, i)
		}
		size, err := readUvarint(br, "block size")
		if err != nil {
			return err
		}
		if size == 0 || size > 1<<32 {
			return fmt.Errorf("%w: key #%016x: block size %d", ErrCorrupt, h, size)
		}
		if size == 1 {
			id, err := readUvarint(br, "record number")
			if err != nil {
				return err
			}
			if id > math.MaxUint32 {
				return fmt.Errorf("%w: key #%016x: record number %d", ErrCorrupt, h, id)
			}
			ix.keys.set(h, id)
			continue
		}
		n, err := readUvarint(br, "name length")
		if err != nil {
			return err
		}
		if n > maxKeyLen || n > remaining() {
			return fmt.Errorf("%w: key #%016x: name length %d", ErrCorrupt, h, n)
		}
		name = slices.Grow(name[:0], int(n))[:n]
		if _, err := io.ReadFull(br, name); err != nil {
			return readErr("name", err)
		}
		if n > 0 && HashKey(string(name)) != h {
			return fmt.Errorf("%w: key #%016x: name %q has another hash", ErrCorrupt, h, name)
		}
		var p posting
		if size <= smallMax {
			p.ids, err = readMembers(br, h, int(size))
		} else {
			var bm *roaring.Bitmap
			if bm, err = readBitmap(br, &bmBuf, remaining(), h, size); err == nil {
				p.setBitmap(bm)
			}
		}
		if err != nil {
			return err
		}
		e := ix.newBlock(p)
		ix.keys.set(h, e)
		ix.nameBlock(uint32(e), string(name))
	}
	if _, err := br.ReadByte(); err != io.EOF {
		if err == nil {
			return fmt.Errorf("%w: %d unread payload bytes", ErrCorrupt, remaining()+1)
		}
		return readErr("payload end", err)
	}
	if lr.N != 0 {
		// The payload ended early: the underlying reader hit EOF.
		return fmt.Errorf("%w: truncated payload", ErrCorrupt)
	}
	want := crc
	var sum [4]byte
	if _, err := io.ReadFull(r, sum[:]); err != nil {
		return readErr("checksum", err)
	}
	if got := binary.LittleEndian.Uint32(sum[:]); got != want {
		return fmt.Errorf("%w: checksum %08x, computed %08x", ErrCorrupt, got, want)
	}
	return nil
}

// readMembers reads the n (2 <= n <= smallMax) gap-coded members of a small block.
func readMembers(br *bufio.Reader, h uint64, n int) ([]uint32, error) {
	ids := make([]uint32, n)
	var id uint64
	for j := range ids {
		gap, err := readUvarint(br, "member")
		if err != nil {
			return nil, err
		}
		if j > 0 && gap == 0 {
			return nil, fmt.Errorf("%w: key #%016x: members out of order", ErrCorrupt, h)
		}
		if gap > math.MaxUint32 || id+gap > math.MaxUint32 {
			return nil, fmt.Errorf("%w: key #%016x: record number over 32 bits", ErrCorrupt, h)
		}
		id += gap
		ids[j] = uint32(id)
	}
	return ids, nil
}

// readBitmap reads one length-prefixed roaring bitmap of card members. buf is
// scratch space; it grows only as bytes actually arrive, so a corrupt length on a short
// input fails without a large allocation.
func readBitmap(br *bufio.Reader, buf *bytes.Buffer, remaining uint64, h uint64, card uint64) (*roaring.Bitmap, error) {
	n, err := readUvarint(br, "bitmap length")
	if err != nil {
		return nil, err
	}
	if n > maxBitmapLen || n > remaining {
		return nil, fmt.Errorf("%w: key #%016x: bitmap length %d", ErrCorrupt, h, n)
	}
	buf.Reset()
	if _, err := io.CopyN(buf, br, int64(n)); err != nil {
		return nil, readErr("bitmap", err)
	}
	if err := checkPortable(buf.Bytes(), card); err != nil {
		return nil, fmt.Errorf("%w: key #%016x: bitmap: %v", ErrCorrupt, h, err)
	}
	bm := roaring.New()
	if _, err := bm.ReadFrom(bytes.NewReader(buf.Bytes())); err != nil {
		return nil, fmt.Errorf("%w: key #%016x: bitmap: %v", ErrCorrupt, h, err)
	}
	return bm, nil
}

// readErr maps an end of input to ErrCorrupt and wraps any other read error as it is.
func readErr(what string, err error) error {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return fmt.Errorf("%w: truncated in %s", ErrCorrupt, what)
	}
	return fmt.Errorf("block: read index: %s: %w", what, err)
}

// readUvarint reads an unsigned varint like binary.ReadUvarint, reporting an over-long
// encoding as ErrCorrupt and an end of input as a truncation.
func readUvarint(br *bufio.Reader, what string) (uint64, error) {
	var x uint64
	var shift uint
	for i := range binary.MaxVarintLen64 {
		b, err := br.ReadByte()
		if err != nil {
			return 0, readErr(what, err)
		}
		if b < 0x80 {
			if i == binary.MaxVarintLen64-1 && b > 1 {
				break
			}
			return x | uint64(b)<<shift, nil
		}
		x |= uint64(b&0x7f) << shift
		shift += 7
	}
	return 0, fmt.Errorf("%w: %s: varint overflows 64 bits", ErrCorrupt, what)
}

func uvarintLen(x uint64) int {
	n := 1
	for x >= 0x80 {
		x >>= 7
		n++
	}
	return n
}

// hashWriter counts the bytes that reach w and keeps their running CRC-32C.
type hashWriter struct {
	w   io.Writer
	n   int64
	crc uint32
}

func (h *hashWriter) Write(p []byte) (int, error) {
	n, err := h.w.Write(p)
	h.n += int64(n)
	h.crc = crc32.Update(h.crc, castagnoli, p[:n])
	return n, err
}

// countReader counts the bytes read from r.
type countReader struct {
	r io.Reader
	n int64
}

func (c *countReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// sumReader updates a running CRC-32C with every byte read from r.
type sumReader struct {
	r   io.Reader
	crc *uint32
}

func (s *sumReader) Read(p []byte) (int, error) {
	n, err := s.r.Read(p)
	*s.crc = crc32.Update(*s.crc, castagnoli, p[:n])
	return n, err
}
