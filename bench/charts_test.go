package main

import (
	"encoding/xml"
	"io"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// wellFormed parses an SVG as XML and returns its title lines (the bold text).
func wellFormed(t *testing.T, svg string) []string {
	t.Helper()
	require.True(t, strings.HasPrefix(svg, "<svg"), svg[:min(len(svg), 40)])
	dec := xml.NewDecoder(strings.NewReader(svg))
	var titles []string
	bold := false
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		require.NoError(t, err)
		switch el := tok.(type) {
		case xml.StartElement:
			bold = false
			for _, a := range el.Attr {
				if a.Name.Local == "font-weight" && a.Value == "bold" {
					bold = true
				}
			}
		case xml.CharData:
			if bold {
				titles = append(titles, string(el))
				bold = false
			}
		}
	}
	return titles
}

const longName = "generated: 100000 CRM records, 10000 contacts (seed 1) → ../shared/data/febrl/dataset4b.csv"

func TestChartTitlesFit(t *testing.T) {
	pts := sweep([]scoredAnswer{{0.95, true}, {0.6, false}, {0.2, true}}, 3)
	_, bins := calibration([]scoredAnswer{{0.95, true}, {0.92, true}, {0.1, false}}, 10)
	h := newHistogram()
	h.add(40, true)
	h.add(-3, false)
	for _, tc := range []struct {
		name, svg string
		reason    string
	}{
		{"threshold", thresholdChart(pts, "Linking: precision, recall and F1 by threshold — "+longName, "confidence", []mark{{0.5, "review"}, {0.9, "matched"}}),
			"the title that used to end in \"(see\""},
		{"reliability", reliabilityChart(bins, "Linking: reliability of the confidence — "+longName, "confidence"), ""},
		{"weights", weightChart(h, "Deduplication: match weight of candidate pairs — "+longName, pairLabels, []mark{{0, "p = 0.5"}}), ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			titles := wellFormed(t, tc.svg)
			require.NotEmpty(t, titles)
			assert.Greater(t, len(titles), 1, "a long title wraps onto more lines")
			for _, l := range titles {
				assert.LessOrEqual(t, margin+charWidth*float64(len([]rune(l))), float64(chartW-margin), "title line %q overflows", l)
			}
			joined := strings.Join(titles, " ")
			assert.True(t, strings.HasSuffix(joined, "dataset4b.csv"), "the whole title is there: %q", joined)
		})
	}
}

func TestThresholdChart(t *testing.T) {
	pts := []sweepPoint{{0, 0.5, 1, 0.67}, {0.5, 0.9, 0.8, 0.85}, {1, 1, 0.5, 0.67}}
	s := thresholdChart(pts, "a <test>", "confidence", []mark{{0.5, "review ≥ 0.5"}, {0.9, "matched ≥ 0.9"}})
	wellFormed(t, s)
	assert.Contains(t, s, "a &lt;test&gt;")
	assert.Equal(t, 3, strings.Count(s, "<polyline"), "precision, recall, F1")
	assert.Contains(t, s, "review ≥ 0.5")
	assert.Contains(t, s, "matched ≥ 0.9")
	assert.Equal(t, 2, strings.Count(s, `stroke-dasharray="5 3"`), "one dashed line per default threshold")
	assert.Contains(t, s, "best F1 0.8500 at threshold 0.50")
	for _, l := range []string{">precision<", ">recall<", ">F1<"} {
		assert.Contains(t, s, l, "legend")
	}
}

func TestReliabilityChartLegend(t *testing.T) {
	s := reliabilityChart([]bin{{Lo: 0.9, Hi: 1, Count: 30, Confidence: 0.95, Accuracy: 0.9}, {Lo: 0, Hi: 0.1, Count: 1, Confidence: 0.02, Accuracy: 0}}, "x", "confidence")
	wellFormed(t, s)
	assert.Equal(t, 2+1, strings.Count(s, "<circle"), "a dot per bin and one in the legend")
	for _, want := range []string{"perfect calibration", "bin mean: predicted vs share correct", "the darker, the more answers", ">30<", "31 answers"} {
		assert.Contains(t, s, want)
	}
}

func TestHistogram(t *testing.T) {
	h := newHistogram()
	for _, w := range []float64{-100, -30, -29.5, 0, 1.9, 79.9, 80, 500} {
		h.add(w, w > 0)
	}
	assert.Equal(t, 1, h.Below, "-100 is below the range; -30 is its lower edge")
	assert.Equal(t, 2, h.Above)
	assert.Equal(t, 3, h.False[0], "-100, -30 and -29.5 in the first bin")
	assert.Equal(t, 1, h.False[15], "0 opens the bin [0,2)")
	assert.Equal(t, 1, h.True[15], "1.9 is in [0,2)")
	assert.Equal(t, 3, h.True[len(h.True)-1])
	s := weightChart(h, "w", pairLabels, []mark{{math.Log2(1), "p = 0.5"}})
	wellFormed(t, s)
	assert.Contains(t, s, "true pairs (4)")
	assert.Contains(t, s, "false pairs (4)")
	assert.Contains(t, s, "Drawn in the end bins: 1 weights below -30, 2 above +80.")
}

// TestWriteCharts runs a small bench and checks that -json writes every chart for both tasks.
func TestWriteCharts(t *testing.T) {
	dir := t.TempDir()
	var out, errb strings.Builder
	code := run([]string{"-records", "2000", "-contacts", "200", "-q", "-json", filepath.Join(dir, "r.json")}, &out, &errb)
	require.Equal(t, 0, code, errb.String())
	for _, task := range []string{"link", "dedup"} {
		for _, kind := range []string{"threshold", "reliability", "weights"} {
			b, err := os.ReadFile(filepath.Join(dir, "r_"+task+"_"+kind+".svg"))
			require.NoError(t, err)
			wellFormed(t, string(b))
		}
	}
	b, err := os.ReadFile(filepath.Join(dir, "r_dedup_threshold.svg"))
	require.NoError(t, err)
	assert.Regexp(t, regexp.MustCompile(`links at ≥ 0\.5`), string(b))
}
