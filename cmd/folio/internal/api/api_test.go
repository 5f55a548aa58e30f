package api

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"folio/app/article"
	"folio/app/comment"
	"folio/cmd/folio/internal/store"
)

// fakeArticles is an in-memory index of two articles.
type fakeArticles struct{ panics bool }

var testArticles = []article.Article{
	{Meta: article.Meta{Slug: "harbour", Title: "Harbour cranes return"}, Markdown: "# Cranes\n"},
	{Meta: article.Meta{Slug: "cranes", Title: "Cranes, older"}, Markdown: "Old.\n"},
}

func (f fakeArticles) List() []article.Meta {
	if f.panics {
		panic("index on fire")
	}
	return []article.Meta{testArticles[0].Meta, testArticles[1].Meta}
}

func (f fakeArticles) Has(slug string) bool {
	_, err := f.Get(slug)
	return err == nil
}

func (fakeArticles) Get(slug string) (article.Article, error) {
	for _, a := range testArticles {
		if a.Slug == slug {
			return a, nil
		}
	}
	return article.Article{}, fmt.Errorf("get %q: %w", slug, article.ErrNotFound)
}

func (f fakeArticles) Tagged(tag string) []article.Meta {
	var out []article.Meta
	for _, m := range f.List() {
		if m.HasTag(tag) {
			out = append(out, m)
		}
	}
	return out
}

func (f fakeArticles) GetWithETag(slug string) (article.Article, string, error) {
	a, err := f.Get(slug)
	return a, `"etag-` + slug + `"`, err
}

// clock is a settable test clock.
type clock struct{ t time.Time }

func (c *clock) Now() time.Time { return c.t }

type env struct {
	h     http.Handler
	store store.Store
	clock *clock
}

const adminToken = "s3cret-token"

// newEnv serves the API over a real SQLite file, with a fixed clock and a
// silent logger. change may adjust the config.
func newEnv(t testing.TB, change func(*Config)) *env {
	t.Helper()
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "folio.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	clk := &clock{time.Date(2026, 2, 1, 12, 0, 0, 0, time.UTC)}
	cfg := Config{
		Articles: fakeArticles{}, Comments: st, AdminToken: adminToken, Now: clk.Now,
		Log: slog.New(slog.NewTextHandler(io.Discard, nil)),
	}
	if change != nil {
		change(&cfg)
	}
	return &env{h: New(cfg), store: st, clock: clk}
}

// req describes one request; ip defaults to 192.0.2.1.
type req struct {
	method, path, body string
	header             map[string]string
	ip                 string
}

func (e *env) do(q req) *httptest.ResponseRecorder {
	r := httptest.NewRequest(q.method, q.path, strings.NewReader(q.body))
	if q.body != "" {
		r.Header.Set("Content-Type", "application/json")
	}
	for k, v := range q.header {
		r.Header.Set(k, v)
	}
	if q.ip != "" {
		r.RemoteAddr = q.ip + ":4321"
	}
	w := httptest.NewRecorder()
	e.h.ServeHTTP(w, r)
	return w
}

func post(id, article, parent, author, body string) req {
	b, _ := json.Marshal(map[string]string{"id": id, "article": article, "parent": parent, "author": author, "body": body})
	return req{method: "POST", path: "/api/comments", body: string(b)}
}

func decode[T any](t *testing.T, w *httptest.ResponseRecorder) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(w.Body.Bytes(), &v); err != nil {
		t.Fatalf("decode %q: %v", w.Body.String(), err)
	}
	return v
}

func checkJSON(t *testing.T, q req, w *httptest.ResponseRecorder, status int, bodyPart string) {
	t.Helper()
	if w.Code != status {
		t.Errorf("%s %s = %d %s, want %d", q.method, q.path, w.Code, w.Body, status)
	}
	if ct := w.Header().Get("Content-Type"); w.Code != http.StatusNotModified && ct != "application/json; charset=utf-8" {
		t.Errorf("%s %s Content-Type = %q, want JSON", q.method, q.path, ct)
	}
	if !strings.Contains(w.Body.String(), bodyPart) {
		t.Errorf("%s %s body = %s, want it to contain %s", q.method, q.path, w.Body, bodyPart)
	}
}

