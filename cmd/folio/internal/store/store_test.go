package store

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"folio/app/comment"

	"github.com/jackc/pgx/v5"
)

var t0 = time.Date(2026, 2, 1, 12, 0, 0, 123456789, time.UTC)

// newDB makes a fresh, empty database for one test and returns the DSN that
// opens it with Open.
type newDB func(t testing.TB) string

// The contract: every Store passes the same tests.
var contract = []struct {
	name string
	test func(*testing.T, newDB)
}{
	{"PostRoundTrip", testPostRoundTrip},
	{"PostIdempotent", testPostIdempotent},
	{"ListOrderAndStatus", testListOrderAndStatus},
	{"Moderation", testModeration},
	{"Counts", testCounts},
	{"ReopenKeepsData", testReopenKeepsData},
	{"HostileStringsByteExact", testHostileStringsByteExact},
	{"ConcurrentPosters", testConcurrentPosters},
	{"ConcurrentOpen", testConcurrentOpen},
	{"KillNineKeepsAcknowledgedPosts", testKillNine},
	{"Replies", testReplies},
	{"RepliesMove", testRepliesMove},
}

// testStore runs the contract against the store that fresh's DSNs open.
func testStore(t *testing.T, fresh newDB) {
	for _, tt := range contract {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tt.test(t, fresh)
		})
	}
}

func TestSQLite(t *testing.T) { testStore(t, newSQLiteDB) }

// TestPostgres runs the contract against the PostgreSQL server that
// FOLIO_TEST_POSTGRES names (.ci/postgres.sh starts one). Without it the
// test skips, unless FOLIO_PG=require, when it fails.
func TestPostgres(t *testing.T) { testStore(t, newPostgresDB) }

// newSQLiteDB is a file in the test's temporary directory.
func newSQLiteDB(t testing.TB) string {
	return filepath.Join(t.TempDir(), "folio.db")
}

// newPostgresDB creates a database with a unique name on the test server
// and drops it after the test, so tests run in parallel and reruns start
// clean.
func newPostgresDB(t testing.TB) string {
	t.Helper()
	admin := os.Getenv("FOLIO_TEST_POSTGRES")
	if admin == "" {
		if os.Getenv("FOLIO_PG") == "require" {
			t.Fatal("FOLIO_PG=require but FOLIO_TEST_POSTGRES is not set (see .ci/postgres.sh)")
		}
		t.Skip("FOLIO_TEST_POSTGRES not set: no PostgreSQL server to test against")
	}
	u, err := url.Parse(admin)
	if err != nil || !isPostgres(admin) {
		t.Fatalf("FOLIO_TEST_POSTGRES must be a postgres:// URL")
	}
	var b [6]byte
	rand.Read(b[:])
	name := "folio_test_" + hex.EncodeToString(b[:])
	ctx := context.Background()
	exec := func(sql string) error {
		conn, err := pgx.Connect(ctx, admin)
		if err != nil {
			return err
		}
		defer conn.Close(ctx)
		_, err = conn.Exec(ctx, sql)
		return err
	}
	if err := exec("CREATE DATABASE " + name); err != nil {
		t.Fatalf("create test database: %v", err)
	}
	t.Cleanup(func() {
		if err := exec("DROP DATABASE " + name + " WITH (FORCE)"); err != nil {
			t.Errorf("drop test database %s: %v", name, err)
		}
	})
	u.Path = "/" + name
	return u.String()
}

// openFresh opens a store on a fresh database, closes it after the test,
// and returns it with its DSN.
func openFresh(t testing.TB, fresh newDB) (Store, string) {
	t.Helper()
	dsn := fresh(t)
	s, err := Open(context.Background(), dsn)
	if err != nil {
		t.Fatalf("Open(%q) = %v", dsn, err)
	}
	t.Cleanup(func() { s.Close() })
	return s, dsn
}

func mk(id, article, parent, body string, minute int) comment.Comment {
	return comment.Comment{ID: id, Article: article, Parent: parent, Author: "Ann", Body: body,
		HTML: "<p>" + body + "</p>\n", Created: t0.Add(time.Duration(minute) * time.Minute), Status: comment.Published}
}

