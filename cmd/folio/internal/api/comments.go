package api

import (
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"folio/app/article"
	"folio/app/comment"
)

// postRequest is the body of POST /api/comments. Everything else about a
// comment (time, status, HTML) is the server's to decide.
type postRequest struct {
	ID      string `json:"id"`
	Article string `json:"article"`
	Parent  string `json:"parent"`
	Author  string `json:"author"`
	Body    string `json:"body"`
	// Started is when the comment's form opened, Sent when the browser sent
	// it, both by the poster's clock; Website is the form's honeypot. See
	// screen.
	Started time.Time `json:"started,omitzero"`
	Sent    time.Time `json:"sent,omitzero"`
	Website string    `json:"website,omitempty"`
	// Reader is the posting device's reader key (replies.go), if it sent one.
	Reader string `json:"reader,omitempty"`
}

// patchRequest is the body of PATCH /api/comments/{id}.
type patchRequest struct {
	Status comment.Status `json:"status"`
}

// listComments answers GET /api/comments?article=slug[&sort=S][&cursor=C][&limit=N]
// with one page of the article's thread as a comment.Page: up to N
// top-level comments (comment.PageSize unless asked) with all their replies
// in one flat list, oldest first unless sort says newest or best
// (store.Sorter), and in "next" the cursor of the page after it, which goes
// on in that order only; the browser builds the threads.
func (s *server) listComments(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	slug := q.Get("article")
	if slug == "" {
		s.writeError(w, r, fmt.Errorf("%w: the article parameter is required", comment.ErrMalformed))
		return
	}
	limit := 0
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > comment.MaxPageSize {
			s.writeError(w, r, fmt.Errorf("%w: limit must be a number from 1 to %d", comment.ErrMalformed, comment.MaxPageSize))
			return
		}
		limit = n
	}
	if !s.cfg.Articles.Has(slug) {
		s.writeError(w, r, fmt.Errorf("comments of %q: %w", slug, article.ErrNotFound))
		return
	}
	page, err := s.page(r.Context(), slug, q.Get("sort"), q.Get("cursor"), limit)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "no-cache")
	s.writeJSON(w, http.StatusOK, page)
}

// countComments answers GET /api/comments/count?article=a&article=b with
// the published comment count of each, for article cards.
func (s *server) countComments(w http.ResponseWriter, r *http.Request) {
	slugs := r.URL.Query()["article"]
	switch {
	case len(slugs) == 0:
		s.writeError(w, r, fmt.Errorf("%w: at least one article parameter is required", comment.ErrMalformed))
		return
	case len(slugs) > maxCountArticles:
		s.writeError(w, r, fmt.Errorf("%w: at most %d articles per request", comment.ErrMalformed, maxCountArticles))
		return
	}
	counts, err := s.cfg.Comments.Counts(r.Context(), slugs)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "no-cache")
	s.writeJSON(w, http.StatusOK, counts)
}