func TestArticles(t *testing.T) {
	e := newEnv(t, nil)
	tests := []struct {
		name   string
		q      req
		status int
		body   string
	}{
		{"list", req{method: "GET", path: "/api/articles"}, 200, `"slug":"cranes"`},
		{"get", req{method: "GET", path: "/api/articles/harbour"}, 200, `"markdown":"# Cranes\n"`},
		{"etag match", req{method: "GET", path: "/api/articles/harbour", header: map[string]string{"If-None-Match": `"etag-harbour"`}}, 304, ""},
		{"weak etag in list", req{method: "GET", path: "/api/articles/harbour", header: map[string]string{"If-None-Match": `"x", W/"etag-harbour"`}}, 304, ""},
		{"etag stale", req{method: "GET", path: "/api/articles/harbour", header: map[string]string{"If-None-Match": `"old"`}}, 200, `"slug":"harbour"`},
		{"unknown", req{method: "GET", path: "/api/articles/nope"}, 404, `{"error":"article not found"}`},
		{"unknown route", req{method: "GET", path: "/api/nope"}, 404, `"error"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := e.do(tt.q)
			checkJSON(t, tt.q, w, tt.status, tt.body)
			if strings.HasPrefix(tt.q.path, "/api/articles/harbour") {
				if got := w.Header().Get("ETag"); got != `"etag-harbour"` {
					t.Errorf("ETag = %q, want %q", got, `"etag-harbour"`)
				}
				if got := w.Header().Get("Cache-Control"); got != "no-cache" {
					t.Errorf("Cache-Control = %q, want no-cache", got)
				}
			}
		})
	}
}

func TestPostComment(t *testing.T) {
	e := newEnv(t, nil)
	// Seed a parent on each article.
	for _, q := range []req{post("p-harbour", "harbour", "", "Ann", "parent"), post("p-cranes", "cranes", "", "Ann", "parent")} {
		if w := e.do(q); w.Code != 201 {
			t.Fatalf("seed: %d %s", w.Code, w.Body)
		}
	}
	noType := post("c-notype", "harbour", "", "Bob", "no content type")
	noType.header = map[string]string{"Content-Type": ""}
	textType := post("c-text", "harbour", "", "Bob", "text")
	textType.header = map[string]string{"Content-Type": "text/html"}

	tests := []struct {
		name   string
		q      req
		status int
		body   string
	}{
		{"new", post("c1", "harbour", "", "  Bob ", " Hello *there* "), 201, `"html":"\u003cp\u003eHello \u003cem\u003ethere\u003c/em\u003e\u003c/p\u003e\n"`},
		{"replay", post("c1", "harbour", "", "Bob", "Hello *there*"), 200, `"id":"c1"`},
		{"conflict", post("c1", "harbour", "", "Bob", "Other words"), 409, `"error":"comment id already used`},
		{"reply", post("c2", "harbour", "p-harbour", "Cy", "Agreed"), 201, `"parent":"p-harbour"`},
		{"no content type", noType, 415, `"error":"request body must be JSON`},
		{"wrong content type", textType, 415, `"error"`},
		{"malformed JSON", req{method: "POST", path: "/api/comments", body: `{"id":`}, 400, `"error":"malformed request: invalid JSON`},
		{"trailing data", req{method: "POST", path: "/api/comments", body: `{"id":"x"} {}`}, 400, `"error":"malformed request`},
		{"empty body", req{method: "POST", path: "/api/comments", header: map[string]string{"Content-Type": "application/json"}}, 400, `request body is empty`},
		{"unknown field", req{method: "POST", path: "/api/comments", body: `{"id":"c9","article":"harbour","author":"a","body":"b","status":"hidden"}`}, 400, `unknown field`},
		{"bad id", post("a/b", "harbour", "", "Bob", "x"), 400, `"error":"malformed request: id must be`},
		{"oversize request", post("c3", "harbour", "", "Bob", strings.Repeat("x", 70<<10)), 413, `larger than 64 KiB`},
		{"body 5001 runes", post("c4", "harbour", "", "Bob", strings.Repeat("é", 5001)), 413, `longer than 5000 characters`},
		{"body 5000 runes", post("c5", "harbour", "", "Bob", strings.Repeat("é", 5000)), 201, `"id":"c5"`},
		{"empty author", post("c6", "harbour", "", "   ", "x"), 422, `"error":"invalid comment: name must be 1 to 80 characters"`},
		{"NUL in body", post("c7", "harbour", "", "Bob", "a\x00b"), 422, `control character`},
		{"unknown article", post("c8", "nope", "", "Bob", "x"), 422, `unknown article`},
		{"parent in another article", post("c9", "harbour", "p-cranes", "Bob", "x"), 422, `another article`},
		{"parent unknown", post("c10", "harbour", "ghost", "Bob", "x"), 422, `does not exist`},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.q.ip = fmt.Sprintf("198.51.100.%d", i+1) // stay clear of the rate limit
			w := e.do(tt.q)
			checkJSON(t, tt.q, w, tt.status, tt.body)
		})
	}

	got, err := e.store.Get(context.Background(), "c1")
	if err != nil || got.Author != "Bob" || got.Body != "Hello *there*" || got.Status != comment.Published ||
		!got.Created.Equal(e.clock.t) {
		t.Errorf("stored c1 = %+v, %v, want trimmed, published, created now", got, err)
	}
}