func mustPost(t *testing.T, s Store, c comment.Comment) comment.Comment {
	t.Helper()
	got, created, err := s.Post(context.Background(), c)
	if err != nil || !created {
		t.Fatalf("Post(%q) = %v, %v, want created", c.ID, created, err)
	}
	return got
}

func TestOpenChoosesByDSN(t *testing.T) {
	ctx := context.Background()
	if _, err := Open(ctx, ""); err == nil {
		t.Errorf(`Open("") = nil error, want one`)
	}
	// A postgres URL goes to PostgreSQL, never to a SQLite file of that name,
	// and a password in it stays out of the error.
	dir := t.TempDir()
	t.Chdir(dir)
	_, err := Open(ctx, "postgres://folio:s3cret@127.0.0.1:1/folio?connect_timeout=2")
	if err == nil || strings.Contains(err.Error(), "s3cret") {
		t.Errorf("Open(postgres://… unreachable) = %v, want an error without the password", err)
	}
	if files, _ := os.ReadDir(dir); len(files) != 0 {
		t.Errorf("Open(postgres://…) created %d files in the working directory", len(files))
	}
}

func testPostRoundTrip(t *testing.T, fresh newDB) {
	s, _ := openFresh(t, fresh)
	ctx := context.Background()
	c := mk("c1", "harbour", "", "hello", 0)
	got := mustPost(t, s, c)
	want := c
	want.Created = t0.Truncate(time.Microsecond)
	if got != want {
		t.Errorf("Post(%+v) = %+v, want %+v", c, got, want)
	}
	back, err := s.Get(ctx, "c1")
	if err != nil || back != want {
		t.Errorf("Get(c1) = %+v, %v, want %+v", back, err, want)
	}
	if _, err := s.Get(ctx, "nope"); !errors.Is(err, comment.ErrNotFound) {
		t.Errorf("Get(nope) = %v, want %v", err, comment.ErrNotFound)
	}
}

func testPostIdempotent(t *testing.T, fresh newDB) {
	s, _ := openFresh(t, fresh)
	ctx := context.Background()
	c := mk("c1", "harbour", "", "hello", 0)
	first := mustPost(t, s, c)

	replay := c
	replay.Created = t0.Add(time.Hour) // a retry arrives later; the first one wins
	replay.HTML = "<p>rendered again</p>"
	tests := []struct {
		name    string
		c       comment.Comment
		created bool
		want    error
	}{
		{"replay", replay, false, nil},
		{"other body", mk("c1", "harbour", "", "hello!", 0), false, comment.ErrConflict},
		{"other article", mk("c1", "other", "", "hello", 0), false, comment.ErrConflict},
		{"invalid", mk("c2", "harbour", "", "a\x00b", 0), false, comment.ErrInvalid},
		{"client status", func() comment.Comment { x := mk("c3", "harbour", "", "x", 0); x.Status = comment.Sending; return x }(), false, comment.ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, created, err := s.Post(ctx, tt.c)
			if !errors.Is(err, tt.want) || (err == nil) != (tt.want == nil) || created != tt.created {
				t.Fatalf("Post(%+v) = _, %v, %v, want %v, %v", tt.c, created, err, tt.created, tt.want)
			}
			if err == nil && got != first {
				t.Errorf("Post(replay) = %+v, want the stored %+v", got, first)
			}
		})
	}
	if list, _ := s.List(ctx, "harbour"); len(list) != 1 {
		t.Errorf("List(harbour) has %d comments, want 1", len(list))
	}
}

