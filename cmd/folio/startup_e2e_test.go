package main

// Browser tests and measurements of how an article page starts: the server's
// prerendered page paints first and stays, and app.wasm takes it over
// without a visible change.

import (
	"bytes"
	"context"
	"fmt"
	"image/png"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// startupProbe runs in the page before any of its own scripts. It records
// layout shifts, long tasks and largest-contentful-paint entries as they
// happen, and, by wrapping wasm_exec.js's Go.run, the moment app.wasm starts
// running and the headline element the prerendered page had then.
const startupProbe = `(() => {
	if (window.top !== window) return;
	const p = window.__startup = { cls: 0, shifts: [], long: [], lcp: [], run: -1, streamed: [] };
	const watch = (type, fn) => { try { new PerformanceObserver(l => l.getEntries().forEach(fn)).observe({ type, buffered: true }); } catch (e) {} };
	watch("layout-shift", e => { if (!e.hadRecentInput) { p.cls += e.value; p.shifts.push([Math.round(e.startTime), e.value]); } });
	watch("longtask", e => p.long.push([Math.round(e.startTime), Math.round(e.duration)]));
	watch("largest-contentful-paint", e => p.lcp.push([Math.round(e.startTime), e.element ? e.element.tagName + "." + e.element.className : "", e.size]));
	const stream = WebAssembly.instantiateStreaming;
	WebAssembly.instantiateStreaming = async function (source, imports) {
		const res = await source;
		p.streamed.push(res instanceof Response ? res.url : String(res));
		return stream.call(this, res, imports);
	};
	let G;
	Object.defineProperty(globalThis, "Go", { configurable: true, get() { return G; }, set(v) {
		const run = v.prototype.run;
		v.prototype.run = function (inst) {
			p.run = performance.now();
			p.headline = document.querySelector(".story .headline");
			return run.call(this, inst);
		};
		G = v;
	} });
})()`

// startupFigures is what one page load measured, in ms from navigation.
type startupFigures struct {
	FCP   float64 `json:"fcp"`
	Run   float64 `json:"run"`   // app.wasm started running
	Ready float64 `json:"ready"` // folio-app-ready: the app runs
	// LCP is the last largest-contentful-paint entry; LCPAfterRun counts
	// those reported after app.wasm started.
	LCP         float64 `json:"lcp"`
	LCPAfterRun int     `json:"lcpAfterRun"`
	CLS         float64 `json:"cls"`
	// LongMax is the longest task before ready, LongSum all of them.
	LongMax      float64  `json:"longMax"`
	LongSum      float64  `json:"longSum"`
	SameHeadline bool     `json:"sameHeadline"`
	Streamed     []string `json:"streamed"`
	LCPList      string   `json:"lcpList"`
}

const startupFiguresJS = `(() => {
	const p = window.__startup;
	const ready = performance.getEntriesByName("folio-app-ready")[0].startTime;
	const fcp = performance.getEntriesByName("first-contentful-paint")[0];
	const before = p.long.filter(l => l[0] <= ready);
	return {
		fcp: fcp ? fcp.startTime : -1, run: p.run, ready,
		lcp: p.lcp.length ? p.lcp.at(-1)[0] : -1,
		lcpAfterRun: p.lcp.filter(e => e[0] >= p.run).length,
		cls: p.cls,
		longMax: before.reduce((m, l) => Math.max(m, l[1]), 0),
		longSum: before.reduce((s, l) => s + l[1], 0),
		sameHeadline: !!p.headline && p.headline === document.querySelector(".story .headline"),
		streamed: p.streamed,
		lcpList: JSON.stringify(p.lcp),
	};
})()`

// probeStartup installs startupProbe in the tab for every page it loads.
func probeStartup(t testing.TB, ctx context.Context) {
	t.Helper()
	do(t, ctx, "install the start-up probe", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: startupProbe})
		return err
	}))
}

