package web

import (
	"context"
	"net/http"
	"testing"
	"time"

	"folio/app/comment"
)

// TestPageRevalidation: a kept page can be revalidated. The same page made
// twice has the same tag (the instant it was made is left out), a request
// naming it gets a 304 with no body, and a new comment changes it. go-app's
// generated files are revalidated the same way.
func TestPageRevalidation(t *testing.T) {
	h, st, ix := newSite(t)
	a := ix.List()[0]
	for _, path := range []string{"/", "/a/" + a.Slug, "/app.js", "/app-worker.js", "/manifest.webmanifest", "/wasm_exec.js"} {
		t.Run(path, func(t *testing.T) {
			first := get(h, path)
			tag := first.Header().Get("ETag")
			if first.Code != http.StatusOK || tag == "" {
				t.Fatalf("GET %s = %d, ETag %q", path, first.Code, tag)
			}
			time.Sleep(2 * time.Millisecond) // a page made later says so in its data
			if again := get(h, path).Header().Get("ETag"); again != tag {
				t.Errorf("made again, %s has tag %s, first %s", path, again, tag)
			}
			for _, known := range []string{tag, `"other", ` + tag, "*"} {
				w := get(h, path, "If-None-Match", known)
				if w.Code != http.StatusNotModified || w.Body.Len() != 0 {
					t.Errorf("GET %s If-None-Match %s = %d with %d bytes, want 304 and none", path, known, w.Code, w.Body.Len())
				}
			}
			if w := get(h, path, "If-None-Match", `W/"stale"`); w.Code != http.StatusOK || w.Body.Len() == 0 {
				t.Errorf("GET %s with a stale tag = %d with %d bytes, want the page", path, w.Code, w.Body.Len())
			}
		})
	}

	page := "/a/" + a.Slug
	before := get(h, page).Header().Get("ETag")
	if _, _, err := st.Post(context.Background(), comment.Comment{
		ID: "c-new", Article: a.Slug, Author: "Ada", Body: "News", HTML: "<p>News</p>",
		Created: time.Now(), Status: comment.Published,
	}); err != nil {
		t.Fatal(err)
	}
	w := get(h, page, "If-None-Match", before)
	if w.Code != http.StatusOK || w.Header().Get("ETag") == before {
		t.Errorf("after a new comment, revalidating the page = %d with tag %s (was %s), want the new page", w.Code, w.Header().Get("ETag"), before)
	}
	if w := get(h, "/a/no-such-article", "If-None-Match", "*"); w.Code != http.StatusNotFound {
		t.Errorf("a missing article revalidated = %d, want 404", w.Code)
	}
}
