package store

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"folio/app/comment"
)

// The moderation desk's contract: both stores pass the same tests.
var deskContract = []struct {
	name string
	test func(*testing.T, newDB)
}{
	{"PendingNotListed", testPendingNotListed},
	{"Latest", testLatest},
	{"Pin", testPin},
	{"Block", testBlock},
}

func testDesk(t *testing.T, fresh newDB) {
	for _, tt := range deskContract {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tt.test(t, fresh)
		})
	}
}

func TestSQLiteDesk(t *testing.T)   { testDesk(t, newSQLiteDB) }
func TestPostgresDesk(t *testing.T) { testDesk(t, newPostgresDB) }

func moderator(t *testing.T, s Store) Moderator {
	t.Helper()
	m, ok := s.(Moderator)
	if !ok {
		t.Fatalf("%T does not implement Moderator", s)
	}
	return m
}

func deskIDs(list []comment.Comment) []string {
	out := []string{}
	for _, c := range list {
		out = append(out, c.ID)
	}
	return out
}

// testPendingNotListed: a comment waiting for approval is stored, but
// neither listed nor counted until it is published.
func testPendingNotListed(t *testing.T, fresh newDB) {
	s, _ := openFresh(t, fresh)
	ctx := context.Background()
	mustPost(t, s, mk("a", "harbour", "", "published", 0))
	wait := mk("w", "harbour", "", "waiting", 1)
	wait.Status = comment.Pending
	if got := mustPost(t, s, wait); got.Status != comment.Pending {
		t.Fatalf("Post(pending) stored %q, want pending", got.Status)
	}
	if got, created, err := s.Post(ctx, wait); err != nil || created || got.Status != comment.Pending {
		t.Errorf("Post(pending) replay = %q, %v, %v, want the pending comment, not created", got.Status, created, err)
	}
	check := func(when string, want []string) {
		t.Helper()
		page, err := s.Page(ctx, "harbour", "", 0)
		if err != nil || !slices.Equal(deskIDs(page.Comments), want) || page.Published != len(want) || page.Total != len(want) {
			t.Errorf("%s: Page = %v (%d published, %d total), %v, want %v", when, deskIDs(page.Comments), page.Published, page.Total, err, want)
		}
		list, err := s.List(ctx, "harbour")
		if err != nil || !slices.Equal(deskIDs(list), want) {
			t.Errorf("%s: List = %v, %v, want %v", when, deskIDs(list), err, want)
		}
		counts, err := s.Counts(ctx, []string{"harbour"})
		if err != nil || counts["harbour"] != len(want) {
			t.Errorf("%s: Counts = %v, %v, want %d", when, counts, err, len(want))
		}
	}
	check("pending", []string{"a"})
	if err := s.SetStatus(ctx, "w", comment.Published); err != nil {
		t.Fatalf("SetStatus(w, published) = %v", err)
	}
	check("approved", []string{"a", "w"})
}

// testLatest: the desk pages through every article's comments, newest
// first, or through one status.
func testLatest(t *testing.T, fresh newDB) {
	s, _ := openFresh(t, fresh)
	m := moderator(t, s)
	ctx := context.Background()
	for i, c := range []struct {
		id, article string
		status      comment.Status
	}{
		{"c1", "harbour", comment.Published}, {"c2", "tides", comment.Pending}, {"c3", "harbour", comment.Hidden},
		{"c4", "tides", comment.Published}, {"c5", "soup", comment.Pending},
	} {
		cm := mk(c.id, c.article, "", "body "+c.id, i)
		cm.Status = c.status
		mustPost(t, s, cm)
	}
	var got []string
	cursor := ""
	for range 5 {
		page, err := m.Latest(ctx, "", cursor, 2)
		if err != nil {
			t.Fatalf("Latest(%q) = %v", cursor, err)
		}
		if page.Total != 5 {
			t.Errorf("Latest total = %d, want 5", page.Total)
		}
		got = append(got, deskIDs(page.Comments)...)
		if cursor = page.Next; cursor == "" {
			break
		}
	}
	if want := []string{"c5", "c4", "c3", "c2", "c1"}; !slices.Equal(got, want) {
		t.Errorf("Latest pages = %v, want %v", got, want)
	}
	page, err := m.Latest(ctx, comment.Pending, "", 10)
	if err != nil || !slices.Equal(deskIDs(page.Comments), []string{"c5", "c2"}) || page.Total != 2 || page.Next != "" {
		t.Errorf("Latest(pending) = %v (total %d, next %q), %v, want [c5 c2]", deskIDs(page.Comments), page.Total, page.Next, err)
	}
	for _, bad := range []struct {
		status comment.Status
		cursor string
		limit  int
	}{{"", "", 0}, {"", "", comment.MaxPageSize + 1}, {"", "!!", 5}, {comment.Sending, "", 5}} {
		if _, err := m.Latest(ctx, bad.status, bad.cursor, bad.limit); !errors.Is(err, comment.ErrMalformed) {
			t.Errorf("Latest(%q, %q, %d) = %v, want %v", bad.status, bad.cursor, bad.limit, err, comment.ErrMalformed)
		}
	}
}

