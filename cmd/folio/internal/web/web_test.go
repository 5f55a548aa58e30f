package web

import (
	"compress/gzip"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"folio/app/comment"
	"folio/cmd/folio/internal/api"
	"folio/cmd/folio/internal/content"
	"folio/cmd/folio/internal/store"
)

var static = fstest.MapFS{
	"folio.css":         {Data: []byte("body{}")},
	"sw.js":             {Data: []byte("const VERSION = \"{{.Version}}\"; const SHELL_FILES = {{.ResourcesToCache}};")},
	"app.wasm":          {Data: []byte("\x00asm-raw")},
	"app.wasm.br":       {Data: []byte("brotli-bytes")},
	"icons/icon.svg":    {Data: []byte("<svg/>")},
	"embed.go":          {Data: []byte("package web")},
	"screenshots/a.png": {Data: []byte("png")},
}

// newSite is the whole site over the sample magazine and a real SQLite file.
func newSite(tb testing.TB) (http.Handler, store.Store, *content.Index) {
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
	return h, st, ix
}

func get(h http.Handler, path string, header ...string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(http.MethodGet, path, nil)
	for i := 0; i+1 < len(header); i += 2 {
		r.Header.Set(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

func TestPrerenderedArticle(t *testing.T) {
	h, st, ix := newSite(t)
	a := ix.List()[0]
	_, _, err := st.Post(context.Background(), comment.Comment{
		ID: "c1", Article: a.Slug, Author: "Ada", Body: "Indexable words",
		HTML: "<p>Indexable words</p>", Created: time.Now(), Status: comment.Published,
	})
	if err != nil {
		t.Fatal(err)
	}
	w := get(h, "/a/"+a.Slug)
	body := w.Body.String()
	if w.Code != http.StatusOK {
		t.Fatalf("GET /a/%s = %d", a.Slug, w.Code)
	}
	for _, want := range [][]string{
		{"meta", `name="description"`, `content="` + a.Summary[:20]},
		{"link", `rel="canonical"`, `href="https://folio.test/a/` + a.Slug + `"`},
		{"meta", `property="og:image"`, `content="https://folio.test` + a.Image + `"`},
	} {
		if !hasTag(body, want[0], want[1:]...) {
			t.Errorf("prerendered article has no <%s> with %q", want[0], want[1:])
		}
	}
	for _, want := range []string{
		"<title>" + a.Title + " — Folio</title>",
		">" + a.Title + "</h1>", // the headline (its attributes come in any order)
		`class="story-body"`,
		"Indexable words", // the thread is in the prerendered page
		`id="folio-data"`,
		`/web/folio.css`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("prerendered article lacks %q", want)
		}
	}
	if head, _, _ := strings.Cut(body, "</head>"); strings.Contains(head, `\"`) {
		t.Errorf("head has a Go-quoted attribute, which HTML would cut short:\n%s", head)
	}
	if v, _ := Version(static); strings.Contains(w.Header().Get("ETag"), v) {
		t.Errorf("page has ETag %q: go-app's version ETag would make browsers keep stale comments", w.Header().Get("ETag"))
	}
	if csp := w.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "frame-ancestors 'self'") || strings.Contains(csp, "unsafe-inline") {
		t.Errorf("page CSP = %q", csp)
	}
}

// hasTag reports whether body has a <tag> element carrying every attribute
// given (go-app writes attributes in no fixed order).
func hasTag(body, tag string, attrs ...string) bool {
	for _, m := range regexp.MustCompile(`<`+tag+`\b[^>]*>`).FindAllString(body, -1) {
		all := true
		for _, a := range attrs {
			all = all && strings.Contains(m, a)
		}
		if all {
			return true
		}
	}
	return false
}

func TestRoutes(t *testing.T) {
	h, _, ix := newSite(t)
	version, _ := Version(static)
	tests := []struct {
		path   string
		header []string
		status int
		want   string // in the body
	}{
		{"/", nil, 200, ix.List()[1].Title},
		{"/", []string{"If-None-Match", `"` + version + `"`}, 200, ix.List()[0].Title},
		{"/tag/" + ix.List()[0].Tags[0], nil, 200, ix.List()[0].Title},
		{"/a/no-such-article", nil, 404, "Article not found"},
		{"/saved", nil, 200, "Saved"},
		{"/healthz", nil, 200, "ok"},
		{"/api/articles", nil, 200, `"slug":"` + ix.List()[0].Slug},
		{"/web/folio.css", nil, 200, "body{}"},
		{"/web/embed.go", nil, 404, ""},
		{"/web/app.wasm", nil, 200, "\x00asm-raw"},
		{"/web/app.wasm", []string{"Accept-Encoding", "gzip, br"}, 200, "brotli-bytes"},
		{"/media/images/tides.svg", nil, 200, "<svg"},
		{"/media/the-quiet-science-of-tides.md", nil, 404, ""},
		{"/media/../content.go", nil, 307, ""}, // cleaned by the mux, never served
		{"/manifest.webmanifest", nil, 200, "/web/icons/icon-512.png"},
		{"/app-worker.js", nil, 200, `const VERSION = "` + version + `"`},
		{"/feed.xml", nil, 200, "<id>https://folio.test/a/" + ix.List()[0].Slug + "</id>"},
		{"/sitemap.xml", nil, 200, "<loc>https://folio.test/tag/"},
		{"/robots.txt", nil, 200, "Sitemap: https://folio.test/sitemap.xml"},
	}
	for _, tt := range tests {
		w := get(h, tt.path, tt.header...)
		if w.Code != tt.status || !strings.Contains(w.Body.String(), tt.want) {
			t.Errorf("GET %s %v = %d %.80q, want %d with %q", tt.path, tt.header, w.Code, w.Body.String(), tt.status, tt.want)
		}
	}
	w := get(h, "/web/app.wasm", "Accept-Encoding", "br")
	if w.Header().Get("Content-Encoding") != "br" || w.Header().Get(rawLengthHeader) != "8" {
		t.Errorf("wasm headers = %v", w.Header())
	}
	if csp := get(h, "/media/images/tides.svg").Header().Get("Content-Security-Policy"); !strings.Contains(csp, "sandbox") {
		t.Errorf("media CSP = %q, want a sandbox", csp)
	}
}

func TestGzip(t *testing.T) {
	h, _, ix := newSite(t)
	slug := ix.List()[0].Slug
	tests := []struct {
		path, accept string
		gzipped      bool
	}{
		{"/a/" + slug, "gzip, br", true},
		{"/a/" + slug, "", false},
		{"/api/articles/" + slug, "gzip", true},
		{"/web/folio.css", "gzip", false},     // static files: see TestStaticEncodings
		{"/web/app.wasm", "gzip, br", false},  // precompressed brotli instead
		{"/a/no-such-article", "gzip", false}, // errors are small
	}
	for _, tt := range tests {
		w := get(h, tt.path, "Accept-Encoding", tt.accept)
		got := w.Header().Get("Content-Encoding") == "gzip"
		if got != tt.gzipped {
			t.Errorf("GET %s (Accept-Encoding %q): gzip = %v, want %v", tt.path, tt.accept, got, tt.gzipped)
			continue
		}
		if !got {
			continue
		}
		zr, err := gzip.NewReader(w.Body)
		if err != nil {
			t.Fatalf("GET %s: %v", tt.path, err)
		}
		plain, err := io.ReadAll(zr)
		if err != nil || len(plain) <= w.Body.Len() {
			t.Errorf("GET %s: %d bytes gzipped to %d, err %v", tt.path, len(plain), w.Body.Len(), err)
		}
		if w.Header().Get("Content-Length") != "" {
			t.Errorf("GET %s: Content-Length %s on a gzipped body", tt.path, w.Header().Get("Content-Length"))
		}
	}
}

// BenchmarkPrerenderLong is the server's work for the long article's page:
// routing, the go-app prerender, the Markdown render and the comment thread;
// then the same page as a browser asks for it, gzipped.
func BenchmarkPrerenderLong(b *testing.B) {
	h, _, ix := newSite(b)
	long := ix.List()[0]
	for _, m := range ix.List() {
		if m.ReadingMinutes > long.ReadingMinutes {
			long = m
		}
	}
	b.Logf("/a/%s, %d min read", long.Slug, long.ReadingMinutes)
	for _, accept := range []string{"", "gzip, br"} {
		name := "identity"
		if accept != "" {
			name = "gzip"
		}
		b.Run(name, func(b *testing.B) {
			var size int
			b.ReportAllocs()
			for b.Loop() {
				w := get(h, "/a/"+long.Slug, "Accept-Encoding", accept)
				if w.Code != 200 {
					b.Fatal(w.Code)
				}
				size = w.Body.Len()
			}
			b.ReportMetric(float64(size), "bytes/page")
		})
	}
}

// TestAppScript: /app.js is go-app's loader instantiating app.wasm straight
// from fetch's Response (no Response copied in script, which Chromium can
// neither stream-compile as fast nor cache compiled), fetched once the page
// has painted (web/takeover.js's folioFetchWasm), and starting the Go
// program through Folio's take-over; a go-app whose script no longer has
// the text an edit replaces is refused, not served half-edited.
func TestAppScript(t *testing.T) {
	h, _, _ := newSite(t)
	for _, path := range []string{"/app.js", "/goapp.js"} {
		res := get(h, path)
		body := res.Body.String()
		if res.Code != http.StatusOK || !strings.HasPrefix(res.Header().Get("Content-Type"), "application/javascript") {
			t.Fatalf("GET %s = %d %s", path, res.Code, res.Header().Get("Content-Type"))
		}
		for _, want := range []string{`instantiateStreaming(
      folioFetchWasm("/web/app.wasm"),`, "function folioFetchWasm(url) {", `await folioTakeOver(() => go.run(wasm.instance));`, "var folioTakeOver =", `const goappEnv =`} {
			if !strings.Contains(body, want) {
				t.Errorf("GET %s lacks %q", path, want)
			}
		}
		if strings.Contains(body, "fetchWithProgress(\"") {
			t.Errorf("GET %s still loads app.wasm through fetchWithProgress", path)
		}
		if again := get(h, path, "If-None-Match", res.Header().Get("ETag")); again.Code != http.StatusNotModified {
			t.Errorf("GET %s with its ETag = %d, want 304", path, again.Code)
		}
	}
	for _, e := range appScriptEdits {
		changed := strings.Replace(appScriptSample, e.old, "something else", 1)
		if _, err := editAppScript(changed, ""); err == nil {
			t.Errorf("editAppScript accepted a go-app script without %q", e.old)
		}
	}
	if _, err := editAppScript(appScriptSample, ""); err != nil {
		t.Errorf("editAppScript(sample) = %v", err)
	}
}

// appScriptSample holds the lines of go-app's script that Folio edits.
const appScriptSample = `    const wasm = await instantiateStreaming(
      fetchWithProgress("/web/app.wasm", showProgress),
      go.importObject
    );

    go.run(wasm.instance);
    loader.remove();`
