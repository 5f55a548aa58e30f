package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// newBrowserIn is newBrowser for a reader whose browser speaks lang (as
// Chromium's --lang and --accept-lang set it: navigator.languages and
// Accept-Language).
func newBrowserIn(t testing.TB, lang string) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromiumPath(t)),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("lang", lang),
		chromedp.Flag("accept-lang", lang),
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
	err := chromedp.Listen(ctx, func(ev any) {
		if _, ok := ev.(*page.EventJavascriptDialogOpening); ok {
			mu.Lock()
			defer mu.Unlock()
			go chromedp.Call(ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: false})
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	return ctx
}

// visibleText is what a reader can read on the page: its text, without
// go-app's loader, as one line per block.
const visibleText = `(() => {
	const loader = document.getElementById("app-wasm-loader");
	if (loader) loader.remove();
	return document.body.innerText.split("\n").map(s => s.trim()).filter(Boolean).join("\n");
})()`

// langParts reads what a test checks of a page's language: <html lang>, the
// "Post comment" button, the byline's date and the thread's title.
const langParts = `JSON.stringify({
	lang: document.documentElement.lang,
	post: (document.querySelector(".comments > .comment-form button[type=submit]") || {}).textContent || "",
	date: (document.querySelector(".story-header .date") || {}).textContent || "",
	count: (document.querySelector(".comments-title") || {}).textContent || "",
	panel: (document.querySelector(".reader-settings legend") || {}).textContent || ""
})`

// TestLanguagesChineseBrowser: a browser set to Chinese gets the magazine's
// interface in Chinese, prerendered, and app.wasm takes the page over with
// not one word changed; its dates and comment count are Chinese too.
func TestLanguagesChineseBrowser(t *testing.T) {
	s := startSite(t)
	slug := s.articles[0].Slug
	s.seedThread(t, slug)
	path := "/a/" + slug

	pre := newBrowserIn(t, "zh-CN")
	do(t, pre, "prerendered, app.wasm blocked", block("*://*:*/web/app.wasm*"), chromedp.Navigate(s.URL+path),
		chromedp.WaitVisible(chromedp.CSS(".masthead")))
	if !eval[bool](t, pre, `!!document.getElementById("app-wasm-loader")`) {
		t.Fatal("app.wasm ran although it was blocked: this test would prove nothing")
	}
	before := eval[string](t, pre, visibleText)
	parts := eval[string](t, pre, langParts)
	for _, w := range []string{`"lang":"zh-Hans"`, `"post":"发表评论"`, `"count":"4 条评论"`, `"panel":"字号"`,
		`"date":"` + s.articles[0].Published.Format("2006年1月2日") + `"`} {
		if !strings.Contains(parts, w) {
			t.Errorf("prerendered Chinese page: %s, want %s in it", parts, w)
		}
	}

	t.Logf("prerendered: %s\n%.700s", parts, before)
	live := newBrowserIn(t, "zh-CN")
	do(t, live, "live", chromedp.Navigate(s.URL+path), chromedp.WaitVisible(chromedp.CSS(".masthead")))
	wasmStarted(t, live)
	waitJS(t, live, "the thread after app.wasm started", `!!document.querySelector(".comments .comment")`)
	after := eval[string](t, live, visibleText)
	if before != after {
		t.Errorf("the text changed when app.wasm took over:\n%s", lineDiff(before, after))
	}
	if !strings.Contains(after, "阅读设置") && !strings.Contains(after, "发表评论") {
		t.Errorf("the live page is not in Chinese:\n%.600s", after)
	}
}

// lineDiff lists the lines of a and b that differ.
func lineDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	var out []string
	for i := range max(len(al), len(bl)) {
		var x, y string
		if i < len(al) {
			x = al[i]
		}
		if i < len(bl) {
			y = bl[i]
		}
		if x != y {
			out = append(out, fmt.Sprintf("line %d: prerendered %q, app %q", i+1, x, y))
		}
		if len(out) > 12 {
			break
		}
	}
	return strings.Join(out, "\n")
}

