package main

// Browser tests of a repeat visit: the service worker answers the page and
// everything it needs from its caches, and only then asks the server whether
// the page changed and what the thread says now.

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// hit is one request the server answered.
type hit struct {
	method, path string
	conditional  bool // it carried If-None-Match
	status       int
	bytes        int64 // response body bytes
	done         bool
}

func (h *hit) String() string {
	cond := ""
	if h.conditional {
		cond = " (conditional)"
	}
	return fmt.Sprintf("%s %s%s → %d, %d B", h.method, h.path, cond, h.status, h.bytes)
}

// hits records what the server is asked, and can hold requests unanswered
// (a network that is there but slow to answer) until released.
type hits struct {
	mu   sync.Mutex
	all  []*hit
	gate chan struct{} // nil: answer at once
	// hold says which requests wait for the gate.
	hold func(r *http.Request) bool
}

// recordHits wraps the site's handler so every request is recorded.
func recordHits(s *site) *hits {
	rec := &hits{}
	next := *s.handler.Load()
	var h http.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		one := &hit{method: r.Method, path: r.URL.RequestURI(), conditional: r.Header.Get("If-None-Match") != ""}
		rec.mu.Lock()
		rec.all = append(rec.all, one)
		gate, hold := rec.gate, rec.hold
		rec.mu.Unlock()
		if gate != nil && (hold == nil || hold(r)) {
			select {
			case <-gate:
			case <-r.Context().Done():
				return
			}
		}
		rw := &hitWriter{ResponseWriter: w, hit: one, mu: &rec.mu}
		next.ServeHTTP(rw, r)
		rec.mu.Lock()
		if one.status == 0 {
			one.status = http.StatusOK
		}
		one.done = true
		rec.mu.Unlock()
	})
	s.handler.Store(&h)
	return rec
}

// reset forgets what was recorded.
func (rec *hits) reset() {
	rec.mu.Lock()
	rec.all = nil
	rec.mu.Unlock()
}

// holdUntilReleased makes the requests that when selects (nil: all) wait;
// the returned function answers them and every later one at once.
func (rec *hits) holdUntilReleased(t testing.TB, when func(r *http.Request) bool) func() {
	gate := make(chan struct{})
	rec.mu.Lock()
	rec.gate, rec.hold = gate, when
	rec.mu.Unlock()
	var once sync.Once
	release := func() {
		once.Do(func() {
			rec.mu.Lock()
			rec.gate = nil
			rec.mu.Unlock()
			close(gate)
		})
	}
	t.Cleanup(release)
	return release
}

// list is a copy of what was recorded.
func (rec *hits) list() []hit {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	out := make([]hit, len(rec.all))
	for i, h := range rec.all {
		out[i] = *h
	}
	return out
}

