package store

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"folio/app/comment"
)

// TestGroupCommitSortsOutABatch posts from 64 goroutines at once, so that
// posts share transactions: new comments, replays of one of them and posts
// reusing its id with other content. Each gets its own answer, whatever
// else was in its batch: every new comment created once, every replay the
// stored comment, every reuse a conflict, nothing else stored.
func TestGroupCommitSortsOutABatch(t *testing.T) {
	ctx := context.Background()
	st, err := Open(ctx, newSQLiteDB(t))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	const n = 64
	first := mk("dup", "harbour", "", "the first", 0)
	type got struct {
		c       comment.Comment
		created bool
		err     error
	}
	answers := make([]got, n)
	var start, wg sync.WaitGroup
	start.Add(1)
	for i := range n {
		c := mk(fmt.Sprint("c", i), "harbour", "", fmt.Sprint("comment ", i), 0)
		switch i % 4 {
		case 1:
			c = first // a replay: the same id and content
		case 2:
			c = mk("dup", "harbour", "", fmt.Sprint("other content ", i), 0)
		}
		wg.Go(func() {
			start.Wait()
			a, created, err := st.Post(ctx, c)
			answers[i] = got{a, created, err}
		})
	}
	if _, _, err := st.Post(ctx, first); err != nil {
		t.Fatal(err)
	}
	start.Done()
	wg.Wait()
	for i, a := range answers {
		switch i % 4 {
		case 1:
			if a.err != nil || a.created || a.c.Body != "the first" {
				t.Errorf("replay %d = %+v, want the stored comment, not created", i, a)
			}
		case 2:
			if !errors.Is(a.err, comment.ErrConflict) {
				t.Errorf("reuse %d = %+v, want ErrConflict", i, a)
			}
		default:
			if a.err != nil || !a.created || a.c.ID != fmt.Sprint("c", i) {
				t.Errorf("post %d = %+v, want created", i, a)
			}
		}
	}
	list, err := st.List(ctx, "harbour")
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != n/2+1 {
		t.Errorf("stored %d comments, want %d", len(list), n/2+1)
	}
}
