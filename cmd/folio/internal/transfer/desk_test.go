package transfer

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"folio/app/comment"
	"folio/cmd/folio/internal/store"
)

// kinds are the stores an export moves between: SQLite always, PostgreSQL
// when FOLIO_TEST_POSTGRES names a server (.ci/postgres.sh); with
// FOLIO_PG=require its absence fails the test.
var kinds = []struct {
	name string
	open func(t *testing.T) store.Store
}{
	{"sqlite", openStore},
	{"postgres", openPostgres},
}

// openPostgres opens a store on a database of its own on the test server,
// dropped after the test.
func openPostgres(t *testing.T) store.Store {
	t.Helper()
	admin := os.Getenv("FOLIO_TEST_POSTGRES")
	if admin == "" {
		if os.Getenv("FOLIO_PG") == "require" {
			t.Fatal("FOLIO_PG=require but FOLIO_TEST_POSTGRES is not set (see .ci/postgres.sh)")
		}
		t.Skip("FOLIO_TEST_POSTGRES not set: no PostgreSQL server to test against")
	}
	u, err := url.Parse(admin)
	if err != nil {
		t.Fatal(err)
	}
	var b [6]byte
	rand.Read(b[:])
	name := "folio_transfer_" + hex.EncodeToString(b[:])
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
	u.Path = "/" + name
	st, err := store.Open(ctx, u.String())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		st.Close()
		if err := exec("DROP DATABASE " + name + " WITH (FORCE)"); err != nil {
			t.Errorf("drop test database %s: %v", name, err)
		}
	})
	return st
}

