// Command benchreport is `make bench`: issue 8's speed figures as one
// Markdown table. Each row is measured on Folio and, alternating in the same
// run, on its anchor: nginx serving the `folio build` output of the same
// binary (its comments from that Folio), marked in the same Node process
// (`make bench-markdown`), or the size test's budget. Figures are medians of
// -runs runs. Lighthouse is npm lighthouse (`make lighthouse`) with Debian's
// Chromium, mobile preset.
//
// Progress goes to stderr; the table and a line on how it was taken go to
// stdout, ready to paste into the README. Nothing here asserts a time: the
// goal column says pass or fail, and the command exits 0 either way unless
// the measuring itself broke.
//
//	go run ./cmd/folio/internal/benchreport -bin bin/folio [-runs 3] [-only browser,lighthouse,markdown,static,size]
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"folio/app/article"
	"folio/cmd/folio/internal/lighthouse"
)

// options are the command line's.
type options struct {
	root, bin, web, chrome string
	runs, staticSeconds    int
	only                   map[string]bool
	verbose                bool
	readme                 string
}

func main() {
	var o options
	var only string
	flag.StringVar(&o.bin, "bin", "bin/folio", "the folio binary to measure (make build)")
	flag.StringVar(&o.web, "web", "web", "the folder holding app.wasm.br (make wasm)")
	flag.StringVar(&o.chrome, "chromium", "", "Chromium to drive (default: chromium on PATH)")
	flag.IntVar(&o.runs, "runs", 3, "runs per figure; the table shows medians")
	flag.IntVar(&o.staticSeconds, "static-seconds", 3, "seconds of wrk per static row and run")
	flag.StringVar(&only, "only", "", "comma-separated groups: browser, lighthouse, markdown, static, size (default: all)")
	flag.BoolVar(&o.verbose, "v", false, "print every run's figures to stderr")
	flag.StringVar(&o.readme, "readme", "", "also write the table into this file, between its bench markers (README.md)")
	flag.Parse()
	if err := run(context.Background(), o, only, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "benchreport:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, o options, only string, stdout, stderr io.Writer) error {
	var err error
	if o.root, err = os.Getwd(); err != nil {
		return err
	}
	if o.bin, err = filepath.Abs(o.bin); err != nil {
		return err
	}
	if o.web, err = filepath.Abs(o.web); err != nil {
		return err
	}
	if o.chrome == "" {
		o.chrome, _ = exec.LookPath("chromium")
	}
	if only != "" {
		o.only = map[string]bool{}
		for _, g := range strings.Split(only, ",") {
			o.only[strings.TrimSpace(g)] = true
		}
	}
	logf := func(format string, args ...any) {
		if o.verbose {
			fmt.Fprintf(stderr, "bench: "+format+"\n", args...)
		}
	}
	step := func(what string) { fmt.Fprintf(stderr, "bench: %s…\n", what) }
	loadBefore := loadAverage()
	start := time.Now()

	var rows []row
	if o.want("browser") || o.want("lighthouse") {
		step("starting Folio and nginx on its build")
		s, err := startServers(ctx, o.bin, o.web)
		if s != nil {
			defer s.stop()
		}
		if err != nil {
			return err
		}
		slug, err := longest(ctx, s.folio.URL)
		if err != nil {
			return err
		}
		s.warm(ctx, "/a/"+slug)
		if o.want("browser") {
			rows = append(rows, browserRows(ctx, o, s, slug, step, logf)...)
		}
		if o.want("lighthouse") {
			rows = append(rows, lighthouseRows(ctx, o, s, slug, step, logf)...)
		}
	}
	if o.want("markdown") {
		step("make bench-markdown")
		rows = append(rows, markdown(ctx, o.root, logf)...)
	}
	if o.want("static") {
		step("static files beside nginx (.ci/bench-static.sh)")
		rows = append(rows, staticFiles(ctx, o.root, o.bin, o.runs, o.staticSeconds, logf)...)
	}
	if o.want("size") {
		rows = append(rows, wasmSize(o.root, o.web))
	}
	var report strings.Builder
	writeTable(&report, rows)
	fmt.Fprintf(&report, "\n%s\n", o.footer(start, loadBefore))
	if _, err := io.WriteString(stdout, report.String()); err != nil {
		return err
	}
	if o.readme != "" {
		return updateReadme(o.readme, report.String())
	}
	return nil
}

// want reports whether the group of rows is to be measured.
func (o options) want(group string) bool { return o.only == nil || o.only[group] }

// longest is the slug of the sample magazine's long read, from Folio's API.
func longest(ctx context.Context, base string) (string, error) {
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, base+"/api/articles?limit=100", nil)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return "", fmt.Errorf("article list: %w", err)
	}
	defer res.Body.Close()
	var page article.Page
	if err := json.NewDecoder(res.Body).Decode(&page); err != nil || len(page.Articles) == 0 {
		return "", fmt.Errorf("article list: %v (%d articles)", err, len(page.Articles))
	}
	long := page.Articles[0]
	for _, m := range page.Articles {
		if m.ReadingMinutes > long.ReadingMinutes {
			long = m
		}
	}
	return long.Slug, nil
}

// noteErr keeps the first error of a row's runs in the row (as why it is
// not available, when no run worked) and in the log.
func noteErr(r *row, err error, logf func(string, ...any)) {
	if err == nil {
		return
	}
	logf("%s: %v", r.name, err)
	if math.IsNaN(r.figure) {
		r.missing = firstLine(err.Error())
	}
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	return s
}

// loadAverage is the 1, 5 and 15 minute load averages, or "?".
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "?"
	}
	return strings.Join(f[:3], " ")
}

// footer says how the table was taken: when, on what, how busy.
func (o options) footer(start time.Time, loadBefore string) string {
	commit := "?"
	if out, err := exec.Command("git", "-C", o.root, "describe", "--always", "--dirty").Output(); err == nil {
		commit = strings.TrimSpace(string(out))
	}
	chromium := "?"
	if o.chrome != "" {
		if out, err := exec.Command(o.chrome, "--version").Output(); err == nil {
			chromium = strings.TrimSpace(string(out))
		}
	}
	node := "?"
	if out, err := exec.Command("node", "--version").Output(); err == nil {
		node = strings.TrimSpace(string(out))
	}
	runs := fmt.Sprintf("Medians of %d runs", o.runs)
	if o.runs == 1 {
		runs = "One run"
	}
	return fmt.Sprintf("%s, Folio and its anchor alternating in one run (`make bench`, %s, commit %s, %.0f min). "+
		"%s, Lighthouse %s (mobile preset, simulated throttling) on Node %s; %d cores, load average %s before, %s after. "+
		"Goals are issue 8's; nothing asserts a time.",
		runs, start.UTC().Format("2006-01-02 15:04 UTC"), commit, time.Since(start).Minutes(),
		chromium, lighthouse.Version, node, runtime.NumCPU(), loadBefore, loadAverage())
}
