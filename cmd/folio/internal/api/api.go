// Package api serves Folio's JSON HTTP API: articles, comments and comment
// moderation. It declares the narrow interfaces it needs; handlers read
// parse → validate → call → respond and report every error through
// writeError, the one place that maps errors to statuses.
package api

import (
	"context"
	"log/slog"
	"net/http"
	"net/netip"
	"time"

	"folio/app/article"
	"folio/app/comment"
	"folio/cmd/folio/internal/respcache"
)

// Articles is what the API needs from the article index.
type Articles interface {
	// List returns every article's metadata, newest first (content.Newer).
	List() []article.Meta
	// Tagged returns the metadata of the articles tagged tag, in the same order.
	Tagged(tag string) []article.Meta
	// Has reports whether an article with slug exists, without reading
	// its body.
	Has(slug string) bool
	// GetWithETag returns the article with slug and the quoted entity tag
	// of that version, or an error wrapping article.ErrNotFound.
	GetWithETag(slug string) (article.Article, string, error)
}

// Comments is what the API needs from comment storage: the domain's Store
// plus moderation.
type Comments interface {
	comment.Store
	// Get returns a comment whatever its status, or comment.ErrNotFound.
	Get(ctx context.Context, id string) (comment.Comment, error)
	// Delete blanks a comment and marks it deleted, or returns
	// comment.ErrNotFound.
	Delete(ctx context.Context, id string) error
	// SetStatus publishes or hides a comment. It returns comment.ErrNotFound,
	// comment.ErrInvalid for a status that cannot be stored, or
	// comment.ErrConflict for a deleted comment.
	SetStatus(ctx context.Context, id string, status comment.Status) error
	// Counts returns the published comment count of each article asked for.
	Counts(ctx context.Context, articles []string) (map[string]int, error)
}

// Config holds the API's parts and settings. Articles and Comments are
// required; the rest have defaults.
type Config struct {
	Articles Articles
	Comments Comments
	// AdminToken is the bearer token moderation requires; empty turns
	// moderation off (403).
	AdminToken string
	// Now is the clock, time.Now by default; tests inject a fixed one.
	Now func() time.Time
	// Log receives server errors and recovered panics; slog.Default() if nil.
	Log *slog.Logger
	// RatePerMinute is how many comments one client may post per minute,
	// after a burst of 5: 10 if zero, no limit if negative. The limit is
	// kept in this process's memory, per server.
	RatePerMinute int
	// Domain is the site's public host name (and port), as -domain names
	// it: a post whose Origin has this host is the site's own, even when a
	// proxy in front changed the Host header.
	Domain string
	// Origins are the -embed-origins (see web.ParseOrigins). Listed
	// origins, wildcards included, may read and post comments from their
	// own pages across sites (CORS); "*" lets any site frame the embed but
	// grants no cross-site posting.
	Origins []string
	// TrustProxy lists the proxies whose X-Forwarded-For names the client;
	// a request from anywhere else is keyed on its connecting address.
	TrustProxy []netip.Prefix
	// Cache, when set, keeps the answers to GET /api/comments,
	// /api/comments/count and /api/articles ready until a write changes
	// them; Comments must then report its writes to it (Cache.Store).
	Cache *respcache.Cache
	// Premoderate stores new comments pending, for a moderator to approve
	// (-moderation pre); otherwise they are published at once.
	Premoderate bool
	// MinWrite is the least time a comment may take from its form opening
	// to its sending (see screen); 0 sets no minimum.
	MinWrite time.Duration
}

// Default limits.
const (
	defaultRatePerMinute = 10
	rateBurst            = 5
	maxPostBytes         = 64 << 10 // a 5,000-rune body in JSON fits with room to spare
	maxPatchBytes        = 1 << 10
	maxCountArticles     = 50
)

// server holds the configuration the handlers share.
type server struct {
	cfg   Config
	log   *slog.Logger
	limit *limiter // nil: no rate limit
}

