package api

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"folio/app/comment"
)

// Owner is what the API needs to let authors change their own comments
// (store.Owner).
type Owner interface {
	// EditOwn and DeleteOwn change comment id if secretHash is the one kept
	// and comment.EditWindow is not over; they return comment.ErrNotFound,
	// ErrNotYours, ErrTooLate or ErrInvalid.
	EditOwn(ctx context.Context, id string, secretHash []byte, body, html string, now time.Time) (comment.Comment, error)
	DeleteOwn(ctx context.Context, id string, secretHash []byte, now time.Time) (comment.Comment, error)
}

// ownRequest is the body of PUT and DELETE /api/comments/{id}/own.
type ownRequest struct {
	Secret string `json:"secret"`
	Body   string `json:"body"`
}

// maxSecretLen is longer than any secret newSecret makes.
const maxSecretLen = 128

var errNoOwners = &statusError{http.StatusNotImplemented, "this server does not let authors change comments"}

// newSecret makes the secret that lets the device that posts a comment
// change it: 26 base32 characters, 130 random bits.
func newSecret() string { return rand.Text() }

// ownerHash is what the store keeps of a secret.
func ownerHash(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return string(sum[:])
}

// ownComment reads and checks a request to change comment id: its owner
// store, the secret's hash and the new body.
func (s *server) ownComment(w http.ResponseWriter, r *http.Request) (Owner, []byte, string, error) {
	var req ownRequest
	if err := decodeJSON(w, r, maxPostBytes, &req); err != nil {
		return nil, nil, "", err
	}
	if req.Secret == "" || len(req.Secret) > maxSecretLen {
		return nil, nil, "", fmt.Errorf("%w: the secret the post answered with is required", comment.ErrMalformed)
	}
	o, ok := s.cfg.Comments.(Owner)
	if !ok {
		return nil, nil, "", errNoOwners
	}
	hash := sha256.Sum256([]byte(req.Secret))
	return o, hash[:], strings.TrimSpace(req.Body), nil
}

// editOwn answers PUT /api/comments/{id}/own, {"secret", "body"}: the
// comment's author changes its body within comment.EditWindow; 200 with the
// comment, 403 with the reason when the secret is wrong or the time over.
// Edits have a limit of their own, as reactions do: a reader who fixes a
// typo right after posting is not told to wait.
func (s *server) editOwn() http.HandlerFunc {
	var lim *limiter
	if s.limit != nil {
		lim = newLimiter(s.cfg.RatePerMinute*reactionsPerPost, rateBurst*reactionsPerPost)
	}
	return func(w http.ResponseWriter, r *http.Request) {
		o, hash, body, err := s.ownComment(w, r)
		if err == nil && lim != nil {
			if ok, wait := lim.allow(clientKey(r, s.cfg.TrustProxy), s.cfg.Now()); !ok {
				w.Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(wait.Seconds()))))
				err = fmt.Errorf("%w (retry in %s)", comment.ErrRateLimited, wait.Round(time.Second))
			}
		}
		var c comment.Comment
		if err == nil {
			c, err = s.cfg.Comments.Get(r.Context(), r.PathValue("id"))
		}
		if err == nil {
			c.Body = body
			err = comment.Validate(c)
		}
		if err == nil {
			c, err = o.EditOwn(r.Context(), c.ID, hash, body, RenderComment(body), s.cfg.Now())
		}
		s.answerOwn(w, r, c, err)
	}
}

// deleteOwn answers DELETE /api/comments/{id}/own, {"secret"}: as editOwn,
// the comment deleted and shown as deleted by its author.
func (s *server) deleteOwn(w http.ResponseWriter, r *http.Request) {
	o, hash, _, err := s.ownComment(w, r)
	var c comment.Comment
	if err == nil {
		c, err = o.DeleteOwn(r.Context(), r.PathValue("id"), hash, s.cfg.Now())
	}
	s.answerOwn(w, r, c, err)
}

func (s *server) answerOwn(w http.ResponseWriter, r *http.Request, c comment.Comment, err error) {
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.writeJSON(w, http.StatusOK, c)
}
