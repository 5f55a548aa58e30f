package web

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"regexp"
	"slices"

	"folio/cmd/folio/internal/negotiate"
)

// Pages, and go-app's generated files (app.js, the worker, the manifest),
// carry an ETag made from what they hold, so a reader's service worker that
// kept one can ask whether it changed and get a 304 with no body when it did
// not (web/sw.js revalidates kept pages that way after showing them).
//
// Two renders of the same page differ where nothing changed: go-app writes a
// tag's attributes in map order, and the page data says when it was made
// (the "at" of pageData, app/ui/routes.go). The tag is made from the page
// with each tag's attributes sorted and that instant left out. It is weak:
// pages are gzipped on the fly, and it names what a page holds, not its
// bytes on the wire.

// madeAt is the page data's "at" field, as go-app writes it into the page
// (quotes escaped) or as plain JSON; dataStart is where the page data's
// element begins.
var (
	madeAt    = regexp.MustCompile(`(?:&#34;|")at(?:&#34;|"):(?:&#34;|")[0-9TZ:.+-]*(?:&#34;|")`)
	dataStart = []byte(`id="folio-data"`)
	nul, gt   = []byte{0}, []byte{'>'}
)

// contentTags answers GET requests to next from a whole response: a 200 gets
// an ETag, and a 304 when the request already names it. Other statuses and
// methods pass through.
func contentTags(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet {
			next.ServeHTTP(w, r)
			return
		}
		known := r.Header.Get("If-None-Match")
		bw := &bufferWriter{ResponseWriter: w}
		next.ServeHTTP(bw, r)
		if !bw.buffering {
			return // passed through as it came
		}
		tag := contentTag(bw.body.Bytes())
		w.Header().Set("ETag", tag)
		if known != "" && negotiate.NoneMatch(known, tag) {
			h := w.Header()
			h.Del("Content-Length")
			h.Del("Content-Type")
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write(bw.body.Bytes())
	})
}

// contentTag is a weak ETag for body: its HTML tags with their attributes
// sorted, its page data without the instant it was made.
func contentTag(body []byte) string {
	h := sha256.New()
	if i := bytes.Index(body, dataStart); i >= 0 {
		if at := madeAt.FindIndex(body[i:]); at != nil {
			hashSorted(h, body[:i+at[0]])
			body = body[i+at[1]:]
		}
	}
	hashSorted(h, body)
	return `W/"` + hex.EncodeToString(h.Sum(nil))[:24] + `"`
}

// hashSorted writes b to h with every start tag's attributes in sorted
// order. Text holds no raw '<' (go-app escapes it, script text included),
// so each '<' followed by a letter starts a tag.
func hashSorted(h io.Writer, b []byte) {
	var attrs [][]byte
	for {
		i := bytes.IndexByte(b, '<')
		if i < 0 || i+1 >= len(b) {
			h.Write(b)
			return
		}
		h.Write(b[:i])
		b = b[i:]
		end := tagEnd(b)
		if c := b[1]; end < 0 || !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z') {
			h.Write(b[:1])
			b = b[1:]
			continue
		}
		attrs = splitAttrs(b[1:end], attrs[:0])
		slices.SortFunc(attrs[1:], bytes.Compare)
		for _, a := range attrs {
			h.Write(a)
			h.Write(nul)
		}
		h.Write(gt)
		b = b[end+1:]
	}
}

// tagEnd is the index of the '>' that closes the tag b starts with, outside
// quoted values; -1 if it is not closed.
func tagEnd(b []byte) int {
	var quote byte
	for i, c := range b {
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '>':
			return i
		}
	}
	return -1
}

// splitAttrs appends to out the space-separated parts of a tag (its name,
// then its attributes), spaces inside quoted values kept.
func splitAttrs(b []byte, out [][]byte) [][]byte {
	var quote byte
	start := -1
	for i, c := range b {
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '/':
			if start >= 0 {
				out = append(out, b[start:i])
				start = -1
			}
			continue
		}
		if start < 0 {
			start = i
		}
	}
	if start >= 0 {
		out = append(out, b[start:])
	}
	return out
}

// bufferWriter holds a 200 response's body until it is complete; any other
// status is written through at once.
type bufferWriter struct {
	http.ResponseWriter
	body        bytes.Buffer
	wroteHeader bool
	buffering   bool
}

func (w *bufferWriter) WriteHeader(code int) {
	if w.wroteHeader {
		return
	}
	w.wroteHeader = true
	if code == http.StatusOK {
		w.buffering = true
		return
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *bufferWriter) Write(b []byte) (int, error) {
	if !w.wroteHeader {
		w.WriteHeader(http.StatusOK)
	}
	if w.buffering {
		return w.body.Write(b)
	}
	return w.ResponseWriter.Write(b)
}
