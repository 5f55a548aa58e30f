package web

import (
	"context"
	"encoding/xml"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"folio/app/comment"
	"folio/cmd/folio/internal/api"
	"folio/cmd/folio/internal/content"
	"folio/cmd/folio/internal/respcache"
	"folio/cmd/folio/internal/store"
)

// TestRepliesFeed: /replies/{key}.xml is a private Atom feed of the
// published replies to the comments posted with that key, linked to their
// place in the thread, with hostile text as text; every other key is 404,
// and no answer is kept by the site's cache, even with one on.
func TestRepliesFeed(t *testing.T) {
	h, st, title := cachedSite(t)
	ctx := context.Background()
	me, you := comment.NewReaderKey(), comment.NewReaderKey()
	t0 := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	link := func(id, key string) {
		hash, _ := comment.ReaderHash(key)
		if err := st.(store.Replier).LinkReader(ctx, id, hash); err != nil {
			t.Fatal(err)
		}
	}
	postAt(t, st, comment.Comment{ID: "mine", Article: repliesSlug, Author: "Ada", Body: "My point."}, t0)
	link("mine", me)
	postAt(t, st, comment.Comment{ID: "r1", Article: repliesSlug, Parent: "mine", Author: `Eve </name> ]]>`, Body: "no <script>alert(3)</script> ]]> </content>"}, t0.Add(time.Minute))
	link("r1", you)
	postAt(t, st, comment.Comment{ID: "r2", Article: repliesSlug, Parent: "mine", Author: "Bo", Body: "Second reply."}, t0.Add(2*time.Minute))

	w := get(h, "/replies/"+me+".xml")
	if w.Code != http.StatusOK || !strings.HasPrefix(w.Header().Get("Content-Type"), "application/atom+xml") {
		t.Fatalf("GET /replies/KEY.xml = %d %q %s", w.Code, w.Header().Get("Content-Type"), w.Body)
	}
	if cc := w.Header().Get("Cache-Control"); cc != "private, no-cache" {
		t.Errorf("Cache-Control = %q, want private, no-cache", cc)
	}
	var f feedDoc
	if err := xml.Unmarshal(w.Body.Bytes(), &f); err != nil {
		t.Fatalf("feed does not parse: %v\n%s", err, w.Body)
	}
	if len(f.Entries) != 2 || f.Entries[0].ID != "https://folio.test/a/"+repliesSlug+"#c-r2" || f.Updated != "2026-03-01T09:02:00Z" {
		t.Fatalf("feed = %+v, want r2 then r1", f)
	}
	r1, _ := st.Get(ctx, "r1")
	if e := f.Entries[1]; e.Link.Href != "https://folio.test/a/"+repliesSlug+"#c-r1" || e.Author != `Eve </name> ]]>` ||
		e.Title != `Eve </name> ]]> replied on `+title || e.Content.Text != r1.HTML {
		t.Errorf("entry = %+v, want Eve's reply with its sanitized HTML", e)
	}
	if strings.Contains(w.Body.String(), "<script") {
		t.Errorf("feed holds a raw <script:\n%s", w.Body)
	}
	// A feed reader polling with the ETag gets 304, still private.
	r := httptest.NewRequest("GET", "/replies/"+me+".xml", nil)
	r.Header.Set("If-None-Match", w.Header().Get("ETag"))
	w304 := httptest.NewRecorder()
	h.ServeHTTP(w304, r)
	if w304.Code != http.StatusNotModified || w304.Header().Get("Cache-Control") != "private, no-cache" {
		t.Errorf("GET with If-None-Match = %d %q, want 304 private", w304.Code, w304.Header().Get("Cache-Control"))
	}

	// A write the cache is never told of shows at once: nothing kept it.
	if err := st.SetStatus(ctx, "r2", comment.Hidden); err != nil {
		t.Fatal(err)
	}
	if w := get(h, "/replies/"+me+".xml"); strings.Contains(w.Body.String(), "#c-r2") || !strings.Contains(w.Body.String(), "#c-r1") {
		t.Errorf("after hiding r2 the feed is\n%s\nwant r1 only", w.Body)
	}
	// The other device's feed holds no reply to it, and no one else's.
	if w := get(h, "/replies/"+you+".xml"); w.Code != http.StatusOK || strings.Contains(w.Body.String(), "<entry>") {
		t.Errorf("GET the other device's feed = %d\n%s\nwant an empty feed", w.Code, w.Body)
	}
	for _, p := range []string{"/replies/" + comment.NewReaderKey() + ".xml", "/replies/" + me, "/replies/nope.xml", "/replies/" + me + ".xml.xml"} {
		if w := get(h, p); w.Code != http.StatusNotFound || strings.Contains(w.Body.String(), "<feed") {
			t.Errorf("GET %s = %d, want 404", p, w.Code)
		}
	}
}

// repliesSlug is the sample magazine's article the replies feed test comments on.
const repliesSlug = "the-quiet-science-of-tides"

// cachedSite serves the sample magazine over a fresh SQLite store with the
// response cache on, for pages and the API; it returns the site, the store
// and repliesSlug's title.
func cachedSite(t *testing.T) (http.Handler, store.Store, string) {
	t.Helper()
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
	c := respcache.New(0)
	wrapped := c.Store(st) // as serve wires it
	h, err := New(Config{
		Index: ix, Comments: wrapped, Static: static, Log: quiet, Domain: "folio.test", Cache: c,
		API: api.New(api.Config{Articles: ix, Comments: wrapped, Now: time.Now, Log: quiet, Cache: c}),
	})
	if err != nil {
		t.Fatal(err)
	}
	m, ok := ix.Meta(repliesSlug)
	if !ok {
		t.Fatalf("no sample article %s", repliesSlug)
	}
	return h, st, m.Title
}
