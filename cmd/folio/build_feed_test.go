package main

import (
	"strings"
	"testing"

	"folio/cmd/folio/internal/content"
)

// TestBuildLinksCommentFeed: an exported article page links the comment
// feed of the -api server that holds its comments; with no -api there are
// no comments and no link.
func TestBuildLinksCommentFeed(t *testing.T) {
	ix, _, err := content.Load(content.Sample())
	if err != nil {
		t.Fatal(err)
	}
	slug := ix.List()[0].Slug
	url, _ := buildSite(t, "-api", "https://comments.example")
	page, _ := get(t, url+"/a/"+slug)
	head, _, _ := strings.Cut(page, "</head>")
	want := `href="https://comments.example/a/` + slug + `/comments.xml"`
	if !strings.Contains(head, want) || !strings.Contains(head, `type="application/atom+xml"`) {
		t.Errorf("exported /a/%s head lacks the comment feed link %s:\n%s", slug, want, head)
	}
	url, _ = buildSite(t)
	if page, _ := get(t, url+"/a/"+slug); strings.Contains(page, "comments.xml") {
		t.Errorf("exported /a/%s without -api links a comment feed", slug)
	}
}
