package api

import (
	"context"
	"fmt"
	"net/http"
	"strconv"

	"folio/app/comment"
)

// Desk is what the moderation desk needs from comment storage beyond
// Comments (store.Moderator).
type Desk interface {
	// Latest returns a page of the newest comments of every article, of
	// status or of any when it is "", after cursor.
	Latest(ctx context.Context, status comment.Status, cursor string, limit int) (comment.Page, error)
	// Pin pins or unpins a comment: comment.ErrNotFound, or
	// comment.ErrConflict for a deleted one.
	Pin(ctx context.Context, id string, pinned bool) error
	// Block refuses new comments from a name (comment.ErrInvalid for an
	// empty or overlong one); Unblock lets it post again.
	Block(ctx context.Context, name string) error
	Unblock(ctx context.Context, name string) error
	// Blocked lists the blocked names; IsBlocked tells whether one is.
	Blocked(ctx context.Context) ([]string, error)
	IsBlocked(ctx context.Context, name string) (bool, error)
}

// errNoDesk answers desk requests when the store has no desk.
var errNoDesk = &statusError{http.StatusNotImplemented, "this comment store has no moderation desk"}

// deskLimit is how many comments a page of the desk shows unless asked.
const deskLimit = 25

// deskComment is a comment as the desk lists it: with its article's title.
type deskComment struct {
	comment.Comment
	Title string `json:"title"`
}

// deskPage is the answer of GET /api/admin/comments.
type deskPage struct {
	Comments []deskComment `json:"comments"`
	Next     string        `json:"next,omitempty"`
	Total    int           `json:"total"`
}

// desk returns the store's moderation desk, or errNoDesk.
func (s *server) desk() (Desk, error) {
	if d, ok := s.cfg.Comments.(Desk); ok {
		return d, nil
	}
	return nil, errNoDesk
}

// deskComments answers GET /api/admin/comments?status=S&cursor=C&limit=N
// (moderators only) with the newest comments of every article, each with
// its article's title, newest first.
func (s *server) deskComments(w http.ResponseWriter, r *http.Request) {
	d, err := s.desk()
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	q := r.URL.Query()
	limit := deskLimit
	if v := q.Get("limit"); v != "" {
		if limit, err = strconv.Atoi(v); err != nil {
			s.writeError(w, r, fmt.Errorf("%w: limit must be a number", comment.ErrMalformed))
			return
		}
	}
	page, err := d.Latest(r.Context(), comment.Status(q.Get("status")), q.Get("cursor"), limit)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	titles := map[string]string{}
	for _, m := range s.cfg.Articles.List() {
		titles[m.Slug] = m.Title
	}
	out := deskPage{Comments: make([]deskComment, 0, len(page.Comments)), Next: page.Next, Total: page.Total}
	for _, c := range page.Comments {
		out.Comments = append(out.Comments, deskComment{Comment: c, Title: titles[c.Article]})
	}
	s.writeJSON(w, http.StatusOK, out)
}

// pinComment answers PUT (pin) and DELETE (unpin) /api/comments/{id}/pin
// (moderators only) with the comment.
func (s *server) pinComment(w http.ResponseWriter, r *http.Request) {
	d, err := s.desk()
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	id, pinned := r.PathValue("id"), r.Method == http.MethodPut
	if err := d.Pin(r.Context(), id, pinned); err != nil {
		s.writeError(w, r, err)
		return
	}
	c, err := s.cfg.Comments.Get(r.Context(), id)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	c.Pinned = pinned
	s.writeJSON(w, http.StatusOK, c)
}

// blockRequest is the body of POST /api/admin/blocks.
type blockRequest struct {
	Name string `json:"name"`
}

// listBlocks answers GET /api/admin/blocks (moderators only) with
// {"names": [...]}, the blocked names.
func (s *server) listBlocks(w http.ResponseWriter, r *http.Request) {
	d, err := s.desk()
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	names, err := d.Blocked(r.Context())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.writeJSON(w, http.StatusOK, map[string][]string{"names": names})
}

// addBlock answers POST /api/admin/blocks {"name": N} (moderators only):
// N may no longer post. It answers with the blocked names.
func (s *server) addBlock(w http.ResponseWriter, r *http.Request) {
	d, err := s.desk()
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	var req blockRequest
	if err := decodeJSON(w, r, maxPatchBytes, &req); err != nil {
		s.writeError(w, r, err)
		return
	}
	if err := d.Block(r.Context(), req.Name); err != nil {
		s.writeError(w, r, err)
		return
	}
	s.listBlocks(w, r)
}

// removeBlock answers DELETE /api/admin/blocks/{name} (moderators only):
// the name may post again. It answers with the blocked names.
func (s *server) removeBlock(w http.ResponseWriter, r *http.Request) {
	d, err := s.desk()
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if err := d.Unblock(r.Context(), r.PathValue("name")); err != nil {
		s.writeError(w, r, err)
		return
	}
	s.listBlocks(w, r)
}
