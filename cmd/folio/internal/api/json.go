package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"

	"folio/app/comment"
)

// decodeJSON reads exactly one JSON object of at most limit bytes from the
// request into v, refusing unknown fields. The body must be declared JSON
// (see requireJSON). Errors wrap comment.ErrMalformed or comment.ErrTooLong,
// or are a 415.
func decodeJSON(w http.ResponseWriter, r *http.Request, limit int64, v any) error {
	if err := requireJSON(r); err != nil {
		return err
	}
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, limit))
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	if err == nil {
		// One object per request: trailing data means a broken client.
		switch _, terr := dec.Token(); {
		case terr == nil:
			err = errors.New("data after the JSON object")
		case terr != io.EOF:
			err = terr
		}
	}
	var tooBig *http.MaxBytesError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &tooBig):
		return fmt.Errorf("%w: request body is larger than %d KiB", comment.ErrTooLong, limit>>10)
	case errors.Is(err, io.EOF):
		return fmt.Errorf("%w: request body is empty", comment.ErrMalformed)
	default:
		return fmt.Errorf("%w: invalid JSON: %s", comment.ErrMalformed, strings.TrimPrefix(err.Error(), "json: "))
	}
}

// requireJSON refuses a body not declared as JSON, a missing type included:
// a page on another site can send text/plain (or no type, with sendBeacon)
// without a CORS preflight, but never application/json.
func requireJSON(r *http.Request) error {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || (mt != "application/json" && !strings.HasSuffix(mt, "+json")) {
		return errMediaType
	}
	return nil
}
