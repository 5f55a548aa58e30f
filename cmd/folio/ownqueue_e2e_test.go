package main

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// browserAt starts headless Chromium on the profile in dir, so a test can
// close the browser and start it again with what it kept.
func browserAt(t *testing.T, dir string) (context.Context, context.CancelFunc) {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromiumPath(t)),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.UserDataDir(dir),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-quic", true),
		chromedp.WindowSize(390, 844),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	ctx, cancelTimeout := context.WithTimeout(ctx, 3*time.Minute)
	var once sync.Once
	stop := func() {
		once.Do(func() {
			_ = chromedp.Cancel(ctx) // closes the browser, which writes what it keeps
			cancelTimeout()
			cancelCtx()
			cancelAlloc()
		})
	}
	t.Cleanup(stop)
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	return ctx, stop
}

// writeBody posts body, as Ada, whose name the form remembers after her
// first comment.
func writeBody(first bool, body string) chromedp.Action[chromedp.Void] {
	if first {
		return writeComment("Ada", body)
	}
	return chromedp.Steps(
		chromedp.SendKeys(chromedp.ID("comment-body"), body),
		chromedp.Click(chromedp.CSS(".comments > .comment-form button[type=submit]")),
	)
}

// ownJS finds the comment of the thread whose text has text, and returns
// the result of the expression rest on it (c), false when there is none.
func ownJS(text, rest string) string {
	return fmt.Sprintf(`(() => {
		const c = [...document.querySelectorAll(".thread > .comment")].find(c => c.querySelector(".comment-body").textContent.includes(%q));
		return !!c && (%s);
	})()`, text, rest)
}

// editOwn opens the edit box of the reader's comment id, writes text and saves.
func editOwn(t *testing.T, ctx context.Context, id, text string) {
	t.Helper()
	do(t, ctx, "edit "+id, chromedp.Click(chromedp.CSS("#c-"+id+" [data-own=edit]")))
	waitJS(t, ctx, "the edit box", `!!document.getElementById("own-body")`)
	do(t, ctx, "write the edit",
		chromedp.Evaluate[chromedp.Void](`document.getElementById("own-body").value = ""`),
		chromedp.SendKeys(chromedp.ID("own-body"), text),
		chromedp.Click(chromedp.CSS("#c-"+id+" [data-own=save]")))
}

