package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"os"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"folio/cmd/folio/internal/api"
	"folio/cmd/folio/internal/content"
	"folio/cmd/folio/internal/respcache"
	"folio/cmd/folio/internal/store"
	"folio/cmd/folio/internal/web"
	webfiles "folio/web"
)

func serve(ctx context.Context, args []string, stderr io.Writer) error {
	fl := newFlags("serve", stderr)
	addr := fl.String("addr", env("addr", "127.0.0.1:8080"), "address to listen on")
	dir := fl.String("content", env("content", ""), "folder of *.md articles (default: the built-in sample magazine)")
	dsn := fl.String("db", env("db", "folio.db"), "comment store: a SQLite file path, or a postgres:// URL")
	token := fl.String("admin-token", env("admin-token", ""), "bearer token for moderation (empty: moderation off)")
	domain := fl.String("domain", env("domain", ""), "public host name for canonical links (default: the -addr host)")
	embedOrigins := fl.String("embed-origins", env("embed-origins", "*"), "comma-separated origins whose pages may embed Folio (https://news.example), or * for any")
	rateLimit := fl.String("rate-limit", env("rate-limit", "10"), "comments per minute one client may post (0: no limit)")
	trustProxy := fl.String("trust-proxy", env("trust-proxy", ""), "comma-separated proxy addresses or CIDRs whose X-Forwarded-For names the client")
	moderation := fl.String("moderation", env("moderation", "post"), "post: publish new comments at once; pre: hold them for a moderator's approval at /admin")
	if err := fl.Parse(args); err != nil {
		return errReported
	}
	if *domain == "" {
		*domain = *addr
	}
	origins, err := web.ParseOrigins(*embedOrigins)
	if err != nil {
		return err
	}
	lim, err := parseLimits(*rateLimit, *trustProxy)
	if err != nil {
		return err
	}
	pre, err := parseModeration(*moderation)
	if err != nil {
		return err
	}
	if pre && *token == "" {
		slog.Warn("-moderation pre without -admin-token: new comments wait for an approval no one can give")
	}
	site, closeSite, err := openSite(ctx, siteConfig{dir: *dir, dsn: *dsn, token: *token, domain: *domain,
		embedOrigins: origins, limits: lim, premoderate: pre, minWrite: minWrite})
	if err != nil {
		return err
	}
	defer closeSite()
	// Loading the articles and the static files leaves garbage the size of
	// the content folder. Go would collect it only once the heap doubled
	// from there, and keeps freed pages until then: 10,000 articles held
	// 167 MB instead of 66. Collect it and hand the pages back now,
	// once, before the first request.
	debug.FreeOSMemory()

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("listen %s: %w", *addr, err)
	}
	srv := &http.Server{
		Handler:           site,
		ReadHeaderTimeout: 5 * time.Second, // a slow client cannot hold connections open
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      2 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(slog.Default().Handler(), slog.LevelWarn),
	}
	slog.Info("serving", "url", "http://"+ln.Addr().String(), "content", contentName(*dir), "db", dbName(*dsn),
		"rate_limit", *rateLimit, "trust_proxy", *trustProxy)
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("shut down: %w", err)
	}
	return nil
}

// limits are the operator's posting limits.
type limits struct {
	perMinute  int // api.Config.RatePerMinute: 0 the default, negative none
	trustProxy []netip.Prefix
}

// parseLimits reads -rate-limit (0 switches the limit off) and -trust-proxy.
func parseLimits(rate, trust string) (limits, error) {
	n, err := strconv.Atoi(strings.TrimSpace(rate))
	if err != nil || n < 0 {
		return limits{}, fmt.Errorf("-rate-limit %q: want a number of comments per minute, 0 for no limit", rate)
	}
	if n == 0 {
		n = -1
	}
	prefixes, err := api.ParsePrefixes(trust)
	if err != nil {
		return limits{}, fmt.Errorf("-trust-proxy: %w", err)
	}
	return limits{perMinute: n, trustProxy: prefixes}, nil
}

// siteConfig is what openSite needs.
type siteConfig struct {
	dir, dsn, token, domain string
	embedOrigins            []string // sites that may frame the embed (none given: any)
	limits                  limits
	premoderate             bool          // -moderation pre
	minWrite                time.Duration // api.Config.MinWrite
}

// open wires the content, the store, the API and the pages into one handler,
// with the default limits. embedOrigins are the sites that may frame the
// embed (none given: any).
func open(ctx context.Context, dir, dsn, token, domain string, embedOrigins ...string) (http.Handler, func(), error) {
	return openSite(ctx, siteConfig{dir: dir, dsn: dsn, token: token, domain: domain, embedOrigins: embedOrigins})
}

// openSite wires the content, the store, the API and the pages into one
// handler.
func openSite(ctx context.Context, cfg siteConfig) (http.Handler, func(), error) {
	ix, err := loadContent(cfg.dir)
	if err != nil {
		return nil, nil, err
	}
	raw, err := store.Open(ctx, cfg.dsn)
	if err != nil {
		return nil, nil, fmt.Errorf("open store %s: %w", dbName(cfg.dsn), err)
	}
	// Pages and API answers are kept ready until a write changes what they
	// show (respcache); every write goes through st, which says so.
	cache := respcache.New(0)
	st := cache.Store(raw)
	a := api.New(api.Config{Articles: ix, Comments: st, AdminToken: cfg.token, Now: time.Now, Log: slog.Default(),
		RatePerMinute: cfg.limits.perMinute, TrustProxy: cfg.limits.trustProxy,
		Domain: cfg.domain, Origins: cfg.embedOrigins, Cache: cache,
		Premoderate: cfg.premoderate, MinWrite: cfg.minWrite})
	h, err := web.New(web.Config{
		Index:    ix,
		Comments: st,
		API:      a,
		Static:   webfiles.Files,
		Domain:   cfg.domain,
		Cache:    cache,

		EmbedOrigins: cfg.embedOrigins,
	})
	if err != nil {
		st.Close()
		return nil, nil, err
	}
	// Other writers' writes reach the cache through the store: other servers
	// on PostgreSQL, other processes on a SQLite file.
	stopWatch := cache.Watch(raw, slog.Default())
	return &cachedSite{Handler: h, cache: cache}, func() {
		stopWatch()
		st.Close()
	}, nil
}

// cachedSite is the site's handler with the cache of its answers.
type cachedSite struct {
	http.Handler
	cache *respcache.Cache
}

// loadContent loads the publisher's folder, or the sample magazine. Broken
// articles are logged and left out: the rest of the magazine still serves.
func loadContent(dir string) (*content.Index, error) {
	fsys := content.Sample()
	if dir != "" {
		root, err := os.OpenRoot(dir) // unlike os.DirFS, never follows a link out of dir
		if err != nil {
			return nil, fmt.Errorf("open content folder: %w", err)
		}
		fsys = root.FS()
	}
	ix, probs, err := content.Load(fsys)
	if err != nil {
		return nil, err
	}
	for _, p := range probs {
		slog.Warn("article left out", "problem", p.Error())
	}
	if len(ix.List()) == 0 {
		slog.Warn("no articles to serve", "content", contentName(dir))
	}
	return ix, nil
}

// dbName is dsn fit for a log line: a postgres:// URL loses its password.
func dbName(dsn string) string {
	if u, err := url.Parse(dsn); err == nil && u.User != nil {
		if _, ok := u.User.Password(); ok {
			u.User = url.UserPassword(u.User.Username(), "xxxxx")
			return u.String()
		}
	}
	return dsn
}

func contentName(dir string) string {
	if dir == "" {
		return "built-in sample"
	}
	return dir
}
