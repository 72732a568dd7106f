package normalize

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/cases"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// profileConfig holds the settings an [Option] changes.
type profileConfig struct {
	foldCase    bool
	stripMarks  bool
	keepJoiners bool
	dropDigits  bool
	repair      bool
	mapping     map[string]string
}

// Option configures a [Profile] built by [New].
type Option func(*profileConfig)

// FoldCase makes Key fold case (Unicode full case folding: "ß" becomes "ss", "Ё" becomes "ё").
func FoldCase() Option { return func(c *profileConfig) { c.foldCase = true } }

// StripMarks makes Key remove diacritics: "é" becomes "e", "ё" becomes "е", and letters with a
// stroke or ligatures without a decomposition are folded too ("ł" to "l", "ø" to "o", "æ" to
// "ae"). The breve of the Cyrillic letters "й" and "ў" is kept, because it makes a different
// letter rather than a variant: "й" never becomes "и".
func StripMarks() Option { return func(c *profileConfig) { c.stripMarks = true } }

// KeepJoiners makes Key keep a hyphen or an apostrophe that stands between two letters, as in
// "римский-корсаков" and "d'jakonov"; every hyphen-like and apostrophe-like character is written
// as "-" or "'". Joiners anywhere else separate words.
func KeepJoiners() Option { return func(c *profileConfig) { c.keepJoiners = true } }

// DropDigits makes Key treat digits as word separators, as person names need ("vasya1985").
func DropDigits() Option { return func(c *profileConfig) { c.dropDigits = true } }

// RepairScripts makes Key and String repair words that mix Latin and Cyrillic look-alike
// letters ("Пeтpoв" with Latin e, p, o): the look-alikes of the minority script are replaced by
// their twins in the word's majority script. A word whose letters are all look-alikes, or that
// has letters only one script has on both sides, is left as it is.
func RepairScripts() Option { return func(c *profileConfig) { c.repair = true } }

// Map makes Key replace whole words: after cleaning, each word of the key that equals a
// (cleaned) key of m is replaced by the cleaned value. Keys of m that clean to nothing or to
// more than one word are ignored. Values that are themselves keys are followed to the end of
// the chain so that Key stays idempotent; entries on a cycle are ignored. String does not map.
// New copies m; the caller may change it afterwards.
func Map(m map[string]string) Option {
	cp := make(map[string]string, len(m))
	for k, v := range m {
		cp[k] = v
	}
	return func(c *profileConfig) { c.mapping = cp }
}

// Profile is an immutable text normalization profile, modelled on the profiles of
// golang.org/x/text/secure/precis. Build one with [New]. A Profile is safe for concurrent use
// and never modifies its input.
type Profile struct {
	cfg     profileConfig
	mapping map[string]string
}

// New returns a profile with the given options. Every profile applies NFKC, drops control,
// format and other invisible characters (zero-width spaces, joiners, BOM, soft hyphens), and
// repairs invalid UTF-8 by dropping the invalid bytes.
func New(opts ...Option) *Profile {
	p := &Profile{}
	for _, o := range opts {
		o(&p.cfg)
	}
	if len(p.cfg.mapping) > 0 {
		p.mapping = p.resolveMapping(p.cfg.mapping)
	}
	p.cfg.mapping = nil
	return p
}

// resolveMapping cleans keys and values and follows chains so that no value word is a key.
func (p *Profile) resolveMapping(m map[string]string) map[string]string {
	clean := make(map[string]string, len(m))
	for k, v := range m {
		ck := p.key(k)
		if ck == "" || strings.IndexByte(ck, ' ') >= 0 {
			continue
		}
		clean[ck] = p.key(v)
	}
	out := make(map[string]string, len(clean))
	for k := range clean {
		if v, ok := textResolve(clean, k, len(clean)+1); ok {
			out[k] = v
		}
	}
	return out
}

