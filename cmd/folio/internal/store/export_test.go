package store

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"folio/app/comment"
)

func init() {
	type test = struct {
		name string
		test func(*testing.T, newDB)
	}
	contract = append(contract,
		test{"EachImportRoundTrip", testEachImportRoundTrip},
		test{"ImportRefusesBadRecords", testImportRefusesBadRecords},
		test{"EachStopsAtError", testEachStopsAtError},
		test{"Recent", testRecent},
	)
}

// each collects what Each hands out.
func each(t *testing.T, s Store) []Record {
	t.Helper()
	var out []Record
	if err := s.Each(context.Background(), func(r Record) error { out = append(out, r); return nil }); err != nil {
		t.Fatalf("Each = %v", err)
	}
	return out
}

// testEachImportRoundTrip: every comment, whatever its status, comes out of
// Each with its hash in (created, id) order, goes into an empty store with
// Import unchanged, and a second Import adds nothing.
func testEachImportRoundTrip(t *testing.T, fresh newDB) {
	src, _ := openFresh(t, fresh)
	ctx := context.Background()
	for _, c := range []comment.Comment{
		mk("b", "harbour", "", "same time as a", 1),
		mk("a", "harbour", "", "first", 1),
		mk("r", "harbour", "a", "a reply with <b>tags</b> and 😀", 2),
		mk("z", "other", "", "earliest, elsewhere", 0),
		mk("h", "harbour", "", "to hide", 3),
		mk("d", "harbour", "", "to delete", 4),
	} {
		mustPost(t, src, c)
	}
	if err := src.SetStatus(ctx, "h", comment.Hidden); err != nil {
		t.Fatal(err)
	}
	if err := src.Delete(ctx, "d"); err != nil {
		t.Fatal(err)
	}
	recs := each(t, src)
	var ids []string
	for _, r := range recs {
		ids = append(ids, r.ID)
		if r.Status != comment.Deleted && r.Hash != comment.ContentHash(r.Comment) {
			t.Errorf("record %s hash = %q, want its content hash", r.ID, r.Hash)
		}
	}
	if want := []string{"z", "a", "b", "r", "h", "d"}; !slices.Equal(ids, want) {
		t.Fatalf("Each ids = %v, want %v", ids, want)
	}
	if got := recs[len(recs)-1]; got.Status != comment.Deleted || got.Body != "" || got.Hash != comment.ContentHash(mk("d", "harbour", "", "to delete", 4)) {
		t.Errorf("deleted record = %+v, want it blanked with its original hash", got)
	}

	dst, _ := openFresh(t, fresh)
	res, err := dst.Import(ctx, recs)
	if err != nil || res.Added != len(recs) || res.Same != 0 || len(res.Conflicts) != 0 {
		t.Fatalf("Import(%d records) = %+v, %v, want all added", len(recs), res, err)
	}
	if back := each(t, dst); !reflect.DeepEqual(back, recs) {
		t.Errorf("Each after Import =\n%+v\nwant\n%+v", back, recs)
	}
	res, err = dst.Import(ctx, recs)
	if err != nil || res.Added != 0 || res.Same != len(recs) {
		t.Errorf("Import again = %+v, %v, want nothing added, %d the same", res, err, len(recs))
	}
	if n := len(each(t, dst)); n != len(recs) {
		t.Errorf("after importing twice the store holds %d comments, want %d", n, len(recs))
	}
	// A replayed post of an imported comment is a replay, not a conflict:
	// the hash came along.
	if _, created, err := dst.Post(ctx, mk("a", "harbour", "", "first", 1)); err != nil || created {
		t.Errorf("Post(a) after Import = %v, %v, want a replay", created, err)
	}
	// The same id with other content is reported, and the stored one kept.
	other := recs[1]
	other.Body, other.Hash = "changed", comment.ContentHash(mk("a", "harbour", "", "changed", 1))
	res, err = dst.Import(ctx, []Record{other})
	if err != nil || res.Added != 0 || !slices.Equal(res.Conflicts, []string{"a"}) {
		t.Errorf("Import(a with other content) = %+v, %v, want a conflict on a", res, err)
	}
	if got, _ := dst.Get(ctx, "a"); got.Body != "first" {
		t.Errorf("Get(a) after a conflicting import = %q, want the stored body kept", got.Body)
	}
}

