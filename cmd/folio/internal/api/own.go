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
	// Ago is how many milliseconds before sending the reader made the
	// change, by the device's clock, for a change the device queued while
	// offline; absent: now.
	Ago *int64 `json:"ago,omitempty"`
}

// queuedGrace is how long after a reader made a change a device may send
// it, queued, and still have it judged by the time it was made.
const queuedGrace = 24 * time.Hour

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

// ownChange is a checked request to change one's own comment.
type ownChange struct {
	owner Owner
	hash  []byte // the secret's
	body  string
	// made is when the reader made the change: now, or as long ago as the
	// request says, by the server's clock. The edit window is judged by it.
	made time.Time
}

// ownComment reads and checks a request to change a comment: its owner
// store, the secret's hash, the new body and when the change was made. A
// queued change says how long ago it was made rather than when, so the
// device's clock being wrong does not matter, only its running; it must
// arrive within queuedGrace.
func (s *server) ownComment(w http.ResponseWriter, r *http.Request) (ownChange, error) {
	var req ownRequest
	if err := decodeJSON(w, r, maxPostBytes, &req); err != nil {
		return ownChange{}, err
	}
	if req.Secret == "" || len(req.Secret) > maxSecretLen {
		return ownChange{}, comment.Explain(comment.ErrMalformed, "the secret the post answered with is required")
	}
	o, ok := s.cfg.Comments.(Owner)
	if !ok {
		return ownChange{}, errNoOwners
	}
	made := s.cfg.Now()
	if req.Ago != nil {
		ago := time.Duration(*req.Ago) * time.Millisecond
		switch {
		case *req.Ago < 0:
			return ownChange{}, comment.Explain(comment.ErrMalformed, "ago must be 0 or more milliseconds")
		case *req.Ago > queuedGrace.Milliseconds():
			return ownChange{}, comment.Explain(comment.ErrTooLate, "the change reached the server more than %d hours after it was made", int(queuedGrace.Hours()))
		}
		made = made.Add(-ago)
	}
	hash := sha256.Sum256([]byte(req.Secret))
	return ownChange{owner: o, hash: hash[:], body: strings.TrimSpace(req.Body), made: made}, nil
}

// editOwn answers PUT /api/comments/{id}/own, {"secret", "body", "ago"}:
// the comment's author changes its body within comment.EditWindow of
// posting, judged at the time the change was made; 200 with the comment
// (also for an edit that is in place already, or older than the last one
// kept), 403 with the reason when the secret is wrong or the time over.
// Edits have a limit of their own, as reactions do: a reader who fixes a
// typo right after posting is not told to wait.
func (s *server) editOwn() http.HandlerFunc {
	var lim *limiter
	if s.limit != nil {
		lim = newLimiter(s.cfg.RatePerMinute*reactionsPerPost, rateBurst*reactionsPerPost)
	}
	return func(w http.ResponseWriter, r *http.Request) {
		ch, err := s.ownComment(w, r)
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
			c.Body = ch.body
			err = comment.Validate(c)
		}
		if err == nil {
			c, err = ch.owner.EditOwn(r.Context(), c.ID, ch.hash, ch.body, RenderComment(ch.body), ch.made)
		}
		s.answerOwn(w, r, c, err)
	}
}

// deleteOwn answers DELETE /api/comments/{id}/own, {"secret", "ago"}: as
// editOwn, the comment deleted and shown as deleted by its author; a delete
// sent again answers 200 as the first did.
func (s *server) deleteOwn(w http.ResponseWriter, r *http.Request) {
	ch, err := s.ownComment(w, r)
	var c comment.Comment
	if err == nil {
		c, err = ch.owner.DeleteOwn(r.Context(), r.PathValue("id"), ch.hash, ch.made)
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
