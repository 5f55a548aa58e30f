package api

import (
	"net/http"
	"strings"

	"folio/app/article"
)

// listArticles answers GET /api/articles with every article's metadata,
// newest first.
func (s *server) listArticles(w http.ResponseWriter, r *http.Request) {
	list := s.cfg.Articles.List()
	if list == nil {
		list = []article.Meta{}
	}
	w.Header().Set("Cache-Control", "no-cache")
	s.writeJSON(w, http.StatusOK, list)
}

// getArticle answers GET /api/articles/{slug} with the article and its
// ETag; a matching If-None-Match gets 304 so offline copies revalidate
// cheaply.
func (s *server) getArticle(w http.ResponseWriter, r *http.Request) {
	slug := r.PathValue("slug")
	a, err := s.cfg.Articles.Get(slug)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	h := w.Header()
	h.Set("Cache-Control", "no-cache")
	etag := s.cfg.Articles.ETag(slug)
	if etag != "" {
		h.Set("ETag", etag)
		if etagMatch(r.Header.Get("If-None-Match"), etag) {
			w.WriteHeader(http.StatusNotModified)
			return
		}
	}
	s.writeJSON(w, http.StatusOK, a)
}

// etagMatch reports whether an If-None-Match header names etag, using the
// weak comparison RFC 9110 prescribes for If-None-Match.
func etagMatch(header, etag string) bool {
	if header == "" {
		return false
	}
	etag = strings.TrimPrefix(etag, "W/")
	for t := range strings.SplitSeq(header, ",") {
		t = strings.TrimSpace(t)
		if t == "*" || strings.TrimPrefix(t, "W/") == etag {
			return true
		}
	}
	return false
}
