package web

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"
	"time"

	"folio/app/comment"
)

var ldScript = regexp.MustCompile(`(?s)<script type="application/ld\+json">(.*?)</script>`)

// TestArticleStructuredData: the server's article page carries a JSON-LD
// NewsArticle whose addresses are on the -domain host and whose comment
// count is the article's published comments.
func TestArticleStructuredData(t *testing.T) {
	h, st, title := newHostileSite(t)
	t0 := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	postAt(t, st, comment.Comment{ID: "c1", Article: "tides", Author: "A", Body: "one"}, t0)
	postAt(t, st, comment.Comment{ID: "c2", Article: "tides", Author: "B", Body: "two"}, t0.Add(time.Minute))
	postAt(t, st, comment.Comment{ID: "c3", Article: "tides", Author: "C", Body: "three"}, t0.Add(2*time.Minute))
	if err := st.SetStatus(t.Context(), "c3", comment.Hidden); err != nil {
		t.Fatal(err)
	}
	page := get(h, "/a/tides").Body.String()
	m := ldScript.FindAllStringSubmatch(page, -1)
	if len(m) != 1 {
		t.Fatalf("/a/tides has %d JSON-LD scripts, want 1", len(m))
	}
	var ld struct {
		Type     string   `json:"@type"`
		Headline string   `json:"headline"`
		Image    []string `json:"image"`
		Main     struct {
			ID string `json:"@id"`
		} `json:"mainEntityOfPage"`
		CommentCount int `json:"commentCount"`
	}
	if err := json.Unmarshal([]byte(m[0][1]), &ld); err != nil {
		t.Fatalf("JSON-LD does not parse: %v\n%s", err, m[0][1])
	}
	if ld.Type != "NewsArticle" || ld.Headline != title || ld.Main.ID != "https://folio.test/a/tides" ||
		len(ld.Image) != 1 || ld.Image[0] != "https://img.example/a.jpg?x=1&y=2" || ld.CommentCount != 2 {
		t.Errorf("JSON-LD = %+v, want the article on https://folio.test with 2 comments", ld)
	}
	if strings.Contains(m[0][1], "<") {
		t.Errorf("JSON-LD holds a raw '<': %s", m[0][1])
	}
	if w := get(h, "/"); strings.Contains(w.Body.String(), "application/ld+json") {
		t.Errorf("the front page carries article JSON-LD")
	}
}
