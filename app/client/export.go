package client

import (
	"errors"
	"net/url"
	"strconv"
	"time"

	"folio/app/comment"
)

// Export describes a static export made by folio build: the site is plain
// files on any host, so the article documents have file names
// (/api/articles/index.json, /api/articles/{slug}.json) and comments, if
// any, live on a Folio server elsewhere.
type Export struct {
	// API is the origin (and path prefix) of the Folio server that holds
	// the comments, like https://comments.example; empty when there is
	// none, and then the comment section is hidden.
	API string
}

// The go-app Handler.Env variables that tell the browser program it runs
// from an export. go-app writes Env into app.js, which the export carries,
// and app.Getenv reads it there.
const (
	envExport    = "FOLIO_EXPORT"
	envExportAPI = "FOLIO_EXPORT_API"
)

// Env is e as go-app Handler.Env variables; nil for a served site.
func (e *Export) Env() map[string]string {
	if e == nil {
		return nil
	}
	return map[string]string{envExport: "1", envExportAPI: e.API}
}

// ExportFromEnv reads what Env wrote, through getenv (app.Getenv in the
// browser); nil when the page is served by folio serve.
func ExportFromEnv(getenv func(string) string) *Export {
	if getenv(envExport) != "1" {
		return nil
	}
	return &Export{API: getenv(envExportAPI)}
}

// export is the running site's layout: nil when served by folio serve.
var export *Export

// SetExport sets how the site is laid out: in the browser from the page's
// environment, on the server by whoever prerenders the pages (nil: served).
func SetExport(e *Export) { export = e }

// CommentsOn reports whether this site has comments to show and a server
// to post them to.
func CommentsOn() bool { return export == nil || export.API != "" }

// LiveComments reports whether a page's thread must be fetched in the
// browser: an export's prerendered pages hold none, since comments change
// after the build.
func LiveComments() bool { return export != nil && export.API != "" }

// ArticlesPageURL is where page n (from 1) of the article list is read:
// every article, or those tagged tag. An export has a file for each page.
func ArticlesPageURL(tag string, n int) string {
	if export != nil {
		return ArticlesFile(tag, n)
	}
	return ArticlesQuery(tag, n)
}

// ArticlesQuery is the API request for page n of the list: GET
// /api/articles answers article.PageSize articles unless asked otherwise.
func ArticlesQuery(tag string, n int) string {
	q := url.Values{}
	if tag != "" {
		q.Set("tag", tag)
	}
	if n > 1 {
		q.Set("page", strconv.Itoa(n))
	}
	if len(q) == 0 {
		return "/api/articles"
	}
	return "/api/articles?" + q.Encode()
}

// ArticlesFile is the file an export holds page n of the list in:
// api/articles/index.json, api/articles/page/2.json,
// api/articles/tag/TAG/index.json, api/articles/tag/TAG/page/2.json.
func ArticlesFile(tag string, n int) string {
	dir := "/api/articles/"
	if tag != "" {
		dir += "tag/" + url.PathEscape(tag) + "/"
	}
	if n > 1 {
		return dir + "page/" + strconv.Itoa(n) + ".json"
	}
	return dir + "index.json"
}

func articleURL(slug string) string {
	if export != nil {
		return "/api/articles/" + url.PathEscape(slug) + ".json"
	}
	return "/api/articles/" + url.PathEscape(slug)
}

// commentsBase is the origin comments are read from and posted to: the
// export's comment server, or the page's own ("").
func commentsBase() string {
	if export != nil {
		return export.API
	}
	return ""
}

func commentsURL(slug string) string {
	return commentsBase() + "/api/comments?article=" + url.QueryEscape(slug)
}

// threadAcrossOrigins stands in for the worker on an export's comment
// threads: a fetched page is kept in the data cache under its address u,
// and when the network is away the kept one is answered with when it was
// fetched.
func threadAcrossOrigins(u string, res response, err error) (comment.Page, time.Time, error) {
	if err == nil {
		_ = cachePut(u, res.body, "application/json; charset=utf-8")
		page, err := decodePage(res.body)
		return page, time.Time{}, err
	}
	if !errors.Is(err, ErrOffline) {
		return comment.Page{}, time.Time{}, err
	}
	if c, ok := cached(u); ok {
		if page, err := decodePage(c.body); err == nil {
			return page, c.fetchedAt, nil
		}
	}
	return comment.Page{}, time.Time{}, err
}
