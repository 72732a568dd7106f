package main

import (
	"fmt"
	"html"
	"math"
	"strings"
)

// Chart geometry: a 480×320 plot area inside a 640-pixel-wide canvas. The title takes as
// many lines as it needs above the plot, so it is never cut; the labels of marked thresholds
// sit between the title and the plot, and the legend and notes below the axis label, so that
// nothing is drawn over the data.
const (
	chartW       = 640
	margin       = 10 // left and right edge of the title and notes
	plotX, plotW = 70, 480
	plotH        = 320
	titleSize    = 14
	lineHeight   = 18
	// charWidth is a generous mean advance of the bold sans-serif font at titleSize, and
	// noteCharWidth of the 11-pixel notes, used to wrap text: wrapping a little early is
	// harmless, overflowing the canvas is not.
	charWidth     = 8.8
	noteCharWidth = 6.6
)

// chart is one SVG being drawn: a frame with axes from x0 to x1 and y0 to y1 (y on a log10
// scale when logY), a title wrapped to the width, and notes under the plot.
type chart struct {
	b              strings.Builder
	x0, x1, y0, y1 float64
	logY           bool
	plotY          float64 // top of the plot area, below the title
	notes          []string
	legend         []string // legend entries, each an SVG fragment drawn at (0,0)
}

// wrap splits s into lines of at most width pixels, at spaces, for characters of advance cw.
func wrap(s string, width, cw float64) []string {
	limit := int(width / cw)
	var lines []string
	line := ""
	for _, w := range strings.Fields(s) {
		switch {
		case line == "":
			line = w
		case len([]rune(line))+1+len([]rune(w)) <= limit:
			line += " " + w
		default:
			lines = append(lines, line)
			line = w
		}
	}
	if line != "" {
		lines = append(lines, line)
	}
	return lines
}

func newChart(title string, x0, x1, y0, y1 float64, logY bool) *chart {
	c := &chart{x0: x0, x1: x1, y0: y0, y1: y1, logY: logY}
	lines := wrap(title, chartW-2*margin, charWidth)
	c.plotY = float64(28 + lineHeight*len(lines)) // room for the labels of marks
	for i, l := range lines {
		fmt.Fprintf(&c.b, `<text x="%d" y="%d" font-size="%d" font-weight="bold">%s</text>`+"\n",
			margin, 4+lineHeight*(i+1), titleSize, html.EscapeString(l))
	}
	return c
}

func (c *chart) px(x float64) float64 { return plotX + (x-c.x0)/(c.x1-c.x0)*plotW }

func (c *chart) py(y float64) float64 {
	if c.logY {
		y = math.Log10(max(y, c.y0))
		return c.plotY + (1-(y-math.Log10(c.y0))/(math.Log10(c.y1)-math.Log10(c.y0)))*plotH
	}
	return c.plotY + (1-(y-c.y0)/(c.y1-c.y0))*plotH
}