// textResolve expands k through m word by word; ok is false when a cycle is met.
func textResolve(m map[string]string, k string, depth int) (string, bool) {
	if depth <= 0 {
		return "", false
	}
	v := m[k]
	if v == "" {
		return "", true
	}
	words := strings.Split(v, " ")
	for i, w := range words {
		if _, isKey := m[w]; !isKey {
			continue
		}
		if w == k {
			return "", false
		}
		r, ok := textResolve(m, w, depth-1)
		if !ok {
			return "", false
		}
		words[i] = r
	}
	return strings.Join(strings.Fields(strings.Join(words, " ")), " "), true
}

// Text is the profile for free text: NFKC, case folding, diacritics stripped (ё becomes е, й
// stays), invisible and control characters dropped, mixed-script words repaired, punctuation
// and symbols turned into spaces, digits kept, spaces collapsed and trimmed.
var Text = New(FoldCase(), StripMarks(), RepairScripts())

// PersonName is like [Text] but keeps hyphens and apostrophes inside names
// ("римский-корсаков", "d'jakonov") and treats digits as separators.
var PersonName = New(FoldCase(), StripMarks(), RepairScripts(), KeepJoiners(), DropDigits())

// skelProfile prepares input for the skeleton: like PersonName but diacritics are kept, since
// "ž" and "z" are different sounds to the skeleton.
var skelProfile = New(FoldCase(), RepairScripts(), KeepJoiners(), DropDigits())

// String returns the display form of s: NFKC, invisible and control characters dropped,
// mixed-script words repaired when the profile repairs them, white space collapsed to single
// spaces and trimmed. Case, diacritics and punctuation are kept; the mapping is not applied.
func (p *Profile) String(s string) string {
	if textIsDisplayASCII(s) {
		return s
	}
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "")
	}
	if p.cfg.repair {
		if _, mixed := textScan(s); mixed {
			s = textRepair(s)
		}
	}
	s = norm.NFKC.String(s)
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch {
		case unicode.IsSpace(r):
			space = true
		case textInvisible(r):
		default:
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
		}
	}
	return b.String()
}

// textIsDisplayASCII reports whether s is printable ASCII with single inner spaces only.
func textIsDisplayASCII(s string) bool {
	if s == "" {
		return true
	}
	if s[0] == ' ' || s[len(s)-1] == ' ' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c >= 0x7f || (c == ' ' && s[i+1] == ' ') {
			return false
		}
	}
	return true
}

// Key returns the comparison and blocking form of s. Key is idempotent:
// Key(Key(s)) == Key(s). When s is already a key it is returned as it is, without allocating.
func (p *Profile) Key(s string) string {
	if p.isKey(s) {
		return s
	}
	return p.mapWords(p.key(s))
}

// isKey reports whether s is already in key form (the fast path). It accepts only ASCII and
// basic Cyrillic, which is what keys of Russian and English names consist of.
func (p *Profile) isKey(s string) bool {
	if s == "" {
		return true
	}
	prev := byte(' ') // class of the previous character: ' ' separator, 'w' word, 'j' joiner
	script := byte(0) // script of the current word: 'l' Latin, 'c' Cyrillic
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ':
			if prev != 'w' {
				return false
			}
			if p.mapping != nil {
				if _, ok := p.mapping[s[start:i]]; ok {
					return false
				}
			}
			prev, script, start = ' ', 0, i+1
			i++
		case c == '-' || c == '\'':
			if !p.cfg.keepJoiners || prev != 'w' {
				return false
			}
			prev = 'j'
			i++
		case c >= 'a' && c <= 'z':
			if p.cfg.repair && script == 'c' {
				return false
			}
			script, prev = 'l', 'w'
			i++
		case c >= '0' && c <= '9':
			if p.cfg.dropDigits {
				return false
			}
			prev = 'w'
			i++
		case c >= 'A' && c <= 'Z':
			if p.cfg.foldCase {
				return false
			}
			if p.cfg.repair && script == 'c' {
				return false
			}
			script, prev = 'l', 'w'
			i++
		case c == 0xd0 || c == 0xd1:
			r, n := textDecode2(s, i)
			lower := r >= 'а' && r <= 'я'
			ok := lower || (!p.cfg.stripMarks && r == 'ё') || (!p.cfg.foldCase && r >= 'А' && r <= 'Я')
			if !ok || (p.cfg.repair && script == 'l') {
				return false
			}
			script, prev = 'c', 'w'
			i += n
		default:
			return false
		}
	}
	if prev != 'w' {
		return false
	}
	if p.mapping != nil {
		if _, ok := p.mapping[s[start:]]; ok {
			return false
		}
	}
	return true
}

