package client

import "testing"

// TestArticlesPageURL: a served site asks the API; an export reads the file
// folio build wrote for the same page.
func TestArticlesPageURL(t *testing.T) {
	defer SetExport(nil)
	for _, tt := range []struct {
		tag           string
		n             int
		served, files string
	}{
		{"", 1, "/api/articles", "/api/articles/index.json"},
		{"", 2, "/api/articles?page=2", "/api/articles/page/2.json"},
		{"sea", 1, "/api/articles?tag=sea", "/api/articles/tag/sea/index.json"},
		{"sea", 3, "/api/articles?page=3&tag=sea", "/api/articles/tag/sea/page/3.json"},
	} {
		SetExport(nil)
		if got := ArticlesPageURL(tt.tag, tt.n); got != tt.served {
			t.Errorf("served: ArticlesPageURL(%q, %d) = %q, want %q", tt.tag, tt.n, got, tt.served)
		}
		SetExport(&Export{})
		if got := ArticlesPageURL(tt.tag, tt.n); got != tt.files {
			t.Errorf("export: ArticlesPageURL(%q, %d) = %q, want %q", tt.tag, tt.n, got, tt.files)
		}
	}
}
