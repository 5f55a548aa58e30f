package web

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"folio/app/article"
)

// TestArticleEnd: an article's page is prerendered with its end (the next
// article and more from its tag) and loads web/listen-share.js; the API
// gives the app the same end with the article, so a page the app renders
// itself, or reads offline, shows the same.
func TestArticleEnd(t *testing.T) {
	h, _, ix := newSite(t)
	m := ix.List()[0]
	want := article.AroundIn(ix.List(), 0, ix.Tagged)
	if want.Next == nil || len(want.More) == 0 {
		t.Fatalf("the sample's newest article has no next or more: %+v", want)
	}

	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/articles/"+m.Slug, nil))
	var a article.Article
	if err := json.Unmarshal(rec.Body.Bytes(), &a); err != nil || a.Around == nil {
		t.Fatalf("GET /api/articles/%s: %v, around %v", m.Slug, err, a.Around)
	}
	if a.Around.Next.Slug != want.Next.Slug || a.Around.Tag != want.Tag || len(a.Around.More) != len(want.More) {
		t.Errorf("API around = %+v, want %+v", a.Around, want)
	}

	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/a/"+m.Slug, nil))
	page := rec.Body.String()
	start := strings.Index(page, `class="around"`)
	if start < 0 {
		t.Fatalf("GET /a/%s: no end of the article in the page", m.Slug)
	}
	nav := page[start:]
	nav = nav[:strings.Index(nav, "</nav>")]
	for _, s := range append([]article.Meta{*want.Next}, want.More...) {
		if !strings.Contains(nav, `href="/a/`+s.Slug+`"`) {
			t.Errorf("prerendered end does not link %s", s.Slug)
		}
	}
	if !strings.Contains(nav, "More from "+want.Tag) {
		t.Errorf("prerendered end does not say More from %s", want.Tag)
	}
	if !strings.Contains(page, `src="/web/listen-share.js?v=`) || !strings.Contains(page, `data-share="page"`) {
		t.Errorf("the article page does not load listen-share.js or offer Share")
	}
}
