package dataset

import (
	"bufio"
	"bytes"
	"fmt"
	"math"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/htmlindex"
	xunicode "golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// sampleBytes is how much of the input the detection of encoding and delimiter looks at,
// and the size of the read buffers.
const sampleBytes = 64 << 10

// Encoding names the Reader reports in Detection.Encoding.
const (
	EncodingUTF8        = "utf-8"
	EncodingUTF16LE     = "utf-16le"
	EncodingUTF16BE     = "utf-16be"
	EncodingWindows1251 = "windows-1251"
	EncodingKOI8R       = "koi8-r"
)

// textEncoding is the encoding chosen for the input, as reported.
type textEncoding struct {
	name    string
	bom     bool
	guessed bool
}

// decode chooses the encoding of the input in raw, by the name given or else by detection,
// and returns a reader of its text as UTF-8. UTF-8 input is passed through unchanged (less
// its byte order mark), so that invalid bytes still make row errors; any other encoding is
// converted, and what it cannot decode becomes U+FFFD.
func decode(raw *bufio.Reader, name string) (*bufio.Reader, textEncoding, error) {
	// A read error here shows again, in order, when the lines are read.
	head, _ := raw.Peek(sampleBytes)
	var (
		te  textEncoding
		dec *encoding.Decoder
	)
	switch {
	case bytes.HasPrefix(head, []byte("\xef\xbb\xbf")):
		te = textEncoding{name: EncodingUTF8, bom: true}
		_, _ = raw.Discard(3)
	case bytes.HasPrefix(head, []byte("\xff\xfe")):
		te = textEncoding{name: EncodingUTF16LE, bom: true}
		dec = xunicode.UTF16(xunicode.LittleEndian, xunicode.ExpectBOM).NewDecoder()
	case bytes.HasPrefix(head, []byte("\xfe\xff")):
		te = textEncoding{name: EncodingUTF16BE, bom: true}
		dec = xunicode.UTF16(xunicode.BigEndian, xunicode.ExpectBOM).NewDecoder()
	case name != "":
		enc, err := htmlindex.Get(name)
		if err != nil {
			return nil, textEncoding{}, fmt.Errorf("%w: unknown Encoding %q (want a name such as utf-8, utf-16le, windows-1251, koi8-r)", ErrBadOptions, name)
		}
		canon, _ := htmlindex.Name(enc)
		te = textEncoding{name: canon}
		if enc != xunicode.UTF8 {
			dec = enc.NewDecoder()
		}
	default:
		te = textEncoding{name: guessEncoding(head), guessed: true}
		switch te.name {
		case EncodingWindows1251:
			dec = charmap.Windows1251.NewDecoder()
		case EncodingKOI8R:
			dec = charmap.KOI8R.NewDecoder()
		}
	}
	if dec == nil {
		return raw, te, nil
	}
	return bufio.NewReaderSize(transform.NewReader(raw, dec), sampleBytes), te, nil
}

// minSingleByteEvidence is the fewest bytes invalid in UTF-8 that make guessEncoding consider
// a single-byte charset: a stray byte or two in ASCII text is damage, not Cyrillic.
const minSingleByteEvidence = 4

// guessEncoding returns the likely encoding of a sample without a byte order mark: UTF-8 when
// the sample is valid UTF-8, when fewer than minSingleByteEvidence bytes are invalid, or
// when valid multi-byte sequences outnumber invalid bytes at least two to one (a UTF-8 file
// with a few damaged bytes, which are then reported row by row);
// otherwise Windows-1251 or KOI8-R, whichever decodes the sample into the more plausible
// Russian text.
func guessEncoding(p []byte) string {
	multi, bad := 0, 0
	for i := 0; i < len(p); {
		if p[i] < utf8.RuneSelf {
			i++
			continue
		}
		if !utf8.FullRune(p[i:]) && len(p)-i < utf8.UTFMax {
			break // cut off at the end of the sample
		}
		r, n := utf8.DecodeRune(p[i:])
		if r == utf8.RuneError && n == 1 {
			bad++
		} else {
			multi++
		}
		i += n
	}
	if bad < minSingleByteEvidence || multi >= 2*bad {
		return EncodingUTF8
	}
	if cyrillicScore(p, charmap.Windows1251) >= cyrillicScore(p, charmap.KOI8R) {
		return EncodingWindows1251
	}
	return EncodingKOI8R
}

// russianFreq holds the frequencies of the Russian lower-case letters in ordinary text, in
// percent.
var russianFreq = map[rune]float64{
	'о': 10.97, 'е': 8.45, 'а': 8.01, 'и': 7.35, 'н': 6.70, 'т': 6.26, 'с': 5.47, 'р': 4.73,
	'в': 4.54, 'л': 4.40, 'к': 3.49, 'м': 3.21, 'д': 2.98, 'п': 2.81, 'у': 2.62, 'я': 2.01,
	'ы': 1.90, 'ь': 1.74, 'г': 1.70, 'з': 1.65, 'б': 1.59, 'ч': 1.44, 'й': 1.21, 'х': 0.97,
	'ж': 0.94, 'ш': 0.73, 'ю': 0.64, 'ц': 0.48, 'щ': 0.36, 'э': 0.32, 'ф': 0.26, 'ъ': 0.04,
	'ё': 0.04,
}

// cyrillicScore says how much the bytes above 0x7f of p, decoded with cm, look like Russian
// text: the mean log frequency of the letters they decode to, less a penalty for each
// capital that follows a small letter within a word ("пЕТРОВ"), which real names and words
// almost never have. A byte that decodes to something other than a Cyrillic letter scores
// as a very rare letter. The two charsets swap small and capital letters and scramble the
// alphabet, so a wrong guess gives rarer letters and, in mixed-case text, broken case.
func cyrillicScore(p []byte, cm *charmap.Charmap) float64 {
	const (
		rare      = 0.01
		caseBreak = 2.0 // penalty of a capital after a small letter, in log units
	)
	var sum float64
	n := 0
	prevLower := false // the previous byte decoded to a small Cyrillic letter
	for _, b := range p {
		if b < utf8.RuneSelf {
			prevLower = false
			continue
		}
		n++
		r := cm.DecodeByte(b)
		if !unicode.Is(unicode.Cyrillic, r) || !unicode.IsLetter(r) {
			sum += math.Log(rare)
			prevLower = false
			continue
		}
		f, ok := russianFreq[unicode.ToLower(r)]
		if !ok {
			f = rare
		}
		sum += math.Log(f)
		if unicode.IsUpper(r) && prevLower {
			sum -= caseBreak
		}
		prevLower = unicode.IsLower(r)
	}
	if n == 0 {
		return 0
	}
	return sum / float64(n)
}
