package ui

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
	"golang.org/x/net/html"

	"folio/app/article"
	"folio/app/comment"
)

// oneArticle is a Source holding a single article and no comments.
type oneArticle struct{ a article.Article }

func (s oneArticle) ArticlePage(context.Context, string, int) (article.Page, error) {
	return article.Page{Articles: []article.Meta{s.a.Meta}}, nil
}

func (s oneArticle) Article(_ context.Context, slug string) (article.Article, error) {
	if slug != s.a.Slug {
		return article.Article{}, article.ErrNotFound
	}
	return s.a, nil
}

func (s oneArticle) PageAsOf(context.Context, string, string) (comment.Page, time.Time, error) {
	return comment.Page{}, time.Time{}, nil
}

func (s oneArticle) Page(context.Context, string, string, int) (comment.Page, error) {
	return comment.Page{}, nil
}

func (s oneArticle) Post(context.Context, comment.Comment) (comment.Comment, bool, error) {
	return comment.Comment{}, false, nil
}

var (
	pagesOnce sync.Once
	pages     *app.Handler
	pagesMu   sync.Mutex // the source is package state
)

// prerender is the page the server sends for path when a is the only article:
// go-app's own handler, head included, as in production.
func prerender(t testing.TB, a article.Article, path string) string {
	t.Helper()
	pagesOnce.Do(func() {
		Register()
		pages = &app.Handler{Name: "Folio", Title: "Folio", Domain: "folio.test", Version: "test"}
	})
	pagesMu.Lock()
	defer pagesMu.Unlock()
	defer SetSource(source)
	SetSource(oneArticle{a})
	w := httptest.NewRecorder()
	pages.ServeHTTP(w, httptest.NewRequest(http.MethodGet, path, nil))
	if w.Code != http.StatusOK {
		t.Fatalf("GET %s = %d", path, w.Code)
	}
	return w.Body.String()
}

// pagesOf are the pages that show an article's front matter.
var pagesOf = []string{"/a/hostile", "/embed/hostile?mode=article", "/embed/hostile", "/"}

// shape is a parsed page's element tree with attribute names, without text
// or attribute values: what markup the page is made of.
func shape(t testing.TB, page string) string {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	var b strings.Builder
	var walk func(n *html.Node, depth int)
	walk = func(n *html.Node, depth int) {
		switch n.Type {
		case html.ElementNode:
			names := make([]string, 0, len(n.Attr))
			for _, a := range n.Attr {
				names = append(names, a.Namespace+":"+a.Key)
			}
			sort.Strings(names)
			b.WriteString(strings.Repeat(" ", depth) + n.Data + " " + strings.Join(names, " ") + "\n")
		case html.CommentNode:
			b.WriteString(strings.Repeat(" ", depth) + "<!---->\n")
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, depth+1)
		}
	}
	walk(doc, 0)
	return b.String()
}

// tame is m with each field that is set replaced by plain text: the article
// the same page would show if its front matter asked for nothing special.
func tame(m article.Meta) article.Meta {
	plain := func(s, v string) string {
		if strings.TrimSpace(s) == "" {
			return s // go-app leaves out an attribute left empty by trimming
		}
		return v
	}
	m.Title, m.Summary, m.Author = plain(m.Title, "Title"), plain(m.Summary, "Summary"), plain(m.Author, "Author")
	m.Caption, m.Source, m.Image = plain(m.Caption, "Caption"), plain(m.Source, "Source"), plain(m.Image, "/media/a.png")
	tags := make([]string, len(m.Tags))
	for i, tag := range m.Tags {
		tags[i] = plain(tag, "tag")
	}
	m.Tags = tags
	return m
}

func hostileArticle(m article.Meta) article.Article {
	m.Slug, m.ReadingMinutes = "hostile", 1
	m.Published = time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)
	return article.Article{Meta: m, MediaBase: "/media/", Markdown: "A plain body."}
}

// checkNoInjection fails when a page for m holds an element or an attribute
// that the same page for tame(m) does not.
func checkNoInjection(t testing.TB, m article.Meta) {
	t.Helper()
	for _, path := range pagesOf {
		got := shape(t, prerender(t, hostileArticle(m), path))
		want := shape(t, prerender(t, hostileArticle(tame(m)), path))
		if got != want {
			t.Fatalf("GET %s with front matter %+v: markup changed:\n%s", path, m, lineDiff(want, got))
		}
	}
}

// lineDiff shows the first line where two shapes differ.
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(w) && i < len(g); i++ {
		if w[i] != g[i] {
			return "want " + w[i] + "\n got " + g[i]
		}
	}
	return "lengths differ"
}

// hostileValues are front-matter values that try to leave an attribute, a
// text node or the page's encoding.
var hostileValues = []string{
	`/"><script>alert(1)</script>`,
	`x" onerror="alert(1)`,
	`x' onerror='alert(1)`,
	`\" onmouseover=alert(1) x=\"`,
	`\"><img src=x onerror=alert(1)>`,
	"</title><script>alert(1)</script>",
	"</script><script>alert(1)</script>",
	"&quot;><b>&#34;",
	"line\nbreak\ttab\x00nul\x1b\u0085\u200b\u2028",
	"\xff\xfe invalid utf-8 \"",
	`javascript:alert(1)`,
	"<!-- x --><![CDATA[ y ]]>",
}

// FuzzPrerenderFrontMatter renders the article, embed and front pages of an
// article whose every front-matter field is fuzzed, and checks that the
// markup is the markup of a plain article: nothing the input writes becomes
// an element or an attribute.
func FuzzPrerenderFrontMatter(f *testing.F) {
	for i, v := range hostileValues {
		w := hostileValues[(i+1)%len(hostileValues)]
		f.Add(v, v, v, v, v, v, v)
		f.Add("Title", "", "", w, "", "tag", v)
		f.Add(v, w, "A. Writer", "", v, w, "/web/x.png")
	}
	f.Fuzz(func(t *testing.T, title, summary, author, caption, source, tag, image string) {
		checkNoInjection(t, article.Meta{
			Title: title, Summary: summary, Author: author, Caption: caption,
			Source: source, Tags: []string{tag, "city"}, Image: image,
		})
	})
}

// TestPrerenderedAttributesKeepTheirValues checks that a hostile value is
// not only harmless but shown as written: the browser reads back the text the
// front matter holds.
func TestPrerenderedAttributesKeepTheirValues(t *testing.T) {
	v := `Q&A: "quotes" \ <b> 'single'`
	page := prerender(t, hostileArticle(article.Meta{
		Title: "T", Summary: v, Author: v, Caption: v, Image: `/media/a"b.png`,
	}), "/a/hostile")
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"meta name=description":  v,
		"meta name=author":       v,
		"meta property=og:image": `https://folio.test/media/a"b.png`,
		"img alt":                v,
		"img src":                `/media/a"b.png`,
	}
	got := map[string]string{}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			a := attrs(n)
			switch {
			case n.Data == "meta" && a["name"] != "":
				got["meta name="+a["name"]] = a["content"]
			case n.Data == "meta" && a["property"] != "":
				got["meta property="+a["property"]] = a["content"]
			case n.Data == "img" && a["id"] == "": // not go-app's loader
				got["img alt"], got["img src"] = a["alt"], a["src"]
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	for k, w := range want {
		if got[k] != w {
			t.Errorf("prerendered %s = %q, want %q", k, got[k], w)
		}
	}
}

func attrs(n *html.Node) map[string]string {
	m := map[string]string{}
	for _, a := range n.Attr {
		m[a.Key] = a.Val
	}
	return m
}