// TestOwnQueuedE2E: with the network gone, the reader edits one comment,
// deletes another, and fixes a comment still in the outbox; each shows at
// once as waiting, and stays so after a reload and after the browser is
// closed and started again, offline. When the network returns the server
// gets each change; an edit it refuses (its comment's window was over when
// the edit was made) is shown with the reader's text, to copy, and the
// comment as the server keeps it.
func TestOwnQueuedE2E(t *testing.T) {
	s := startSite(t)
	a := s.articles[0]
	profile := t.TempDir()
	ctx, stop := browserAt(t, profile)
	do(t, ctx, "visit", chromedp.Navigate(s.URL+"/a/"+a.Slug), chromedp.WaitVisible(chromedp.CSS("#comment-body")))
	wasmStarted(t, ctx)
	workerReady(t, ctx)
	kept(t, ctx, a.Slug)
	ids := map[string]string{}
	for i, body := range []string{"Keep me, with a tpyo.", "Delete me.", "Late one."} {
		do(t, ctx, "post "+body, writeBody(i == 0, body))
		waitJS(t, ctx, body+" posted, Edit offered", ownJS(body, `c.classList.contains("comment-published") && !!c.querySelector("[data-own=edit]")`))
		ids[body] = strings.TrimPrefix(eval[string](t, ctx, ownJS(body, `c.id`)), "c-")
	}
	keep, drop, late := ids["Keep me, with a tpyo."], ids["Delete me."], ids["Late one."]

	setOffline(t, ctx, s, true)
	editOwn(t, ctx, keep, "Keep me, *fixed*.")
	do(t, ctx, "delete", chromedp.Click(chromedp.CSS("#c-"+drop+" [data-own=ask]")), chromedp.Click(chromedp.CSS("#c-"+drop+" [data-own=delete]")))
	editOwn(t, ctx, late, "Late one, edited.")
	do(t, ctx, "write offline", writeBody(false, "Queued with a tpyo."))
	waitJS(t, ctx, "the new comment waiting", ownJS("Queued with a tpyo.", `c.classList.contains("comment-sending") && !!c.querySelector("[data-own=edit]")`))
	queued := strings.TrimPrefix(eval[string](t, ctx, ownJS("Queued with a tpyo.", `c.id`)), "c-")
	editOwn(t, ctx, queued, "Queued, fixed.")

	waiting := func(when string) {
		t.Helper()
		waitJS(t, ctx, "the edit shown, waiting "+when, ownJS("Keep me, fixed.",
			`!!c.querySelector(".comment-body em") && c.querySelector("[data-ownq]")?.textContent === "edit waiting to be sent"`))
		waitJS(t, ctx, "the delete shown, waiting "+when, fmt.Sprintf(`(() => {
			const c = document.getElementById("c-%s");
			return !!c && c.classList.contains("comment-deleted") && c.textContent.includes("Deleted by its author.") &&
				c.querySelector("[data-ownq]")?.textContent === "delete waiting to be sent" && !c.querySelector("[data-own]");
		})()`, drop))
		waitJS(t, ctx, "the fixed comment waiting "+when, ownJS("Queued, fixed.", `c.classList.contains("comment-sending")`))
	}
	waiting("offline")
	look(t, ctx, 390, 844, "light", "own-waiting-phone-light", "c-"+keep)
	look(t, ctx, 1280, 800, "dark", "own-waiting-desktop-dark", "c-"+keep)

	do(t, ctx, "reload offline", chromedp.Reload())
	wasmStarted(t, ctx)
	waiting("after a reload")

	stop()
	ctx, _ = browserAt(t, profile)
	setOffline(t, ctx, s, true)
	do(t, ctx, "start the browser again, offline", chromedp.Navigate(s.URL+"/a/"+a.Slug))
	wasmStarted(t, ctx)
	waiting("after the browser started again")
	look(t, ctx, 390, 844, "dark", "own-waiting-phone-dark", "c-"+keep)
	look(t, ctx, 1280, 800, "light", "own-waiting-desktop-light", "c-"+keep)
	for _, c := range s.comments(t, a.Slug) {
		if c["edited"] != nil || c["status"] != "published" {
			t.Fatalf("the server changed %v while the browser was offline", c)
		}
	}

	// Meanwhile the late comment's window ended before its edit was made:
	// as if it had been posted 40 minutes earlier.
	db, err := sql.Open("sqlite", s.DB)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`UPDATE comments SET created = created - 40*60*1000000 WHERE id = ?`, late); err != nil {
		t.Fatal(err)
	}

	do(t, ctx, "clipboard", grantClipboard(s.URL))
	setOffline(t, ctx, s, false)
	waitJS(t, ctx, "the edit sent, shown edited", ownJS("Keep me, fixed.", `!c.querySelector("[data-ownq]") && !!c.querySelector(".comment-edited")`))
	waitJS(t, ctx, "the delete sent", fmt.Sprintf(`(() => {
		const c = document.getElementById("c-%s");
		return !!c && c.classList.contains("comment-deleted") && !c.querySelector("[data-ownq]");
	})()`, drop))
	waitJS(t, ctx, "the fixed comment posted", ownJS("Queued, fixed.", `c.classList.contains("comment-published")`))
	waitJS(t, ctx, "the late edit refused, its text kept", fmt.Sprintf(`(() => {
		const c = document.getElementById("c-%s"), r = c?.querySelector(".own-refused");
		return !!r && r.textContent.includes("too late") && r.querySelector("textarea")?.value === "Late one, edited." &&
			c.querySelector(".comment-body").textContent.includes("Late one.") && !c.querySelector("[data-ownq]");
	})()`, late))
	look(t, ctx, 390, 844, "light", "own-refused-phone-light", "c-"+late)
	look(t, ctx, 390, 844, "dark", "own-refused-phone-dark", "c-"+late)
	look(t, ctx, 1280, 800, "light", "own-refused-desktop-light", "c-"+late)
	look(t, ctx, 1280, 800, "dark", "own-refused-desktop-dark", "c-"+late)
	if wide := eval[bool](t, ctx, `[...document.querySelectorAll(".own-refused, .comment-meta")].some(e => e.getBoundingClientRect().right > innerWidth)`); wide {
		t.Errorf("the refusal is wider than the screen")
	}
	do(t, ctx, "copy the text", chromedp.Click(chromedp.CSS("#c-"+late+" [data-ownq-copy]")))
	waitJS(t, ctx, "copied", fmt.Sprintf(`document.querySelector("#c-%s [data-ownq-copy]").textContent === "Copied"`, late))
	if got := clipboard(t, ctx); got != "Late one, edited." {
		t.Errorf("clipboard = %q, want the refused edit's text", got)
	}
	do(t, ctx, "dismiss", chromedp.Click(chromedp.CSS("#c-"+late+" [data-ownq-dismiss]")))
	waitJS(t, ctx, "the refusal gone", fmt.Sprintf(`!document.querySelector("#c-%s .own-refused")`, late))

	byID := map[string]map[string]any{}
	for _, c := range s.comments(t, a.Slug) {
		byID[c["id"].(string)] = c
	}
	if c := byID[keep]; c["body"] != "Keep me, *fixed*." || c["edited"] == nil {
		t.Errorf("server keeps the edited comment as %v", c)
	}
	if c := byID[drop]; c["status"] != "deleted" || c["byAuthor"] != true {
		t.Errorf("server keeps the deleted comment as %v", c)
	}
	if c := byID[late]; c["body"] != "Late one." || c["edited"] != nil {
		t.Errorf("server keeps the late comment as %v, want it unchanged", c)
	}
	if c := byID[queued]; c["body"] != "Queued, fixed." {
		t.Errorf("server keeps the comment fixed in the outbox as %v", c)
	}
	if n := len(byID); n != 4 {
		t.Errorf("server keeps %d comments, want 4", n)
	}
	if left := eval[[]string](t, ctx, `Object.keys(localStorage).filter(k => k.startsWith("folio.ownq.") && !JSON.parse(localStorage.getItem(k)).sent)`); len(left) != 0 {
		t.Errorf("changes left waiting on the device: %v", left)
	}
}