func testListOrderAndStatus(t *testing.T, fresh newDB) {
	s, _ := openFresh(t, fresh)
	ctx := context.Background()
	for _, c := range []comment.Comment{
		mk("b", "harbour", "", "second, same time as a", 1),
		mk("c", "harbour", "a", "third", 2),
		mk("a", "harbour", "", "first", 1),
		mk("z", "harbour", "", "earliest", 0),
		mk("x", "other", "", "elsewhere", 0),
		mk("h", "harbour", "", "to hide", 3),
		mk("d", "harbour", "", "to delete", 4),
	} {
		mustPost(t, s, c)
	}
	if err := s.SetStatus(ctx, "h", comment.Hidden); err != nil {
		t.Fatalf("SetStatus(h, hidden) = %v", err)
	}
	if err := s.Delete(ctx, "d"); err != nil {
		t.Fatalf("Delete(d) = %v", err)
	}
	list, err := s.List(ctx, "harbour")
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, c := range list {
		ids = append(ids, c.ID)
	}
	if want := []string{"z", "a", "b", "c", "d"}; !slices.Equal(ids, want) {
		t.Errorf("List(harbour) ids = %v, want %v", ids, want)
	}
	if empty, err := s.List(ctx, "none"); err != nil || empty == nil || len(empty) != 0 {
		t.Errorf("List(none) = %#v, %v, want an empty non-nil list", empty, err)
	}
}

func testModeration(t *testing.T, fresh newDB) {
	s, _ := openFresh(t, fresh)
	ctx := context.Background()
	mustPost(t, s, mk("p", "harbour", "", "parent", 0))
	mustPost(t, s, mk("r", "harbour", "p", "reply", 1))

	if err := s.Delete(ctx, "p"); err != nil {
		t.Fatalf("Delete(p) = %v", err)
	}
	got, err := s.Get(ctx, "p")
	if err != nil || got.Status != comment.Deleted || got.Body != "" || got.HTML != "" || got.Author != "" {
		t.Errorf("Get(p) after Delete = %+v, %v, want the row kept, deleted, author and body blanked", got, err)
	}
	// A client retrying the original post gets the deleted comment, not a conflict.
	if got, created, err := s.Post(ctx, mk("p", "harbour", "", "parent", 0)); err != nil || created || got.Status != comment.Deleted {
		t.Errorf("Post(p) replay after Delete = %+v, %v, %v, want the deleted comment", got, created, err)
	}
	tests := []struct {
		name   string
		id     string
		status comment.Status
		want   error
	}{
		{"hide", "r", comment.Hidden, nil},
		{"publish", "r", comment.Published, nil},
		{"restore deleted", "p", comment.Published, comment.ErrConflict},
		{"client status", "r", comment.Failed, comment.ErrInvalid},
		{"unknown", "nope", comment.Hidden, comment.ErrNotFound},
		{"delete unknown", "nope", comment.Deleted, comment.ErrNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := s.SetStatus(ctx, tt.id, tt.status)
			if !errors.Is(err, tt.want) || (err == nil) != (tt.want == nil) {
				t.Errorf("SetStatus(%q, %q) = %v, want %v", tt.id, tt.status, err, tt.want)
			}
		})
	}
	if err := s.Delete(ctx, "nope"); !errors.Is(err, comment.ErrNotFound) {
		t.Errorf("Delete(nope) = %v, want %v", err, comment.ErrNotFound)
	}
}

func testCounts(t *testing.T, fresh newDB) {
	s, _ := openFresh(t, fresh)
	ctx := context.Background()
	mustPost(t, s, mk("a1", "a", "", "x", 0))
	mustPost(t, s, mk("a2", "a", "", "x", 1))
	mustPost(t, s, mk("a3", "a", "", "x", 2))
	mustPost(t, s, mk("b1", "b", "", "x", 0))
	if err := s.Delete(ctx, "a3"); err != nil {
		t.Fatal(err)
	}
	if err := s.SetStatus(ctx, "b1", comment.Hidden); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		in   []string
		want map[string]int
	}{
		{nil, map[string]int{}},
		{[]string{"a", "b", "c"}, map[string]int{"a": 2, "b": 0, "c": 0}},
		{[]string{"a", "a"}, map[string]int{"a": 2}},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.in), func(t *testing.T) {
			got, err := s.Counts(ctx, tt.in)
			if err != nil || fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("Counts(%q) = %v, %v, want %v", tt.in, got, err, tt.want)
			}
		})
	}
}

