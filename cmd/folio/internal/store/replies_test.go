package store

import (
	"context"
	"encoding/hex"
	"errors"
	"slices"
	"strings"
	"testing"

	"folio/app/comment"
)

// readerOf is the hash of a fresh reader key, as the API stores it.
func readerOf(t *testing.T) []byte {
	t.Helper()
	h, err := comment.ReaderHash(comment.NewReaderKey())
	if err != nil {
		t.Fatalf("ReaderHash(NewReaderKey()) = %v", err)
	}
	return h
}

// postFrom posts c and links it to reader (nil: posted without a key).
func postFrom(t *testing.T, s Store, reader []byte, c comment.Comment) {
	t.Helper()
	mustPost(t, s, c)
	if reader == nil {
		return
	}
	if err := s.(Replier).LinkReader(context.Background(), c.ID, reader); err != nil {
		t.Fatalf("LinkReader(%s) = %v", c.ID, err)
	}
}

func replyIDs(p comment.Replies) []string {
	ids := []string{}
	for _, c := range p.Replies {
		ids = append(ids, c.ID)
	}
	return ids
}

// testReplies: a device's feed holds the published replies to its own
// comments, newest first, in pages, and nothing else.
func testReplies(t *testing.T, fresh newDB) {
	s, _ := openFresh(t, fresh)
	r := s.(Replier)
	ctx := context.Background()
	me, other := readerOf(t), readerOf(t)

	postFrom(t, s, me, mk("mine1", "harbour", "", "my first", 0))
	postFrom(t, s, me, mk("mine2", "tides", "", "my second", 1))
	postFrom(t, s, other, mk("theirs", "harbour", "", "theirs", 2))
	postFrom(t, s, other, mk("r1", "harbour", "mine1", "reply one", 3))
	postFrom(t, s, nil, mk("r2", "tides", "mine2", "reply two, no key", 4))
	postFrom(t, s, me, mk("mineToTheirs", "harbour", "theirs", "me answering", 5))
	postFrom(t, s, me, mk("self", "harbour", "mine1", "me answering myself", 6))
	postFrom(t, s, other, mk("hidden", "harbour", "mine1", "hidden reply", 7))
	postFrom(t, s, other, mk("deleted", "harbour", "mine1", "deleted reply", 8))
	postFrom(t, s, nil, mk("deep", "harbour", "r1", "a reply to the reply", 9))
	// Two replies at the same microsecond: the larger id comes first.
	postFrom(t, s, other, mk("tieA", "tides", "mine2", "tie a", 10))
	postFrom(t, s, other, mk("tieB", "tides", "mine2", "tie b", 10))
	if err := s.SetStatus(ctx, "hidden", comment.Hidden); err != nil {
		t.Fatal(err)
	}
	if err := s.Delete(ctx, "deleted"); err != nil {
		t.Fatal(err)
	}
	// Linking again, even to another device, keeps the first link.
	if err := r.LinkReader(ctx, "mine1", other); err != nil {
		t.Errorf("LinkReader(mine1) again = %v, want nil", err)
	}

	page, err := r.RepliesTo(ctx, me, "", 0)
	want := []string{"tieB", "tieA", "r2", "r1"}
	if err != nil || !slices.Equal(replyIDs(page), want) || page.Next != "" {
		t.Fatalf("RepliesTo(me) = %v next %q, %v; want %v", replyIDs(page), page.Next, err, want)
	}
	if got := page.Replies[3]; got.Body != "reply one" || got.Author != "Ann" || got.Article != "harbour" || got.Parent != "mine1" || got.HTML == "" {
		t.Errorf("RepliesTo(me)[3] = %+v, want r1 whole", got)
	}
	page, err = r.RepliesTo(ctx, other, "", 0)
	if want := []string{"deep", "mineToTheirs"}; err != nil || !slices.Equal(replyIDs(page), want) {
		t.Errorf("RepliesTo(other) = %v, %v; want %v", replyIDs(page), err, want)
	}

	// Pages of one, followed to the end, give the same list.
	var got []string
	cursor := ""
	for range 10 {
		page, err := r.RepliesTo(ctx, me, cursor, 1)
		if err != nil {
			t.Fatalf("RepliesTo(me, %q, 1) = %v", cursor, err)
		}
		got = append(got, replyIDs(page)...)
		if cursor = page.Next; cursor == "" {
			break
		}
	}
	if !slices.Equal(got, want) {
		t.Errorf("RepliesTo(me) one by one = %v, want %v", got, want)
	}

	errs := []struct {
		name   string
		reader []byte
		cursor string
		limit  int
		want   error
	}{
		{"unknown reader", readerOf(t), "", 0, comment.ErrNotFound},
		{"short hash", me[:31], "", 0, comment.ErrMalformed},
		{"bad cursor", me, "!!", 0, comment.ErrMalformed},
		{"thread cursor", me, comment.Cursor{Created: t0, ID: "a", ReplyCreated: t0, ReplyID: "b"}.String(), 0, comment.ErrMalformed},
		{"limit", me, "", comment.MaxPageSize + 1, comment.ErrMalformed},
	}
	for _, tt := range errs {
		if _, err := r.RepliesTo(ctx, tt.reader, tt.cursor, tt.limit); !errors.Is(err, tt.want) {
			t.Errorf("RepliesTo(%s) = %v, want %v", tt.name, err, tt.want)
		}
	}
	if err := r.LinkReader(ctx, "nope", me); !errors.Is(err, comment.ErrNotFound) {
		t.Errorf("LinkReader(nope) = %v, want %v", err, comment.ErrNotFound)
	}
	if err := r.LinkReader(ctx, "r2", me[:3]); !errors.Is(err, comment.ErrMalformed) {
		t.Errorf("LinkReader(short hash) = %v, want %v", err, comment.ErrMalformed)
	}
}

