package store

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestCommitsDoNotCheckpoint: the connection that commits posts never
// copies the WAL into the database file itself (SQLite's automatic
// checkpoint, which held up every post queued behind that commit); the
// checkpointer does, on its own connection, and then the WAL starts over.
func TestCommitsDoNotCheckpoint(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "folio.db")
	s, err := openSQLite(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	k, err := newCheckpointer(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer k.close()
	s.ckpt.close() // no checkpoints but those the test asks for

	// Far more than SQLite's automatic checkpoint lets the WAL hold (1,000
	// pages of 4 KiB).
	post := func(from, n int) {
		var wg sync.WaitGroup
		for g := range 16 {
			wg.Go(func() {
				for i := from + g; i < from+n; i += 16 {
					c := mk(fmt.Sprintf("ck-%05d", i), "harbour", "", strings.Repeat("long comment ", 300), i)
					if _, _, err := s.Post(ctx, c); err != nil {
						t.Error(err)
						return
					}
				}
			})
		}
		wg.Wait()
	}
	walSize := func() int64 {
		fi, err := os.Stat(path + "-wal")
		if err != nil {
			t.Fatal(err)
		}
		return fi.Size()
	}
	post(0, 3000)
	if size := walSize(); size < 3000<<12 {
		t.Fatalf("after 3,000 posts of 4 KB the WAL is %d bytes: the committing connection checkpointed it", size)
	}
	frames, done, err := k.checkpoint()
	if err != nil || frames == 0 || done != frames {
		t.Fatalf("checkpoint: %d of %d frames, %v; want all", done, frames, err)
	}
	// The WAL starts over: more posts write at its start, not its end.
	size := walSize()
	post(3000, 100)
	if after := walSize(); after != size {
		t.Errorf("the WAL grew from %d to %d bytes after a complete checkpoint", size, after)
	}
	list, err := s.List(ctx, "harbour")
	if err != nil || len(list) != 3100 {
		t.Errorf("List = %d comments, %v; want 3,100", len(list), err)
	}
}

// TestWALBoundedWhilePosting: under posts that never pause, checkpoints
// taken beside the writer never find the WAL wholly copied when a commit
// starts, so SQLite would never start it over; the checkpointer restarts it
// once it passes walRestartFrames, and the WAL stays near that size.
func TestWALBoundedWhilePosting(t *testing.T) {
	defer func(frames int, every time.Duration) { walRestartFrames, checkpointEvery = frames, every }(walRestartFrames, checkpointEvery)
	walRestartFrames, checkpointEvery = 256, 10*time.Millisecond // 1 MiB
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "folio.db")
	s, err := openSQLite(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var largest atomic.Int64
	stop := make(chan struct{})
	watched := make(chan struct{})
	go func() {
		defer close(watched)
		for {
			select {
			case <-stop:
				return
			default:
			}
			if fi, err := os.Stat(path + "-wal"); err == nil && fi.Size() > largest.Load() {
				largest.Store(fi.Size())
			}
			time.Sleep(time.Millisecond)
		}
	}()
	var wg sync.WaitGroup
	for g := range 16 {
		wg.Go(func() {
			for i := g; i < 4000; i += 16 {
				c := mk(fmt.Sprintf("wal-%05d", i), "harbour", "", strings.Repeat("long comment ", 300), i)
				if _, _, err := s.Post(ctx, c); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	close(stop)
	<-watched
	// 4,000 posts of 8 KB write some 40 MB of WAL; restarted past 1 MiB,
	// it stays within a few MiB (what commits add while a restart waits).
	if got := largest.Load(); got > 8<<20 {
		t.Errorf("the WAL grew to %d bytes under sustained posts, want it restarted near %d", got, walRestartFrames*4096)
	}
}
