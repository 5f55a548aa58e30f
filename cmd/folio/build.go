package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"

	"folio/app/article"
	"folio/app/client"
	"folio/app/comment"
	"folio/cmd/folio/internal/api"
	"folio/cmd/folio/internal/content"
	"folio/cmd/folio/internal/web"
	webfiles "folio/web"
)

// build exports the magazine as plain files for any static host: every page
// prerendered, the article documents under the names the app asks for in an
// export (/api/articles/index.json, /api/articles/{slug}.json), the app
// shell, the embed, feed, sitemap and media. It needs no database: comments
// come live from the Folio server named by -api, or are hidden without one.
func build(_ context.Context, args []string, stdout, stderr io.Writer) error {
	fl := newFlags("build", stderr)
	out := fl.String("out", env("out", ""), "folder to write the site into")
	dir := fl.String("content", env("content", ""), "folder of *.md articles (default: the sample magazine)")
	apiURL := fl.String("api", env("api", ""), "Folio server that holds the comments, like https://comments.example (default: no comments)")
	domain := fl.String("domain", env("domain", "localhost"), "public host name for canonical links")
	if err := fl.Parse(args); err != nil {
		return errReported
	}
	if *out == "" {
		fmt.Fprintln(stderr, "usage: folio build -out DIR [-content DIR] [-api URL]")
		return errReported
	}
	comments, err := commentServer(*apiURL)
	if err != nil {
		return err
	}
	ix, err := loadContent(*dir)
	if err != nil {
		return err
	}
	site, err := web.New(web.Config{
		Index:    ix,
		Comments: noComments{},
		API:      api.New(api.Config{Articles: ix}), // only its article routes are exported
		Static:   webfiles.Files,
		Domain:   *domain,
		Export:   &client.Export{API: comments},
	})
	if err != nil {
		return err
	}
	n := 0
	for _, p := range exportPaths(ix) {
		switch err := export(site, *out, p); {
		case errors.Is(err, errNotServed):
			continue
		case err != nil:
			return err
		}
		n++
	}
	fmt.Fprintf(stdout, "wrote %d files to %s\n", n, *out)
	return nil
}

// commentServer checks -api: the origin (and path prefix) of a Folio
// server, without a trailing slash; "" stays "" (no comments).
func commentServer(s string) (string, error) {
	if s == "" {
		return "", nil
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" ||
		u.User != nil || u.RawQuery != "" || u.Fragment != "" || strings.HasSuffix(s, "?") || strings.HasSuffix(s, "#") {
		return "", fmt.Errorf("-api %q: want the comment server's address, like https://comments.example", s)
	}
	return strings.TrimSuffix(u.Scheme+"://"+u.Host+u.EscapedPath(), "/"), nil
}

// exportPaths lists what a static host needs: the pages, go-app's files,
// the article documents, the embed, feeds and every static and media file.
func exportPaths(ix *content.Index) []string {
	paths := []string{"/saved", "/offline", "/search", "/app.js", "/app-worker.js", "/wasm_exec.js", "/app.css",
		"/manifest.webmanifest", "/embed.js", "/feed.xml", "/sitemap.xml", "/robots.txt"}
	paths = append(paths, listPages(ix, "")...)
	tags := map[string]bool{}
	for _, m := range ix.List() {
		paths = append(paths, "/a/"+m.Slug, "/embed/"+m.Slug, "/api/articles/"+m.Slug)
		for _, t := range m.Tags {
			if !tags[t] {
				tags[t] = true
				paths = append(paths, listPages(ix, t)...)
			}
		}
	}
	for _, fsys := range []struct {
		prefix string
		files  fs.FS
	}{{"/web/", webfiles.Files}, {content.MediaPrefix, ix.Media()}} {
		_ = fs.WalkDir(fsys.files, ".", func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && !leftOut(fsys.prefix, p) {
				paths = append(paths, fsys.prefix+p)
			}
			return nil
		})
	}
	return paths
}

// listPages are the pages of the stories tagged tag ("": all) and the
// article list pages the app reads on them: / or /tag/TAG, then /page/2
// or /tag/TAG/page/2 and so on, and GET /api/articles for each.
func listPages(ix *content.Index, tag string) []string {
	list := ix.List()
	if tag != "" {
		list = ix.Tagged(tag)
	}
	var paths []string
	for n := 1; n == 1 || (n-1)*article.PageSize < len(list); n++ {
		page := "/"
		if tag != "" {
			page = "/tag/" + tag
		}
		if n > 1 {
			page = strings.TrimSuffix(page, "/") + "/page/" + strconv.Itoa(n)
		}
		paths = append(paths, page, client.ArticlesQuery(tag, n))
	}
	return paths
}

// leftOut keeps files a static host must not serve out of the export:
// articles' sources, Go files, the worker's template (go-app serves it
// filled in as /app-worker.js), and app.wasm's precompressed twins. A plain
// host serves .br or .gz files as they are, not as app.wasm; a host that
// can negotiate them can be given web/app.wasm.br by hand.
func leftOut(prefix, p string) bool {
	switch path.Ext(p) {
	case ".md", ".go", ".br", ".gz":
		return true
	}
	return prefix == "/web/" && p == "sw.js"
}

// errNotServed is a static or media file the server does not serve (a
// build leftover, a hidden file): it stays out of the export too.
var errNotServed = errors.New("not served")

// export renders one path through the real handler and writes the body where
// a plain file host finds it: pages as DIR/index.html, article documents as
// .json files.
func export(site http.Handler, out, p string) error {
	rec := httptest.NewRecorder()
	site.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, p, nil))
	if rec.Code == http.StatusNotFound && (strings.HasPrefix(p, "/web/") || strings.HasPrefix(p, content.MediaPrefix)) {
		return errNotServed
	}
	if rec.Code != http.StatusOK {
		return fmt.Errorf("build %s: status %d", p, rec.Code)
	}
	dst := filepath.Join(out, filepath.FromSlash(exportFile(p, strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html"))))
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return fmt.Errorf("build %s: %w", p, err)
	}
	if err := os.WriteFile(dst, rec.Body.Bytes(), 0o644); err != nil {
		return fmt.Errorf("build %s: %w", p, err)
	}
	return nil
}

// exportFile is the file path p is written to (see client.Export).
func exportFile(p string, page bool) string {
	name := strings.TrimPrefix(p, "/")
	switch {
	case p == "/api/articles" || strings.HasPrefix(p, "/api/articles?"):
		// client.ArticlesQuery's request, under client.ArticlesFile's name.
		q, _ := url.ParseQuery(strings.TrimPrefix(p, "/api/articles?"))
		n, err := strconv.Atoi(q.Get("page"))
		if err != nil {
			n = 1
		}
		return strings.TrimPrefix(client.ArticlesFile(q.Get("tag"), n), "/")
	case strings.HasPrefix(p, "/api/articles/"):
		return name + ".json"
	case page:
		return path.Join(name, "index.html")
	}
	return name
}

// noComments is the comment store of a build: pages are prerendered with
// no thread, and the browser fetches it from the comment server.
type noComments struct{}

func (noComments) Page(context.Context, string, string, int) (comment.Page, error) {
	return comment.Page{Comments: []comment.Comment{}}, nil
}

func (noComments) Post(context.Context, comment.Comment) (comment.Comment, bool, error) {
	return comment.Comment{}, false, errors.New("a static export does not store comments")
}