// waitAnswered waits until the server has answered a request for path (its
// path and query) with the given method.
func (rec *hits) waitAnswered(t testing.TB, method, prefix string) hit {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		for _, h := range rec.list() {
			if h.method == method && strings.HasPrefix(h.path, prefix) && h.done {
				return h
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("the server never answered %s %s; it saw:\n%s", method, prefix, hitList(rec.list()))
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func hitList(hs []hit) string {
	var b strings.Builder
	for _, h := range hs {
		fmt.Fprintf(&b, "  %s\n", &h)
	}
	return b.String()
}

// countHits is how many requests for path (and query) hs holds.
func countHits(hs []hit, method, path string) int {
	n := 0
	for _, h := range hs {
		if h.method == method && h.path == path {
			n++
		}
	}
	return n
}

// hitWriter records a response's status and body size.
type hitWriter struct {
	http.ResponseWriter
	hit *hit
	mu  *sync.Mutex
}

func (w *hitWriter) WriteHeader(code int) {
	w.mu.Lock()
	if w.hit.status == 0 {
		w.hit.status = code
	}
	w.mu.Unlock()
	w.ResponseWriter.WriteHeader(code)
}

func (w *hitWriter) Write(b []byte) (int, error) {
	n, err := w.ResponseWriter.Write(b)
	w.mu.Lock()
	if w.hit.status == 0 {
		w.hit.status = http.StatusOK
	}
	w.hit.bytes += int64(n)
	w.mu.Unlock()
	return n, err
}

// Unwrap lets http.ResponseController reach the connection.
func (w *hitWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// pageKept waits until the worker keeps the prerendered page at path.
func pageKept(t testing.TB, ctx context.Context, path, contains string) {
	t.Helper()
	waitJS(t, ctx, "the page "+path+" kept by the worker", fmt.Sprintf(`(async () => {
		for (const k of await caches.keys()) {
			if (!k.startsWith("folio-pages-")) continue;
			const r = await (await caches.open(k)).match(%q);
			if (r && (await r.text()).includes(%q)) return true;
		}
		return false;
	})()`, path, contains))
}

// atDOMContentLoaded notes, in every page the tab loads, whether the page as
// it arrived held an element matching selector (before app.wasm runs).
func atDOMContentLoaded(selector string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{
			Source: fmt.Sprintf(`document.addEventListener("DOMContentLoaded", () => {
				window.folioArrivedWith = !!document.querySelector(%q);
			});`, selector),
		})
		return err
	})
}

// TestRepeatVisitFromCaches: on a repeat visit the article becomes
// interactive while the server answers nothing at all: the page, styles,
// scripts, app.wasm, manifest and icons come from the worker's caches. Once
// released, the server is only asked whether the page changed (it did not:
// 304, no body) and for the thread, which the app refreshes.
func TestRepeatVisitFromCaches(t *testing.T) {
	s := startSite(t)
	rec := recordHits(s)
	ctx, _ := newBrowser(t)
	long := s.longest()
	path := "/a/" + long.Slug
	do(t, ctx, "first visit", chromedp.Navigate(s.URL+path), chromedp.WaitVisible(chromedp.CSS(".story .headline")))
	wasmStarted(t, ctx)
	workerReady(t, ctx)
	kept(t, ctx, long.Slug)
	pageKept(t, ctx, path, long.Title)
	if n := countHits(rec.list(), "GET", path); n != 1 {
		t.Errorf("the first visit fetched the page %d times, want 1 (the worker keeps it from the HTTP cache):\n%s", n, hitList(rec.list()))
	}
	do(t, ctx, "leave", chromedp.Navigate("about:blank"))

	rec.reset()
	release := rec.holdUntilReleased(t, nil)
	tab := newTab(t, ctx)
	do(t, tab, "repeat visit, the server answering nothing", chromedp.Navigate(s.URL+path))
	wasmStarted(t, tab)
	if got := eval[string](t, tab, `document.querySelector(".story .headline").textContent`); got != long.Title {
		t.Fatalf("repeat visit shows %q, want %q", got, long.Title)
	}
	waitJS(t, tab, "the comment box usable", `!!document.querySelector("#comment-body") && !document.querySelector("#comment-body").disabled`)
	critical := rec.list()
	release()

	page := rec.waitAnswered(t, "GET", path)
	rec.waitAnswered(t, "GET", "/api/comments?")
	var bytes int64
	for _, h := range rec.list() {
		if strings.HasPrefix(h.path, "/api/comments?") {
			continue // the thread, refreshed after the app runs
		}
		bytes += h.bytes
	}
	if !page.conditional || page.status != http.StatusNotModified {
		t.Errorf("the page was revalidated as %s, want a conditional request answered 304", &page)
	}
	if bytes != 0 {
		t.Errorf("the repeat visit cost %d bytes besides the thread, want 0; the server saw:\n%s", bytes, hitList(rec.list()))
	}
	t.Logf("asked while the app started (all held, none needed):\n%s", hitList(critical))
}

// TestRepeatVisitFreshComments: a comment posted since the last visit is not
// in the page kept by the worker, which opens at once; the app then shows
// it, in place (the comments already shown stay the same elements), and the
// worker keeps the changed page, so the next visit opens with it.
func TestRepeatVisitFreshComments(t *testing.T) {
	s := startSite(t)
	a := s.articles[1]
	s.seedThread(t, a.Slug)
	rec := recordHits(s)
	ctx, _ := newBrowser(t)
	path := "/a/" + a.Slug
	do(t, ctx, "first visit", chromedp.Navigate(s.URL+path), chromedp.WaitVisible(chromedp.CSS(".story .headline")))
	wasmStarted(t, ctx)
	workerReady(t, ctx)
	kept(t, ctx, a.Slug)
	pageKept(t, ctx, path, "seed-4")
	do(t, ctx, "leave", chromedp.Navigate("about:blank"))

	body := fmt.Sprintf(`{"id":"fresh-1","article":%q,"author":"Ines","body":"Posted while you were away."}`, a.Slug)
	res, err := http.Post(s.URL+"/api/comments", "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusCreated {
		t.Fatalf("posting a comment: %d", res.StatusCode)
	}

	tab := newTab(t, ctx)
	do(t, tab, "watch what arrives", atDOMContentLoaded("#c-fresh-1"))
	// The thread refresh waits until the page shows the thread it carried.
	release := rec.holdUntilReleased(t, func(r *http.Request) bool { return r.URL.Path == "/api/comments" })
	do(t, tab, "come back", chromedp.Navigate(s.URL+path))
	wasmStarted(t, tab)
	if eval[bool](t, tab, `window.folioArrivedWith`) {
		t.Error("the page arrived with the new comment: it came from the network, not the worker's cache")
	}
	waitJS(t, tab, "the kept thread shown", `!!document.querySelector("#c-seed-4")`)
	do(t, tab, "mark what is on screen", chromedp.Evaluate[chromedp.Void](`window.folioSeed = document.querySelector("#c-seed-4")`))
	release()
	waitJS(t, tab, "the new comment shown", `(() => {
		const c = document.querySelector(".thread #c-fresh-1");
		return !!c && c.textContent.includes("Posted while you were away.") &&
			document.querySelector(".comments-title").textContent.startsWith("5 comments");
	})()`)
	if !eval[bool](t, tab, `window.folioSeed === document.querySelector("#c-seed-4")`) {
		t.Error("the thread was rebuilt when the new comment came: the comments already shown are new elements")
	}
	if eval[bool](t, tab, `!!document.querySelector(".comments-asof")`) {
		t.Error(`the fresh thread still says "as of"`)
	}

	pageKept(t, tab, path, "fresh-1")
	do(t, tab, "leave again", chromedp.Navigate("about:blank"))
	next := newTab(t, ctx)
	do(t, next, "watch what arrives", atDOMContentLoaded("#c-fresh-1"))
	do(t, next, "the next visit", chromedp.Navigate(s.URL+path))
	wasmStarted(t, next)
	if !eval[bool](t, next, `window.folioArrivedWith`) {
		t.Error("the next visit's page lacks the new comment: the worker did not keep the changed page")
	}
}