// testPin: a pinned comment says so in its thread and on the desk, until
// it is unpinned.
func testPin(t *testing.T, fresh newDB) {
	s, _ := openFresh(t, fresh)
	m := moderator(t, s)
	ctx := context.Background()
	mustPost(t, s, mk("a", "harbour", "", "first", 0))
	mustPost(t, s, mk("b", "harbour", "", "second", 1))
	mustPost(t, s, mk("d", "harbour", "", "gone", 2))
	pinned := func() []string {
		page, err := s.Page(ctx, "harbour", "", 0)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, c := range page.Comments {
			if c.Pinned {
				out = append(out, c.ID)
			}
		}
		return out
	}
	for _, id := range []string{"b", "a", "b"} { // pinning twice is harmless
		if err := m.Pin(ctx, id, true); err != nil {
			t.Fatalf("Pin(%s) = %v", id, err)
		}
	}
	if got := pinned(); !slices.Equal(got, []string{"a", "b"}) {
		t.Errorf("pinned after Pin(b), Pin(a) = %v, want [a b]", got)
	}
	latest, err := m.Latest(ctx, "", "", 10)
	if err != nil || len(latest.Comments) != 3 || latest.Comments[0].Pinned || !latest.Comments[1].Pinned {
		t.Errorf("Latest = %+v, %v, want b pinned and d not", latest.Comments, err)
	}
	if err := m.Pin(ctx, "a", false); err != nil {
		t.Fatalf("Pin(a, false) = %v", err)
	}
	if got := pinned(); !slices.Equal(got, []string{"b"}) {
		t.Errorf("pinned after unpinning a = %v, want [b]", got)
	}
	// Pinned threads past the first page (b, pinned above, and late) come
	// first on it too, with their replies, and again on their own pages.
	mustPost(t, s, mk("late", "harbour", "", "late", 10))
	mustPost(t, s, mk("late-r", "harbour", "late", "reply", 11))
	if err := m.Pin(ctx, "late", true); err != nil {
		t.Fatal(err)
	}
	first, err := s.Page(ctx, "harbour", "", 1)
	if got := deskIDs(first.Comments); err != nil || !slices.Equal(got, []string{"b", "late", "late-r", "a"}) || !first.Comments[1].Pinned {
		t.Errorf("first page of 1 with b and late pinned = %v, %v, want [b late late-r a], late pinned", got, err)
	}
	if first.Total != 5 || first.Published != 5 {
		t.Errorf("first page counts = %d, %d, want the thread's 5, 5", first.Total, first.Published)
	}
	second, err := s.Page(ctx, "harbour", first.Next, 1)
	if got := deskIDs(second.Comments); err != nil || !slices.Equal(got, []string{"b"}) {
		t.Errorf("second page = %v, %v, want [b]", got, err)
	}
	if err := m.Pin(ctx, "late", false); err != nil {
		t.Fatal(err)
	}
	if err := m.Pin(ctx, "nope", true); !errors.Is(err, comment.ErrNotFound) {
		t.Errorf("Pin(nope) = %v, want %v", err, comment.ErrNotFound)
	}
	if err := s.Delete(ctx, "d"); err != nil {
		t.Fatal(err)
	}
	if err := m.Pin(ctx, "d", true); !errors.Is(err, comment.ErrConflict) {
		t.Errorf("Pin(deleted) = %v, want %v", err, comment.ErrConflict)
	}
	if err := s.Delete(ctx, "b"); err != nil {
		t.Fatal(err)
	}
	if got := pinned(); len(got) != 0 {
		t.Errorf("pinned after deleting b = %v, want none: a removed comment is not shown pinned", got)
	}
}

// testBlock: blocked names are matched whatever their case and spacing,
// listed as given, and unblocked.
func testBlock(t *testing.T, fresh newDB) {
	s, _ := openFresh(t, fresh)
	m := moderator(t, s)
	ctx := context.Background()
	for _, n := range []string{"Spam  Bot", " Zed ", "spam bot"} {
		if err := m.Block(ctx, n); err != nil {
			t.Fatalf("Block(%q) = %v", n, err)
		}
	}
	if got, err := m.Blocked(ctx); err != nil || !slices.Equal(got, []string{"spam bot", "Zed"}) {
		t.Errorf("Blocked = %q, %v, want [spam bot Zed]", got, err)
	}
	for name, want := range map[string]bool{"SPAM BOT": true, "spam\tbot": true, "spambot": false, "zed": true, "Ann": false} {
		if got, err := m.IsBlocked(ctx, name); err != nil || got != want {
			t.Errorf("IsBlocked(%q) = %v, %v, want %v", name, got, err, want)
		}
	}
	if err := m.Unblock(ctx, "Spam Bot"); err != nil {
		t.Fatal(err)
	}
	if got, _ := m.IsBlocked(ctx, "spam bot"); got {
		t.Errorf("IsBlocked(spam bot) after Unblock = true")
	}
	for _, bad := range []string{"", "   ", strings.Repeat("x", comment.MaxAuthorLen+1)} {
		if err := m.Block(ctx, bad); !errors.Is(err, comment.ErrInvalid) {
			t.Errorf("Block(%q) = %v, want %v", bad, err, comment.ErrInvalid)
		}
	}
}
