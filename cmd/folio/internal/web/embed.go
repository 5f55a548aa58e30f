package web

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"net/http"
	"net/url"
	"strings"
	"time"

	"folio/app/ui"
	"folio/cmd/folio/internal/negotiate"
)

// Embedding: /embed.js is the loader publishers paste into their pages; it
// frames /embed/{slug}, the only route other sites may frame.

// embedScript is the loader's file in the web folder.
const embedScript = "embed.js"

// ParseOrigins reads the -embed-origins list: comma-separated origins
// (https://news.example, https://*.example.org) or "*" for any site. Empty
// means any. Each entry becomes a CSP frame-ancestors source, so anything that
// could change the header's meaning is refused.
func ParseOrigins(s string) ([]string, error) {
	var out []string
	for _, part := range strings.Split(s, ",") {
		o := strings.TrimSpace(part)
		switch {
		case o == "":
			continue
		case o == "*" || o == "'self'":
			out = append(out, o)
			continue
		case strings.ContainsAny(o, " ;,'\"\t\r\n"):
			return nil, fmt.Errorf("embed origin %q: not an origin", o)
		}
		u, err := url.Parse(o)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" ||
			(u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
			return nil, fmt.Errorf("embed origin %q: want scheme://host[:port], like https://news.example", o)
		}
		out = append(out, u.Scheme+"://"+u.Host)
	}
	if len(out) == 0 {
		out = []string{"*"}
	}
	return out, nil
}

// embedPolicy is contentPolicy with the frame-ancestors that /embed/ pages
// get: the publishers' sites instead of only our own.
func embedPolicy(origins []string) string {
	if len(origins) == 0 {
		origins = []string{"*"}
	}
	base, _ := strings.CutSuffix(contentPolicy, "frame-ancestors 'self'")
	return base + "frame-ancestors " + strings.Join(origins, " ")
}

// isEmbedPage reports whether a path may be framed by other sites.
func isEmbedPage(p string) bool { return strings.HasPrefix(p, "/embed/") }

// pageSlug is the article a page path shows, for the 404 status of pages
// whose article does not exist.
func pageSlug(p string) (string, bool) {
	switch {
	case ui.IsArticlePath(p):
		return strings.TrimSuffix(strings.TrimPrefix(p, "/a/"), "/"), true
	case ui.IsEmbedPath(p):
		return strings.TrimSuffix(strings.TrimPrefix(p, "/embed/"), "/"), true
	}
	return "", false
}

// mountEmbed adds the loader and lets any page read comment counts.
func mountEmbed(mux *http.ServeMux, static fs.FS, api http.Handler) {
	mux.Handle("GET /embed.js", embedScriptHandler(static))
	mux.Handle("GET /api/comments/count", publicRead(api))
}

// embedScriptHandler serves the loader. Publishers' pages link it by a
// fixed URL, so it is versioned by its ETag rather than its name: cached for
// a day, then revalidated with a 304.
func embedScriptHandler(static fs.FS) http.Handler {
	raw, err := fs.ReadFile(static, embedScript)
	if err != nil {
		return http.NotFoundHandler()
	}
	sum := sha256.Sum256(raw)
	tag := hex.EncodeToString(sum[:8])
	var gz bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&gz, gzip.BestCompression)
	_, _ = zw.Write(raw)
	_ = zw.Close()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Type", "text/javascript; charset=utf-8")
		h.Set("Cache-Control", "public, max-age=86400")
		h.Set("Vary", "Accept-Encoding")
		// A host page that isolates itself (COEP) may still load it.
		h.Set("Cross-Origin-Resource-Policy", "cross-origin")
		body, etag := raw, `"`+tag+`"`
		if negotiate.Accepts(r.Header.Get("Accept-Encoding"), "gzip") {
			h.Set("Content-Encoding", "gzip")
			body, etag = gz.Bytes(), `"`+tag+`-gz"`
		}
		h.Set("ETag", etag)
		http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(body))
	})
}

// publicRead lets scripts on any site read a response: comment counts are
// public, and the loader on a publisher's page fetches them cross-origin.
func publicRead(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Access-Control-Allow-Origin", "*")
		next.ServeHTTP(w, r)
	})
}