func TestPostHostile(t *testing.T) {
	e := newEnv(t, nil)
	tests := []struct {
		name, body string
		want       []string
		notWant    []string
	}{
		{"img onerror", "<img src=x onerror=alert(1)>", []string{"&lt;img"}, []string{"<img"}},
		{"script", "<script>alert(1)</script>", []string{"&lt;script&gt;"}, []string{"<script"}},
		{"javascript link", "[x](javascript:alert(1))", []string{"<p>x</p>"}, []string{"javascript:", "<a"}},
		{"mixed case scheme", "[x](JaVaScRiPt:alert(1))", []string{"<p>x</p>"}, []string{"<a"}},
		{"https link", "[x](https://example.org)", []string{`<a href="https://example.org" rel="nofollow ugc noopener">x</a>`}, nil},
		{"image", "![x](https://evil/x.png)", []string{"<p>x</p>"}, []string{"<img", "evil"}},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			id := fmt.Sprintf("h%d", i)
			q := post(id, "harbour", "", "Eve", tt.body)
			q.ip = fmt.Sprintf("198.51.100.%d", i+1)
			w := e.do(q)
			if w.Code != 201 {
				t.Fatalf("POST %q = %d %s, want 201", tt.body, w.Code, w.Body)
			}
			c := decode[comment.Comment](t, w)
			for _, s := range tt.want {
				if !strings.Contains(c.HTML, s) {
					t.Errorf("POST %q html = %q, want it to contain %q", tt.body, c.HTML, s)
				}
			}
			for _, s := range tt.notWant {
				if strings.Contains(strings.ToLower(c.HTML), strings.ToLower(s)) {
					t.Errorf("POST %q html = %q, want no %q", tt.body, c.HTML, s)
				}
			}
			if c.Body != tt.body {
				t.Errorf("POST %q body = %q, want it stored as typed", tt.body, c.Body)
			}
		})
	}
}

func TestRateLimit(t *testing.T) {
	e := newEnv(t, nil)
	for i := range rateBurst {
		if w := e.do(post(fmt.Sprint("r", i), "harbour", "", "Bob", "x")); w.Code != 201 {
			t.Fatalf("post %d within burst = %d %s, want 201", i, w.Code, w.Body)
		}
	}
	w := e.do(post("over", "harbour", "", "Bob", "x"))
	checkJSON(t, req{method: "POST", path: "/api/comments"}, w, 429, `"error":"too many comments`)
	if got := w.Header().Get("Retry-After"); got != "6" {
		t.Errorf("Retry-After = %q, want %q (10 posts a minute)", got, "6")
	}
	// The limit is checked before the database, which alone knows a replay:
	// a replay while limited waits like any post.
	if w := e.do(post("r0", "harbour", "", "Bob", "x")); w.Code != 429 {
		t.Errorf("replay while limited = %d %s, want 429", w.Code, w.Body)
	}
	other := post("other-ip", "harbour", "", "Bob", "x")
	other.ip = "203.0.113.9"
	if w := e.do(other); w.Code != 201 {
		t.Errorf("post from another IP = %d %s, want 201", w.Code, w.Body)
	}
	spoof := post("spoof", "harbour", "", "Bob", "x")
	spoof.header = map[string]string{"X-Forwarded-For": "203.0.113.77"}
	if w := e.do(spoof); w.Code != 429 {
		t.Errorf("post with a spoofed X-Forwarded-For = %d, want 429", w.Code)
	}
	e.clock.t = e.clock.t.Add(6 * time.Second)
	if w := e.do(post("later", "harbour", "", "Bob", "x")); w.Code != 201 {
		t.Errorf("post after Retry-After = %d %s, want 201", w.Code, w.Body)
	}
	e.clock.t = e.clock.t.Add(6 * time.Second)
	if w := e.do(post("r0", "harbour", "", "Bob", "x")); w.Code != 200 {
		t.Errorf("replay after Retry-After = %d %s, want 200", w.Code, w.Body)
	}
}

