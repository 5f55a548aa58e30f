package web

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	"folio/app/comment"
	"folio/cmd/folio/internal/store"
)

// deepThread is how many comments the deep-thread tests seed.
const deepThread = 1000

// seedChain stores n comments on slug through the real store. Chained, each
// replies to the one before (a thread n deep); otherwise all are top-level.
func seedChain(tb testing.TB, st store.Store, slug string, n int, chained bool) {
	tb.Helper()
	at := time.Date(2026, 2, 1, 10, 0, 0, 0, time.UTC)
	parent := ""
	for i := range n {
		c := comment.Comment{
			ID: fmt.Sprintf("%s-%04d", slug, i), Article: slug, Parent: parent,
			Author: fmt.Sprintf("Reader %d", i), Body: fmt.Sprintf("Reply number %d, with a few words.", i),
			Created: at.Add(time.Duration(i) * time.Second), Status: comment.Published,
		}
		c.HTML = comment.Render(c.Body)
		if _, _, err := st.Post(context.Background(), c); err != nil {
			tb.Fatal(err)
		}
		if chained {
			parent = c.ID
		}
	}
}

// pageSize prerenders /a/slug through the real handler and returns its bytes.
func pageSize(tb testing.TB, h http.Handler, slug string) int {
	tb.Helper()
	w := get(h, "/a/"+slug)
	if w.Code != http.StatusOK {
		tb.Fatalf("GET /a/%s: status %d", slug, w.Code)
	}
	return w.Body.Len()
}

// TestDeepThreadLinear: a thread 1,000 replies deep prerenders to about as
// many bytes per comment as 1,000 top-level comments do. Nesting one element
// per level made the page grow with the square of the depth (25 MB).
func TestDeepThreadLinear(t *testing.T) {
	h, st, ix := newSite(t)
	list := ix.List()
	if len(list) < 3 {
		t.Fatalf("the sample magazine has %d articles, want 3", len(list))
	}
	// Three articles of about the same length would be fairer, but the bare
	// page of each is measured and taken off.
	deep, flat := list[1].Slug, list[2].Slug
	bareDeep, bareFlat := pageSize(t, h, deep), pageSize(t, h, flat)
	seedChain(t, st, deep, deepThread, true)
	seedChain(t, st, flat, deepThread, false)
	perDeep := float64(pageSize(t, h, deep)-bareDeep) / deepThread
	// A page carries the first page of a thread: all of the chain, which
	// hangs from one top-level comment, but only the first top-level
	// comments of the flat thread.
	perFlat := float64(pageSize(t, h, flat)-bareFlat) / min(deepThread, comment.PageSize)
	t.Logf("bytes per comment: %d deep %.0f, flat %.0f", deepThread, perDeep, perFlat)
	// A deep reply also says whom it answers, with a link: allow for that.
	if perDeep > 2*perFlat {
		t.Errorf("a %d-deep thread costs %.0f bytes per comment, want at most twice the %.0f of a flat thread", deepThread, perDeep, perFlat)
	}
}

// BenchmarkPrerenderDeep prerenders an article page under a thread 1,000
// replies deep, and under 1,000 top-level comments for comparison.
func BenchmarkPrerenderDeep(b *testing.B) {
	for _, chained := range []bool{true, false} {
		name := "flat"
		if chained {
			name = "deep"
		}
		b.Run(name, func(b *testing.B) {
			h, st, ix := newSite(b)
			slug := ix.List()[1].Slug
			seedChain(b, st, slug, deepThread, chained)
			var size int
			b.ReportAllocs()
			for b.Loop() {
				size = pageSize(b, h, slug)
			}
			b.ReportMetric(float64(size), "bytes/page")
		})
	}
}