// postComment answers POST /api/comments: 201 with the stored comment when
// it is new, 200 with the stored comment when the same id and content were
// posted before (a client retrying after a lost response), 409 when the id
// holds other content.
func (s *server) postComment(w http.ResponseWriter, r *http.Request) {
	var req postRequest
	if err := decodeJSON(w, r, maxPostBytes, &req); err != nil {
		s.writeError(w, r, err)
		return
	}
	c := comment.Comment{
		ID: req.ID, Article: req.Article, Parent: req.Parent,
		Author: strings.TrimSpace(req.Author), Body: strings.TrimSpace(req.Body),
		Created: s.cfg.Now().UTC(), Status: comment.Published,
	}
	if err := comment.Validate(c); err != nil {
		s.writeError(w, r, err)
		return
	}
	reader, errReader := readerHash(req.Reader)
	if errReader != nil {
		s.writeError(w, r, errReader)
		return
	}
	// The limit comes before any database work, so a flood costs nothing
	// but a refusal. A replay cannot be told from a new post without the
	// database, so it takes a token too: a client retrying while limited
	// waits Retry-After, then gets its stored comment.
	if err := s.checkRate(w, r); err != nil {
		s.writeError(w, r, err)
		return
	}
	// A replay skips the checks: the store answers it from the stored row.
	_, err := s.cfg.Comments.Get(r.Context(), c.ID)
	switch {
	case errors.Is(err, comment.ErrNotFound):
		if err := s.checkNew(r, c); err != nil {
			s.writeError(w, r, err)
			return
		}
		if err := s.screen(r, req, &c); err != nil {
			s.writeError(w, r, err)
			return
		}
		c.HTML = RenderComment(c.Body)
	case err != nil:
		s.writeError(w, r, err)
		return
	}
	// The secret's hash and the device's go in with the comment, in its
	// commit: a separate write for each would cost a post two more commits.
	secret := newSecret()
	c.OwnerHash, c.ReaderHash = ownerHash(secret), string(reader)
	stored, created, err := s.cfg.Comments.Post(r.Context(), c)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	status := http.StatusOK
	if created {
		status = http.StatusCreated
		stored.Secret = secret // only to the post that stored it
	}
	s.writeJSON(w, status, stored)
}

// checkNew applies what only a new comment must pass: an existing article,
// and a parent in the same article.
func (s *server) checkNew(r *http.Request, c comment.Comment) error {
	if !s.cfg.Articles.Has(c.Article) {
		return comment.Explain(comment.ErrInvalid, "unknown article %q", c.Article)
	}
	if c.Parent == "" {
		return nil
	}
	parent, err := s.cfg.Comments.Get(r.Context(), c.Parent)
	if errors.Is(err, comment.ErrNotFound) {
		return comment.Explain(comment.ErrInvalid, "the comment replied to does not exist")
	} else if err != nil {
		return err
	}
	if parent.Article != c.Article {
		return comment.Explain(comment.ErrInvalid, "the comment replied to is on another article")
	}
	return nil
}

// deleteComment answers DELETE /api/comments/{id} (moderators only) with the
// comment as it now is: deleted, its body blanked.
func (s *server) deleteComment(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if err := s.cfg.Comments.Delete(r.Context(), id); err != nil {
		s.writeError(w, r, err)
		return
	}
	s.writeComment(w, r, id)
}

// patchComment answers PATCH /api/comments/{id} with {"status": "published"}
// or {"status": "hidden"} (moderators only).
func (s *server) patchComment(w http.ResponseWriter, r *http.Request) {
	var req patchRequest
	if err := decodeJSON(w, r, maxPatchBytes, &req); err != nil {
		s.writeError(w, r, err)
		return
	}
	if req.Status != comment.Published && req.Status != comment.Hidden {
		s.writeError(w, r, fmt.Errorf(`%w: status must be "published" or "hidden"`, comment.ErrInvalid))
		return
	}
	id := r.PathValue("id")
	if err := s.cfg.Comments.SetStatus(r.Context(), id, req.Status); err != nil {
		s.writeError(w, r, err)
		return
	}
	s.writeComment(w, r, id)
}

// writeComment answers with the stored comment id.
func (s *server) writeComment(w http.ResponseWriter, r *http.Request, id string) {
	c, err := s.cfg.Comments.Get(r.Context(), id)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.writeJSON(w, http.StatusOK, c)
}

// admin lets a request through only with the moderator's bearer token. The
// tokens are hashed before the constant-time comparison so that not even
// their length leaks through timing.
func (s *server) admin(next http.HandlerFunc) http.HandlerFunc {
	want := sha256.Sum256([]byte(s.cfg.AdminToken))
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store") // a moderator's view, asked with a secret
		if s.cfg.AdminToken == "" {
			s.writeError(w, r, errModeration)
			return
		}
		token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		got := sha256.Sum256([]byte(strings.TrimSpace(token)))
		if !ok || subtle.ConstantTimeCompare(got[:], want[:]) != 1 {
			s.writeError(w, r, errUnauthorized)
			return
		}
		next(w, r)
	}
}
