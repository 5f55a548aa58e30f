package content

import (
	"fmt"
	"testing"
	"testing/fstest"

	"folio/app/article"
)

func story(date string, tags string) *fstest.MapFile {
	return &fstest.MapFile{Data: fmt.Appendf(nil, "---\ntitle: Story of %s\npublished: %s\ntags: [%s]\n---\nBody.\n", date, date, tags)}
}

// TestAround: an article served by the index says what to read next and
// what else its first tag holds, worked out from the index's metadata; its
// ETag changes when a story it links to changes, so a kept copy revalidates.
func TestAround(t *testing.T) {
	files := fstest.MapFS{
		"a.md": story("2026-01-01", "city, sea"),
		"b.md": story("2026-01-02", "sea"),
		"c.md": story("2026-01-03", "city"),
		"d.md": story("2026-01-04", "city"),
	}
	ix, probs, err := Load(files)
	if err != nil || len(probs) > 0 {
		t.Fatalf("Load: %v %v", err, probs)
	}
	a, etag, err := ix.GetWithETag("c")
	if err != nil {
		t.Fatal(err)
	}
	if a.Around == nil || a.Around.Next == nil || a.Around.Next.Slug != "b" || a.Around.Tag != "city" {
		t.Fatalf("Get(c).Around = %+v, want next b, tag city", a.Around)
	}
	if got := fmt.Sprint(slugs(a.Around.More)); got != "[d a]" {
		t.Errorf("Get(c).Around.More = %s, want [d a]", got)
	}
	if a.Around.Next.Title != "Story of 2026-01-02" {
		t.Errorf("Next.Title = %q: the metadata should come along", a.Around.Next.Title)
	}
	old, err := ix.Get("a")
	if err != nil || old.Around.Next == nil || old.Around.Next.Slug != "d" {
		t.Errorf("Get(a).Around = %+v, %v: the oldest should lead back to the newest, d", old.Around, err)
	}

	files["e.md"] = story("2026-01-05", "city") // a new story: c's "more" changes, its file does not
	ix2, _, _ := Load(files)
	a2, etag2, _ := ix2.GetWithETag("c")
	if fmt.Sprint(slugs(a2.Around.More)) != "[e d a]" {
		t.Errorf("after publishing e, More = %v, want [e d a]", slugs(a2.Around.More))
	}
	if etag2 == etag {
		t.Errorf("ETag %s did not change when what the article links to did", etag)
	}
	_, again, _ := ix2.GetWithETag("c")
	if again != etag2 {
		t.Errorf("ETag not stable: %s then %s", etag2, again)
	}
}

func slugs(ms []article.Meta) []string {
	var out []string
	for _, m := range ms {
		out = append(out, m.Slug)
	}
	return out
}