// englishDate is a long date in English: "1 December 2026".
var englishDate = regexp.MustCompile(`^[1-9][0-9]? (January|February|March|April|May|June|July|August|September|October|November|December) 20[0-9][0-9]$`)

// TestLanguagesOverride: a Chinese reader who picks English in the reading
// settings gets English pages, prerendered and in the app, which stay
// English after a reload and offline; Auto goes back to the browser's.
func TestLanguagesOverride(t *testing.T) {
	s := startSite(t)
	slug := s.articles[0].Slug
	s.seedThread(t, slug)
	ctx := newBrowserIn(t, "zh-CN")
	do(t, ctx, "open", chromedp.Navigate(s.URL+"/a/"+slug), chromedp.WaitVisible(chromedp.CSS(".masthead")))
	wasmStarted(t, ctx)
	workerReady(t, ctx)
	if got := eval[string](t, ctx, `document.documentElement.lang`); got != "zh-Hans" {
		t.Fatalf("a Chinese browser's page is in %q", got)
	}

	choose := func(value string) {
		t.Helper()
		do(t, ctx, "choose "+value,
			chromedp.Evaluate[chromedp.Void](`window.folioBeforeChoice = 1`),
			chromedp.Click(chromedp.CSS(".reader-panel-button")),
			chromedp.Click(chromedp.CSS(`label:has(> input[name="reader-lang"][value="`+value+`"])`)),
		)
		waitJS(t, ctx, "the page made again", `!window.folioBeforeChoice && document.readyState === "complete"`)
		wasmStarted(t, ctx)
	}
	english := func(when string) {
		t.Helper()
		waitJS(t, ctx, "the thread", `!!document.querySelector(".comments .comment")`)
		parts := eval[string](t, ctx, langParts)
		for _, w := range []string{`"lang":"en"`, `"post":"Post comment"`, `comments"`, `"panel":"Text size"`} {
			if !strings.Contains(parts, w) {
				t.Errorf("%s: %s, want %s in it", when, parts, w)
			}
		}
		if date := eval[string](t, ctx, `document.querySelector(".story-header .date").textContent`); !englishDate.MatchString(date) {
			t.Errorf("%s: the byline's date is %q, want an English one", when, date)
		}
		if !eval[bool](t, ctx, `document.querySelector('input[name="reader-lang"][value="en"]').checked`) {
			t.Errorf("%s: the settings do not show English chosen", when)
		}
	}

	choose("en")
	english("after choosing English")
	do(t, ctx, "reload", chromedp.Reload())
	wasmStarted(t, ctx)
	english("after a reload")

	setOffline(t, ctx, s, true)
	do(t, ctx, "reload offline", chromedp.Reload())
	wasmStarted(t, ctx)
	english("offline")
	setOffline(t, ctx, s, false)

	choose("auto")
	waitJS(t, ctx, "the page in Chinese again", `document.documentElement.lang === "zh-Hans" &&
		(document.querySelector(".comments > .comment-form button[type=submit]") || {}).textContent === "发表评论"`)
}

// zhArticle is a Chinese article, for a magazine in two languages.
const zhArticle = `---
title: 城市夜班公交的故事
summary: 深夜的城市里，夜班公交载着护士、厨师和清洁工回家。我们跟着一条线路走了一整夜。
author: 林晓
published: 2026-11-20
tags: [city]
lang: zh-Hans
---
晚上十一点半，最后一班地铁开走以后，*夜班公交*开始了它的工作。司机老周已经开了十二年夜班，他说这座城市在夜里才露出真正的样子。

车上的乘客大多是刚下班的人：医院的护士、餐馆的厨师、写字楼的清洁工。他们互相不认识，却每天在同一个时间坐同一辆车。

## 一条线路，一整夜

我们从终点站出发，沿着河边一路向东。凌晨两点，车上只剩下三个人。
`

