package store

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"

	"folio/app/comment"
)

func init() {
	contract = append(contract, struct {
		name string
		test func(*testing.T, newDB)
	}{"PageBoundedInLongChain", testPageBoundedInLongChain})
}

// testPageBoundedInLongChain: one top-level comment with a chain of 5,000
// replies, each to the one before, cannot make a page unbounded: every page
// holds at most comment.PageComments comments, and the pages together hold
// the thread once each, in order, then the top-level comment after it.
func testPageBoundedInLongChain(t *testing.T, fresh newDB) {
	s, _ := openFresh(t, fresh)
	const chain = 5000
	all := []comment.Comment{mk("root", "harbour", "", "the first word", 0)}
	for i := range chain {
		all = append(all, mk(fmt.Sprintf("r%04d", i), "harbour", all[len(all)-1].ID, "and another thing", i+1))
	}
	all = append(all, mk("later", "harbour", "", "a new subject", chain+1))
	var wg sync.WaitGroup // posted together, so the group commit batches them
	for g := range 32 {
		wg.Go(func() {
			for i := g; i < len(all); i += 32 {
				if _, _, err := s.Post(context.Background(), all[i]); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	var got []string
	cursor := ""
	for pages := 0; pages < 1000; pages++ {
		p, err := s.Page(context.Background(), "harbour", cursor, 0)
		if err != nil {
			t.Fatalf("Page after %d pages: %v", pages, err)
		}
		if len(p.Comments) > comment.PageComments || len(p.Comments) == 0 {
			t.Fatalf("page %d holds %d comments, want 1 to %d", pages+1, len(p.Comments), comment.PageComments)
		}
		got = append(got, ids(p.Comments)...)
		if p.Next == "" {
			break
		}
		cursor = p.Next
	}
	if want := ids(all); !slices.Equal(got, want) {
		t.Errorf("the pages hold %d comments (first %v), want the %d of the thread in order", len(got), got[:min(3, len(got))], len(want))
	}
}
