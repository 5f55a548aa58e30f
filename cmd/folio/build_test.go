package main

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"folio/app/article"
)

// buildSite runs folio build into a new folder, from a working directory of
// its own (so a stray folio.db would show), and serves the result with a
// plain file server, as any static host would.
func buildSite(t *testing.T, args ...string) (url, cwd string) {
	t.Helper()
	out := t.TempDir()
	cwd = t.TempDir()
	t.Chdir(cwd)
	if stdout, stderr, err := runCLI(t, append([]string{"build", "-out", out}, args...)...); err != nil {
		t.Fatalf("folio build: %v\n%s%s", err, stdout, stderr)
	}
	srv := httptest.NewServer(http.FileServer(http.Dir(out)))
	t.Cleanup(srv.Close)
	return srv.URL, cwd
}

// get fetches a path from the static host, following its redirects
// (/a/slug → /a/slug/), and fails the test unless it is a 200.
func get(t *testing.T, url string) (string, http.Header) {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET %s = %d, want 200", url, res.StatusCode)
	}
	return string(body), res.Header
}

// TestBuild: the export serves from a plain file server: every page, the
// app's article documents where the app asks for them, the worker's offline
// page, the embed, feed, sitemap and robots.txt; no database appears, and
// the comment box is there only when a comment server is named.
func TestBuild(t *testing.T) {
	url, cwd := buildSite(t, "-api", "https://comments.example")
	if entries, _ := os.ReadDir(cwd); len(entries) != 0 {
		t.Errorf("folio build left files in its working directory: %v", entries)
	}

	body, _ := get(t, url+"/api/articles/index.json")
	var first article.Page
	if err := json.Unmarshal([]byte(body), &first); err != nil || len(first.Articles) < 2 {
		t.Fatalf("/api/articles/index.json: %v (%d articles)", err, len(first.Articles))
	}
	a := first.Articles[0]
	body, _ = get(t, url+"/api/articles/"+a.Slug+".json")
	var got article.Article
	if err := json.Unmarshal([]byte(body), &got); err != nil || got.Slug != a.Slug || got.Markdown == "" {
		t.Errorf("/api/articles/%s.json: %v, slug %q, %d bytes of Markdown", a.Slug, err, got.Slug, len(got.Markdown))
	}

	pages := []struct{ path, want string }{
		{"/", a.Title},
		{"/a/" + a.Slug, a.Title},
		{"/embed/" + a.Slug + "?mode=article", a.Title},
		{"/embed/" + a.Slug + "?mode=comments", a.Title},
		{"/saved", "<html"},
		{"/offline", "<html"},
		{"/tag/" + a.Tags[0], a.Title},
		{"/embed.js", "data-folio-article"},
		{"/feed.xml", "<feed"},
		{"/sitemap.xml", "/a/" + a.Slug},
		{"/robots.txt", "Sitemap:"},
		{"/app-worker.js", "folio-shell-"},
		{"/manifest.webmanifest", "Folio"},
	}
	for _, p := range pages {
		body, _ := get(t, url+p.path)
		if !strings.Contains(body, p.want) {
			t.Errorf("GET %s lacks %q", p.path, p.want)
		}
		if strings.HasPrefix(p.path, "/a/") && !strings.Contains(body, `id="comment-body"`) {
			t.Errorf("GET %s: no comment box, though -api names a comment server", p.path)
		}
	}
	if _, h := get(t, url+"/web/app.wasm"); h.Get("Content-Type") != "application/wasm" {
		t.Errorf("app.wasm Content-Type = %q, want application/wasm", h.Get("Content-Type"))
	}
	for _, p := range []string{"/web/app.wasm.br", "/web/app.wasm.gz", "/web/sw.js", "/healthz"} {
		if res, err := http.Get(url + p); err == nil {
			res.Body.Close()
			if res.StatusCode != http.StatusNotFound {
				t.Errorf("GET %s = %d, want 404: not part of the export", p, res.StatusCode)
			}
		}
	}
	if _, err := os.Stat(filepath.Join(cwd, "folio.db")); err == nil {
		t.Error("folio build created folio.db")
	}
}

// TestBuildWithoutCommentServer: with no -api, pages have no comment box
// that could never post.
func TestBuildWithoutCommentServer(t *testing.T) {
	url, _ := buildSite(t)
	body, _ := get(t, url+"/api/articles/index.json")
	var first article.Page
	if err := json.Unmarshal([]byte(body), &first); err != nil || len(first.Articles) == 0 {
		t.Fatalf("/api/articles/index.json: %v", err)
	}
	list := first.Articles
	for _, p := range []string{"/a/" + list[0].Slug, "/embed/" + list[0].Slug} {
		if body, _ := get(t, url+p); strings.Contains(body, "comment-form") || !strings.Contains(body, list[0].Title) {
			t.Errorf("GET %s: want the article without a comment form", p)
		}
	}
}

// TestBuildAPIFlag: -api must name a server, not a page or anything else.
func TestBuildAPIFlag(t *testing.T) {
	for _, bad := range []string{"comments.example", "ftp://comments.example", "https://comments.example/?x=1", "https://comments.example/#c"} {
		if _, stderr, err := runCLI(t, "build", "-out", t.TempDir(), "-api", bad); err == nil {
			t.Errorf("folio build -api %q succeeded, want an error", bad)
		} else if !strings.Contains(stderr+err.Error(), "-api") {
			t.Errorf("folio build -api %q: error %q does not name the flag", bad, stderr+err.Error())
		}
	}
}
