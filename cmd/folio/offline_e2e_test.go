package main

// Browser tests of reading and commenting offline, with the real service
// worker. "Offline" is both a dead server (every connection closed without an
// answer) and Chromium's own offline emulation, so navigator.onLine and the
// online/offline events behave as on a phone.

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"folio/cmd/folio/internal/api"
	"folio/cmd/folio/internal/content"
	"folio/cmd/folio/internal/store"
	"folio/cmd/folio/internal/web"
	webfiles "folio/web"
)

// setOffline cuts (or restores) the network for the server and the tab.
func setOffline(t testing.TB, ctx context.Context, s *site, off bool) {
	t.Helper()
	s.setDown(off)
	do(t, ctx, fmt.Sprintf("offline=%v", off), chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		if _, err := cdp.Call(ctx, tg, network.Enable, network.EnableParams{}); err != nil {
			return err
		}
		if _, err := cdp.Call(ctx, tg, network.OverrideNetworkState, network.OverrideNetworkStateParams{
			Offline: off, DownloadThroughput: -1, UploadThroughput: -1,
		}); err != nil {
			return err
		}
		_, err := cdp.Call(ctx, tg, network.EmulateNetworkConditionsByRule, network.EmulateNetworkConditionsByRuleParams{
			EmulateOfflineServiceWorker: &off,
			MatchedNetworkConditions:    []*network.Conditions{{Offline: off, DownloadThroughput: -1, UploadThroughput: -1}},
		})
		return err
	}))
}

// newTab opens another tab in the same browser: same service worker, same storage.
func newTab(t testing.TB, ctx context.Context) context.Context {
	t.Helper()
	tab, cancel := chromedp.NewContext(ctx)
	t.Cleanup(cancel)
	if err := chromedp.Do(tab); err != nil {
		t.Fatalf("new tab: %v", err)
	}
	return tab
}

// workerReady waits until the service worker controls the page and keeps
// app.wasm, so the app opens with no network.
func workerReady(t testing.TB, ctx context.Context) {
	t.Helper()
	waitJS(t, ctx, "the service worker to keep the app", `(async () => {
		if (!navigator.serviceWorker.controller) return false;
		for (const k of await caches.keys()) {
			if (k.startsWith("folio-shell-") && await (await caches.open(k)).match("/web/app.wasm")) return true;
		}
		return false;
	})()`)
}

// kept waits until the device keeps an article for offline reading.
func kept(t testing.TB, ctx context.Context, slug string) {
	t.Helper()
	waitJS(t, ctx, "the article kept on the device", fmt.Sprintf(`(async () => {
		const c = await caches.open("folio-data-v1");
		return !!(await c.match("/api/articles/%s")) && !!(%s)[%q];
	})()`, slug, libraryJS, slug))
}

