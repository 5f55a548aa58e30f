package ui

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/net/html"

	"folio/app/article"
)

// newsArticle is what a search engine reads from an article page's JSON-LD.
type newsArticle struct {
	Context  string   `json:"@context"`
	Type     string   `json:"@type"`
	Headline string   `json:"headline"`
	Desc     string   `json:"description"`
	Image    []string `json:"image"`
	Author   []struct {
		Type string `json:"@type"`
		Name string `json:"name"`
	} `json:"author"`
	DatePublished string `json:"datePublished"`
	Publisher     struct {
		Type string `json:"@type"`
		Name string `json:"name"`
	} `json:"publisher"`
	MainEntity struct {
		Type string `json:"@type"`
		ID   string `json:"@id"`
	} `json:"mainEntityOfPage"`
	InLanguage   string `json:"inLanguage"`
	CommentCount *int   `json:"commentCount"`
}

// ldScripts returns the text of every application/ld+json script in page,
// as a browser's HTML parser reads it.
func ldScripts(t testing.TB, page string) []string {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "script" && attrs(n)["type"] == "application/ld+json" {
			var b strings.Builder
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				b.WriteString(c.Data)
			}
			out = append(out, b.String())
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return out
}

// readLD parses the one JSON-LD block of the prerendered page of a.
func readLD(t testing.TB, a article.Article) (newsArticle, string) {
	t.Helper()
	SetOrigin("https://folio.test")
	scripts := ldScripts(t, prerender(t, a, "/a/hostile"))
	if len(scripts) != 1 {
		t.Fatalf("page of %+v has %d JSON-LD scripts, want 1", a.Meta, len(scripts))
	}
	var ld newsArticle
	if err := json.Unmarshal([]byte(scripts[0]), &ld); err != nil {
		t.Fatalf("JSON-LD of %+v does not parse: %v\n%s", a.Meta, err, scripts[0])
	}
	return ld, scripts[0]
}

var breakout = regexp.MustCompile(`(?i)</script|<!--|<script`)

func TestArticleJSONLD(t *testing.T) {
	a := hostileArticle(article.Meta{
		Title: "Harbour cranes", Summary: "One sentence.", Author: "A. Writer",
		Image: "/media/images/cranes.svg", Tags: []string{"city"},
	})
	ld, _ := readLD(t, a)
	if ld.Context != "https://schema.org" || ld.Type != "NewsArticle" || ld.Headline != "Harbour cranes" ||
		ld.Desc != "One sentence." || len(ld.Image) != 1 || ld.Image[0] != "https://folio.test/media/images/cranes.svg" ||
		len(ld.Author) != 1 || ld.Author[0].Type != "Person" || ld.Author[0].Name != "A. Writer" ||
		ld.DatePublished != "2026-02-01T00:00:00Z" || ld.Publisher.Type != "Organization" || ld.Publisher.Name != "Folio" ||
		ld.MainEntity.Type != "WebPage" || ld.MainEntity.ID != "https://folio.test/a/hostile" ||
		ld.InLanguage != "" || ld.CommentCount == nil || *ld.CommentCount != 0 {
		t.Errorf("JSON-LD = %+v", ld)
	}

	a.Image, a.Author, a.Lang = "https://img.example/a.jpg?x=1&y=2", "", "zh-Hans"
	ld, _ = readLD(t, a)
	if len(ld.Image) != 1 || ld.Image[0] != a.Image || len(ld.Author) != 0 || ld.InLanguage != "zh-Hans" {
		t.Errorf("JSON-LD with an absolute image, no author and a lang = %+v", ld)
	}
}

// TestArticleJSONLDHostile: whatever the front matter holds, the JSON-LD is
// one script block the HTML parser ends where it should, whose JSON holds
// the text as written.
func TestArticleJSONLDHostile(t *testing.T) {
	for _, v := range hostileValues {
		checkJSONLD(t, v, v, v)
	}
}

func checkJSONLD(t *testing.T, title, summary, author string) {
	t.Helper()
	ld, raw := readLD(t, hostileArticle(article.Meta{Title: title, Summary: summary, Author: author}))
	if breakout.MatchString(raw) {
		t.Errorf("JSON-LD for title %q holds markup the HTML parser acts on:\n%s", title, raw)
	}
	if !utf8.ValidString(title + summary + author) {
		return // JSON carries invalid bytes as U+FFFD
	}
	if ld.Headline != title || ld.Desc != summary {
		t.Errorf("JSON-LD = headline %q, description %q; want %q, %q", ld.Headline, ld.Desc, title, summary)
	}
	switch {
	case strings.TrimSpace(author) == "" && len(ld.Author) != 0:
		t.Errorf("JSON-LD for a blank author %q names %+v", author, ld.Author)
	case strings.TrimSpace(author) != "" && (len(ld.Author) != 1 || ld.Author[0].Name != author):
		t.Errorf("JSON-LD authors = %+v, want %q", ld.Author, author)
	}
}

func FuzzArticleJSONLD(f *testing.F) {
	for _, v := range hostileValues {
		f.Add(v, v, v)
	}
	f.Fuzz(checkJSONLD)
}
