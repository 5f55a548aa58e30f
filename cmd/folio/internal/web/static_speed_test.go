package web

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/andybalholm/brotli"

	"folio/cmd/folio/internal/api"
	"folio/cmd/folio/internal/content"
	"folio/cmd/folio/internal/store"
	webfiles "folio/web"
)

// speedCSS is a style sheet big enough to be worth compressing.
var speedCSS = strings.Repeat(".card{margin:0 auto;padding:1rem;color:#1d3557}\n", 200)

// speedFiles is a web folder whose app.wasm has both twins, each a different
// size, and whose style sheet has none.
func speedFiles(css string) fstest.MapFS {
	return fstest.MapFS{
		"folio.css":      {Data: []byte(css)},
		"loader.js":      {Data: []byte("// loader")},
		"embed-frame.js": {Data: []byte("// frame")},
		"sw.js":          {Data: []byte("const VERSION = \"{{.Version}}\"; const SHELL_FILES = {{.ResourcesToCache}};")},
		"app.wasm":       {Data: []byte("\x00asm" + strings.Repeat("raw wasm bytes ", 100))},
		"app.wasm.br":    {Data: []byte("brotli twin")},
		"app.wasm.gz":    {Data: []byte("gzip twin, a little longer")},
	}
}

// newSiteWith is the whole site over the sample magazine with static as its
// web folder.
func newSiteWith(tb testing.TB, static fstest.MapFS) http.Handler {
	tb.Helper()
	ix, probs, err := content.Load(content.Sample())
	if err != nil || len(probs) > 0 {
		tb.Fatalf("sample: %v %v", err, probs)
	}
	st, err := store.Open(context.Background(), filepath.Join(tb.TempDir(), "folio.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	h, err := New(Config{
		Index: ix, Comments: st, Static: static, Log: quiet, Domain: "folio.test",
		API: api.New(api.Config{Articles: ix, Comments: st, Now: time.Now, Log: quiet}),
	})
	if err != nil {
		tb.Fatal(err)
	}
	return h
}

func decode(t *testing.T, encoding string, body []byte) string {
	t.Helper()
	var r io.Reader = bytes.NewReader(body)
	switch encoding {
	case "br":
		r = brotli.NewReader(r)
	case "gzip":
		zr, err := gzip.NewReader(r)
		if err != nil {
			t.Fatalf("gzip: %v", err)
		}
		r = zr
	}
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatalf("%s: %v", encoding, err)
	}
	return string(b)
}

// TestStaticEncodings asks for each file in each encoding: brotli when
// accepted, gzip next, the file itself otherwise; each answer has the
// length of the bytes sent and a strong ETag of its own.
func TestStaticEncodings(t *testing.T) {
	files := speedFiles(speedCSS)
	h := newSiteWith(t, files)
	tests := []struct {
		path, accept, encoding string
		body                   string // sent as is (twins), or decoded
	}{
		{"/web/app.wasm", "br", "br", "brotli twin"},
		{"/web/app.wasm", "gzip, deflate, br", "br", "brotli twin"},
		{"/web/app.wasm", "gzip", "gzip", "gzip twin, a little longer"},
		{"/web/app.wasm", "br;q=0, gzip", "gzip", "gzip twin, a little longer"},
		{"/web/app.wasm", "", "", string(files["app.wasm"].Data)},
		{"/web/folio.css", "gzip, br", "br", speedCSS},
		{"/web/folio.css", "gzip", "gzip", speedCSS},
		{"/web/folio.css", "identity", "", speedCSS},
	}
	tags := map[string]string{} // ETag → what it was sent with
	for _, tt := range tests {
		w := get(h, tt.path, "Accept-Encoding", tt.accept)
		what := tt.path + " (" + tt.accept + ")"
		if w.Code != http.StatusOK || w.Header().Get("Content-Encoding") != tt.encoding {
			t.Errorf("%s = %d, Content-Encoding %q, want 200 %q", what, w.Code, w.Header().Get("Content-Encoding"), tt.encoding)
			continue
		}
		body := w.Body.Bytes()
		got := string(body) // app.wasm's twins are sent as built
		if tt.path == "/web/folio.css" {
			got = decode(t, tt.encoding, body)
		}
		if got != tt.body {
			t.Errorf("%s gives %.40q, want %.40q", what, got, tt.body)
		}
		if cl := w.Header().Get("Content-Length"); cl != strconv.Itoa(len(body)) {
			t.Errorf("%s: Content-Length %q for %d bytes", what, cl, len(body))
		}
		if tt.encoding != "" && len(body) >= len(tt.body) && tt.path == "/web/folio.css" {
			t.Errorf("%s: %d bytes compressed to %d", what, len(tt.body), len(body))
		}
		if v := w.Header().Get("Vary"); !strings.Contains(v, "Accept-Encoding") {
			t.Errorf("%s: Vary %q", what, v)
		}
		tag := w.Header().Get("ETag")
		if !strongETag(tag) {
			t.Errorf("%s: ETag %q is not a strong entity tag", what, tag)
		}
		key := tt.path + " " + tt.encoding
		if other, seen := tags[tag]; seen && other != key {
			t.Errorf("%s: ETag %s is also %s's", what, tag, other)
		}
		tags[tag] = key
	}
}

