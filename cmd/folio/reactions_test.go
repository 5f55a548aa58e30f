package main

import (
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestCacheShowsReactions: a reaction shows at the next read of every
// cached answer that shows the thread, though each was kept just before.
func TestCacheShowsReactions(t *testing.T) {
	s := openCacheSite(t, filepath.Join(t.TempDir(), "folio.db"))
	id := "0190d5a0-0000-7000-8000-0000000000c1"
	s.post(t, id, "A comment to react to.")
	reads := []string{}
	for _, p := range cachedReads {
		if !strings.Contains(p, "/count") {
			reads = append(reads, p)
		}
	}
	// A page shows the count in the 😮 button, the API in the comment's JSON.
	shows := func(when, page, api string) {
		t.Helper()
		for _, p := range reads {
			want := page
			if strings.HasPrefix(p, "/api/") {
				want = api
			}
			for range 2 { // the second from the cache
				if _, body := s.read(t, p, "gzip"); !regexp.MustCompile(want).MatchString(body) {
					t.Errorf("%s: GET %s does not show %q", when, p, want)
				}
			}
		}
	}
	shows("before", `😮\s*<span class="n"></span>`, `"id":"`+id+`"`)
	for _, dev := range []string{"dev-a", "dev-b"} {
		if w := s.do(t, "POST", "/api/reactions", `{"comment":"`+id+`","device":"`+dev+`","emoji":"😮","vote":1}`); w.Code != 200 {
			t.Fatalf("react: %d %s", w.Code, w.Body)
		}
	}
	shows("after two reactions", `😮\s*<span class="n">2</span>`, `"reactions":\[0,0,0,2,0\],"score":2`)
}
