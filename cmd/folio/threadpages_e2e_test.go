package main

// Browser test of a thread longer than a page: the page carries the first
// page, "Show more comments" appends the next, replies work on it, and the
// embed pages the same way.

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"folio/app/comment"
	"folio/cmd/folio/internal/store"
)

// seedPages writes roots top-level comments p-00, p-01… on slug, each with
// one reply r-00, r-01…, straight into the site's SQLite file.
func seedPages(t testing.TB, s *site, slug string, roots int) {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, s.DB)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	at := time.Now().Add(-time.Hour).UTC()
	for i := range roots {
		for _, c := range []comment.Comment{
			{ID: fmt.Sprintf("p-%02d", i), Body: fmt.Sprintf("Top-level comment number %d.", i)},
			{ID: fmt.Sprintf("r-%02d", i), Parent: fmt.Sprintf("p-%02d", i), Body: fmt.Sprintf("A reply to number %d.", i)},
		} {
			c.Article, c.Author, c.Status = slug, "Reader", comment.Published
			c.Created, at = at, at.Add(time.Second)
			c.HTML = comment.Render(c.Body)
			if _, _, err := st.Post(ctx, c); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// TestThreadPages: an article whose thread is longer than a page shows the
// first page (prerendered too) and "Show more comments"; the button appends
// the next page; a reply to a comment on that page is posted and shown; a
// comment posted before the last page is loaded shows at once; the
// comments embed pages the same way.
func TestThreadPages(t *testing.T) {
	s := startSite(t)
	slug := s.articles[0].Slug
	roots := comment.PageSize + 5 // two comments each: page 1 holds 20 threads, page 2 five
	seedPages(t, s, slug, roots)
	first, rest := 2*comment.PageSize, 2*(roots-comment.PageSize)

	html := getPage(t, s.URL+"/a/"+slug)
	last := fmt.Sprintf(`id="c-p-%02d"`, comment.PageSize-1)
	next := fmt.Sprintf(`id="c-p-%02d"`, comment.PageSize)
	if !strings.Contains(html, last) || strings.Contains(html, next) || !strings.Contains(html, fmt.Sprintf("Show more comments (%d more)", rest)) {
		t.Errorf("the prerendered page should hold the first page up to %s, not %s, and offer %d more", last, next, rest)
	}

	ctx, _ := newBrowser(t)
	do(t, ctx, "open the article", chromedp.Navigate(s.URL+"/a/"+slug), chromedp.WaitVisible(chromedp.CSS(".comments-more-button")))
	wasmStarted(t, ctx)
	waitJS(t, ctx, "the first page", threadShows(first))
	if got := eval[string](t, ctx, `document.querySelector(".comments-title").textContent`); got != fmt.Sprintf("%d comments", 2*roots) {
		t.Errorf("the thread is titled %q, want the whole thread's %d comments", got, 2*roots)
	}
	do(t, ctx, "show more", chromedp.Click(chromedp.CSS(".comments-more-button")))
	waitJS(t, ctx, "the next page appended", threadShows(first+rest)+` && !document.querySelector(".comments-more-button")`)
	order := eval[string](t, ctx, `[...document.querySelectorAll(".thread > .comment")].map(c => c.id).join(" ")`)
	if !strings.HasPrefix(order, "c-p-00 c-p-01") || !strings.HasSuffix(order, fmt.Sprintf("c-p-%02d", roots-1)) {
		t.Errorf("top-level comments after Show more: %s, want p-00 … p-%02d in order", order, roots-1)
	}

	// A reply to a comment of the second page.
	target := fmt.Sprintf("#c-p-%02d", comment.PageSize+2)
	do(t, ctx, "reply on page 2",
		chromedp.Click(chromedp.CSS(target+" > .comment-actions button")),
		chromedp.WaitVisible(chromedp.ID("reply-body")),
	)
	eval[bool](t, ctx, fill("reply-body-author", "Ada"))
	eval[bool](t, ctx, fill("reply-body", "Replying on the second page."))
	do(t, ctx, "post the reply", chromedp.Click(chromedp.CSS(target+" .comment-form button[type=submit]")))
	waitJS(t, ctx, "the reply under its parent", fmt.Sprintf(`[...document.querySelectorAll(%q)].some(r =>
		r.textContent.includes("Replying on the second page."))`, target+" > .replies > .comment-published"))
	stored := s.comments(t, slug)
	if n := len(stored); n != 2*roots+1 {
		t.Errorf("the server holds %d comments, want %d", n, 2*roots+1)
	}

	// Back to the first page only: a new comment shows at once, though the
	// page it belongs to (the last) is not loaded.
	do(t, ctx, "open the article again", chromedp.Navigate(s.URL+"/a/"+slug), chromedp.WaitVisible(chromedp.CSS(".comments-more-button")))
	wasmStarted(t, ctx)
	do(t, ctx, "post a comment", writeComment("Ada", "Posted before reading to the end."))
	waitJS(t, ctx, "the new comment shown", `[...document.querySelectorAll(".thread > .comment-published .comment-body")].some(b => b.textContent.includes("Posted before reading to the end."))`)
	if got := eval[string](t, ctx, `document.querySelector(".comments-title").textContent`); got != fmt.Sprintf("%d comments", 2*roots+2) {
		t.Errorf("after posting, the thread is titled %q, want %d comments", got, 2*roots+2)
	}

	// The comments embed.
	do(t, ctx, "open the comments embed", chromedp.Navigate(s.URL+"/embed/"+slug+"?mode=comments"), chromedp.WaitVisible(chromedp.CSS(".comments-more-button")))
	wasmStarted(t, ctx)
	waitJS(t, ctx, "the embed's first page", threadShows(first))
	do(t, ctx, "show more in the embed", chromedp.Click(chromedp.CSS(".comments-more-button")))
	// The next page now holds the reply and the new comment too.
	waitJS(t, ctx, "the embed's next page", threadShows(first+rest+2)+` && !document.querySelector(".comments-more-button")`)
}

// getPage returns the body of GET url.
func getPage(t testing.TB, url string) string {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestThreadPagesOffline: an article read once opens offline with the first
// page of its thread, which the device kept at the address the app reads
// it from, and still offers the rest.
func TestThreadPagesOffline(t *testing.T) {
	s := startSite(t)
	lead := s.articles[0]
	roots := comment.PageSize + 5
	seedPages(t, s, lead.Slug, roots)
	ctx, _ := newBrowser(t)
	do(t, ctx, "read the lead story", chromedp.Navigate(s.URL+"/a/"+lead.Slug), chromedp.WaitVisible(chromedp.CSS(".story .headline")))
	wasmStarted(t, ctx)
	workerReady(t, ctx)
	kept(t, ctx, lead.Slug)
	do(t, ctx, "the front page", chromedp.Navigate(s.URL+"/"), chromedp.WaitVisible(chromedp.CSS(".lead-story h2 a")))
	wasmStarted(t, ctx)

	setOffline(t, ctx, s, true)
	do(t, ctx, "open the lead story offline", chromedp.Click(chromedp.CSS(".lead-story h2 a")))
	waitJS(t, ctx, "the kept first page offline", `!!document.querySelector(".comments-asof") && `+
		threadShows(2*comment.PageSize)+fmt.Sprintf(` && document.querySelector(".comments-more-button").textContent.includes("(%d more)")`, 2*(roots-comment.PageSize)))
}

// TestThreadPagesScreenshots writes the end of a thread's first page with
// its "Show more comments" button, at phone and desktop widths in light and
// dark, when FOLIO_SCREENSHOTS names a folder.
func TestThreadPagesScreenshots(t *testing.T) {
	dir := os.Getenv("FOLIO_SCREENSHOTS")
	if dir == "" {
		t.Skip("set FOLIO_SCREENSHOTS=DIR to write screenshots")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	s := startSite(t)
	slug := s.articles[0].Slug
	seedPages(t, s, slug, comment.PageSize+5)
	ctx, _ := newBrowser(t)
	for _, scheme := range []string{"light", "dark"} {
		for _, size := range []struct {
			name string
			w, h int64
		}{{"phone", 390, 844}, {"desktop", 1280, 800}} {
			do(t, ctx, "open the article", chromedp.EmulateViewport(size.w, size.h), setDarkMode(scheme == "dark"),
				chromedp.Navigate(s.URL+"/a/"+slug))
			wasmStarted(t, ctx)
			do(t, ctx, "scroll", chromedp.Evaluate[chromedp.Void](`document.querySelector(".comments-more-button").scrollIntoView({block: "end"})`))
			time.Sleep(300 * time.Millisecond) // let the page settle
			png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("thread-more-%s-%s.png", size.name, scheme)), png, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}