// axes draws the grid, the ticks and the axis labels: xs and ys are the tick values, and
// fx and fy format them.
func (c *chart) axes(xs, ys []float64, fx, fy func(float64) string, xLabel, yLabel string) {
	for _, v := range xs {
		fmt.Fprintf(&c.b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#eee"/>`+"\n", c.px(v), c.py(c.y0), c.px(v), c.py(c.y1))
		fmt.Fprintf(&c.b, `<text x="%.1f" y="%.1f" text-anchor="middle">%s</text>`+"\n", c.px(v), c.py(c.y0)+16, fx(v))
	}
	for _, v := range ys {
		fmt.Fprintf(&c.b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#eee"/>`+"\n", c.px(c.x0), c.py(v), c.px(c.x1), c.py(v))
		fmt.Fprintf(&c.b, `<text x="%.1f" y="%.1f" text-anchor="end">%s</text>`+"\n", c.px(c.x0)-6, c.py(v)+4, fy(v))
	}
	fmt.Fprintf(&c.b, `<rect x="%d" y="%.1f" width="%d" height="%d" fill="none" stroke="#333"/>`+"\n", plotX, c.plotY, plotW, plotH)
	fmt.Fprintf(&c.b, `<text x="%.1f" y="%.1f" text-anchor="middle">%s</text>`+"\n", c.px((c.x0+c.x1)/2), c.py(c.y0)+34, html.EscapeString(xLabel))
	if yLabel != "" {
		mid := c.plotY + plotH/2
		fmt.Fprintf(&c.b, `<text x="18" y="%.1f" text-anchor="middle" transform="rotate(-90 18 %.1f)">%s</text>`+"\n", mid, mid, html.EscapeString(yLabel))
	}
}

// legendLine adds a legend entry drawn as a line (dash "" for solid).
func (c *chart) legendLine(colour, dash, name string) {
	c.legend = append(c.legend, fmt.Sprintf(`<line x1="0" y1="-4" x2="20" y2="-4" stroke="%s" stroke-width="2" stroke-dasharray="%s"/>`+
		`<text x="26" y="0">%s</text>`, colour, dash, html.EscapeString(name)))
}

// legendSwatch adds a legend entry drawn as a filled square.
func (c *chart) legendSwatch(colour string, opacity float64, name string) {
	c.legend = append(c.legend, fmt.Sprintf(`<rect x="0" y="-10" width="20" height="10" fill="%s" fill-opacity="%.2f" stroke="%s" stroke-opacity="0.6"/>`+
		`<text x="26" y="0">%s</text>`, colour, opacity, colour, html.EscapeString(name)))
}

// legendDot adds a legend entry drawn as a dot.
func (c *chart) legendDot(colour, name string) {
	c.legend = append(c.legend, fmt.Sprintf(`<circle cx="10" cy="-4" r="3.5" fill="%s"/><text x="26" y="0">%s</text>`,
		colour, html.EscapeString(name)))
}

func (c *chart) polyline(xs, ys []float64, colour string) {
	var pts []string
	for i := range xs {
		pts = append(pts, fmt.Sprintf("%.1f,%.1f", c.px(xs[i]), c.py(ys[i])))
	}
	fmt.Fprintf(&c.b, `<polyline fill="none" stroke="%s" stroke-width="2" points="%s"/>`+"\n", colour, strings.Join(pts, " "))
}

// vmark draws a dashed vertical line at x with its label above the plot.
func (c *chart) vmark(x float64, label string) {
	fmt.Fprintf(&c.b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#555" stroke-dasharray="5 3"/>`+"\n",
		c.px(x), c.plotY-4, c.px(x), c.plotY+plotH)
	fmt.Fprintf(&c.b, `<text x="%.1f" y="%.1f" text-anchor="middle" font-size="11" fill="#333">%s</text>`+"\n",
		c.px(x), c.plotY-7, html.EscapeString(label))
}

// note adds a line of small text under the plot.
func (c *chart) note(s string) { c.notes = append(c.notes, s) }

// svg closes the chart and returns it: the legend in two columns under the axis label,
// then the notes, wrapped to the canvas.
func (c *chart) svg() string {
	y := c.py(c.y0) + 58
	for i, e := range c.legend {
		x := plotX + (i%2)*(plotW/2)
		fmt.Fprintf(&c.b, `<g transform="translate(%d %.1f)">%s</g>`+"\n", x, y+float64(18*(i/2)), e)
	}
	y += float64(18 * ((len(c.legend) + 1) / 2))
	if len(c.legend) > 0 {
		y += 4
	}
	for _, n := range c.notes {
		for _, l := range wrap(n, chartW-2*margin, noteCharWidth) {
			fmt.Fprintf(&c.b, `<text x="%d" y="%.1f" font-size="11" fill="#444">%s</text>`+"\n", margin, y, html.EscapeString(l))
			y += 15
		}
	}
	h := int(y)
	return fmt.Sprintf(`<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" font-family="sans-serif" font-size="12">`+"\n"+
		`<rect width="%d" height="%d" fill="white"/>`+"\n", chartW, h, chartW, h) + c.b.String() + "</svg>\n"
}

func tenths() []float64 {
	v := make([]float64, 11)
	for i := range v {
		v[i] = float64(i) / 10
	}
	return v
}

func f1dp(v float64) string { return fmt.Sprintf("%.1f", v) }

// mark is a default threshold shown on a threshold chart.
type mark struct {
	at    float64
	label string
}

// thresholdChart plots precision, recall and F1 against the threshold on score (what the
// threshold applies to, e.g. "confidence of the best candidate"), with the default thresholds
// marked and the best F1 pointed out.
func thresholdChart(pts []sweepPoint, title, score string, marks []mark) string {
	c := newChart(title, 0, 1, 0, 1, false)
	c.axes(tenths(), tenths(), f1dp, f1dp, "threshold on "+score, "")
	for _, m := range marks {
		c.vmark(m.at, m.label)
	}
	xs := make([]float64, len(pts))
	p, r, f := make([]float64, len(pts)), make([]float64, len(pts)), make([]float64, len(pts))
	for i, s := range pts {
		xs[i], p[i], r[i], f[i] = s.Threshold, s.Precision, s.Recall, s.F1
	}
	c.polyline(xs, p, "#1f77b4")
	c.polyline(xs, r, "#ff7f0e")
	c.polyline(xs, f, "#2ca02c")
	if bf, at := best(pts); bf > 0 {
		fmt.Fprintf(&c.b, `<circle cx="%.1f" cy="%.1f" r="4" fill="none" stroke="#2ca02c" stroke-width="2"/>`+"\n", c.px(at), c.py(bf))
		c.note(fmt.Sprintf("Circle: best F1 %.4f at threshold %.2f. Dashed lines: the default thresholds.", bf, at))
	}
	c.legendLine("#1f77b4", "", "precision")
	c.legendLine("#ff7f0e", "", "recall")
	c.legendLine("#2ca02c", "", "F1")
	return c.svg()
}

// reliabilityChart plots observed accuracy against predicted confidence per bin, with the
// diagonal of perfect calibration. A bar's shading grows with its share of the answers and
// its count is written above it.
func reliabilityChart(bins []bin, title, what string) string {
	c := newChart(title, 0, 1, 0, 1, false)
	c.axes(tenths(), tenths(), f1dp, f1dp, "predicted "+what, "observed share correct")
	fmt.Fprintf(&c.b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#999" stroke-dasharray="4 4"/>`+"\n", c.px(0), c.py(0), c.px(1), c.py(1))
	total := 0
	for _, bn := range bins {
		total += bn.Count
	}
	opacity := func(share float64) float64 { return 0.15 + 0.85*share }
	for _, bn := range bins {
		if bn.Count == 0 {
			continue
		}
		share := float64(bn.Count) / float64(max(total, 1))
		x, w := c.px(bn.Lo)+1, (bn.Hi-bn.Lo)*plotW-2
		fmt.Fprintf(&c.b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="#1f77b4" fill-opacity="%.2f"><title>%d answers, mean confidence %.3f, share correct %.3f</title></rect>`+"\n",
			x, c.py(bn.Accuracy), w, c.py(0)-c.py(bn.Accuracy), opacity(share), bn.Count, bn.Confidence, bn.Accuracy)
		fmt.Fprintf(&c.b, `<text x="%.1f" y="%.1f" text-anchor="middle" font-size="10" fill="#333">%s</text>`+"\n",
			x+w/2, c.py(bn.Accuracy)-4, shortCount(bn.Count))
		fmt.Fprintf(&c.b, `<circle cx="%.1f" cy="%.1f" r="3.5" fill="#d62728"/>`+"\n", c.px(bn.Confidence), c.py(bn.Accuracy))
	}
	c.legendLine("#999", "4 4", "perfect calibration")
	c.legendDot("#d62728", "bin mean: predicted vs share correct")
	c.legendSwatch("#1f77b4", opacity(0.02), "bar with few answers (2%)")
	c.legendSwatch("#1f77b4", opacity(0.25), "a quarter of the answers")
	c.legendSwatch("#1f77b4", opacity(1), "all answers in one bar")
	c.note(fmt.Sprintf("%d answers in bins of width 0.1; the number over a bar is its count.", total))
	c.note("A bar's height is the share of its answers that were right; the darker, the more answers.")
	return c.svg()
}

// shortCount writes a count in at most five characters: 950, 12k, 3.4M.
func shortCount(n int) string {
	switch {
	case n < 10_000:
		return fmt.Sprint(n)
	case n < 1_000_000:
		return fmt.Sprintf("%dk", n/1000)
	}
	return fmt.Sprintf("%.1fM", float64(n)/1e6)
}

// histogram counts match weights in bins of one width, split by whether the pair is true.
// The JSON keys are part of the harness's output.
type histogram struct {
	Lo    float64 `json:"lo"`    // lower edge of the first bin, in bits
	Width float64 `json:"width"` // bin width in bits
	True  []int   `json:"true"`  // pairs of one entity per bin
	False []int   `json:"false"` // pairs of different entities per bin
	// Below and Above count the weights outside the bins, which are drawn in the end bins.
	Below, Above int `json:"-"`
}

// weightRange bounds the histogram: weights beyond are counted in the end bins.
const (
	histLo, histHi, histWidth = -30.0, 80.0, 2.0
)

func newHistogram() *histogram {
	n := int((histHi - histLo) / histWidth)
	return &histogram{Lo: histLo, Width: histWidth, True: make([]int, n), False: make([]int, n)}
}

// add counts one weight.
func (h *histogram) add(w float64, isTrue bool) {
	i := int(math.Floor((w - h.Lo) / h.Width))
	if i < 0 {
		i, h.Below = 0, h.Below+1
	}
	if i >= len(h.True) {
		i, h.Above = len(h.True)-1, h.Above+1
	}
	if isTrue {
		h.True[i]++
	} else {
		h.False[i]++
	}
}

// weightLabels name what a weight histogram counts: the x axis, the y axis, and the true
// and false classes in the legend.
type weightLabels struct {
	x, y, true, false string
}

// pairLabels are the labels for pairs of records.
var pairLabels = weightLabels{y: "pairs per bin (log scale)", true: "true pairs", false: "false pairs"}

// weightChart draws the histogram as bars of the true and the false class, overlaid and
// translucent, on a logarithmic count axis, with marks (e.g. the weight at which pairs link)
// as dashed lines.
func weightChart(h *histogram, title string, l weightLabels, marks []mark, notes ...string) string {
	top := 1
	for i := range h.True {
		top = max(top, h.True[i], h.False[i])
	}
	y1 := math.Pow(10, math.Ceil(math.Log10(float64(top))+0.05))
	hi := h.Lo + h.Width*float64(len(h.True))
	c := newChart(title, h.Lo, hi, 0.7, y1, true)
	var xs []float64
	for x := math.Ceil(h.Lo/10) * 10; x <= hi; x += 10 {
		xs = append(xs, x)
	}
	var ys []float64
	for y := 1.0; y <= y1; y *= 10 {
		ys = append(ys, y)
	}
	c.axes(xs, ys, func(v float64) string { return fmt.Sprintf("%+.0f", v) }, func(v float64) string { return shortCount(int(v)) },
		l.x+" (bits)", l.y)
	for _, m := range marks {
		c.vmark(m.at, m.label)
	}
	step := func(counts []int, colour string) {
		var b strings.Builder
		for i, n := range counts {
			x0, x1 := c.px(h.Lo+h.Width*float64(i)), c.px(h.Lo+h.Width*float64(i+1))
			if n == 0 {
				continue
			}
			fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s" fill-opacity="0.35" stroke="%s"/>`,
				x0, c.py(float64(n)), x1-x0, c.py(0.7)-c.py(float64(n)), colour, colour)
		}
		c.b.WriteString(b.String() + "\n")
	}
	step(h.False, "#d62728")
	step(h.True, "#2ca02c")
	nt, nf := 0, 0
	for i := range h.True {
		nt += h.True[i]
		nf += h.False[i]
	}
	c.legendSwatch("#2ca02c", 0.5, fmt.Sprintf("%s (%s)", l.true, shortCount(nt)))
	c.legendSwatch("#d62728", 0.5, fmt.Sprintf("%s (%s)", l.false, shortCount(nf)))
	if h.Below+h.Above > 0 {
		c.note(fmt.Sprintf("Bins of %.0f bits. Drawn in the end bins: %d weights below %+.0f, %d above %+.0f.",
			h.Width, h.Below, h.Lo, h.Above, hi))
	} else {
		c.note(fmt.Sprintf("Bins of %.0f bits.", h.Width))
	}
	for _, n := range notes {
		c.note(n)
	}
	return c.svg()
}
