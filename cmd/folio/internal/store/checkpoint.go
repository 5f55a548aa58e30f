package store

import (
	"context"
	"database/sql"
	"fmt"
	"sync"
	"time"
)

// checkpointEvery spaces the checkpoints out: each syncs the database file,
// and posts sync the WAL on the same disk meanwhile.
var checkpointEvery = 250 * time.Millisecond

// walRestartFrames is the WAL size, in pages, past which the checkpointer
// makes the WAL start over.
var walRestartFrames = 4096 // 16 MiB of 4 KiB pages

// checkpointer copies the WAL back into the database file from a
// connection of its own, after commits, at most every checkpointEvery. Its
// checkpoints are PASSIVE: they copy what no reader still needs and never
// wait for, nor block, the writer or the readers; what one leaves, the next
// takes. Once the WAL passes walRestartFrames it is made to start over
// (restartWAL). A commit is
// durable in the WAL (synchronous=FULL) whether or not it was checkpointed,
// so a kill -9 at any point loses nothing: the next open replays the WAL.
type checkpointer struct {
	db    *sql.DB
	kicks chan struct{} // buffered 1: commits never wait
	// hold stops the committer between two batches until release is
	// called (committer.hold).
	hold    func() (release func())
	started bool
	quit    chan struct{}
	done    chan struct{}
	once    sync.Once
	err     error // close's
}

// newCheckpointer opens the checkpointing connection on the SQLite file at
// path, which is already in WAL mode; start runs it.
func newCheckpointer(ctx context.Context, path string) (*checkpointer, error) {
	db, err := sql.Open("sqlite", sqliteDSN(path, "_pragma=busy_timeout(5000)&_pragma=synchronous(FULL)&_pragma=wal_autocheckpoint(0)"))
	if err != nil {
		return nil, fmt.Errorf("checkpointer: %w", err)
	}
	db.SetMaxOpenConns(1)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("checkpointer: %w", err)
	}
	return &checkpointer{db: db, kicks: make(chan struct{}, 1), quit: make(chan struct{}), done: make(chan struct{})}, nil
}

// start runs the checkpointer; hold stops the committer (committer.hold).
func (k *checkpointer) start(hold func() (release func())) {
	k.hold = hold
	k.started = true
	go k.run()
}

// kick tells the checkpointer the WAL grew.
func (k *checkpointer) kick() {
	select {
	case k.kicks <- struct{}{}:
	default:
	}
}

func (k *checkpointer) run() {
	defer close(k.done)
	for {
		select {
		case <-k.quit:
			return
		case <-k.kicks:
		}
		// A failed checkpoint (the file busy past the timeout) leaves the
		// WAL to the next one; nothing is lost either way.
		if frames, _, err := k.checkpoint(); err == nil && frames >= walRestartFrames {
			k.restartWAL()
		}
		select {
		case <-k.quit:
			return
		case <-time.After(checkpointEvery):
		}
	}
}

// restartWAL makes the WAL start over. SQLite starts it over when a
// commit begins with the whole WAL copied into the file; under posts that
// never pause, the WAL keeps growing while a checkpoint runs beside the
// writer, so that never happens and the WAL would grow without end
// (TestWALBoundedWhilePosting). A RESTART checkpoint would wait for a gap
// between commits that a busy writer never leaves. So the committer is
// held between two batches while one more PASSIVE checkpoint copies the
// little the last one left; the next commit then starts the WAL over. The
// hold lasts one short checkpoint every walRestartFrames pages.
func (k *checkpointer) restartWAL() {
	release := k.hold()
	defer release()
	_, _, _ = k.checkpoint()
}

// checkpoint runs one PASSIVE checkpoint and returns the WAL's frames and
// how many of them are now in the database file.
func (k *checkpointer) checkpoint() (frames, done int, err error) {
	var busy int
	err = k.db.QueryRow(`PRAGMA wal_checkpoint(PASSIVE)`).Scan(&busy, &frames, &done)
	return frames, done, err
}

// close stops the checkpointer and closes its connection; again, it returns
// the first close's error. The last connection to close checkpoints the WAL
// completely.
func (k *checkpointer) close() error {
	k.once.Do(func() {
		close(k.quit)
		if k.started {
			<-k.done
		}
		if err := k.db.Close(); err != nil {
			k.err = fmt.Errorf("checkpointer: %w", err)
		}
	})
	return k.err
}
