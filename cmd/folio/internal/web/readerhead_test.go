package web

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"io"
	"log/slog"
	"maps"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"folio/cmd/folio/internal/api"
	"folio/cmd/folio/internal/content"
	"folio/cmd/folio/internal/store"
	webfiles "folio/web"
)

// inlineScripts finds the inline <script> elements of a page.
var inlineScripts = regexp.MustCompile(`(?s)<script>(.*?)</script>`)

// TestReaderHeadInline checks every page, the embed too, carries the reader
// settings script inline in its <head>, before <body>, and that the page's
// policy allows exactly that script by its hash and no inline script else.
func TestReaderHeadInline(t *testing.T) {
	js, err := webfiles.Files.ReadFile("reader-head.js")
	if err != nil {
		t.Fatal(err)
	}
	files := fstest.MapFS{"reader-head.js": {Data: js}}
	maps.Copy(files, static)
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
	h, err := New(Config{Index: ix, Comments: st, Static: files, Log: quiet, Domain: "folio.test",
		API: api.New(api.Config{Articles: ix, Comments: st, Now: time.Now, Log: quiet})})
	if err != nil {
		t.Fatal(err)
	}
	slug := ix.List()[0].Slug
	for _, path := range []string{"/", "/a/" + slug, "/saved", "/embed/" + slug} {
		w := get(h, path)
		body := w.Body.String()
		head, _, ok := strings.Cut(body, "<body")
		if !ok {
			t.Fatalf("GET %s: no <body>", path)
		}
		scripts := inlineScripts.FindAllStringSubmatch(head, -1)
		if len(scripts) != 1 || !strings.Contains(scripts[0][1], `"data-reader-"`) || strings.HasPrefix(scripts[0][1], "//") {
			t.Fatalf("GET %s: inline scripts in <head> = %q, want the reader settings, without its comments", path, scripts)
		}
		if n := len(inlineScripts.FindAllString(body, -1)); n != 1 {
			t.Errorf("GET %s: %d inline scripts in the page, want 1", path, n)
		}
		sum := sha256.Sum256([]byte(scripts[0][1]))
		hash := "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
		csp := w.Header().Get("Content-Security-Policy")
		if !strings.Contains(csp, "; script-src-elem 'self' "+hash+"; ") || strings.Contains(csp, "unsafe-inline") {
			t.Errorf("GET %s: CSP %q does not allow the inline script %s", path, csp, hash)
		}
		if !strings.Contains(csp, "script-src 'self' 'wasm-unsafe-eval';") {
			t.Errorf("GET %s: CSP %q lost its script policy", path, csp)
		}
	}
}