// mapWords applies the profile's word mapping to a key.
func (p *Profile) mapWords(k string) string {
	if p.mapping == nil || k == "" {
		return k
	}
	hit := false
	for w := range strings.SplitSeq(k, " ") {
		if _, ok := p.mapping[w]; ok {
			hit = true
			break
		}
	}
	if !hit {
		return k
	}
	var b strings.Builder
	b.Grow(len(k))
	for w := range strings.SplitSeq(k, " ") {
		if v, ok := p.mapping[w]; ok {
			w = v
		}
		if w == "" {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(w)
	}
	return b.String()
}

// key computes the key of s without the word mapping.
func (p *Profile) key(s string) string {
	var buf [128]byte
	if out, ok := p.appendKeySimple(buf[:0], s); ok {
		return string(out)
	}
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "")
	}
	simple, mixed := textScan(s)
	if mixed && p.cfg.repair {
		s = textRepair(s)
	}
	if simple {
		return p.repairFolded(p.words(s, false), mixed)
	}
	// A new chain per call: transformers keep state and are not safe for concurrent use.
	var t transform.Transformer = norm.NFKC
	if p.cfg.foldCase {
		t = transform.Chain(norm.NFKC, cases.Fold(), norm.NFKC)
	}
	if p.cfg.stripMarks {
		t = transform.Chain(t, norm.NFD)
	}
	if out, _, err := transform.String(t, s); err == nil {
		s = out
	}
	out := p.words(s, true)
	if !norm.NFC.IsNormalString(out) {
		out = norm.NFC.String(out)
	}
	return p.repairFolded(out, mixed)
}

// repairFolded repairs once more after case folding: a word left mixed in its original case
// may be decidable in lower case ("Hа" is a tie, "hа" is Latin), and the key must be a fixed
// point of the repair for Key to be idempotent.
func (p *Profile) repairFolded(out string, mixed bool) string {
	if !mixed || !p.cfg.repair {
		return out
	}
	if _, still := textScan(out); still {
		return textRepair(out)
	}
	return out
}

// textScan reports whether every rune of s is ASCII or basic Cyrillic (U+0400..U+045F), which
// NFKC leaves alone, and whether a word mixes Latin and Cyrillic letters.
func textScan(s string) (simple, mixed bool) {
	simple = true
	lat, cyr := false, false
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			// ASCII, as the general case below classifies it, without the Unicode tables.
			i++
			switch {
			case (c|0x20) >= 'a' && (c|0x20) <= 'z':
				lat = true
				mixed = mixed || cyr
			case (c < 0x20 || c == 0x7f) && !textASCIISpace(c):
				// Invisible: neither a letter nor a separator.
			default:
				lat, cyr = false, false
			}
			continue
		}
		r, n := textTwoByte(s, i)
		if n == 0 {
			r, n = utf8.DecodeRuneInString(s[i:]) // RuneError for an invalid byte, as a range loop gives
		}
		i += n
		if r < 0x400 || r > 0x45f {
			simple = false
		}
		switch {
		case textIsCyrillic(r):
			cyr = true
		case textIsLatin(r):
			lat = true
		case unicode.IsLetter(r) || unicode.IsMark(r) || textInvisible(r):
			continue
		default:
			lat, cyr = false, false
			continue
		}
		if lat && cyr {
			mixed = true
		}
	}
	return simple, mixed
}

