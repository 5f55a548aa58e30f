package api

import (
	"context"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"time"

	"folio/app/comment"
)

// Reactor is what the API needs to keep reactions and votes (store.Reactor).
type Reactor interface {
	// React stores the device's whole say on a comment and returns the
	// comment's article and tally. It returns comment.ErrNotFound or
	// comment.ErrInvalid (the comment is not published).
	React(ctx context.Context, r comment.Reaction) (article string, t comment.Tally, err error)
}

// reactionsPerPost is how many reactions a client may send for each comment
// it may post: reacting is quicker than writing.
const reactionsPerPost = 6

// react answers POST /api/reactions, whose body is a comment.Reaction, with
// the comment's tally after it (200). Sending the same reaction again is
// harmless; another replaces it. Reactions have a rate limit of their own,
// so reacting never stops a reader from posting.
func (s *server) react() http.HandlerFunc {
	var lim *limiter
	if s.limit != nil {
		lim = newLimiter(s.cfg.RatePerMinute*reactionsPerPost, rateBurst*reactionsPerPost)
	}
	return func(w http.ResponseWriter, r *http.Request) {
		var req comment.Reaction
		if err := decodeJSON(w, r, maxPatchBytes, &req); err != nil {
			s.writeError(w, r, err)
			return
		}
		if err := comment.ValidateReaction(req); err != nil {
			s.writeError(w, r, err)
			return
		}
		if lim != nil {
			if ok, wait := lim.allow(clientKey(r, s.cfg.TrustProxy), s.cfg.Now()); !ok {
				w.Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(wait.Seconds()))))
				s.writeError(w, r, fmt.Errorf("%w (retry in %s)", comment.ErrRateLimited, wait.Round(time.Second)))
				return
			}
		}
		rs, ok := s.cfg.Comments.(Reactor)
		if !ok {
			s.writeError(w, r, errNoReactions)
			return
		}
		_, t, err := rs.React(r.Context(), req)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		s.writeJSON(w, http.StatusOK, t)
	}
}

var errNoReactions = &statusError{http.StatusNotImplemented, "this server keeps no reactions"}