// TestOfflineReading: an article read once opens again with the network off,
// as a cold start on its own deep link; one never opened shows the offline
// page; the library lists what is kept; app.wasm is downloaded only once.
func TestOfflineReading(t *testing.T) {
	s := startSite(t)
	ctx, _ := newBrowser(t)
	read, unread := s.articles[0], s.articles[1]

	do(t, ctx, "first visit", chromedp.Navigate(s.URL+"/a/"+read.Slug), chromedp.WaitVisible(chromedp.CSS(".story .headline")))
	wasmStarted(t, ctx)
	workerReady(t, ctx)
	kept(t, ctx, read.Slug)
	if n := s.count("GET /web/app.wasm"); n != 1 {
		t.Errorf("first visit requested app.wasm %d times, want 1", n)
	}
	do(t, ctx, "close the app", chromedp.Navigate("about:blank"))

	tab := newTab(t, ctx)
	setOffline(t, tab, s, true)
	do(t, tab, "cold start offline on the deep link", chromedp.Navigate(s.URL+"/a/"+read.Slug))
	waitJS(t, tab, "the article text offline", fmt.Sprintf(`(() => {
		const h = document.querySelector(".story .headline"), p = document.querySelector(".story-body > p");
		return !!h && h.textContent === %q && !!p && p.textContent.length > 20;
	})()`, read.Title))
	wasmStarted(t, tab)
	waitJS(t, tab, "the offline indicator", `!!document.querySelector(".offline-badge")`)

	do(t, tab, "an article never opened", chromedp.Navigate(s.URL+"/a/"+unread.Slug))
	wasmStarted(t, tab)
	waitJS(t, tab, "the offline page", `(() => {
		const p = document.querySelector(".offline-problem");
		return !!p && p.textContent.includes("offline") && !!p.querySelector('a[href="/saved"]');
	})()`)

	do(t, tab, "the library offline", chromedp.Navigate(s.URL+"/saved"))
	wasmStarted(t, tab)
	waitJS(t, tab, "the library to list the read article", fmt.Sprintf(
		`[...document.querySelectorAll(".library-title")].some(a => a.textContent === %q)`, read.Title))

	do(t, tab, "the front page offline", chromedp.Navigate(s.URL+"/"))
	waitJS(t, tab, "the front page offline", `!!document.querySelector(".lead-story h2")`)

	if n := s.count("GET /web/app.wasm"); n != 1 {
		t.Errorf("app.wasm requested %d times in all, want 1 (repeat visits come from the worker)", n)
	}
}

// TestOfflineComment: a comment written offline shows at once as waiting,
// survives a reload, and is posted exactly once when the network returns.
func TestOfflineComment(t *testing.T) {
	s := startSite(t)
	ctx, _ := newBrowser(t)
	a := s.articles[0]
	do(t, ctx, "visit", chromedp.Navigate(s.URL+"/a/"+a.Slug), chromedp.WaitVisible(chromedp.CSS("#comment-body")))
	wasmStarted(t, ctx)
	workerReady(t, ctx)
	kept(t, ctx, a.Slug)

	setOffline(t, ctx, s, true)
	do(t, ctx, "write offline", writeComment("Ada", "Written on a plane."))
	waitJS(t, ctx, "the comment waiting for the network", `(() => {
		const c = document.querySelector(".thread > .comment-sending");
		return !!c && c.textContent.includes("Written on a plane.") && !!c.querySelector(".badge-waiting");
	})()`)

	do(t, ctx, "reload offline", chromedp.Reload())
	wasmStarted(t, ctx)
	waitJS(t, ctx, "the comment still there after a reload", `(() => {
		const c = document.querySelector(".thread > .comment-sending");
		return !!c && c.textContent.includes("Written on a plane.");
	})()`)
	if n := len(s.comments(t, a.Slug)); n != 0 {
		t.Fatalf("server holds %d comments while offline", n)
	}

	setOffline(t, ctx, s, false)
	waitJS(t, ctx, "the comment posted when online", `(() => {
		const c = document.querySelector(".thread > .comment-published");
		return !!c && c.textContent.includes("Written on a plane.") && !document.querySelector(".comment-sending");
	})()`)
	stored := s.comments(t, a.Slug)
	if len(stored) != 1 || stored[0]["body"] != "Written on a plane." {
		t.Fatalf("server holds %v, want exactly the one comment", stored)
	}
	if got := eval[[]string](t, ctx, `Object.keys(localStorage).filter(k =>
		k === "folio.outbox" || (k.startsWith("folio.outbox.") && !JSON.parse(localStorage.getItem(k)).posted))`); len(got) != 0 {
		t.Errorf("outbox after posting holds %v, want nothing waiting", got)
	}
}

