package dataset

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/encoding/charmap"
)

// TestGuessEncoding checks the single-byte guess on the text CRM exports hold: mixed case,
// all capitals, short files; and that a few damaged bytes leave UTF-8 alone.
func TestGuessEncoding(t *testing.T) {
	texts := []struct {
		name, text, reason string
	}{
		{name: "mixed case", text: "ФИО;Телефон;Город\nПетров Иван Иванович;+79161234567;Москва\n", reason: "the usual export"},
		{name: "all capitals", text: "ФИО;ГОРОД\nПЕТРОВ ИВАН ИВАНОВИЧ;МОСКВА\nСИДОРОВА АННА;КАЗАНЬ\n", reason: "some CRMs store names in capitals"},
		{name: "short", text: "id;Имя\n1;Ян\n", reason: "a few letters are enough"},
		{name: "lower case", text: "имя,город\nиван,москва\nольга,тверь\n", reason: "a form that never capitalizes"},
		{name: "ё and ъ", text: "Имя;Отчество\nАртём;Подъячев\nСемён;Объедков\n", reason: "rare letters"},
	}
	for _, tt := range texts {
		for _, cs := range []struct {
			name string
			cm   *charmap.Charmap
		}{{EncodingWindows1251, charmap.Windows1251}, {EncodingKOI8R, charmap.KOI8R}} {
			t.Run(tt.name+"/"+cs.name, func(t *testing.T) {
				b, err := cs.cm.NewEncoder().Bytes([]byte(tt.text))
				require.NoError(t, err)
				assert.Equal(t, cs.name, guessEncoding(b), tt.reason)
			})
		}
	}
	tests := []struct {
		name, in, want, reason string
	}{
		{name: "ascii", in: "id,name\n1,Anna\n", want: EncodingUTF8, reason: "ASCII is UTF-8"},
		{name: "damaged utf-8", in: "id,Имя\n1,Анна\n2,\xff\xfeОлег\n", want: EncodingUTF8, reason: "valid sequences outnumber the damage"},
		{name: "stray bytes", in: "id,name\n1,\xff\xfe\n", want: EncodingUTF8, reason: "two bytes are damage, not Cyrillic"},
		{name: "cut rune", in: "id,Имя\n1,Ан\xd0", want: EncodingUTF8, reason: "a rune cut at the end of the sample is not damage"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, guessEncoding([]byte(tt.in)), tt.reason)
		})
	}
}