// New returns the API handler. Mount it in front of the go-app handler:
// go-app answers 304 to any request whose If-None-Match equals its version.
func New(cfg Config) http.Handler {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	if cfg.RatePerMinute == 0 {
		cfg.RatePerMinute = defaultRatePerMinute
	}
	s := &server{cfg: cfg, log: cfg.Log}
	if cfg.RatePerMinute > 0 {
		s.limit = newLimiter(cfg.RatePerMinute, rateBurst)
	}
	mux := http.NewServeMux()
	s.routes(mux)
	return s.recoverPanics(mux)
}

// routes lists every API route in one place.
func (s *server) routes(mux *http.ServeMux) {
	mux.HandleFunc("GET /api/articles", s.cached(articlesDeps, s.listArticles))
	mux.HandleFunc("GET /api/articles/{slug}", s.getArticle)
	mux.HandleFunc("GET /api/comments", s.withCORS(s.cached(commentsDeps, s.listComments)))
	mux.HandleFunc("GET /api/comments/count", s.cached(countDeps, s.countComments))
	mux.HandleFunc("POST /api/comments", s.guardPost(s.postComment))
	mux.HandleFunc("OPTIONS /api/comments", s.preflight)
	mux.HandleFunc("DELETE /api/comments/{id}", s.admin(s.deleteComment))
	mux.HandleFunc("PATCH /api/comments/{id}", s.admin(s.patchComment))
	mux.HandleFunc("PUT /api/comments/{id}/pin", s.admin(s.pinComment))
	mux.HandleFunc("DELETE /api/comments/{id}/pin", s.admin(s.pinComment))
	mux.HandleFunc("GET /api/admin/comments", s.admin(s.deskComments))
	mux.HandleFunc("GET /api/admin/blocks", s.admin(s.listBlocks))
	mux.HandleFunc("POST /api/admin/blocks", s.admin(s.addBlock))
	mux.HandleFunc("DELETE /api/admin/blocks/{name}", s.admin(s.removeBlock))
	mux.HandleFunc("GET /api/replies/{key}", s.listReplies)
	mux.HandleFunc("POST /api/reactions", s.guardPost(s.react()))
	mux.HandleFunc("OPTIONS /api/reactions", s.preflight)
	mux.HandleFunc("PUT /api/comments/{id}/own", s.guardPost(s.editOwn()))
	mux.HandleFunc("DELETE /api/comments/{id}/own", s.guardPost(s.deleteOwn))
	mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		s.writeError(w, r, errNoRoute)
	})
}

// recoverPanics turns a panic in a handler into a logged 500, so one bad
// request never takes the server down.
func (s *server) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			rec := recover()
			if rec == nil {
				return
			}
			if rec == http.ErrAbortHandler {
				panic(rec) // net/http's own signal to drop the connection
			}
			s.log.Error("api: panic", "method", r.Method, "path", r.URL.Path, "panic", rec)
			s.writeError(w, r, errPanic)
		}()
		next.ServeHTTP(w, r)
	})
}

// cached serves next's answers from the cache, when there is one; headers
// set before it (CORS) are the request's own and are not kept.
func (s *server) cached(route respcache.Route, next http.HandlerFunc) http.HandlerFunc {
	if s.cfg.Cache == nil {
		return next
	}
	return s.cfg.Cache.Handler(route, next).ServeHTTP
}

// articlesDeps: the article list changes only with the content, which a
// server loads once.
func articlesDeps(*http.Request) (respcache.Deps, bool) { return respcache.Deps{}, true }

// commentsDeps: a page of a thread shows that article's comments.
func commentsDeps(r *http.Request) (respcache.Deps, bool) {
	return respcache.Deps{Articles: []string{r.URL.Query().Get("article")}}, true
}

// countDeps: counts show the comments of each article asked for.
func countDeps(r *http.Request) (respcache.Deps, bool) {
	slugs := r.URL.Query()["article"]
	return respcache.Deps{Articles: slugs}, len(slugs) <= maxCountArticles
}
