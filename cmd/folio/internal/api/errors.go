package api

import (
	"encoding/json"
	"errors"
	"net/http"
	"strings"

	"folio/app/article"
	"folio/app/comment"
	"folio/app/i18n"
)

// statusError is an error that is about HTTP itself (a wrong method, token or
// media type) rather than the domain, with the status it should produce.
type statusError struct {
	status int
	msg    string
}

func (e *statusError) Error() string { return e.msg }

var (
	errNoRoute      = &statusError{http.StatusNotFound, "no such API route"}
	errUnauthorized = &statusError{http.StatusUnauthorized, "a valid moderator token is required"}
	errModeration   = &statusError{http.StatusForbidden, "moderation is disabled on this server"}
	errMediaType    = &statusError{http.StatusUnsupportedMediaType, "request body must be JSON"}
	errPanic        = errors.New("panic")
)

// statuses maps each domain sentinel to its HTTP status, in the order they
// are tried.
var statuses = []struct {
	err    error
	status int
}{
	{comment.ErrMalformed, http.StatusBadRequest},
	{comment.ErrTooLong, http.StatusRequestEntityTooLarge},
	{comment.ErrInvalid, http.StatusUnprocessableEntity},
	{comment.ErrNotFound, http.StatusNotFound},
	{comment.ErrConflict, http.StatusConflict},
	{comment.ErrRateLimited, http.StatusTooManyRequests},
	{article.ErrNotFound, http.StatusNotFound},
	{comment.ErrNotYours, http.StatusForbidden},
	{comment.ErrTooLate, http.StatusForbidden},
}

// writeError answers with err's status and {"error": reason}. The reason
// starts at the sentinel's own text, so layers' prefixes ("post comment x:")
// stay out of what readers see. Anything unknown is a 500: the client gets
// "internal error" and the log gets the real error.
func (s *server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	status, reason := http.StatusInternalServerError, "internal error"
	var se *statusError
	if errors.As(err, &se) {
		status, reason = se.status, se.msg
	} else {
		for _, m := range statuses {
			if errors.Is(err, m.err) {
				status, reason = m.status, fromSentinel(err, m.err)
				break
			}
		}
	}
	reason = tell(r, err, reason)
	if status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="folio"`)
	}
	if status >= 500 && !errors.Is(err, errPanic) { // a panic is logged where it is caught
		s.log.Error("api: request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	s.writeJSON(w, status, map[string]string{"error": reason})
}

// tell is reason in the language the request asks for (the reader's choice
// in the folio-lang cookie, else Accept-Language): the apps show the server's
// reasons as they come. A Problem is told whole; else the sentinel's text (or
// a status error's message) at reason's start is, and what follows it stays.
func tell(r *http.Request, err error, reason string) string {
	l := i18n.FromRequest(r)
	if l == i18n.English {
		return reason
	}
	if p, ok := errors.AsType[*comment.Problem](err); ok {
		return l.F("%s: %s", l.T(p.Kind.Error()), comment.Tell(l, p))
	}
	head, rest := reason, ""
	if i := strings.IndexAny(reason, ":("); i > 0 {
		head, rest = strings.TrimSpace(reason[:i]), reason[i:]
	}
	return l.T(head) + rest
}

// fromSentinel returns err's message from where sentinel's text begins, e.g.
// "invalid comment: name must be 1 to 80 characters".
func fromSentinel(err, sentinel error) string {
	msg, s := err.Error(), sentinel.Error()
	if i := strings.Index(msg, s); i >= 0 {
		return msg[i:]
	}
	return s
}

// writeJSON writes v as JSON with status. It marshals first, so a value that
// cannot be encoded becomes a 500 instead of half a response.
func (s *server) writeJSON(w http.ResponseWriter, status int, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		s.log.Error("api: encode response", "err", err)
		status, body = http.StatusInternalServerError, []byte(`{"error":"internal error"}`)
	}
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	_, _ = w.Write(append(body, '\n'))
}