// textASCIISpace is unicode.IsSpace for an ASCII byte.
func textASCIISpace(c byte) bool {
	return c == ' ' || c >= '\t' && c <= '\r'
}

func textIsLatin(r rune) bool {
	if r < utf8.RuneSelf {
		return (r|0x20) >= 'a' && (r|0x20) <= 'z'
	}
	return unicode.Is(unicode.Latin, r)
}

func textIsCyrillic(r rune) bool {
	if uint32(r-0x400) < 0x100 { // U+0400..U+04FF, written so that the function inlines
		// The block's letters, without a table search: U+0482..U+0489 are a sign and marks.
		return r <= 0x481 || r >= 0x48a
	}
	return r > 0x4ff && textIsCyrillicRest(r)
}

//go:noinline
func textIsCyrillicRest(r rune) bool { return unicode.Is(unicode.Cyrillic, r) }

// Look-alike letters: Latin to Cyrillic and back. Only pairs that look the same in common
// fonts are listed.
var (
	textLatToCyr = map[rune]rune{
		'A': 'А', 'B': 'В', 'C': 'С', 'E': 'Е', 'H': 'Н', 'K': 'К', 'M': 'М', 'O': 'О', 'P': 'Р',
		'T': 'Т', 'X': 'Х', 'Y': 'У', 'a': 'а', 'c': 'с', 'e': 'е', 'o': 'о', 'p': 'р', 'x': 'х',
		'y': 'у', 'k': 'к', 'ë': 'ё', 'Ë': 'Ё',
	}
	textCyrToLat = map[rune]rune{
		'А': 'A', 'В': 'B', 'С': 'C', 'Е': 'E', 'Н': 'H', 'К': 'K', 'М': 'M', 'О': 'O', 'Р': 'P',
		'Т': 'T', 'Х': 'X', 'У': 'Y', 'а': 'a', 'с': 'c', 'е': 'e', 'о': 'o', 'р': 'p', 'х': 'x',
		'у': 'y', 'к': 'k', 'і': 'i', 'І': 'I', 'ј': 'j', 'Ј': 'J', 'ѕ': 's', 'Ѕ': 'S', 'ё': 'ë',
		'Ё': 'Ë', 'һ': 'h', 'ԁ': 'd',
	}
)

// textRepair rewrites each mixed Latin/Cyrillic word toward its majority script.
func textRepair(s string) string {
	rs := []rune(s)
	for i := 0; i < len(rs); {
		if !textIsWordRune(rs[i]) {
			i++
			continue
		}
		j := i
		for j < len(rs) && textIsWordRune(rs[j]) {
			j++
		}
		textRepairWord(rs[i:j])
		i = j
	}
	return string(rs)
}

func textIsWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsMark(r) || textInvisible(r)
}

// textRepairWord repairs one word in place.
func textRepairWord(w []rune) {
	var lat, cyr, strongLat, strongCyr int
	for _, r := range w {
		switch {
		case textIsLatin(r):
			lat++
			if _, ok := textLatToCyr[r]; !ok {
				strongLat++
			}
		case textIsCyrillic(r):
			cyr++
			if _, ok := textCyrToLat[r]; !ok {
				strongCyr++
			}
		}
	}
	if lat == 0 || cyr == 0 {
		return
	}
	var toCyr bool
	switch {
	case strongCyr > 0 && strongLat == 0:
		toCyr = true
	case strongLat > 0 && strongCyr == 0:
		toCyr = false
	case strongLat > 0 && strongCyr > 0:
		// Both scripts have letters without a twin: the word is not a look-alike accident.
		return
	case cyr > lat:
		toCyr = true
	case lat > cyr:
		toCyr = false
	default:
		return
	}
	table := textCyrToLat
	if toCyr {
		table = textLatToCyr
	}
	for i, r := range w {
		if t, ok := table[r]; ok {
			w[i] = t
		}
	}
}