// emulatePhone makes the tab a mid-range phone on a fair mobile network:
// 390×844, 10 Mbit/s down, 40 ms round trip, the CPU 4× slower.
func emulatePhone(t testing.TB, ctx context.Context) {
	t.Helper()
	do(t, ctx, "emulate a phone", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		if _, err := cdp.Call(ctx, tg, network.Enable, network.EnableParams{}); err != nil {
			return err
		}
		if _, err := cdp.Call(ctx, tg, network.EmulateNetworkConditionsByRule, network.EmulateNetworkConditionsByRuleParams{
			MatchedNetworkConditions: []*network.Conditions{{Latency: 40, DownloadThroughput: 10e6 / 8, UploadThroughput: 5e6 / 8}},
		}); err != nil {
			return err
		}
		if _, err := cdp.Call(ctx, tg, emulation.SetCPUThrottlingRate, emulation.SetCPUThrottlingRateParams{Rate: 4}); err != nil {
			return err
		}
		_, err := cdp.Call(ctx, tg, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
			Width: 390, Height: 844, DeviceScaleFactor: 3, Mobile: true,
		})
		return err
	}))
}

// measureStartup loads url in a fresh browser (nothing cached, no service
// worker yet) and returns what the start-up probe saw once the app runs.
func measureStartup(t testing.TB, url string, phone bool) startupFigures {
	t.Helper()
	ctx, _ := newBrowser(t)
	probeStartup(t, ctx)
	if phone {
		emulatePhone(t, ctx)
	}
	do(t, ctx, "open "+url, chromedp.Navigate(url))
	appReady(t, ctx)
	return eval[startupFigures](t, ctx, startupFiguresJS)
}

// TestPaintsBeforeTakeOver loads the long article in a fresh browser: the
// prerendered page paints before app.wasm runs, the app's take-over moves
// nothing (CLS 0) and adds no largest paint, no loader shows, and app.wasm
// is compiled from the network's own Response (which Chromium can cache
// compiled), not from a copy made in script.
func TestPaintsBeforeTakeOver(t *testing.T) {
	s := startSite(t)
	url := s.URL + "/a/" + s.longest().Slug
	for _, phone := range []bool{false, true} {
		t.Run(map[bool]string{false: "desktop", true: "phone"}[phone], func(t *testing.T) {
			ctx, _ := newBrowser(t)
			probeStartup(t, ctx)
			if phone {
				emulatePhone(t, ctx)
			}
			do(t, ctx, "open "+url, chromedp.Navigate(url), chromedp.WaitVisible(chromedp.CSS(".story .headline")))
			if eval[bool](t, ctx, `(() => { const l = document.getElementById("app-wasm-loader"); return !!l && l.getBoundingClientRect().height > 0; })()`) {
				t.Error("go-app's loader shows over the prerendered page")
			}
			appReady(t, ctx)
			f := eval[startupFigures](t, ctx, startupFiguresJS)
			t.Logf("%+v", f)
			if f.FCP < 0 || f.Run < 0 || f.FCP > f.Run {
				t.Errorf("first contentful paint at %.0f ms, app.wasm ran at %.0f ms: the prerendered page must paint first", f.FCP, f.Run)
			}
			if f.LCPAfterRun > 0 {
				t.Errorf("%d largest-contentful-paint entries after app.wasm ran (%s): the take-over repainted the largest element", f.LCPAfterRun, f.LCPList)
			}
			if f.CLS != 0 {
				t.Errorf("cumulative layout shift = %v, want 0", f.CLS)
			}
			if len(f.Streamed) != 1 || !strings.HasSuffix(f.Streamed[0], "/web/app.wasm") {
				t.Errorf("app.wasm was instantiated from %q, want the network Response of /web/app.wasm (a Response made in script has no URL)", f.Streamed)
			}
		})
	}
}

