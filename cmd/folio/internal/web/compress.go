package web

import (
	"compress/gzip"
	"io"
	"net/http"
	"strings"
	"sync"

	"folio/cmd/folio/internal/negotiate"
	"folio/cmd/folio/internal/respcache"
)

// Pages, API answers, styles and scripts are text a phone downloads on every
// visit, and gzip shrinks them several times over (BenchmarkPrerenderLong/gzip
// reports the long article's page). Nothing under /web/ is compressed here:
// app.wasm is precompressed at build time, and staticHandler compresses the
// other files once at start and picks an encoding itself (static.go); it also
// tags each encoding with its own strong ETag, which gzipping again would
// make false.

var gzipPool = sync.Pool{New: func() any {
	w, _ := gzip.NewWriterLevel(io.Discard, gzip.BestSpeed) // most of the gain for the least CPU (see BenchmarkPrerenderLong/gzip)
	return w
}}

// compressible lists the content types worth compressing on the fly.
func compressible(contentType string) bool {
	ct, _, _ := strings.Cut(contentType, ";")
	switch strings.TrimSpace(ct) {
	case "text/html", "text/css", "text/plain", "text/javascript", "application/javascript",
		"application/json", "application/manifest+json", "application/xml", "application/atom+xml", "image/svg+xml":
		return true
	}
	return false
}

func gzipResponses(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !negotiate.Accepts(r.Header.Get("Accept-Encoding"), "gzip") || r.Header.Get("Range") != "" || strings.HasPrefix(r.URL.Path, "/web/") {
			next.ServeHTTP(w, r)
			return
		}
		gw := &gzipWriter{ResponseWriter: w}
		defer gw.close()
		next.ServeHTTP(gw, r)
	})
}

// gzipWriter decides at WriteHeader whether the response is worth compressing.
type gzipWriter struct {
	http.ResponseWriter
	gz          *gzip.Writer
	wroteHeader bool
}

func (w *gzipWriter) WriteHeader(code int) {
	if w.wroteHeader {
		return
	}
	w.wroteHeader = true
	h := w.Header()
	respcache.AddVary(h, "Accept-Encoding") // a cached answer may have said so
	if code == http.StatusOK && h.Get("Content-Encoding") == "" && compressible(h.Get("Content-Type")) {
		h.Del("Content-Length")
		h.Set("Content-Encoding", "gzip")
		w.gz = gzipPool.Get().(*gzip.Writer)
		w.gz.Reset(w.ResponseWriter)
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *gzipWriter) Write(b []byte) (int, error) {
	if !w.wroteHeader {
		if w.Header().Get("Content-Type") == "" {
			w.Header().Set("Content-Type", http.DetectContentType(b))
		}
		w.WriteHeader(http.StatusOK)
	}
	if w.gz != nil {
		return w.gz.Write(b)
	}
	return w.ResponseWriter.Write(b)
}

func (w *gzipWriter) close() {
	if w.gz != nil {
		_ = w.gz.Close()
		gzipPool.Put(w.gz)
		w.gz = nil
	}
}

// Unwrap gives http.ResponseController the underlying writer.
func (w *gzipWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
