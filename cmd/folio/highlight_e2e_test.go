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

// codeSlug is the sample article with code in it: Go and shell.
const codeSlug = "how-to-estimate-reading-time-in-go"

// bodyJS is the article body as the page shows it.
const bodyJS = `document.querySelector(".story-body").innerHTML`

// TestCodeHighlighted: the sample article's code is highlighted in the page
// the server prerenders (app.wasm blocked), and app.wasm shows the same body
// byte for byte: when it takes the page over, when it renders the article
// itself after an in-app link (from the API's JSON), and offline from what
// the device kept. The colours differ in light and dark.
func TestCodeHighlighted(t *testing.T) {
	s := startSite(t)
	pre, _ := newBrowser(t)
	do(t, pre, "prerendered", block("*://*:*/web/app.wasm*"), chromedp.Navigate(s.URL+"/a/"+codeSlug),
		chromedp.WaitVisible(chromedp.CSS(".story-body")))
	want := eval[string](t, pre, bodyJS)
	for _, part := range []string{`<code class="language-go"><span class="hl-k">package</span>`,
		`<span class="hl-c">// Minutes estimates`, `<code class="language-sh">`, `<code class="language-text">ok  `} {
		if !strings.Contains(want, part) {
			t.Errorf("prerendered body lacks %q", part)
		}
	}

	ctx, _ := newBrowser(t)
	do(t, ctx, "open the article", chromedp.Navigate(s.URL+"/a/"+codeSlug), chromedp.WaitVisible(chromedp.CSS(".story-body")))
	wasmStarted(t, ctx)
	sameBody(t, ctx, "after app.wasm took the page over", want)

	do(t, ctx, "front page", chromedp.Navigate(s.URL+"/"), chromedp.WaitVisible(chromedp.CSS(".masthead")))
	wasmStarted(t, ctx)
	followLink(t, ctx, "/a/"+codeSlug)
	if got := eval[string](t, ctx, `performance.getEntriesByType("resource").map(e => e.name).filter(n => n.includes("/api/articles/`+codeSlug+`")).length + ""`); got == "0" {
		t.Fatal("the in-app link did not fetch the article: the browser did not render it itself")
	}
	sameBody(t, ctx, "rendered by app.wasm from the API", want)

	workerReady(t, ctx)
	kept(t, ctx, codeSlug)
	waitJS(t, ctx, "code spans in the article kept on the device", `(async () => {
		const r = await (await caches.open("folio-data-v1")).match("/api/articles/`+codeSlug+`");
		return ((await r.json()).code || []).some(c => c.lang === "go" && c.spans.length > 10);
	})()`)
	setOffline(t, ctx, s, true)
	do(t, ctx, "the library offline", chromedp.Navigate(s.URL+"/saved"), chromedp.WaitVisible(chromedp.CSS(".masthead")))
	wasmStarted(t, ctx)
	followLink(t, ctx, "/a/"+codeSlug)
	sameBody(t, ctx, "rendered offline from the kept article", want)
	setOffline(t, ctx, s, false)

	colours := map[string]string{}
	for _, scheme := range []string{"light", "dark"} {
		colorScheme(t, ctx, scheme)
		colours[scheme] = eval[string](t, ctx, `[".hl-k", ".hl-s", ".hl-c"].map(c => getComputedStyle(document.querySelector(".story-body "+c)).color).join(" ")`)
		ink := eval[string](t, ctx, `getComputedStyle(document.querySelector(".story-body pre code")).color`)
		if strings.Contains(colours[scheme], ink) {
			t.Errorf("%s: a token class is in the text colour %s: %s", scheme, ink, colours[scheme])
		}
	}
	if colours["light"] == colours["dark"] {
		t.Errorf("the code colours are the same in light and dark: %s", colours["light"])
	}
	codeScreenshots(t, ctx, s.URL+"/a/"+codeSlug)
}

// sameBody waits for the article body and compares it with want.
func sameBody(t *testing.T, ctx context.Context, when, want string) {
	t.Helper()
	waitJS(t, ctx, "the highlighted body", `!!document.querySelector(".story-body .hl-k")`)
	if got := eval[string](t, ctx, bodyJS); got != want {
		t.Errorf("%s the body differs from the prerendered one:\n%s\nwant\n%s", when, diffAt(got, want), diffAt(want, got))
	}
}

// diffAt is a's text around the first byte where it differs from b.
func diffAt(a, b string) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	return fmt.Sprintf("…%s… (byte %d of %d)", a[max(0, i-80):min(len(a), i+80)], i, len(a))
}

// followLink clicks the page's first link to path, as a reader would, and
// waits for the page it leads to.
func followLink(t *testing.T, ctx context.Context, path string) {
	t.Helper()
	waitJS(t, ctx, "a link to "+path, fmt.Sprintf(`!!document.querySelector('a[href=%q]')`, path))
	do(t, ctx, "follow the link to "+path, chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`document.querySelector('a[href=%q]').click()`, path)))
	waitJS(t, ctx, "the page at "+path, fmt.Sprintf(`location.pathname === %q && !!document.querySelector(".story-body")`, path))
}

func colorScheme(t *testing.T, ctx context.Context, scheme string) {
	t.Helper()
	do(t, ctx, "prefer "+scheme, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}},
		})
		return err
	}))
}

// codeScreenshots writes the article's first code block, on a phone and a
// desktop, light and dark, when FOLIO_SCREENSHOTS names a folder.
func codeScreenshots(t *testing.T, ctx context.Context, url string) {
	dir := os.Getenv("FOLIO_SCREENSHOTS")
	if dir == "" {
		return
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, scheme := range []string{"light", "dark"} {
		for _, size := range []struct {
			name string
			w, h int64
		}{{"phone", 390, 844}, {"desktop", 1280, 800}} {
			colorScheme(t, ctx, scheme)
			do(t, ctx, "open "+size.name, chromedp.EmulateViewport(size.w, size.h), chromedp.Navigate(url),
				chromedp.WaitVisible(chromedp.CSS(".story-body")))
			wasmStarted(t, ctx)
			do(t, ctx, "scroll to the code", chromedp.Evaluate[chromedp.Void](`document.querySelector(".story-body pre:nth-of-type(2)").scrollIntoView()`))
			png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("code-%s-%s.png", size.name, scheme)), png, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}
