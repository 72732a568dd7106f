package block

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"slices"
	"testing"
	"testing/iotest"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func serialise(t testing.TB, ix *Index) []byte {
	t.Helper()
	var buf bytes.Buffer
	n, err := ix.WriteTo(&buf)
	require.NoError(t, err)
	require.Equal(t, int64(buf.Len()), n, "WriteTo reports the bytes written")
	return buf.Bytes()
}

// sameContent compares two indexes key by key.
func sameContent(t *testing.T, want, got *Index, msg string) {
	t.Helper()
	require.Equal(t, want.Keys(), got.Keys(), msg)
	require.Equal(t, contentOf(want), contentOf(got), msg)
	require.Equal(t, ids(want.Records()), ids(got.Records()), msg)
}

// contentOf returns the members of each key hash, with the block's name ("" for a single
// record).
func contentOf(ix *Index) map[uint64]struct {
	Name    string
	Members []uint32
} {
	out := map[uint64]struct {
		Name    string
		Members []uint32
	}{}
	for h, e := range ix.keys.all() {
		v := out[h]
		if e&multiBit == 0 {
			v.Members = []uint32{uint32(e)}
		} else {
			p := &ix.blocks[uint32(e)]
			v.Name, v.Members = ix.names[uint32(e)], slices.Clone(p.members())
		}
		out[h] = v
	}
	return out
}

func TestSerialiseRoundTrip(t *testing.T) {
	for seed := range uint64(30) {
		rng := rand.New(rand.NewPCG(seed, 11))
		ix, _ := randomIndex(rng, rng.IntN(300), 1+rng.IntN(100))
		if seed%3 == 0 {
			// Dense runs exercise run and bitmap containers too.
			for id := range uint32(rng.IntN(10000)) {
				ix.Add(id, "dense")
			}
			ix.Optimize()
		}
		data := serialise(t, ix)

		got := &Index{}
		got.Add(123456, "stale content that ReadFrom must replace")
		n, err := got.ReadFrom(bytes.NewReader(data))
		require.NoError(t, err, "seed %d", seed)
		require.Equal(t, int64(len(data)), n)
		sameContent(t, ix, got, fmt.Sprintf("seed %d", seed))
		require.Equal(t, data, serialise(t, got), "seed %d: equal indexes give equal bytes", seed)
	}
}

func TestReadFromStopsAtTheEnd(t *testing.T) {
	ix := build(add(1, "a"), add(2, "a", "b"))
	data := serialise(t, ix)
	stream := io.MultiReader(bytes.NewReader(data), bytes.NewReader([]byte("next section")))

	got := &Index{}
	_, err := got.ReadFrom(iotest.OneByteReader(stream))
	require.NoError(t, err)
	rest, err := io.ReadAll(stream)
	require.NoError(t, err)
	assert.Equal(t, "next section", string(rest), "ReadFrom must not read past the index")
	sameContent(t, ix, got, "embedded")
}

func TestWriteToError(t *testing.T) {
	ix := build(add(1, "a"), add(2, "a"))
	boom := errors.New("disk full")
	_, err := ix.WriteTo(failWriter{boom})
	require.ErrorIs(t, err, boom)
}

type failWriter struct{ err error }

func (f failWriter) Write([]byte) (int, error) { return 0, f.err }

// header returns a valid header for a payload of n bytes.
func header(version uint16, n uint64) []byte {
	b := []byte(magic)
	b = binary.LittleEndian.AppendUint16(b, version)
	return binary.LittleEndian.AppendUint64(b, n)
}

// framed wraps a payload in a header and a correct checksum, so a test reaches the payload
// checks rather than failing on the checksum.
func framed(payload []byte) []byte {
	b := append(header(formatVersion, uint64(len(payload))), payload...)
	return binary.LittleEndian.AppendUint32(b, crc32c(b))
}

func crc32c(b []byte) uint32 {
	h := hashWriter{w: io.Discard}
	h.Write(b)
	return h.crc
}

func uv(xs ...uint64) []byte {
	var b []byte
	for _, x := range xs {
		b = binary.AppendUvarint(b, x)
	}
	return b
}

func cat(parts ...[]byte) []byte { return bytes.Join(parts, nil) }

