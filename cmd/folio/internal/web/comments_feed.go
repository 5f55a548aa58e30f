package web

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/xml"
	"html"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"folio/app/comment"
	"folio/app/ui"
	"folio/cmd/folio/internal/content"
)

// commentFeedEntries is how many of an article's newest comments its feed
// carries: readers poll it, so it stays small however long the thread.
const commentFeedEntries = 50

// recentComments is what an article's comment feed reads. The server's
// store has it; an export (folio build) has no store, and no feed.
type recentComments interface {
	Recent(ctx context.Context, article string, n int) ([]comment.Comment, error)
}

// atomContent is an entry's content: the comment's sanitized HTML, which
// encoding/xml escapes, as type="html" asks.
type atomContent struct {
	Type string `xml:"type,attr"`
	Text string `xml:",chardata"`
}

// commentFeedHandler answers GET /a/{slug}/comments.xml with the Atom feed
// of the article's newest published comments, newest first. Its ETag is a
// hash of the feed, so a reader polling it gets 304 until a comment is
// posted, hidden or deleted; no-cache makes it ask every time.
func commentFeedHandler(ix *content.Index, comments recentComments, base string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		slug := r.PathValue("slug")
		a, ok := ix.Meta(slug)
		if !ok {
			writeStatus(w, r, http.StatusNotFound, "not found")
			return
		}
		list, err := comments.Recent(r.Context(), slug, commentFeedEntries)
		if err != nil {
			writeStatus(w, r, http.StatusInternalServerError, "internal error")
			return
		}
		page := base + "/a/" + slug
		f := atomFeed{
			Title: "Comments on " + a.Title + " — Folio", ID: page + "/comments.xml",
			Updated: a.Published.UTC().Format(time.RFC3339),
			Links:   []atomLink{{Href: page, Rel: "alternate"}, {Href: page + "/comments.xml", Rel: "self"}},
		}
		if len(list) > 0 {
			f.Updated = list[0].Created.UTC().Format(time.RFC3339)
		}
		for _, c := range list {
			at := c.Created.UTC().Format(time.RFC3339)
			f.Entries = append(f.Entries, atomEntry{
				Title: c.Author + " on " + a.Title, ID: page + "#c-" + c.ID, Link: atomLink{Href: page + "#c-" + c.ID},
				Published: at, Updated: at, Author: atomAuthor{Name: c.Author},
				Content: &atomContent{Type: "html", Text: c.HTML},
			})
		}
		writeTaggedXML(w, r, f)
	}
}

// writeTaggedXML writes v as XML with an ETag, or 304 to a request that
// names it. The tag is weak: gzipResponses may send other bytes.
func writeTaggedXML(w http.ResponseWriter, r *http.Request, v any) {
	b, err := xml.MarshalIndent(v, "", "  ")
	if err != nil {
		writeStatus(w, r, http.StatusInternalServerError, "internal error")
		return
	}
	b = append([]byte(xml.Header), b...)
	sum := sha256.Sum256(b)
	etag := `W/"` + base64.RawURLEncoding.EncodeToString(sum[:18]) + `"`
	h := w.Header()
	h.Set("ETag", etag)
	h.Set("Cache-Control", "no-cache")
	if weakMatch(r.Header.Get("If-None-Match"), etag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	h.Set("Content-Type", "application/atom+xml; charset=utf-8")
	_, _ = w.Write(b)
}

// weakMatch reports whether an If-None-Match header names etag, comparing
// weakly as RFC 9110 asks for If-None-Match.
func weakMatch(header, etag string) bool {
	etag = strings.TrimPrefix(etag, "W/")
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimSpace(t)
		if t == "*" || strings.TrimPrefix(t, "W/") == etag {
			return true
		}
	}
	return false
}

// headWriter holds a page go-app writes and puts extra elements at the end
// of its head. go-app writes a page in one piece with its Content-Length.
type headWriter struct {
	http.ResponseWriter
	extra string
	code  int
	buf   bytes.Buffer
}

func (w *headWriter) WriteHeader(code int) {
	if w.code == 0 {
		w.code = code
	}
}

func (w *headWriter) Write(b []byte) (int, error) { return w.buf.Write(b) }

// flush sends the page on with the extra elements before </head>.
func (w *headWriter) flush() {
	b := w.buf.Bytes()
	if i := bytes.Index(b, []byte("</head>")); i >= 0 && strings.HasPrefix(w.Header().Get("Content-Type"), "text/html") {
		b = append(append(append([]byte{}, b[:i]...), w.extra...), b[i:]...)
		if w.Header().Get("Content-Length") != "" {
			w.Header().Set("Content-Length", strconv.Itoa(len(b)))
		}
	}
	if w.code != 0 {
		w.ResponseWriter.WriteHeader(w.code)
	}
	_, _ = w.ResponseWriter.Write(b)
}

// mountCommentFeeds serves each article's comment feed when there is a
// store, and returns what makes the <link> to it for an article page's
// head: to this server's feed, or in an export (which has no store) to the
// feed of the -api server that holds the comments; nil when there is none.
func mountCommentFeeds(mux *http.ServeMux, cfg Config, base string) func(slug string) string {
	feedBase := ""
	switch recent, ok := cfg.Comments.(recentComments); {
	case ok:
		mux.Handle("GET /a/{slug}/comments.xml", commentFeedHandler(cfg.Index, recent, base))
	case cfg.Export != nil && cfg.Export.API != "":
		feedBase = cfg.Export.API
	default:
		return nil
	}
	return func(slug string) string { return commentFeedLink(feedBase, slug) }
}

// commentFeedLink is the <link> in an article page's head that feed readers
// find its comment feed by, on the server at feedBase (its own origin when
// "", the -api server in an export).
func commentFeedLink(feedBase, slug string) string {
	return `<link rel="alternate" type="application/atom+xml" title="Comments" href="` +
		html.EscapeString(feedBase+"/a/"+url.PathEscape(slug)+"/comments.xml") + `">`
}

// articleSlug is the slug of an article page's path.
func articleSlug(p string) (string, bool) {
	if !ui.IsArticlePath(p) {
		return "", false
	}
	return strings.TrimSuffix(strings.TrimPrefix(p, "/a/"), "/"), true
}