// textInvisible reports whether r is dropped without leaving a separator: control and format
// characters other than white space, variation selectors, the combining grapheme joiner and
// other default-ignorable code points.
func textInvisible(r rune) bool {
	if r < 0x20 || r == 0x7f {
		return !unicode.IsSpace(r)
	}
	if r < 0xa0 {
		return r >= 0x80
	}
	switch {
	case r == 0xad, r == 0x34f, r == 0x61c, r == 0x115f, r == 0x1160, r == 0x3164, r == 0xffa0:
		return true
	case r >= 0x17b4 && r <= 0x17b5, r >= 0x180b && r <= 0x180f:
		return true
	case r >= 0x200b && r <= 0x200f, r >= 0x202a && r <= 0x202e, r >= 0x2060 && r <= 0x206f:
		return true
	case r >= 0xfe00 && r <= 0xfe0f, r == 0xfeff, r >= 0xfff0 && r <= 0xfff8:
		return true
	case r >= 0x1bca0 && r <= 0x1bca3, r >= 0x1d173 && r <= 0x1d17a:
		return true
	case r >= 0xe0000 && r <= 0xe0fff:
		return true
	}
	return unicode.In(r, unicode.Cc, unicode.Cf, unicode.Co, unicode.Cs) && !unicode.IsSpace(r)
}

// Rune classes seen by the word builder.
const (
	textSep = iota
	textWord
	textMark
	textJoinHyphen
	textJoinApos
	textDrop
)

func (p *Profile) classify(r rune) int {
	if r < utf8.RuneSelf {
		switch {
		case (r|0x20) >= 'a' && (r|0x20) <= 'z':
			return textWord
		case r >= '0' && r <= '9':
			if p.cfg.dropDigits {
				return textSep
			}
			return textWord
		case r == '-':
			return textJoinHyphen
		case r == '\'' || r == '`':
			return textJoinApos
		case r < 0x20 || r == 0x7f:
			if unicode.IsSpace(r) {
				return textSep
			}
			return textDrop
		}
		return textSep
	}
	if r >= 0x400 && r <= 0x4ff && textIsCyrillic(r) {
		return textWord
	}
	switch r {
	case '’', '‘', '‛', 'ʼ', 'ʻ', 'ʹ', 'ʺ', '´', '′', '＇', 'ꞌ', 'ʽ', 'ˈ':
		return textJoinApos
	}
	switch {
	case unicode.IsLetter(r):
		return textWord
	case unicode.IsDigit(r):
		if p.cfg.dropDigits {
			return textSep
		}
		return textWord
	case unicode.In(r, unicode.Mn, unicode.Me):
		if r == 0x34f {
			return textDrop
		}
		return textMark
	case unicode.Is(unicode.Mc, r):
		return textWord
	case textInvisible(r):
		return textDrop
	}
	switch r {
	case '‐', '‑', '‒', '–', '—', '―', '−', '﹣', '－', '⁃', '᐀', '־':
		return textJoinHyphen
	}
	if unicode.IsNumber(r) && !p.cfg.dropDigits {
		return textWord
	}
	return textSep
}

// words builds the key from s: folds, strips, keeps word characters and joiners, and writes
// one space between words. decomposed says s went through NFD (marks are separate runes).
func (p *Profile) words(s string, decomposed bool) string {
	// A buffer on the stack for the usual short field: the only allocation is the result.
	var buf [128]byte
	return string(p.appendWords(buf[:0], s, decomposed))
}

