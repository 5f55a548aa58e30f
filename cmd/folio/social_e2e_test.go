package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// bar is the JavaScript for the reaction bar of comment id.
func bar(id string) string { return fmt.Sprintf(`document.querySelector('.reactions[data-c=%q]')`, id) }

// shownJS says what a bar shows: whether say is pressed and its count (the
// score for a vote), and whether the bar waits to send.
func shownJS(id, say string, pressed bool, count string, waiting bool) string {
	return fmt.Sprintf(`(() => {
		const bar = %s;
		if (!bar) return false;
		const b = bar.querySelector('[data-say=%q]');
		const n = b.classList.contains("vote") ? bar.querySelector(".score").textContent.trim() : b.querySelector(".n").textContent.trim();
		return b.getAttribute("aria-pressed") === %q && n === %q && bar.classList.contains("reactions-waiting") === %v;
	})()`, bar(id), say, fmt.Sprint(pressed), count, waiting)
}

func click(id, say string) chromedp.Action[chromedp.Void] {
	return chromedp.Click(chromedp.CSS(fmt.Sprintf(`.reactions[data-c=%q] [data-say=%q]`, id, say)))
}

// stored is comment id's reactions and score as the server keeps them.
func (s *site) stored(t *testing.T, slug, id string) string {
	t.Helper()
	for _, c := range s.comments(t, slug) {
		if c["id"] == id {
			return fmt.Sprint(c["reactions"], " ", c["score"])
		}
	}
	t.Fatalf("comment %s not stored", id)
	return ""
}

func (s *site) waitStored(t *testing.T, slug, id, want string) {
	t.Helper()
	for range 200 {
		if s.stored(t, slug, id) == want {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("server keeps %s for %s, want %s", s.stored(t, slug, id), id, want)
}

// TestReacting: a reader reacts and votes as on any comment section: the
// count changes at once, the server counts one say per device, a second
// press takes it back; offline the say is shown, kept across a reload,
// and sent when the network is back; another reader sees the counts.
func TestReacting(t *testing.T) {
	s := startSite(t)
	a := s.articles[0]
	s.seedThread(t, a.Slug)
	ctx, _ := newBrowser(t)
	do(t, ctx, "visit", chromedp.Navigate(s.URL+"/a/"+a.Slug), chromedp.WaitVisible(chromedp.CSS(".reactions")))
	wasmStarted(t, ctx)
	workerReady(t, ctx)
	kept(t, ctx, a.Slug)

	do(t, ctx, "react 👍", click("seed-1", "👍"))
	waitJS(t, ctx, "👍 pressed and counted", shownJS("seed-1", "👍", true, "1", false))
	s.waitStored(t, a.Slug, "seed-1", "[1 0 0 0 0] <nil>")
	do(t, ctx, "vote up", click("seed-1", "1"))
	waitJS(t, ctx, "vote up pressed, score 1", shownJS("seed-1", "1", true, "1", false))
	s.waitStored(t, a.Slug, "seed-1", "[1 0 0 0 0] 1")
	do(t, ctx, "react ❤️ instead", click("seed-1", "❤️"))
	waitJS(t, ctx, "❤️ replaces 👍", shownJS("seed-1", "❤️", true, "1", false)+" && "+shownJS("seed-1", "👍", false, "", false))
	s.waitStored(t, a.Slug, "seed-1", "[0 1 0 0 0] 1")
	do(t, ctx, "take the vote back", click("seed-1", "1"))
	waitJS(t, ctx, "vote up released, score 0", shownJS("seed-1", "1", false, "0", false))
	s.waitStored(t, a.Slug, "seed-1", "[0 1 0 0 0] <nil>")

	setOffline(t, ctx, s, true)
	do(t, ctx, "react offline", click("seed-4", "🙏"), click("seed-4", "-1"))
	waitJS(t, ctx, "🙏 shown, waiting", shownJS("seed-4", "🙏", true, "1", true)+" && "+shownJS("seed-4", "-1", true, "-1", true))
	do(t, ctx, "reload offline", chromedp.Reload())
	wasmStarted(t, ctx)
	waitJS(t, ctx, "🙏 still shown after a reload", shownJS("seed-4", "🙏", true, "1", true))
	if got := s.stored(t, a.Slug, "seed-4"); got != "<nil> <nil>" {
		t.Fatalf("server keeps %s for seed-4 while offline", got)
	}
	setOffline(t, ctx, s, false)
	s.waitStored(t, a.Slug, "seed-4", "[0 0 0 0 1] -1")
	waitJS(t, ctx, "🙏 sent", shownJS("seed-4", "🙏", true, "1", false))

	other, _ := newBrowser(t)
	do(t, other, "another reader", chromedp.Navigate(s.URL+"/a/"+a.Slug), chromedp.WaitVisible(chromedp.CSS(".reactions")))
	waitJS(t, other, "the counts, none pressed", shownJS("seed-4", "🙏", false, "1", false)+" && "+shownJS("seed-4", "-1", false, "-1", false))
	wasmStarted(t, other)
	do(t, other, "react too", click("seed-4", "🙏"))
	s.waitStored(t, a.Slug, "seed-4", "[0 0 0 0 2] -1")
	waitJS(t, other, "two 🙏", shownJS("seed-4", "🙏", true, "2", false))
}

// TestReactingLooks: the bar fits a phone and a desktop, in light and
// dark, and works there; screenshots go to FOLIO_SCREENSHOTS when set.
func TestReactingLooks(t *testing.T) {
	s := startSite(t)
	a := s.articles[0]
	s.seedThread(t, a.Slug)
	dir := os.Getenv("FOLIO_SCREENSHOTS")
	if dir == "" {
		dir = t.TempDir()
	}
	ctx, _ := newBrowser(t)
	for _, scheme := range []string{"light", "dark"} {
		for _, size := range []struct {
			name string
			w, h int64
		}{{"phone", 390, 844}, {"desktop", 1280, 800}} {
			do(t, ctx, "emulate "+scheme+" "+size.name,
				chromedp.EmulateViewport(size.w, size.h),
				chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
					_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
						Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}},
					})
					return err
				}),
				chromedp.Navigate(s.URL+"/a/"+a.Slug),
				chromedp.WaitVisible(chromedp.CSS(".reactions")),
			)
			wasmStarted(t, ctx)
			id := "seed-" + map[string]string{"phone": "2", "desktop": "3"}[size.name]
			emoji := map[string]string{"light": "😂", "dark": "😮"}[scheme]
			do(t, ctx, "react", click(id, emoji))
			waitJS(t, ctx, emoji+" pressed", shownJS(id, emoji, true, "1", false))
			if wide := eval[bool](t, ctx, `[...document.querySelectorAll(".reactions")].some(b => b.getBoundingClientRect().right > innerWidth)`); wide {
				t.Errorf("%s %s: a reaction bar is wider than the screen", scheme, size.name)
			}
			if small := eval[bool](t, ctx, `[...document.querySelectorAll(".reactions button")].some(b => b.getBoundingClientRect().height < 24)`); small {
				t.Errorf("%s %s: a reaction button is under 24 px high", scheme, size.name)
			}
			do(t, ctx, "scroll", chromedp.Evaluate[chromedp.Void](`document.querySelector(".reactions[data-c='seed-1']").scrollIntoView({block: "start"})`))
			png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("reactions-%s-%s.png", size.name, scheme)), png, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// TestSortingThread: the reader orders the thread oldest, newest or best
