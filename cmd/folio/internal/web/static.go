package web

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/andybalholm/brotli"

	"folio/cmd/folio/internal/negotiate"
	webfiles "folio/web"
)

// rawLengthHeader carries app.wasm's uncompressed size, so go-app's progress
// bar stays right when the bytes on the wire are brotli-compressed.
const rawLengthHeader = "X-Raw-Content-Length"

// staticHandler serves the web folder from memory, as a file server in front
// of a CDN would: every servable file and its .br and .gz twins are read once,
// here, and a request only picks the bytes to send. A text file built without
// twins gets them now (compressing per request costs CPU on every visit), so
// the on-the-fly gzip of compress.go never sees /web/.
//
// Each encoding of a file has its own strong ETag, a hash of the bytes sent;
// a matching If-None-Match gets 304. A URL carrying this build's version
// (?v=VERSION, as our pages link styles and scripts) never changes meaning and
// is cached for a year as immutable; any other is revalidated (no-cache).
func staticHandler(static fs.FS, version string) (http.Handler, error) {
	files, err := loadStatic(static)
	if err != nil {
		return nil, err
	}
	versioned := "v=" + version
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f, ok := files[strings.TrimPrefix(path.Clean(r.URL.Path), "/web/")]
		if !ok {
			http.NotFound(w, r)
			return
		}
		v := f.pick(r)
		h := w.Header()
		h.Set("Vary", "Accept-Encoding")
		h.Set("ETag", v.etag)
		if r.URL.RawQuery == versioned {
			h.Set("Cache-Control", "public, max-age=31536000, immutable")
		} else {
			h.Set("Cache-Control", "no-cache")
		}
		if negotiate.NoneMatch(r.Header.Get("If-None-Match"), v.etag) {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		h.Set("Content-Type", f.contentType)
		if f.rawLength != "" {
			h.Set(rawLengthHeader, f.rawLength)
		}
		if v.encoding != "" {
			h.Set("Content-Encoding", v.encoding)
		}
		if r.Header.Get("Range") != "" {
			http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(v.body))
			return
		}
		h.Set("Content-Length", v.length)
		w.WriteHeader(http.StatusOK)
		if r.Method != http.MethodHead {
			_, _ = w.Write(v.body)
		}
	}), nil
}

// staticFile is one file of the web folder, ready to send.
type staticFile struct {
	contentType string
	rawLength   string // app.wasm's uncompressed size, for go-app's progress bar
	// encodings holds the brotli and gzip copies that are smaller than the
	// file, in the order they are preferred, then the file itself.
	encodings []encoded
}

// encoded is a file's bytes in one content encoding ("" for none).
type encoded struct {
	encoding string
	body     []byte
	etag     string // strong: a hash of body
	length   string
}

// pick is the preferred encoding the request accepts.
func (f *staticFile) pick(r *http.Request) *encoded {
	for i := range f.encodings[:len(f.encodings)-1] {
		if negotiate.Accepts(r.Header.Get("Accept-Encoding"), f.encodings[i].encoding) {
			return &f.encodings[i]
		}
	}
	return &f.encodings[len(f.encodings)-1]
}

// loadStatic reads every servable file of static, with its twins.
func loadStatic(static fs.FS) (map[string]*staticFile, error) {
	files := map[string]*staticFile{}
	err := fs.WalkDir(static, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !servable(p) || !webfiles.Served(p) {
			return err
		}
		f, err := loadFile(static, p)
		if err != nil {
			return fmt.Errorf("static file %s: %w", p, err)
		}
		files[p] = f
		return nil
	})
	return files, err
}

// loadFile reads name and its .br and .gz twins, compressing a text file
// that has none.
func loadFile(static fs.FS, name string) (*staticFile, error) {
	raw, err := fs.ReadFile(static, name)
	if err != nil {
		return nil, err
	}
	f := &staticFile{contentType: mime.TypeByExtension(path.Ext(name))}
	if path.Ext(name) == ".wasm" {
		f.contentType = "application/wasm"
		f.rawLength = strconv.Itoa(len(raw))
	}
	if f.contentType == "" {
		f.contentType = http.DetectContentType(raw)
	}
	for _, enc := range []struct {
		name, ext string
		compress  func([]byte) ([]byte, error)
	}{
		{"br", ".br", func(b []byte) ([]byte, error) { return negotiate.Brotli(b, brotli.BestCompression) }},
		{"gzip", ".gz", func(b []byte) ([]byte, error) { return negotiate.Gzip(b, gzip.BestCompression) }},
	} {
		body, err := fs.ReadFile(static, name+enc.ext)
		if errors.Is(err, fs.ErrNotExist) {
			if !compressible(f.contentType) {
				continue
			}
			if body, err = enc.compress(raw); err == nil && len(body) >= len(raw) {
				continue // too small to gain
			}
		}
		if err != nil {
			return nil, err
		}
		f.encodings = append(f.encodings, newEncoded(enc.name, body))
	}
	f.encodings = append(f.encodings, newEncoded("", raw))
	return f, nil
}

func newEncoded(encoding string, body []byte) encoded {
	sum := sha256.Sum256(body)
	return encoded{
		encoding: encoding,
		body:     body,
		etag:     `"` + hex.EncodeToString(sum[:12]) + `"`,
		length:   strconv.Itoa(len(body)),
	}
}

// servable keeps build leftovers and Go sources out of /web/.
func servable(name string) bool {
	switch path.Ext(name) {
	case ".css", ".js", ".wasm", ".svg", ".png", ".jpg", ".webp", ".ico", ".txt", ".xml", ".json", ".webmanifest":
		return !strings.HasPrefix(path.Base(name), ".")
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
