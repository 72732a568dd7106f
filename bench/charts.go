package main

import (
	"fmt"
	"html"
	"strings"
)

// Chart geometry: a 480×320 plot area inside a 560×400 canvas, both axes from 0 to 1.
const (
	chartW, chartH = 560, 400
	plotX, plotY   = 60, 30
	plotW, plotH   = 480, 320
)

func px(x float64) float64 { return plotX + x*plotW }
func py(y float64) float64 { return plotY + (1-y)*plotH }

// svgFrame opens an SVG with a title, axes, grid and axis labels; the caller adds the data
// and closes it with </svg>.
func svgFrame(b *strings.Builder, title, xLabel, yLabel string) {
	fmt.Fprintf(b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" font-family="sans-serif" font-size="12">`+"\n", chartW, chartH)
	fmt.Fprintf(b, `<rect width="%d" height="%d" fill="white"/>`+"\n", chartW, chartH)
	fmt.Fprintf(b, `<text x="%d" y="18" font-size="13">%s</text>`+"\n", plotX, html.EscapeString(title))
	for i := 0; i <= 10; i++ {
		v := float64(i) / 10
		fmt.Fprintf(b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#eee"/>`+"\n", px(v), py(0), px(v), py(1))
		fmt.Fprintf(b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#eee"/>`+"\n", px(0), py(v), px(1), py(v))
		fmt.Fprintf(b, `<text x="%.1f" y="%.1f" text-anchor="middle">%.1f</text>`+"\n", px(v), py(0)+16, v)
		fmt.Fprintf(b, `<text x="%.1f" y="%.1f" text-anchor="end">%.1f</text>`+"\n", px(0)-6, py(v)+4, v)
	}
	fmt.Fprintf(b, `<rect x="%d" y="%d" width="%d" height="%d" fill="none" stroke="#333"/>`+"\n", plotX, plotY, plotW, plotH)
	fmt.Fprintf(b, `<text x="%.1f" y="%d" text-anchor="middle">%s</text>`+"\n", px(0.5), chartH-12, html.EscapeString(xLabel))
	fmt.Fprintf(b, `<text x="16" y="%.1f" text-anchor="middle" transform="rotate(-90 16 %.1f)">%s</text>`+"\n", py(0.5), py(0.5), html.EscapeString(yLabel))
}

func polyline(b *strings.Builder, xs, ys []float64, colour, name string, legend int) {
	var pts []string
	for i := range xs {
		pts = append(pts, fmt.Sprintf("%.1f,%.1f", px(xs[i]), py(ys[i])))
	}
	fmt.Fprintf(b, `<polyline fill="none" stroke="%s" stroke-width="2" points="%s"/>`+"\n", colour, strings.Join(pts, " "))
	y := plotY + 16 + 16*legend
	fmt.Fprintf(b, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="%s" stroke-width="2"/>`, plotX+plotW-110, y-4, plotX+plotW-90, y-4, colour)
	fmt.Fprintf(b, `<text x="%d" y="%d">%s</text>`+"\n", plotX+plotW-84, y, name)
}

// thresholdChart plots precision, recall and F1 against the confidence threshold.
func thresholdChart(pts []sweepPoint, title string) string {
	var b strings.Builder
	svgFrame(&b, "Precision, recall, F1 — "+title, "threshold", "")
	xs := make([]float64, len(pts))
	p, r, f := make([]float64, len(pts)), make([]float64, len(pts)), make([]float64, len(pts))
	for i, s := range pts {
		xs[i], p[i], r[i], f[i] = s.Threshold, s.Precision, s.Recall, s.F1
	}
	polyline(&b, xs, p, "#1f77b4", "precision", 0)
	polyline(&b, xs, r, "#ff7f0e", "recall", 1)
	polyline(&b, xs, f, "#2ca02c", "F1", 2)
	b.WriteString("</svg>\n")
	return b.String()
}

// reliabilityChart plots observed accuracy against predicted confidence per bin, with the
// diagonal of perfect calibration; a bar's opacity grows with its share of the answers.
func reliabilityChart(bins []bin, title string) string {
	var b strings.Builder
	svgFrame(&b, "Reliability — "+title, "predicted confidence", "observed accuracy")
	fmt.Fprintf(&b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#999" stroke-dasharray="4 4"/>`+"\n", px(0), py(0), px(1), py(1))
	total := 0
	for _, bn := range bins {
		total += bn.Count
	}
	for _, bn := range bins {
		if bn.Count == 0 {
			continue
		}
		op := 0.25 + 0.75*float64(bn.Count)/float64(max(total, 1))
		fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="#1f77b4" fill-opacity="%.2f"><title>%d answers, confidence %.3f, accuracy %.3f</title></rect>`+"\n",
			px(bn.Lo)+1, py(bn.Accuracy), (bn.Hi-bn.Lo)*plotW-2, bn.Accuracy*plotH, op, bn.Count, bn.Confidence, bn.Accuracy)
		fmt.Fprintf(&b, `<circle cx="%.1f" cy="%.1f" r="3" fill="#d62728"/>`+"\n", px(bn.Confidence), py(bn.Accuracy))
	}
	b.WriteString("</svg>\n")
	return b.String()
}