func TestReadFromRejects(t *testing.T) {
	good := serialise(t, build(add(1, "a"), add(2, "a"), add(3, "b")))
	big := roaring.New()
	big.AddRange(1, smallMax+9) // over smallMax, so serialised as a bitmap
	bm, err := big.ToBytes()
	require.NoError(t, err)
	n := big.GetCardinality()
	flipped := bytes.Clone(good)
	flipped[headerSize+3] ^= 0x01

	tests := []struct {
		name    string
		input   []byte
		want    error
		message string
		reason  string
	}{
		{name: "empty", input: nil, want: ErrCorrupt, message: "truncated"},
		{name: "short header", input: []byte("IDMB"), want: ErrCorrupt, message: "truncated"},
		{name: "bad magic", input: cat([]byte("NOTBLOCK"), good[8:]), want: ErrCorrupt, message: "magic"},
		{name: "future version", input: cat(header(formatVersion+1, 0), uv(0)), want: ErrVersion, message: "this build reads 2"},
		{
			name:    "version 1",
			input:   cat(header(1, 5), uv(1, 1), []byte("a"), uv(1, 1)),
			want:    ErrVersion,
			message: "older release",
			reason:  "indexes that stored key names are rebuilt, not read",
		},
		{name: "truncated payload", input: good[:len(good)-7], want: ErrCorrupt, message: "truncated"},
		{name: "missing checksum", input: good[:len(good)-2], want: ErrCorrupt, message: "truncated"},
		{name: "bit flip", input: flipped, want: ErrCorrupt, reason: "the checksum or a structural check catches it"},
		{
			name:    "absurd payload length",
			input:   cat(header(formatVersion, 1<<62), uv(1<<40)),
			want:    ErrCorrupt,
			reason:  "the entry count cannot be trusted to size a map",
			message: "truncated",
		},
		{
			name:    "absurd name length",
			input:   framed(cat(uv(1, 1, 2, 1<<40), []byte("k"))),
			want:    ErrCorrupt,
			message: "name length",
		},
		{
			name:    "absurd bitmap length on short input",
			input:   cat(header(formatVersion, 1<<40), uv(1, 1, n, 0, 500<<20), []byte{1, 2, 3}),
			want:    ErrCorrupt,
			message: "truncated",
			reason:  "the buffer grows with the bytes that arrive, not with the length field",
		},
		{name: "too many keys for the payload", input: framed(uv(50, 1)), want: ErrCorrupt, message: "cannot fit"},
		{
			name:    "name with another hash",
			input:   framed(cat(uv(1, 1, 2, 1), []byte("a"), uv(1, 1))),
			want:    ErrCorrupt,
			message: "another hash",
			reason:  "a name must hash to its entry, or lookups by name would miss it",
		},
		{name: "duplicate hash", input: framed(uv(2, 5, 1, 1, 0, 1, 2)), want: ErrCorrupt, message: "out of order"},
		{name: "hash past 64 bits", input: framed(uv(2, 1<<63, 1, 1, 1<<63, 1, 2)), want: ErrCorrupt, message: "out of order"},
		{name: "zero block size", input: framed(uv(1, 1, 0, 0)), want: ErrCorrupt, message: "block size"},
		{name: "record number over 32 bits", input: framed(uv(1, 1, 1, 1<<32)), want: ErrCorrupt, message: "record number"},
		{name: "member over 32 bits", input: framed(uv(1, 1, 2, 0, 1, 1<<32)), want: ErrCorrupt, message: "over 32 bits"},
		{name: "member gap past 32 bits", input: framed(uv(1, 1, 2, 0, 1<<32-1, 1)), want: ErrCorrupt, message: "over 32 bits"},
		{name: "members out of order", input: framed(uv(1, 1, 2, 0, 5, 0)), want: ErrCorrupt, message: "members out of order"},
		{name: "varint overflow", input: framed(cat(uv(1, 1), bytes.Repeat([]byte{0xff}, 11))), want: ErrCorrupt, message: "overflow"},
		{name: "bitmap cardinality mismatch", input: framed(cat(uv(1, 1, n+1, 0, uint64(len(bm))), bm)), want: ErrCorrupt, message: "header says"},
		{name: "bitmap length mismatch", input: framed(cat(uv(1, 1, n, 0, uint64(len(bm)+1)), bm, []byte{0})), want: ErrCorrupt, message: "after the bitmap"},
		{name: "garbage bitmap", input: framed(cat(uv(1, 1, n, 0, 4), []byte{9, 9, 9, 9})), want: ErrCorrupt, message: "bitmap"},
		{name: "trailing payload bytes", input: framed(cat(uv(1, 1, 1, 1), []byte{0})), want: ErrCorrupt, message: "unread"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ix := build(add(7, "keep"))
			_, err := ix.ReadFrom(bytes.NewReader(tt.input))
			require.ErrorIs(t, err, tt.want, tt.reason)
			assert.Contains(t, err.Error(), tt.message, tt.reason)
			assert.Equal(t, []uint32{7}, ids(ix.Candidates([]string{"keep"}, 0).IDs), "a failed ReadFrom leaves the index unchanged")
		})
	}
}