// testImportRefusesBadRecords: a batch with one bad record stores nothing.
func testImportRefusesBadRecords(t *testing.T, fresh newDB) {
	s, _ := openFresh(t, fresh)
	ctx := context.Background()
	good := func(id string) Record {
		c := mk(id, "harbour", "", "fine", 0)
		return Record{Comment: c, Hash: comment.ContentHash(c)}
	}
	tests := []struct {
		name string
		edit func(*Record)
	}{
		{"client status", func(r *Record) { r.Status = comment.Sending }},
		{"bad hash", func(r *Record) { r.Hash = "xyz" }},
		{"no hash", func(r *Record) { r.Hash = "" }},
		{"no time", func(r *Record) { r.Created = r.Created.AddDate(-3000, 0, 0) }},
		{"control character", func(r *Record) { r.Body = "a\x00b" }},
		{"too long", func(r *Record) { r.Body = strings.Repeat("x", comment.MaxBodyLen+1) }},
		{"deleted with a body", func(r *Record) { r.Status = comment.Deleted }},
		{"bad id", func(r *Record) { r.ID = "a b" }},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			bad := good(fmt.Sprint("bad", i))
			tt.edit(&bad)
			_, err := s.Import(ctx, []Record{good(fmt.Sprint("ok", i)), bad})
			if !errors.Is(err, comment.ErrInvalid) && !errors.Is(err, comment.ErrMalformed) && !errors.Is(err, comment.ErrTooLong) {
				t.Errorf("Import(%s) = %v, want a validation error", tt.name, err)
			}
		})
	}
	if n := len(each(t, s)); n != 0 {
		t.Errorf("store holds %d comments after refused imports, want 0", n)
	}
	// A deleted comment comes in blank, as Delete leaves it.
	d := good("gone")
	d.Status, d.Author, d.Body, d.HTML = comment.Deleted, "", "", ""
	if res, err := s.Import(ctx, []Record{d}); err != nil || res.Added != 1 {
		t.Errorf("Import(blank deleted) = %+v, %v, want it added", res, err)
	}
}

func testEachStopsAtError(t *testing.T, fresh newDB) {
	s, _ := openFresh(t, fresh)
	for i := range 3 {
		mustPost(t, s, mk(fmt.Sprint("c", i), "harbour", "", "x", i))
	}
	stop := errors.New("stop")
	n := 0
	err := s.Each(context.Background(), func(Record) error { n++; return stop })
	if !errors.Is(err, stop) || n != 1 {
		t.Errorf("Each with a failing fn = %v after %d calls, want %v after 1", err, n, stop)
	}
}

// testRecent: the newest published comments of one article, newest first.
func testRecent(t *testing.T, fresh newDB) {
	s, _ := openFresh(t, fresh)
	ctx := context.Background()
	for _, c := range []comment.Comment{
		mk("a", "harbour", "", "first", 0),
		mk("b", "harbour", "a", "second", 1),
		mk("c2", "harbour", "", "third, same time as c1", 2),
		mk("c1", "harbour", "", "third", 2),
		mk("h", "harbour", "", "hidden", 3),
		mk("d", "harbour", "", "deleted", 4),
		mk("x", "other", "", "elsewhere", 5),
	} {
		mustPost(t, s, c)
	}
	if err := s.SetStatus(ctx, "h", comment.Hidden); err != nil {
		t.Fatal(err)
	}
	if err := s.Delete(ctx, "d"); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		article string
		n       int
		want    []string
	}{
		{"harbour", 10, []string{"c2", "c1", "b", "a"}},
		{"harbour", 2, []string{"c2", "c1"}},
		{"other", 10, []string{"x"}},
		{"none", 10, nil},
	}
	for _, tt := range tests {
		got, err := s.Recent(ctx, tt.article, tt.n)
		var ids []string
		for _, c := range got {
			ids = append(ids, c.ID)
		}
		if err != nil || !slices.Equal(ids, tt.want) {
			t.Errorf("Recent(%q, %d) = %v, %v, want %v", tt.article, tt.n, ids, err, tt.want)
		}
	}
}