// appendKey appends the key of s without the word mapping to dst: the same bytes as key(s),
// written in place on the common path (valid UTF-8, ASCII and basic Cyrillic, no word mixing
// scripts) so that a caller that joins several keys allocates once.
func (p *Profile) appendKey(dst []byte, s string) []byte {
	if out, ok := p.appendKeySimple(dst, s); ok {
		return out
	}
	// A simple s is valid UTF-8: textScan reads an invalid byte as U+FFFD, which is not simple.
	if simple, mixed := textScan(s); simple && !mixed {
		return p.appendWords(dst, s, false)
	}
	return append(dst, p.key(s)...)
}

// appendKeySimple is appendKey for the text names and cities are nearly always written in:
// ASCII letters, digits, spaces, dots, commas, hyphens and apostrophes, and the Russian letters
// А-я without ё, with no word mixing the two alphabets. For such text it writes what
// appendWords writes after textScan has found it simple and unmixed, in one pass and without
// the rune classes; for anything else it returns dst unchanged and false, and the caller takes
// the general path.
func (p *Profile) appendKeySimple(dst []byte, s string) ([]byte, bool) {
	fold, joiners, dropDigits := p.cfg.foldCase, p.cfg.keepJoiners, p.cfg.dropDigits
	base := len(dst)
	// pending is what appendWords would write before the next letter: ' ' for a separator,
	// '-' or '\'' for a joiner (it never holds both), 0 for nothing.
	var pending byte
	lastWord := false
	script := byte(0) // of the current word, as textScan reads words: 'l' Latin, 'c' Cyrillic
	for i := 0; i < len(s); i++ {
		// A run of letters that stay as they are (lower case, or any case without folding)
		// is copied at once.
		j := i
		for j < len(s) {
			if c := s[j]; 'a' <= c && c <= 'z' || !fold && 'A' <= c && c <= 'Z' {
				if script == 'c' {
					return dst[:base], false
				}
				script = 'l'
				j++
			} else if j+1 < len(s) && (c == 0xd0 && s[j+1] >= 0xb0 && s[j+1] <= 0xbf ||
				c == 0xd1 && s[j+1] >= 0x80 && s[j+1] <= 0x8f ||
				!fold && c == 0xd0 && s[j+1] >= 0x90 && s[j+1] <= 0xaf) {
				if script == 'l' {
					return dst[:base], false
				}
				script = 'c'
				j += 2
			} else {
				break
			}
		}
		if j > i {
			if pending != 0 {
				if len(dst) > base {
					dst = append(dst, pending)
				}
				pending = 0
			}
			dst = append(dst, s[i:j]...)
			lastWord = true
			if i = j; i == len(s) {
				break
			}
		}
		c := s[i]
		switch {
		case (c|0x20) >= 'a' && (c|0x20) <= 'z':
			if script == 'c' {
				return dst[:base], false
			}
			script = 'l'
			if fold {
				c |= 0x20
			}
			if pending != 0 {
				if len(dst) > base {
					dst = append(dst, pending)
				}
				pending = 0
			}
			dst = append(dst, c)
			lastWord = true
		case c == 0xd0 || c == 0xd1:
			// А-я is D0 90..BF and D1 80..8F; upper case is D0 90..AF.
			if i+1 == len(s) || script == 'l' {
				return dst[:base], false
			}
			d := s[i+1]
			if c == 0xd0 && (d < 0x90 || d > 0xbf) || c == 0xd1 && (d < 0x80 || d > 0x8f) {
				return dst[:base], false
			}
			script = 'c'
			if fold && c == 0xd0 {
				switch {
				case d <= 0x9f: // А-П
					d += 0x20
				case d <= 0xaf: // Р-Я
					c, d = 0xd1, d-0x20
				}
			}
			if pending != 0 {
				if len(dst) > base {
					dst = append(dst, pending)
				}
				pending = 0
			}
			dst = append(dst, c, d)
			lastWord = true
			i++
		case c == ' ' || c == '.' || c == ',':
			script, pending = 0, ' '
		case c == '-' || c == '\'':
			script = 0
			if !joiners || !lastWord || pending != 0 {
				pending = ' '
			} else {
				pending = c
			}
		case '0' <= c && c <= '9':
			script = 0
			if dropDigits {
				pending = ' '
				continue
			}
			if pending != 0 {
				if len(dst) > base {
					dst = append(dst, pending)
				}
				pending = 0
			}
			dst = append(dst, c)
			lastWord = true
		default:
			return dst[:base], false
		}
	}
	return dst, true
}

