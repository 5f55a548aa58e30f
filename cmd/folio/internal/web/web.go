// Package web assembles Folio's HTTP server: our own routes (API, static files,
// media, health) in front of go-app's handler, which prerenders every page.
package web

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/http"
	"sort"
	"strings"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"folio/app/article"
	"folio/app/client"
	"folio/app/comment"
	"folio/app/ui"
	"folio/cmd/folio/internal/api"
	"folio/cmd/folio/internal/content"
	"folio/cmd/folio/internal/respcache"
	webfiles "folio/web"
)

// Config is what the server is made of.
type Config struct {
	Index    *content.Index
	Comments comment.Store
	API      http.Handler
	Static   fs.FS // the web folder: css, js, icons, app.wasm
	// Domain is the public host name (and port) that canonical links and
	// OpenGraph URLs are made with, served over https.
	Domain string
	Log    *slog.Logger
	// EmbedOrigins are the sites that may frame /embed/ pages (CSP
	// frame-ancestors sources, see ParseOrigins); empty means any.
	EmbedOrigins []string
	// Export, when set, prerenders pages for a static export (folio build)
	// and tells the browser program so through go-app's Env.
	Export *client.Export
	// Cache, when set, keeps prerendered pages ready until their article or
	// its comments change; Comments must then report its writes to it
	// (respcache.Cache.Store).
	Cache *respcache.Cache
}

// New returns the whole site as one handler.
func New(cfg Config) (http.Handler, error) {
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	version, err := Version(cfg.Static)
	if err != nil {
		return nil, err
	}
	worker, err := fs.ReadFile(cfg.Static, "sw.js")
	if err != nil {
		return nil, fmt.Errorf("service worker: %w", err)
	}
	static, err := staticHandler(cfg.Static, version)
	if err != nil {
		return nil, err
	}
	head, err := readerHead(cfg.Static)
	if err != nil {
		return nil, err
	}
	ui.SetSource(source{cfg.Index, cfg.Comments})
	ui.SetOrigin("https://" + cfg.Domain)
	client.SetExport(cfg.Export)
	ui.Register()

	pages := &app.Handler{
		Name:        "Folio",
		ShortName:   "Folio",
		Title:       "Folio",
		Description: "A small magazine you can read anywhere, even offline.",
		Lang:        "en",
		Domain:      cfg.Domain,
		Version:     version,
		// go-app would serve /web/ and /app.wasm from the working directory
		// through http.Dir, which follows symlinks and lists folders. Our own
		// handlers serve every static file; go-app only resolves paths.
		Resources: resolveOnly{app.LocalDir("")},
		Icon: app.Icon{
			Default:  "/web/icons/icon-192.png",
			Large:    "/web/icons/icon-512.png",
			Maskable: "/web/icons/icon-512.png",
			SVG:      "/web/icons/icon.svg",
		},
		BackgroundColor: "#faf8f4",
		ThemeColor:      "#1d3557",
		LoadingLabel:    "{progress}",
		// Our pages link this build's styles and scripts by versioned URLs,
		// which staticHandler lets browsers cache as immutable.
		Styles: []string{"/web/folio.css?v=" + version},
		// Deferred, in this order; each also works before app.wasm runs.
		Scripts: []string{
			"/web/i18n.js?v=" + version + " defer", // first: the others and app.wasm speak the reader's language
			"/web/loader.js?v=" + version + " defer",
			"/web/embed-frame.js?v=" + version + " defer",
			"/web/search.js?v=" + version + " defer",
			"/web/reader.js?v=" + version + " defer",
			"/web/listen-share.js?v=" + version + " defer",
			"/web/replies.js?v=" + version + " defer", // unread count, Replies page
			"/web/social.js?v=" + version + " defer",  // reactions and votes, kept and sent
			"/web/own.js?v=" + version + " defer",     // own edits and deletes, kept and sent
		},
		WasmContentLengthHeader: rawLengthHeader,
		ServiceWorkerTemplate:   string(worker),
		RawHeaders:              head.headers(`<link rel="alternate" type="application/atom+xml" title="Folio" href="/feed.xml">`),
		Env:                     cfg.Export.Env(),
	}

	script, err := appScript(pages)
	if err != nil {
		return nil, err
	}

	mux := http.NewServeMux()
	mux.Handle("/api/", cfg.API)
	mux.Handle("GET /app.js", scriptHandler(script))
	mux.Handle("GET /goapp.js", scriptHandler(script)) // go-app's other name for it
	mux.Handle("GET /web/", static)
	mux.Handle("GET /media/", mediaHandler(cfg.Index.Media()))
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = w.Write([]byte("ok\n"))
	})
	base := "https://" + cfg.Domain
	mux.Handle("GET /feed.xml", feedHandler(cfg.Index, base))
	mux.Handle("GET /sitemap.xml", sitemapHandler(cfg.Index, base))
	mux.Handle("GET /robots.txt", robotsHandler(base))
	mux.Handle("GET /admin", deskHandler(version))
	mountEmbed(mux, cfg.Static, cfg.API)
	feedLink := mountCommentFeeds(mux, cfg, base)
	mountRepliesFeed(mux, cfg, base)
	mux.Handle("/", withLang(pageTags(cfg.Cache, cfg.Index, pageHandler(pages, cfg.Index, feedLink))))
	return securityHeaders(gzipResponses(mux), head.policy(contentPolicy), head.policy(embedPolicy(cfg.EmbedOrigins))), nil
}

