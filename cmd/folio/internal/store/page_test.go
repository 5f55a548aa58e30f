package store

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"folio/app/comment"
)

func init() {
	contract = append(contract,
		struct {
			name string
			test func(*testing.T, newDB)
		}{"PagesCoverThreadOnce", testPagesCoverThreadOnce},
		struct {
			name string
			test func(*testing.T, newDB)
		}{"PagesStableUnderNewPosts", testPagesStableUnderNewPosts},
		struct {
			name string
			test func(*testing.T, newDB)
		}{"PageRefusesBadInput", testPageRefusesBadInput},
		struct {
			name string
			test func(*testing.T, newDB)
		}{"PageBoundedByComments", testPageBoundedByComments},
		struct {
			name string
			test func(*testing.T, newDB)
		}{"PageEndsParentLoops", testPageEndsParentLoops},
	)
}

// pageThread posts a thread with every kind of comment a page must place:
// ties on time, replies three deep, a reply posted long after its root, a
// hidden root with a visible reply, a hidden reply, a deleted root, an
// orphan, and another article's comments.
func pageThread(t *testing.T, s Store) {
	t.Helper()
	ctx := context.Background()
	for _, c := range []comment.Comment{
		mk("t1", "harbour", "", "one", 0),
		mk("t2b", "harbour", "", "two, tie", 1),
		mk("t2a", "harbour", "", "two, tie", 1),
		mk("r1", "harbour", "t1", "reply to one", 2),
		mk("r11", "harbour", "r1", "deeper", 3),
		mk("r111", "harbour", "r11", "deepest", 4),
		mk("t3", "harbour", "", "three", 5),
		mk("th", "harbour", "", "to hide", 6),
		mk("rh", "harbour", "th", "reply to hidden", 7),
		mk("td", "harbour", "", "to delete", 8),
		mk("rd", "harbour", "td", "reply to deleted", 9),
		mk("t4", "harbour", "", "four", 10),
		mk("x1", "other", "", "elsewhere", 3),
		mk("xr", "other", "t1", "a reply across articles", 4), // an orphan in other
		mk("rl", "harbour", "t1", "late reply to one", 40),
		mk("r3h", "harbour", "t3", "hidden reply", 41),
		mk("t5", "harbour", "", "five", 42),
	} {
		mustPost(t, s, c)
	}
	if err := s.SetStatus(ctx, "th", comment.Hidden); err != nil {
		t.Fatal(err)
	}
	if err := s.SetStatus(ctx, "r3h", comment.Hidden); err != nil {
		t.Fatal(err)
	}
	if err := s.Delete(ctx, "td"); err != nil {
		t.Fatal(err)
	}
}

// readPages pages through article limit top-level comments at a time and
// returns the pages.
func readPages(t *testing.T, s Store, article string, limit int) []comment.Page {
	t.Helper()
	var pages []comment.Page
	cursor := ""
	for {
		p, err := s.Page(context.Background(), article, cursor, limit)
		if err != nil {
			t.Fatalf("Page(%q, %q, %d) = %v", article, cursor, limit, err)
		}
		if p.Comments == nil {
			t.Fatalf("Page(%q, %q, %d).Comments = nil, want a list", article, cursor, limit)
		}
		pages = append(pages, p)
		if p.Next == "" || len(pages) > 100 {
			return pages
		}
		cursor = p.Next
	}
}

func ids(cs []comment.Comment) []string {
	out := []string{}
	for _, c := range cs {
		out = append(out, c.ID)
	}
	return out
}

func testPagesCoverThreadOnce(t *testing.T, fresh newDB) {
	s, _ := openFresh(t, fresh)
	pageThread(t, s)
	all, err := s.List(context.Background(), "harbour")
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		article string
		limit   int
		pages   int
	}{
		// 8 roots: t1, t2a, t2b, t3, th (hidden), td (deleted), t4, t5.
		{"harbour", 1, 8}, {"harbour", 2, 4}, {"harbour", 8, 1}, {"harbour", 7, 2}, {"harbour", 0, 1},
		{"other", 1, 2}, {"none", 3, 1},
	} {
		t.Run(fmt.Sprint(tt.article, tt.limit), func(t *testing.T) {
			want, _ := s.List(context.Background(), tt.article)
			pages := readPages(t, s, tt.article, tt.limit)
			if len(pages) != tt.pages {
				t.Errorf("Page(%q, limit %d) gave %d pages, want %d", tt.article, tt.limit, len(pages), tt.pages)
			}
			var got []string
			for i, p := range pages {
				got = append(got, ids(p.Comments)...)
				if p.Total != len(want) {
					t.Errorf("page %d Total = %d, want %d", i, p.Total, len(want))
				}
				// Every reply is on its root's page: its parent is on the
				// same page or is not listed at all.
				onPage := map[string]bool{}
				for _, c := range p.Comments {
					onPage[c.ID] = true
				}
				for _, c := range p.Comments {
					if c.Parent != "" && !onPage[c.Parent] && slices.Contains(ids(want), c.Parent) {
						t.Errorf("page %d holds %s without its parent %s", i, c.ID, c.Parent)
					}
				}
			}
			slices.Sort(got)
			wantIDs := ids(want)
			slices.Sort(wantIDs)
			if !slices.Equal(got, wantIDs) {
				t.Errorf("pages of %q by %d hold %v, want each of List's %v once", tt.article, tt.limit, got, wantIDs)
			}
		})
	}
	first, _ := s.Page(context.Background(), "harbour", "", 3)
	if got, want := ids(first.Comments), []string{"t1", "t2a", "t2b", "r1", "r11", "r111", "rl"}; !slices.Equal(got, want) {
		t.Errorf("first page by 3 = %v, want %v (roots in (created, id) order, replies with their root)", got, want)
	}
	if first.Total != len(all) || first.Published != len(all)-1 {
		t.Errorf("first page Total, Published = %d, %d, want %d, %d", first.Total, first.Published, len(all), len(all)-1)
	}
}

