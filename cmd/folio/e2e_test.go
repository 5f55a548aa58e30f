package main

// Browser tests: the real server (in-process, real SQLite file) driven
// through Debian's Chromium. They skip only when FOLIO_E2E is unset and no
// browser is installed; CI sets FOLIO_E2E=require.

import (
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"folio/app/article"
	"folio/app/client"
	webfiles "folio/web"
)

// chromiumPath finds the browser, or skips (or fails, under FOLIO_E2E=require).
func chromiumPath(t testing.TB) string {
	t.Helper()
	mode := os.Getenv("FOLIO_E2E")
	if mode == "off" {
		t.Skip("FOLIO_E2E=off")
	}
	for _, name := range []string{os.Getenv("FOLIO_CHROMIUM"), "chromium", "chromium-browser", "google-chrome"} {
		if name == "" {
			continue
		}
		if p, err := exec.LookPath(name); err == nil {
			if _, err := fs.Stat(webfiles.Files, "app.wasm"); err != nil {
				if mode == "require" {
					t.Fatal("web/app.wasm is missing: run `make wasm` before the browser tests")
				}
				t.Skip("web/app.wasm not built; run `make test`")
			}
			return p
		}
	}
	if mode == "require" {
		t.Fatal("FOLIO_E2E=require but no chromium found (apt-get install chromium)")
	}
	t.Skip("no chromium; set FOLIO_E2E=require to make this a failure")
	return ""
}

// site is a running Folio server with the sample magazine, with switches a
// test can throw: the network down, a lost response, a new deploy.
type site struct {
	URL      string
	DB       string
	articles []article.Meta
	handler  atomic.Pointer[http.Handler]

	mu sync.Mutex
	// postDelay slows comment posts down so a test can see "sending".
	postDelay time.Duration
	// down makes every request fail as a cut network does.
	down bool
	// dropUntil: until then, comment posts are stored but their answers lost.
	dropUntil time.Time
	requests  map[string]int // "METHOD /path" → count
	bytesOut  int64          // response body bytes sent
}

func startSite(t testing.TB) *site {
	t.Helper()
	return startSiteIn(t, "")
}

// sitePage is one page of the site's article list.
func sitePage(t testing.TB, url string) article.Page {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var page article.Page
	if err := json.NewDecoder(res.Body).Decode(&page); err != nil || len(page.Articles) == 0 {
		t.Fatalf("articles %s: %v (%d)", url, err, len(page.Articles))
	}
	return page
}

// serveSite runs a Folio server (real SQLite file) on the articles in dir
// ("" for the sample), with domain and embed origins as serve would take
// them; it leaves s.articles to the caller.
func serveSite(t testing.TB, dir, domain string, origins ...string) *site {
	t.Helper()
	s := &site{DB: filepath.Join(t.TempDir(), "folio.db"), requests: map[string]int{}}
	h, closeSite, err := open(context.Background(), dir, s.DB, "", domain, origins...)
	if err != nil {
		t.Fatal(err)
	}
	s.handler.Store(&h)
	srv := httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(func() { srv.Close(); closeSite() })
	s.URL = srv.URL
	return s
}

// startSiteIn is startSite serving the articles in dir ("" for the sample).
func startSiteIn(t testing.TB, dir string) *site {
	t.Helper()
	s := serveSite(t, dir, "folio.test")
	for n := 1; ; n++ { // every page of the list
		page := sitePage(t, s.URL+client.ArticlesQuery("", n))
		s.articles = append(s.articles, page.Articles...)
		if page.Next == "" {
			break
		}
	}
	s.mu.Lock()
	s.requests = map[string]int{}
	s.mu.Unlock()
	return s
}

func (s *site) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.requests[r.Method+" "+r.URL.Path]++
	down, delay := s.down, s.postDelay
	isPost := r.Method == http.MethodPost && r.URL.Path == "/api/comments"
	drop := isPost && time.Now().Before(s.dropUntil)
	s.mu.Unlock()
	h := *s.handler.Load()
	w = countingWriter{w, s}
	switch {
	case down:
		hangUp(w)
	case drop:
		h.ServeHTTP(httptest.NewRecorder(), r) // stored...
		hangUp(w)                              // ...and the answer lost
	default:
		if isPost {
			time.Sleep(delay)
		}
		h.ServeHTTP(w, r)
	}
}

