package main

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"folio/cmd/folio/internal/content"
)

func readme(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// commandFlags are the flags a command's own flag set defines, as its -h
// lists them.
func commandFlags(t *testing.T, cmd string) []string {
	t.Helper()
	_, stderr, _ := runCLI(t, append(strings.Fields(cmd), "-h")...)
	var names []string
	for _, m := range regexp.MustCompile(`(?m)^  -([a-z-]+)`).FindAllStringSubmatch(stderr, -1) {
		names = append(names, m[1])
	}
	return names
}

// TestReadmeFlags: every flag of every command is in the README's commands
// table and in the usage text, and its FOLIO_ variable is in the README.
func TestReadmeFlags(t *testing.T) {
	doc := readme(t)
	serveFlags := commandFlags(t, "serve")
	for _, cmd := range []string{"serve", "build", "new", "comments export", "comments import"} {
		flags := commandFlags(t, cmd)
		if len(flags) == 0 {
			t.Fatalf("folio %s -h lists no flags", cmd)
		}
		row := regexp.MustCompile("(?m)^\\| `folio " + cmd + "\\b.*$").FindString(doc)
		if row == "" {
			t.Errorf("README has no commands table row for folio %s", cmd)
		}
		use := regexp.MustCompile(`(?m)^  folio ` + cmd + `\b.*(\n {6,}.*)*`).FindString(usage)
		for _, f := range flags {
			if !strings.Contains(row, "-"+f+" ") && !strings.Contains(row, "-"+f+"]") {
				t.Errorf("README's row for folio %s lacks -%s: %s", cmd, f, row)
			}
			if !strings.Contains(use, "-"+f+" ") && !strings.Contains(use, "-"+f+"]") {
				t.Errorf("usage for folio %s lacks -%s:\n%s", cmd, f, use)
			}
			// folio comments reads only the variables serve reads too.
			if strings.HasPrefix(cmd, "comments") && !slices.Contains(serveFlags, f) {
				continue
			}
			if v := "FOLIO_" + strings.ToUpper(strings.ReplaceAll(f, "-", "_")); !strings.Contains(doc, v) {
				t.Errorf("README does not name %s (folio %s -%s)", v, cmd, f)
			}
		}
	}
}

// TestReadmeExamples: the embed example names a real sample article, and
// every GET route the README lists answers on a running site.
func TestReadmeExamples(t *testing.T) {
	doc := readme(t)
	ix, _, err := content.Load(content.Sample())
	if err != nil {
		t.Fatal(err)
	}
	slugs := regexp.MustCompile(`data-folio-(?:article|count)="([^"]*)"`).FindAllStringSubmatch(doc, -1)
	if len(slugs) == 0 {
		t.Fatal("README has no embed example")
	}
	for _, m := range slugs {
		if _, err := ix.Get(m[1]); err != nil {
			t.Errorf("README's embed example names %q, which is no sample article: %v", m[1], err)
		}
	}

	h, closeSite, err := open(t.Context(), "", filepath.Join(t.TempDir(), "folio.db"), "", "folio.test")
	if err != nil {
		t.Fatal(err)
	}
	defer closeSite()
	slug := ix.List()[0].Slug
	routes := regexp.MustCompile("`GET (/[^`? ]*)(\\?[^` ]*)?`").FindAllStringSubmatch(doc, -1)
	seen := map[string]bool{}
	for _, m := range routes {
		path := strings.NewReplacer("{slug}", slug, "{tag}", ix.List()[0].Tags[0], "{file}", "images/tides.svg").Replace(m[1])
		query := ""
		if strings.HasPrefix(m[2], "?article=") {
			query = "?article=" + slug
		}
		seen[m[1]] = true
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, path+query, nil))
		if w.Code != http.StatusOK {
			t.Errorf("README lists GET %s%s; it answers %d", m[1], m[2], w.Code)
		}
	}
	for _, want := range []string{"/feed.xml", "/sitemap.xml", "/robots.txt", "/api/comments/count"} {
		if !seen[want] {
			t.Errorf("README does not list GET %s", want)
		}
	}
	for _, want := range []string{`{"status": "published"}`, `{"status": "hidden"}`, "Authorization: Bearer"} {
		if !strings.Contains(doc, want) {
			t.Errorf("README does not show the moderation request %s", want)
		}
	}
}