// holdWasm pauses the tab's requests for app.wasm until the returned func
// is called: the prerendered page is all there is until then.
func holdWasm(t testing.TB, ctx context.Context) (release func()) {
	t.Helper()
	paused := make(chan fetch.RequestID, 4)
	if err := chromedp.Listen(ctx, func(ev any) {
		if e, ok := ev.(*fetch.EventRequestPaused); ok {
			paused <- e.RequestID
		}
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, fetch.Enable, fetch.EnableParams{Patterns: []*fetch.RequestPattern{{URLPattern: "*/web/app.wasm*"}}}); err != nil {
		t.Fatalf("hold app.wasm: %v", err)
	}
	return func() {
		for {
			select {
			case id := <-paused:
				if _, err := chromedp.Call(ctx, fetch.ContinueRequest, fetch.ContinueRequestParams{RequestID: id}); err != nil {
					t.Fatalf("release app.wasm: %v", err)
				}
			default:
				if _, err := chromedp.Call(ctx, fetch.Disable, cdp.Empty{}); err != nil {
					t.Fatalf("stop holding app.wasm: %v", err)
				}
				return
			}
		}
	}
}

// TestTypedBeforeTakeOver: a reader who starts a comment on the prerendered
// page, before app.wasm has run, keeps what they typed, where the caret
// was, and the scroll position when the app takes over; then posts it. A
// reader who already pressed "Post comment" gets it posted once the app runs.
func TestTypedBeforeTakeOver(t *testing.T) {
	s := startSite(t)
	slug := s.longest().Slug
	t.Run("typed", func(t *testing.T) {
		ctx, _ := newBrowser(t)
		release := holdWasm(t, ctx)
		do(t, ctx, "open the article, type a comment before the app runs",
			chromedp.Navigate(s.URL+"/a/"+slug),
			chromedp.WaitVisible(chromedp.ID("comment-body")),
			chromedp.SendKeys(chromedp.ID("comment-body-author"), "Early Reader"),
			chromedp.SendKeys(chromedp.ID("comment-body"), "Typed before the app ran."),
			chromedp.Evaluate[chromedp.Void](`document.getElementById("comment-body").setSelectionRange(6, 6)`),
		)
		if eval[bool](t, ctx, `performance.getEntriesByName("folio-app-ready").length > 0`) {
			t.Fatal("the app ran although app.wasm was held: this test proves nothing")
		}
		y := eval[float64](t, ctx, `scrollY`)
		release()
		appReady(t, ctx)
		got := eval[string](t, ctx, `(() => { const b = document.getElementById("comment-body"), a = document.activeElement;
			return [document.getElementById("comment-body-author").value, b.value, a && a.id, b.selectionStart, scrollY].join("|"); })()`)
		if want := fmt.Sprintf("Early Reader|Typed before the app ran.|comment-body|6|%v", y); got != want {
			t.Errorf("after the take-over: author|comment|focus|caret|scrollY = %q, want %q", got, want)
		}
		do(t, ctx, "post it", chromedp.Click(chromedp.CSS(".comments > .comment-form button[type=submit]")))
		waitJS(t, ctx, "the comment confirmed", `!!document.querySelector(".thread > .comment-published") && !document.querySelector(".comment-sending")`)
		stored := s.comments(t, slug)
		if len(stored) != 1 || stored[0]["body"] != "Typed before the app ran." || stored[0]["author"] != "Early Reader" {
			t.Errorf("server holds %v, want the comment typed before the app ran", stored)
		}
	})
	t.Run("submitted", func(t *testing.T) {
		other := s.articles[0].Slug
		if other == slug {
			other = s.articles[1].Slug
		}
		ctx, _ := newBrowser(t)
		release := holdWasm(t, ctx)
		do(t, ctx, "open another article, write and post before the app runs",
			chromedp.Navigate(s.URL+"/a/"+other),
			chromedp.WaitVisible(chromedp.ID("comment-body")),
			writeComment("Quick Poster", "Posted before the app ran."),
		)
		if eval[bool](t, ctx, `performance.getEntriesByName("folio-app-ready").length > 0 || location.search !== ""`) {
			t.Fatalf("the app ran although app.wasm was held, or the form was sent as a page load (%s)", eval[string](t, ctx, `location.href`))
		}
		release()
		appReady(t, ctx)
		waitJS(t, ctx, "the comment confirmed", `!!document.querySelector(".thread > .comment-published")`)
		stored := s.comments(t, other)
		if len(stored) != 1 || stored[0]["body"] != "Posted before the app ran." {
			t.Errorf("server holds %v, want the one comment posted before the app ran", stored)
		}
	})
}

// startBuild runs another build's folio binary on a free port with a fresh
// database and the sample magazine, and returns its URL.
func startBuild(t testing.TB, bin string) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	cmd := exec.Command(bin, "serve", "-addr", addr, "-db", filepath.Join(t.TempDir(), "folio.db"))
	if err := cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", bin, err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	url := "http://" + addr
	for deadline := time.Now().Add(30 * time.Second); ; {
		if res, err := http.Get(url + "/healthz"); err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return url
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s did not start", bin)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// visitTwice measures a first visit to url in a fresh browser, then a
// repeat visit in a new tab of the same browser (HTTP cache, service worker
// and Chromium's cache of compiled wasm warm).
func visitTwice(t testing.TB, url string, phone bool) (first, repeat startupFigures) {
	t.Helper()
	ctx, _ := newBrowser(t)
	probeStartup(t, ctx)
	if phone {
		emulatePhone(t, ctx)
	}
	do(t, ctx, "first visit", chromedp.Navigate(url))
	appReady(t, ctx)
	first = eval[startupFigures](t, ctx, startupFiguresJS)
	workerReady(t, ctx)
	time.Sleep(time.Second) // let the browser write its caches
	do(t, ctx, "leave", chromedp.Navigate("about:blank"))
	tab := newTab(t, ctx)
	probeStartup(t, tab)
	if phone {
		emulatePhone(t, tab)
	}
	do(t, tab, "repeat visit", chromedp.Navigate(url))
	appReady(t, tab)
	return first, eval[startupFigures](t, tab, startupFiguresJS)
}

// BenchmarkStartup loads the long article, b.N times each, on localhost and
// on an emulated phone (390×844, 10 Mbit/s, 40 ms, CPU 4× slower), first
// visit in a fresh browser and repeat visit after it, and reports medians in
// ms from navigation: first contentful paint, app.wasm running, ready (the
// app runs and the comment box works: the folio-app-ready mark), the
// longest task before ready; and the layout shift and how many loads kept
// the prerendered headline's DOM node. FOLIO_STARTUP_BEFORE names another
// build's folio binary to measure beside this one, load for load in the
// same run ("before-" figures):
//
//	FOLIO_STARTUP_BEFORE=/tmp/old/folio go test -run '^$' -bench Startup -benchtime 3x ./cmd/folio
func BenchmarkStartup(b *testing.B) {
	s := startSite(b)
	path := "/a/" + s.longest().Slug
	builds := []struct{ name, url string }{{"", s.URL}}
	if bin := os.Getenv("FOLIO_STARTUP_BEFORE"); bin != "" {
		builds = append(builds, struct{ name, url string }{"before-", startBuild(b, bin)})
	}
	figures := map[string][]startupFigures{}
	for range b.N {
		for _, build := range builds {
			for _, phone := range []bool{false, true} {
				where := map[bool]string{false: "local", true: "phone"}[phone]
				first, repeat := visitTwice(b, build.url+path, phone)
				figures[build.name+where] = append(figures[build.name+where], first)
				figures[build.name+where+"-repeat"] = append(figures[build.name+where+"-repeat"], repeat)
			}
		}
	}
	keys := make([]string, 0, len(figures))
	for k := range figures {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fs := figures[k]
		med := func(get func(startupFigures) float64) float64 {
			v := make([]float64, len(fs))
			for i, f := range fs {
				v[i] = get(f)
			}
			sort.Float64s(v)
			return v[len(v)/2]
		}
		same := 0
		for _, f := range fs {
			if f.SameHeadline {
				same++
			}
		}
		b.ReportMetric(med(func(f startupFigures) float64 { return f.FCP }), k+"-ms-fcp")
		b.ReportMetric(med(func(f startupFigures) float64 { return f.Run }), k+"-ms-run")
		b.ReportMetric(med(func(f startupFigures) float64 { return f.Ready }), k+"-ms-ready")
		b.ReportMetric(med(func(f startupFigures) float64 { return f.LongMax }), k+"-ms-longtask")
		b.ReportMetric(med(func(f startupFigures) float64 { return f.CLS }), k+"-cls")
		b.ReportMetric(float64(same), k+"-same-headline")
	}
	b.ReportMetric(0, "ns/op")
}

// TestTakeOverUnseen: a screenshot of the prerendered article and one just
// after the app has taken it over are the same picture, in light and dark,
// on a phone and a desktop: no blink, no missing picture, nothing moved.
func TestTakeOverUnseen(t *testing.T) {
	s := startSite(t)
	url := s.URL + "/a/" + s.longest().Slug
	for _, scheme := range []string{"light", "dark"} {
		for _, size := range []struct {
			name string
			w, h int64
		}{{"phone", 390, 844}, {"desktop", 1280, 800}} {
			t.Run(size.name+"-"+scheme, func(t *testing.T) {
				ctx, _ := newBrowser(t)
				do(t, ctx, "emulate", chromedp.EmulateViewport(size.w, size.h), chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
					_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
						Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}},
					})
					return err
				}))
				release := holdWasm(t, ctx)
				do(t, ctx, "open the article", chromedp.Navigate(url), chromedp.WaitVisible(chromedp.CSS(".lead-image img")))
				waitJS(t, ctx, "the page loaded", `document.readyState === "complete" && document.querySelector(".lead-image img").complete`)
				before, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
				if err != nil {
					t.Fatal(err)
				}
				release()
				appReady(t, ctx)
				after, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
				if err != nil {
					t.Fatal(err)
				}
				if n := changedPixels(t, before, after); n > 0 {
					dir := os.Getenv("FOLIO_UNSEEN_DIR")
					if dir == "" {
						dir = t.TempDir()
					}
					_ = os.WriteFile(filepath.Join(dir, t.Name()[len("TestTakeOverUnseen/"):]+"-before.png"), before, 0o644)
					_ = os.WriteFile(filepath.Join(dir, t.Name()[len("TestTakeOverUnseen/"):]+"-after.png"), after, 0o644)
					t.Errorf("%d pixels changed when the app took the page over (see %s)", n, dir)
				}
			})
		}
	}
}

// changedPixels counts the pixels that differ between two screenshots of the
// same size by more than anti-aliasing does (a few levels in a channel on
// the edge of a rounded corner).
func changedPixels(t testing.TB, a, b []byte) int {
	t.Helper()
	ia, err := png.Decode(bytes.NewReader(a))
	if err != nil {
		t.Fatal(err)
	}
	ib, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if ia.Bounds() != ib.Bounds() {
		return ia.Bounds().Dx() * ia.Bounds().Dy()
	}
	far := func(x, y uint32) bool { return max(x, y)-min(x, y) > 8<<8 }
	n := 0
	r := ia.Bounds()
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			r1, g1, b1, _ := ia.At(x, y).RGBA()
			r2, g2, b2, _ := ib.At(x, y).RGBA()
			if far(r1, r2) || far(g1, g2) || far(b1, b2) {
				n++
			}
		}
	}
	return n
}
