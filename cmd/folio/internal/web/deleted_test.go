package web

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"folio/app/comment"
)

// TestDeletedCommentAuthorGone checks that once a moderator deletes a
// comment, its author's name is in neither the API's answer nor the
// article page's embedded data, while a live reply's author still is.
func TestDeletedCommentAuthorGone(t *testing.T) {
	h, st, ix := newSite(t)
	ctx := context.Background()
	slug := ix.List()[0].Slug
	for _, c := range []comment.Comment{
		{ID: "gone", Article: slug, Author: "Zebediah Quill", Body: "regrettable words", HTML: "<p>regrettable words</p>"},
		{ID: "kept", Article: slug, Parent: "gone", Author: "Ada Live", Body: "a reply", HTML: "<p>a reply</p>"},
	} {
		c.Created, c.Status = time.Now(), comment.Published
		if _, _, err := st.Post(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.Delete(ctx, "gone"); err != nil {
		t.Fatal(err)
	}
	data := regexp.MustCompile(`(?s)<script[^>]*id="folio-data"[^>]*>(.*?)</script>`)
	tests := []struct {
		name string
		path string
		part func(body string) string
	}{
		{"api", "/api/comments?article=" + slug, func(b string) string { return b }},
		{"page data", "/a/" + slug, func(b string) string {
			if m := data.FindStringSubmatch(b); m != nil {
				return m[1]
			}
			return ""
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := get(h, tt.path)
			got := tt.part(w.Body.String())
			if w.Code != 200 || !strings.Contains(got, "Ada Live") {
				t.Fatalf("GET %s = %d, want 200 with the live reply's author in:\n%.500s", tt.path, w.Code, got)
			}
			for _, gone := range []string{"Zebediah", "regrettable"} {
				if strings.Contains(got, gone) {
					t.Errorf("GET %s still carries %q of the deleted comment", tt.path, gone)
				}
			}
		})
	}
}
