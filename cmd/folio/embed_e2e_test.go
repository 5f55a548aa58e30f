package main

// Browser tests of the embed: a publisher's page on another site (localhost
// instead of 127.0.0.1, another port) loads embed.js from the Folio server.

import (
	"context"
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// hostPage is a plain publisher's page with two embeds and a count.
const hostPage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Harbour Weekly</title>
<style>
  :root { color-scheme: light dark; }
  body { font: 18px/1.55 Georgia, serif; max-width: 46rem; margin: 0 auto; padding: 1.5rem 1rem 3rem; }
  header { border-bottom: 3px double currentColor; margin-bottom: 1.5rem; }
  h1 { font-size: 2rem; margin: 0 0 .3rem; } h2 { font: 700 1rem/1.3 system-ui, sans-serif; text-transform: uppercase; letter-spacing: .08em; margin: 2rem 0 .75rem; }
  .kicker { font: 600 .8rem system-ui, sans-serif; letter-spacing: .06em; text-transform: uppercase; color: #b04a2f; }
</style>
<script>
  // The test reads what reached this page.
  window.hostLog = [];
  addEventListener("message", e => hostLog.push({ origin: e.origin, type: e.data && e.data.type, height: e.data && e.data.height }));
</script>
</head><body>
<header><p class="kicker">Harbour Weekly · Opinion</p><h1>Our city, our port</h1></header>
<p>The council meets on Thursday to decide the old port's future. Read the story our partners at Folio published,
and join the conversation: <a href="#comments"><span id="count" data-folio-count="{{A}}"></span></a>
<span lang="zh-Hans">（<span id="count-zh" data-folio-count="{{A}}"></span>）</span>.</p>
<h2 id="comments">What readers say</h2>
<script src="{{FOLIO}}/embed.js" data-folio-article="{{A}}" data-folio-mode="comments" data-folio-theme="auto" async></script>
<h2>The story</h2>
<script src="{{FOLIO}}/embed.js" data-folio-article="{{B}}" data-folio-mode="article" data-folio-theme="light" async></script>
<p id="end">© Harbour Weekly</p>
</body></html>`

// framedPage tries to frame the full app, and the embed as a control.
const framedPage = `<!doctype html><html><head><meta charset="utf-8"><title>framing</title></head><body>
<iframe id="app" src="{{FOLIO}}/a/{{A}}" width="600" height="400"></iframe>
<iframe id="embed" src="{{FOLIO}}/embed/{{A}}" width="600" height="400"></iframe>
</body></html>`

// startHost serves a publisher's pages. Its URL names localhost, so the
// browser sees another site than the Folio server at 127.0.0.1.
func startHost(t testing.TB, pages map[string]string, vars ...string) string {
	t.Helper()
	r := strings.NewReplacer(vars...)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		p, ok := pages[req.URL.Path]
		if !ok {
			http.NotFound(w, req)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write([]byte(r.Replace(p)))
	}))
	t.Cleanup(srv.Close)
	return strings.Replace(srv.URL, "127.0.0.1", "localhost", 1)
}

// frame attaches to the iframe whose URL contains part. A frame from another
// site is a target of its own in Chromium, so actions run in it directly.
func frame(t *testing.T, ctx context.Context, part string) context.Context {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		infos, err := chromedp.Targets(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, info := range infos {
			if info.Type == "iframe" && strings.Contains(info.URL, part) {
				fctx, cancel := chromedp.NewContext(ctx, chromedp.WithTargetID(info.TargetID), chromedp.WithDetachOnCancel())
				t.Cleanup(cancel)
				return fctx
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("no iframe target with %q", part)
	return nil
}

// fits waits until the host's iframe number i is as tall as the content of
// the page inside it (within 3 px) and that page has nothing to scroll. It
// returns the height.
func fits(t *testing.T, host, fr context.Context, i int, when string) float64 {
	t.Helper()
	var iframeH, contentH float64
	var scroll bool
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		iframeH = eval[float64](t, host, fmt.Sprintf(`document.querySelectorAll("iframe")[%d].getBoundingClientRect().height`, i))
		contentH = eval[float64](t, fr, `(document.querySelector(".embed") || document.body).getBoundingClientRect().height`)
		// (innerHeight in a frame attached over CDP can be the tab's, so
		// the frame's size comes from the host page)
		scroll = eval[float64](t, fr, `document.documentElement.scrollHeight`) > iframeH+1
		if math.Abs(iframeH-contentH) <= 3 && !scroll && contentH > 100 {
			return iframeH
		}
		time.Sleep(100 * time.Millisecond)
	}
	why := eval[string](t, fr, fmt.Sprintf(`[document.documentElement.scrollHeight, document.documentElement.getBoundingClientRect().height,
		...[...document.querySelectorAll("body *")].filter(e => e.getBoundingClientRect().bottom > %f).slice(-3).map(e => e.tagName + "." + e.className + " " + e.getBoundingClientRect().bottom)].join(" | ")`, iframeH))
	t.Fatalf("%s: iframe %d is %.0f px tall, its content %.0f px (scrolls: %v: %s)", when, i, iframeH, contentH, scroll, why)
	return 0
}

func setDarkMode(dark bool) chromedp.Action[chromedp.Void] {
	scheme := "light"
	if dark {
		scheme = "dark"
	}
	return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}},
		})
		return err
	})
}

// fill types into a field the way a reader would, as far as go-app can tell.
func fill(id, text string) string {
	return fmt.Sprintf(`(() => { const el = document.getElementById(%q); el.value = %q;
		el.dispatchEvent(new Event("input", { bubbles: true })); return true; })()`, id, text)
}

// TestEmbed is the publisher's path: two embeds and a count on a page of
// another site, sized to their content, a reply posted inside one, themes
// following the host, and foreign messages ignored.
func TestEmbed(t *testing.T) {
	s := startSite(t)
	a, b := s.articles[0].Slug, s.articles[1].Slug
	s.seedThread(t, a)
	hostURL := startHost(t, map[string]string{"/": hostPage}, "{{FOLIO}}", s.URL, "{{A}}", a, "{{B}}", b)
	host, dialogs := newBrowser(t)
	do(t, host, "open the publisher's page", setDarkMode(false), chromedp.Navigate(hostURL+"/"))
	waitJS(t, host, "two iframes", `document.querySelectorAll("iframe").length === 2`)
	attrs := eval[string](t, host, `[...document.querySelectorAll("iframe")].map(f =>
		[f.src, f.loading, f.getAttribute("scrolling"), f.previousElementSibling.tagName].join(" ")).join("\n")`)
	for _, want := range []string{
		s.URL + "/embed/" + a + "?mode=comments&theme=light lazy no SCRIPT",
		s.URL + "/embed/" + b + "?mode=article&theme=light lazy no SCRIPT",
	} {
		if !strings.Contains(attrs, want) {
			t.Errorf("iframes:\n%s\nwant one with %q", attrs, want)
		}
	}
	waitJS(t, host, "the comment count", `document.getElementById("count").textContent === "4 comments"`)
	waitJS(t, host, "the comment count in Chinese text", `document.getElementById("count-zh").textContent === "4 条评论"`)

	comments, story := frame(t, host, "/embed/"+a), frame(t, host, "/embed/"+b)
	wasmStarted(t, comments)
	wasmStarted(t, story)
	before := fits(t, host, comments, 0, "comments after load")
	fits(t, host, story, 1, "article after load")
	if n := eval[int](t, story, `document.querySelectorAll(".embed .story-body p").length`); n < 2 {
		t.Errorf("article embed shows %d paragraphs", n)
	}
	if n := eval[int](t, comments, `document.querySelectorAll(".masthead, .story-body").length`); n != 0 {
		t.Errorf("comments embed shows %d masthead or story parts", n)
	}

	// A reply posted inside the comments embed: stored once, and the iframe grows.
	if !eval[bool](t, comments, `(() => { document.querySelector("#c-seed-4 .comment-actions button").click(); return true; })()`) {
		t.Fatal("no reply button")
	}
	waitJS(t, comments, "the reply box", `!!document.getElementById("reply-body")`)
	eval[bool](t, comments, fill("reply-body-author", "Ada"))
	eval[bool](t, comments, fill("reply-body", "Replying from a publisher's page."))
	eval[bool](t, comments, `(() => { document.querySelector("#c-seed-4 .comment-form button[type=submit]").click(); return true; })()`)
	waitJS(t, comments, "the reply under its parent", `(() => {
		const r = document.querySelector("#c-seed-4 > .replies > .comment-published");
		return !!r && r.textContent.includes("Replying from a publisher's page.");
	})()`)
	after := fits(t, host, comments, 0, "comments after a reply")
	if after <= before {
		t.Errorf("the iframe did not grow with the reply: %.0f px, then %.0f px", before, after)
	}
	stored := s.comments(t, a)
	if len(stored) != 5 || stored[4]["parent"] != "seed-4" {
		t.Errorf("server holds %d comments (%v), want 5 with the reply under seed-4", len(stored), stored)
	}

	// Messages from anyone but our iframes change nothing.
	do(t, host, "post fake messages", chromedp.Evaluate[chromedp.Void](`
		postMessage({ type: "folio:resize", height: 7 }, "*");
		document.querySelector("iframe").contentWindow.postMessage({ type: "folio:resize", height: 9 }, "*");`))
	eval[bool](t, comments, `(() => { postMessage({ type: "folio:theme", theme: "dark" }, "*"); return true; })()`)
	time.Sleep(500 * time.Millisecond)
	if got := eval[bool](t, host, `hostLog.some(m => m.height === 7)`); !got {
		t.Error("the fake message never arrived, so this test proves nothing")
	}
	if h := eval[float64](t, host, `document.querySelector("iframe").getBoundingClientRect().height`); math.Abs(h-after) > 1 {
		t.Errorf("a fake resize message changed the iframe: %.0f px, want %.0f", h, after)
	}
	if got := eval[string](t, comments, `document.querySelector(".embed").className`); got != "embed embed-comments theme-light" {
		t.Errorf("a theme message from the frame itself was taken: class %q", got)
	}
	if got := eval[string](t, host, `[...new Set(hostLog.filter(m => m.type === "folio:resize").map(m => m.origin))].join(" ")`); got != s.URL+" "+hostURL && got != hostURL+" "+s.URL {
		t.Errorf("resize messages came from %q", got)
	}

	// The host turns dark: the auto embed follows, the light one stays.
	do(t, host, "dark host", setDarkMode(true))
	waitJS(t, comments, "the auto embed to turn dark", `document.querySelector(".embed").classList.contains("theme-dark")`)
	if got := eval[string](t, story, `document.querySelector(".embed").className`); got != "embed embed-article theme-light" {
		t.Errorf("the light embed changed: class %q", got)
	}

	// "Open in Folio" opens the full article in the reader's window, not in
	// the frame: a real click, as top navigation from a frame needs one.
	want := s.URL + "/a/" + a
	if top := openInFolio(t, host, comments); top != want {
		t.Errorf("after clicking Open in Folio the top window shows %q, want %q", top, want)
	}
	if len(*dialogs) > 0 {
		t.Errorf("dialogs opened: %v", *dialogs)
	}
}

// openInFolio clicks the embed's "Open in Folio" link with the mouse, as
// navigating the top window from a frame needs a real click, and returns the
// top window's address after. Now and then Chromium hit-tests a frame that
// was just resized and scrolled into view against its old layout and the
// click lands on the background or outside the frame: that click is tried
// again, a click that reached the link is not.
func openInFolio(t *testing.T, host, fr context.Context) string {
	t.Helper()
	before := eval[string](t, host, `location.href`)
	for try := 0; try < 3; try++ {
		link := eval[[]float64](t, fr, `(() => { const r = document.querySelector(".embed-open").getBoundingClientRect();
			return [r.left + r.width / 2, r.top + r.height / 2]; })()`)
		pos := eval[[]float64](t, host, fmt.Sprintf(`(() => { const f = document.querySelector("iframe");
			scrollTo(0, f.getBoundingClientRect().top + scrollY + %f - innerHeight / 2);
			const r = f.getBoundingClientRect(); return [r.left, r.top, r.height]; })()`, link[1]))
		// Chromium updates an out-of-process frame's viewport when it
		// renders it, which it skips while the frame is off screen.
		waitJS(t, fr, "the frame's viewport to catch up", fmt.Sprintf(`Math.abs(innerHeight - %f) <= 1`, pos[2]))
		eval[bool](t, fr, `(() => { window.clicked = ""; document.addEventListener("click",
			e => { clicked = e.target.closest(".embed-open") ? "link" : e.target.tagName; }, { capture: true, once: true }); return true; })()`)
		do(t, host, "click Open in Folio", chromedp.MouseClickXY(pos[0]+link[0], pos[1]+link[1]))
		var top string
		for end := time.Now().Add(5 * time.Second); time.Now().Before(end); {
			time.Sleep(100 * time.Millisecond)
			if top, _ = chromedp.Run(host, chromedp.Evaluate[string](`location.href`)); top != before && top != "" {
				return top
			}
		}
		clicked, err := chromedp.Run(fr, chromedp.Evaluate[string](`clicked`))
		// "": the click reached no element of the frame at all, as when the
		// frame was resized under it (its app taking it over): tried again.
		if err != nil || clicked == "link" {
			t.Fatalf("the click reached %q (%v) and the top window stayed at %s", clicked, err, top)
		}
		t.Logf("the click landed on %s, not the link: again", clicked)
	}
	return before
}

// TestFramingRefused: another site may frame /embed/ pages, and nothing else.
func TestFramingRefused(t *testing.T) {
	s := startSite(t)
	a := s.articles[0].Slug
	hostURL := startHost(t, map[string]string{"/framed": framedPage}, "{{FOLIO}}", s.URL, "{{A}}", a)
	for path, want := range map[string]string{"/a/" + a: "frame-ancestors 'self'", "/embed/" + a: "frame-ancestors *"} {
		res, err := http.Get(s.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if csp := res.Header.Get("Content-Security-Policy"); !strings.HasSuffix(csp, want) {
			t.Errorf("GET %s: CSP %q, want %q", path, csp, want)
		}
	}
	ctx, _ := newBrowser(t)
	do(t, ctx, "open the framing page", chromedp.Navigate(hostURL+"/framed"))
	embed := frame(t, ctx, "/embed/"+a)
	waitJS(t, embed, "the embed to load", `!!document.querySelector(".embed")`)
	time.Sleep(300 * time.Millisecond)
	// Chromium keeps a frame for the refused page but shows its own error
	// page in it: nothing of the article, and not at the article's address.
	app := frame(t, ctx, "/a/"+a)
	got := eval[string](t, app, `location.href + " " + !!document.querySelector(".story, #folio-data")`)
	if got != "chrome-error://chromewebdata/ false" {
		t.Errorf("the article page in another site's frame: %q, want Chromium's error page", got)
	}
}

// TestEmbedScreenshots writes the README's picture of a publisher's page with
// two embeds, and each embed at phone and desktop widths in light and dark,
// when FOLIO_SCREENSHOTS names a folder.
func TestEmbedScreenshots(t *testing.T) {
	dir := os.Getenv("FOLIO_SCREENSHOTS")
	if dir == "" {
		t.Skip("set FOLIO_SCREENSHOTS=DIR to write screenshots")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	s := startSite(t)
	a, b := s.articles[0].Slug, s.articles[1].Slug
	s.seedThread(t, a)
	hostURL := startHost(t, map[string]string{"/": hostPage}, "{{FOLIO}}", s.URL, "{{A}}", a, "{{B}}", b)
	ctx, _ := newBrowser(t)
	shoot := func(name string, full bool) {
		t.Helper()
		time.Sleep(500 * time.Millisecond) // let lazy images decode
		var png []byte
		var err error
		if full {
			png, err = chromedp.Run(ctx, chromedp.FullScreenshot(100))
		} else {
			png, err = chromedp.Run(ctx, chromedp.CaptureScreenshot())
		}
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, dark := range []bool{false, true} {
		scheme := map[bool]string{false: "light", true: "dark"}[dark]
		for _, w := range []int64{390, 1280} {
			do(t, ctx, "emulate", chromedp.EmulateViewport(w, 900), setDarkMode(dark), chromedp.Navigate(hostURL+"/"))
			waitJS(t, ctx, "two iframes", `document.querySelectorAll("iframe").length === 2`)
			comments := frame(t, ctx, "/embed/"+a)
			wasmStarted(t, comments)
			fits(t, ctx, comments, 0, "comments")
			shoot(fmt.Sprintf("embed-%d-%s.png", w, scheme), false)
			story := frame(t, ctx, "/embed/"+b)
			do(t, ctx, "scroll to the story", chromedp.Evaluate[chromedp.Void](`document.querySelectorAll("iframe")[1].scrollIntoView()`))
			wasmStarted(t, story)
			fits(t, ctx, story, 1, "story")
			shoot(fmt.Sprintf("embed-article-%d-%s.png", w, scheme), false)
			if w == 1280 && !dark {
				do(t, ctx, "README size", chromedp.EmulateViewport(1000, 1400), chromedp.Reload())
				waitJS(t, ctx, "two iframes", `document.querySelectorAll("iframe").length === 2`)
				fits(t, ctx, frame(t, ctx, "/embed/"+a), 0, "comments")
				shoot("embed.png", false)
			}
		}
	}
}