// TestLostResponse: the server stores a comment but the answer never reaches
// the browser. The outbox retries with the same id; the server keeps one.
func TestLostResponse(t *testing.T) {
	s := startSite(t)
	ctx, _ := newBrowser(t)
	a := s.articles[0]
	do(t, ctx, "visit", chromedp.Navigate(s.URL+"/a/"+a.Slug), chromedp.WaitVisible(chromedp.CSS("#comment-body")))
	wasmStarted(t, ctx)

	// For a while: Chromium itself resends a request whose connection
	// closed unanswered, so answers are lost long enough for the app's
	// outbox to see the failure and retry later.
	s.losePostAnswers(1500 * time.Millisecond)
	do(t, ctx, "post", writeComment("Ada", "Said once."))
	waitJS(t, ctx, "the comment waiting to be retried", `!!document.querySelector(".comment-sending .badge-waiting")`)
	waitJS(t, ctx, "the retried comment confirmed", `(() => {
		const c = document.querySelector(".thread > .comment-published");
		return !!c && c.textContent.includes("Said once.") && !document.querySelector(".comment-sending");
	})()`)
	if n := s.count("POST /api/comments"); n < 2 {
		t.Errorf("%d posts reached the server, want a retry after the lost answer", n)
	}
	if stored := s.comments(t, a.Slug); len(stored) != 1 {
		t.Errorf("server holds %d comments, want 1: %v", len(stored), stored)
	}
}

// deploy swaps in a new build: the same content and comments, a different
// static file set, so a different version.
func (s *site) deploy(t testing.TB) {
	t.Helper()
	s.deployFiles(t, fstest.MapFS{"release-note.txt": {Data: []byte(time.Now().String())}}, "")
}

