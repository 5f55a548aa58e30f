package main

// A thread of 10,000 comments: the page that carries it and the time until
// its comment box works (issue 9, part 5).

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"folio/app/comment"
	"folio/cmd/folio/internal/store"
)

// bigThread is the size of the thread the scale figures are measured on:
// 3,000 top-level comments and 7,000 replies.
const (
	bigThread    = 10000
	bigThreadTop = 3000
)

// seedBigThread writes n comments on slug straight into the site's SQLite
// file, top of them top-level and the rest replies to earlier comments, with
// bodies of a few sentences as readers write them.
func seedBigThread(tb testing.TB, s *site, slug string, n, top int) {
	tb.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, s.DB)
	if err != nil {
		tb.Fatal(err)
	}
	defer st.Close()
	rng := rand.New(rand.NewPCG(9, 10000))
	sentences := []string{
		"I grew up two streets from the harbour and never knew this.",
		"The part about the *tides* is the best explanation I have read.",
		"Could you say more about where the numbers come from?",
		"My grandfather worked the cranes in the sixties; he would have loved this.",
		"Respectfully, I think the second half **overstates** the case.",
		"Thanks for writing it up — sharing it with my class.",
		"There is a good short film about this at the city library.",
	}
	at := time.Date(2026, 2, 1, 8, 0, 0, 0, time.UTC)
	ids := make([]string, 0, n)
	topLeft, repliesLeft := top, n-top
	for i := range n {
		// Top-level comments and replies interleave, as a thread grows; a
		// reply answers one of the last few dozen comments, as a
		// conversation moves on, so some nest deep.
		parent := ""
		if i > 0 && repliesLeft > 0 && rng.IntN(topLeft+repliesLeft) < repliesLeft {
			parent = ids[len(ids)-1-rng.IntN(min(len(ids), 40))]
			repliesLeft--
		} else {
			topLeft--
		}
		body := ""
		for range 1 + rng.IntN(3) {
			body += sentences[rng.IntN(len(sentences))] + " "
		}
		c := comment.Comment{ID: fmt.Sprintf("big-%05d", i), Article: slug, Parent: parent,
			Author: fmt.Sprintf("Reader %d", rng.IntN(900)), Body: body,
			Created: at.Add(time.Duration(i) * time.Second), Status: comment.Published}
		c.HTML = comment.Render(c.Body)
		if _, _, err := st.Post(ctx, c); err != nil {
			tb.Fatal(err)
		}
		ids = append(ids, c.ID)
	}
}

// bodyBytes is the size of GET url's body as served, before any
// compression on the wire.
func bodyBytes(tb testing.TB, url string) int {
	tb.Helper()
	res, err := http.Get(url)
	if err != nil {
		tb.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil || res.StatusCode != http.StatusOK {
		tb.Fatalf("GET %s: %d %v", url, res.StatusCode, err)
	}
	return len(b)
}

// TestTenThousandCommentsPage: under a 10,000-comment thread, the article
// page and the thread's API answer stay under 150 KB.
func TestTenThousandCommentsPage(t *testing.T) {
	s := startSite(t)
	slug := s.articles[0].Slug
	seedBigThread(t, s, slug, bigThread, bigThreadTop)
	if n := bodyBytes(t, s.URL+"/a/"+slug); n > maxPageBytes {
		t.Errorf("the article page under %d comments is %d bytes, want at most %d", bigThread, n, maxPageBytes)
	}
	if n := bodyBytes(t, s.URL+"/embed/"+slug+"?mode=comments"); n > maxPageBytes {
		t.Errorf("the comments embed under %d comments is %d bytes, want at most %d", bigThread, n, maxPageBytes)
	}
	if n := bodyBytes(t, s.URL+"/api/comments?article="+slug); n > maxPageBytes {
		t.Errorf("GET /api/comments under %d comments is %d bytes, want at most %d", bigThread, n, maxPageBytes)
	}
}

// BenchmarkTenThousandComments measures an article under a 10,000-comment
// thread (3,000 top-level): the bytes of its page and of the thread's API
// answer, and in Chromium the time from navigation until the app is usable
// (app.wasm started, the comment box works: the folio-app-ready mark), on
// repeat visits with app.wasm in the service worker's cache.
func BenchmarkTenThousandComments(b *testing.B) {
	s := startSite(b)
	slug := s.articles[0].Slug
	seedBigThread(b, s, slug, bigThread, bigThreadTop)
	url := s.URL + "/a/" + slug
	pageBytes := bodyBytes(b, url)
	apiBytes := bodyBytes(b, s.URL+"/api/comments?article="+slug)
	ctx, _ := newBrowser(b)
	do(b, ctx, "first visit", chromedp.Navigate(url))
	appReady(b, ctx)
	workerReady(b, ctx)
	do(b, ctx, "leave", chromedp.Navigate("about:blank"))
	var ready float64
	b.ResetTimer()
	for range b.N {
		tab := newTab(b, ctx)
		do(b, tab, "repeat visit", chromedp.Navigate(url))
		ready += appReady(b, tab)
		if !eval[bool](b, tab, `!!document.getElementById("comment-body")`) {
			b.Fatal("no comment box")
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(pageBytes), "page-bytes")
	b.ReportMetric(float64(apiBytes), "api-bytes")
	b.ReportMetric(ready/float64(b.N), "ms-to-ready")
	b.ReportMetric(0, "ns/op")
}

// appReady waits, longer than waitJS would, for the folio-app-ready mark
// and returns its time after navigation in milliseconds.
func appReady(tb testing.TB, ctx context.Context) float64 {
	tb.Helper()
	deadline := time.Now().Add(2 * time.Minute)
	for {
		ms, err := chromedp.Run(ctx, chromedp.Evaluate[float64](
			`(performance.getEntriesByName("folio-app-ready")[0] || {startTime: -1}).startTime`))
		if err == nil && ms >= 0 {
			return ms
		}
		if time.Now().After(deadline) {
			tb.Fatalf("the app never got ready: %v", err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}
