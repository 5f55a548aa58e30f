package web

import (
	"encoding/xml"
	"net/http"
	"time"

	"folio/app/article"
	"folio/cmd/folio/internal/content"
)

// The Atom feed, sitemap and robots.txt are made from the index on each
// request: the index is in memory and small, and they change only with it.

// feedEntries is how many of the newest articles the feed carries: readers
// poll it, so it stays small however large the archive grows. The sitemap
// lists every article (sitemaps hold up to 50,000 addresses).
const feedEntries = 50

type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Title   string      `xml:"title"`
	ID      string      `xml:"id"`
	Updated string      `xml:"updated"`
	Links   []atomLink  `xml:"link"`
	Entries []atomEntry `xml:"entry"`
}

type atomLink struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr,omitempty"`
}

type atomEntry struct {
	Title     string     `xml:"title"`
	ID        string     `xml:"id"`
	Link      atomLink   `xml:"link"`
	Published string     `xml:"published"`
	Updated   string     `xml:"updated"`
	Author    atomAuthor `xml:"author"`
	Summary   string     `xml:"summary,omitempty"`
	Category  []atomCat  `xml:"category"`
	// Content is set on comment feeds' entries, which carry the comment.
	Content *atomContent `xml:"content,omitempty"`
}

type atomAuthor struct {
	Name string `xml:"name"`
}

type atomCat struct {
	Term string `xml:"term,attr"`
}

func feedHandler(ix *content.Index, base string) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		list := ix.List()
		f := atomFeed{Title: "Folio", ID: base + "/", Links: []atomLink{{Href: base + "/"}, {Href: base + "/feed.xml", Rel: "self"}}}
		if len(list) > 0 {
			f.Updated = list[0].Published.Format(time.RFC3339)
		}
		for _, m := range list[:min(len(list), feedEntries)] {
			f.Entries = append(f.Entries, entry(m, base))
		}
		writeXML(w, "application/atom+xml; charset=utf-8", f)
	}
}

func entry(m article.Meta, base string) atomEntry {
	e := atomEntry{
		Title: m.Title, ID: base + "/a/" + m.Slug, Link: atomLink{Href: base + "/a/" + m.Slug},
		Published: m.Published.Format(time.RFC3339), Updated: m.Published.Format(time.RFC3339),
		Author: atomAuthor{Name: m.Author}, Summary: m.Summary,
	}
	if e.Author.Name == "" {
		e.Author.Name = "Folio"
	}
	for _, t := range m.Tags {
		e.Category = append(e.Category, atomCat{Term: t})
	}
	return e
}

type urlSet struct {
	XMLName xml.Name  `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
	URLs    []siteURL `xml:"url"`
}

type siteURL struct {
	Loc     string `xml:"loc"`
	LastMod string `xml:"lastmod,omitempty"`
}

func sitemapHandler(ix *content.Index, base string) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		set := urlSet{URLs: []siteURL{{Loc: base + "/"}}}
		tags := map[string]bool{}
		for _, m := range ix.List() {
			set.URLs = append(set.URLs, siteURL{Loc: base + "/a/" + m.Slug, LastMod: m.Published.Format(time.DateOnly)})
			for _, t := range m.Tags {
				if !tags[t] {
					tags[t] = true
					set.URLs = append(set.URLs, siteURL{Loc: base + "/tag/" + t})
				}
			}
		}
		writeXML(w, "application/xml; charset=utf-8", set)
	}
}

func robotsHandler(base string) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = w.Write([]byte("User-agent: *\nDisallow: /api/\nSitemap: " + base + "/sitemap.xml\n"))
	}
}

func writeXML(w http.ResponseWriter, contentType string, v any) {
	b, err := xml.MarshalIndent(v, "", "  ")
	if err != nil {
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Cache-Control", "public, max-age=300")
	_, _ = w.Write([]byte(xml.Header))
	_, _ = w.Write(b)
}