func TestCheckPortable(t *testing.T) {
	runs := roaring.New()
	for i := range uint64(1500) {
		runs.AddRange(i*40, i*40+20) // many runs in one container
	}
	runs.AddRange(1<<16, 3<<16) // full containers
	runs.RunOptimize()
	require.True(t, runs.HasRunCompression())
	sparse := roaring.BitmapOf(1, 5, 1<<20, 1<<31)
	dense := roaring.New()
	for i := uint32(0); i < 20000; i += 2 {
		dense.Add(i) // 10000 scattered members: a bitmap container
	}

	portable := func(bm *roaring.Bitmap) []byte {
		b, err := bm.ToBytes()
		require.NoError(t, err)
		return b
	}
	// A run container of 2^14 overlapping runs: roaring's Validate would take quadratic time.
	hostile := binary.LittleEndian.AppendUint32(nil, cookieRun) // one container
	hostile = append(hostile, 1)                                // it is a run container
	hostile = binary.LittleEndian.AppendUint16(hostile, 0)      // key
	hostile = binary.LittleEndian.AppendUint16(hostile, 1<<14-1)
	hostile = binary.LittleEndian.AppendUint16(hostile, 1<<14)
	for range 1 << 14 {
		hostile = binary.LittleEndian.AppendUint16(hostile, 7)
		hostile = binary.LittleEndian.AppendUint16(hostile, 0)
	}

	tests := []struct {
		name    string
		data    []byte
		card    uint64
		wantErr string
	}{
		{name: "runs", data: portable(runs), card: runs.GetCardinality()},
		{name: "arrays", data: portable(sparse), card: 4},
		{name: "bitmap containers", data: portable(dense), card: dense.GetCardinality()},
		{name: "wrong cardinality", data: portable(sparse), card: 5, wantErr: "header says"},
		{name: "truncated", data: portable(dense)[:100], card: dense.GetCardinality(), wantErr: "short"},
		{name: "trailing byte", data: append(portable(sparse), 0), card: 4, wantErr: "after the bitmap"},
		{name: "overlapping runs", data: hostile, card: 1 << 14, wantErr: "overlap"},
		{name: "bad cookie", data: []byte{1, 2, 3, 4}, wantErr: "cookie"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := checkPortable(tt.data, tt.card)
			if tt.wantErr == "" {
				require.NoError(t, err)
				return
			}
			require.ErrorContains(t, err, tt.wantErr)
		})
	}
}

func TestReadFromReaderError(t *testing.T) {
	data := serialise(t, build(add(1, "a")))
	boom := errors.New("connection reset")
	r := io.MultiReader(bytes.NewReader(data[:10]), iotest.ErrReader(boom))
	_, err := (&Index{}).ReadFrom(r)
	require.ErrorIs(t, err, boom)
	assert.NotErrorIs(t, err, ErrCorrupt, "an I/O failure is not corruption")
}

func TestReadFromEveryTruncation(t *testing.T) {
	ix := build(add(1, "a", "b"), add(2, "a"), add(70000, "a", "c"))
	for id := range uint32(smallMax + 5) {
		ix.Add(id*3, "big") // a bitmap block
	}
	data := serialise(t, ix)
	for n := range len(data) {
		_, err := (&Index{}).ReadFrom(bytes.NewReader(data[:n]))
		require.ErrorIs(t, err, ErrCorrupt, "cut at %d of %d", n, len(data))
	}
}

func FuzzReadFrom(f *testing.F) {
	f.Add([]byte{})
	f.Add(serialise(f, build(add(1, "a"), add(2, "a", "b"))))
	dense := &Index{}
	for i := range uint32(5000) {
		dense.Add(i*3, "d")
	}
	dense.Add(1<<20, "x", "y")
	f.Add(serialise(f, dense))
	f.Add(framed(uv(1, 5, 1, 7)))       // one single-record key
	f.Add(framed(uv(1, 9, 2, 0, 3, 4))) // a two-record block of unknown name
	f.Fuzz(func(t *testing.T, data []byte) {
		ix := &Index{}
		n, err := ix.ReadFrom(bytes.NewReader(data))
		if err != nil {
			if !errors.Is(err, ErrCorrupt) && !errors.Is(err, ErrVersion) {
				t.Fatalf("error %v wraps neither ErrCorrupt nor ErrVersion", err)
			}
			return
		}
		if n > int64(len(data)) {
			t.Fatalf("read %d bytes of %d", n, len(data))
		}
		// Whatever was accepted must be a usable index whose own form is stable. (The
		// accepted bytes need not equal it: roaring allows several encodings of one set.)
		var first, second bytes.Buffer
		if _, err := ix.WriteTo(&first); err != nil {
			t.Fatal(err)
		}
		again := &Index{}
		if _, err := again.ReadFrom(bytes.NewReader(first.Bytes())); err != nil {
			t.Fatalf("rereading own output: %v", err)
		}
		if _, err := again.WriteTo(&second); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(first.Bytes(), second.Bytes()) {
			t.Fatalf("round trip is not stable")
		}
		st := ix.Stats(3, 10)
		if st.Keys != ix.Keys() {
			t.Fatalf("Stats.Keys %d, Keys %d", st.Keys, ix.Keys())
		}
	})
}
