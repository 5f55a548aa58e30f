package respcache

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/andybalholm/brotli"
)

// page is a handler that renders a page of n bytes naming the request's
// path and how many times it has rendered, so a test can tell a kept answer
// from a new one.
type page struct {
	renders atomic.Int64
	size    int
	status  int
	during  func() // runs while rendering
}

func (p *page) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	n := p.renders.Add(1)
	if p.during != nil {
		p.during()
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	if p.status != 0 {
		w.WriteHeader(p.status)
	}
	body := fmt.Sprintf("<p>%s render %d</p>", r.URL.Path, n)
	fmt.Fprint(w, body+strings.Repeat("<p>the tide comes in</p>", max(0, p.size-len(body))/22))
}

func byArticle(r *http.Request) (Deps, bool) {
	return Deps{Articles: []string{strings.TrimPrefix(r.URL.Path, "/a/")}}, true
}

func get(t *testing.T, h http.Handler, path string, header ...string) *httptest.ResponseRecorder {
	t.Helper()
	r := httptest.NewRequest(http.MethodGet, path, nil)
	for i := 0; i+1 < len(header); i += 2 {
		r.Header.Set(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

// decode undoes a Content-Encoding.
func decode(t *testing.T, w *httptest.ResponseRecorder) []byte {
	t.Helper()
	var rd io.Reader = w.Body
	switch w.Header().Get("Content-Encoding") {
	case "br":
		rd = brotli.NewReader(w.Body)
	case "gzip":
		zr, err := gzip.NewReader(w.Body)
		if err != nil {
			t.Fatal(err)
		}
		rd = zr
	case "":
	default:
		t.Fatalf("unexpected encoding %q", w.Header().Get("Content-Encoding"))
	}
	b, err := io.ReadAll(rd)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestEncodings: each Accept-Encoding gets the encoding it prefers, whose
// bytes decode to exactly what the handler wrote, with an ETag of its own.
func TestEncodings(t *testing.T) {
	p := &page{size: 4000}
	c := New(0)
	h := c.Handler(byArticle, p)
	want := get(t, p, "/a/tides").Body.Bytes() // render 1, uncached: what the page is
	want = bytes.Replace(want, []byte("render 1"), []byte("render 2"), 1)
	tests := []struct{ accept, encoding string }{
		{"gzip, deflate, br", "br"},
		{"gzip", "gzip"},
		{"br;q=0, gzip", "gzip"},
		{"", ""},
		{"identity", ""},
		{"deflate", ""},
	}
	etags := map[string]string{}
	for _, tt := range tests {
		w := get(t, h, "/a/tides", "Accept-Encoding", tt.accept)
		if w.Code != 200 || w.Header().Get("Content-Encoding") != tt.encoding {
			t.Errorf("Accept-Encoding %q: %d, encoding %q, want 200 %q", tt.accept, w.Code, w.Header().Get("Content-Encoding"), tt.encoding)
		}
		if got := w.Header().Get("Content-Length"); got != fmt.Sprint(w.Body.Len()) {
			t.Errorf("Accept-Encoding %q: Content-Length %s for %d bytes", tt.accept, got, w.Body.Len())
		}
		if !bytes.Equal(decode(t, w), want) {
			t.Errorf("Accept-Encoding %q: the body is not the rendered page", tt.accept)
		}
		if !strings.Contains(w.Header().Get("Vary"), "Accept-Encoding") || w.Header().Get("Content-Type") != "text/html; charset=utf-8" {
			t.Errorf("Accept-Encoding %q: headers %v", tt.accept, w.Header())
		}
		etag := w.Header().Get("ETag")
		if prev, ok := etags[tt.encoding]; ok && prev != etag {
			t.Errorf("encoding %q has ETags %s and %s", tt.encoding, prev, etag)
		}
		etags[tt.encoding] = etag
	}
	if len(etags) != 3 || etags["br"] == etags["gzip"] || etags["gzip"] == etags[""] || !strings.HasPrefix(etags[""], `"`) {
		t.Errorf("ETags by encoding = %v, want three strong, different tags", etags)
	}
	if n := p.renders.Load(); n != 2 {
		t.Errorf("rendered %d times, want 2 (once uncached, once for the cache)", n)
	}
}

// TestNotModified: a request that has the answer's ETag gets 304 without a
// body; another ETag, or another encoding's, gets the answer.
func TestNotModified(t *testing.T) {
	c := New(0)
	h := c.Handler(byArticle, &page{size: 2000})
	first := get(t, h, "/a/tides", "Accept-Encoding", "gzip")
	etag := first.Header().Get("ETag")
	for _, tt := range []struct {
		inm, accept string
		want        int
	}{
		{etag, "gzip", 304},
		{"W/" + etag, "gzip", 304},
		{`"other", ` + etag, "gzip", 304},
		{`"other"`, "gzip", 200},
		{etag, "br", 200}, // the brotli answer is other bytes
	} {
		w := get(t, h, "/a/tides", "Accept-Encoding", tt.accept, "If-None-Match", tt.inm)
		if w.Code != tt.want || (tt.want == 304 && w.Body.Len() != 0) {
			t.Errorf("If-None-Match %s, %s: %d with %d bytes, want %d", tt.inm, tt.accept, w.Code, w.Body.Len(), tt.want)
		}
		if tt.want == 304 && w.Header().Get("ETag") != etag {
			t.Errorf("304 carries ETag %q, want %q", w.Header().Get("ETag"), etag)
		}
	}
}

// TestChanged: an answer is kept until its article changes; another
// article's change, or none, leaves it.
func TestChanged(t *testing.T) {
	p := &page{size: 100}
	c := New(0)
	h := c.Handler(byArticle, p)
	body := func() string { return get(t, h, "/a/tides").Body.String() }
	first := body()
	if again := body(); again != first || p.renders.Load() != 1 {
		t.Fatalf("second read rendered again (%d renders)", p.renders.Load())
	}
	c.Changed("tides")
	if after := body(); after == first || !strings.Contains(after, "render 2") {
		t.Errorf("after Changed the old answer was served: %q", after)
	}
	c.Purge()
	if after := body(); !strings.Contains(after, "render 3") {
		t.Errorf("after Purge the old answer was served: %q", after)
	}
	c.Changed("")
	if after := body(); !strings.Contains(after, "render 4") {
		t.Errorf(`after Changed("") the old answer was served: %q`, after)
	}
}

// TestChangedWhileRendering: a write that lands while the answer is being
// made leaves that answer stale: the next request makes it again.
func TestChangedWhileRendering(t *testing.T) {
	c := New(0)
	p := &page{size: 100}
	p.during = func() {
		if p.renders.Load() == 1 {
			c.Changed("tides") // committed after the render read the old thread
		}
	}
	h := c.Handler(byArticle, p)
	get(t, h, "/a/tides")
	if w := get(t, h, "/a/tides"); !strings.Contains(w.Body.String(), "render 2") {
		t.Errorf("the answer made across a write was kept: %q", w.Body.String())
	}
	if w := get(t, h, "/a/tides"); !strings.Contains(w.Body.String(), "render 2") {
		t.Errorf("the answer made after the write was not kept: %q", w.Body.String())
	}
}

// TestNotKept: errors, HEAD requests on a miss and answers larger than an
// eighth of the budget pass through, every time.
func TestNotKept(t *testing.T) {
	for _, tt := range []struct {
		name   string
		p      *page
		budget int64
		method string
	}{
		{"404", &page{size: 100, status: http.StatusNotFound}, 0, http.MethodGet},
		{"HEAD", &page{size: 100}, 0, http.MethodHead},
		{"too big", &page{size: 20_000}, 100_000, http.MethodGet},
	} {
		c := New(tt.budget)
		h := c.Handler(byArticle, tt.p)
		for range 3 {
			h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(tt.method, "/a/tides", nil))
		}
		if n := tt.p.renders.Load(); n != 3 {
			t.Errorf("%s: rendered %d times for 3 requests, want 3", tt.name, n)
		}
		if s := c.Stats(); s.Entries != 0 {
			t.Errorf("%s: %d answers kept", tt.name, s.Entries)
		}
	}
}

// TestBounded: however many pages are read, the bytes kept stay within the
// budget, the least recently used going first.
func TestBounded(t *testing.T) {
	const budget = 64 << 10
	c := New(budget)
	p := &page{size: 4000}
	h := c.Handler(byArticle, p)
	get(t, h, "/a/hot")
	for i := range 200 {
		get(t, h, fmt.Sprintf("/a/cold-%d", i), "Accept-Encoding", "gzip, br")
		get(t, h, "/a/hot") // used all along: stays
		if s := c.Stats(); s.Bytes > budget {
			t.Fatalf("after %d pages the cache holds %d bytes, over its budget of %d", i+1, s.Bytes, budget)
		}
	}
	s := c.Stats()
	if s.Entries >= 201 || s.Entries < 2 {
		t.Errorf("%d answers kept of 201 (budget %d bytes)", s.Entries, budget)
	}
	if w := get(t, h, "/a/hot"); !strings.Contains(w.Body.String(), "/a/hot render 1") {
		t.Errorf("the page read all along was evicted: %.40q", w.Body.String())
	}
	if w := get(t, h, "/a/cold-0"); strings.Contains(w.Body.String(), "render 2<") {
		t.Errorf("the least recently used page was kept")
	}
}

// TestSuspended: while suspended (a lost notification connection) every
// request is made afresh and nothing is kept; on Resume, what was kept
// before is gone.
func TestSuspended(t *testing.T) {
	c := New(0)
	p := &page{size: 100}
	h := c.Handler(byArticle, p)
	get(t, h, "/a/tides")
	c.Suspend()
	for range 2 {
		get(t, h, "/a/tides")
	}
	if n := p.renders.Load(); n != 3 {
		t.Errorf("suspended: %d renders for 3 requests, want 3", n)
	}
	c.Resume()
	if w := get(t, h, "/a/tides"); !strings.Contains(w.Body.String(), "render 4") {
		t.Errorf("after Resume an answer from before was served: %q", w.Body.String())
	}
	if w := get(t, h, "/a/tides"); !strings.Contains(w.Body.String(), "render 4") {
		t.Errorf("after Resume answers are not kept: %q", w.Body.String())
	}
}

// TestOwnHeadersOnly: headers set before the cache (CORS, the security
// policy) are the request's, never replayed to another.
func TestOwnHeadersOnly(t *testing.T) {
	c := New(0)
	h := c.Handler(byArticle, &page{size: 100})
	cors := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if o := r.Header.Get("Origin"); o != "" {
			w.Header().Set("Access-Control-Allow-Origin", o)
		}
		h.ServeHTTP(w, r)
	})
	get(t, cors, "/a/tides", "Origin", "https://news.example")
	w := get(t, cors, "/a/tides")
	if got := w.Header().Get("Access-Control-Allow-Origin"); got != "" {
		t.Errorf("another request's CORS header was replayed: %q", got)
	}
}