// appendWords appends the key words of s to out; see words. Joiners and separators are
// written relative to what this call wrote, so out may already hold other text.
func (p *Profile) appendWords(out []byte, s string, decomposed bool) []byte {
	base := len(out)
	pendingSep := false
	var pendingJoin byte
	lastWord := false // the last byte written belongs to a word character
	lastRune := rune(-1)
	for i := 0; i < len(s); {
		r, n := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			if r, n = textTwoByte(s, i); n == 0 {
				r, n = utf8.DecodeRuneInString(s[i:]) // RuneError for an invalid byte, as a range loop gives
			}
		}
		i += n
		if (r|0x20) >= 'a' && (r|0x20) <= 'z' || (r >= 0x410 && r <= 0x44f) {
			// Plain Latin and Russian letters (all but ё): no class lookup, nothing to strip.
			if p.cfg.foldCase && (r <= 'Z' || r <= 0x42f && r >= 0x410) {
				r += 0x20 // textLower of the upper-case ones
			}
			if pendingSep || pendingJoin != 0 {
				out = p.emitPending(out, base, &pendingSep, &pendingJoin)
			}
			if r < utf8.RuneSelf {
				out = append(out, byte(r))
			} else {
				out = append(out, byte(0xc0|r>>6), byte(0x80|r&0x3f)) // utf8.AppendRune below U+0800
			}
			lastWord, lastRune = true, r
			continue
		}
		switch p.classify(r) {
		case textDrop:
			continue
		case textSep:
			pendingSep, pendingJoin = true, 0
			continue
		case textJoinHyphen, textJoinApos:
			if !p.cfg.keepJoiners || !lastWord || pendingSep || pendingJoin != 0 {
				pendingSep, pendingJoin = true, 0
				continue
			}
			pendingJoin = '-'
			if p.classify(r) == textJoinApos {
				pendingJoin = '\''
			}
			continue
		case textMark:
			if p.cfg.stripMarks {
				// A breve on и or у makes the letters й and ў, which are kept.
				if r == 0x306 && decomposed {
					if nr, ok := textBreve(lastRune); ok {
						out = utf8.AppendRune(out[:len(out)-utf8.RuneLen(lastRune)], nr)
						lastRune = nr
					}
				}
				continue
			}
		}
		if p.cfg.foldCase {
			// Also after cases.Fold: a few scripts (Cherokee) fold to upper case, which would
			// fold back and forth between calls.
			r = textLower(r)
		}
		if p.cfg.stripMarks {
			if rep, ok := textStripFold(r); ok {
				if rep == "" {
					continue
				}
				r, _ = utf8.DecodeRuneInString(rep)
				if len(rep) > utf8.RuneLen(r) {
					// Multi-letter folds such as "æ" → "ae": write all but the last rune here.
					out = p.emitPending(out, base, &pendingSep, &pendingJoin)
					out = append(out, rep[:len(rep)-1]...)
					r = rune(rep[len(rep)-1])
					lastWord = true
				}
			}
		}
		out = p.emitPending(out, base, &pendingSep, &pendingJoin)
		out = utf8.AppendRune(out, r)
		lastWord = true
		lastRune = r
	}
	return out
}

func (p *Profile) emitPending(out []byte, base int, sep *bool, join *byte) []byte {
	if len(out) > base {
		if *sep {
			out = append(out, ' ')
		} else if *join != 0 {
			out = append(out, *join)
		}
	}
	*sep, *join = false, 0
	return out
}

