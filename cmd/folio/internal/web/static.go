package web

import (
	"bytes"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"
	"time"
)

// rawLengthHeader carries app.wasm's uncompressed size, so go-app's progress
// bar stays right when the bytes on the wire are brotli-compressed.
const rawLengthHeader = "X-Raw-Content-Length"

// staticHandler serves the web folder. A file built with a .br or .gz twin is
// sent precompressed to browsers that accept it: compressing app.wasm per
// request would cost seconds of CPU each time.
func staticHandler(static fs.FS, version string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := strings.TrimPrefix(path.Clean(r.URL.Path), "/web/")
		if !servable(name) {
			http.NotFound(w, r)
			return
		}
		raw, err := fs.ReadFile(static, name)
		if err != nil {
			http.NotFound(w, r)
			return
		}
		h := w.Header()
		h.Set("Vary", "Accept-Encoding")
		h.Set("Cache-Control", "no-cache")
		h.Set("ETag", `"`+version+`"`)
		if ct := mime.TypeByExtension(path.Ext(name)); ct != "" {
			h.Set("Content-Type", ct)
		}
		if path.Ext(name) == ".wasm" {
			h.Set("Content-Type", "application/wasm")
			h.Set(rawLengthHeader, strconv.Itoa(len(raw)))
		}
		body := raw
		for _, enc := range []struct{ name, ext string }{{"br", ".br"}, {"gzip", ".gz"}} {
			if !accepts(r, enc.name) {
				continue
			}
			if b, err := fs.ReadFile(static, name+enc.ext); err == nil {
				h.Set("Content-Encoding", enc.name)
				body = b
				break
			}
		}
		http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(body))
	})
}

// servable keeps build leftovers and Go sources out of /web/.
func servable(name string) bool {
	switch path.Ext(name) {
	case ".css", ".js", ".wasm", ".svg", ".png", ".jpg", ".webp", ".ico", ".txt", ".xml", ".json", ".webmanifest":
		return !strings.HasPrefix(path.Base(name), ".")
	}
	return false
}

func accepts(r *http.Request, enc string) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		name, q, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.TrimSpace(name) == enc && strings.TrimSpace(q) != "q=0" {
			return true
		}
	}
	return false
}

// mediaHandler serves the content folder's images. SVGs can carry script, so
// media gets a policy that lets none run even when opened directly.
func mediaHandler(media fs.FS) http.Handler {
	files := http.FileServerFS(media)
	return http.StripPrefix("/media", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch strings.ToLower(path.Ext(r.URL.Path)) {
		case ".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".svg":
		default:
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; sandbox")
		w.Header().Set("Cache-Control", "public, max-age=3600")
		files.ServeHTTP(w, r)
	}))
}