func TestListAndCount(t *testing.T) {
	e := newEnv(t, nil)
	tests := []struct {
		name   string
		q      req
		status int
		body   string
	}{
		{"empty list", req{method: "GET", path: "/api/comments?article=harbour"}, 200, `{"comments":[],"total":0,"published":0}` + "\n"},
		{"no article", req{method: "GET", path: "/api/comments"}, 400, `article parameter is required`},
		{"unknown article", req{method: "GET", path: "/api/comments?article=nope"}, 404, `{"error":"article not found"}`},
		{"post", post("c1", "harbour", "", "Ann", "one"), 201, ""},
		{"post 2", post("c2", "harbour", "c1", "Ann", "two"), 201, ""},
		{"list", req{method: "GET", path: "/api/comments?article=harbour"}, 200, `"id":"c1"`},
		{"count", req{method: "GET", path: "/api/comments/count?article=harbour&article=cranes&article=nope"}, 200, `{"cranes":0,"harbour":2,"nope":0}`},
		{"count none", req{method: "GET", path: "/api/comments/count"}, 400, `"error"`},
		{"count too many", req{method: "GET", path: "/api/comments/count?article=a" + strings.Repeat("&article=a", maxCountArticles)}, 400, `at most 50`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkJSON(t, tt.q, e.do(tt.q), tt.status, tt.body)
		})
	}
	page := decode[comment.Page](t, e.do(req{method: "GET", path: "/api/comments?article=harbour"}))
	if list := page.Comments; len(list) != 2 || list[0].ID != "c1" || list[1].Parent != "c1" || page.Next != "" || page.Total != 2 {
		t.Errorf("GET /api/comments = %+v, want c1 then its reply c2, total 2, no next page", page)
	}
}

