package web

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"folio/cmd/folio/internal/api"
	"folio/cmd/folio/internal/content"
	"folio/cmd/folio/internal/store"
	webfiles "folio/web"
)

// maxEmbedGzip is embed.js's budget on a publisher's page.
const maxEmbedGzip = 2048

func embedJS(t *testing.T) []byte {
	t.Helper()
	b, err := fs.ReadFile(webfiles.Files, embedScript)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// newEmbedSite is newSite with the real embed scripts and an embed allow-list.
func newEmbedSite(t *testing.T, origins []string) (http.Handler, *content.Index) {
	t.Helper()
	files := fstest.MapFS{}
	for name, f := range static {
		files[name] = f
	}
	for _, name := range []string{embedScript, "embed-frame.js"} {
		b, err := fs.ReadFile(webfiles.Files, name)
		if err != nil {
			t.Fatal(err)
		}
		files[name] = &fstest.MapFile{Data: b}
	}
	ix, _, err := content.Load(content.Sample())
	if err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "folio.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	h, err := New(Config{
		Index: ix, Comments: st, Static: files, Log: quiet, Domain: "folio.test", EmbedOrigins: origins,
		API: api.New(api.Config{Articles: ix, Comments: st, Now: time.Now, Log: quiet}),
	})
	if err != nil {
		t.Fatal(err)
	}
	return h, ix
}

func TestParseOrigins(t *testing.T) {
	tests := []struct {
		in      string
		want    string
		wantErr bool
	}{
		{"", "*", false},
		{"*", "*", false},
		{" https://news.example , http://localhost:3000/ ", "https://news.example http://localhost:3000", false},
		{"https://*.example.org", "https://*.example.org", false},
		{"'self',https://a.example", "'self' https://a.example", false},
		{"news.example", "", true},
		{"https://a.example/path", "", true},
		{"https://a.example; script-src *", "", true},
		{"javascript:alert(1)", "", true},
		{"https://a.example 'unsafe-inline'", "", true},
	}
	for _, tt := range tests {
		got, err := ParseOrigins(tt.in)
		if (err != nil) != tt.wantErr || strings.Join(got, " ") != tt.want {
			t.Errorf("ParseOrigins(%q) = %q, %v; want %q, error %v", tt.in, got, err, tt.want, tt.wantErr)
		}
	}
}

// TestFramePolicy: only /embed/ pages may be framed by other sites.
func TestFramePolicy(t *testing.T) {
	for _, origins := range [][]string{nil, {"https://news.example", "https://*.example.org"}} {
		h, ix := newEmbedSite(t, origins)
		slug := ix.List()[0].Slug
		embedAncestors := "frame-ancestors *"
		if origins != nil {
			embedAncestors = "frame-ancestors " + strings.Join(origins, " ")
		}
		tests := []struct{ path, want string }{
			{"/", "frame-ancestors 'self'"},
			{"/a/" + slug, "frame-ancestors 'self'"},
			{"/tag/city", "frame-ancestors 'self'"},
			{"/saved", "frame-ancestors 'self'"},
			{"/embed.js", "frame-ancestors 'self'"},
			{"/api/articles", "frame-ancestors 'self'"},
			{"/embed/" + slug, embedAncestors},
			{"/embed/" + slug + "?mode=article&theme=dark", embedAncestors},
		}
		for _, tt := range tests {
			csp := get(h, tt.path).Header().Get("Content-Security-Policy")
			if !strings.HasSuffix(csp, tt.want) || strings.Count(csp, "frame-ancestors") != 1 {
				t.Errorf("GET %s: CSP = %q, want it to end in %q", tt.path, csp, tt.want)
			}
			if !strings.Contains(csp, "script-src 'self' 'wasm-unsafe-eval';") || strings.Contains(csp, "unsafe-inline") {
				t.Errorf("GET %s: CSP = %q lost its script policy", tt.path, csp)
			}
		}
	}
}

func TestEmbedPage(t *testing.T) {
	h, ix := newEmbedSite(t, nil)
	a := ix.List()[0]
	tests := []struct {
		query, class string
		has, hasNot  []string
	}{
		{"?mode=comments&theme=dark", "embed embed-comments theme-dark", []string{`class="comments-title"`, a.Title}, []string{`class="story-body"`}},
		{"?mode=article&theme=light", "embed embed-article theme-light", []string{">" + a.Title + "</h1>", `class="story-body"`, `class="comments-title"`}, nil},
		{"", "embed embed-comments", []string{`class="comments-title"`}, []string{"theme-"}},
		{`?mode=<x>&theme="dark`, "embed embed-comments", nil, []string{"theme-", "<x>"}},
	}
	for _, tt := range tests {
		w := get(h, "/embed/"+a.Slug+tt.query)
		body := w.Body.String()
		if w.Code != http.StatusOK {
			t.Fatalf("GET /embed/%s%s = %d", a.Slug, tt.query, w.Code)
		}
		if !hasTag(body, "div", `class="`+tt.class+`"`) {
			t.Errorf("%s: no <div class=%q>", tt.query, tt.class)
		}
		if !hasTag(body, "a", `href="/a/`+a.Slug+`"`, `target="_top"`) {
			t.Errorf("%s: no link to the full article with target=_top", tt.query)
		}
		head, page, _ := strings.Cut(body, "<body")
		if strings.Contains(head, `\"`) {
			t.Errorf("%s: head has a Go-quoted attribute, which HTML would cut short", tt.query)
		}
		for _, s := range append(tt.has, "Open in", `id="folio-data"`) {
			if !strings.Contains(page, s) {
				t.Errorf("%s: embed page lacks %q", tt.query, s)
			}
		}
		for _, s := range append(tt.hasNot, `class="masthead"`, `class="site-footer"`) {
			if strings.Contains(page, s) {
				t.Errorf("%s: embed page has %q", tt.query, s)
			}
		}
		if !hasTag(body, "script", `src="/web/embed-frame.js?v=`) {
			t.Errorf("%s: embed page does not load embed-frame.js", tt.query)
		}
		if !hasTag(body, "link", `rel="canonical"`, `href="https://folio.test/a/`+a.Slug+`"`) {
			t.Errorf("%s: canonical link is not the full article", tt.query)
		}
	}
	if w := get(h, "/embed/no-such-article"); w.Code != http.StatusNotFound || !strings.Contains(w.Body.String(), "not available") {
		t.Errorf("GET /embed/no-such-article = %d, want 404 with a message", w.Code)
	}
}