// first; replies stay under their comment; the device remembers the order.
func TestSortingThread(t *testing.T) {
	s := startSite(t)
	a := s.articles[0]
	s.seedThread(t, a.Slug)
	for _, post := range []string{
		`/api/comments {"id":"seed-5","article":"` + a.Slug + `","author":"Lee","body":"Late to this, but thank you."}`,
		`/api/reactions {"comment":"seed-4","device":"d1","vote":1}`,
		`/api/reactions {"comment":"seed-4","device":"d2","vote":1}`,
		`/api/reactions {"comment":"seed-1","device":"d1","vote":1}`,
	} {
		path, body, _ := strings.Cut(post, " ")
		res, err := http.Post(s.URL+path, "application/json", strings.NewReader(body))
		if err != nil || res.StatusCode >= 300 {
			t.Fatalf("POST %s: %v %v", path, err, res.Status)
		}
		res.Body.Close()
	}
	order := func(want string) string {
		return fmt.Sprintf(`[...document.querySelectorAll(".thread > .comment")].map(c => c.id).join(" ") === %q &&
			!!document.querySelector("#c-seed-1 > .replies > #c-seed-2")`, want)
	}
	ctx, _ := newBrowser(t)
	do(t, ctx, "visit", chromedp.Navigate(s.URL+"/a/"+a.Slug), chromedp.WaitVisible(chromedp.CSS(".comments-sort")))
	wasmStarted(t, ctx)
	waitJS(t, ctx, "oldest first", order("c-seed-1 c-seed-4 c-seed-5"))
	pick := func(label string) chromedp.Action[chromedp.Void] {
		n := map[string]int{"Oldest": 1, "Newest": 2, "Best": 3}[label]
		return chromedp.Click(chromedp.CSS(fmt.Sprintf(".comments-sort button:nth-of-type(%d)", n)))
	}
	do(t, ctx, "newest", pick("Newest"))
	waitJS(t, ctx, "newest first", order("c-seed-5 c-seed-4 c-seed-1"))
	do(t, ctx, "best", pick("Best"))
	waitJS(t, ctx, "best first", order("c-seed-4 c-seed-1 c-seed-5")+
		` && document.querySelector(".comments-sort [aria-pressed=true]").textContent === "Best"`)
	do(t, ctx, "reload", chromedp.Reload())
	wasmStarted(t, ctx)
	// The thread is on screen after the reload: it stays as prerendered,
	// and says so, until the reader sorts it (TestSortNoJumpAtStart).
	waitJS(t, ctx, "as prerendered after a reload", order("c-seed-1 c-seed-4 c-seed-5")+
		` && document.querySelector(".comments-sort [aria-pressed=true]").textContent === "Oldest"`)
	do(t, ctx, "best again", pick("Best"))
	waitJS(t, ctx, "best first again", order("c-seed-4 c-seed-1 c-seed-5"))
	do(t, ctx, "oldest", pick("Oldest"))
	waitJS(t, ctx, "oldest first again", order("c-seed-1 c-seed-4 c-seed-5"))
}

