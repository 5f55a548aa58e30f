package main

// Browser tests of the comment thread's own load state: a thread that fails
// says so and offers a Retry, a thread read "as of" earlier is refreshed when
// the network returns, and focus follows a comment just posted.

import (
	"context"
	"database/sql"
	"fmt"
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

// postInProcess stores a comment through the site's API without the network,
// so it works while the test has the network down.
func (s *site) postInProcess(t testing.TB, slug, id, author, body string) {
	t.Helper()
	s.replyInProcess(t, slug, id, "", author, body)
}

// replyInProcess is postInProcess for a reply to parent.
func (s *site) replyInProcess(t testing.TB, slug, id, parent, author, body string) {
	t.Helper()
	js := fmt.Sprintf(`{"id":%q,"article":%q,"parent":%q,"author":%q,"body":%q}`, id, slug, parent, author, body)
	r := httptest.NewRequest(http.MethodPost, "/api/comments", strings.NewReader(js))
	r.Header.Set("Content-Type", "application/json")
	w := httptest.NewRecorder()
	(*s.handler.Load()).ServeHTTP(w, r)
	if w.Code != http.StatusCreated {
		t.Fatalf("post %s: status %d %s", id, w.Code, w.Body)
	}
}

// breakComments makes the server's own reads of comments fail (the table is
// renamed away in the real SQLite file), or repairs them.
func (s *site) breakComments(t testing.TB, broken bool) {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+s.DB+"?_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	from, to := "comments", "comments_away"
	if !broken {
		from, to = to, from
	}
	if _, err := db.Exec("ALTER TABLE " + from + " RENAME TO " + to); err != nil {
		t.Fatalf("rename %s: %v", from, err)
	}
	// The server would notice the write behind its back within a second
	// (SQLite.Watch) and drop the answers it keeps; the test does not wait.
	(*s.handler.Load()).(*cachedSite).cache.Purge()
}

// threadShows is a script: the thread lists n comments and no note about
// failing or loading.
func threadShows(n int) string {
	return fmt.Sprintf(`document.querySelectorAll(".thread .comment").length === %d &&
		!document.querySelector(".comments-failed, .comments-loading, .comments-empty")`, n)
}

// TestThreadFailureRetry: a thread that does not load says why, in words a
// reader understands, instead of "No comments yet"; Retry brings it. On the
// article page the network is cut for the thread on a click from the front
// page; in the embed, the server cannot read its database.
func TestThreadFailureRetry(t *testing.T) {
	s := startSite(t)
	ctx, _ := newBrowser(t)
	lead := s.articles[0]
	s.seedThread(t, lead.Slug)

	do(t, ctx, "open the front page", chromedp.Navigate(s.URL+"/"), chromedp.WaitVisible(chromedp.CSS(".lead-story h2 a")))
	wasmStarted(t, ctx)
	do(t, ctx, "open the lead story with the thread unreachable",
		block("*://*:*/api/comments*"),
		chromedp.Click(chromedp.CSS(".lead-story h2 a")),
		chromedp.WaitVisible(chromedp.CSS(".story .headline")),
	)
	waitJS(t, ctx, "the thread to say it failed", `(() => {
		const f = document.querySelector(".comments-failed");
		return !!f && f.textContent.includes("could not load") && f.textContent.includes("network") &&
			!!f.querySelector("button") && !document.querySelector(".comments-empty");
	})()`)
	if got := eval[bool](t, ctx, `!!document.querySelector(".story-body p")`); !got {
		t.Error("the article text is gone while its thread failed")
	}
	do(t, ctx, "unblock and retry", block(), chromedp.Click(chromedp.CSS(".comments-failed button")))
	waitJS(t, ctx, "the thread after Retry", threadShows(4))

	s.breakComments(t, true)
	do(t, ctx, "open the embed while the server cannot read comments",
		chromedp.Navigate(s.URL+"/embed/"+lead.Slug+"?mode=comments"),
		chromedp.WaitVisible(chromedp.CSS(".comments-failed")),
	)
	// The app tries the thread again as it starts (the message gives way to
	// "Loading comments…" meanwhile), so the message is polled for.
	waitJS(t, ctx, "the embed to say the server failed", `(() => {
		const f = document.querySelector(".comments-failed");
		return !!f && f.textContent.includes("server") && !f.textContent.includes("network");
	})()`)
	wasmStarted(t, ctx)
	waitJS(t, ctx, "the embed to try once more and still fail", `(() => {
		const f = document.querySelector(".comments-failed");
		return !!f && f.textContent.includes("server") && !!f.querySelector("button");
	})()`)
	s.breakComments(t, false)
	do(t, ctx, "retry in the embed", chromedp.Click(chromedp.CSS(".comments-failed button")))
	waitJS(t, ctx, "the embed thread after Retry", threadShows(4))
}

// TestThreadRefreshedOnline: a thread read from the device while offline says
// "as of"; when the network returns it is fetched again and the note goes.
// Showing the page again after it was hidden refreshes it too.
func TestThreadRefreshedOnline(t *testing.T) {
	s := startSite(t)
	ctx, _ := newBrowser(t)
	lead := s.articles[0]
	s.seedThread(t, lead.Slug)

	do(t, ctx, "read the lead story", chromedp.Navigate(s.URL+"/a/"+lead.Slug), chromedp.WaitVisible(chromedp.CSS(".story .headline")))
	wasmStarted(t, ctx)
	workerReady(t, ctx)
	kept(t, ctx, lead.Slug)
	do(t, ctx, "the front page", chromedp.Navigate(s.URL+"/"), chromedp.WaitVisible(chromedp.CSS(".lead-story h2 a")))
	wasmStarted(t, ctx)

	setOffline(t, ctx, s, true)
	do(t, ctx, "open the lead story offline", chromedp.Click(chromedp.CSS(".lead-story h2 a")))
	waitJS(t, ctx, "the thread as of earlier", `!!document.querySelector(".comments-asof") && `+threadShows(4))
	s.postInProcess(t, lead.Slug, "while-away", "Ines", "Written while you were offline.")

	setOffline(t, ctx, s, false)
	waitJS(t, ctx, "the fresh thread once online", `!document.querySelector(".comments-asof") && `+threadShows(5))

	s.postInProcess(t, lead.Slug, "while-hidden", "Jo", "Written while the tab was hidden.")
	time.Sleep(200 * time.Millisecond) // nothing polls: only showing the page again may fetch it
	if n := eval[int](t, ctx, `document.querySelectorAll(".thread .comment").length`); n != 5 {
		t.Fatalf("the thread shows %d comments before the page is shown again, want 5", n)
	}
	do(t, ctx, "show the page again", chromedp.Evaluate[chromedp.Void](`document.dispatchEvent(new Event("visibilitychange"))`))
	waitJS(t, ctx, "the thread after the page is shown again", threadShows(6))
}

// TestFocusOnPosted: after posting a comment or a reply, focus is on the new
// comment, and stays on the same element when the server confirms it.
func TestFocusOnPosted(t *testing.T) {
	s := startSite(t)
	ctx, _ := newBrowser(t)
	slug := s.articles[0].Slug
	do(t, ctx, "open an article", chromedp.Navigate(s.URL+"/a/"+slug), chromedp.WaitVisible(chromedp.CSS("#comment-body")))
	wasmStarted(t, ctx)

	s.setPostDelay(1500 * time.Millisecond)
	do(t, ctx, "post a comment", writeComment("Ada", "Focus should land here."))
	waitJS(t, ctx, "focus on the comment being sent", `(() => {
		const a = document.activeElement;
		if (!a || !a.matches(".comment-sending") || !a.textContent.includes("Focus should land here.")) return false;
		window.folioPosted = a;
		return true;
	})()`)
	s.setPostDelay(0)
	waitJS(t, ctx, "the comment confirmed, focus kept", `(() => {
		const a = document.activeElement;
		return a === window.folioPosted && a.isConnected && a.matches(".comment-published");
	})()`)

	id := eval[string](t, ctx, `document.activeElement.id`)
	s.setPostDelay(1500 * time.Millisecond)
	do(t, ctx, "reply to it",
		chromedp.Click(chromedp.CSS("#"+id+" .comment-actions button")),
		chromedp.WaitVisible(chromedp.ID("reply-body")),
		chromedp.SendKeys(chromedp.ID("reply-body"), "And the reply here."),
		chromedp.Click(chromedp.CSS("#"+id+" .comment-form button[type=submit]")),
	)
	waitJS(t, ctx, "focus on the reply being sent", `(() => {
		const a = document.activeElement;
		if (!a || !a.matches(".replies > .comment-sending") || !a.textContent.includes("And the reply here.")) return false;
		window.folioPosted = a;
		return true;
	})()`)
	s.setPostDelay(0)
	waitJS(t, ctx, "the reply confirmed, focus kept", `(() => {
		const a = document.activeElement;
		return a === window.folioPosted && a.isConnected && a.matches(".comment-published");
	})()`)
}

// TestThreadScreenshots writes a deep thread and a thread that failed to
// load, at phone and desktop widths in light and dark, when
// FOLIO_SCREENSHOTS names a folder.
func TestThreadScreenshots(t *testing.T) {
	dir := os.Getenv("FOLIO_SCREENSHOTS")
	if dir == "" {
		t.Skip("set FOLIO_SCREENSHOTS=DIR to write screenshots")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	s := startSite(t)
	ctx, _ := newBrowser(t)
	deep, broken := s.articles[0].Slug, s.articles[1].Slug
	names := []string{"Maren Holt", "Jonas", "R. Okafor", "Ines", "Jo"}
	parent := ""
	for i := range 4 { // the API takes five comments a minute from one address
		id := fmt.Sprintf("deep-%d", i)
		s.replyInProcess(t, deep, id, parent, names[i%len(names)], fmt.Sprintf("Level %d of the thread: a reply to the comment before.", i+1))
		parent = id
	}
	s.replyInProcess(t, deep, "deep-side", "deep-2", "Ines", "A second answer to level 3: past the limit, so it says whom it answers.")
	shots := []struct{ name, path, anchor string }{
		{"thread-deep", "/a/" + deep, "c-deep-0"},
		{"thread-failed", "/a/" + broken, "comments"},
	}
	for _, scheme := range []string{"light", "dark"} {
		for _, size := range []struct {
			name string
			w, h int64
		}{{"phone", 390, 844}, {"desktop", 1280, 800}} {
			for _, shot := range shots {
				if shot.name == "thread-failed" {
					s.breakComments(t, true)
				}
				do(t, ctx, "open "+shot.name,
					chromedp.EmulateViewport(size.w, size.h),
					chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
						_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
							Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}},
						})
						return err
					}),
					chromedp.Navigate(s.URL+shot.path),
				)
				wasmStarted(t, ctx)
				if shot.name == "thread-failed" {
					waitJS(t, ctx, "the failure", `!!document.querySelector(".comments-failed")`)
				}
				do(t, ctx, "scroll", chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`document.getElementById(%q).scrollIntoView()`, shot.anchor)))
				time.Sleep(300 * time.Millisecond) // let the page settle
				png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
				if err != nil {
					t.Fatal(err)
				}
				name := filepath.Join(dir, fmt.Sprintf("%s-%s-%s.png", shot.name, size.name, scheme))
				if err := os.WriteFile(name, png, 0o644); err != nil {
					t.Fatal(err)
				}
				if shot.name == "thread-failed" {
					s.breakComments(t, false)
				}
			}
		}
	}
}
