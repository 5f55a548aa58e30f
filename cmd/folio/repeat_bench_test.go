package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"folio/app/article"
)

// BenchmarkRepeatVisit measures, on the long sample article, how long a
// reader waits for the app to be interactive (performance mark
// "folio-app-ready", from navigation start) on a repeat visit and on a cold
// start with no network, once the first visit is over; on a repeat visit
// also when the page and app.wasm had arrived (the part the service worker
// answers) and when the page first painted; and the bytes the
// server sends on a repeat visit before the app is ready and in all (the
// revalidation and the thread refresh included).
//
// By default it measures this build, served in-process. To compare builds
// side by side in the same run, name their binaries (built with `make
// build`): FOLIO_BENCH_BINS="old=/tmp/old/bin/folio,new=bin/folio". Each run
// opens a fresh browser per build, in turn, the order swapped every other
// run; FOLIO_BENCH_RUNS runs (default
// 3), 3 repeat visits and 3 offline starts each. Medians are reported.
func BenchmarkRepeatVisit(b *testing.B) {
	runs := 3
	if n, err := strconv.Atoi(os.Getenv("FOLIO_BENCH_RUNS")); err == nil && n > 0 {
		runs = n
	}
	var sites []*benchSite
	if spec := os.Getenv("FOLIO_BENCH_BINS"); spec != "" {
		for _, one := range strings.Split(spec, ",") {
			name, bin, ok := strings.Cut(one, "=")
			if !ok {
				b.Fatalf("FOLIO_BENCH_BINS: %q is not name=binary", one)
			}
			sites = append(sites, proxied(b, name, serveBinary(b, bin)))
		}
	} else {
		sites = append(sites, proxied(b, "this", startSite(b).URL))
	}
	results := map[string]map[string][]float64{}
	b.ResetTimer()
	for range b.N {
		for run := 0; run < runs; run++ {
			order := slices.Clone(sites)
			if run%2 == 1 {
				slices.Reverse(order) // neither build always goes first
			}
			for _, s := range order {
				r := s.measure(b, 3)
				if results[s.name] == nil {
					results[s.name] = map[string][]float64{}
				}
				for k, v := range r {
					results[s.name][k] = append(results[s.name][k], v...)
				}
			}
		}
	}
	b.StopTimer()
	for _, s := range sites {
		for _, k := range []string{"repeat-page-ms", "repeat-wasm-ms", "repeat-fcp-ms", "repeat-ms", "offline-ms", "repeat-bytes-before-ready", "repeat-bytes"} {
			m := median(results[s.name][k])
			b.ReportMetric(m, s.name+"-"+k)
			b.Logf("%s %s: median %.0f of %v", s.name, k, m, results[s.name][k])
		}
	}
	b.ReportMetric(0, "ns/op")
}

// benchSite is a server behind a proxy that counts the bytes it sends and
// can play a dead network.
type benchSite struct {
	name, URL string
	mu        sync.Mutex
	sent      int64
	down      bool
}

func proxied(tb testing.TB, name, target string) *benchSite {
	tb.Helper()
	u, err := url.Parse(target)
	if err != nil {
		tb.Fatal(err)
	}
	s := &benchSite{name: name}
	proxy := httputil.NewSingleHostReverseProxy(u)
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		down := s.down
		s.mu.Unlock()
		if down {
			hangUp(w)
			return
		}
		proxy.ServeHTTP(&benchWriter{ResponseWriter: w, s: s}, r)
	})}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	go srv.Serve(ln)
	tb.Cleanup(func() { srv.Close() })
	s.URL = "http://" + ln.Addr().String()
	return s
}

type benchWriter struct {
	http.ResponseWriter
	s *benchSite
}

func (w *benchWriter) Write(b []byte) (int, error) {
	n, err := w.ResponseWriter.Write(b)
	w.s.mu.Lock()
	w.s.sent += int64(n)
	w.s.mu.Unlock()
	return n, err
}

func (w *benchWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func (s *benchSite) bytes() int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sent
}

