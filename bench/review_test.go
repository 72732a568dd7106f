package main

import (
	"bytes"
	"context"
	"encoding/xml"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestReviewReport(t *testing.T) {
	curve := []reviewPoint{{Answers: 0, F1: 0.8, ECE: 0.05}, {Answers: 10, Same: 7, Different: 3, F1: 0.85, ECE: 0.04}}
	tests := []struct {
		name, reason, got, want string
	}{
		{"summary", "the first line says before and after", tableOf(curve), "F1 0.8000 → 0.8500, ECE 0.0500 → 0.0400 after 10 answers (7 same, 3 different)"},
		{"rows", "one row per retraining", tableOf(curve), "| 10 | 7 | 3 | 0.8500 |"},
		{"chart title escaped", "titles are file names and may hold markup characters", reviewChart(curve, "a<b>&c"), "a&lt;b&gt;&amp;c"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !strings.Contains(tt.got, tt.want) {
				t.Errorf("%s: output lacks %q:\n%s", tt.reason, tt.want, tt.got)
			}
		})
	}
	if err := xml.Unmarshal([]byte(reviewChart(curve, "x")), new(struct{})); err != nil {
		t.Errorf("the chart is not well-formed XML: %v", err)
	}
}

func tableOf(curve []reviewPoint) string {
	var b bytes.Buffer
	writeReviewTable(&b, "t", curve, 0, false)
	return b.String()
}

// TestRunReview answers 10 cases of the bundled file and checks the curve has its two points.
func TestRunReview(t *testing.T) {
	dir := t.TempDir()
	o := options{dataset: filepath.Join("..", "testdata", "customers.csv"), review: 10, region: "RU", threshold: 0.5,
		jsonPath: filepath.Join(dir, "r.json"), quiet: true}
	var out bytes.Buffer
	if err := runReview(context.Background(), o, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "| 10 |") || !strings.Contains(out.String(), "| 0 |") {
		t.Errorf("table lacks the points before and after 10 answers:\n%s", out.String())
	}
	if _, err := os.Stat(filepath.Join(dir, "r_review.svg")); err != nil {
		t.Errorf("chart not written: %v", err)
	}
}
