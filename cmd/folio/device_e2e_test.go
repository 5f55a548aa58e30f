package main

// Browser tests of what the device keeps when several tabs share it, when a
// save is asked for offline, and when there is more than it keeps.

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// libraryJS evaluates to the library as {slug: entry}, from one key per entry
// (folio.library.SLUG) or from the single key older builds wrote.
const libraryJS = `(() => {
	const out = JSON.parse(localStorage.getItem("folio.library") || "{}");
	for (let i = 0; i < localStorage.length; i++) {
		const k = localStorage.key(i);
		if (k.startsWith("folio.library.")) out[k.slice("folio.library.".length)] = JSON.parse(localStorage.getItem(k));
	}
	return out;
})()`

// threadHolds is a condition: the thread shows every body as published and
// nothing is waiting.
func threadHolds(bodies ...string) string {
	return fmt.Sprintf(`(() => {
		const pub = [...document.querySelectorAll(".comment-published .comment-body")].map(b => b.textContent.trim());
		return !document.querySelector(".comment-sending") && %s.every(b => pub.filter(p => p === b).length === 1);
	})()`, jsList(bodies))
}

// within polls a JavaScript condition until it is true or d has passed.
func within(ctx context.Context, d time.Duration, js string) bool {
	for deadline := time.Now().Add(d); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](js, chromedp.EvalAwaitPromise)); err == nil && ok {
			return true
		}
	}
	return false
}

func jsList(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = fmt.Sprintf("%q", s)
	}
	return "[" + strings.Join(q, ",") + "]"
}

// TestTwoTabsOutbox: two tabs queue comments offline into the one outbox the
// device has; none is lost, a reload shows all of them, and when the network
// returns each is posted exactly once and both tabs show them posted.
func TestTwoTabsOutbox(t *testing.T) {
	s := startSite(t)
	ctx, _ := newBrowser(t)
	a := s.articles[0]
	url := s.URL + "/a/" + a.Slug
	do(t, ctx, "first tab", chromedp.Navigate(url), chromedp.WaitVisible(chromedp.CSS("#comment-body")))
	wasmStarted(t, ctx)
	workerReady(t, ctx)
	kept(t, ctx, a.Slug)
	tab := newTab(t, ctx)
	do(t, tab, "second tab", chromedp.Navigate(url), chromedp.WaitVisible(chromedp.CSS("#comment-body")))
	wasmStarted(t, tab)

	setOffline(t, ctx, s, true)
	setOffline(t, tab, s, true)
	bodies := []string{"First tab, first.", "Second tab, only.", "First tab, second."}
	for i, c := range []context.Context{ctx, tab, ctx} {
		write := writeComment("Ada", bodies[i])
		if i == 2 { // the name is filled in already
			write = chromedp.Steps(chromedp.SendKeys(chromedp.ID("comment-body"), bodies[i]),
				chromedp.Click(chromedp.CSS(".comments > .comment-form button[type=submit]")))
		}
		do(t, c, "write offline", write)
		waitJS(t, c, "the comment waiting", fmt.Sprintf(
			`[...document.querySelectorAll(".comment-sending")].some(c => c.textContent.includes(%q))`, bodies[i]))
	}
	do(t, tab, "reload the second tab offline", chromedp.Reload())
	wasmStarted(t, tab)
	waitJS(t, tab, "every queued comment after a reload", fmt.Sprintf(`(() => {
		const w = [...document.querySelectorAll(".comment-sending .comment-body")].map(b => b.textContent.trim());
		return %s.every(b => w.includes(b));
	})()`, jsList(bodies)))

	setOffline(t, ctx, s, false)
	setOffline(t, tab, s, false)
	for i, c := range []context.Context{ctx, tab} {
		if !within(c, 20*time.Second, threadHolds(bodies...)) {
			state, _ := chromedp.Run(c, chromedp.Evaluate[string](`JSON.stringify({thread: document.querySelector(".thread").innerText,
				outbox: Object.keys(localStorage).filter(k => k.startsWith("folio.outbox")).map(k => localStorage.getItem(k))})`))
			t.Fatalf("tab %d: waiting for all comments posted:\n%s\nserver: %v", i+1, state, s.comments(t, a.Slug))
		}
	}
	stored := s.comments(t, a.Slug)
	seen := map[any]int{}
	for _, c := range stored {
		seen[c["body"]]++
	}
	for _, b := range bodies {
		if seen[b] != 1 {
			t.Errorf("server holds %q %d times, want once (all: %v)", b, seen[b], stored)
		}
	}
	if len(stored) != len(bodies) {
		t.Errorf("server holds %d comments, want %d", len(stored), len(bodies))
	}
}