// TestOwnLostAnswerE2E: the server makes an edit and a delete but their
// answers are lost; sent again, each succeeds (no refusal shown) and the
// server holds the change once.
func TestOwnLostAnswerE2E(t *testing.T) {
	s := startSite(t)
	a := s.articles[0]
	ctx, _ := newBrowser(t)
	do(t, ctx, "visit", chromedp.Navigate(s.URL+"/a/"+a.Slug), chromedp.WaitVisible(chromedp.CSS("#comment-body")))
	wasmStarted(t, ctx)
	ids := map[string]string{}
	for i, body := range []string{"Edit me.", "Delete me."} {
		do(t, ctx, "post "+body, writeBody(i == 0, body))
		waitJS(t, ctx, body+" posted", ownJS(body, `c.classList.contains("comment-published") && !!c.querySelector("[data-own=edit]")`))
		ids[body] = strings.TrimPrefix(eval[string](t, ctx, ownJS(body, `c.id`)), "c-")
	}
	// The first answer to each change is lost: the server makes it, the
	// connection closes unanswered.
	h := *s.handler.Load()
	var mu sync.Mutex
	lost := map[string]bool{}
	var lossy http.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		lose := strings.HasSuffix(r.URL.Path, "/own") && !lost[r.Method]
		lost[r.Method] = lost[r.Method] || lose
		mu.Unlock()
		if lose {
			h.ServeHTTP(httptest.NewRecorder(), r)
			hangUp(w)
			return
		}
		h.ServeHTTP(w, r)
	})
	s.handler.Store(&lossy)

	edit, drop := ids["Edit me."], ids["Delete me."]
	editOwn(t, ctx, edit, "Edited once.")
	do(t, ctx, "delete", chromedp.Click(chromedp.CSS("#c-"+drop+" [data-own=ask]")), chromedp.Click(chromedp.CSS("#c-"+drop+" [data-own=delete]")))
	// Chromium may send an idempotent request again by itself; if not, the
	// script tries again when told the network is back.
	for i := 0; ; i++ {
		done := eval[bool](t, ctx, `!document.querySelector("[data-ownq], .own-refused") && !!document.querySelector(".comment-edited")`)
		if done || i == 100 {
			break
		}
		if i%10 == 9 {
			do(t, ctx, "network back", chromedp.Evaluate[chromedp.Void](`window.dispatchEvent(new Event("online"))`))
		}
		time.Sleep(200 * time.Millisecond)
	}
	waitJS(t, ctx, "both changes sent, none refused", fmt.Sprintf(`(() => {
		const e = document.getElementById("c-%s"), d = document.getElementById("c-%s");
		return !document.querySelector("[data-ownq], .own-refused") && e?.textContent.includes("Edited once.") &&
			!!e.querySelector(".comment-edited") && d?.classList.contains("comment-deleted");
	})()`, edit, drop))
	if n, m := s.count("PUT /api/comments/"+edit+"/own"), s.count("DELETE /api/comments/"+drop+"/own"); n < 2 || m < 2 {
		t.Errorf("the server saw the edit %d times and the delete %d times, want each again after its lost answer", n, m)
	}
	byID := map[string]map[string]any{}
	for _, c := range s.comments(t, a.Slug) {
		byID[c["id"].(string)] = c
	}
	if c := byID[edit]; c["body"] != "Edited once." || c["edited"] == nil {
		t.Errorf("server keeps the edit as %v", c)
	}
	if c := byID[drop]; c["status"] != "deleted" || c["byAuthor"] != true {
		t.Errorf("server keeps the delete as %v", c)
	}
}
