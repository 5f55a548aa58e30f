package main

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/chromedp"
)

// staticHost is a plain file server on a folder, as any static host is,
// with a switch to take it off the network.
type staticHost struct {
	files http.Handler
	mu    sync.Mutex
	down  bool
}

func (h *staticHost) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h.mu.Lock()
	down := h.down
	h.mu.Unlock()
	if down {
		hangUp(w)
		return
	}
	h.files.ServeHTTP(w, r)
}

func (h *staticHost) setDown(down bool) {
	h.mu.Lock()
	h.down = down
	h.mu.Unlock()
}

// startCommentServer runs a Folio server (real SQLite file) that lists
// origins in -embed-origins, as a publisher's comment server would.
func startCommentServer(t *testing.T, origins ...string) *site {
	t.Helper()
	s := serveSite(t, "", "comments.test", origins...)
	ix, err := loadContent("")
	if err != nil {
		t.Fatal(err)
	}
	s.articles = ix.List()
	return s
}

// TestBuildE2E: folio build's output, served by a plain file server, opens
// an article by direct link and another by click, reads and posts comments
// against a Folio server on another port (real CORS from Chromium), shows
// both embed modes, and reads both articles again with the network off.
func TestBuildE2E(t *testing.T) {
	out := t.TempDir()
	host := &staticHost{files: http.FileServer(http.Dir(out))}
	hs := httptest.NewServer(host)
	t.Cleanup(hs.Close)
	api := startCommentServer(t, hs.URL)

	t.Chdir(t.TempDir())
	if stdout, stderr, err := runCLI(t, "build", "-out", out, "-api", api.URL); err != nil {
		t.Fatalf("folio build: %v\n%s%s", err, stdout, stderr)
	}
	first, second := api.articles[0], api.articles[1]
	api.seedThread(t, first.Slug)
	ctx, _ := newBrowser(t)

	do(t, ctx, "direct link", chromedp.Navigate(hs.URL+"/a/"+first.Slug), chromedp.WaitVisible(chromedp.CSS(".story .headline")))
	wasmStarted(t, ctx)
	showsArticle(t, ctx, first.Title)
	waitJS(t, ctx, "the thread from the comment server", `(() => {
		const c = document.querySelector("#c-seed-4 .comment-body");
		return !!c && c.textContent.includes("metres");
	})()`)

	const text = "Posted from the static copy of the site."
	do(t, ctx, "post a comment", writeComment("Ada", text))
	waitJS(t, ctx, "the comment posted", fmt.Sprintf(`[...document.querySelectorAll(".comment-published .comment-body")].some(b => b.textContent.includes(%q))`, text))
	n := 0
	for _, c := range api.comments(t, first.Slug) {
		if strings.Contains(fmt.Sprint(c["body"]), text) {
			n++
		}
	}
	if n != 1 {
		t.Errorf("the comment server holds the comment %d times, want 1", n)
	}
	workerReady(t, ctx)
	keptStatic(t, ctx, first.Slug)

	do(t, ctx, "front page", chromedp.Navigate(hs.URL+"/"), chromedp.WaitVisible(chromedp.CSS(".lead-story")))
	wasmStarted(t, ctx)
	do(t, ctx, "click the second article", chromedp.Click(chromedp.CSS(fmt.Sprintf(`.card-text a[href="/a/%s"], .lead-story-text a[href="/a/%s"]`, second.Slug, second.Slug))))
	showsArticle(t, ctx, second.Title)
	if p := eval[string](t, ctx, `location.pathname`); p != "/a/"+second.Slug {
		t.Errorf("after the click the address is %s, want /a/%s", p, second.Slug)
	}
	keptStatic(t, ctx, second.Slug)

	for _, mode := range []string{"article", "comments"} {
		do(t, ctx, "embed "+mode, chromedp.Navigate(hs.URL+"/embed/"+first.Slug+"?mode="+mode))
		wasmStarted(t, ctx)
		waitJS(t, ctx, "the embed's thread", fmt.Sprintf(`[...document.querySelectorAll(".comment-body")].some(b => b.textContent.includes(%q))`, text))
		if got, want := eval[bool](t, ctx, `!!document.querySelector(".embed .story-body p")`), mode == "article"; got != want {
			t.Errorf("embed mode %s shows the article body: %v, want %v", mode, got, want)
		}
	}

	do(t, ctx, "close the app", chromedp.Navigate("about:blank"))
	tab := newTab(t, ctx)
	setOffline(t, tab, api, true)
	host.setDown(true)
	for _, a := range []struct{ slug, title string }{{first.Slug, first.Title}, {second.Slug, second.Title}} {
		do(t, tab, "offline, direct link to "+a.slug, chromedp.Navigate(hs.URL+"/a/"+a.slug))
		wasmStarted(t, tab)
		showsArticle(t, tab, a.title)
	}
	// The worker answers only its own origin: the comment server's thread
	// comes from what the app kept, and says how old it is.
	do(t, tab, "offline, the first article again", chromedp.Navigate(hs.URL+"/a/"+first.Slug))
	wasmStarted(t, tab)
	waitJS(t, tab, "the kept thread offline", fmt.Sprintf(`(() => {
		const asof = document.querySelector(".comments-asof");
		return !!asof && [...document.querySelectorAll(".comment-body")].some(b => b.textContent.includes(%q));
	})()`, text))
}

// showsArticle waits until the page shows the article's headline and body.
func showsArticle(t *testing.T, ctx context.Context, title string) {
	t.Helper()
	waitJS(t, ctx, "the article "+title, fmt.Sprintf(`(() => {
		const h = document.querySelector(".story .headline"), p = document.querySelector(".story-body > p");
		return !!h && h.textContent === %q && !!p && p.textContent.length > 20;
	})()`, title))
}

// keptStatic waits until the device keeps an exported article under the
// file name the export gives it.
func keptStatic(t *testing.T, ctx context.Context, slug string) {
	t.Helper()
	waitJS(t, ctx, "the article kept on the device", fmt.Sprintf(`(async () => {
		const c = await caches.open("folio-data-v1");
		return !!(await c.match("/api/articles/%s.json"));
	})()`, slug))
}
