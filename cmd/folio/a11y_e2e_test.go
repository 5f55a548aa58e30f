package main

// Accessibility in the browser: axe-core run on every kind of page, in light
// and dark, at phone and desktop widths; and the keyboard path from the top
// of an article to its comment box.

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// axeVersion is the axe-core the Makefile installs (AXE_VERSION there).
const axeVersion = "4.14.1"

// axeTags are the rule sets run: WCAG 2.0, 2.1 and 2.2 A and AA, and axe's
// best practices.
var axeTags = []string{"wcag2a", "wcag2aa", "wcag21aa", "wcag22aa", "best-practice"}

// axeExtra are rules axe still calls experimental, turned on: a control's
// accessible name must contain its visible text (WCAG 2.5.3, label in name).
var axeExtra = []string{"label-content-name-mismatch"}

var (
	axeOnce   sync.Once
	axeSource string
	axeErr    error
)

// axeScript reads axe.min.js from FOLIO_AXE or the folder `make test` installs
// it in. Without it the test skips, or fails under FOLIO_E2E=require.
func axeScript(t testing.TB) string {
	t.Helper()
	axeOnce.Do(func() {
		p := os.Getenv("FOLIO_AXE")
		if p == "" {
			p = filepath.Join("..", "..", ".cache", "axe", "node_modules", "axe-core", "axe.min.js")
		}
		b, err := os.ReadFile(p)
		axeSource, axeErr = string(b), err
	})
	if axeErr != nil {
		msg := fmt.Sprintf("axe-core is missing (%v): `make test` installs axe-core@%s into .cache/axe", axeErr, axeVersion)
		if os.Getenv("FOLIO_E2E") == "require" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	return axeSource
}

// violation is what axe reports for one rule on one page.
type violation struct {
	ID      string   `json:"id"`
	Impact  string   `json:"impact"`
	Help    string   `json:"help"`
	Targets []string `json:"targets"`
}

// runAxe injects axe into the page in ctx and returns its violations.
func runAxe(t testing.TB, ctx context.Context, src string) []violation {
	t.Helper()
	if !eval[bool](t, ctx, `typeof window.axe === "object"`) {
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](src)); err != nil {
			t.Fatalf("inject axe: %v", err)
		}
	}
	if got := eval[string](t, ctx, `axe.version`); got != axeVersion {
		t.Fatalf("axe-core %s in the page, want %s: run `make test` to reinstall", got, axeVersion)
	}
	tags, _ := json.Marshal(axeTags)
	extra := map[string]any{}
	for _, id := range axeExtra {
		extra[id] = map[string]bool{"enabled": true}
	}
	rules, _ := json.Marshal(extra)
	js := fmt.Sprintf(`axe.run(document, { runOnly: { type: "tag", values: %s }, rules: %s, resultTypes: ["violations"] })
		.then(r => JSON.stringify(r.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help,
			targets: v.nodes.map(n => n.target.join(" ")) }))))`, tags, rules)
	out, err := chromedp.Run(ctx, chromedp.Evaluate[string](js, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("axe.run: %v", err)
	}
	var vs []violation
	if err := json.Unmarshal([]byte(out), &vs); err != nil {
		t.Fatalf("axe results: %v", err)
	}
	return vs
}

// withMarkdown is the slug of a sample article whose Markdown contains part.
func (s *site) withMarkdown(t testing.TB, part string) string {
	t.Helper()
	for _, m := range s.articles {
		res, err := http.Get(s.URL + "/api/articles/" + m.Slug)
		if err != nil {
			t.Fatal(err)
		}
		var a struct{ Markdown string }
		err = json.NewDecoder(res.Body).Decode(&a)
		res.Body.Close()
		if err != nil {
			t.Fatalf("article %s: %v", m.Slug, err)
		}
		if strings.Contains(a.Markdown, part) {
			return m.Slug
		}
	}
	t.Fatalf("no sample article contains %q", part)
	return ""
}

