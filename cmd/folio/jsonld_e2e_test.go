package main

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// recordCSP makes every page the tab opens keep the Content-Security-Policy
// violations it reports, in window.cspViolations.
func recordCSP() chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{
			Source: `window.cspViolations = [];
document.addEventListener("securitypolicyviolation", e => window.cspViolations.push(e.violatedDirective + " " + e.blockedURI + " " + (e.sample || "")));`,
		})
		return err
	})
}

// TestStructuredDataInBrowser: Chromium's own HTML parser finds one JSON-LD
// block on an article page whose title is hostile, JSON.parse reads the
// title back as written, before and after app.wasm renders the page, and
// the page reports no CSP violation.
func TestStructuredDataInBrowser(t *testing.T) {
	dir := t.TempDir()
	src := "---\ntitle: 'Tides </script><script>alert(1)</script> <!-- x'\nsummary: A summary.\nauthor: Ann\n" +
		"published: 2026-02-01\nlang: zh-Hans\n---\nBody.\n"
	if err := os.WriteFile(filepath.Join(dir, "tides.md"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	s := startSiteIn(t, dir)
	title := s.articles[0].Title
	const readLD = `(() => {
		const s = document.querySelectorAll('script[type="application/ld+json"]');
		if (s.length !== 1) return "scripts: " + s.length;
		const ld = JSON.parse(s[0].textContent);
		return [ld["@type"], ld.headline, ld.mainEntityOfPage["@id"], ld.inLanguage, String(ld.commentCount)].join("|");
	})()`
	want := "NewsArticle|" + title + "|https://folio.test/a/tides|zh-Hans|0"

	ctx, dialogs := newBrowser(t)
	do(t, ctx, "open the article without app.wasm", recordCSP(), block("*://*:*/web/app.wasm*"),
		chromedp.Navigate(s.URL+"/a/tides"), chromedp.WaitVisible(chromedp.CSS(".headline")))
	if got := eval[string](t, ctx, readLD); got != want {
		t.Errorf("prerendered JSON-LD = %q, want %q", got, want)
	}

	ctx = newTab(t, ctx)
	do(t, ctx, "open the article", recordCSP(), chromedp.Navigate(s.URL+"/a/tides"), chromedp.WaitVisible(chromedp.CSS(".headline")))
	wasmStarted(t, ctx)
	if got := eval[string](t, ctx, readLD); got != want {
		t.Errorf("JSON-LD after app.wasm = %q, want %q", got, want)
	}
	if v := eval[[]string](t, ctx, `window.cspViolations`); len(v) != 0 {
		t.Errorf("CSP violations: %q", v)
	}
	if len(*dialogs) > 0 {
		t.Errorf("dialogs opened: %v", *dialogs)
	}
}
