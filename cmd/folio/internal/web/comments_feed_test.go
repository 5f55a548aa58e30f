package web

import (
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"folio/app/comment"
	"folio/cmd/folio/internal/api"
	"folio/cmd/folio/internal/content"
	"folio/cmd/folio/internal/store"
)

// hostileTitle is front matter a feed or a page must carry as text.
const hostileTitle = `Tides </title> & "quotes" <script>alert(1)</script> ]]> <!-- x`

// newHostileSite is the site over one article, tides, whose front matter
// is hostile; it returns the title as loaded (typography applied).
func newHostileSite(t *testing.T) (http.Handler, store.Store, string) {
	t.Helper()
	dir := t.TempDir()
	src := "---\ntitle: '" + strings.ReplaceAll(hostileTitle, "'", "''") + "'\n" +
		"summary: 'A summary with </script><script>alert(2)</script> and \\u2028'\n" +
		"author: 'Ann </script> \"O''Brien\"'\npublished: 2026-02-01\ntags: [sea]\nimage: https://img.example/a.jpg?x=1&y=2\n---\nBody.\n"
	if err := os.WriteFile(filepath.Join(dir, "tides.md"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	ix, probs, err := content.Load(os.DirFS(dir))
	if err != nil || len(probs) > 0 {
		t.Fatalf("load: %v %v", err, probs)
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
	m, _ := ix.Meta("tides")
	if !strings.Contains(m.Title, "</title>") || !strings.Contains(m.Title, "<!") {
		t.Fatalf("loaded title %q lost its hostile parts", m.Title)
	}
	return h, st, m.Title
}

type feedDoc struct {
	XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
	Title   string   `xml:"title"`
	ID      string   `xml:"id"`
	Updated string   `xml:"updated"`
	Links   []struct {
		Href string `xml:"href,attr"`
		Rel  string `xml:"rel,attr"`
	} `xml:"link"`
	Entries []struct {
		Title     string `xml:"title"`
		ID        string `xml:"id"`
		Published string `xml:"published"`
		Link      struct {
			Href string `xml:"href,attr"`
		} `xml:"link"`
		Author  string `xml:"author>name"`
		Content struct {
			Type string `xml:"type,attr"`
			Text string `xml:",chardata"`
		} `xml:"content"`
	} `xml:"entry"`
}

func postAt(t *testing.T, st store.Store, c comment.Comment, at time.Time) {
	t.Helper()
	c.Created, c.Status = at, comment.Published
	c.HTML = api.RenderComment(c.Body)
	if _, _, err := st.Post(context.Background(), c); err != nil {
		t.Fatal(err)
	}
}

// TestCommentsFeed: /a/{slug}/comments.xml is an Atom feed of the
// article's newest published comments, newest first, hostile text carried
// as text, with an ETag that changes with a new comment.
func TestCommentsFeed(t *testing.T) {
	h, st, title := newHostileSite(t)
	ctx := context.Background()
	t0 := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	postAt(t, st, comment.Comment{ID: "c1", Article: "tides", Author: `Eve </name> ]]> & <b>`, Body: "first <script>alert(3)</script> & *em*"}, t0)
	postAt(t, st, comment.Comment{ID: "c2", Article: "tides", Parent: "c1", Author: "Bo", Body: "a reply ]]> </content>"}, t0.Add(time.Minute))
	postAt(t, st, comment.Comment{ID: "hid", Article: "tides", Author: "H", Body: "hidden"}, t0.Add(2*time.Minute))
	postAt(t, st, comment.Comment{ID: "del", Article: "tides", Author: "D", Body: "deleted"}, t0.Add(3*time.Minute))
	if err := st.SetStatus(ctx, "hid", comment.Hidden); err != nil {
		t.Fatal(err)
	}
	if err := st.Delete(ctx, "del"); err != nil {
		t.Fatal(err)
	}

	w := get(h, "/a/tides/comments.xml")
	if w.Code != http.StatusOK || !strings.HasPrefix(w.Header().Get("Content-Type"), "application/atom+xml") {
		t.Fatalf("GET /a/tides/comments.xml = %d %q", w.Code, w.Header().Get("Content-Type"))
	}
	var f feedDoc
	if err := xml.Unmarshal(w.Body.Bytes(), &f); err != nil {
		t.Fatalf("feed does not parse: %v\n%s", err, w.Body)
	}
	if f.Title != "Comments on "+title+" — Folio" || f.ID != "https://folio.test/a/tides/comments.xml" ||
		f.Updated != "2026-03-01T09:01:00Z" {
		t.Errorf("feed title, id, updated = %q, %q, %q", f.Title, f.ID, f.Updated)
	}
	links := fmt.Sprint(f.Links)
	if !strings.Contains(links, "{https://folio.test/a/tides alternate}") || !strings.Contains(links, "{https://folio.test/a/tides/comments.xml self}") {
		t.Errorf("feed links = %s", links)
	}
	if len(f.Entries) != 2 {
		t.Fatalf("feed has %d entries, want the 2 published ones:\n%s", len(f.Entries), w.Body)
	}
	e := f.Entries[1]
	c1, _ := st.Get(ctx, "c1")
	if f.Entries[0].Link.Href != "https://folio.test/a/tides#c-c2" || e.Author != `Eve </name> ]]> & <b>` ||
		e.Content.Type != "html" || e.Content.Text != c1.HTML || e.Published != "2026-03-01T09:00:00Z" ||
		e.ID != "https://folio.test/a/tides#c-c1" || e.Title != `Eve </name> ]]> & <b> on `+title {
		t.Errorf("oldest entry = %+v\nwant Eve's comment with its sanitized HTML %q", e, c1.HTML)
	}
	if strings.Contains(w.Body.String(), "<script") {
		t.Errorf("feed holds a raw <script:\n%s", w.Body)
	}

	etag := w.Header().Get("ETag")
	if !regexp.MustCompile(`^(W/)?"[^"]+"$`).MatchString(etag) {
		t.Fatalf("feed ETag = %q", etag)
	}
	if w := get(h, "/a/tides/comments.xml", "If-None-Match", etag); w.Code != http.StatusNotModified || w.Body.Len() != 0 {
		t.Errorf("GET with If-None-Match = %d, %d bytes, want 304 and none", w.Code, w.Body.Len())
	}
	postAt(t, st, comment.Comment{ID: "c3", Article: "tides", Author: "Cy", Body: "new"}, t0.Add(4*time.Minute))
	if w := get(h, "/a/tides/comments.xml", "If-None-Match", etag); w.Code != http.StatusOK || w.Header().Get("ETag") == etag {
		t.Errorf("GET after a new comment = %d, ETag %q, want 200 and a new ETag", w.Code, w.Header().Get("ETag"))
	}
	for _, p := range []string{"/a/nope/comments.xml", "/a/tides/nope.xml"} {
		if w := get(h, p); w.Code != http.StatusNotFound {
			t.Errorf("GET %s = %d, want 404", p, w.Code)
		}
	}
}

// TestCommentsFeedNewest: the feed carries the newest comments only.
func TestCommentsFeedNewest(t *testing.T) {
	h, st, ix := newSite(t)
	slug := ix.List()[0].Slug
	t0 := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	for i := range commentFeedEntries + 5 {
		postAt(t, st, comment.Comment{ID: fmt.Sprintf("c%03d", i), Article: slug, Author: "A", Body: "x"}, t0.Add(time.Duration(i)*time.Minute))
	}
	var f feedDoc
	if err := xml.Unmarshal(get(h, "/a/"+slug+"/comments.xml").Body.Bytes(), &f); err != nil {
		t.Fatal(err)
	}
	if len(f.Entries) != commentFeedEntries || !strings.HasSuffix(f.Entries[0].ID, fmt.Sprintf("#c-c%03d", commentFeedEntries+4)) ||
		!strings.HasSuffix(f.Entries[len(f.Entries)-1].ID, "#c-c005") {
		t.Errorf("feed has %d entries from %s to %s, want the newest %d", len(f.Entries), f.Entries[0].ID, f.Entries[len(f.Entries)-1].ID, commentFeedEntries)
	}
}

// TestArticleLinksCommentsFeed: the article page's head names its comments
// feed; other pages do not.
func TestArticleLinksCommentsFeed(t *testing.T) {
	h, _, ix := newSite(t)
	slug := ix.List()[0].Slug
	head, _, _ := strings.Cut(get(h, "/a/"+slug).Body.String(), "</head>")
	if !hasTag(head, "link", `rel="alternate"`, `type="application/atom+xml"`, `href="/a/`+slug+`/comments.xml"`) {
		t.Errorf("the head of /a/%s has no link to its comments feed:\n%s", slug, head)
	}
	if front, _, _ := strings.Cut(get(h, "/").Body.String(), "</head>"); strings.Contains(front, "comments.xml") {
		t.Errorf("the front page links a comments feed")
	}
	if w := get(h, "/a/nope"); strings.Contains(w.Body.String(), "comments.xml") {
		t.Errorf("a missing article's page links a comments feed")
	}
}