func strongETag(tag string) bool {
	return len(tag) > 2 && tag[0] == '"' && tag[len(tag)-1] == '"' && !strings.Contains(tag[1:len(tag)-1], `"`)
}

// TestStaticRevalidation: a matching If-None-Match gets 304 with no body,
// another encoding's tag or an old file's tag gets the file, and an edited
// file gets a new tag.
func TestStaticRevalidation(t *testing.T) {
	h := newSiteWith(t, speedFiles(speedCSS))
	first := get(h, "/web/folio.css", "Accept-Encoding", "gzip")
	tag := first.Header().Get("ETag")
	brTag := get(h, "/web/folio.css", "Accept-Encoding", "br").Header().Get("ETag")
	tests := []struct {
		name, accept, ifNoneMatch string
		status                    int
	}{
		{"same tag", "gzip", tag, http.StatusNotModified},
		{"in a list", "gzip", `"other", ` + tag, http.StatusNotModified},
		{"weak form", "gzip", "W/" + tag, http.StatusNotModified},
		{"any", "gzip", "*", http.StatusNotModified},
		{"the brotli copy's tag", "gzip", brTag, http.StatusOK},
		{"another tag", "gzip", `"other"`, http.StatusOK},
	}
	for _, tt := range tests {
		w := get(h, "/web/folio.css", "Accept-Encoding", tt.accept, "If-None-Match", tt.ifNoneMatch)
		if w.Code != tt.status {
			t.Errorf("%s: If-None-Match %s = %d, want %d", tt.name, tt.ifNoneMatch, w.Code, tt.status)
		}
		if w.Code == http.StatusNotModified && (w.Body.Len() != 0 || w.Header().Get("ETag") != tt.ifNoneMatch && tt.ifNoneMatch == tag) {
			t.Errorf("%s: 304 with %d bytes, ETag %q", tt.name, w.Body.Len(), w.Header().Get("ETag"))
		}
	}
	edited := newSiteWith(t, speedFiles(speedCSS+"a{color:blue}\n"))
	w := get(edited, "/web/folio.css", "Accept-Encoding", "gzip", "If-None-Match", tag)
	if w.Code != http.StatusOK || w.Header().Get("ETag") == tag {
		t.Errorf("edited style sheet = %d with ETag %q, want 200 with a new tag (old %q)", w.Code, w.Header().Get("ETag"), tag)
	}
}

// TestStaticImmutable: our pages and the service worker's shell link styles
// and scripts by this build's versioned URL, cached as immutable; the plain
// URL, or another build's, is revalidated every time.
func TestStaticImmutable(t *testing.T) {
	files := speedFiles(speedCSS)
	h := newSiteWith(t, files)
	version, err := Version(files)
	if err != nil {
		t.Fatal(err)
	}
	page := get(h, "/").Body.String()
	worker := get(h, "/app-worker.js").Body.String()
	for _, u := range []string{"/web/folio.css?v=" + version, "/web/loader.js?v=" + version, "/web/embed-frame.js?v=" + version} {
		if !strings.Contains(page, `"`+u+`"`) {
			t.Errorf("the front page does not link %s", u)
		}
		if !strings.Contains(worker, `"`+u+`"`) {
			t.Errorf("the service worker's shell does not list %s", u)
		}
	}
	const immutable = "public, max-age=31536000, immutable"
	tests := []struct {
		path, cache string
	}{
		{"/web/folio.css?v=" + version, immutable},
		{"/web/loader.js?v=" + version, immutable},
		{"/web/folio.css", "no-cache"},
		{"/web/folio.css?v=0123456789abcdef", "no-cache"},
		{"/web/folio.css?v=" + version + "&x=1", "no-cache"},
		{"/web/app.wasm", "no-cache"},
	}
	for _, tt := range tests {
		w := get(h, tt.path, "Accept-Encoding", "gzip, br")
		if w.Code != http.StatusOK || w.Header().Get("Cache-Control") != tt.cache {
			t.Errorf("GET %s = %d, Cache-Control %q, want %q", tt.path, w.Code, w.Header().Get("Cache-Control"), tt.cache)
		}
	}
}