// testRepliesMove: export and import carry each comment's link to its
// device, so a device's replies survive a move between stores; a record
// whose id holds another comment links nothing, and a bad reader is refused.
func testRepliesMove(t *testing.T, fresh newDB) {
	src, _ := openFresh(t, fresh)
	dst, _ := openFresh(t, fresh)
	ctx := context.Background()
	me := readerOf(t)
	postFrom(t, src, me, mk("mine", "harbour", "", "my point", 0))
	postFrom(t, src, nil, mk("r1", "harbour", "mine", "a reply", 1))
	var recs []Record
	if err := src.Each(ctx, func(r Record) error { recs = append(recs, r); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(recs) != 2 || recs[0].Reader != hex.EncodeToString(me) || recs[1].Reader != "" {
		t.Fatalf("Each = %+v, want mine with its reader's hash, r1 with none", recs)
	}
	// dst holds another "mine" already: importing links nothing to it.
	other := readerOf(t)
	clash := recs[0]
	clash.Reader = hex.EncodeToString(other)
	clash.Hash = strings.Repeat("ab", 32)
	if res, err := dst.Import(ctx, []Record{clash}); err != nil || res.Added != 1 {
		t.Fatalf("Import(clash) = %+v, %v", res, err)
	}
	if res, err := dst.Import(ctx, recs); err != nil || res.Added != 1 || len(res.Conflicts) != 1 {
		t.Fatalf("Import(recs) = %+v, %v, want 1 added, 1 conflict", res, err)
	}
	if page, err := dst.(Replier).RepliesTo(ctx, other, "", 0); err != nil || !slices.Equal(replyIDs(page), []string{"r1"}) {
		t.Errorf("RepliesTo(clash's reader) = %v, %v; want [r1]", replyIDs(page), err)
	}
	if _, err := dst.(Replier).RepliesTo(ctx, me, "", 0); !errors.Is(err, comment.ErrNotFound) {
		t.Errorf("RepliesTo(me) after a conflicting import = %v, want %v", err, comment.ErrNotFound)
	}

	clean, _ := openFresh(t, fresh)
	if res, err := clean.Import(ctx, recs); err != nil || res.Added != 2 {
		t.Fatalf("Import(recs) = %+v, %v", res, err)
	}
	if page, err := clean.(Replier).RepliesTo(ctx, me, "", 0); err != nil || !slices.Equal(replyIDs(page), []string{"r1"}) {
		t.Errorf("RepliesTo(me) after the move = %v, %v; want [r1]", replyIDs(page), err)
	}
	bad := recs[1]
	bad.ID, bad.Reader = "bad", "zz"
	if _, err := clean.Import(ctx, []Record{bad}); !errors.Is(err, comment.ErrInvalid) {
		t.Errorf("Import(reader zz) = %v, want %v", err, comment.ErrInvalid)
	}
}
