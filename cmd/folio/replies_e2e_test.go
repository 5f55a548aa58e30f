package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// badgeJS is the unread count the masthead shows, "" when hidden.
const badgeJS = `(() => {
	const b = document.querySelector('.masthead [data-replies="badge"]');
	return b && !b.hidden && getComputedStyle(b).display !== "none" ? b.textContent : "";
})()`

// TestRepliesToMe: Ada comments from her phone, Bo replies from his own
// browser; Ada sees a badge in the masthead, opens Replies, finds Bo's reply
// linked to its place in the thread and her private feed address, which
// works in a feed reader; Bo's Replies page shows nothing of Ada's. With
// the network gone, Ada's Replies page still shows what it last fetched.
// Then the page at phone and desktop widths, light and dark (screenshots
// into FOLIO_SCREENSHOTS when set).
func TestRepliesToMe(t *testing.T) {
	s := startSite(t)
	slug := s.articles[0].Slug
	ada, _ := newBrowser(t)
	do(t, ada, "Ada opens an article", chromedp.Navigate(s.URL+"/a/"+slug), chromedp.WaitVisible(chromedp.CSS("#comment-body")))
	wasmStarted(t, ada)
	if got := eval[string](t, ada, badgeJS); got != "" {
		t.Errorf("badge before any reply = %q, want none", got)
	}
	do(t, ada, "Ada comments", writeComment("Ada", "Who keeps the harbour cranes running?"))
	waitJS(t, ada, "Ada's comment posted", `!!document.querySelector(".comment-published")`)
	adaComment := eval[string](t, ada, `document.querySelector(".comment-published").id`)
	key := eval[string](t, ada, `localStorage.getItem("folio.reader") || ""`)
	if len(key) != 64 {
		t.Fatalf("Ada's reader key = %q, want 64 hex digits", key)
	}
	workerReady(t, ada)

	bo, _ := newBrowser(t)
	do(t, bo, "Bo opens the article", chromedp.Navigate(s.URL+"/a/"+slug), chromedp.WaitVisible(chromedp.CSS("#"+adaComment)))
	wasmStarted(t, bo)
	do(t, bo, "Bo replies to Ada",
		chromedp.Click(chromedp.CSS("#"+adaComment+" .comment-actions button")),
		chromedp.WaitVisible(chromedp.ID("reply-body")),
		chromedp.SendKeys(chromedp.ID("reply-body-author"), "Bo"),
		chromedp.SendKeys(chromedp.ID("reply-body"), "The night shift does, <b>mostly</b>."),
		chromedp.Click(chromedp.CSS("#"+adaComment+" .comment-form button[type=submit]")),
	)
	waitJS(t, bo, "Bo's reply posted", `!!document.querySelector(".replies .comment-published")`)
	reply := eval[string](t, bo, `document.querySelector(".replies .comment-published").id`)
	if boKey := eval[string](t, bo, `localStorage.getItem("folio.reader") || ""`); boKey == key || len(boKey) != 64 {
		t.Fatalf("Bo's reader key = %q (Ada's %q), want his own", boKey, key)
	}
	do(t, bo, "Bo opens his Replies", chromedp.Navigate(s.URL+"/replies"), chromedp.WaitVisible(chromedp.CSS(`[data-replies="empty"]`)))
	waitJS(t, bo, "Bo's feed address", `document.querySelector('[data-replies="url"]').value.includes("/replies/")`)
	if n := eval[int](t, bo, `document.querySelectorAll(".inbox-item").length`); n != 0 {
		t.Errorf("Bo's Replies page lists %d replies, want none (the only reply is his own)", n)
	}

	do(t, ada, "Ada goes to the front page", chromedp.Navigate(s.URL+"/"), chromedp.WaitVisible(chromedp.CSS(".masthead")))
	waitJS(t, ada, "the unread badge", badgeJS+` === "1"`)
	if label := eval[string](t, ada, `document.querySelector('.masthead [data-replies="link"]').getAttribute("aria-label")`); label != "Replies, 1 unread" {
		t.Errorf("Replies link label = %q", label)
	}
	wasmStarted(t, ada)
	waitJS(t, ada, "the badge after app.wasm took the page over", badgeJS+` === "1"`)
	do(t, ada, "Ada opens Replies", chromedp.Click(chromedp.CSS(`.masthead [data-replies="link"]`)))
	waitJS(t, ada, "Bo's reply listed", `!!document.querySelector(".inbox-item")`)
	link := eval[string](t, ada, `document.querySelector(".inbox-reply").getAttribute("href")`)
	if want := "/a/" + slug + "#" + reply; link != want {
		t.Errorf("reply links to %q, want %q", link, want)
	}
	text := eval[string](t, ada, `document.querySelector(".inbox-item").innerText`)
	if !strings.Contains(text, "Bo replied on "+s.articles[0].Title) || !strings.Contains(text, "The night shift does, <b>mostly</b>.") {
		t.Errorf("reply shows %q", text)
	}
	if n := eval[int](t, ada, `document.querySelectorAll(".inbox-item b").length`); n != 0 {
		t.Errorf("the reply's text became markup")
	}
	waitJS(t, ada, "the badge gone once read", badgeJS+` === ""`)
	feed := eval[string](t, ada, `document.querySelector('[data-replies="url"]').value`)
	if feed != s.URL+"/replies/"+key+".xml" {
		t.Errorf("feed address = %q, want %s/replies/KEY.xml", feed, s.URL)
	}
	waitJS(t, ada, "the feed in a feed reader", fmt.Sprintf(`fetch(%q).then(async r => r.status === 200 &&
		r.headers.get("Cache-Control") === "private, no-cache" && (await r.text()).includes("#%s"))`, feed, reply))

	do(t, ada, "Ada follows the link", chromedp.Click(chromedp.CSS(".inbox-reply")))
	waitJS(t, ada, "the reply in its thread", fmt.Sprintf(`location.pathname === "/a/%s" && !!document.getElementById(%q)`, slug, reply))

	// Offline: the page shows what was last fetched.
	setOffline(t, ada, s, true)
	do(t, ada, "Ada opens Replies offline", chromedp.Navigate(s.URL+"/replies"))
	waitJS(t, ada, "the kept reply, offline", `!!document.querySelector(".inbox-item")`)
	setOffline(t, ada, s, false)

	repliesLooks(t, s, ada)
}

