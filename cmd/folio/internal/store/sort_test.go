package store

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"folio/app/comment"
)

func init() {
	for _, tt := range []struct {
		name string
		test func(*testing.T, newDB)
	}{
		{"SortOrders", testSortOrders},
		{"SortWalkVisitsEachOnce", testSortWalkVisitsEachOnce},
		{"SortLongChain", testSortLongChain},
		{"SortRefusesBadInput", testSortRefusesBadInput},
		{"SortPinnedFirst", testSortPinnedFirst},
		{"SortScoresChangeMidWalk", testSortScoresChangeMidWalk},
	} {
		contract = append(contract, tt)
	}
}

// sorter is the store's Sorter, or the test fails.
func sorter(t *testing.T, s Store) Sorter {
	t.Helper()
	so, ok := s.(Sorter)
	if !ok {
		t.Fatalf("%T does not sort pages", s)
	}
	return so
}

// vote has each of devices vote v on comment id.
func vote(t *testing.T, s Store, id string, v int, devices ...string) {
	t.Helper()
	for _, d := range devices {
		if _, _, err := s.(Reactor).React(context.Background(), comment.Reaction{Comment: id, Device: d, Vote: v}); err != nil {
			t.Fatalf("React(%s, %s, %d) = %v", id, d, v, err)
		}
	}
}

// sortThread is pageThread with votes: t3 scores 2, t1 1, t5 -1, the
// others 0; the reply rl scores 3, which orders no thread.
func sortThread(t *testing.T, s Store) {
	t.Helper()
	pageThread(t, s)
	vote(t, s, "t3", 1, "dA", "dB")
	vote(t, s, "t1", 1, "dA")
	vote(t, s, "t5", -1, "dA")
	vote(t, s, "rl", 1, "dA", "dB", "dC")
}

// sortWant is each order's page of sortThread's whole thread: roots in the
// order's order, each thread's comments in time order under it (th is
// hidden and shows only through its reply rh).
var sortWant = map[string][]string{
	comment.SortOldest: {"t1", "t2a", "t2b", "r1", "r11", "r111", "t3", "rh", "td", "rd", "t4", "rl", "t5"},
	comment.SortNewest: {"t5", "t4", "td", "rd", "rh", "t3", "t2b", "t2a", "t1", "r1", "r11", "r111", "rl"},
	comment.SortBest:   {"t3", "t1", "r1", "r11", "r111", "rl", "t4", "td", "rd", "rh", "t2b", "t2a", "t5"},
}

// walk reads every page of article in order sort, limit roots a page.
func walk(t *testing.T, s Store, article, sort string, limit int) []comment.Page {
	t.Helper()
	var pages []comment.Page
	cursor := ""
	for len(pages) < 1000 {
		p, err := sorter(t, s).PageSorted(context.Background(), article, sort, cursor, limit)
		if err != nil {
			t.Fatalf("PageSorted(%s, %s, %q, %d) after %d pages = %v", article, sort, cursor, limit, len(pages), err)
		}
		pages = append(pages, p)
		if p.Next == "" {
			break
		}
		cursor = p.Next
	}
	return pages
}

func testSortOrders(t *testing.T, fresh newDB) {
	s, _ := openFresh(t, fresh)
	sortThread(t, s)
	for sort, want := range sortWant {
		p, err := sorter(t, s).PageSorted(context.Background(), "harbour", sort, "", 0)
		if got := ids(p.Comments); err != nil || !slices.Equal(got, want) || p.Next != "" {
			t.Errorf("PageSorted(%s) = %v (next %q), %v; want %v", sort, got, p.Next, err, want)
		}
		if p.Total != 13 || p.Published != 12 {
			t.Errorf("PageSorted(%s) counts %d, %d; want 13, 12", sort, p.Total, p.Published)
		}
	}
	if p, err := sorter(t, s).PageSorted(context.Background(), "harbour", "", "", 0); err != nil || !slices.Equal(ids(p.Comments), sortWant[comment.SortOldest]) {
		t.Errorf(`PageSorted("") = %v, %v; want oldest first`, ids(p.Comments), err)
	}
	for _, c := range mustPage(t, s, comment.SortBest).Comments {
		if want := map[string]int{"t3": 2, "t1": 1, "t5": -1, "rl": 3}[c.ID]; c.Score != want {
			t.Errorf("best page: %s scores %d, want %d", c.ID, c.Score, want)
		}
	}
}

