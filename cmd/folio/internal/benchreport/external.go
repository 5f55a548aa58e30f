package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
)

// staticRow is one of .ci/bench-static.sh's rows: its name there and here.
type staticRow struct{ script, name string }

var staticRows = []staticRow{
	{"css", "static files ÷ nginx: folio.css (req/s, 32 connections)"},
	{"wasm br", "static files ÷ nginx: app.wasm as brotli"},
	{"page", "static files ÷ nginx: the long article's page"},
}

// staticLine is a row of .ci/bench-static.sh's table: name, nginx req/s,
// Folio req/s.
var staticLine = regexp.MustCompile(`^\|\s*([a-z ]+?)\s*\|\s*(\d+)\s*\|\s*(\d+)\s*\|`)

// parseStatic reads one run of .ci/bench-static.sh: row name → [nginx, Folio].
func parseStatic(out []byte) map[string][2]float64 {
	got := map[string][2]float64{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		m := staticLine.FindStringSubmatch(sc.Text())
		if m == nil {
			continue
		}
		n, _ := strconv.ParseFloat(m[2], 64)
		f, _ := strconv.ParseFloat(m[3], 64)
		got[m[1]] = [2]float64{n, f}
	}
	return got
}

// staticFiles runs .ci/bench-static.sh (wrk against Folio and nginx serving
// its build, side by side) runs times and makes its rows from the medians.
func staticFiles(ctx context.Context, root, bin string, runs, secs int, logf func(string, ...any)) []row {
	g := goal{value: 0.5, atLeast: true, onRatio: true}
	for _, tool := range []string{"nginx", "wrk", "curl", "bc"} {
		if _, err := exec.LookPath(tool); err != nil {
			return staticMissing(g, tool+" is missing (apt-get install nginx wrk curl bc)")
		}
	}
	folio := map[string][]float64{}
	nginx := map[string][]float64{}
	for i := range runs {
		cmd := exec.CommandContext(ctx, "bash", filepath.Join(root, ".ci", "bench-static.sh"), bin)
		cmd.Dir = root
		cmd.Env = append(os.Environ(), fmt.Sprintf("BENCH_SECONDS=%d", secs))
		out, err := cmd.Output()
		if err != nil {
			return staticMissing(g, fmt.Sprintf("bench-static.sh: %v", err))
		}
		got := parseStatic(out)
		for _, r := range staticRows {
			v, ok := got[r.script]
			if !ok {
				return staticMissing(g, "bench-static.sh printed no "+r.script+" row")
			}
			nginx[r.script] = append(nginx[r.script], v[0])
			folio[r.script] = append(folio[r.script], v[1])
			logf("%s: run %d/%d: Folio %.0f/s, nginx %.0f/s", r.script, i+1, runs, v[1], v[0])
		}
	}
	var rows []row
	for _, r := range staticRows {
		rows = append(rows, measured(r.name, perSecond, g, "nginx", folio[r.script], nginx[r.script]))
	}
	return rows
}

func staticMissing(g goal, why string) []row {
	var rows []row
	for _, r := range staticRows {
		rows = append(rows, notAvailable(r.name, perSecond, g, "nginx", why))
	}
	return rows
}

// markdownLine is the line `make bench-markdown` prints per document: the
// medians of goldmark in app.wasm and of marked, rendering the same
// Markdown in the same Node process.
//
//	bench-markdown words=2000 goldmark_ms=12.3 marked_ms=3.1
var markdownLine = regexp.MustCompile(`^bench-markdown words=(\d+) goldmark_ms=([0-9.]+) marked_ms=([0-9.]+)\s*$`)

// markdownSizes are issue 8's two documents.
var markdownSizes = []int{2000, 20000}

// parseMarkdown reads `make bench-markdown`'s lines: words → [goldmark, marked].
func parseMarkdown(out []byte) map[int][2]float64 {
	got := map[int][2]float64{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		m := markdownLine.FindStringSubmatch(sc.Text())
		if m == nil {
			continue
		}
		w, _ := strconv.Atoi(m[1])
		g, _ := strconv.ParseFloat(m[2], 64)
		k, _ := strconv.ParseFloat(m[3], 64)
		got[w] = [2]float64{g, k}
	}
	return got
}

