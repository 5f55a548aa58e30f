package web

import (
	"net/http"
	"testing"
)

// TestNotModifiedIsSmall: a 304 answers a revalidation (the worker's check
// of a kept page, the browser's of a script) with no body, and carries only
// what updates the copy the browser holds (ETag, Cache-Control, Vary,
// Date): the policy headers stay those of the stored 200, which has them,
// so a 304 need not send them again. A repeat visit's revalidations were
// two thirds policy headers.
func TestNotModifiedIsSmall(t *testing.T) {
	h, _, ix := newSite(t)
	slug := ix.List()[0].Slug
	for _, path := range []string{"/a/" + slug, "/app.js", "/web/folio.css"} {
		first := get(h, path)
		if first.Code != http.StatusOK {
			t.Fatalf("GET %s = %d", path, first.Code)
		}
		for _, k := range []string{"Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy"} {
			if first.Header().Get(k) == "" {
				t.Errorf("GET %s: 200 lacks %s", path, k)
			}
		}
		tag := first.Header().Get("ETag")
		if tag == "" {
			t.Fatalf("GET %s: no ETag", path)
		}
		again := get(h, path, "If-None-Match", tag)
		if again.Code != http.StatusNotModified {
			t.Fatalf("GET %s with its ETag = %d, want 304", path, again.Code)
		}
		if again.Header().Get("ETag") != tag {
			t.Errorf("GET %s: 304 has ETag %q, want %q", path, again.Header().Get("ETag"), tag)
		}
		for _, k := range []string{"Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy"} {
			if v := again.Header().Get(k); v != "" {
				t.Errorf("GET %s: 304 sends %s again (%d bytes)", path, k, len(v))
			}
		}
	}
}
