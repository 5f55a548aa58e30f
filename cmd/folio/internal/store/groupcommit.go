package store

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"folio/app/comment"
)

// maxBatch bounds the posts one transaction commits.
const maxBatch = 64

// committer writes SQLite posts through the one writing connection, every
// post waiting at the time in one transaction: with synchronous=FULL each
// commit syncs the file, and that sync, not the CPU, bounded posts per
// second (BenchmarkPost). A post is answered only once the transaction that
// holds it has committed, so an acknowledged post is as durable as before;
// a lone post is a batch of one.
type committer struct {
	db    *stmtDB
	kick  func()             // after each commit: the WAL grew
	queue chan *pendingPost  // unbuffered: a post is either taken or still the sender's
	holds chan chan struct{} // hold: wait, between batches, until the channel closes
	quit  chan struct{}
	done  chan struct{}
	once  sync.Once
}

// pendingPost is a post waiting for its transaction.
type pendingPost struct {
	c      comment.Comment
	hash   string
	result chan postResult // buffered: the committer never waits on a poster
}

// postResult is Post's answer.
type postResult struct {
	c       comment.Comment
	created bool
	err     error
}

// newCommitter starts committing posts on db.
func newCommitter(db *stmtDB, kick func()) *committer {
	w := &committer{db: db, kick: kick, queue: make(chan *pendingPost), holds: make(chan chan struct{}),
		quit: make(chan struct{}), done: make(chan struct{})}
	go w.run()
	return w
}

// post hands c to the committer and waits for its transaction.
func (w *committer) post(ctx context.Context, c comment.Comment, hash string) (comment.Comment, bool, error) {
	p := &pendingPost{c: c, hash: hash, result: make(chan postResult, 1)}
	select {
	case w.queue <- p:
	case <-w.quit:
		return comment.Comment{}, false, fmt.Errorf("post comment %s: store closed", c.ID)
	case <-ctx.Done():
		return comment.Comment{}, false, fmt.Errorf("post comment %s: %w", c.ID, ctx.Err())
	}
	r := <-p.result
	return r.c, r.created, r.err
}

// hold stops the committer once the batch under way has committed, and
// until release is called: posts queue meanwhile.
func (w *committer) hold() (release func()) {
	ch := make(chan struct{})
	select {
	case w.holds <- ch:
		return func() { close(ch) }
	case <-w.quit:
		return func() {}
	}
}

// stop lets the batch under way finish and ends the committer.
func (w *committer) stop() {
	w.once.Do(func() { close(w.quit) })
	<-w.done
}

// run takes a post, then every other post already waiting (up to maxBatch),
// and commits them together.
func (w *committer) run() {
	defer close(w.done)
	for {
		var batch []*pendingPost
		select {
		case p := <-w.queue:
			batch = append(batch, p)
		case release := <-w.holds:
			<-release
			continue
		case <-w.quit:
			return
		}
	fill:
		for len(batch) < maxBatch {
			select {
			case p := <-w.queue:
				batch = append(batch, p)
			default:
				break fill
			}
		}
		w.commit(batch)
	}
}

// commit stores batch in one transaction and answers each post. If the
// transaction fails, each post is tried again alone, so that one post's
// error is never another's.
func (w *committer) commit(batch []*pendingPost) {
	results, err := w.commitTx(batch)
	if err == nil {
		w.kick()
	}
	if err != nil && len(batch) > 1 {
		for _, p := range batch {
			w.commit([]*pendingPost{p})
		}
		return
	}
	for i, p := range batch {
		if err != nil {
			p.result <- postResult{err: err}
			continue
		}
		p.result <- results[i]
	}
}

// commitTx inserts batch in one transaction. A conflict is a post's answer;
// any other error fails the transaction, and names the first post.
func (w *committer) commitTx(batch []*pendingPost) ([]postResult, error) {
	// Not a poster's context: the batch is theirs together.
	ctx := context.Background()
	tx, err := w.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("post comment %s: %w", batch[0].c.ID, err)
	}
	defer tx.Rollback() //nolint:errcheck // a no-op after Commit
	results := make([]postResult, len(batch))
	for i, p := range batch {
		c, created, err := insert(ctx, tx, p.c, p.hash)
		if err != nil && !errors.Is(err, comment.ErrConflict) {
			return nil, err
		}
		results[i] = postResult{c: c, created: created, err: err}
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("post comment %s: commit: %w", batch[0].c.ID, err)
	}
	return results, nil
}
