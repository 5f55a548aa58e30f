package main

import (
	"context"
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

	"folio/app/client"
)

const deskToken = "desk-token-123"

// startDeskSite is startSite with moderation set as cfg says.
func startDeskSite(t *testing.T, cfg siteConfig) *site {
	t.Helper()
	s := &site{DB: filepath.Join(t.TempDir(), "folio.db"), requests: map[string]int{}}
	cfg.dsn, cfg.domain, cfg.token = s.DB, "folio.test", deskToken
	h, closeSite, err := openSite(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	s.handler.Store(&h)
	srv := httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(func() { srv.Close(); closeSite() })
	s.URL = srv.URL
	s.articles = sitePage(t, s.URL+client.ArticlesQuery("", 1)).Articles
	return s
}

// look sets the viewport and colour scheme and, with FOLIO_SCREENSHOTS,
// keeps a screenshot named name.
func look(t *testing.T, ctx context.Context, w, h int64, scheme, name string, scrollTo ...string) {
	t.Helper()
	do(t, ctx, "emulate "+name, chromedp.EmulateViewport(w, h),
		chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
				Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}},
			})
			return err
		}))
	for _, id := range scrollTo {
		do(t, ctx, "scroll", chromedp.Evaluate[chromedp.Void](`document.getElementById("`+id+`").scrollIntoView()`))
	}
	dir := os.Getenv("FOLIO_SCREENSHOTS")
	if dir == "" {
		return
	}
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestDeskPremoderation: with -moderation pre a reader's comment waits,
// shown to its author as awaiting approval and to no one else; the
// moderator signs in at /admin (the token kept in this tab's session
// storage only), approves it, pins it and blocks a name, on a phone and a
// desktop, light and dark.
func TestDeskPremoderation(t *testing.T) {
	s := startDeskSite(t, siteConfig{premoderate: true})
	slug := s.articles[0].Slug
	// An earlier comment, approved, so the pinned one must move before it.
	for _, q := range []struct{ method, path, body string }{
		{"POST", "/api/comments", `{"id":"earlier-1","article":"` + slug + `","author":"Ed","body":"First in time"}`},
		{"PATCH", "/api/comments/earlier-1", `{"status":"published"}`},
	} {
		r, _ := http.NewRequest(q.method, s.URL+q.path, strings.NewReader(q.body))
		r.Header.Set("Content-Type", "application/json")
		r.Header.Set("Authorization", "Bearer "+deskToken)
		res, err := http.DefaultClient.Do(r)
		if err != nil || res.StatusCode >= 300 {
			t.Fatalf("%s %s: %v %v", q.method, q.path, res, err)
		}
		res.Body.Close()
	}
	reader, _ := newBrowser(t)
	do(t, reader, "open article", chromedp.Navigate(s.URL+"/a/"+slug))
	wasmStarted(t, reader)
	do(t, reader, "write", writeComment("Rita", "Please approve me"))
	waitJS(t, reader, "awaiting approval", `[...document.querySelectorAll(".comment")].some(c => c.textContent.includes("Please approve me") && c.querySelector(".badge-awaiting")?.textContent === "awaiting approval")`)
	do(t, reader, "reload", chromedp.Reload())
	wasmStarted(t, reader)
	waitJS(t, reader, "still awaiting after reload", `!!document.querySelector(".comment-pending .badge-awaiting")`)
	for _, scheme := range []string{"light", "dark"} {
		look(t, reader, 390, 844, scheme, "awaiting-phone-"+scheme, "comments")
		look(t, reader, 1280, 800, scheme, "awaiting-desktop-"+scheme, "comments")
	}
	if got := s.comments(t, slug); len(got) != 1 {
		t.Fatalf("others see %v, want only the earlier comment before approval", got)
	}

	desk, _ := newBrowser(t)
	do(t, desk, "open desk", chromedp.Navigate(s.URL+"/admin"), chromedp.WaitVisible(chromedp.ID("desk-token")))
	do(t, desk, "wrong token", chromedp.SendKeys(chromedp.ID("desk-token"), "nope"), chromedp.Click(chromedp.CSS(`#desk-signin button[type=submit]`)))
	waitJS(t, desk, "refused", `document.getElementById("desk-signin-error").textContent.includes("not accepted")`)
	do(t, desk, "sign in", chromedp.SetValue(chromedp.ID("desk-token"), deskToken), chromedp.Click(chromedp.CSS(`#desk-signin button[type=submit]`)))
	waitJS(t, desk, "pending queue", `[...document.querySelectorAll("#desk-list .desk-item-pending")].some(li => li.textContent.includes("Please approve me") && li.querySelector(".desk-article").textContent.length > 0)`)
	if got := eval[string](t, desk, `[getComputedStyle(document.getElementById("desk-signin")).display, getComputedStyle(document.getElementById("desk-main")).display].join()`); got != "none,block" {
		t.Errorf("signed in: sign-in form, desk display = %s, want none,block", got)
	}
	if got := eval[string](t, desk, `[sessionStorage.getItem("folio.desk.token"), localStorage.length, document.cookie, location.href].join("|")`); got != deskToken+"|0||"+s.URL+"/admin" {
		t.Errorf("token kept as session|local|cookie|url = %q, want it in session storage alone", got)
	}
	axe := axeScript(t)
	for _, scheme := range []string{"light", "dark"} {
		for _, size := range []struct {
			name string
			w, h int64
		}{{"phone", 390, 844}, {"desktop", 1280, 800}} {
			look(t, desk, size.w, size.h, scheme, "desk-"+size.name+"-"+scheme)
			for _, v := range runAxe(t, desk, axe) {
				t.Errorf("desk %s %s: %s (%s): %s\n\t%s", size.name, scheme, v.ID, v.Impact, v.Help, strings.Join(v.Targets, "\n\t"))
			}
		}
	}
	do(t, desk, "approve", chromedp.Click(chromedp.CSS(`.desk-item-pending [data-desk-action="approve"]`)))
	waitJS(t, desk, "approved", `document.getElementById("desk-status").textContent.startsWith("Approved")`)
	if got := s.comments(t, slug); len(got) != 2 || got[1]["status"] != "published" {
		t.Fatalf("after approval others see %v, want the comment published", got)
	}
	do(t, desk, "latest", chromedp.Click(chromedp.CSS(`[data-desk-tab=""]`)))
	waitJS(t, desk, "latest listed", `!!document.querySelector('.desk-item-published [data-desk-action="pin"]')`)
	do(t, desk, "pin", chromedp.Click(chromedp.CSS(`#desk-list .desk-item-published:first-child [data-desk-action="pin"]`)))
	waitJS(t, desk, "pinned", `!!document.querySelector(".desk-item-published .badge-pinned")`)
	do(t, reader, "reload", chromedp.Reload())
	wasmStarted(t, reader)
	waitJS(t, reader, "pinned first for readers", `(() => { const first = document.querySelector(".thread > .comment");
		return first.textContent.includes("Please approve me") && first.querySelector(".badge-pinned")?.textContent === "pinned" })()`)
	look(t, reader, 390, 844, "dark", "pinned-phone-dark", "comments")
	look(t, reader, 1280, 800, "light", "pinned-desktop-light", "comments")

	do(t, desk, "block", chromedp.Click(chromedp.CSS(`#desk-list .desk-item:first-child [data-desk-action="block"]`)))
	waitJS(t, desk, "blocked listed", `document.getElementById("desk-block-list").textContent.includes("Rita")`)
	do(t, reader, "write again", writeComment("", "Another one"))
	waitJS(t, reader, "refused for the name", `[...document.querySelectorAll(".comment-failed .comment-reason")].some(p => p.textContent.includes("not accepted"))`)
	do(t, desk, "unblock", chromedp.Click(chromedp.CSS(`[data-desk-unblock="Rita"]`)))
	waitJS(t, desk, "unblocked", `document.getElementById("desk-block-list").textContent.includes("No name is blocked")`)
	// Hide, restore from the hidden list, delete with a second click.
	do(t, desk, "hide", chromedp.Click(chromedp.CSS(`#desk-list .desk-item:last-child [data-desk-action="hide"]`)))
	waitJS(t, desk, "hidden", `document.getElementById("desk-status").textContent === "Hidden."`)
	if got := s.comments(t, slug); len(got) != 1 {
		t.Errorf("after hiding, others see %v, want one comment", got)
	}
	do(t, desk, "hidden tab", chromedp.Click(chromedp.CSS(`[data-desk-tab="hidden"]`)))
	waitJS(t, desk, "hidden listed", `document.querySelectorAll("#desk-list .desk-item-hidden").length === 1`)
	do(t, desk, "restore", chromedp.Click(chromedp.CSS(`[data-desk-action="restore"]`)))
	waitJS(t, desk, "restored", `document.getElementById("desk-status").textContent.startsWith("Restored") && !document.querySelector("#desk-list .desk-item")`)
	do(t, desk, "latest again", chromedp.Click(chromedp.CSS(`[data-desk-tab=""]`)))
	waitJS(t, desk, "listed", `document.querySelectorAll('#desk-list [data-desk-action="delete"]').length === 2`)
	do(t, desk, "delete once", chromedp.Click(chromedp.CSS(`#desk-list .desk-item:last-child [data-desk-action="delete"]`)))
	waitJS(t, desk, "asks again", `document.querySelector("#desk-list .desk-item:last-child [data-desk-action=delete]").textContent === "Delete for good?"`)
	if got := s.comments(t, slug); len(got) != 2 || got[0]["status"] != "published" {
		t.Errorf("after one click on Delete: %v, want nothing deleted yet", got)
	}
	do(t, desk, "delete", chromedp.Click(chromedp.CSS(`#desk-list .desk-item:last-child [data-desk-action="delete"]`)))
	waitJS(t, desk, "deleted", `document.getElementById("desk-status").textContent === "Deleted."`)
	if got := s.comments(t, slug); len(got) != 2 || got[0]["status"] != "deleted" {
		t.Errorf("after Delete for good: %v, want the earlier comment deleted", got)
	}
	do(t, desk, "sign out", chromedp.Click(chromedp.ID("desk-signout")))
	if got := eval[bool](t, desk, `sessionStorage.getItem("folio.desk.token") === null && !document.getElementById("desk-signin").hidden`); !got {
		t.Errorf("after sign out the token is kept or the sign-in form hidden")
	}
}

