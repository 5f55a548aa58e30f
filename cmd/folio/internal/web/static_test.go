package web

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"folio/cmd/folio/internal/api"
	"folio/cmd/folio/internal/content"
	"folio/cmd/folio/internal/store"
)

// secrets are markers in files no request may ever show.
var secrets = []string{"OUTSIDE-SECRET", "DOTFILE-SECRET", "GO-SOURCE-SECRET", "CWD-WASM-SECRET", "listed-in-a-folder.txt"}

// hostileTree makes a working directory in which go-app's own file server
// (http.Dir on ".") would find a symlink to a file outside it, a dotfile, a Go
// source file, a folder to list and an app.wasm; and a content folder whose
// media holds the same traps. The test process then runs in that directory.
func hostileTree(t *testing.T) (contentDir string) {
	t.Helper()
	outside, wd := t.TempDir(), t.TempDir()
	write := func(name, data string) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(name, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	link := func(target, name string) {
		t.Helper()
		if err := os.Symlink(target, name); err != nil {
			t.Fatal(err)
		}
	}
	write(filepath.Join(outside, "secret.txt"), "OUTSIDE-SECRET")
	write(filepath.Join(outside, "secret.png"), "OUTSIDE-SECRET")
	write(filepath.Join(wd, "web", ".env"), "DOTFILE-SECRET")
	write(filepath.Join(wd, "web", "main.go"), "package main // GO-SOURCE-SECRET")
	write(filepath.Join(wd, "web", "app.wasm"), "CWD-WASM-SECRET")
	write(filepath.Join(wd, "web", "sub", "listed-in-a-folder.txt"), "x")
	link(filepath.Join(outside, "secret.txt"), filepath.Join(wd, "web", "passwd"))
	link(outside, filepath.Join(wd, "web", "out"))

	contentDir = filepath.Join(wd, "content")
	write(filepath.Join(contentDir, "pic.png"), "PNG-OK")
	write(filepath.Join(contentDir, ".hidden.png"), "DOTFILE-SECRET")
	write(filepath.Join(contentDir, "img", "listed-in-a-folder.txt"), "x")
	write(filepath.Join(contentDir, "dir.png", "listed-in-a-folder.txt"), "x")
	link(filepath.Join(outside, "secret.png"), filepath.Join(contentDir, "leak.png"))
	link(outside, filepath.Join(contentDir, "out"))
	t.Chdir(wd)
	return contentDir
}

// newStaticSite is the real site over the hostile content folder, opened the
// way serve opens it.
func newStaticSite(t *testing.T, contentDir string) http.Handler {
	t.Helper()
	root, err := os.OpenRoot(contentDir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { root.Close() })
	ix, _, err := content.Load(root.FS())
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
		Index: ix, Comments: st, Static: static, Log: quiet, Domain: "folio.test",
		API: api.New(api.Config{Articles: ix, Comments: st, Now: time.Now, Log: quiet}),
	})
	if err != nil {
		t.Fatal(err)
	}
	return h
}

var allMethods = []string{
	http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch,
	http.MethodDelete, http.MethodOptions, "PROPFIND", "MKCOL",
}

// TestStaticFilesStayInTheirTree asks for every trap with every method: no
// secret shows, no folder is listed, nothing fails with a 500, and only GET
// and HEAD are answered on static paths (405 with Allow otherwise).
func TestStaticFilesStayInTheirTree(t *testing.T) {
	h := newStaticSite(t, hostileTree(t))
	version, _ := Version(static)
	paths := []string{
		"/web/passwd", "/web/out/secret.txt", "/web/.env", "/web/main.go", "/web/sub/", "/web/sub",
		"/web/", "/web/app.wasm", "/app.wasm", "/goapp.wasm", "/ads.txt", "/robots.txt", "/sitemap.xml",
		"/" + version + "/web/passwd", "/" + version + "/web/main.go",
		"/media/leak.png", "/media/out/secret.png", "/media/.hidden.png", "/media/img/", "/media/dir.png",
		"/media/dir.png/", "/media/missing.png", "/media/", "/media/pic.png", "/web/folio.css",
	}
	for _, p := range paths {
		for _, m := range allMethods {
			for _, accept := range []string{"", "application/json"} {
				r := httptest.NewRequest(m, p, strings.NewReader("x"))
				r.Host = "127.0.0.1:1" // where go-app would fetch its proxied files from
				if accept != "" {
					r.Header.Set("Accept", accept)
				}
				w := httptest.NewRecorder()
				h.ServeHTTP(w, r)
				checkStaticAnswer(t, m, p, accept, w)
			}
		}
	}
}

func checkStaticAnswer(t *testing.T, method, path, accept string, w *httptest.ResponseRecorder) {
	t.Helper()
	body := w.Body.String()
	for _, s := range secrets {
		if strings.Contains(body, s) {
			t.Errorf("%s %s answered %d with %q", method, path, w.Code, s)
		}
	}
	if w.Code >= 500 {
		t.Errorf("%s %s = %d, want no server error", method, path, w.Code)
	}
	if method != http.MethodGet && method != http.MethodHead {
		if w.Code != http.StatusMethodNotAllowed || w.Header().Get("Allow") != "GET, HEAD" {
			t.Errorf("%s %s = %d Allow %q, want 405 Allow \"GET, HEAD\"", method, path, w.Code, w.Header().Get("Allow"))
		}
		want := "text/plain"
		if accept == "application/json" {
			want = "application/json"
		}
		if ct := w.Header().Get("Content-Type"); !strings.HasPrefix(ct, want) {
			t.Errorf("%s %s (Accept %q) Content-Type = %q, want %s", method, path, accept, ct, want)
		}
		return
	}
	ok := path == "/media/pic.png" || path == "/web/folio.css" || path == "/web/app.wasm" || path == "/robots.txt" || path == "/sitemap.xml"
	switch {
	case ok && w.Code != http.StatusOK:
		t.Errorf("%s %s = %d, want 200", method, path, w.Code)
	case !ok && w.Code != http.StatusNotFound:
		t.Errorf("%s %s = %d, want 404", method, path, w.Code)
	case path == "/media/pic.png" && method == http.MethodGet && body != "PNG-OK":
		t.Errorf("GET %s = %q, want the file", path, body)
	}
}