func testPagesStableUnderNewPosts(t *testing.T, fresh newDB) {
	s, _ := openFresh(t, fresh)
	ctx := context.Background()
	pageThread(t, s)
	before := readPages(t, s, "harbour", 2)
	p1, err := s.Page(ctx, "harbour", "", 2)
	if err != nil {
		t.Fatal(err)
	}
	// While a reader holds page 1, others post: new top-level comments and
	// replies to comments on every page.
	mustPost(t, s, mk("n1", "harbour", "", "new", 50))
	mustPost(t, s, mk("n2", "harbour", "t3", "new reply on page 2", 51))
	mustPost(t, s, mk("n3", "harbour", "t1", "new reply on page 1", 52))
	mustPost(t, s, mk("n4", "harbour", "", "newer", 53))
	rest := readPages(t, s, "harbour", 2)[1:]
	if len(rest) != len(before) { // 8 roots + 2 new: 5 pages of 2, less the first read
		t.Fatalf("after new posts, %d pages follow page 1, want %d", len(rest), len(before))
	}
	if p1.Next != before[0].Next {
		t.Errorf("page 1 Next = %q, then %q for the same page", before[0].Next, p1.Next)
	}
	cursor := p1.Next
	var seen []string
	for i := 1; cursor != ""; i++ {
		p, err := s.Page(ctx, "harbour", cursor, 2)
		if err != nil {
			t.Fatal(err)
		}
		if i < len(before) {
			// The page holds what it held, plus replies posted to it since.
			old := ids(before[i].Comments)
			for _, id := range old {
				if !slices.Contains(ids(p.Comments), id) {
					t.Errorf("page %d lost %s after new posts: %v, was %v", i+1, id, ids(p.Comments), old)
				}
			}
		}
		seen = append(seen, ids(p.Comments)...)
		cursor = p.Next
	}
	for _, id := range ids(p1.Comments) {
		if slices.Contains(seen, id) {
			t.Errorf("%s of page 1 shows again on a later page", id)
		}
	}
	for _, id := range []string{"n1", "n2", "n4"} {
		if !slices.Contains(seen, id) {
			t.Errorf("new comment %s is on no page after page 1: %v", id, seen)
		}
	}
}

func testPageRefusesBadInput(t *testing.T, fresh newDB) {
	s, _ := openFresh(t, fresh)
	ctx := context.Background()
	pageThread(t, s)
	for _, tt := range []struct {
		cursor string
		limit  int
	}{
		{"not base64!", 2}, {"bm90IGEgY3Vyc29y", 2}, {"MTIzNA", 2}, {"eC55", 2},
		{comment.Cursor{ID: "t1"}.String() + "AAAA" + string(make([]byte, 200)), 2},
		{"", -1}, {"", comment.MaxPageSize + 1},
	} {
		if p, err := s.Page(ctx, "harbour", tt.cursor, tt.limit); !errors.Is(err, comment.ErrMalformed) {
			t.Errorf("Page(harbour, %q, %d) = %v, %v, want %v", tt.cursor, tt.limit, ids(p.Comments), err, comment.ErrMalformed)
		}
	}
}

// testPageBoundedByComments: a page stops before a thread that would take
// it over comment.PageComments comments, and a thread bigger than that
// fills a page and goes on on the next (testPageBoundedInLongChain).
func testPageBoundedByComments(t *testing.T, fresh newDB) {
	s, _ := openFresh(t, fresh)
	big := comment.PageComments + 10
	minute := 0
	thread := func(root string, replies int) {
		mustPost(t, s, mk(root, "harbour", "", "root", minute))
		minute++
		for i := range replies {
			mustPost(t, s, mk(fmt.Sprintf("%s-%d", root, i), "harbour", root, "reply", minute))
			minute++
		}
	}
	half := comment.PageComments/2 + 1
	thread("a", half-1) // a and b: each just over half a page
	thread("b", half-1)
	thread("c", 0)
	thread("giant", big-1)
	thread("d", 0)
	var got []string
	for _, p := range readPages(t, s, "harbour", comment.PageSize) {
		var roots []string
		for _, c := range p.Comments {
			if c.Parent == "" {
				roots = append(roots, c.ID)
			}
		}
		got = append(got, fmt.Sprintf("%v:%d", roots, len(p.Comments)))
	}
	want := []string{
		fmt.Sprintf("[a]:%d", half), fmt.Sprintf("[b c]:%d", half+1),
		fmt.Sprintf("[giant]:%d", comment.PageComments), fmt.Sprintf("[d]:%d", big-comment.PageComments+1),
	}
	if !slices.Equal(got, want) {
		t.Errorf("pages (roots:comments) = %v, want %v", got, want)
	}
}

// testPageEndsParentLoops: two comments of different articles, each the
// other's parent (only an import could store that), page as one comment
// each, and the query ends.
func testPageEndsParentLoops(t *testing.T, fresh newDB) {
	s, _ := openFresh(t, fresh)
	mustPost(t, s, mk("y", "b", "x", "in b", 0))
	mustPost(t, s, mk("x", "a", "y", "in a", 1))
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for article, want := range map[string]string{"a": "x", "b": "y"} {
		p, err := s.Page(ctx, article, "", 0)
		if err != nil || !slices.Equal(ids(p.Comments), []string{want}) {
			t.Errorf("Page(%q) = %v, %v, want [%s]", article, ids(p.Comments), err, want)
		}
	}
}
