package api

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"folio/app/comment"
	"folio/cmd/folio/internal/respcache"
	"folio/cmd/folio/internal/store"
)

// sortedRoots walks GET /api/comments?article=harbour&sort=sort (and q)
// page by page and returns the top-level comments in order.
func sortedRoots(t *testing.T, e *env, sort, q string) []string {
	t.Helper()
	var got []string
	cursor := ""
	for pages := 0; pages < 100; pages++ {
		path := "/api/comments?article=harbour&sort=" + sort + q + cursor
		w := e.do(req{method: "GET", path: path})
		if w.Code != 200 {
			t.Fatalf("GET %s = %d %s", path, w.Code, w.Body)
		}
		page := decode[comment.Page](t, w)
		for _, c := range page.Comments {
			if c.Parent == "" {
				got = append(got, c.ID)
			}
		}
		if page.Next == "" {
			return got
		}
		cursor = "&cursor=" + page.Next
	}
	t.Fatalf("GET sort=%s: no last page", sort)
	return nil
}

// TestCommentsSorted: GET /api/comments?sort= pages the whole thread
// oldest, newest or best first, not one page of it; a cursor goes on only
// in its own order, and a sort that is not one of the three is a 400. With
// the response cache on, each order is an answer of its own, and a vote
// makes the best one stale.
func TestCommentsSorted(t *testing.T) {
	for _, cached := range []bool{false, true} {
		t.Run(fmt.Sprint("cache=", cached), func(t *testing.T) {
			e := newEnv(t, func(c *Config) {
				if cached {
					c.Cache = respcache.New(0)
					c.Comments = c.Cache.Store(c.Comments.(store.Store))
				}
			})
			const n = 2*comment.PageSize + 3
			var oldest []string
			for i := range n {
				c := comment.Comment{ID: fmt.Sprintf("c%03d", i), Article: "harbour", Author: "Ann", Body: "x",
					Created: e.clock.t.Add(time.Duration(i) * time.Second)}
				if _, _, err := e.store.Post(context.Background(), c); err != nil {
					t.Fatal(err)
				}
				oldest = append(oldest, c.ID)
			}
			newest := slices.Clone(oldest)
			slices.Reverse(newest)
			if got := sortedRoots(t, e, "oldest", ""); !slices.Equal(got, oldest) {
				t.Errorf("sort=oldest: %v", got)
			}
			if got := sortedRoots(t, e, "newest", ""); !slices.Equal(got, newest) {
				t.Errorf("sort=newest: %v, want %v", got, newest)
			}
			if got := sortedRoots(t, e, "best", "&limit=7"); !slices.Equal(got, newest) {
				t.Errorf("sort=best without votes: %v, want newest first", got)
			}
			// Votes through the API: c005 up, c040 down. The best pages
			// read before are stale now.
			for _, q := range []req{react("c005", "dev-a", "", 1), react("c005", "dev-b", "", 1), react("c040", "dev-a", "", -1)} {
				checkJSON(t, q, e.do(q), 200, "")
			}
			best := append([]string{"c005"}, slices.DeleteFunc(slices.Clone(newest), func(id string) bool { return id == "c005" || id == "c040" })...)
			best = append(best, "c040")
			if got := sortedRoots(t, e, "best", "&limit=7"); !slices.Equal(got, best) {
				t.Errorf("sort=best after votes: %v, want %v", got, best)
			}
			first := decode[comment.Page](t, e.do(req{method: "GET", path: "/api/comments?article=harbour&sort=newest"}))
			for _, tt := range []struct{ q, reason string }{
				{"sort=best&cursor=" + first.Next, "the cursor belongs to sort newest, not best"},
				{"cursor=" + first.Next, "the cursor belongs to sort newest, not oldest"},
				{"sort=sideways", "sort must be oldest, newest or best"},
				{"sort=", ""}, // the default, oldest: fine
			} {
				w := e.do(req{method: "GET", path: "/api/comments?article=harbour&" + tt.q})
				if tt.reason == "" {
					checkJSON(t, req{path: tt.q}, w, 200, `"comments"`)
					continue
				}
				checkJSON(t, req{path: tt.q}, w, 400, tt.reason)
			}
		})
	}
}
