package store

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"folio/app/comment"
)

// BenchmarkPageSorted reads pages of a 10,000-comment thread (half of them
// top-level, each with one reply; 1,000 votes) in each order: the
// first page, and the tenth through its cursor, as GET
// /api/comments?sort= does. newest and best come from their indexes as
// oldest does, so they cost about what it costs.
func BenchmarkPageSorted(b *testing.B) {
	const n, posters, voted = 10000, 8, 1000
	for _, be := range backends {
		b.Run(be.name, func(b *testing.B) {
			s, _ := openFresh(b, be.fresh)
			ctx := context.Background()
			var wg sync.WaitGroup
			for p := range posters {
				wg.Go(func() {
					for i := p; i < n; i += posters {
						parent := ""
						if i%2 == 1 {
							parent = fmt.Sprint("s", i-1)
						}
						if _, _, err := s.Post(ctx, mk(fmt.Sprint("s", i), "harbour", parent, "A comment of a few words.", i)); err != nil {
							b.Error(err)
							return
						}
					}
				})
			}
			wg.Wait()
			for p := range posters {
				wg.Go(func() {
					for i := p; i < voted; i += posters {
						r := comment.Reaction{Comment: fmt.Sprint("s", (i*7919)%n), Device: fmt.Sprint("d", i%7), Vote: 1 - 2*(i%3/2)}
						if _, _, err := s.(Reactor).React(ctx, r); err != nil {
							b.Error(err)
							return
						}
					}
				})
			}
			wg.Wait()
			so := s.(Sorter)
			for _, sort := range []string{comment.SortOldest, comment.SortNewest, comment.SortBest} {
				cursor := ""
				for range 9 {
					p, err := so.PageSorted(ctx, "harbour", sort, cursor, 0)
					if err != nil || p.Next == "" {
						b.Fatalf("%s: %v, next %q", sort, err, p.Next)
					}
					cursor = p.Next
				}
				for _, at := range []struct{ name, cursor string }{{"first", ""}, {"tenth", cursor}} {
					b.Run(sort+"/"+at.name, func(b *testing.B) {
						var p comment.Page
						for b.Loop() {
							var err error
							if p, err = so.PageSorted(ctx, "harbour", sort, at.cursor, 0); err != nil {
								b.Fatal(err)
							}
						}
						b.ReportMetric(float64(len(p.Comments)), "comments/page")
					})
				}
			}
		})
	}
}
