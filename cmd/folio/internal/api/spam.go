package api

import (
	"math"
	"net/http"

	"folio/app/comment"
)

// errBlocked answers a comment from a name a moderator blocked.
var errBlocked = &statusError{http.StatusForbidden, "comments from this name are not accepted here"}

// screen applies to a new comment what keeps spam out, whatever the rate
// limit: the form's honeypot field, which people never see and robots
// fill in; the least time a comment may take from its form opening to its
// sending, measured on the poster's own clock (both times come from it, so
// a wrong clock does not matter, and a comment kept offline and sent later
// only had more time); and the names a moderator blocked. A post without a
// start time (a script using the API) is left to the rate limit. With
// premoderation, the comment is then stored pending. A replay of a stored
// comment never comes here: it was screened when it was new.
func (s *server) screen(r *http.Request, req postRequest, c *comment.Comment) error {
	if req.Website != "" {
		return comment.Explain(comment.ErrInvalid, "the form's hidden anti-spam field was filled in; only robots do that")
	}
	if s.cfg.MinWrite > 0 && !req.Started.IsZero() {
		sent := req.Sent
		if sent.IsZero() {
			sent = s.cfg.Now()
		}
		if took := sent.Sub(req.Started); took < s.cfg.MinWrite {
			return comment.Explain(comment.ErrInvalid, "posted too quickly, under %d s after the form opened; take a moment, then post it again", int(math.Ceil(s.cfg.MinWrite.Seconds())))
		}
	}
	if d, ok := s.cfg.Comments.(Desk); ok {
		blocked, err := d.IsBlocked(r.Context(), c.Author)
		if err != nil {
			return err
		}
		if blocked {
			return errBlocked
		}
	}
	if s.cfg.Premoderate {
		c.Status = comment.Pending
	}
	return nil
}
