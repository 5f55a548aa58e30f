package main

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// lcpPage is a publisher's article whose largest paint is its own lead
// paragraph, with or without Folio's embeds right under it.
const lcpPage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Harbour Weekly</title>
<style>body { font: 18px/1.55 Georgia, serif; max-width: 46rem; margin: 0 auto; padding: 1rem; } #lead { font-size: 1.6rem; }</style>
</head><body>
<h1>Our city, our port</h1>
<p id="lead">The council meets on Thursday to decide the old port's future. For a century the cranes have stood over
the water; now the question is whether they stay as monuments, go for scrap, or go back to work. Both sides have
numbers, and both sides have a point. What follows is what we know, what we do not, and what readers told us.</p>
{{EMBEDS}}
<p>© Harbour Weekly</p>
</body></html>`

const lcpEmbeds = `<script src="{{FOLIO}}/embed.js" data-folio-article="{{A}}" data-folio-mode="comments" async></script>
<script src="{{FOLIO}}/embed.js" data-folio-article="{{A}}" data-folio-mode="article" async></script>`

// largestPaint is the host page's largest contentful paint: its element's id
// and its time in ms.
func largestPaint(t testing.TB, ctx context.Context, url string) (string, float64) {
	t.Helper()
	do(t, ctx, "open the host page", chromedp.Navigate(url), chromedp.WaitVisible(chromedp.ID("lead")))
	type lcp struct {
		ID string  `json:"id"`
		At float64 `json:"at"`
	}
	got, err := chromedp.Run(ctx, chromedp.Evaluate[lcp](`new Promise(resolve => {
		new PerformanceObserver(list => {
			const e = list.getEntries().at(-1);
			resolve({ id: (e.element && (e.element.id || e.element.tagName)) || "", at: e.startTime });
		}).observe({ type: "largest-contentful-paint", buffered: true });
	})`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("largest contentful paint: %v", err)
	}
	return got.ID, got.At
}

// lcpHost serves the host page without (/plain) and with (/embeds) the embeds.
func lcpHost(t testing.TB, s *site) string {
	t.Helper()
	return startHost(t, map[string]string{
		"/plain":  strings.Replace(lcpPage, "{{EMBEDS}}", "", 1),
		"/embeds": strings.Replace(lcpPage, "{{EMBEDS}}", lcpEmbeds, 1),
	}, "{{FOLIO}}", s.URL, "{{A}}", s.articles[0].Slug)
}

// TestEmbedKeepsLargestPaint: adding the embeds does not change what the
// host page's largest contentful paint is: the loader is async, the iframes
// lazy, and a frame's content does not count towards the host's paint.
func TestEmbedKeepsLargestPaint(t *testing.T) {
	s := startSite(t)
	host := lcpHost(t, s)
	ctx, _ := newBrowser(t)
	plain, _ := largestPaint(t, ctx, host+"/plain")
	with, _ := largestPaint(t, ctx, host+"/embeds")
	waitJS(t, ctx, "the embeds inserted", `document.querySelectorAll("iframe").length === 2`)
	if plain != "lead" || with != plain {
		t.Errorf("largest contentful paint: %q without embeds, %q with; want the host's own lead both times", plain, with)
	}
}

// BenchmarkEmbedLCP reports the host page's largest contentful paint without
// and with two embeds, each load in a fresh tab.
func BenchmarkEmbedLCP(b *testing.B) {
	s := startSite(b)
	host := lcpHost(b, s)
	ctx, _ := newBrowser(b)
	var plain, with float64
	for range b.N {
		_, p := largestPaint(b, newTab(b, ctx), host+"/plain")
		_, w := largestPaint(b, newTab(b, ctx), host+"/embeds")
		plain, with = plain+p, with+w
	}
	b.ReportMetric(plain/float64(b.N), "ms-lcp-plain")
	b.ReportMetric(with/float64(b.N), "ms-lcp-with-embeds")
	b.ReportMetric(0, "ns/op")
}
