package main

import (
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// countingWriter counts the body bytes a response sends.
type countingWriter struct {
	http.ResponseWriter
	s *site
}

func (w countingWriter) Write(b []byte) (int, error) {
	n, err := w.ResponseWriter.Write(b)
	w.s.mu.Lock()
	w.s.bytesOut += int64(n)
	w.s.mu.Unlock()
	return n, err
}

// Unwrap lets http.ResponseController reach the connection (hangUp).
func (w countingWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// BenchmarkVisit measures what a reader waits for on the long article: on a
// repeat visit served by the service worker, the time from navigation to the
// article text on screen (first contentful paint) and to the app usable
// (app.wasm started: the comment box works); and the bytes the server sent
// on the first visit (worker install included) and on a repeat visit, as
// encoded on the wire (Chromium accepts brotli from 127.0.0.1).
func BenchmarkVisit(b *testing.B) {
	s := startSite(b)
	long := s.longest()
	ctx, _ := newBrowser(b)
	url := s.URL + "/a/" + long.Slug
	before := s.sent()
	do(b, ctx, "first visit", chromedp.Navigate(url), chromedp.WaitVisible(chromedp.CSS(".story .headline")))
	wasmStarted(b, ctx)
	workerReady(b, ctx)
	kept(b, ctx, long.Slug)
	first := s.sent() - before
	do(b, ctx, "leave", chromedp.Navigate("about:blank"))

	var text, usable float64
	var repeat int64
	b.ResetTimer()
	for range b.N {
		tab := newTab(b, ctx)
		before := s.sent()
		do(b, tab, "repeat visit", chromedp.Navigate(url))
		wasmStarted(b, tab)
		repeat += s.sent() - before
		text += eval[float64](b, tab, `performance.getEntriesByName("first-contentful-paint")[0].startTime`)
		usable += eval[float64](b, tab, `performance.getEntriesByName("folio-app-ready")[0].startTime`)
		if !strings.Contains(eval[string](b, tab, `document.querySelector(".story .headline").textContent`), long.Title[:10]) {
			b.Fatal("repeat visit did not show the article")
		}
	}
	b.StopTimer()
	n := float64(b.N)
	b.ReportMetric(text/n, "ms-to-text")
	b.ReportMetric(usable/n, "ms-to-usable")
	b.ReportMetric(float64(first), "bytes-first-visit")
	b.ReportMetric(float64(repeat)/n, "bytes-repeat-visit")
	b.ReportMetric(0, "ns/op")
}
