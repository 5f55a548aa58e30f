package transfer

import (
	"bytes"
	"context"
	"encoding/hex"
	"os"
	"path/filepath"
	"testing"
	"time"

	"folio/app/comment"
	"folio/cmd/folio/internal/store"
)

// TestExportImportKeepsReaders: the JSON Lines carry the hash of the reader
// key each comment was posted with (never the key), and importing them
// gives the device its replies on the new store, byte for byte the same
// export.
func TestExportImportKeepsReaders(t *testing.T) {
	ctx := context.Background()
	src := openStore(t)
	t0 := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	key := comment.NewReaderKey()
	reader, _ := comment.ReaderHash(key)
	post(t, src, comment.Comment{ID: "mine", Article: tides, Author: "Ada", Body: "My point.", Created: t0})
	post(t, src, comment.Comment{ID: "r1", Article: tides, Parent: "mine", Author: "Bo", Body: "A reply.", Created: t0.Add(time.Minute)})
	if err := src.(store.Replier).LinkReader(ctx, "mine", reader); err != nil {
		t.Fatal(err)
	}
	first := export(t, src)
	if !bytes.Contains(first, []byte(`"reader":"`+hex.EncodeToString(reader)+`"`)) || bytes.Contains(first, []byte(key)) {
		t.Fatalf("export =\n%s\nwant the reader's hash on mine, never its key", first)
	}
	if bytes.Count(first, []byte(`"reader"`)) != 1 {
		t.Errorf("export =\n%s\nwant a reader on mine only", first)
	}
	file := filepath.Join(t.TempDir(), "comments.jsonl")
	if err := os.WriteFile(file, first, 0o644); err != nil {
		t.Fatal(err)
	}
	dst := openStore(t)
	if rep := importFile(t, dst, file, Options{Articles: sample(t)}); rep.Added != 2 {
		t.Fatalf("Import = %+v, want 2 added", rep)
	}
	page, err := dst.(store.Replier).RepliesTo(ctx, reader, "", 0)
	if err != nil || len(page.Replies) != 1 || page.Replies[0].ID != "r1" {
		t.Errorf("replies after the move = %+v, %v; want r1", page, err)
	}
	if again := export(t, dst); !bytes.Equal(again, first) {
		t.Errorf("export after import =\n%s\nwant\n%s", again, first)
	}
}