// bilingualSite serves a magazine of one English and one Chinese article.
func bilingualSite(t *testing.T) *site {
	t.Helper()
	dir := t.TempDir()
	sample, err := os.ReadFile("internal/content/sample/the-fix-it-evening.md")
	if err != nil {
		t.Fatal(err)
	}
	sample = []byte(strings.Replace(string(sample), "image: images/circuit.svg\n", "", 1))
	for name, b := range map[string][]byte{"the-fix-it-evening.md": sample, "night-buses.md": []byte(zhArticle)} {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return startSiteIn(t, dir)
}

// TestLanguagesArticleLang: an article's own language is its text's, not
// the interface's: a Chinese article read with an English interface keeps
// English buttons, its body is marked zh-Hans and gets the Chinese fonts
// and line of web/folio.css; an English article's body is marked en.
func TestLanguagesArticleLang(t *testing.T) {
	s := bilingualSite(t)
	ctx := newBrowserIn(t, "en-GB")
	look := `JSON.stringify({
		page: document.documentElement.lang,
		body: document.querySelector(".story-body").lang,
		headline: document.querySelector(".headline").lang,
		post: document.querySelector(".comments > .comment-form button[type=submit]").textContent,
		font: getComputedStyle(document.querySelector(".story-body")).fontFamily,
		line: parseFloat(getComputedStyle(document.querySelector(".story-body")).lineHeight) /
			parseFloat(getComputedStyle(document.querySelector(".story-body")).fontSize)
	})`
	var en, zh struct {
		Page, Body, Headline, Post, Font string
		Line                             float64
	}
	for _, tt := range []struct {
		slug string
		into *struct {
			Page, Body, Headline, Post, Font string
			Line                             float64
		}
	}{{"the-fix-it-evening", &en}, {"night-buses", &zh}} {
		do(t, ctx, "open "+tt.slug, chromedp.Navigate(s.URL+"/a/"+tt.slug), chromedp.WaitVisible(chromedp.CSS(".story-body")))
		wasmStarted(t, ctx)
		if err := json.Unmarshal([]byte(eval[string](t, ctx, look)), tt.into); err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("English article %+v\nChinese article %+v", en, zh)
	if zh.Page != "en" || zh.Post != "Post comment" {
		t.Errorf("a Chinese article in an English interface: page lang %q, button %q; want en, Post comment", zh.Page, zh.Post)
	}
	if zh.Body != "zh-Hans" || zh.Headline != "zh-Hans" || en.Body != "en" {
		t.Errorf("articles' text lang: Chinese body %q headline %q, English body %q", zh.Body, zh.Headline, en.Body)
	}
	if !strings.Contains(zh.Font, "Noto Serif CJK SC") || strings.Contains(en.Font, "CJK") {
		t.Errorf("fonts: Chinese body %q, English body %q", zh.Font, en.Font)
	}
	if zh.Line <= en.Line {
		t.Errorf("the Chinese body's line is %.2f, not roomier than the English %.2f", zh.Line, en.Line)
	}
}

// TestLanguagesScreenshots writes the Chinese interface on a phone and a
// desktop, light and dark, for a person to look at.
func TestLanguagesScreenshots(t *testing.T) {
	dir := os.Getenv("FOLIO_SCREENSHOTS")
	if dir == "" {
		t.Skip("set FOLIO_SCREENSHOTS=DIR to write screenshots")
	}
	s := bilingualSite(t)
	slug := "the-fix-it-evening"
	s.seedThread(t, slug)
	ctx := newBrowserIn(t, "zh-CN")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, scheme := range []string{"light", "dark"} {
		for _, size := range []struct {
			name string
			w, h int64
		}{{"phone", 390, 844}, {"desktop", 1280, 800}} {
			for _, pg := range []struct{ name, path string }{{"front", "/"}, {"article", "/a/" + slug}, {"comments", "/a/" + slug + "#comments"}, {"zharticle", "/a/night-buses"}, {"settings", "/"}} {
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
				if pg.name == "settings" {
					do(t, ctx, "open the settings", chromedp.Click(chromedp.CSS(".reader-panel-button")))
				}
				time.Sleep(400 * time.Millisecond) // let lazy images decode
				png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
				if err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("zh-%s-%s-%s.png", pg.name, size.name, scheme)), png, 0o644); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
}