func testReopenKeepsData(t *testing.T, fresh newDB) {
	s, path := openFresh(t, fresh)
	ctx := context.Background()
	c := mustPost(t, s, mk("c1", "harbour", "", "durable", 0))
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	for range 2 { // the second open must find the schema current and run no migration
		s2, err := Open(ctx, path)
		if err != nil {
			t.Fatalf("Open(%q) again = %v", path, err)
		}
		got, err := s2.Get(ctx, "c1")
		if err != nil || got != c {
			t.Errorf("Get(c1) after reopen = %+v, %v, want %+v", got, err, c)
		}
		s2.Close()
	}
}

func testHostileStringsByteExact(t *testing.T, fresh newDB) {
	s, _ := openFresh(t, fresh)
	ctx := context.Background()
	bodies := []string{
		`'; DROP TABLE comments; --`,
		`"double" and 'single' quotes and \backslash\`,
		"emoji 😀👍🏽 and ZWJ 👨‍👩‍👧 and RTL مرحبا",
		"<script>alert(1)</script>",
		"tabs\tand\r\nCRLF",
		strings.Repeat("長", 5000),
	}
	for i, body := range bodies {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			c := mk(fmt.Sprintf("h%d", i), "harbour", "", body, i)
			c.Author = `O'Brien "Bob" 🦊`
			mustPost(t, s, c)
			got, err := s.Get(ctx, c.ID)
			if err != nil || got.Body != body || got.Author != c.Author || got.HTML != c.HTML {
				t.Errorf("Get(%q) = %+v, %v, want body %q stored byte-exact", c.ID, got, err, body)
			}
		})
	}
	if _, _, err := s.Post(ctx, mk("nul", "harbour", "", "a\x00b", 0)); !errors.Is(err, comment.ErrInvalid) {
		t.Errorf("Post(body with NUL) = %v, want %v", err, comment.ErrInvalid)
	}
}

func testConcurrentPosters(t *testing.T, fresh newDB) {
	s, _ := openFresh(t, fresh)
	ctx := context.Background()
	const posters, each = 16, 20
	var wg sync.WaitGroup
	errs := make(chan error, posters*each)
	var mu sync.Mutex
	created := 0
	for p := range posters {
		wg.Go(func() {
			for i := range each {
				// Pairs of posters share ids: half of all posts are replays.
				c := mk(fmt.Sprintf("p%d-%d", p/2, i), "harbour", "", fmt.Sprintf("post %d", i), i)
				_, ok, err := s.Post(ctx, c)
				if err != nil {
					errs <- err
					continue
				}
				if ok {
					mu.Lock()
					created++
					mu.Unlock()
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("concurrent Post: %v", err)
	}
	want := posters / 2 * each
	if created != want {
		t.Errorf("concurrent Post created %d, want %d", created, want)
	}
	if n, _ := s.Counts(ctx, []string{"harbour"}); n["harbour"] != want {
		t.Errorf("Counts(harbour) = %d, want %d", n["harbour"], want)
	}
}

// testConcurrentOpen starts several stores at once on one fresh database,
// as servers starting together do: every one must open, and the schema
// must be migrated once.
func testConcurrentOpen(t *testing.T, fresh newDB) {
	dsn := fresh(t)
	ctx := context.Background()
	const n = 8
	stores := make([]Store, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { stores[i], errs[i] = Open(ctx, dsn) })
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("Open #%d of %d at once = %v", i, n, err)
			continue
		}
		defer stores[i].Close()
	}
	if t.Failed() {
		return
	}
	// Each store posts once and sees every other's post.
	for i, s := range stores {
		mustPost(t, s, mk(fmt.Sprint("o", i), "harbour", "", "hi", i))
	}
	for i, s := range stores {
		if n2, err := s.Counts(ctx, []string{"harbour"}); err != nil || n2["harbour"] != n {
			t.Errorf("store #%d Counts(harbour) = %v, %v, want %d", i, n2, err, n)
		}
	}
}