// sent is how many response body bytes the server has sent.
func (s *site) sent() int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.bytesOut
}

// hangUp closes the connection without an answer, as a dead network would.
func hangUp(w http.ResponseWriter) {
	if conn, _, err := http.NewResponseController(w).Hijack(); err == nil {
		conn.Close()
	}
}

// longest is the sample magazine's long read.
func (s *site) longest() article.Meta {
	long := s.articles[0]
	for _, m := range s.articles {
		if m.ReadingMinutes > long.ReadingMinutes {
			long = m
		}
	}
	return long
}

func (s *site) setDown(down bool) {
	s.mu.Lock()
	s.down = down
	s.mu.Unlock()
}

// losePostAnswers stores comment posts but loses their answers for d.
func (s *site) losePostAnswers(d time.Duration) {
	s.mu.Lock()
	s.dropUntil = time.Now().Add(d)
	s.mu.Unlock()
}

// count is how many requests the server saw for "METHOD /path".
func (s *site) count(key string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.requests[key]
}

func (s *site) setPostDelay(d time.Duration) {
	s.mu.Lock()
	s.postDelay = d
	s.mu.Unlock()
}

// seedThread posts a short conversation through the API, as readers would.
func (s *site) seedThread(t testing.TB, slug string) {
	t.Helper()
	posts := []struct{ id, parent, author, body string }{
		{"seed-1", "", "Maren Holt", "Lovely piece. The part about the *old* harbour master made me want to visit at low tide."},
		{"seed-2", "seed-1", "Jonas", "Go in early spring — the light on the mudflats is something else."},
		{"seed-3", "seed-2", "Maren Holt", "Noted, thank you! Any tips for where to park?"},
		{"seed-4", "", "R. Okafor", "Small correction: the second table's units should be metres, not feet.\n\nOtherwise spot on."},
	}
	for _, p := range posts {
		body := fmt.Sprintf(`{"id":%q,"article":%q,"parent":%q,"author":%q,"body":%q}`, p.id, slug, p.parent, p.author, p.body)
		res, err := http.Post(s.URL+"/api/comments", "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusCreated {
			t.Fatalf("seed comment %s: status %d", p.id, res.StatusCode)
		}
	}
}

// comments returns what the server stores for an article, every page of
// it, asked in-process so it works while the test has the network down.
func (s *site) comments(t testing.TB, slug string) []map[string]any {
	t.Helper()
	var all []map[string]any
	for cursor, first := "", true; first || cursor != ""; first = false {
		rec := httptest.NewRecorder()
		(*s.handler.Load()).ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/comments?article="+slug+"&cursor="+cursor, nil))
		var page struct {
			Comments []map[string]any `json:"comments"`
			Next     string           `json:"next"`
		}
		if err := json.NewDecoder(rec.Body).Decode(&page); err != nil {
			t.Fatalf("comments of %s: %v (status %d)", slug, err, rec.Code)
		}
		all, cursor = append(all, page.Comments...), page.Next
	}
	return all
}