// nearest is the measured size closest to want, within a factor of 1.5.
func nearest(got map[int][2]float64, want int) ([2]float64, bool) {
	best, bestD := [2]float64{}, math.Inf(1)
	for w, v := range got {
		if d := math.Abs(math.Log(float64(w) / float64(want))); d < bestD && d < math.Log(1.5) {
			best, bestD = v, d
		}
	}
	return best, !math.IsInf(bestD, 1)
}

// markdown runs `make bench-markdown` (the Node harness timing goldmark in
// app.wasm and marked in one process) if the Makefile has it.
func markdown(ctx context.Context, root string, logf func(string, ...any)) []row {
	g := goal{value: 2, onRatio: true}
	name := func(w int) string {
		return fmt.Sprintf("goldmark in wasm ÷ marked, %dk words (same Node process)", w/1000)
	}
	missing := func(why string) []row {
		var rows []row
		for _, w := range markdownSizes {
			rows = append(rows, notAvailable(name(w), millis, g, "marked", why))
		}
		return rows
	}
	check := exec.CommandContext(ctx, "make", "-n", "bench-markdown")
	check.Dir = root
	if err := check.Run(); err != nil {
		return missing("no `make bench-markdown` yet")
	}
	cmd := exec.CommandContext(ctx, "make", "-s", "bench-markdown")
	cmd.Dir = root
	out, err := cmd.Output()
	if err != nil {
		return missing(fmt.Sprintf("make bench-markdown: %v", err))
	}
	got := parseMarkdown(out)
	var rows []row
	for _, w := range markdownSizes {
		v, ok := nearest(got, w)
		if !ok {
			rows = append(rows, notAvailable(name(w), millis, g, "marked", fmt.Sprintf("no `bench-markdown words=%d …` line", w)))
			continue
		}
		logf("markdown %d words: goldmark %.2f ms, marked %.2f ms", w, v[0], v[1])
		rows = append(rows, measured(name(w), millis, g, "marked", []float64{v[0]}, []float64{v[1]}))
	}
	return rows
}

// budgetLine is the budget cmd/wasm's size test holds app.wasm to.
var budgetLine = regexp.MustCompile(`(?m)^const brotliBudget = ([0-9_]+)`)

// budget reads the brotli budget from cmd/wasm/wasm_test.go, so the report
// and the test cannot disagree.
func budget(root string) (float64, error) {
	b, err := os.ReadFile(filepath.Join(root, "cmd", "wasm", "wasm_test.go"))
	if err != nil {
		return 0, fmt.Errorf("the size test: %w", err)
	}
	m := budgetLine.FindSubmatch(b)
	if m == nil {
		return 0, fmt.Errorf("no `const brotliBudget = N` in cmd/wasm/wasm_test.go")
	}
	n, err := strconv.ParseInt(string(m[1]), 0, 64)
	if err != nil {
		return 0, fmt.Errorf("brotliBudget: %w", err)
	}
	return float64(n), nil
}

// wasmSize is app.wasm's brotli size (as `make wasm` writes it, level 11,
// as the size test compresses it) beside the test's budget; the goal is
// issue 8's 1.45 MB.
func wasmSize(root, webDir string) row {
	const name = "app.wasm on the wire (brotli)"
	g := goal{value: 1_450_000}
	fi, err := os.Stat(filepath.Join(webDir, "app.wasm.br"))
	if err != nil {
		return notAvailable(name, byteCount, g, "budget", "no web/app.wasm.br (make wasm)")
	}
	r := measured(name, byteCount, g, "test's budget", []float64{float64(fi.Size())}, nil)
	if b, err := budget(root); err == nil {
		r.anchor = b
	}
	return r
}

// The README's table sits between these lines; -readme replaces what is
// between them.
const (
	beginMarker = "<!-- make bench: begin -->"
	endMarker   = "<!-- make bench: end -->"
)

// spliceReport puts report between doc's bench markers.
func spliceReport(doc, report string) (string, error) {
	i := strings.Index(doc, beginMarker)
	j := strings.Index(doc, endMarker)
	if i < 0 || j < i {
		return "", fmt.Errorf("no %q … %q lines", beginMarker, endMarker)
	}
	return doc[:i+len(beginMarker)] + "\n" + strings.TrimSpace(report) + "\n" + doc[j:], nil
}

// updateReadme writes report into the file between its bench markers.
func updateReadme(path, report string) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	doc, err := spliceReport(string(b), report)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return os.WriteFile(path, []byte(doc), 0o644)
}
