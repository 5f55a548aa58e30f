package ui

import (
	"encoding/json"
	"net/url"
	"strings"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"folio/app/article"
	"folio/app/comment"
)

// origin is the site's scheme and host (https://news.example), which the
// addresses in structured data are made absolute with: set by the server
// from its -domain, read from the page's own address in the browser.
var origin string

// SetOrigin sets the site's origin for structured data, on the server.
func SetOrigin(o string) { origin = strings.TrimSuffix(o, "/") }

// readOrigin takes the origin in the browser from the og:url the server
// wrote with its -domain, so the structured data the browser renders says
// what the prerendered page said; failing that, from the page's address.
func readOrigin() {
	u := app.Window().URL()
	origin = u.Scheme + "://" + u.Host
	el := app.Window().Get("document").Call("querySelector", `meta[property="og:url"]`)
	if !el.Truthy() {
		return
	}
	if og, err := url.Parse(el.Call("getAttribute", "content").String()); err == nil && og.Scheme != "" && og.Host != "" {
		origin = og.Scheme + "://" + og.Host
	}
}

// ldArticle is schema.org's NewsArticle, as search engines read it.
type ldArticle struct {
	Context       string   `json:"@context"`
	Type          string   `json:"@type"`
	Headline      string   `json:"headline"`
	Description   string   `json:"description,omitempty"`
	Image         []string `json:"image,omitempty"`
	Author        []ldName `json:"author,omitempty"`
	DatePublished string   `json:"datePublished"`
	Publisher     ldName   `json:"publisher"`
	MainEntity    ldPage   `json:"mainEntityOfPage"`
	InLanguage    string   `json:"inLanguage,omitempty"`
	Keywords      []string `json:"keywords,omitempty"`
	CommentCount  *int     `json:"commentCount,omitempty"`
}

type ldName struct {
	Type string `json:"@type"`
	Name string `json:"name"`
}

type ldPage struct {
	Type string `json:"@type"`
	ID   string `json:"@id"`
}

// structuredData is an article page's JSON-LD. It is one <script> of type
// application/ld+json: data, which browsers neither run nor hold to the
// Content-Security-Policy. go-app escapes a script's text for HTML when it
// prerenders, which JSON-LD readers would not undo, so the element is
// written whole; encoding/json writes <, > and & as \u escapes, so nothing
// in the front matter can close the element or open a comment in it.
//
// The comment count is the published comments of thread, the first page
// of the article's thread; none when it could not be read.
func structuredData(m article.Meta, thread *comment.Page) app.UI {
	ld := ldArticle{
		Context: "https://schema.org", Type: "NewsArticle",
		Headline: m.Title, Description: m.Summary,
		DatePublished: m.Published.UTC().Format(time.RFC3339),
		Publisher:     ldName{Type: "Organization", Name: siteName},
		MainEntity:    ldPage{Type: "WebPage", ID: absolute("/a/" + m.Slug)},
		InLanguage:    m.Lang, Keywords: m.Tags,
	}
	if thread != nil {
		n := thread.Published
		ld.CommentCount = &n
	}
	if m.Image != "" {
		ld.Image = []string{absolute(m.Image)}
	}
	if strings.TrimSpace(m.Author) != "" {
		ld.Author = []ldName{{Type: "Person", Name: m.Author}}
	}
	b, err := json.Marshal(ld)
	if err != nil {
		return nil
	}
	return app.Raw(`<script type="application/ld+json">` + string(b) + `</script>`)
}

// absolute makes a site path an address on origin; addresses with a scheme
// stay as they are.
func absolute(p string) string {
	if strings.HasPrefix(p, "/") && !strings.HasPrefix(p, "//") {
		return origin + p
	}
	return p
}