// newBrowser opens a fresh headless Chromium tab; dialogs are recorded and
// dismissed so a script that fires one cannot stall the page.
func newBrowser(t testing.TB) (context.Context, *[]string) {
	t.Helper()
	exe := chromiumPath(t)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-quic", true),
		chromedp.WindowSize(1280, 800),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	ctx, cancelTimeout := context.WithTimeout(ctx, 3*time.Minute)
	t.Cleanup(func() { cancelTimeout(); cancelCtx(); cancelAlloc() })
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	var mu sync.Mutex
	dialogs := &[]string{}
	err := chromedp.Listen(ctx, func(ev any) {
		if d, ok := ev.(*page.EventJavascriptDialogOpening); ok {
			mu.Lock()
			*dialogs = append(*dialogs, d.Message)
			mu.Unlock()
			go chromedp.Call(ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: false})
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	return ctx, dialogs
}

func do(t testing.TB, ctx context.Context, what string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

func eval[T any](t testing.TB, ctx context.Context, js string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js))
	if err != nil {
		t.Fatalf("evaluate %s: %v", js, err)
	}
	return v
}

// waitJS polls a JavaScript condition (an expression or a promise) until it
// is true. Errors while the page is being replaced (a reload) are retried.
func waitJS(t testing.TB, ctx context.Context, what, js string) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](js, chromedp.EvalAwaitPromise))
		if err == nil && ok {
			return
		}
		if time.Now().After(deadline) {
			page, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body.innerText.slice(0, 1500)`))
			t.Fatalf("waiting for %s: %v\npage shows:\n%s", what, err, page)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// wasmStarted waits until app.wasm has run: go-app removes its loader then.
func wasmStarted(t testing.TB, ctx context.Context) {
	t.Helper()
	waitJS(t, ctx, "app.wasm to start", `!document.getElementById("app-wasm-loader")`)
}

// writeComment fills in the comment box under an article and posts it.
func writeComment(author, body string) chromedp.Action[chromedp.Void] {
	return chromedp.Steps(
		chromedp.SendKeys(chromedp.ID("comment-body-author"), author),
		chromedp.SendKeys(chromedp.ID("comment-body"), body),
		chromedp.Click(chromedp.CSS(".comments > .comment-form button[type=submit]")),
	)
}

func block(patterns ...string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		if _, err := cdp.Call(ctx, tg, network.Enable, network.EnableParams{}); err != nil {
			return err
		}
		var ps []*network.BlockPattern
		for _, p := range patterns {
			ps = append(ps, &network.BlockPattern{URLPattern: p, Block: true})
		}
		_, err := cdp.Call(ctx, tg, network.SetBlockedURLs, network.SetBlockedURLsParams{URLPatterns: ps})
		return err
	})
}

// TestReadableBeforeWasm loads an article with app.wasm blocked: the server's
// prerendered page alone must show the headline and the first paragraph, not
// hidden behind a loading screen.
func TestReadableBeforeWasm(t *testing.T) {
	s := startSite(t)
	ctx, _ := newBrowser(t)
	a := s.articles[0]
	do(t, ctx, "open article without wasm",
		block("*://*:*/web/app.wasm*"),
		chromedp.Navigate(s.URL+"/a/"+a.Slug),
		chromedp.WaitVisible(chromedp.CSS(".story .headline")),
	)
	if got := eval[bool](t, ctx, `!!document.getElementById("app-wasm-loader")`); !got {
		t.Fatal("the wasm loader is gone: app.wasm ran although it was blocked, so this test proves nothing")
	}
	headline := eval[string](t, ctx, `document.querySelector(".story .headline").textContent`)
	if headline != a.Title {
		t.Errorf("headline = %q, want %q", headline, a.Title)
	}
	// What a reader sees at the headline's centre must be the headline, not an overlay.
	onTop := eval[bool](t, ctx, `(() => {
		const h = document.querySelector(".story .headline"); const r = h.getBoundingClientRect();
		return h.contains(document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2));
	})()`)
	if !onTop {
		t.Error("the headline is covered by something (the loader overlay?)")
	}
	para := eval[string](t, ctx, `(() => {
		const p = document.querySelector(".story-body > p");
		if (!p) return "";
		const r = p.getBoundingClientRect(); const st = getComputedStyle(p);
		return (r.height > 0 && st.visibility === "visible" && st.display !== "none") ? p.textContent : "";
	})()`)
	if len(strings.Fields(para)) < 5 {
		t.Errorf("first paragraph not visible before wasm: %q", para)
	}
}

// layoutJS measures where the main parts of a page sit.
const layoutJS = `JSON.stringify([".masthead", ".lead-story h2", ".card h3", ".story .headline", ".lead-image img",
	".story-body > p", ".comments-title", ".comment-form textarea"].map(sel => {
	const el = document.querySelector(sel);
	if (!el) return sel + ": none";
	const r = el.getBoundingClientRect();
	return sel + ": " + [r.left, r.top, r.width, r.height].map(Math.round).join(",");
}))`

// TestNoJumpWhenWasmStarts compares the prerendered page (app.wasm blocked)
// with the page after app.wasm has replaced it: same parts, same places. The
// browser must also render from the data in the page, not fetch it again.
func TestNoJumpWhenWasmStarts(t *testing.T) {
	s := startSite(t)
	for _, path := range []string{"/", "/a/" + s.articles[0].Slug} {
		t.Run(path, func(t *testing.T) {
			pre, _ := newBrowser(t)
			do(t, pre, "prerendered", block("*://*:*/web/app.wasm*"), chromedp.Navigate(s.URL+path),
				chromedp.WaitVisible(chromedp.CSS(".masthead")))
			before := eval[string](t, pre, layoutJS)

			live, _ := newBrowser(t)
			do(t, live, "live", chromedp.Navigate(s.URL+path), chromedp.WaitVisible(chromedp.CSS(".masthead")))
			wasmStarted(t, live)
			time.Sleep(200 * time.Millisecond) // a late re-render would show by now
			after := eval[string](t, live, layoutJS)
			if before != after {
				t.Errorf("layout moved when app.wasm started:\nprerendered %s\nwasm        %s", before, after)
			}
			if strings.Count(before, "none") > 5 {
				t.Errorf("the page is missing its parts: %s", before)
			}
			refetched := eval[string](t, live, `performance.getEntriesByType("resource").map(e => e.name).filter(n => n.includes("/api/")).join(" ")`)
			if refetched != "" {
				t.Errorf("the browser fetched again what the page carried: %s", refetched)
			}
		})
	}
}

// TestCommentThread is the commenter's path: front page → article → comment →
// reply → reload, with both comments stored once and nested.
func TestCommentThread(t *testing.T) {
	s := startSite(t)
	ctx, dialogs := newBrowser(t)
	lead := s.articles[0]
	do(t, ctx, "open the front page", chromedp.Navigate(s.URL+"/"), chromedp.WaitVisible(chromedp.CSS(".lead-story h2 a")))
	wasmStarted(t, ctx)
	do(t, ctx, "open the lead story",
		chromedp.Click(chromedp.CSS(".lead-story h2 a")),
		chromedp.WaitVisible(chromedp.CSS(".story .headline")),
		chromedp.WaitVisible(chromedp.CSS("#comment-body")),
	)
	if got := eval[string](t, ctx, `location.pathname`); got != "/a/"+lead.Slug {
		t.Fatalf("after clicking the lead story, path = %q, want /a/%s", got, lead.Slug)
	}

	s.setPostDelay(1500 * time.Millisecond)
	do(t, ctx, "write a comment", writeComment("Ada", "First, and *well* said."))
	waitJS(t, ctx, "the comment to show as sending", `!!document.querySelector(".comment-sending .badge-sending")`)
	s.setPostDelay(0)
	waitJS(t, ctx, "the comment to be confirmed", `(() => {
		const c = document.querySelector(".thread > .comment-published");
		return !!c && c.textContent.includes("well") && !document.querySelector(".comment-sending");
	})()`)
	parentID := eval[string](t, ctx, `document.querySelector(".thread > .comment-published").id`)

	do(t, ctx, "reply to it",
		chromedp.Click(chromedp.CSS("#"+parentID+" .comment-actions button")),
		chromedp.WaitVisible(chromedp.ID("reply-body")),
		chromedp.SendKeys(chromedp.ID("reply-body"), "A reply, nested."),
		chromedp.Click(chromedp.CSS("#"+parentID+" .comment-form button[type=submit]")),
	)
	waitJS(t, ctx, "the reply under its parent", fmt.Sprintf(`(() => {
		const r = document.querySelector("#%s > .replies > .comment-published");
		return !!r && r.textContent.includes("A reply, nested.");
	})()`, parentID))

	do(t, ctx, "reload", chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS(".story .headline")))
	wasmStarted(t, ctx)
	nested := eval[string](t, ctx, fmt.Sprintf(`(() => {
		const p = document.getElementById(%q);
		const r = p && p.querySelector(":scope > .replies > .comment");
		return p ? p.querySelector(".comment-body").textContent + " | " + (r ? r.querySelector(".comment-body").textContent : "") : "";
	})()`, parentID))
	if !strings.Contains(nested, "First, and well said.") || !strings.Contains(nested, "A reply, nested.") {
		t.Errorf("after reload, thread = %q; want the comment with its reply nested", nested)
	}
	stored := s.comments(t, lead.Slug)
	if len(stored) != 2 {
		t.Fatalf("server holds %d comments, want 2: %v", len(stored), stored)
	}
	if stored[1]["parent"] != stored[0]["id"] {
		t.Errorf("stored reply parent = %v, want %v", stored[1]["parent"], stored[0]["id"])
	}
	if len(*dialogs) > 0 {
		t.Errorf("dialogs opened: %v", *dialogs)
	}
}

// TestHostileComment posts markup that would run script if it were rendered
// as HTML: it must show as text, before and after a reload, and open no dialog.
func TestHostileComment(t *testing.T) {
	s := startSite(t)
	ctx, dialogs := newBrowser(t)
	slug := s.articles[len(s.articles)-1].Slug
	const payload = `<img src=x onerror=alert(1)>`
	do(t, ctx, "open an article", chromedp.Navigate(s.URL+"/a/"+slug), chromedp.WaitVisible(chromedp.CSS("#comment-body")))
	wasmStarted(t, ctx)
	do(t, ctx, "post the payload", writeComment("Mallory", payload))
	check := func(when string) {
		waitJS(t, ctx, "the hostile comment "+when, `!!document.querySelector(".thread > .comment-published")`)
		text := eval[string](t, ctx, `document.querySelector(".thread > .comment-published .comment-body").textContent.trim()`)
		if text != payload {
			t.Errorf("%s: comment text = %q, want the markup shown as text %q", when, text, payload)
		}
		if n := eval[int](t, ctx, `document.querySelectorAll(".comments img").length`); n != 0 {
			t.Errorf("%s: %d <img> elements in the comments", when, n)
		}
	}
	check("after posting")
	do(t, ctx, "reload", chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS(".thread")))
	check("in the prerendered page")
	wasmStarted(t, ctx)
	check("after app.wasm rendered it")
	time.Sleep(300 * time.Millisecond) // a dialog would have opened by now
	if len(*dialogs) > 0 {
		t.Errorf("dialogs opened: %v", *dialogs)
	}
}

// TestScreenshots writes what a reader sees, at phone and desktop widths, in
// light and dark, when FOLIO_SCREENSHOTS names a folder.
func TestScreenshots(t *testing.T) {
	dir := os.Getenv("FOLIO_SCREENSHOTS")
	if dir == "" {
		t.Skip("set FOLIO_SCREENSHOTS=DIR to write screenshots")
	}
	s := startSite(t)
	ctx, _ := newBrowser(t)
	sourced := s.articles[0].Slug
	for _, m := range s.articles {
		if m.Image != "" && m.Source != "" {
			sourced = m.Slug
			break
		}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	s.seedThread(t, sourced)
	for _, scheme := range []string{"light", "dark"} {
		for _, size := range []struct {
			name string
			w, h int64
		}{{"phone", 390, 844}, {"desktop", 1280, 800}} {
			for _, pg := range []struct{ name, path string }{{"front", "/"}, {"article", "/a/" + sourced}, {"comments", "/a/" + sourced + "#comments"}, {"saved", "/saved"}} {
				do(t, ctx, "emulate",
					chromedp.EmulateViewport(size.w, size.h),
					chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
						_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
							Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}},
						})
						return err
					}),
					chromedp.Navigate(s.URL+pg.path),
					chromedp.WaitVisible(chromedp.CSS(".masthead")),
				)
				wasmStarted(t, ctx)
				if pg.name == "comments" {
					do(t, ctx, "scroll", chromedp.Evaluate[chromedp.Void](`document.getElementById("comments").scrollIntoView()`))
				}
				time.Sleep(400 * time.Millisecond) // let lazy images decode
				png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
				if err != nil {
					t.Fatal(err)
				}
				name := filepath.Join(dir, fmt.Sprintf("%s-%s-%s.png", pg.name, size.name, scheme))
				if err := os.WriteFile(name, png, 0o644); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
}