// TestSaveOffline: "Save for offline" pressed with no network is queued on
// the device, survives a reload, and finishes when the network returns; the
// article then opens offline.
func TestSaveOffline(t *testing.T) {
	s := startSite(t)
	ctx, _ := newBrowser(t)
	do(t, ctx, "front page", chromedp.Navigate(s.URL+"/"), chromedp.WaitVisible(chromedp.CSS(".cards")))
	wasmStarted(t, ctx)
	workerReady(t, ctx)
	card := s.articles[len(s.articles)-1] // the last card, never opened

	setOffline(t, ctx, s, true)
	do(t, ctx, "save from the card offline", chromedp.Click(chromedp.CSS(".card:last-child .save-button")))
	queued := `(() => {
		const c = document.querySelector(".card:last-child .save-control");
		return !!c && c.textContent.includes("when back online");
	})()`
	waitJS(t, ctx, "the save shown as queued", queued)
	do(t, ctx, "reload offline", chromedp.Reload())
	wasmStarted(t, ctx)
	waitJS(t, ctx, "the save still queued after a reload", queued)

	setOffline(t, ctx, s, false)
	waitJS(t, ctx, "the card saved once online", `!!document.querySelector(".card:last-child .saved-mark")`)
	kept(t, ctx, card.Slug)

	do(t, ctx, "close", chromedp.Navigate("about:blank"))
	tab := newTab(t, ctx)
	setOffline(t, tab, s, true)
	do(t, tab, "open it offline", chromedp.Navigate(s.URL+"/a/"+card.Slug))
	wasmStarted(t, tab)
	waitJS(t, tab, "the saved article offline", fmt.Sprintf(`(() => {
		const h = document.querySelector(".story .headline"), p = document.querySelector(".story-body > p");
		return !!h && h.textContent === %q && !!p && p.textContent.length > 20;
	})()`, card.Title))
}

