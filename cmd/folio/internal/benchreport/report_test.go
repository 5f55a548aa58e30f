package main

import (
	"math"
	"path/filepath"
	"strings"
	"testing"
)

func TestMedian(t *testing.T) {
	nan := math.NaN()
	tests := []struct {
		in   []float64
		want float64
	}{
		{[]float64{3, 1, 2}, 2},
		{[]float64{4, 1, 3, 2}, 2.5},
		{[]float64{5, nan, 1, 3}, 3}, // a failed run is left out
		{[]float64{7}, 7},
	}
	for _, tt := range tests {
		if got := median(tt.in); got != tt.want {
			t.Errorf("median(%v) = %v, want %v", tt.in, got, tt.want)
		}
	}
	for _, in := range [][]float64{nil, {nan, nan}} {
		if got := median(in); !math.IsNaN(got) {
			t.Errorf("median(%v) = %v, want NaN", in, got)
		}
	}
}

func TestRowCells(t *testing.T) {
	tests := []struct {
		name string
		r    row
		want string
	}{
		{"time under its goal", measured("interactive", seconds, goal{value: 800}, "nginx", []float64{700, 900, 650}, []float64{500, 400, 600}),
			"interactive | 0.70 s | 0.50 s (nginx) | 1.40× | ≤ 0.80 s | pass"},
		{"time over", measured("interactive", seconds, goal{value: 800}, "nginx", []float64{1560}, []float64{1500}),
			"interactive | 1.56 s | 1.50 s (nginx) | 1.04× | ≤ 0.80 s | fail"},
		{"ratio goal, at least", measured("css", perSecond, goal{value: 0.5, atLeast: true, onRatio: true}, "nginx", []float64{2200}, []float64{10000}),
			"css | 2,200/s | 10,000/s (nginx) | 0.22× | ≥ 0.5× | fail"},
		{"score", measured("lighthouse", score, goal{value: 90, atLeast: true}, "nginx", []float64{91, 93, 88}, []float64{90}),
			"lighthouse | 91 | 90 (nginx) | 1.01× | ≥ 90 | pass"},
		{"zero goal", measured("bytes", byteCount, goal{}, "nginx", []float64{41719}, []float64{0}),
			"bytes | 41,719 B | 0 B (nginx) | — | 0 B | fail"},
		{"failed anchor", measured("cls", shift, goal{}, "nginx", []float64{0}, []float64{math.NaN()}),
			"cls | 0 | — (nginx) | — | 0 | pass"},
		{"not measured", notAvailable("md", millis, goal{value: 2, onRatio: true}, "marked", "no `make bench-markdown` yet"),
			"md | — | — (marked) | — | ≤ 2.0× | not available: no `make bench-markdown` yet"},
	}
	for _, tt := range tests {
		if got := strings.Join(tt.r.cells(), " | "); got != tt.want {
			t.Errorf("%s: cells = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestThousands(t *testing.T) {
	for in, want := range map[int64]string{0: "0", 999: "999", 1000: "1,000", 1649083: "1,649,083", -12345: "-12,345"} {
		if got := thousands(in); got != want {
			t.Errorf("thousands(%d) = %q, want %q", in, got, want)
		}
	}
}

// TestParseStatic reads .ci/bench-static.sh's table as it prints it.
func TestParseStatic(t *testing.T) {
	out := `load average before: 3.1 2.0 1.5
| row       |  nginx req/s |  Folio req/s |  Folio ÷ |
|-----------|--------------|--------------|---------|
| css       |        20311 |         4520 |   0.223x |
| css gzip  |        19876 |         4410 |   0.222x |
| wasm br   |         1732 |          208 |   0.120x |
| page      |        18250 |          219 |   0.012x |
load average after: 3.5 2.1 1.6
`
	got := parseStatic([]byte(out))
	want := map[string][2]float64{"css": {20311, 4520}, "css gzip": {19876, 4410}, "wasm br": {1732, 208}, "page": {18250, 219}}
	if len(got) != len(want) {
		t.Fatalf("parseStatic = %v, want %v", got, want)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("parseStatic[%q] = %v, want %v", k, got[k], v)
		}
	}
}

// TestParseMarkdown reads the lines `make bench-markdown` is to print, and
// matches them to issue 8's 2k and 20k word documents.
func TestParseMarkdown(t *testing.T) {
	out := "goldmark vs marked, Node v20\nbench-markdown words=2034 goldmark_ms=12.5 marked_ms=3.8\nbench-markdown words=20340 goldmark_ms=140 marked_ms=35.5\nsomething else words=1\n"
	got := parseMarkdown([]byte(out))
	if v, ok := nearest(got, 2000); !ok || v != [2]float64{12.5, 3.8} {
		t.Errorf("2k words = %v, %v; want [12.5 3.8]", v, ok)
	}
	if v, ok := nearest(got, 20000); !ok || v != [2]float64{140, 35.5} {
		t.Errorf("20k words = %v, %v; want [140 35.5]", v, ok)
	}
	if v, ok := nearest(map[int][2]float64{500: {1, 1}}, 2000); ok {
		t.Errorf("nearest(500 words, 2000) = %v, want none", v)
	}
}

// TestBudget reads the size test's budget from the real file, so renaming
// or reformatting it cannot silently empty the report's anchor.
func TestBudget(t *testing.T) {
	b, err := budget(filepath.Join("..", "..", "..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	if b < 1_000_000 || b > 3_000_000 {
		t.Errorf("brotliBudget = %.0f, want a budget in megabytes", b)
	}
}

func TestSpliceReport(t *testing.T) {
	doc := "# Speed\n\n" + beginMarker + "\n| old |\n" + endMarker + "\n\nAfter.\n"
	got, err := spliceReport(doc, "| new |\n\nMedians.\n")
	if err != nil {
		t.Fatal(err)
	}
	want := "# Speed\n\n" + beginMarker + "\n| new |\n\nMedians.\n" + endMarker + "\n\nAfter.\n"
	if got != want {
		t.Errorf("spliceReport = %q, want %q", got, want)
	}
	if _, err := spliceReport("no markers", "x"); err == nil {
		t.Error("spliceReport without markers: no error")
	}
}