// repliesLooks opens the Replies page at phone and desktop widths, light
// and dark, with one unread reply: the badge fits the masthead, nothing
// runs off the side, and the list shows; screenshots into FOLIO_SCREENSHOTS.
func repliesLooks(t *testing.T, s *site, ctx context.Context) {
	dir := os.Getenv("FOLIO_SCREENSHOTS")
	for _, scheme := range []string{"light", "dark"} {
		for _, size := range []struct {
			name string
			w, h int64
		}{{"phone", 390, 844}, {"desktop", 1280, 800}} {
			name := size.name + "-" + scheme
			do(t, ctx, "emulate "+name,
				chromedp.EmulateViewport(size.w, size.h),
				chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
					_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
						Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}},
					})
					return err
				}),
				chromedp.Navigate(s.URL+"/"),
				chromedp.WaitVisible(chromedp.CSS(".masthead")),
				// Unread again: the Replies page is not open, so nothing reads it.
				chromedp.Evaluate[chromedp.Void](`localStorage.removeItem("folio.replies.seen")`),
				chromedp.Reload(),
				chromedp.WaitVisible(chromedp.CSS(".masthead")),
			)
			// The link is clicked once app.wasm has taken the page over,
			// which replaces it: the badge must be on the new one too.
			wasmStarted(t, ctx)
			waitJS(t, ctx, name+": the badge", badgeJS+` === "1"`)
			fits := `(() => { const r = document.querySelector('.masthead [data-replies="badge"]').getBoundingClientRect();
				return r.width > 0 && r.right <= innerWidth && document.documentElement.scrollWidth <= innerWidth; })()`
			if !eval[bool](t, ctx, fits) {
				t.Errorf("%s: the badge runs off the masthead", name)
			}
			repliesShot(t, dir, "replies-badge-"+name, ctx)
			do(t, ctx, name+": open Replies", chromedp.Click(chromedp.CSS(`.masthead [data-replies="link"]`)))
			waitJS(t, ctx, name+": the list", `!!document.querySelector(".inbox-item") && !!document.querySelector('[data-replies="url"]').value`)
			if !eval[bool](t, ctx, `document.documentElement.scrollWidth <= innerWidth`) {
				t.Errorf("%s: the Replies page is wider than the screen", name)
			}
			repliesShot(t, dir, "replies-"+name, ctx)
		}
	}
}

// repliesShot writes a screenshot of ctx's page as dir/name.png, when dir is set.
func repliesShot(t *testing.T, dir, name string, ctx context.Context) {
	if dir == "" {
		return
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}