// manyArticles writes n short articles to a folder: each with its own image
// and all sharing one.
func manyArticles(t *testing.T, n int) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "images"), 0o755); err != nil {
		t.Fatal(err)
	}
	svg := func(i int) []byte {
		return fmt.Appendf(nil, `<svg xmlns="http://www.w3.org/2000/svg" width="40" height="30"><rect width="40" height="30" fill="#%06x"/></svg>`, i*9973)
	}
	if err := os.WriteFile(filepath.Join(dir, "images", "shared.svg"), svg(n+1), 0o644); err != nil {
		t.Fatal(err)
	}
	for i := range n {
		md := fmt.Sprintf("---\ntitle: Article number %d\nsummary: Short article %d.\nauthor: A. Writer\npublished: 2026-01-%02d\nimage: images/a%d.svg\n---\nThe body of article %d, long enough to read.\n\n![A shared picture](images/shared.svg)\n",
			i, i, 1+i%28, i, i)
		if err := os.WriteFile(filepath.Join(dir, "images", fmt.Sprintf("a%d.svg", i)), svg(i), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("article-%02d.md", i)), []byte(md), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// dataFilesJS evaluates to the data cache's entries as path+query, sorted.
const dataFilesJS = `(async () => {
	const c = await caches.open("folio-data-v1");
	return (await c.keys()).map(r => { const u = new URL(r.url); return u.pathname + u.search; }).sort();
})()`

// TestEviction: reading more articles than the device keeps evicts the
// forgotten ones' files (not a file a kept one still uses), and files no
// kept article lists are removed at the next start.
func TestEviction(t *testing.T) {
	const n, keepRecent = 23, 20
	s := startSiteIn(t, manyArticles(t, n))
	ctx, _ := newBrowser(t)
	slug := func(i int) string { return fmt.Sprintf("article-%02d", i) }
	for i := range n {
		do(t, ctx, "read "+slug(i), chromedp.Navigate(s.URL+"/a/"+slug(i)), chromedp.WaitVisible(chromedp.CSS(".story .headline")))
		wasmStarted(t, ctx)
		if i == 0 {
			workerReady(t, ctx)
		}
		kept(t, ctx, slug(i))
	}
	// Eviction runs in the background (and, if a page closes first, at the
	// next start): wait until the cache holds exactly the kept files.
	waitJS(t, ctx, "the data cache to hold only the kept articles' files", fmt.Sprintf(`(async () => {
		const lib = %s, files = await %s;
		const listed = new Set(Object.values(lib).flatMap(k => k.files || []));
		return Object.keys(lib).length === %d && files.every(f => listed.has(f) || f === "/api/articles") &&
			[...listed].every(f => files.includes(f));
	})()`, libraryJS, dataFilesJS, keepRecent))
	lib := eval[map[string]struct {
		Files []string `json:"files"`
	}](t, ctx, libraryJS)
	if len(lib) != keepRecent {
		t.Fatalf("library keeps %d articles, want %d", len(lib), keepRecent)
	}
	listed := map[string]bool{}
	for _, k := range lib {
		for _, f := range k.Files {
			listed[f] = true
		}
	}
	files, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](dataFilesJS, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if !listed[f] && f != "/api/articles" {
			t.Errorf("data cache holds %s, which no kept article lists", f)
		}
	}
	for f := range listed {
		if !contains(files, f) {
			t.Errorf("data cache lost %s, which a kept article lists", f)
		}
	}
	if !listed["/media/images/shared.svg"] {
		t.Errorf("the shared image is not kept: %v", files)
	}

	// A file left over (say, by a tab closed mid-save) goes at the next start.
	do(t, ctx, "leave an orphan", chromedp.Evaluate[chromedp.Void](`(async () => {
		const c = await caches.open("folio-data-v1");
		await c.put("/media/images/a0.svg", new Response("<svg/>", {headers: {"Content-Type": "image/svg+xml", "X-Folio-Fetched-At": "2026-01-01T00:00:00Z"}}));
	})()`, chromedp.EvalAwaitPromise))
	do(t, ctx, "start again", chromedp.Navigate(s.URL+"/saved"))
	wasmStarted(t, ctx)
	waitJS(t, ctx, "the orphan removed at start", fmt.Sprintf(`(async () => !(await %s).includes("/media/images/a0.svg"))()`, dataFilesJS))
	waitJS(t, ctx, "the storage used shown", `!!document.querySelector(".storage-used")`)
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// TestRateLimitedComment: a comment the server refuses with 429 says it
// waits, and for how long, instead of "sending…" for ever; it is posted
// once the limit has passed.
func TestRateLimitedComment(t *testing.T) {
	s := startSite(t)
	ctx, _ := newBrowser(t)
	a := s.articles[0]
	do(t, ctx, "visit", chromedp.Navigate(s.URL+"/a/"+a.Slug), chromedp.WaitVisible(chromedp.CSS("#comment-body")))
	wasmStarted(t, ctx)

	var limited atomic.Bool
	limited.Store(true)
	h := *s.handler.Load()
	var limiter http.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if limited.Load() && r.Method == http.MethodPost && r.URL.Path == "/api/comments" {
			w.Header().Set("Retry-After", "3")
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusTooManyRequests)
			_, _ = w.Write([]byte(`{"error":"too many comments, try again in a few seconds"}`))
			return
		}
		h.ServeHTTP(w, r)
	})
	s.handler.Store(&limiter)

	do(t, ctx, "post", writeComment("Ada", "Slow down, says the server."))
	waitJS(t, ctx, "the comment saying it waits for the limit", `(() => {
		const b = document.querySelector(".comment-sending .badge");
		return !!b && /^waiting to send: too many comments, retrying in [1-3] s$/.test(b.textContent);
	})()`)
	limited.Store(false)
	waitJS(t, ctx, "the comment posted after the wait", `(() => {
		const c = document.querySelector(".thread > .comment-published");
		return !!c && c.textContent.includes("Slow down") && !document.querySelector(".comment-sending");
	})()`)
	if n := len(s.comments(t, a.Slug)); n != 1 {
		t.Errorf("server holds %d comments, want 1", n)
	}
}