// offline cuts the network for the tab and the server.
func (s *benchSite) offline(tb testing.TB, ctx context.Context, off bool) {
	tb.Helper()
	s.mu.Lock()
	s.down = off
	s.mu.Unlock()
	do(tb, ctx, fmt.Sprintf("offline=%v", off), chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		if _, err := cdp.Call(ctx, tg, network.Enable, network.EnableParams{}); err != nil {
			return err
		}
		_, err := cdp.Call(ctx, tg, network.EmulateNetworkConditionsByRule, network.EmulateNetworkConditionsByRuleParams{
			EmulateOfflineServiceWorker: &off,
			MatchedNetworkConditions:    []*network.Conditions{{Offline: off, DownloadThroughput: -1, UploadThroughput: -1}},
		})
		return err
	}))
}

// serveBinary runs `BIN serve` on a free port with a fresh database.
func serveBinary(tb testing.TB, bin string) string {
	tb.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	cmd := exec.Command(bin, "serve", "-addr", addr, "-db", filepath.Join(tb.TempDir(), "folio.db"))
	if err := cmd.Start(); err != nil {
		tb.Fatalf("start %s: %v", bin, err)
	}
	tb.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		if res, err := http.Get("http://" + addr + "/healthz"); err == nil {
			res.Body.Close()
			return "http://" + addr
		}
		if time.Now().After(deadline) {
			tb.Fatalf("%s serve did not start", bin)
		}
	}
}

// longSlug is the sample magazine's long read, as the site lists it.
func longSlug(tb testing.TB, base string) string {
	tb.Helper()
	res, err := http.Get(base + "/api/articles?limit=50")
	if err != nil {
		tb.Fatal(err)
	}
	defer res.Body.Close()
	var page article.Page
	if err := json.NewDecoder(res.Body).Decode(&page); err != nil || len(page.Articles) == 0 {
		tb.Fatalf("articles: %v", err)
	}
	long := page.Articles[0]
	for _, m := range page.Articles {
		if m.ReadingMinutes > long.ReadingMinutes {
			long = m
		}
	}
	return long.Slug
}

// measure opens a fresh browser, makes the first visit, then visits
// repeat visits and offline cold starts.
func (s *benchSite) measure(tb testing.TB, visits int) map[string][]float64 {
	slug := longSlug(tb, s.URL)
	u := s.URL + "/a/" + slug
	ctx, _ := newBrowser(tb)
	do(tb, ctx, "first visit", chromedp.Navigate(u))
	wasmStarted(tb, ctx)
	workerReady(tb, ctx)
	kept(tb, ctx, slug)
	time.Sleep(time.Second) // let the worker finish keeping what it keeps
	do(tb, ctx, "leave", chromedp.Navigate("about:blank"))

	out := map[string][]float64{}
	for range visits {
		tab := newTab(tb, ctx)
		before := s.bytes()
		do(tb, tab, "repeat visit", chromedp.Navigate(u))
		out["repeat-ms"] = append(out["repeat-ms"], appReady(tb, tab))
		out["repeat-page-ms"] = append(out["repeat-page-ms"], eval[float64](tb, tab, `performance.getEntriesByType("navigation")[0].responseEnd`))
		out["repeat-wasm-ms"] = append(out["repeat-wasm-ms"], eval[float64](tb, tab, `(performance.getEntriesByType("resource").find(e => e.name.includes("/app.wasm")) || {responseEnd: -1}).responseEnd`))
		out["repeat-fcp-ms"] = append(out["repeat-fcp-ms"], eval[float64](tb, tab, `(performance.getEntriesByName("first-contentful-paint")[0] || {startTime: -1}).startTime`))
		out["repeat-bytes-before-ready"] = append(out["repeat-bytes-before-ready"], float64(s.bytes()-before))
		time.Sleep(time.Second) // the revalidation and the thread refresh
		out["repeat-bytes"] = append(out["repeat-bytes"], float64(s.bytes()-before))
		do(tb, tab, "leave", chromedp.Navigate("about:blank"))
	}
	for range visits {
		tab := newTab(tb, ctx)
		s.offline(tb, tab, true)
		do(tb, tab, "cold start offline", chromedp.Navigate(u))
		out["offline-ms"] = append(out["offline-ms"], appReady(tb, tab))
		do(tb, tab, "leave", chromedp.Navigate("about:blank"))
		s.offline(tb, tab, false)
	}
	return out
}

func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}