// TestAxe runs axe-core on the front page, the long article with its
// contents and a thread, both embed modes, the saved library and search, in light
// and dark, at phone and desktop widths. Every violation is listed.
func TestAxe(t *testing.T) {
	src := axeScript(t)
	s := startSite(t)
	long := s.longest().Slug
	s.seedThread(t, long)
	tasks := s.withMarkdown(t, "- [ ] ")
	ctx, _ := newBrowser(t)
	pages := []struct{ name, path, ready string }{
		{"front", "/", ".lead-story"},
		{"article", "/a/" + long, ".toc"},
		{"article-tasks", "/a/" + tasks, ".story-body input[type=checkbox]"},
		{"article-code", "/a/" + codeSlug, ".story-body .hl-k"}, // highlighted code: contrast
		{"embed-comments", "/embed/" + long + "?mode=comments", ".thread .comment"},
		{"embed-article", "/embed/" + long + "?mode=article", ".story-body"},
		{"saved", "/saved", ".library-item"}, // the article above is kept as read
		{"search", "/search?q=the", ".search-result mark"},
	}
	sizes := []struct {
		name string
		w, h int64
	}{{"phone", 390, 844}, {"desktop", 1280, 800}}
	total := 0
	for _, scheme := range []string{"light", "dark"} {
		for _, size := range sizes {
			for _, pg := range pages {
				name := pg.name + "/" + size.name + "/" + scheme
				do(t, ctx, name,
					chromedp.EmulateViewport(size.w, size.h),
					setDarkMode(scheme == "dark"),
					chromedp.Navigate(s.URL+pg.path),
					chromedp.WaitVisible(chromedp.CSS(pg.ready)),
				)
				wasmStarted(t, ctx)
				waitJS(t, ctx, pg.ready+" after app.wasm", fmt.Sprintf(`!!document.querySelector(%q)`, pg.ready))
				// axe lets a small target pass when it has room around it;
				// these must be 24×24 px anyway (the tag and contents links).
				small := eval[[]string](t, ctx, `[...document.querySelectorAll(".tags a, .toc a, .link-button, .skip-link")]
					.map(el => [el, el.getBoundingClientRect()]).filter(([, r]) => r.width < 24 || r.height < 24)
					.map(([el, r]) => el.className + " " + JSON.stringify(el.textContent) + " " + Math.round(r.width) + "×" + Math.round(r.height))`)
				if len(small) > 0 {
					t.Errorf("%s: targets smaller than 24×24 px:\n\t%s", name, strings.Join(small, "\n\t"))
				}
				vs := runAxe(t, ctx, src)
				for _, v := range vs {
					total += len(v.Targets)
					t.Errorf("%s: %s (%s, %d): %s\n\t%s", name, v.ID, v.Impact, len(v.Targets), v.Help, strings.Join(v.Targets, "\n\t"))
				}
			}
		}
	}
	if total > 0 {
		t.Logf("%d elements in violation", total)
	}
}

// TestSkipLinks is the keyboard path: on an article the first Tab stop is
// "Skip to content", the second "Skip to comments", which moves focus to the
// comment box. On the front page "Skip to content" lands in main.
func TestSkipLinks(t *testing.T) {
	s := startSite(t)
	ctx, _ := newBrowser(t)
	const active = `(() => { const a = document.activeElement; return a ? a.textContent.trim() : ""; })()`
	for _, pg := range []struct {
		path  string
		stops []string
	}{
		{"/a/" + s.longest().Slug, []string{"Skip to content", "Skip to comments"}},
		{"/", []string{"Skip to content"}},
	} {
		do(t, ctx, "open "+pg.path, chromedp.Navigate(s.URL+pg.path), chromedp.WaitVisible(chromedp.CSS(".masthead")))
		wasmStarted(t, ctx)
		for i, want := range pg.stops {
			do(t, ctx, "Tab", chromedp.KeyEvent(kb.Tab))
			if got := eval[string](t, ctx, active); got != want {
				t.Fatalf("%s: Tab stop %d is %q, want %q", pg.path, i+1, got, want)
			}
			visible := eval[bool](t, ctx, `(() => { const r = document.activeElement.getBoundingClientRect();
				return r.width >= 24 && r.height >= 24 && r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight; })()`)
			if !visible {
				t.Errorf("%s: the focused %q is not visible on screen", pg.path, want)
			}
		}
		do(t, ctx, "follow the last skip link", chromedp.KeyEvent(kb.Enter))
		if pg.stops[len(pg.stops)-1] == "Skip to comments" {
			waitJS(t, ctx, "focus on the comments", `document.activeElement && document.activeElement.id === "comments"`)
			do(t, ctx, "Tab", chromedp.KeyEvent(kb.Tab))
			if got := eval[string](t, ctx, `document.activeElement.id`); got != "comment-body-author" {
				t.Errorf("%s: the Tab after the comments lands on #%s, want the comment box's name field", pg.path, got)
			}
			if eval[bool](t, ctx, `(() => { const r = document.activeElement.getBoundingClientRect(); return r.top < 0 || r.bottom > innerHeight; })()`) {
				t.Errorf("%s: the focused comment box is off screen", pg.path)
			}
			continue
		}
		waitJS(t, ctx, "focus on main", `!!document.activeElement && document.activeElement.tagName === "MAIN"`)
		do(t, ctx, "Tab", chromedp.KeyEvent(kb.Tab))
		if eval[bool](t, ctx, `!document.activeElement.closest("main")`) {
			t.Errorf("%s: the Tab after the skip link lands outside main", pg.path)
		}
	}
}
