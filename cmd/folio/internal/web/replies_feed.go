package web

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"time"

	"folio/app/comment"
	"folio/cmd/folio/internal/content"
	"folio/cmd/folio/internal/store"
)

// repliesFeedEntries is how many of the newest replies a device's feed
// carries.
const repliesFeedEntries = 50

// repliesReader is what a device's replies feed reads (store.Replier).
type repliesReader interface {
	RepliesTo(ctx context.Context, reader []byte, cursor string, limit int) (comment.Replies, error)
}

// repliesFeedHandler answers GET /replies/{key}.xml with the Atom feed of
// the newest published replies to the comments posted with that reader key
// (see comment.ReaderHash). The address is the reader's secret: the feed
// is private (no shared cache may keep it, and respcache never sees it, as
// it is routed before pages), tells search engines and referrers nothing,
// and any key without comments, well formed or not, is 404. Its ETag lets a
// feed reader poll it for a 304.
func repliesFeedHandler(ix *content.Index, replies repliesReader, base string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("X-Robots-Tag", "noindex")
		key, ok := strings.CutSuffix(r.PathValue("file"), ".xml")
		reader, err := comment.ReaderHash(key)
		if !ok || err != nil {
			h.Set("Cache-Control", "no-store")
			writeStatus(w, r, http.StatusNotFound, "not found")
			return
		}
		page, err := replies.RepliesTo(r.Context(), reader, "", repliesFeedEntries)
		if err != nil {
			h.Set("Cache-Control", "no-store")
			status, msg := http.StatusInternalServerError, "internal error"
			if errors.Is(err, comment.ErrNotFound) {
				status, msg = http.StatusNotFound, "not found"
			}
			writeStatus(w, r, status, msg)
			return
		}
		self := base + "/replies/" + key + ".xml"
		f := atomFeed{
			Title: "Replies to you — Folio", ID: self, Updated: time.Unix(0, 0).UTC().Format(time.RFC3339),
			Links: []atomLink{{Href: base + "/replies", Rel: "alternate"}, {Href: self, Rel: "self"}},
		}
		if len(page.Replies) > 0 {
			f.Updated = page.Replies[0].Created.UTC().Format(time.RFC3339)
		}
		for _, c := range page.Replies {
			f.Entries = append(f.Entries, replyEntry(ix, c, base))
		}
		writePrivateXML(w, r, f)
	}
}

// replyEntry is one reply as a feed entry, linked to its place in its thread.
func replyEntry(ix *content.Index, c comment.Comment, base string) atomEntry {
	title := c.Author + " replied"
	if m, ok := ix.Meta(c.Article); ok {
		title += " on " + m.Title
	}
	at := c.Created.UTC().Format(time.RFC3339)
	href := base + "/a/" + c.Article + "#c-" + c.ID
	return atomEntry{
		Title: title, ID: href, Link: atomLink{Href: href},
		Published: at, Updated: at, Author: atomAuthor{Name: c.Author},
		Content: &atomContent{Type: "html", Text: c.HTML},
	}
}

// writePrivateXML writes v as writeTaggedXML does, but for one reader
// only: private, so that no proxy or CDN keeps a copy.
func writePrivateXML(w http.ResponseWriter, r *http.Request, v any) {
	writeTaggedXML(privateCache{w}, r, v)
}

// privateCache turns the Cache-Control a response is written with into
// "private, no-cache": revalidated every time, kept by no shared cache.
type privateCache struct{ http.ResponseWriter }

func (p privateCache) WriteHeader(code int) {
	p.Header().Set("Cache-Control", "private, no-cache")
	p.ResponseWriter.WriteHeader(code)
}

func (p privateCache) Write(b []byte) (int, error) {
	p.Header().Set("Cache-Control", "private, no-cache")
	return p.ResponseWriter.Write(b)
}

// asRepliesReader is st as a repliesReader, through any wrappers that have
// Unwrap (respcache's).
func asRepliesReader(st any) (repliesReader, bool) {
	for st != nil {
		if r, ok := st.(repliesReader); ok {
			return r, true
		}
		w, ok := st.(interface{ Unwrap() store.Store })
		if !ok {
			return nil, false
		}
		st = w.Unwrap()
	}
	return nil, false
}

// mountRepliesFeed serves the replies feeds when the store keeps replies
// (an export has no store, and no feed).
func mountRepliesFeed(mux *http.ServeMux, cfg Config, base string) {
	if replies, ok := asRepliesReader(cfg.Comments); ok {
		mux.Handle("GET /replies/{file}", repliesFeedHandler(cfg.Index, replies, base))
	}
}