// Version identifies a build: a hash of the static files the browser is
// served (styles, scripts, the worker template, icons, app.wasm and its
// compressed copies), not of the web folder's other files such as the
// README's screenshots. Replicas of the same build agree on it; a change to
// what the browser gets changes it, and go-app then tells readers an update
// is ready.
func Version(static fs.FS) (string, error) {
	h := sha256.New()
	var names []string
	err := fs.WalkDir(static, ".", func(p string, d fs.DirEntry, err error) error {
		// A .br or .gz twin is what a browser gets instead of its file.
		twinOf := strings.TrimSuffix(strings.TrimSuffix(p, ".br"), ".gz")
		if err == nil && !d.IsDir() && servable(twinOf) && webfiles.Served(p) {
			names = append(names, p)
		}
		return err
	})
	if err != nil {
		return "", err
	}
	sort.Strings(names)
	for _, n := range names {
		b, err := fs.ReadFile(static, n)
		if err != nil {
			return "", err
		}
		h.Write([]byte(n))
		h.Write(b)
	}
	return hex.EncodeToString(h.Sum(nil))[:16], nil
}

// pageHandler serves prerendered pages through go-app. go-app answers 304 to
// any request carrying its version as ETag, but our pages also hold articles
// and comments that change between builds: always render them afresh.
//
// Only GET and HEAD reach go-app, and never for the paths go-app would answer
// from disk or by fetching from the request's own Host (its proxied
// robots.txt, sitemap.xml and ads.txt): what our mux does not serve there does
// not exist.
//
// An article page's head links its comment feed, made by feedLink (nil:
// none).
func pageHandler(pages *app.Handler, ix *content.Index, feedLink func(slug string) string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			methodNotAllowed(w, r)
			return
		}
		if goAppFile(r.URL.Path) {
			writeStatus(w, r, http.StatusNotFound, "not found")
			return
		}
		r.Header.Del("If-None-Match")
		status := http.StatusOK
		if slug, ok := pageSlug(r.URL.Path); ok && !ix.Has(slug) {
			status = http.StatusNotFound
		}
		tag, n, ok := ui.ListPath(r.URL.Path)
		if trimmed := strings.TrimSuffix(r.URL.Path, "/"); ok && n == 1 && strings.HasSuffix(trimmed, "/page/1") {
			// /page/1 is the front page, /tag/T/page/1 the tag's.
			http.Redirect(w, r, cmp.Or(strings.TrimSuffix(trimmed, "/page/1"), "/"), http.StatusMovedPermanently)
			return
		}
		if ok && n > 1 && len(articlePage(ix, tag, n).Articles) == 0 {
			status = http.StatusNotFound // past the oldest story
		}
		var out http.ResponseWriter = &pageWriter{ResponseWriter: w, status: status}
		if slug, ok := articleSlug(r.URL.Path); ok && feedLink != nil && ix.Has(slug) {
			hw := &headWriter{ResponseWriter: out, extra: feedLink(slug)}
			defer hw.flush()
			out = hw
		}
		pages.ServeHTTP(out, r)
	})
}

