package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/andybalholm/brotli"
	"github.com/jackc/pgx/v5"
	"golang.org/x/net/html"
)

const cacheSlug = "the-quiet-science-of-tides"

// cacheSite is one server of the cache tests, driven in process.
type cacheSite struct {
	h     *cachedSite
	token string
	dsn   string
}

func openCacheSite(t *testing.T, dsn string) cacheSite {
	t.Helper()
	h, closeSite, err := openSite(context.Background(), siteConfig{dsn: dsn, token: "moderator", domain: "folio.test",
		limits: limits{perMinute: -1}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(closeSite)
	return cacheSite{h: h.(*cachedSite), token: "moderator", dsn: dsn}
}

func (s cacheSite) do(t *testing.T, method, path, body string, header ...string) *httptest.ResponseRecorder {
	t.Helper()
	r := httptest.NewRequest(method, path, strings.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	for i := 0; i+1 < len(header); i += 2 {
		r.Header.Set(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	s.h.ServeHTTP(w, r)
	return w
}

// read is a GET as a browser makes it, its body decoded.
func (s cacheSite) read(t *testing.T, path string, accept string) (*httptest.ResponseRecorder, string) {
	t.Helper()
	w := s.do(t, "GET", path, "", "Accept-Encoding", accept)
	if w.Code != 200 {
		t.Fatalf("GET %s: %d %s", path, w.Code, w.Body)
	}
	return w, string(decodeBody(t, w))
}

func decodeBody(t *testing.T, w *httptest.ResponseRecorder) []byte {
	t.Helper()
	var rd io.Reader = bytes.NewReader(w.Body.Bytes())
	switch enc := w.Header().Get("Content-Encoding"); enc {
	case "br":
		rd = brotli.NewReader(rd)
	case "gzip":
		zr, err := gzip.NewReader(rd)
		if err != nil {
			t.Fatal(err)
		}
		rd = zr
	case "":
	default:
		t.Fatalf("encoding %q", enc)
	}
	b, err := io.ReadAll(rd)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func (s cacheSite) post(t *testing.T, id, body string) {
	t.Helper()
	js := fmt.Sprintf(`{"id":%q,"article":%q,"author":"Ann","body":%q}`, id, cacheSlug, body)
	if w := s.do(t, "POST", "/api/comments", js); w.Code != 201 {
		t.Fatalf("post %s: %d %s", id, w.Code, w.Body)
	}
}

func (s cacheSite) moderate(t *testing.T, method, id, body string) {
	t.Helper()
	if w := s.do(t, method, "/api/comments/"+id, body, "Authorization", "Bearer "+s.token); w.Code != 200 {
		t.Fatalf("%s %s: %d %s", method, id, w.Code, w.Body)
	}
}

// cachedReads are the reads the cache keeps that show cacheSlug's comments,
// with what each shows of a comment whose body is text: the text itself, or
// in the counts, the count.
var cachedReads = []string{
	"/a/" + cacheSlug,
	"/embed/" + cacheSlug,
	"/embed/" + cacheSlug + "?mode=comments",
	"/api/comments?article=" + cacheSlug,
	"/api/comments?article=" + cacheSlug + "&limit=5",
	"/api/comments/count?article=" + cacheSlug + "&article=the-fix-it-evening",
}

// checkShows reads every cachedRead twice (the second from the cache) and
// checks each shows text, or not, and the count n.
func (s cacheSite) checkShows(t *testing.T, when, text string, shows bool, n int) {
	t.Helper()
	for _, p := range cachedReads {
		for _, accept := range []string{"gzip, deflate, br", "gzip", ""} {
			_, body := s.read(t, p, accept)
			if strings.Contains(p, "/count") {
				if want := fmt.Sprintf(`"%s":%d`, cacheSlug, n); !strings.Contains(body, want) {
					t.Errorf("%s: GET %s (%q) = %s, want %s", when, p, accept, body, want)
				}
				continue
			}
			if strings.Contains(body, text) != shows {
				t.Errorf("%s: GET %s (%q) shows %q: %v, want %v", when, p, accept, text, !shows, shows)
			}
		}
	}
}

// TestCacheShowsWrites: every page and API answer that shows an article's
// comments shows a new comment at the next read after the post is
// answered, and drops it at the next read after a moderator deletes or
// hides it, though each was read (and kept) just before.
func TestCacheShowsWrites(t *testing.T) {
	s := openCacheSite(t, filepath.Join(t.TempDir(), "folio.db"))
	s.post(t, "0190d5a0-0000-7000-8000-0000000000a1", "The first word on tides.")
	s.checkShows(t, "before", "The first word on tides.", true, 1)
	hits := s.h.cache.Stats().Hits
	s.checkShows(t, "before, again", "Spring tides at the pier", false, 1)
	if got := s.h.cache.Stats().Hits - hits; got < int64(len(cachedReads)) {
		t.Fatalf("the second reads were not served from the cache (%d hits)", got)
	}

	s.post(t, "0190d5a0-0000-7000-8000-0000000000a2", "Spring tides at the pier.")
	s.checkShows(t, "after the post", "Spring tides at the pier.", true, 2)
	s.moderate(t, "PATCH", "0190d5a0-0000-7000-8000-0000000000a2", `{"status":"hidden"}`)
	s.checkShows(t, "after hiding it", "Spring tides at the pier.", false, 1)
	s.moderate(t, "PATCH", "0190d5a0-0000-7000-8000-0000000000a2", `{"status":"published"}`)
	s.checkShows(t, "after publishing it again", "Spring tides at the pier.", true, 2)
	s.moderate(t, "DELETE", "0190d5a0-0000-7000-8000-0000000000a2", "")
	s.checkShows(t, "after deleting it", "Spring tides at the pier.", false, 1)
}

// at is the time a prerendered page's preloaded data was read, which
// differs between any two renders.
// The page's JSON block is escaped (&#34;) on the server.
var at = regexp.MustCompile(`(&#34;|")at(&#34;|"):(&#34;|")[0-9T:.Z+-]+`)

// canonical is an answer as it can be compared between two renders: go-app
// writes an element's attributes in map order, which changes from one render
// to the next, so an HTML page is parsed and written again with its
// attributes sorted; and the render time is left out.
func canonical(t *testing.T, body string) string {
	t.Helper()
	body = at.ReplaceAllString(body, "")
	if !strings.HasPrefix(strings.ToLower(body), "<!doctype html>") {
		return body
	}
	doc, err := html.Parse(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	var sortAttrs func(n *html.Node)
	sortAttrs = func(n *html.Node) {
		slices.SortFunc(n.Attr, func(a, b html.Attribute) int { return strings.Compare(a.Key, b.Key) })
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			sortAttrs(c)
		}
	}
	sortAttrs(doc)
	var b strings.Builder
	if err := html.Render(&b, doc); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestCachedSameAsRendered: what the cache sends, in every encoding, is the
// answer rendered afresh, byte for byte but for the render time and the
// order of attributes (see canonical), with the same headers.
func TestCachedSameAsRendered(t *testing.T) {
	s := openCacheSite(t, filepath.Join(t.TempDir(), "folio.db"))
	s.post(t, "0190d5a0-0000-7000-8000-0000000000b1", "A comment for the record.")
	paths := append([]string{"/", "/tag/science", "/api/articles", "/api/articles?tag=science&limit=2"}, cachedReads...)
	for _, p := range paths {
		s.h.cache.Suspend()
		fresh, want := s.read(t, p, "")
		s.h.cache.Resume()
		for _, accept := range []string{"gzip, deflate, br", "gzip", ""} {
			s.read(t, p, accept) // kept
			w, got := s.read(t, p, accept)
			if canonical(t, got) != canonical(t, want) {
				t.Errorf("GET %s (%q): the cached answer differs from a fresh render", p, accept)
			}
			for _, h := range []string{"Content-Type", "Cache-Control", "Content-Security-Policy", "X-Content-Type-Options", "Access-Control-Allow-Origin"} {
				if w.Header().Get(h) != fresh.Header().Get(h) {
					t.Errorf("GET %s (%q): %s %q, fresh %q", p, accept, h, w.Header().Get(h), fresh.Header().Get(h))
				}
			}
		}
	}
}

// TestPageNotModified: a page carries a strong ETag per encoding, and a
// reader who has it gets 304 until a comment changes the page.
func TestPageNotModified(t *testing.T) {
	s := openCacheSite(t, filepath.Join(t.TempDir(), "folio.db"))
	for _, p := range []string{"/a/" + cacheSlug, "/embed/" + cacheSlug, "/", "/api/comments?article=" + cacheSlug} {
		w, _ := s.read(t, p, "gzip")
		etag := w.Header().Get("ETag")
		if !strings.HasPrefix(etag, `"`) {
			t.Fatalf("GET %s: ETag %q, want a strong one", p, etag)
		}
		if w := s.do(t, "GET", p, "", "Accept-Encoding", "gzip", "If-None-Match", etag); w.Code != 304 || w.Body.Len() != 0 {
			t.Errorf("GET %s with its ETag: %d, %d bytes; want 304 and none", p, w.Code, w.Body.Len())
		}
	}
	w, _ := s.read(t, "/a/"+cacheSlug, "gzip")
	s.post(t, "0190d5a0-0000-7000-8000-0000000000c1", "Changes the page.")
	if w := s.do(t, "GET", "/a/"+cacheSlug, "", "Accept-Encoding", "gzip", "If-None-Match", w.Header().Get("ETag")); w.Code != 200 {
		t.Errorf("the page's old ETag after a comment: %d, want 200", w.Code)
	}
}

// waitFor polls cond until it holds; it fails the test after a minute. It
// waits for an event (a notification, a reconnection), not a time.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("no %s after a minute", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// TestCacheAcrossServersPostgres: with two servers on one PostgreSQL
// database, a comment posted on one shows on the other's next read once
// the write's notification has reached it, though the other kept the page.
// While the notification connection is lost, the other server answers
// every read afresh; after it listens again, it keeps answers again.
func TestCacheAcrossServersPostgres(t *testing.T) {
	dsn := testPostgresDB(t)
	a, b := openCacheSite(t, dsn), openCacheSite(t, dsn)
	waitFor(t, "listening servers", func() bool { return !a.h.cache.Bypassed() && !b.h.cache.Bypassed() })
	b.checkShows(t, "before", "Posted on server A.", false, 0)

	before := b.h.cache.Stats().Changes
	a.post(t, "0190d5a0-0000-7000-8000-0000000000d1", "Posted on server A.")
	waitFor(t, "notification on server B", func() bool { return b.h.cache.Stats().Changes > before })
	b.checkShows(t, "on B after the post on A", "Posted on server A.", true, 1)

	before = b.h.cache.Stats().Changes
	a.moderate(t, "DELETE", "0190d5a0-0000-7000-8000-0000000000d1", "")
	waitFor(t, "notification of the deletion on server B", func() bool { return b.h.cache.Stats().Changes > before })
	b.checkShows(t, "on B after the deletion on A", "Posted on server A.", false, 0)

	// Cut every notification connection: B must stop trusting its cache.
	conn, err := pgx.Connect(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(context.Background(), `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
		WHERE datname = current_database() AND query = 'LISTEN folio_comments'`); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "bypass on server B", b.h.cache.Bypassed)
	a.post(t, "0190d5a0-0000-7000-8000-0000000000d2", "Posted while B was deaf.")
	if b.h.cache.Bypassed() { // still reconnecting: B answers afresh
		b.checkShows(t, "on B while it cannot listen", "Posted while B was deaf.", true, 1)
	}
	waitFor(t, "server B listening again", func() bool { return !b.h.cache.Bypassed() })
	b.checkShows(t, "on B after it listens again", "Posted while B was deaf.", true, 1)
	before = b.h.cache.Stats().Changes
	a.post(t, "0190d5a0-0000-7000-8000-0000000000d3", "Posted after B came back.")
	waitFor(t, "notification on server B after reconnecting", func() bool { return b.h.cache.Stats().Changes > before })
	b.checkShows(t, "on B after the post that followed", "Posted after B came back.", true, 2)
}

// TestCachedPageNotRequestSpecific: a page first asked for with another
// Host (and an absolute request URL naming it) is kept without a trace of
// that host, so the next reader never gets it.
func TestCachedPageNotRequestSpecific(t *testing.T) {
	s := openCacheSite(t, filepath.Join(t.TempDir(), "folio.db"))
	for _, p := range []string{"/a/" + cacheSlug, "/embed/" + cacheSlug + "?mode=comments", "/", "/api/comments?article=" + cacheSlug} {
		r := httptest.NewRequest("GET", "http://evil.example"+p, nil)
		r.Header.Set("X-Forwarded-Host", "evil.example")
		r.Header.Set("Origin", "https://evil.example")
		w := httptest.NewRecorder()
		s.h.ServeHTTP(w, r)
		if w.Code != 200 {
			t.Fatalf("GET %s from evil.example: %d", p, w.Code)
		}
		w, body := s.read(t, p, "")
		if strings.Contains(body, "evil.example") || strings.Contains(fmt.Sprint(w.Header()), "evil.example") {
			t.Errorf("GET %s: another request's host is in the answer", p)
		}
	}
}

// TestCacheHearsImportPostgres: `folio comments import`, run as its own
// process against a live PostgreSQL database, reaches the running servers'
// caches like any post does.
func TestCacheHearsImportPostgres(t *testing.T) {
	dsn := testPostgresDB(t)
	b := openCacheSite(t, dsn)
	waitFor(t, "listening server", func() bool { return !b.h.cache.Bypassed() })
	b.checkShows(t, "before", "Imported from elsewhere.", false, 0)

	other := openCacheSite(t, filepath.Join(t.TempDir(), "folio.db"))
	other.post(t, "0190d5a0-0000-7000-8000-0000000000e1", "Imported from elsewhere.")
	file := filepath.Join(t.TempDir(), "comments.jsonl")
	if _, errOut, err := runCLI(t, "comments", "export", "-db", other.dsn, "-out", file); err != nil {
		t.Fatalf("export = %v: %s", err, errOut)
	}
	before := b.h.cache.Stats().Changes
	if out, errOut, err := runCLI(t, "comments", "import", "-db", dsn, file); err != nil {
		t.Fatalf("import = %v\n%s%s", err, out, errOut)
	}
	waitFor(t, "notification of the import", func() bool { return b.h.cache.Stats().Changes > before })
	b.checkShows(t, "after the import", "Imported from elsewhere.", true, 1)
}