// deployFiles swaps in a build of the same content and comments whose web
// folder is files plus every file of the real one not named with skip as its
// prefix (skip "" keeps them all).
func (s *site) deployFiles(t testing.TB, files fstest.MapFS, skip string) {
	t.Helper()
	err := fs.WalkDir(webfiles.Files, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || (skip != "" && strings.HasPrefix(p, skip)) {
			return err
		}
		b, err := fs.ReadFile(webfiles.Files, p)
		files[p] = &fstest.MapFile{Data: b}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	ix, _, err := content.Load(content.Sample())
	if err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(context.Background(), s.DB)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	h, err := web.New(web.Config{
		Index: ix, Comments: st, Static: files, Domain: "folio.test", Log: quiet,
		API: api.New(api.Config{Articles: ix, Comments: st, Now: time.Now, Log: quiet}),
	})
	if err != nil {
		t.Fatal(err)
	}
	s.handler.Store(&h)
}

// TestUpdateKeepsLibrary: a new deploy replaces the app shell, tells the
// reader, and leaves the saved articles in place.
func TestUpdateKeepsLibrary(t *testing.T) {
	s := startSite(t)
	ctx, _ := newBrowser(t)
	a := s.articles[2]
	do(t, ctx, "visit", chromedp.Navigate(s.URL+"/a/"+a.Slug), chromedp.WaitVisible(chromedp.CSS(".story .headline")))
	wasmStarted(t, ctx)
	workerReady(t, ctx)
	do(t, ctx, "save it", chromedp.Click(chromedp.CSS(".story-header .save-button")))
	waitJS(t, ctx, "saved", `!!document.querySelector(".story-header .saved-mark")`)
	oldShell, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(async () => (await caches.keys()).find(k => k.startsWith("folio-shell-")))()`, chromedp.EvalAwaitPromise))
	if err != nil || oldShell == "" {
		t.Fatalf("shell cache: %q %v", oldShell, err)
	}

	s.deploy(t)
	do(t, ctx, "come back after the deploy", chromedp.Reload())
	wasmStarted(t, ctx)
	waitJS(t, ctx, "the update notice", `(() => {
		const b = document.querySelector(".update-banner");
		return !!b && b.textContent.includes("new version");
	})()`)
	waitJS(t, ctx, "the old shell gone, the new one ready, the data kept", fmt.Sprintf(`(async () => {
		const keys = await caches.keys();
		const shells = keys.filter(k => k.startsWith("folio-shell-"));
		const data = await caches.open("folio-data-v1");
		return shells.length === 1 && shells[0] !== %q && !!(await (await caches.open(shells[0])).match("/web/app.wasm")) &&
			!!(await data.match("/api/articles/%s"));
	})()`, oldShell, a.Slug))

	do(t, ctx, "reload as the notice says", chromedp.Click(chromedp.CSS(".update-banner button")))
	wasmStarted(t, ctx)
	do(t, ctx, "open the library", chromedp.Navigate(s.URL+"/saved"))
	wasmStarted(t, ctx)
	waitJS(t, ctx, "the saved article still listed", fmt.Sprintf(`[...document.querySelectorAll(".library-item")].some(li =>
		li.textContent.includes(%q) && li.textContent.includes("saved"))`, a.Title))
	if strings.Contains(eval[string](t, ctx, `document.body.innerText`), "new version") {
		t.Error("the update notice is still shown after reloading")
	}
}

// TestScrollRestored: coming back to an article, online or offline, opens it
// where the reader left it.
func TestScrollRestored(t *testing.T) {
	s := startSite(t)
	ctx, _ := newBrowser(t)
	long := s.longest()
	do(t, ctx, "read", chromedp.Navigate(s.URL+"/a/"+long.Slug), chromedp.WaitVisible(chromedp.CSS(".story .headline")))
	wasmStarted(t, ctx)
	workerReady(t, ctx)
	kept(t, ctx, long.Slug)
	do(t, ctx, "scroll down", chromedp.Evaluate[chromedp.Void](`window.scrollTo(0, 3000)`))
	time.Sleep(300 * time.Millisecond)
	do(t, ctx, "leave", chromedp.Navigate(s.URL+"/"))
	wasmStarted(t, ctx)

	at := func(when string, tab context.Context) {
		t.Helper()
		do(t, tab, "come back "+when, chromedp.Navigate(s.URL+"/a/"+long.Slug))
		wasmStarted(t, tab)
		waitJS(t, tab, "the scroll position restored "+when, `Math.abs(window.scrollY - 3000) < 50`)
	}
	at("online", ctx)
	do(t, ctx, "close", chromedp.Navigate("about:blank"))
	tab := newTab(t, ctx)
	setOffline(t, tab, s, true)
	at("offline", tab)
}

// TestSaveUnopened: "save for offline" on a front-page card fetches an
// article never opened, with its images, so it opens with no network.
func TestSaveUnopened(t *testing.T) {
	s := startSite(t)
	ctx, _ := newBrowser(t)
	do(t, ctx, "front page", chromedp.Navigate(s.URL+"/"), chromedp.WaitVisible(chromedp.CSS(".cards")))
	wasmStarted(t, ctx)
	workerReady(t, ctx)
	card := s.articles[len(s.articles)-1] // the last card
	do(t, ctx, "save from the card", chromedp.Click(chromedp.CSS(".card:last-child .save-button")))
	waitJS(t, ctx, "the card saved", `!!document.querySelector(".card:last-child .saved-mark")`)
	kept(t, ctx, card.Slug)

	do(t, ctx, "close", chromedp.Navigate("about:blank"))
	tab := newTab(t, ctx)
	setOffline(t, tab, s, true)
	do(t, tab, "open it offline", chromedp.Navigate(s.URL+"/a/"+card.Slug))
	wasmStarted(t, tab)
	waitJS(t, tab, "the saved article offline", fmt.Sprintf(`(() => {
		const h = document.querySelector(".story .headline"), img = document.querySelector(".story .lead-image img");
		return !!h && h.textContent === %q && !!img && img.complete && img.naturalWidth > 0;
	})()`, card.Title))
	do(t, tab, "the library", chromedp.Navigate(s.URL+"/saved"))
	wasmStarted(t, tab)
	waitJS(t, tab, "the library lists it as saved", fmt.Sprintf(`[...document.querySelectorAll(".library-item")].some(li =>
		li.textContent.includes(%q) && li.textContent.includes("saved"))`, card.Title))
}
