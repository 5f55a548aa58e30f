package api

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"folio/app/article"
	"folio/app/comment"
	"folio/cmd/folio/internal/store"
)

// Replier is what "replies to me" needs from comment storage (store.Replier):
// links from comments to the hash of the posting device's reader key, and
// the replies to one device's comments. A store without it serves no
// replies, and posts are not linked.
type Replier interface {
	// LinkReader links comment id to the device whose key hashes to
	// reader; the first link stays. comment.ErrNotFound for an unknown id.
	LinkReader(ctx context.Context, id string, reader []byte) error
	// RepliesTo returns a page of the published replies to the comments
	// linked to reader, newest first; comment.ErrNotFound for a reader
	// with no comment, comment.ErrMalformed for a bad cursor or limit.
	RepliesTo(ctx context.Context, reader []byte, cursor string, limit int) (comment.Replies, error)
}

// errNoReplies is every refusal of a reader key, malformed or unknown:
// whoever guesses learns nothing from the difference.
var errNoReplies = &statusError{http.StatusNotFound, "no replies at this address"}

// replyItem is one reply as the app's Replies page shows it: the comment
// and the title of its article.
type replyItem struct {
	comment.Comment
	Title string `json:"title,omitempty"`
}

// repliesAnswer is the body of GET /api/replies/{key}.
type repliesAnswer struct {
	Replies []replyItem `json:"replies"`
	Next    string      `json:"next,omitempty"`
}

// readerHash checks the reader key a post carries ("" is none) and returns
// its hash for LinkReader, nil when there is none.
func readerHash(key string) ([]byte, error) {
	if key == "" {
		return nil, nil
	}
	return comment.ReaderHash(key)
}

// listReplies answers GET /api/replies/{key}[?cursor=C][&limit=N] with a
// page of the published replies to the comments posted with that reader
// key, newest first. The key is the reader's secret: the answer is never
// kept by any cache (no-store, and not through s.cached), and any key that
// has no comment, well formed or not, is 404.
func (s *server) listReplies(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Referrer-Policy", "no-referrer")
	st, ok := replier(s.cfg.Comments)
	hash, err := comment.ReaderHash(r.PathValue("key"))
	if !ok || err != nil {
		s.writeError(w, r, errNoReplies)
		return
	}
	q := r.URL.Query()
	limit := 0
	if v := q.Get("limit"); v != "" {
		if limit, err = strconv.Atoi(v); err != nil || limit < 1 || limit > comment.MaxPageSize {
			s.writeError(w, r, fmt.Errorf("%w: limit must be a number from 1 to %d", comment.ErrMalformed, comment.MaxPageSize))
			return
		}
	}
	page, err := st.RepliesTo(r.Context(), hash, q.Get("cursor"), limit)
	if err != nil {
		// writeError logs a failure with its path: not with the key.
		hidden := r.Clone(r.Context())
		hidden.URL.Path = "/api/replies/{key}"
		s.writeError(w, hidden, notFoundAs(err, errNoReplies))
		return
	}
	ans := repliesAnswer{Replies: make([]replyItem, len(page.Replies)), Next: page.Next}
	for i, c := range page.Replies {
		ans.Replies[i] = replyItem{Comment: c, Title: s.title(c.Article)}
	}
	s.writeJSON(w, http.StatusOK, ans)
}

// replier is st's Replier, found through any wrappers that have Unwrap
// (respcache's, which wraps only what changes its kept answers).
func replier(st any) (Replier, bool) {
	for st != nil {
		if r, ok := st.(Replier); ok {
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

// notFoundAs replaces a not-found error with instead; others pass.
func notFoundAs(err error, instead error) error {
	if errors.Is(err, comment.ErrNotFound) {
		return instead
	}
	return err
}

// metas is the content index's lookup of one article's metadata, which the
// server's index has (the tests' fake may not).
type metas interface {
	Meta(slug string) (article.Meta, bool)
}

// title is the title of the article slug, "" if unknown.
func (s *server) title(slug string) string {
	if m, ok := s.cfg.Articles.(metas); ok {
		meta, _ := m.Meta(slug)
		return meta.Title
	}
	for _, m := range s.cfg.Articles.List() {
		if m.Slug == slug {
			return m.Title
		}
	}
	return ""
}