// deskStore fills st with what the reader's desk keeps: an author's edit
// and own delete (and the secret's hash that allows them), a pin,
// reactions and votes of three devices, a hidden and a pending comment,
// and two blocked names.
func deskStore(t *testing.T, st store.Store, t0 time.Time, secret [32]byte) {
	t.Helper()
	ctx := context.Background()
	owned := func(c comment.Comment) comment.Comment { c.OwnerHash = string(secret[:]); return c }
	for i, c := range []comment.Comment{
		owned(comment.Comment{ID: "ed", Article: tides, Author: "Ada", Body: "tpyo"}),
		owned(comment.Comment{ID: "gone", Article: tides, Author: "Ada", Body: "oops"}),
		{ID: "pin", Article: tides, Author: "Bo", Body: "Worth *reading* first."},
		{ID: "hid", Article: tides, Author: "Cy", Body: "hidden one"},
		{ID: "wait", Article: buses, Author: "Di", Body: "awaiting approval", Status: comment.Pending},
	} {
		c.Created = t0.Add(time.Duration(i) * time.Minute)
		post(t, st, c)
	}
	o := st.(store.Owner)
	if _, err := o.EditOwn(ctx, "ed", secret[:], "typo", "<p>typo</p>\n", t0.Add(2*time.Minute)); err != nil {
		t.Fatal(err)
	}
	if _, err := o.DeleteOwn(ctx, "gone", secret[:], t0.Add(3*time.Minute)); err != nil {
		t.Fatal(err)
	}
	m := st.(store.Moderator)
	if err := m.Pin(ctx, "pin", true); err != nil {
		t.Fatal(err)
	}
	for _, r := range []comment.Reaction{
		{Comment: "pin", Device: "dev-b", Emoji: "❤️", Vote: 1},
		{Comment: "pin", Device: "dev-a", Emoji: "👍"},
		{Comment: "pin", Device: "dev-c", Vote: -1},
		{Comment: "ed", Device: "dev-a", Emoji: "😂", Vote: 1},
	} {
		if _, _, err := st.(store.Reactor).React(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.SetStatus(ctx, "hid", comment.Hidden); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"Spam  Bot", "troll"} {
		if err := m.Block(ctx, name); err != nil {
			t.Fatal(err)
		}
	}
}

// TestExportImportKeepsDesk: an export carries what the reader's desk
// keeps, importing it into an empty store of either kind gives it all back
// (the author can still edit in the window, each device still has one
// reaction, the pin and the blocks hold), and exporting again gives the
// same bytes. Importing it twice changes nothing.
func TestExportImportKeepsDesk(t *testing.T) {
	ctx := context.Background()
	t0 := time.Now().UTC().Add(-5 * time.Minute).Truncate(time.Second) // the window still open
	secret := sha256.Sum256([]byte("the device's secret"))
	for _, from := range kinds {
		for _, to := range kinds {
			t.Run(from.name+" to "+to.name, func(t *testing.T) {
				src := from.open(t)
				deskStore(t, src, t0, secret)
				first := export(t, src)
				for _, want := range []string{
					`"id":"ed"`, `"owner":"` + hex.EncodeToString(secret[:]) + `"`, `"edited":"` + t0.Add(2*time.Minute).Format(time.RFC3339) + `"`,
					`"byAuthor":true`, `"pinned":true`, `"status":"hidden"`, `"status":"pending"`,
					`"reactions":[{"device":"dev-a","emoji":"👍"},{"device":"dev-b","emoji":"❤️","vote":1},{"device":"dev-c","vote":-1}]`,
					"{\"blocked\":\"Spam Bot\"}\n{\"blocked\":\"troll\"}\n",
				} {
					if !bytes.Contains(first, []byte(want)) {
						t.Errorf("export lacks %s:\n%s", want, first)
					}
				}
				file := filepath.Join(t.TempDir(), "comments.jsonl")
				if err := os.WriteFile(file, first, 0o644); err != nil {
					t.Fatal(err)
				}
				dst := to.open(t)
				if rep := importFile(t, dst, file, Options{Articles: sample(t)}); rep.Added != 5 || rep.Blocked != 2 || rep.LeftOut() != 0 {
					t.Fatalf("Import = %+v, want 5 comments added and 2 names blocked", rep)
				}
				if again := export(t, dst); !bytes.Equal(again, first) {
					t.Errorf("export after import =\n%s\nwant\n%s", again, first)
				}
				checkDesk(t, dst, t0, secret)
				if rep := importFile(t, dst, file, Options{Articles: sample(t)}); rep.Added != 0 || rep.Same != 5 {
					t.Errorf("Import again = %+v, want 5 the same", rep)
				}
				if again := export(t, dst); !bytes.Equal(again, first) {
					t.Errorf("export after importing twice =\n%s\nwant\n%s", again, first)
				}
				// The author's device can still edit within the window.
				if c, err := dst.(store.Owner).EditOwn(ctx, "ed", secret[:], "typo, fixed", "<p>typo, fixed</p>\n", time.Now()); err != nil || c.Body != "typo, fixed" {
					t.Errorf("EditOwn by its author after the move = %+v, %v", c, err)
				}
			})
		}
	}
}

// checkDesk checks that st, imported, behaves as the store it came from.
func checkDesk(t *testing.T, st store.Store, t0 time.Time, secret [32]byte) {
	t.Helper()
	ctx := context.Background()
	page, err := st.Page(ctx, tides, "", 0)
	if err != nil {
		t.Fatal(err)
	}
	shown := map[string]comment.Comment{}
	for _, c := range page.Comments {
		shown[c.ID] = c
	}
	if c := shown["pin"]; !c.Pinned || c.Reactions != (comment.Counts{1, 1}) || c.Score != 0 {
		t.Errorf("pinned comment after the move = %+v, want pinned, 👍 1 ❤️ 1, score 0", c)
	}
	if c := shown["ed"]; c.Body != "typo" || !c.Edited.Equal(t0.Add(2*time.Minute)) || c.Score != 1 {
		t.Errorf("edited comment after the move = %+v", c)
	}
	if c := shown["gone"]; c.Status != comment.Deleted || !c.ByAuthor {
		t.Errorf("own delete after the move = %+v", c)
	}
	// The same device reacting again still counts once.
	if _, tally, err := st.(store.Reactor).React(ctx, comment.Reaction{Comment: "pin", Device: "dev-a", Emoji: "❤️"}); err != nil || tally.Reactions != (comment.Counts{0, 2}) {
		t.Errorf("dev-a reacting again = %+v, %v; want ❤️ 2 and no 👍", tally, err)
	}
	if _, _, err := st.(store.Reactor).React(ctx, comment.Reaction{Comment: "pin", Device: "dev-a", Emoji: "👍"}); err != nil {
		t.Fatal(err)
	}
	// The author's device can still edit within the window, nobody else.
	wrong := sha256.Sum256([]byte("guess"))
	if _, err := st.(store.Owner).EditOwn(ctx, "ed", wrong[:], "x", "<p>x</p>\n", time.Now()); err == nil {
		t.Errorf("EditOwn with another secret after the move succeeded")
	}
	if blocked, err := st.(store.Moderator).IsBlocked(ctx, "spam bot"); err != nil || !blocked {
		t.Errorf("IsBlocked(spam bot) after the move = %v, %v", blocked, err)
	}
	if strings.Contains(shown["hid"].ID, "hid") {
		t.Errorf("the hidden comment shows after the move")
	}
}

// TestImportOldFolioLines: lines written before the reader's desk, without
// its fields, import as before.
func TestImportOldFolioLines(t *testing.T) {
	file := filepath.Join(t.TempDir(), "old.jsonl")
	old := `{"id":"o1","article":"` + tides + `","parent":"","author":"Ann","body":"From before.","html":"","created":"2026-01-02T03:04:05Z","status":"published","hash":"` +
		comment.ContentHash(comment.Comment{ID: "o1", Article: tides, Author: "Ann", Body: "From before.", Created: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}) + `"}` + "\n"
	if err := os.WriteFile(file, []byte(old), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, k := range kinds {
		t.Run(k.name, func(t *testing.T) {
			st := k.open(t)
			if rep := importFile(t, st, file, Options{Articles: sample(t)}); rep.Added != 1 || rep.LeftOut() != 0 {
				t.Fatalf("Import = %+v, want 1 added", rep)
			}
			if c := get(t, st, "o1"); c.Body != "From before." || c.Pinned || !c.Edited.IsZero() {
				t.Errorf("imported %+v", c)
			}
		})
	}
}
