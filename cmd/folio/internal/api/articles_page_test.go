package api

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"folio/app/article"
)

// listOf is an article index of generated metadata, newest first.
type listOf struct {
	fakeArticles
	list []article.Meta
}

func (l *listOf) List() []article.Meta { return l.list }

func (l *listOf) Tagged(tag string) []article.Meta {
	var out []article.Meta
	for _, m := range l.list {
		if m.HasTag(tag) {
			out = append(out, m)
		}
	}
	return out
}

// generated makes n articles, two of them published at the same moment so
// the slug has to break the tie, newest first as the index sorts them.
func generated(n int) []article.Meta {
	var list []article.Meta
	day := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	for i := range n {
		pub := day.Add(-time.Duration(i/2) * time.Hour) // pairs share a time
		tags := []string{"all"}
		if i%3 == 0 {
			tags = append(tags, "third")
		}
		list = append(list, article.Meta{Slug: fmt.Sprintf("a%03d", i), Title: fmt.Sprint("Article ", i), Published: pub, Tags: tags})
	}
	return list
}

func pageOf(t *testing.T, e *env, path string) article.Page {
	t.Helper()
	w := e.do(req{method: "GET", path: path})
	if w.Code != http.StatusOK {
		t.Fatalf("GET %s = %d %s", path, w.Code, w.Body)
	}
	var p article.Page
	if err := json.Unmarshal(w.Body.Bytes(), &p); err != nil || p.Articles == nil {
		t.Fatalf("GET %s: %v in %s", path, err, w.Body)
	}
	return p
}

func slugs(list []article.Meta) []string {
	var out []string
	for _, m := range list {
		out = append(out, m.Slug)
	}
	return out
}

// TestArticlesPaginated walks the list by cursor and by page number, with and
// without a tag, and checks that every article comes once, in order.
func TestArticlesPaginated(t *testing.T) {
	ix := &listOf{list: generated(31)}
	e := newEnv(t, func(c *Config) { c.Articles = ix })

	first := pageOf(t, e, "/api/articles")
	if len(first.Articles) != article.PageSize || first.Next == "" {
		t.Fatalf("GET /api/articles = %d articles, next %q; want %d and a cursor", len(first.Articles), first.Next, article.PageSize)
	}
	for _, tt := range []struct {
		tag   string
		limit int
	}{{"", 5}, {"", 31}, {"", 100}, {"all", 2}, {"third", 4}} {
		want := slugs(ix.list)
		if tt.tag != "" {
			want = slugs(ix.Tagged(tt.tag))
		}
		q := fmt.Sprintf("limit=%d", tt.limit)
		if tt.tag != "" {
			q += "&tag=" + tt.tag
		}
		var byCursor, byPage []string
		cursor := ""
		for range 100 {
			p := pageOf(t, e, "/api/articles?"+q+cursor)
			if len(p.Articles) > tt.limit {
				t.Fatalf("%s: %d articles, over the limit", q, len(p.Articles))
			}
			byCursor = append(byCursor, slugs(p.Articles)...)
			if p.Next == "" {
				break
			}
			cursor = "&cursor=" + p.Next
		}
		for n := 1; ; n++ {
			p := pageOf(t, e, fmt.Sprintf("/api/articles?%s&page=%d", q, n))
			byPage = append(byPage, slugs(p.Articles)...)
			if p.Next == "" {
				break
			}
		}
		if !slices.Equal(byCursor, want) || !slices.Equal(byPage, want) {
			t.Errorf("%s:\nby cursor %v\nby page   %v\nwant      %v", q, byCursor, byPage, want)
		}
	}
}

// TestArticlesCursorStable: articles published after a page was read do not
// shift the pages that follow it.
func TestArticlesCursorStable(t *testing.T) {
	all := generated(20)
	ix := &listOf{list: all[5:]}
	e := newEnv(t, func(c *Config) { c.Articles = ix })
	p := pageOf(t, e, "/api/articles?limit=4")
	ix.list = all // five newer articles arrive
	next := pageOf(t, e, "/api/articles?limit=4&cursor="+p.Next)
	if got, want := slugs(next.Articles), slugs(all[9:13]); !slices.Equal(got, want) {
		t.Errorf("page after the cursor = %v, want %v", got, want)
	}
}

func TestArticlesBadQuery(t *testing.T) {
	e := newEnv(t, func(c *Config) { c.Articles = &listOf{list: generated(3)} })
	for _, tt := range []struct{ query, reason string }{
		{"cursor=%%%", "does not parse"},
		{"cursor=%21%21", "not one this server gave out"},
		{"cursor=bm90LWEtY3Vyc29y", "not one this server gave out"},
		{"cursor=" + strings.Repeat("A", 300), "cursor"},
		{"limit=0", "limit"},
		{"limit=101", "limit"},
		{"limit=ten", "limit"},
		{"page=0", "page"},
		{"page=02", "page"},
		{"page=1&cursor=x", "not both"},
		{"tag=Not%20a%20tag", "tag"},
		{"tag=a&tag=b", "given 2 times"},
		{"offset=3", "unknown parameter"},
	} {
		w := e.do(req{method: "GET", path: "/api/articles?" + tt.query})
		if w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), tt.reason) {
			t.Errorf("GET /api/articles?%s = %d %s, want 400 saying %q", tt.query, w.Code, w.Body, tt.reason)
		}
	}
}