// cachedPages serves pages from cache, when there is one. What a page is
// made from: the path and query (go-app renders from nothing else of the
// request: not the Host, which -domain replaces, nor cookies or headers), the
// content (loaded once; an article's file is checked by its ETag), the
// article's comments for its page and its embed, and the time of rendering,
// which the page's preloaded data carries as "at": a kept page says when its
// thread was read, and the app fetches a fresher one if that is over a
// minute ago. Per-request headers (the security policy) are set outside.
// pageTags gives pages an ETag and answers 304 to a reader (or a service
// worker revalidating a kept page) who has the page already: the cache does
// it for the answers it keeps, from their bytes; without a cache, each
// page's tag is made from what it holds (contentTags).
func pageTags(c *respcache.Cache, ix *content.Index, next http.Handler) http.Handler {
	if c == nil {
		return contentTags(next)
	}
	return cachedPages(c, ix, next)
}

func cachedPages(c *respcache.Cache, ix *content.Index, next http.Handler) http.Handler {
	if c == nil {
		return next
	}
	return c.Handler(func(r *http.Request) (respcache.Deps, bool) {
		slug, ok := pageSlug(r.URL.Path)
		if !ok {
			return respcache.Deps{}, true
		}
		_, etag, err := ix.GetWithETag(slug)
		if err != nil {
			return respcache.Deps{}, false // a 404, or a file that fails to read: not kept
		}
		return respcache.Deps{Articles: []string{slug}, Validator: etag}, true
	}, next)
}

// resolveOnly is a go-app resource resolver that is not also a file server.
type resolveOnly struct{ app.ResourceResolver }

// goAppFile reports whether go-app would answer p with a file rather than a
// page or its generated scripts.
func goAppFile(p string) bool {
	switch p {
	case "/app.wasm", "/goapp.wasm", "/robots.txt", "/sitemap.xml", "/ads.txt":
		return true
	}
	return strings.HasPrefix(p, "/web/") // and "/VERSION/web/": resolveOnly serves none
}

// pageWriter drops go-app's version ETag from pages and sets our status.
type pageWriter struct {
	http.ResponseWriter
	status      int
	wroteHeader bool
}

func (w *pageWriter) WriteHeader(code int) {
	if w.wroteHeader {
		return
	}
	w.wroteHeader = true
	if code == http.StatusOK && strings.HasPrefix(w.Header().Get("Content-Type"), "text/html") {
		w.Header().Del("ETag")
		code = w.status
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *pageWriter) Write(b []byte) (int, error) {
	w.WriteHeader(http.StatusOK) // go-app writes without calling WriteHeader
	return w.ResponseWriter.Write(b)
}

// source is ui.Source on the server: the content index and the comment store,
// read directly during prerendering.
type source struct {
	ix       *content.Index
	comments comment.Store
}

func (s source) ArticlePage(_ context.Context, tag string, n int) (article.Page, error) {
	return articlePage(s.ix, tag, n), nil
}

// articlePage is page n of the stories tagged tag ("": all).
func articlePage(ix *content.Index, tag string, n int) article.Page {
	list := ix.List()
	if tag != "" {
		list = ix.Tagged(tag)
	}
	return api.PageOf(list, nil, (n-1)*article.PageSize, article.PageSize)
}

func (s source) Article(_ context.Context, slug string) (article.Article, error) {
	return s.ix.Get(slug)
}

func (s source) Page(ctx context.Context, slug, cursor string, limit int) (comment.Page, error) {
	return s.comments.Page(ctx, slug, cursor, limit)
}

func (s source) PageAsOf(ctx context.Context, slug, cursor string) (comment.Page, time.Time, error) {
	page, err := s.comments.Page(ctx, slug, cursor, 0)
	return page, time.Time{}, err // the server's thread is always fresh
}

func (s source) Post(context.Context, comment.Comment) (comment.Comment, bool, error) {
	return comment.Comment{}, false, errors.New("prerendering does not post comments")
}
