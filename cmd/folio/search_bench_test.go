package main

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// searchBenchArticles is how many articles BenchmarkSearch keeps on the device.
const searchBenchArticles = 200

// searchBenchQueries are timed on every run: a word in every article (the
// most results to list), two words, one written with accents, Chinese, a
// rare word, and a word found nowhere (every article read to the end).
var searchBenchQueries = []string{"the", "harbour cranes", "CAFE", "起重机", "narwhal", "zqxjv"}

// longMagazine writes n articles of about 1,500 words each: English-like
// words, accented ones and Chinese sentences; "narwhal" in every 50th.
func longMagazine(tb testing.TB, n int) string {
	tb.Helper()
	dir := tb.TempDir()
	r := rand.New(rand.NewPCG(1, 2))
	syll := []string{"ka", "lo", "ri", "men", "tor", "sa", "vel", "qu", "an", "dre", "po", "lis", "ter", "on", "mi"}
	words := []string{"the", "the", "the", "and", "of", "harbour", "cranes", "city", "café", "crème", "brûlée", "Émile", "naïve", "river"}
	for range 400 {
		w := ""
		for range 2 + r.IntN(3) {
			w += syll[r.IntN(len(syll))]
		}
		words = append(words, w)
	}
	zh := []string{"清晨，三台起重机沿着河道被拖回老港口。", "工人们说，这是十年来第一次。", "城市的咖啡馆一家接一家重新开门。"}
	for i := range n {
		var b strings.Builder
		fmt.Fprintf(&b, "---\ntitle: Article %d about the %s\nsummary: Summary of article %d.\nauthor: A. Writer\npublished: 2026-01-%02d\n---\n",
			i, words[5+i%9], i, 1+i%28)
		for p := range 15 {
			if p%5 == 0 {
				fmt.Fprintf(&b, "## Part %d\n\n", p/5+1)
			}
			for range 100 {
				b.WriteString(words[r.IntN(len(words))])
				b.WriteByte(' ')
			}
			if p == 7 {
				b.WriteString(zh[i%len(zh)])
				if i%50 == 0 {
					b.WriteString(" A narwhal was seen. ")
				}
			}
			b.WriteString("\n\n")
		}
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("article-%03d.md", i)), []byte(b.String()), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	return dir
}

// keepAllJS keeps every article on the device as saving one does: its
// document in the data cache (fetched through the service worker, which
// stores it there) and its entry in the library.
const keepAllJS = `(async (list) => {
	for (let i = 0; i < list.length; i += 20) {
		await Promise.all(list.slice(i, i + 20).map(async (m) => {
			const url = "/api/articles/" + m.slug;
			const text = await (await fetch(url)).text();
			localStorage.setItem("folio.library." + m.slug, JSON.stringify({
				slug: m.slug, title: m.title, published: m.published, saved: true,
				savedAt: new Date().toISOString(), bytes: text.length, files: [url],
			}));
		}));
	}
	return true;
})`

// timeQueriesJS types each query reps times into the search box (an input
// event, as typing makes) and collects, per query, the page's own measure
// of the search (folio-search: matching and listing the results) and the
// time until the next frame after it, when the results show.
const timeQueriesJS = `(async (queries, reps) => {
	const input = document.getElementById("search-q");
	const out = {};
	for (const q of queries) {
		out[q] = { search: [], frame: [], count: 0 };
		for (let i = 0; i < reps; i++) {
			const done = new Promise((resolve) => document.addEventListener("folio:searched", (e) => resolve(e.detail), { once: true }));
			const t0 = performance.now();
			input.value = q;
			input.dispatchEvent(new Event("input", { bubbles: true }));
			const d = await done;
			await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
			out[q].frame.push(performance.now() - t0);
			out[q].search.push(performance.getEntriesByName("folio-search")[0].duration);
			out[q].count = d.count;
		}
	}
	return out;
})`

// BenchmarkSearch keeps 200 articles of about 1,500 words on the device and
// times offline searches from the search page in Chromium: reading them from
// the cache the first time (ms-index), then each query (medians of 9; the
// metric is the slowest query's median, search-ms, and until the results'
// frame, frame-ms). Issue 10 asks for under 50 ms.
func BenchmarkSearch(b *testing.B) {
	s := startSiteIn(b, longMagazine(b, searchBenchArticles))
	if len(s.articles) != searchBenchArticles {
		b.Fatalf("%d articles listed, want %d", len(s.articles), searchBenchArticles)
	}
	ctx, _ := newBrowser(b)
	do(b, ctx, "first visit", chromedp.Navigate(s.URL+"/search"), chromedp.WaitVisible(chromedp.CSS("#search-q")))
	wasmStarted(b, ctx)
	workerReady(b, ctx)
	type kept struct {
		Slug      string    `json:"slug"`
		Title     string    `json:"title"`
		Published time.Time `json:"published"`
	}
	var list []kept
	for _, m := range s.articles {
		list = append(list, kept{m.Slug, m.Title, m.Published})
	}
	awaitJS[bool](b, ctx, keepAllJS+"("+jsonString(b, list)+")")
	setOffline(b, ctx, s, true)

	var index, search, frame []float64
	perQuery, perFrame := map[string][]float64{}, map[string][]float64{}
	b.ResetTimer()
	for range b.N {
		do(b, ctx, "open search offline", chromedp.Navigate(s.URL+"/search"), chromedp.WaitVisible(chromedp.CSS("#search-q")))
		wasmStarted(b, ctx)
		waitJS(b, ctx, "the kept articles read", fmt.Sprintf(`document.getElementById("search-status").textContent.includes("Search %d articles")`, searchBenchArticles))
		index = append(index, eval[float64](b, ctx, `performance.getEntriesByName("folio-search-index")[0].duration`))
		got := awaitJS[map[string]struct {
			Search []float64 `json:"search"`
			Frame  []float64 `json:"frame"`
			Count  int       `json:"count"`
		}](b, ctx, fmt.Sprintf("%s(%s, 9)", timeQueriesJS, jsonString(b, searchBenchQueries)))
		worst, worstFrame := 0.0, 0.0
		for _, q := range searchBenchQueries {
			r := got[q]
			if q == "the" && r.Count != searchBenchArticles || q == "narwhal" && r.Count != searchBenchArticles/50 || q == "zqxjv" && r.Count != 0 {
				b.Fatalf("search %q found %d", q, r.Count)
			}
			perQuery[q] = append(perQuery[q], median(r.Search))
			perFrame[q] = append(perFrame[q], median(r.Frame))
			worst, worstFrame = max(worst, median(r.Search)), max(worstFrame, median(r.Frame))
		}
		search, frame = append(search, worst), append(frame, worstFrame)
	}
	b.StopTimer()
	for _, q := range searchBenchQueries {
		b.Logf("search %q: %.1f ms, results on screen %.1f ms (medians)", q, median(perQuery[q]), median(perFrame[q]))
	}
	b.ReportMetric(median(index), "ms-index")
	b.ReportMetric(median(search), "search-ms")
	b.ReportMetric(median(frame), "frame-ms")
	b.ReportMetric(0, "ns/op")
}

// awaitJS is eval for a script that returns a promise.
func awaitJS[T any](tb testing.TB, ctx context.Context, js string) T {
	tb.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js, chromedp.EvalAwaitPromise))
	if err != nil {
		tb.Fatalf("evaluate: %v", err)
	}
	return v
}

func jsonString(tb testing.TB, v any) string {
	tb.Helper()
	js, err := json.Marshal(v)
	if err != nil {
		tb.Fatal(err)
	}
	return string(js)
}
