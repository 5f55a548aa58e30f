package api

import (
	"cmp"
	"encoding/base64"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"folio/app/article"
	"folio/cmd/folio/internal/negotiate"
)

// maxPageLimit is the most articles one GET /api/articles answers.
const maxPageLimit = 100

var slugLike = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)

// listArticles answers GET /api/articles with one page of the article list,
// newest first: {"articles": [...], "next": "CURSOR"}. Query: limit (1 to
// 100, default article.PageSize), tag, and either cursor (a next from an
// earlier answer: stable however many articles are published meanwhile) or
// page (1, 2, ...: the site's numbered archive pages).
func (s *server) listArticles(w http.ResponseWriter, r *http.Request) {
	v, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		s.writeError(w, r, badQuery("the query does not parse: %v", err))
		return
	}
	q, err := parsePageQuery(v)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	list := s.cfg.Articles.List()
	if q.tag != "" {
		list = s.cfg.Articles.Tagged(q.tag)
	}
	w.Header().Set("Cache-Control", "no-cache")
	s.writeJSON(w, http.StatusOK, PageOf(list, q.after, q.offset, q.limit))
}

// pageQuery is a parsed GET /api/articles query.
type pageQuery struct {
	tag    string
	limit  int
	offset int           // from page
	after  *article.Meta // from cursor: the last article of the page before
}

func parsePageQuery(v url.Values) (pageQuery, error) {
	q := pageQuery{limit: article.PageSize}
	for k, vs := range v {
		switch {
		case k != "tag" && k != "limit" && k != "cursor" && k != "page":
			return q, badQuery("unknown parameter %q: use cursor, limit, page or tag", k)
		case len(vs) != 1:
			return q, badQuery("%s is given %d times", k, len(vs))
		}
	}
	if t, ok := v["tag"]; ok {
		if !slugLike.MatchString(t[0]) {
			return q, badQuery("tag %q is not a tag: lowercase letters, digits and hyphens", t[0])
		}
		q.tag = t[0]
	}
	if l, ok := v["limit"]; ok {
		n, err := strconv.Atoi(l[0])
		if err != nil || n < 1 || n > maxPageLimit {
			return q, badQuery("limit %q: want a number from 1 to %d", l[0], maxPageLimit)
		}
		q.limit = n
	}
	c, hasCursor := v["cursor"]
	p, hasPage := v["page"]
	switch {
	case hasCursor && hasPage:
		return q, badQuery("give cursor or page, not both")
	case hasCursor:
		m, err := decodeCursor(c[0])
		if err != nil {
			return q, err
		}
		q.after = &m
	case hasPage:
		n, err := strconv.Atoi(p[0])
		if err != nil || n < 1 || n > 1_000_000 || strconv.Itoa(n) != p[0] {
			return q, badQuery("page %q: want a page number from 1", p[0])
		}
		q.offset = (n - 1) * q.limit
	}
	return q, nil
}

func badQuery(format string, args ...any) error {
	return &statusError{http.StatusBadRequest, fmt.Sprintf(format, args...)}
}

// PageOf is one page of list (sorted newest first): limit articles after
// the article after (when set) or from offset, and the cursor of the next
// page when there is one.
func PageOf(list []article.Meta, after *article.Meta, offset, limit int) article.Page {
	start := min(max(offset, 0), len(list))
	if after != nil {
		start, _ = slices.BinarySearchFunc(list, *after, func(m, at article.Meta) int {
			return cmp.Or(at.Published.Compare(m.Published), cmp.Compare(m.Slug, at.Slug))
		})
		if start < len(list) && list[start].Slug == after.Slug && list[start].Published.Equal(after.Published) {
			start++ // the cursor's own article was on the page before
		}
	}
	end := min(start+limit, len(list))
	p := article.Page{Articles: list[start:end:end]}
	if p.Articles == nil {
		p.Articles = []article.Meta{}
	}
	if end < len(list) {
		p.Next = encodeCursor(list[end-1])
	}
	return p
}

// A cursor names the last article of a page by its publication time and
// slug, so the next page starts right after it wherever it now stands in
// the list. It is opaque to clients: base64url of "TIME SLUG".
func encodeCursor(m article.Meta) string {
	return base64.RawURLEncoding.EncodeToString([]byte(m.Published.UTC().Format(time.RFC3339Nano) + " " + m.Slug))
}

func decodeCursor(c string) (article.Meta, error) {
	bad := badQuery("cursor %q is not one this server gave out: start again without a cursor", c)
	if len(c) > 200 {
		return article.Meta{}, bad
	}
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil {
		return article.Meta{}, bad
	}
	at, slug, ok := strings.Cut(string(b), " ")
	t, err := time.Parse(time.RFC3339Nano, at)
	if !ok || err != nil || !slugLike.MatchString(slug) {
		return article.Meta{}, bad
	}
	return article.Meta{Published: t, Slug: slug}, nil
}

// getArticle answers GET /api/articles/{slug} with the article and its
// ETag; a matching If-None-Match gets 304 so offline copies revalidate
// cheaply.
func (s *server) getArticle(w http.ResponseWriter, r *http.Request) {
	slug := r.PathValue("slug")
	a, etag, err := s.cfg.Articles.GetWithETag(slug)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	h := w.Header()
	h.Set("Cache-Control", "no-cache")
	if etag != "" {
		h.Set("ETag", etag)
		if negotiate.NoneMatch(r.Header.Get("If-None-Match"), etag) {
			w.WriteHeader(http.StatusNotModified)
			return
		}
	}
	s.writeJSON(w, http.StatusOK, a)
}