// TestPreviewComment: the reader previews the Markdown before posting, and
// the preview is what the thread shows once the server has stored it,
// hostile parts included.
func TestPreviewComment(t *testing.T) {
	s := startSite(t)
	a := s.articles[0]
	ctx, dialogs := newBrowser(t)
	do(t, ctx, "visit", chromedp.Navigate(s.URL+"/a/"+a.Slug), chromedp.WaitVisible(chromedp.CSS("#comment-body")))
	wasmStarted(t, ctx)
	body := "Some **bold** and `code`, a [link](https://example.org/x) and <img src=x onerror=alert(1)> [bad](javascript:alert(2))\n\n> quoted"
	do(t, ctx, "write",
		chromedp.SendKeys(chromedp.ID("comment-body-author"), "Ada"),
		chromedp.SendKeys(chromedp.ID("comment-body"), body),
		chromedp.Click(chromedp.CSS(".comments > .comment-form .comment-preview button")),
	)
	waitJS(t, ctx, "the preview", `(() => {
		const p = document.getElementById("comment-body-preview");
		return !!p && !!p.querySelector("strong") && !!p.querySelector("blockquote") &&
			p.querySelector("a[href='https://example.org/x']").rel.includes("nofollow") &&
			!p.querySelector("img") && p.textContent.includes("<img src=x") &&
			![...p.querySelectorAll("a")].some(a => a.href.startsWith("javascript"));
	})()`)
	preview := eval[string](t, ctx, `document.getElementById("comment-body-preview").innerHTML`)
	do(t, ctx, "more text", chromedp.SendKeys(chromedp.ID("comment-body"), " _more_"))
	waitJS(t, ctx, "the preview follows the text", `!!document.querySelector("#comment-body-preview em")`)
	preview = eval[string](t, ctx, `document.getElementById("comment-body-preview").innerHTML`)
	do(t, ctx, "post", chromedp.Click(chromedp.CSS(".comments > .comment-form button[type=submit]")))
	waitJS(t, ctx, "the comment posted", `!!document.querySelector(".thread > .comment-published")`)
	stored := s.comments(t, a.Slug)
	if len(stored) != 1 {
		t.Fatalf("server holds %d comments", len(stored))
	}
	posted := eval[string](t, ctx, `document.querySelector(".thread > .comment-published .comment-body").innerHTML`)
	if posted != preview || stored[0]["html"] != preview {
		t.Errorf("preview differs from what was posted:\npreview %s\nshown   %s\nstored  %s", preview, posted, stored[0]["html"])
	}
	if len(*dialogs) > 0 {
		t.Errorf("a script ran: %v", *dialogs)
	}
}