// TestStaticHead: HEAD answers with GET's headers and no body.
func TestStaticHead(t *testing.T) {
	h := newSiteWith(t, speedFiles(speedCSS))
	for _, p := range []string{"/web/app.wasm", "/web/folio.css"} {
		for _, accept := range []string{"br", "gzip", ""} {
			g := get(h, p, "Accept-Encoding", accept)
			r := httptest.NewRequest(http.MethodHead, p, nil)
			r.Header.Set("Accept-Encoding", accept)
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)
			for _, k := range []string{"Content-Length", "Content-Encoding", "ETag", "Content-Type"} {
				if w.Header().Get(k) != g.Header().Get(k) {
					t.Errorf("HEAD %s (%s): %s %q, GET has %q", p, accept, k, w.Header().Get(k), g.Header().Get(k))
				}
			}
			if w.Code != http.StatusOK || w.Body.Len() != 0 || w.Header().Get("Content-Length") == "" {
				t.Errorf("HEAD %s (%s) = %d with %d bytes, Content-Length %q", p, accept, w.Code, w.Body.Len(), w.Header().Get("Content-Length"))
			}
		}
	}
}

// discard is a ResponseWriter that keeps nothing, so the benchmark counts
// only the server's own work.
type discard struct {
	h http.Header
	n int
}

func (d *discard) Header() http.Header         { return d.h }
func (d *discard) WriteHeader(int)             {}
func (d *discard) Write(b []byte) (int, error) { d.n += len(b); return len(b), nil }

// BenchmarkStatic is a static request through the whole site (security
// headers, gzip middleware, mux): app.wasm as brotli, the style sheet by its
// versioned URL, gzipped and revalidated. It uses the built web folder (run
// `make wasm` first). B/op shows whether a request copies the file.
func BenchmarkStatic(b *testing.B) {
	if _, err := webfiles.Files.ReadFile("app.wasm.br"); err != nil {
		b.Skip("no web/app.wasm.br: run make wasm")
	}
	files := fstest.MapFS{}
	for _, name := range []string{"folio.css", "loader.js", "embed-frame.js", "sw.js", "app.wasm", "app.wasm.br", "app.wasm.gz"} {
		data, err := webfiles.Files.ReadFile(name)
		if err != nil {
			b.Fatal(err)
		}
		files[name] = &fstest.MapFile{Data: data}
	}
	h := newSiteWith(b, files)
	version, _ := Version(files)
	cssTag := get(h, "/web/folio.css", "Accept-Encoding", "gzip").Header().Get("ETag")
	for _, bc := range []struct {
		name, path string
		header     []string
	}{
		{"wasm-br", "/web/app.wasm", []string{"Accept-Encoding", "gzip, deflate, br"}},
		{"css-gzip", "/web/folio.css?v=" + version, []string{"Accept-Encoding", "gzip"}},
		{"css-304", "/web/folio.css", []string{"Accept-Encoding", "gzip", "If-None-Match", cssTag}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			r := httptest.NewRequest(http.MethodGet, bc.path, nil)
			for i := 0; i+1 < len(bc.header); i += 2 {
				r.Header.Set(bc.header[i], bc.header[i+1])
			}
			w := &discard{h: http.Header{}}
			b.ReportAllocs()
			for b.Loop() {
				clear(w.h)
				w.n = 0
				h.ServeHTTP(w, r)
			}
			b.SetBytes(int64(w.n))
		})
	}
}