func mustPage(t *testing.T, s Store, sort string) comment.Page {
	t.Helper()
	p, err := sorter(t, s).PageSorted(context.Background(), "harbour", sort, "", 0)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// testSortWalkVisitsEachOnce: in every order and page size, the pages
// together hold the whole thread once each, in the order's order (oldest
// first lists each page in time order, so only its top-level comments are
// compared in order).
func testSortWalkVisitsEachOnce(t *testing.T, fresh newDB) {
	s, _ := openFresh(t, fresh)
	sortThread(t, s)
	for sort, want := range sortWant {
		for _, limit := range []int{1, 2, 3, 7, 8} {
			t.Run(fmt.Sprint(sort, limit), func(t *testing.T) {
				pages := walk(t, s, "harbour", sort, limit)
				if n := (8 + limit - 1) / limit; len(pages) != n { // 8 roots, th among them
					t.Errorf("%d pages, want %d", len(pages), n)
				}
				var got []string
				for _, p := range pages {
					got = append(got, ids(p.Comments)...)
				}
				if sort == comment.SortOldest {
					got, want = roots(got), roots(want)
				}
				if !slices.Equal(got, want) {
					t.Errorf("pages hold %v, want %v", got, want)
				}
			})
		}
	}
}

// testSortLongChain: a thread longer than a page spans pages in every
// order, in its own time order, between the threads before and after it,
// and no page holds more than comment.PageComments comments.
// roots keeps sortThread's top-level comments of list, in order, and the
// others sorted after them.
func roots(list []string) []string {
	var top, rest []string
	for _, id := range list {
		if id[0] == 't' {
			top = append(top, id)
		} else {
			rest = append(rest, id)
		}
	}
	slices.Sort(rest)
	return append(top, rest...)
}

func testSortLongChain(t *testing.T, fresh newDB) {
	s, _ := openFresh(t, fresh)
	const chain = 2*comment.PageComments + 7
	thread := []comment.Comment{mk("a", "harbour", "", "first", 0)}
	for i := range chain {
		thread = append(thread, mk(fmt.Sprintf("a%03d", i), "harbour", thread[len(thread)-1].ID, "on and on", i+1))
	}
	for _, c := range thread {
		mustPost(t, s, c)
	}
	mustPost(t, s, mk("b", "harbour", "", "second", chain+1))
	mustPost(t, s, mk("c", "harbour", "", "third", chain+2))
	vote(t, s, "a", 1, "dA")
	vote(t, s, "b", -1, "dA")
	for sort, want := range map[string][]string{
		comment.SortOldest: append(ids(thread), "b", "c"),
		comment.SortNewest: append([]string{"c", "b"}, ids(thread)...),
		comment.SortBest:   append(append(ids(thread), "c"), "b"),
	} {
		var got []string
		for i, p := range walk(t, s, "harbour", sort, 0) {
			if len(p.Comments) > comment.PageComments {
				t.Errorf("%s page %d holds %d comments", sort, i+1, len(p.Comments))
			}
			got = append(got, ids(p.Comments)...)
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s pages hold %d comments (%v...), want the %d in order", sort, len(got), got[:min(4, len(got))], len(want))
		}
	}
}

func testSortRefusesBadInput(t *testing.T, fresh newDB) {
	s, _ := openFresh(t, fresh)
	sortThread(t, s)
	next := map[string]string{}
	for _, sort := range []string{comment.SortOldest, comment.SortNewest, comment.SortBest} {
		p, err := sorter(t, s).PageSorted(context.Background(), "harbour", sort, "", 2)
		if err != nil || p.Next == "" {
			t.Fatalf("PageSorted(%s) = next %q, %v", sort, p.Next, err)
		}
		next[sort] = p.Next
	}
	for _, tt := range []struct{ sort, cursor, reason string }{
		{comment.SortBest, next[comment.SortNewest], "belongs to sort newest, not best"},
		{comment.SortNewest, next[comment.SortBest], "belongs to sort best, not newest"},
		{comment.SortOldest, next[comment.SortNewest], "belongs to sort newest, not oldest"},
		{comment.SortNewest, next[comment.SortOldest], "belongs to sort oldest, not newest"},
		{"sideways", "", "sort must be oldest, newest or best"},
		{"Newest", "", "sort must be"},
		{comment.SortBest, base64.RawURLEncoding.EncodeToString([]byte("best.x.123.t1")), "not one this server gave"},
		{comment.SortBest, base64.RawURLEncoding.EncodeToString([]byte("best")), "not one this server gave"},
		{comment.SortNewest, base64.RawURLEncoding.EncodeToString([]byte("newest.123")), "not one this server gave"},
	} {
		p, err := sorter(t, s).PageSorted(context.Background(), "harbour", tt.sort, tt.cursor, 2)
		if !errors.Is(err, comment.ErrMalformed) || !strings.Contains(err.Error(), tt.reason) {
			t.Errorf("PageSorted(%q, %q) = %v, %v; want %v saying %q", tt.sort, tt.cursor, ids(p.Comments), err, comment.ErrMalformed, tt.reason)
		}
	}
	// Each cursor goes on in its own order.
	for sort, cursor := range next {
		if _, err := sorter(t, s).PageSorted(context.Background(), "harbour", sort, cursor, 2); err != nil {
			t.Errorf("PageSorted(%s, its own cursor) = %v", sort, err)
		}
	}
}

// testSortPinnedFirst: a pinned thread comes first on the first page of
// every order, and again in its place.
func testSortPinnedFirst(t *testing.T, fresh newDB) {
	s, _ := openFresh(t, fresh)
	sortThread(t, s)
	if err := moderator(t, s).Pin(context.Background(), "t2a", true); err != nil {
		t.Fatal(err)
	}
	for _, sort := range []string{comment.SortOldest, comment.SortNewest, comment.SortBest} {
		p, err := sorter(t, s).PageSorted(context.Background(), "harbour", sort, "", 1)
		if err != nil || len(p.Comments) == 0 || p.Comments[0].ID != "t2a" || !p.Comments[0].Pinned {
			t.Errorf("first page of %s = %v, %v; want t2a first, pinned", sort, ids(p.Comments), err)
		}
		var got []string
		for _, p := range walk(t, s, "harbour", sort, 1) {
			got = append(got, ids(p.Comments)...)
		}
		if n := strings.Count(strings.Join(got, " ")+" ", "t2a "); n != 2 {
			t.Errorf("%s pages show t2a %d times, want first and in its place: %v", sort, n, got)
		}
	}
}

// testSortScoresChangeMidWalk: what sort.go promises when votes move
// comments while a reader pages through "best": one whose score falls past
// the cursor comes again (the device shows it once), one that rises past
// it is on the first pages, where the next walk finds it.
func testSortScoresChangeMidWalk(t *testing.T, fresh newDB) {
	s, _ := openFresh(t, fresh)
	sortThread(t, s)
	ctx := context.Background()
	p1, err := sorter(t, s).PageSorted(ctx, "harbour", comment.SortBest, "", 2)
	if got := ids(p1.Comments); err != nil || got[0] != "t3" || got[1] != "t1" {
		t.Fatalf("first best page = %v, %v; want t3, t1 and t1's replies", got, err)
	}
	vote(t, s, "t3", -1, "dA", "dB", "dC") // falls to -3: after the cursor
	vote(t, s, "t2a", 1, "dA", "dB", "dC") // rises to 3: before it
	seen := ids(p1.Comments)
	for cursor := p1.Next; cursor != ""; {
		p, err := sorter(t, s).PageSorted(ctx, "harbour", comment.SortBest, cursor, 2)
		if err != nil {
			t.Fatal(err)
		}
		seen, cursor = append(seen, ids(p.Comments)...), p.Next
	}
	if n := strings.Count(" "+strings.Join(seen, " ")+" ", " t3 "); n != 2 {
		t.Errorf("t3, fallen past the cursor, is on %d pages of the walk, want 2: %v", n, seen)
	}
	var again []string
	for _, p := range walk(t, s, "harbour", comment.SortBest, 2) {
		again = append(again, ids(p.Comments)...)
	}
	want := []string{"t2a", "t1", "r1", "r11", "r111", "rl", "t4", "td", "rd", "rh", "t2b", "t5", "t3"}
	if !slices.Equal(again, want) {
		t.Errorf("a new walk = %v, want %v", again, want)
	}
}

// TestSQLiteSortedRootsUseIndex: every order reads a page's top-level
// comments from an index in its order, whether from the start or a cursor,
// never sorting the article's comments (BenchmarkPageSorted has the
// figures).
func TestSQLiteSortedRootsUseIndex(t *testing.T) {
	st, _ := openFresh(t, newSQLiteDB)
	s := st.(*SQLite)
	for _, sort := range []string{comment.SortOldest, comment.SortNewest, comment.SortBest} {
		for _, after := range []comment.Cursor{{}, {ID: "x", Created: t0, Sort: sort}} {
			order := rootOrder{sort: sort, id: "c.id"}
			args := append(append([]any{"harbour"}, order.keyArgs(after, t0.UnixMicro())...), 21)
			rows, err := s.w.Query(`EXPLAIN QUERY PLAN `+sqliteRoots(order, after), args...)
			if err != nil {
				t.Fatal(err)
			}
			plan, err := collect(rows, func(r resultRows) (string, error) {
				var id, parent, unused int
				var detail string
				err := r.Scan(&id, &parent, &unused, &detail)
				return detail, err
			})
			rows.Close()
			if err != nil {
				t.Fatal(err)
			}
			want := "comments_article_created_id"
			if sort == comment.SortBest {
				want = "comments_article_score"
			}
			text := strings.Join(plan, "; ")
			if !strings.Contains(text, "SCAN c USING INDEX "+want) && !strings.Contains(text, "SEARCH c USING INDEX "+want) || strings.Contains(text, "TEMP B-TREE") {
				t.Errorf("%s from %q: plan %q, want %s and no sorting", sort, after.ID, text, want)
			}
		}
	}
}
