package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"folio/app/article"
)

// olderLink is the front page's link to page 2, attributes in any order.
var olderLink = regexp.MustCompile(`<a [^>]*(rel="next"[^>]*href="/page/2"|href="/page/2"[^>]*rel="next")`)

// shownStories is the story titles the page shows, in order.
const shownStories = `[...document.querySelectorAll(".lead-story h2, .card h3")].map(e => e.textContent.trim())`

// TestPagesE2E: with more stories than a page holds, the front page shows one
// page and an "Older" link; clicking it (app running) shows the next page
// without reloading, "Newer" goes back, a tag page pages the same way, and a
// reload on page 2 shows it again, prerendered.
func TestPagesE2E(t *testing.T) {
	dir := t.TempDir()
	writeArticles(t, dir, 130)
	s := serveSite(t, dir, "folio.test")
	want := func(path string) []string {
		t.Helper()
		res, err := http.Get(s.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		var p article.Page
		if err := json.NewDecoder(res.Body).Decode(&p); err != nil {
			t.Fatal(err)
		}
		var titles []string
		for _, m := range p.Articles {
			titles = append(titles, m.Title)
		}
		return titles
	}
	ctx, _ := newBrowser(t)

	// Before app.wasm runs: the prerendered page is one page with plain links.
	body, _ := get(t, s.URL+"/")
	if n := strings.Count(body, `<article class="card`) + strings.Count(body, `<article class="lead-story"`); n != article.PageSize {
		t.Errorf("prerendered front page shows %d stories, want %d", n, article.PageSize)
	}
	if !olderLink.MatchString(body) || strings.Contains(body, `rel="prev"`) {
		t.Errorf("prerendered front page: want an Older link to /page/2 and no Newer link")
	}

	do(t, ctx, "open the front page", chromedp.Navigate(s.URL+"/"))
	wasmStarted(t, ctx)
	checkShown(t, ctx, "the front page", want("/api/articles"))
	// A mark on the window survives an in-app navigation, not a reload.
	eval[any](t, ctx, `window.folioMark = 1`)

	for _, step := range []struct{ link, path, api string }{
		{"a[rel=next]", "/page/2", "/api/articles?page=2"},
		{"a[rel=next]", "/page/3", "/api/articles?page=3"},
		{"a[rel=prev]", "/page/2", "/api/articles?page=2"},
		{"a[rel=prev]", "/", "/api/articles"},
	} {
		do(t, ctx, "follow "+step.link, chromedp.Click(chromedp.CSS(".pager "+step.link)))
		waitJS(t, ctx, step.path, fmt.Sprintf(`location.pathname === %q`, step.path))
		checkShown(t, ctx, step.path, want(step.api))
	}
	if !eval[bool](t, ctx, `window.folioMark === 1`) {
		t.Error("following the pager reloaded the page; want the app to navigate")
	}

	do(t, ctx, "open a tag", chromedp.Navigate(s.URL+"/tag/sea"))
	wasmStarted(t, ctx)
	checkShown(t, ctx, "/tag/sea", want("/api/articles?tag=sea"))
	eval[any](t, ctx, `window.folioMark = 2`)
	do(t, ctx, "follow Older on the tag", chromedp.Click(chromedp.CSS(".pager a[rel=next]")))
	waitJS(t, ctx, "/tag/sea/page/2", `location.pathname === "/tag/sea/page/2"`)
	checkShown(t, ctx, "/tag/sea/page/2", want("/api/articles?tag=sea&page=2"))
	if !eval[bool](t, ctx, `window.folioMark === 2 && !!document.querySelector('.pager a[rel=prev][href="/tag/sea"]')`) {
		t.Error("tag page 2: reloaded, or no Newer link back to /tag/sea")
	}

	do(t, ctx, "reload page 2", chromedp.Navigate(s.URL+"/page/2"), chromedp.Reload())
	wasmStarted(t, ctx)
	page2, page3 := want("/api/articles?page=2"), want("/api/articles?page=3")
	checkShown(t, ctx, "/page/2 reloaded", page2)
	if v := runAxe(t, ctx, axeScript(t)); len(v) > 0 {
		t.Errorf("axe on /page/2: %+v", v)
	}
	if res, err := http.Get(s.URL + "/page/99"); err != nil || res.StatusCode != http.StatusNotFound {
		t.Errorf("GET /page/99 (past the last page): %v, want 404", err)
	} else {
		res.Body.Close()
	}

	// Offline, the pages seen come from the service worker: page 2 as a
	// cold start on its address, page 3 by click.
	workerReady(t, ctx)
	do(t, ctx, "follow Older to page 3 online", chromedp.Click(chromedp.CSS(".pager a[rel=next]")))
	checkShown(t, ctx, "/page/3 online", page3)
	do(t, ctx, "close the app", chromedp.Navigate("about:blank"))
	tab := newTab(t, ctx)
	setOffline(t, tab, s, true)
	do(t, tab, "cold start offline on page 2", chromedp.Navigate(s.URL+"/page/2"))
	wasmStarted(t, tab)
	checkShown(t, tab, "/page/2 offline", page2)
	do(t, tab, "follow Older offline", chromedp.Click(chromedp.CSS(".pager a[rel=next]")))
	waitJS(t, tab, "/page/3 offline", `location.pathname === "/page/3"`)
	checkShown(t, tab, "/page/3 offline", page3)
}

// checkShown waits until the page shows exactly the titles, in order.
func checkShown(t *testing.T, ctx context.Context, what string, titles []string) {
	t.Helper()
	if len(titles) != article.PageSize {
		t.Fatalf("%s: the API gave %d titles, want a full page", what, len(titles))
	}
	b, _ := json.Marshal(titles)
	waitJS(t, ctx, what+" to show its stories", fmt.Sprintf(`JSON.stringify(%s) === %q`, shownStories, string(b)))
}

// TestBuildPagesE2E: folio build writes every archive and tag page and the
// list pages the app reads there, and on a plain file host the pager works
// by click with the app running, and by reload.
func TestBuildPagesE2E(t *testing.T) {
	dir := t.TempDir()
	writeArticles(t, dir, 130)
	url, _ := buildSite(t, "-content", dir)
	want := func(file string) []string {
		t.Helper()
		body, _ := get(t, url+file)
		var p article.Page
		if err := json.Unmarshal([]byte(body), &p); err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		var titles []string
		for _, m := range p.Articles {
			titles = append(titles, m.Title)
		}
		return titles
	}
	for _, p := range []string{"/page/2", "/page/11", "/tag/sea/page/2"} {
		if body, _ := get(t, url+p); !strings.Contains(body, `rel="prev"`) {
			t.Errorf("exported %s has no Newer link", p)
		}
	}
	if body, _ := get(t, url+"/page/11"); strings.Contains(body, `rel="next"`) {
		t.Error("the last exported page (11 of 130 stories) links to an older one")
	}

	ctx, _ := newBrowser(t)
	do(t, ctx, "open the exported front page", chromedp.Navigate(url+"/"))
	wasmStarted(t, ctx)
	checkShown(t, ctx, "the exported front page", want("/api/articles/index.json"))
	eval[any](t, ctx, `window.folioMark = 1`)
	do(t, ctx, "follow Older", chromedp.Click(chromedp.CSS(".pager a[rel=next]")))
	waitJS(t, ctx, "/page/2", `location.pathname.startsWith("/page/2")`)
	checkShown(t, ctx, "exported /page/2", want("/api/articles/page/2.json"))

	do(t, ctx, "open an exported tag", chromedp.Navigate(url+"/tag/sea/"))
	wasmStarted(t, ctx)
	checkShown(t, ctx, "exported /tag/sea", want("/api/articles/tag/sea/index.json"))
	eval[any](t, ctx, `window.folioMark = 2`)
	do(t, ctx, "follow Older on the tag", chromedp.Click(chromedp.CSS(".pager a[rel=next]")))
	waitJS(t, ctx, "/tag/sea/page/2", `location.pathname.startsWith("/tag/sea/page/2")`)
	checkShown(t, ctx, "exported /tag/sea/page/2", want("/api/articles/tag/sea/page/2.json"))
	if !eval[bool](t, ctx, `window.folioMark === 2`) {
		t.Error("following Older on the export reloaded the page; want the app to navigate")
	}

	do(t, ctx, "reload exported page 2", chromedp.Navigate(url+"/page/2"), chromedp.Reload())
	wasmStarted(t, ctx)
	checkShown(t, ctx, "exported /page/2 reloaded", want("/api/articles/page/2.json"))
}

// TestPagesScreenshots writes the pager of an archive page, phone and
// desktop, light and dark, into FOLIO_SCREENSHOTS.
func TestPagesScreenshots(t *testing.T) {
	dir := os.Getenv("FOLIO_SCREENSHOTS")
	if dir == "" {
		t.Skip("set FOLIO_SCREENSHOTS=DIR to write screenshots")
	}
	content := t.TempDir()
	writeArticles(t, content, 40)
	s := serveSite(t, content, "folio.test")
	ctx, _ := newBrowser(t)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, scheme := range []string{"light", "dark"} {
		for _, size := range []struct {
			name string
			w, h int64
		}{{"phone", 390, 844}, {"desktop", 1280, 800}} {
			do(t, ctx, "emulate",
				chromedp.EmulateViewport(size.w, size.h),
				chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
					_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
						Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}},
					})
					return err
				}),
				chromedp.Navigate(s.URL+"/page/2"),
				chromedp.WaitVisible(chromedp.CSS(".pager")),
			)
			wasmStarted(t, ctx)
			do(t, ctx, "scroll", chromedp.Evaluate[chromedp.Void](`document.querySelector(".pager").scrollIntoView({block: "end"})`))
			png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("pager-%s-%s.png", size.name, scheme)), png, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}
