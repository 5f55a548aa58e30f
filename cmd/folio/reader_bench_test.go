package main

import (
	"net/http"
	"net/http/httptest"
	"regexp"
	"testing"

	"github.com/chromedp/chromedp"
)

// headScript is the inline reader settings script in a page's <head>.
var headScript = regexp.MustCompile(`<script>[^<]*data-reader-[^<]*</script>`)

// BenchmarkReaderHeadPaint is what the inline reader settings script costs
// the first paint: the long read's first contentful paint, cold (a new
// browser, nothing cached, settings stored: sepia, 130%), with the script
// and with it cut out of the page, side by side, alternating which goes
// first. It reports the medians and the script's own run time.
func BenchmarkReaderHeadPaint(b *testing.B) {
	s := startSite(b)
	url := "/a/" + s.longest().Slug
	serve := func(strip bool) string {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			r.Header.Del("Accept-Encoding") // both plain, to compare like with like
			rec := httptest.NewRecorder()
			(*s.handler.Load()).ServeHTTP(rec, r)
			body := rec.Body.Bytes()
			if strip {
				body = headScript.ReplaceAll(body, nil)
			}
			for k, v := range rec.Header() {
				w.Header()[k] = v
			}
			w.Header().Del("Content-Length")
			w.WriteHeader(rec.Code)
			_, _ = w.Write(body)
		}))
		b.Cleanup(srv.Close)
		return srv.URL
	}
	with, without := serve(false), serve(true)
	fcp := func(origin string) (paint, script float64) {
		ctx, _ := newBrowser(b)
		do(b, ctx, "store settings", chromedp.Navigate(origin+"/healthz"),
			chromedp.Evaluate[chromedp.Void](`localStorage.setItem("folio-reader", JSON.stringify({theme: "sepia", size: "130"}))`),
			chromedp.Navigate(origin+url), chromedp.WaitVisible(chromedp.CSS(".story-body")))
		waitJS(b, ctx, "first paint", `performance.getEntriesByName("first-contentful-paint").length > 0`)
		inline := eval[bool](b, ctx, `[...document.scripts].some(s => !s.src && s.text.includes("data-reader-"))`)
		if inline != (origin == with) {
			b.Fatalf("%s: inline settings script in the page: %v", origin, inline)
		}
		// The script's own time: run once more in the page, as it is.
		if code := eval[string](b, ctx, `([...document.scripts].find(s => !s.src && s.text.includes("data-reader-")) || {text: ""}).text`); code != "" {
			script = eval[float64](b, ctx, `(() => { const t = performance.now(); for (let i = 0; i < 100; i++) { `+code+` } return (performance.now() - t) / 100; })()`)
		}
		return eval[float64](b, ctx, `performance.getEntriesByName("first-contentful-paint")[0].startTime`), script
	}
	var a, c, run []float64
	for i := range b.N {
		order := []string{with, without}
		if i%2 == 1 {
			order = []string{without, with}
		}
		for _, o := range order {
			p, sc := fcp(o)
			if o == with {
				a, run = append(a, p), append(run, sc)
			} else {
				c = append(c, p)
			}
		}
	}
	b.ReportMetric(median(a), "fcp-ms-with")
	b.ReportMetric(median(c), "fcp-ms-without")
	b.ReportMetric(median(run)*1000, "script-µs")
	b.Logf("first contentful paint, ms: with %v, without %v", a, c)
}
