package web

import (
	"bytes"
	"encoding/json"
	"io"
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

// mediaHandler serves the content folder's images, and nothing else from it:
// no folder listing, no dotfile, and a path that fails to open for any reason
// (missing, a folder, a symlink out of the folder) is a 404. SVGs can carry
// script, so media gets a policy that lets none run even when opened directly.
func mediaHandler(media fs.FS) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := strings.TrimPrefix(r.URL.Path, "/media/")
		f, info, ok := openMedia(media, name)
		if !ok {
			writeStatus(w, r, http.StatusNotFound, "not found")
			return
		}
		defer f.Close()
		w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; sandbox")
		w.Header().Set("Cache-Control", "public, max-age=3600")
		if rs, seekable := f.(io.ReadSeeker); seekable {
			http.ServeContent(w, r, name, info.ModTime(), rs)
			return
		}
		b, err := io.ReadAll(f)
		if err != nil {
			writeStatus(w, r, http.StatusNotFound, "not found")
			return
		}
		http.ServeContent(w, r, name, info.ModTime(), bytes.NewReader(b))
	})
}

// openMedia opens name if it is an image file inside media, not hidden.
func openMedia(media fs.FS, name string) (fs.File, fs.FileInfo, bool) {
	switch strings.ToLower(path.Ext(name)) {
	case ".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".svg":
	default:
		return nil, nil, false
	}
	if !fs.ValidPath(name) {
		return nil, nil, false
	}
	for _, part := range strings.Split(name, "/") {
		if strings.HasPrefix(part, ".") {
			return nil, nil, false
		}
	}
	f, err := media.Open(name)
	if err != nil {
		return nil, nil, false
	}
	info, err := f.Stat()
	if err != nil || !info.Mode().IsRegular() {
		f.Close()
		return nil, nil, false
	}
	return f, info, true
}

// methodNotAllowed answers a method other than GET or HEAD on a path that
// only serves files or pages.
func methodNotAllowed(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Allow", "GET, HEAD")
	writeStatus(w, r, http.StatusMethodNotAllowed, "method not allowed: use GET or HEAD")
}

// writeStatus answers with an error as {"error": msg} to a client that asks
// for JSON, as plain text otherwise.
func writeStatus(w http.ResponseWriter, r *http.Request, status int, msg string) {
	w.Header().Set("X-Content-Type-Options", "nosniff")
	if strings.Contains(r.Header.Get("Accept"), "application/json") {
		b, _ := json.Marshal(map[string]string{"error": msg})
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.WriteHeader(status)
		_, _ = w.Write(append(b, '\n'))
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write([]byte(msg + "\n"))
}
