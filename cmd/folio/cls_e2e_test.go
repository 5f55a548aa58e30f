package main

// Layout shift: issue 8 wants CLS 0 on the long article and the front page
// under Lighthouse's mobile preset. This test measures it as Lighthouse does,
// from Chromium's own layout-shift records (the LayoutShift entries
// Lighthouse reads from its trace), in a fresh profile on Lighthouse's
// mobile screen (412×823 at 1.75×), through the whole load until the app
// runs and the page settles. A page with a shift injected proves the measure
// sees one. `make bench` runs Lighthouse itself for its CLS row. The test
// does not: Lighthouse 12.8.2, the last for Debian 12's Node 18, reported
// CLS 0 with Chromium 156 on this test's banner page (13.5.0: 0.146), and a
// run took 14 to 23 s on the busy 2-core machine against 3 to 5 s here.
//
// A move in the very frame where the app replaces the prerendered page is no
// layout shift to Chromium (every node is new: padding injected there gave
// CLS 0): TestNoJumpWhenWasmStarts compares the places of the page's parts
// before and after instead.

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// shiftJS pushes the page down a little after it has loaded, as a late
// banner would: a layout shift Lighthouse must see.
const shiftJS = `addEventListener("load", () => setTimeout(() => {
	const d = document.createElement("div");
	d.style.height = "120px";
	document.body.prepend(d);
}, 200));`

// injectShift makes the site answer pages asked for with ?shift with
// shiftJS loaded (from the site itself, as its CSP allows).
func injectShift(s *site) {
	h := *s.handler.Load()
	var wrapped http.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.URL.Path == "/shift.js":
			w.Header().Set("Content-Type", "text/javascript")
			_, _ = w.Write([]byte(shiftJS))
		case r.URL.Query().Has("shift"):
			r.Header.Del("Accept-Encoding")
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, r)
			body := bytes.Replace(rec.Body.Bytes(), []byte("</head>"), []byte(`<script src="/shift.js" defer></script></head>`), 1)
			for k, v := range rec.Header() {
				w.Header()[k] = v
			}
			w.Header().Set("Content-Length", strconv.Itoa(len(body)))
			w.WriteHeader(rec.Code)
			_, _ = w.Write(body)
		default:
			h.ServeHTTP(w, r)
		}
	})
	s.handler.Store(&wrapped)
}

// recordShiftsJS runs before any page script: it keeps every layout-shift
// record from the start of the load.
const recordShiftsJS = `window.__folioShifts = [];
new PerformanceObserver(list => {
	for (const e of list.getEntries()) window.__folioShifts.push(e);
}).observe({ type: "layout-shift", buffered: true });`

// clsJS is the cumulative layout shift as Lighthouse counts it: in session
// windows (gaps under 1 s, at most 5 s long), the largest window; with what
// moved, for the message. Like Lighthouse, it keeps shifts marked as after
// input: nothing here touches the page, yet Chromium's mobile emulation
// marks shifts so (the injected banner's are).
const clsJS = `(() => {
	let max = 0, cur = 0, first = 0, last = 0;
	const moved = [];
	for (const e of window.__folioShifts) {
		if (cur > 0 && (e.startTime - last > 1000 || e.startTime - first > 5000)) cur = 0;
		if (cur === 0) first = e.startTime;
		cur += e.value;
		last = e.startTime;
		max = Math.max(max, cur);
		for (const s of e.sources || []) {
			const n = s.node;
			moved.push(n && n.nodeType === 1 ? n.tagName.toLowerCase() + (n.className ? "." + String(n.className).trim().replace(/\s+/g, ".") : "") : String(n && n.nodeName));
		}
	}
	return { cls: max, moved: moved.slice(0, 8) };
})()`

// settledJS waits until the app runs, fonts and images (but lazy ones) are in, and two
// frames have been drawn after that.
const settledJS = `(async () => {
	if (!performance.getEntriesByName("folio-app-ready").length) return false;
	await document.fonts.ready;
	if (![...document.images].every(i => i.complete || i.loading === "lazy")) return false;
	await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
	return true;
})()`

// layoutShift loads url in a fresh phone-sized tab and returns its CLS and
// what moved, once the page has settled after the app started.
func layoutShift(t *testing.T, url string) (float64, []string) {
	t.Helper()
	ctx, _ := newBrowser(t)
	do(t, ctx, "a phone screen, and shifts recorded from the start", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		if _, err := cdp.Call(ctx, tg, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
			Width: 412, Height: 823, DeviceScaleFactor: 1.75, Mobile: true,
		}); err != nil {
			return err
		}
		_, err := cdp.Call(ctx, tg, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: recordShiftsJS})
		return err
	}))
	do(t, ctx, "load "+url, chromedp.Navigate(url))
	waitJS(t, ctx, "the page to settle after the app started", settledJS)
	// A shift can come a moment after the app takes over (a late style,
	// an image's size): wait for the page's network to go quiet too.
	waitJS(t, ctx, "the network to go quiet", `new Promise(r => {
		let n = performance.getEntriesByType("resource").length, quiet = 0;
		const id = setInterval(() => {
			const m = performance.getEntriesByType("resource").length;
			quiet = m === n ? quiet + 1 : 0;
			n = m;
			if (quiet >= 5) { clearInterval(id); r(true); }
		}, 100);
	})`)
	type result struct {
		CLS   float64  `json:"cls"`
		Moved []string `json:"moved"`
	}
	r := eval[result](t, ctx, clsJS)
	return r.CLS, r.Moved
}

// TestNoLayoutShift: the long article and the front page, loaded fresh on a
// phone screen, do not move once painted (CLS 0) while the app starts; with
// a late banner injected into the article, the same measure sees the shift.
func TestNoLayoutShift(t *testing.T) {
	s := startSite(t)
	injectShift(s)
	article := s.URL + "/a/" + s.longest().Slug
	tests := []struct {
		name, url string
		shift     bool
	}{
		{"long article", article, false},
		{"front page", s.URL + "/", false},
		{"long article with a late banner (control)", article + "?shift", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cls, moved := layoutShift(t, tt.url)
			t.Logf("%s: CLS %.4f %q", tt.name, cls, moved)
			switch {
			case tt.shift && cls == 0:
				t.Errorf("no layout shift seen on %s, where a banner pushes the page down: the measure is blind", tt.url)
			case !tt.shift && cls > 0:
				t.Errorf("CLS on %s = %.4f, want 0; what moved: %q", tt.url, cls, moved)
			}
		})
	}
}