// textBreve returns the letter that r with a combining breve makes, when it is kept.
func textBreve(r rune) (rune, bool) {
	switch r {
	case 'и':
		return 'й', true
	case 'И':
		return 'Й', true
	case 'у':
		return 'ў', true
	case 'У':
		return 'Ў', true
	}
	return 0, false
}

// textDecode2 decodes the rune at s[i:] like utf8.DecodeRuneInString, with the two-byte
// sequences of Cyrillic and Latin letters with marks decoded in line: they make up most of
// the non-ASCII text the name keys see.
func textDecode2(s string, i int) (rune, int) {
	if r, n := textTwoByte(s, i); n > 0 {
		return r, n
	}
	return utf8.DecodeRuneInString(s[i:])
}

// textTwoByte decodes a valid two-byte sequence at s[i:]; n is 0 for anything else, which
// the caller decodes with utf8.DecodeRuneInString. Unlike textDecode2 it inlines, so the
// hottest loops decode Cyrillic without a call:
//
//	r, n := textTwoByte(s, i)
//	if n == 0 {
//		r, n = utf8.DecodeRuneInString(s[i:])
//	}
func textTwoByte(s string, i int) (rune, int) {
	if i+1 < len(s) {
		if c, d := s[i], s[i+1]; c >= 0xc2 && c < 0xe0 && d&0xc0 == 0x80 {
			return rune(c&0x1f)<<6 | rune(d&0x3f), 2
		}
	}
	return 0, 0
}

// textLower lower-cases ASCII and Cyrillic quickly and everything else through unicode.
func textLower(r rune) rune {
	if uint32(r-'A') < 26 || uint32(r-0x410) < 0x20 { // A-Z, А-Я
		return r + 0x20
	}
	if r >= utf8.RuneSelf {
		r = textLowerRest(r) // kept apart so that the common case inlines
	}
	return r
}

//go:noinline
func textLowerRest(r rune) rune {
	switch {
	case r >= 0x400 && r <= 0x40f:
		return r + 0x50
	case r >= 0x430 && r <= 0x45f:
		return r
	}
	return unicode.ToLower(r)
}

// textStripFold maps precomposed letters whose marks StripMarks removes (for input that did
// not go through NFD) and letters that have no decomposition at all.
func textStripFold(r rune) (string, bool) {
	if r < 0xc0 {
		return "", false
	}
	switch r {
	case 'ё', 'ѐ':
		return "е", true
	case 'Ё', 'Ѐ':
		return "Е", true
	case 'ѓ':
		return "г", true
	case 'ї':
		return "і", true
	case 'ќ':
		return "к", true
	case 'ѝ':
		return "и", true
	case 'Ѓ':
		return "Г", true
	case 'Ї':
		return "І", true
	case 'Ќ':
		return "К", true
	case 'Ѝ':
		return "И", true
	case 'ł', 'ŀ':
		return "l", true
	case 'Ł', 'Ŀ':
		return "L", true
	case 'ø':
		return "o", true
	case 'Ø':
		return "O", true
	case 'đ', 'ð':
		return "d", true
	case 'Đ', 'Ð':
		return "D", true
	case 'ħ':
		return "h", true
	case 'ı':
		return "i", true
	case 'æ':
		return "ae", true
	case 'Æ':
		return "AE", true
	case 'œ':
		return "oe", true
	case 'Œ':
		return "OE", true
	case 'þ':
		return "th", true
	case 'ß':
		return "ss", true
	case 'ŧ':
		return "t", true
	case 'ƀ':
		return "b", true
	case 'ɨ':
		return "i", true
	}
	if r >= 0xc0 && r <= 0x24f {
		// Precomposed Latin letters, when input skipped NFD: take the base letter.
		d := norm.NFD.String(string(r))
		b, _ := utf8.DecodeRuneInString(d)
		if b < utf8.RuneSelf && b != r {
			return string(b), true
		}
	}
	return "", false
}