// TestOwnComment: the reader edits then deletes a comment they posted,
// from the device that posted it; the thread says "edited" and "deleted by
// its author"; another reader is offered neither; a comment older than the
// window is not offered either.
func TestOwnCommentE2E(t *testing.T) {
	s := startSite(t)
	a := s.articles[0]
	s.seedThread(t, a.Slug)
	ctx, _ := newBrowser(t)
	do(t, ctx, "visit", chromedp.Navigate(s.URL+"/a/"+a.Slug), chromedp.WaitVisible(chromedp.CSS("#comment-body")))
	wasmStarted(t, ctx)
	do(t, ctx, "post", writeComment("Ada", "Teh harbour at dawn."))
	waitJS(t, ctx, "the comment posted, Edit offered", `(() => {
		const c = [...document.querySelectorAll(".thread > .comment-published")].find(c => c.textContent.includes("Teh harbour"));
		return !!c && !!c.querySelector("[data-own=edit]");
	})()`)
	if n := eval[int](t, ctx, `document.querySelectorAll("[data-own=edit]").length`); n != 1 {
		t.Errorf("Edit offered on %d comments, want only the reader's own", n)
	}
	do(t, ctx, "edit", chromedp.Click(chromedp.CSS("[data-own=edit]")))
	waitJS(t, ctx, "the edit box with the text", `document.getElementById("own-body")?.value === "Teh harbour at dawn."`)
	do(t, ctx, "fix the typo",
		chromedp.Evaluate[chromedp.Void](`document.getElementById("own-body").value = ""`),
		chromedp.SendKeys(chromedp.ID("own-body"), "The harbour at *dawn*."),
		chromedp.Click(chromedp.CSS("[data-own=save]")))
	waitJS(t, ctx, "the edit shown, marked edited", `(() => {
		const c = [...document.querySelectorAll(".thread > .comment-published")].find(c => c.textContent.includes("The harbour at dawn."));
		return !!c && !!c.querySelector(".comment-body em") && !!c.querySelector(".comment-edited");
	})()`)
	var id string
	for _, c := range s.comments(t, a.Slug) {
		if c["author"] == "Ada" {
			id = c["id"].(string)
			if c["body"] != "The harbour at *dawn*." || c["edited"] == nil {
				t.Errorf("server keeps %v", c)
			}
		}
	}

	other, _ := newBrowser(t)
	do(t, other, "another reader", chromedp.Navigate(s.URL+"/a/"+a.Slug), chromedp.WaitVisible(chromedp.CSS("#c-"+id)))
	wasmStarted(t, other)
	waitJS(t, other, "edited, no Edit offered", fmt.Sprintf(`!!document.querySelector("#c-%s .comment-edited") && !document.querySelector("[data-own]")`, id))

	do(t, ctx, "delete", chromedp.Click(chromedp.CSS("#c-"+id+" [data-own=ask]")))
	do(t, ctx, "confirm", chromedp.Click(chromedp.CSS("#c-"+id+" [data-own=delete]")))
	waitJS(t, ctx, "deleted by its author", fmt.Sprintf(`(() => {
		const c = document.getElementById("c-%s");
		return !!c && c.classList.contains("comment-deleted") && c.textContent.includes("Deleted by its author.") && !c.querySelector("[data-own]");
	})()`, id))

	// A comment of this device posted more than 15 minutes ago: not offered.
	// This test has posted within the minute already: wait out the rate
	// limit as a device's outbox does.
	var res *http.Response
	for {
		var err error
		res, err = http.Post(s.URL+"/api/comments", "application/json", strings.NewReader(`{"id":"old-1","article":"`+a.Slug+`","author":"Ada","body":"Long ago."}`))
		if err != nil {
			t.Fatal(err)
		}
		if res.StatusCode != http.StatusTooManyRequests {
			break
		}
		res.Body.Close()
		wait, _ := strconv.Atoi(res.Header.Get("Retry-After"))
		time.Sleep(time.Duration(max(wait, 1)) * time.Second)
	}
	if res.StatusCode != http.StatusCreated {
		t.Fatalf("post old-1: %s", res.Status)
	}
	var posted struct{ Secret string }
	json.NewDecoder(res.Body).Decode(&posted)
	res.Body.Close()
	db, err := sql.Open("sqlite", s.DB)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`UPDATE comments SET created = created - 20*60*1000000 WHERE id = 'old-1'`); err != nil {
		t.Fatal(err)
	}
	// The server's cache hears of the write from the file (it polls it).
	for i := 0; ; i++ {
		if cs := s.comments(t, a.Slug); cs[len(cs)-1]["id"] != "old-1" || i == 200 {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	do(t, ctx, "keep its secret", chromedp.Evaluate[chromedp.Void](`localStorage.setItem("folio.own.old-1", `+strconv.Quote(posted.Secret)+`)`))
	// The page may come from the worker's copy first: reload until the
	// thread read from the server has the comment.
	for i := 0; ; i++ {
		do(t, ctx, "reload", chromedp.Reload())
		wasmStarted(t, ctx)
		there, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`new Promise(r => setTimeout(() => r(!!document.getElementById("c-old-1")), 1000))`, chromedp.EvalAwaitPromise))
		if there || i == 10 {
			break
		}
	}
	waitJS(t, ctx, "the old comment shown, not offered", `!!document.getElementById("c-old-1") && !document.querySelector("#c-old-1 [data-own]")`)
}
