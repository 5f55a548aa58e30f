package main

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path"
	"path/filepath"
	"strings"

	"folio/cmd/folio/internal/content"
	webfiles "folio/web"
)

// build exports the magazine as static files for any CDN: every page
// prerendered with its comments as of now, the API's article documents, the
// app shell and the media. Posting comments still needs a running server.
func build(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fl := newFlags("build", stderr)
	out := fl.String("out", env("out", ""), "folder to write the site into")
	dir := fl.String("content", env("content", ""), "folder of *.md articles (default: the sample magazine)")
	dsn := fl.String("db", env("db", "folio.db"), "comment store to read comments from")
	domain := fl.String("domain", env("domain", "localhost"), "public host name for canonical links")
	if err := fl.Parse(args); err != nil {
		return errReported
	}
	if *out == "" {
		fmt.Fprintln(stderr, "usage: folio build -out DIR")
		return errReported
	}
	site, closeSite, err := open(ctx, *dir, *dsn, "", *domain)
	if err != nil {
		return err
	}
	defer closeSite()
	ix, err := loadContent(*dir)
	if err != nil {
		return err
	}

	paths := []string{"/", "/saved", "/app.js", "/app-worker.js", "/wasm_exec.js", "/app.css",
		"/manifest.webmanifest", "/api/articles", "/healthz"}
	tags := map[string]bool{}
	for _, m := range ix.List() {
		paths = append(paths, "/a/"+m.Slug, "/api/articles/"+m.Slug, "/api/comments?article="+m.Slug)
		for _, t := range m.Tags {
			if !tags[t] {
				tags[t] = true
				paths = append(paths, "/tag/"+t)
			}
		}
	}
	for _, fsys := range []struct {
		prefix string
		files  fs.FS
	}{{"/web/", webfiles.Files}, {content.MediaPrefix, ix.Media()}} {
		_ = fs.WalkDir(fsys.files, ".", func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && !strings.HasSuffix(p, ".md") && !strings.HasSuffix(p, ".go") {
				paths = append(paths, fsys.prefix+p)
			}
			return nil
		})
	}
	for _, p := range paths {
		if err := export(site, *out, p); err != nil {
			return err
		}
	}
	fmt.Fprintf(stdout, "wrote %d files to %s\n", len(paths), *out)
	return nil
}

// export renders one path through the real handler and writes the body where
// a static host will find it: pages as DIR/index.html.
func export(site http.Handler, out, p string) error {
	rec := httptest.NewRecorder()
	site.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, p, nil))
	if rec.Code != http.StatusOK {
		return fmt.Errorf("build %s: status %d", p, rec.Code)
	}
	file := strings.ReplaceAll(strings.TrimPrefix(p, "/"), "?article=", "/")
	if strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html") {
		file = path.Join(file, "index.html")
	}
	if strings.HasPrefix(p, "/api/") {
		file += ".json"
	}
	dst := filepath.Join(out, filepath.FromSlash(file))
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return fmt.Errorf("build %s: %w", p, err)
	}
	if err := os.WriteFile(dst, rec.Body.Bytes(), 0o644); err != nil {
		return fmt.Errorf("build %s: %w", p, err)
	}
	return nil
}