func TestEmbedScript(t *testing.T) {
	h, _ := newEmbedSite(t, nil)
	raw := embedJS(t)
	w := get(h, "/embed.js")
	etag := w.Header().Get("ETag")
	if w.Code != http.StatusOK || !bytes.Equal(w.Body.Bytes(), raw) {
		t.Fatalf("GET /embed.js = %d, %d bytes; want 200, the file (%d bytes)", w.Code, w.Body.Len(), len(raw))
	}
	for k, want := range map[string]string{
		"Cache-Control":                "public, max-age=86400",
		"Content-Type":                 "text/javascript; charset=utf-8",
		"Cross-Origin-Resource-Policy": "cross-origin",
	} {
		if got := w.Header().Get(k); got != want {
			t.Errorf("GET /embed.js: %s = %q, want %q", k, got, want)
		}
	}
	if len(etag) < 10 || !strings.HasPrefix(etag, `"`) {
		t.Fatalf("GET /embed.js: ETag = %q, want a quoted content hash", etag)
	}
	if w := get(h, "/embed.js", "If-None-Match", etag); w.Code != http.StatusNotModified || w.Body.Len() != 0 {
		t.Errorf("GET /embed.js with If-None-Match %s = %d, want 304", etag, w.Code)
	}
	if w := get(h, "/embed.js", "If-None-Match", `"stale"`); w.Code != http.StatusOK {
		t.Errorf("GET /embed.js with a stale ETag = %d, want 200", w.Code)
	}
	gz := get(h, "/embed.js", "Accept-Encoding", "gzip")
	if gz.Header().Get("Content-Encoding") != "gzip" || gz.Header().Get("ETag") == etag {
		t.Fatalf("gzip /embed.js: headers %v; want gzip with its own ETag", gz.Header())
	}
	zr, err := gzip.NewReader(gz.Body)
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := io.ReadAll(zr); !bytes.Equal(b, raw) {
		t.Error("gzip /embed.js does not unpack to the file")
	}
	if w := get(h, "/embed.js", "Accept-Encoding", "gzip", "If-None-Match", gz.Header().Get("ETag")); w.Code != http.StatusNotModified {
		t.Errorf("gzip /embed.js revalidation = %d, want 304", w.Code)
	}
}

// TestEmbedScriptSize keeps the loader small: it runs on other people's pages.
func TestEmbedScriptSize(t *testing.T) {
	var b bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
	_, _ = zw.Write(embedJS(t))
	_ = zw.Close()
	t.Logf("embed.js: %d bytes, %d gzipped (budget %d)", len(embedJS(t)), b.Len(), maxEmbedGzip)
	if b.Len() > maxEmbedGzip {
		t.Errorf("embed.js is %d bytes gzipped, over the %d-byte budget", b.Len(), maxEmbedGzip)
	}
}

// TestEmbedScriptsParse checks both scripts with Node, and runs the loader
// against a fake host page (testdata/embed_host.js).
func TestEmbedScriptsParse(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node is not installed")
	}
	dir := t.TempDir()
	for _, name := range []string{embedScript, "embed-frame.js"} {
		b, err := fs.ReadFile(webfiles.Files, name)
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		if out, err := exec.Command(node, "--check", p).CombinedOutput(); err != nil {
			t.Errorf("node --check %s: %v\n%s", name, err, out)
		}
	}
	out, err := exec.Command(node, filepath.Join("testdata", "embed_host.js"), filepath.Join(dir, embedScript)).CombinedOutput()
	if err != nil {
		t.Errorf("embed.js on a fake host page: %v\n%s", err, out)
	}
}

func TestCountCORS(t *testing.T) {
	h, ix := newEmbedSite(t, nil)
	w := get(h, "/api/comments/count?article="+ix.List()[0].Slug)
	if w.Code != http.StatusOK || w.Header().Get("Access-Control-Allow-Origin") != "*" {
		t.Errorf("GET /api/comments/count = %d, ACAO %q; want 200, *", w.Code, w.Header().Get("Access-Control-Allow-Origin"))
	}
	if got := get(h, "/api/comments?article="+ix.List()[0].Slug).Header().Get("Access-Control-Allow-Origin"); got != "" {
		t.Errorf("GET /api/comments: ACAO %q; only counts are for other sites", got)
	}
}