// TestCommentPages reads a thread longer than a page: each answer holds one
// page and the cursor of the next, and a bad cursor or limit is a 400.
func TestCommentPages(t *testing.T) {
	e := newEnv(t, nil)
	ctx := context.Background()
	const roots = 2*comment.PageSize + 1
	for i := range roots {
		c := comment.Comment{ID: fmt.Sprintf("c%03d", i), Article: "harbour", Author: "Ann", Body: "x",
			Created: e.clock.t.Add(time.Duration(i) * time.Second)}
		if _, _, err := e.store.Post(ctx, c); err != nil {
			t.Fatal(err)
		}
		c.ID, c.Parent = fmt.Sprintf("r%03d", i), c.ID
		if _, _, err := e.store.Post(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	seen := map[string]bool{}
	path, pages := "/api/comments?article=harbour", 0
	for path != "" {
		w := e.do(req{method: "GET", path: path})
		page := decode[comment.Page](t, w)
		if w.Code != 200 || len(page.Comments) > 2*comment.PageSize || page.Total != 2*roots {
			t.Fatalf("GET %s = %d, %d comments of %d, want 200 and at most a page (%d top-level and replies)",
				path, w.Code, len(page.Comments), page.Total, comment.PageSize)
		}
		for _, c := range page.Comments {
			if seen[c.ID] {
				t.Errorf("GET %s repeats %s", path, c.ID)
			}
			seen[c.ID] = true
		}
		pages++
		path = ""
		if page.Next != "" {
			path = "/api/comments?article=harbour&cursor=" + page.Next
		}
	}
	if pages != 3 || len(seen) != 2*roots {
		t.Errorf("paged through %d pages and %d comments, want 3 and %d", pages, len(seen), 2*roots)
	}
	small := decode[comment.Page](t, e.do(req{method: "GET", path: "/api/comments?article=harbour&limit=1"}))
	if len(small.Comments) != 2 || small.Next == "" {
		t.Errorf("GET limit=1 = %+v, want c000 and its reply, and a next page", small)
	}
	for _, q := range []string{"cursor=nonsense!", "cursor=MTIz", "limit=0", "limit=-2", "limit=x", fmt.Sprintf("limit=%d", comment.MaxPageSize+1)} {
		w := e.do(req{method: "GET", path: "/api/comments?article=harbour&" + q})
		checkJSON(t, req{path: q}, w, 400, `"error"`)
	}
}

func TestModeration(t *testing.T) {
	e := newEnv(t, nil)
	off := newEnv(t, func(c *Config) { c.AdminToken = "" })
	for _, env := range []*env{e, off} {
		if w := env.do(post("c1", "harbour", "", "Ann", "spam spam")); w.Code != 201 {
			t.Fatalf("seed: %d %s", w.Code, w.Body)
		}
	}
	e.do(post("c2", "harbour", "", "Ann", "keep"))
	auth := map[string]string{"Authorization": "Bearer " + adminToken}
	wrong := map[string]string{"Authorization": "Bearer nope"}
	basic := map[string]string{"Authorization": "Basic " + adminToken}
	tests := []struct {
		name   string
		e      *env
		q      req
		status int
		body   string
	}{
		{"no token", e, req{method: "DELETE", path: "/api/comments/c1"}, 401, `"error"`},
		{"wrong token", e, req{method: "DELETE", path: "/api/comments/c1", header: wrong}, 401, `"error"`},
		{"not bearer", e, req{method: "DELETE", path: "/api/comments/c1", header: basic}, 401, `"error"`},
		{"moderation off", off, req{method: "DELETE", path: "/api/comments/c1", header: auth}, 403, `moderation is disabled`},
		{"delete", e, req{method: "DELETE", path: "/api/comments/c1", header: auth}, 200, `"body":"","created"`},
		{"deleted listed blank", e, req{method: "GET", path: "/api/comments?article=harbour"}, 200, `"status":"deleted"`},
		{"delete unknown", e, req{method: "DELETE", path: "/api/comments/ghost", header: auth}, 404, `comment not found`},
		{"hide", e, req{method: "PATCH", path: "/api/comments/c2", header: auth, body: `{"status":"hidden"}`}, 200, `"status":"hidden"`},
		{"count after", e, req{method: "GET", path: "/api/comments/count?article=harbour"}, 200, `{"harbour":0}`},
		{"publish", e, req{method: "PATCH", path: "/api/comments/c2", header: auth, body: `{"status":"published"}`}, 200, `"status":"published"`},
		{"bad status", e, req{method: "PATCH", path: "/api/comments/c2", header: auth, body: `{"status":"sending"}`}, 422, `status must be`},
		{"restore deleted", e, req{method: "PATCH", path: "/api/comments/c1", header: auth, body: `{"status":"published"}`}, 409, `cannot be restored`},
		{"patch no token", e, req{method: "PATCH", path: "/api/comments/c2", body: `{"status":"hidden"}`}, 401, `"error"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := tt.e.do(tt.q)
			checkJSON(t, tt.q, w, tt.status, tt.body)
			if tt.status == 401 && w.Header().Get("WWW-Authenticate") == "" {
				t.Errorf("%s %s = 401 without WWW-Authenticate", tt.q.method, tt.q.path)
			}
		})
	}
	if c, _ := e.store.Get(context.Background(), "c1"); c.Body != "" || c.HTML != "" {
		t.Errorf("deleted comment = %+v, want body and html blanked", c)
	}
}

func TestPanicRecovered(t *testing.T) {
	e := newEnv(t, func(c *Config) { c.Articles = fakeArticles{panics: true} })
	q := req{method: "GET", path: "/api/articles"}
	checkJSON(t, q, e.do(q), 500, `{"error":"internal error"}`)
}

func BenchmarkPostComment(b *testing.B) {
	e := newEnv(b, func(c *Config) { c.Now = time.Now; c.RatePerMinute = 1 << 30 })
	i := 0
	for b.Loop() {
		i++
		w := e.do(post(fmt.Sprint("b", i), "harbour", "", "Bench", "A *comment* with a [link](https://example.org)."))
		if w.Code != http.StatusCreated {
			b.Fatalf("POST = %d %s", w.Code, w.Body)
		}
	}
}