// TestSpamForm: with the rate limit off, a form whose honeypot a robot
// filled is refused, as is one sent too soon after the form opened, with
// the reason shown; a comment written offline and sent once the network is
// back posts, however soon it was written.
func TestSpamForm(t *testing.T) {
	s := startDeskSite(t, siteConfig{limits: limits{perMinute: -1}, minWrite: 2 * time.Second})
	slug := s.articles[0].Slug
	ctx, _ := newBrowser(t)
	do(t, ctx, "open", chromedp.Navigate(s.URL+"/a/"+slug))
	wasmStarted(t, ctx)
	if got := eval[string](t, ctx, `(() => { const f = document.getElementById("comment-body-website"); const r = f.getBoundingClientRect(); return [f.closest("[aria-hidden]")?.getAttribute("aria-hidden"), f.tabIndex, r.right <= 0].join() })()`); got != "true,-1,true" {
		t.Errorf("honeypot aria-hidden,tabIndex,off-screen = %s, want true,-1,true", got)
	}
	// Posted at once: sooner than anyone writes.
	do(t, ctx, "too fast", writeComment("Quick", "Fast fingers"))
	waitJS(t, ctx, "too fast refused", `[...document.querySelectorAll(".comment-failed .comment-reason")].some(p => p.textContent.includes("posted too quickly"))`)
	do(t, ctx, "discard", chromedp.Click(chromedp.CSS(`.comment-failed .comment-actions button:last-child`)))
	// A robot fills in every field.
	do(t, ctx, "bot", chromedp.SetValue(chromedp.ID("comment-body-website"), "http://spam.example"),
		writeComment("", "Cheap watches"))
	waitJS(t, ctx, "bot refused", `[...document.querySelectorAll(".comment-failed .comment-reason")].some(p => p.textContent.includes("anti-spam field"))`)
	for _, c := range s.comments(t, slug) {
		t.Errorf("stored %v, want nothing", c)
	}

	// Offline: written at once after the page opened, sent when the network
	// is back, which is later than the minimum.
	other, _ := newBrowser(t)
	do(t, other, "open", chromedp.Navigate(s.URL+"/a/"+slug))
	wasmStarted(t, other)
	workerReady(t, other)
	setOffline(t, other, s, true)
	do(t, other, "write offline", writeComment("Olive", "Written on the train"))
	waitJS(t, other, "kept", `!!document.querySelector(".comment-sending")`)
	time.Sleep(2 * time.Second) // the network comes back later than the minimum
	setOffline(t, other, s, false)
	waitJS(t, other, "posted", `[...document.querySelectorAll(".comment-published")].some(c => c.textContent.includes("Written on the train"))`)
	got := s.comments(t, slug)
	if len(got) != 1 || !strings.Contains(fmt.Sprint(got[0]["body"]), "train") {
		t.Errorf("stored %v, want the offline comment alone", got)
	}
}
