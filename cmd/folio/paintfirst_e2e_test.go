package main

import (
	"context"
	"net/http"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// paintHoldProbe runs in the page before its own scripts. It adds a
// render-blocking script to the page's head (/held-paint.js, which the test
// server holds), so the page cannot paint while its deferred scripts run,
// and notes every fetch the page makes, with when it was made.
const paintHoldProbe = `(() => {
	if (window.top !== window) return;
	const p = window.__paintHold = { fetched: [] };
	const f = window.fetch;
	window.fetch = function (input, init) {
		p.fetched.push([String(input && input.url || input), performance.now()]);
		return f.call(this, input, init);
	};
	new MutationObserver((_, obs) => {
		if (!document.head) return;
		obs.disconnect();
		const s = document.createElement("script");
		s.async = true;
		s.setAttribute("blocking", "render");
		s.src = "/held-paint.js";
		document.head.append(s);
	}).observe(document, { childList: true, subtree: true });
})()`

// TestWasmAfterFirstPaint: app.wasm (1.7 MB) is not requested before the
// prerendered page has painted, so it never competes with what the first
// paint needs. The test holds the first paint with a render-blocking
// script while the page's own scripts run: app.wasm must not be fetched
// until that script is released and the page has painted; then the app
// starts as usual.
func TestWasmAfterFirstPaint(t *testing.T) {
	s := startSite(t)
	rec := recordHits(s)
	release := rec.holdUntilReleased(t, func(r *http.Request) bool { return r.URL.Path == "/held-paint.js" })
	ctx, _ := newBrowser(t)
	do(t, ctx, "install the probe", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: paintHoldProbe})
		return err
	}))
	url := s.URL + "/a/" + s.longest().Slug
	do(t, ctx, "open "+url+" (no wait for load: the held script holds it)", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, page.Navigate, page.NavigateParams{URL: url})
		return err
	}))
	// go-app's loader has run once the page's deferred scripts have: the
	// document is parsed and /app.js defined its start-up.
	waitJS(t, ctx, "the page's scripts run", `document.readyState !== "loading" && typeof folioTakeOver === "function" && typeof goappEnv === "object"`)
	rec.waitAnswered(t, http.MethodGet, "/app.js")
	if eval[bool](t, ctx, `performance.getEntriesByName("first-contentful-paint").length > 0`) {
		t.Fatal("the page painted although a render-blocking script was held: this test proves nothing")
	}
	if got := eval[[]any](t, ctx, `window.__paintHold.fetched.filter(f => f[0].includes("app.wasm"))`); len(got) > 0 {
		t.Errorf("app.wasm was fetched before the page's first paint: %v", got)
	}
	release()
	appReady(t, ctx)
	order := eval[[]float64](t, ctx, `(() => {
		const w = window.__paintHold.fetched.find(f => f[0].includes("app.wasm"));
		const fcp = performance.getEntriesByName("first-contentful-paint")[0];
		return [w ? w[1] : -1, fcp ? fcp.startTime : -1];
	})()`)
	if order[0] < 0 || order[1] < 0 || order[0] < order[1] {
		t.Errorf("app.wasm fetched at %.0f ms, first contentful paint at %.0f ms: want the paint first", order[0], order[1])
	}
}
