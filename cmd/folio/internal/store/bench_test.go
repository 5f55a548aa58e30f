package store

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"

	"folio/app/comment"
)

// backends are the stores the benchmarks measure; PostgreSQL skips without
// FOLIO_TEST_POSTGRES.
var backends = []struct {
	name  string
	fresh newDB
}{
	{"sqlite", newSQLiteDB},
	{"postgres", newPostgresDB},
}

// BenchmarkPost posts new comments from parallel goroutines and reports
// posts per second; each is durable when Post returns.
func BenchmarkPost(b *testing.B) {
	for _, be := range backends {
		b.Run(be.name, func(b *testing.B) {
			s, _ := openFresh(b, be.fresh)
			ctx := context.Background()
			var n atomic.Int64
			b.SetParallelism(4)
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					i := n.Add(1)
					c := mk(fmt.Sprint("b", i), "harbour", "", "a benchmark comment", 0)
					if _, _, err := s.Post(ctx, c); err != nil {
						b.Error(err)
						return
					}
				}
			})
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "posts/s")
		})
	}
}

// BenchmarkList reads a 50-comment thread from parallel goroutines and
// reports reads per second.
func BenchmarkList(b *testing.B) {
	for _, be := range backends {
		b.Run(be.name, func(b *testing.B) {
			s, _ := openFresh(b, be.fresh)
			ctx := context.Background()
			for i := range 50 {
				if _, _, err := s.Post(ctx, mk(fmt.Sprint("l", i), "harbour", "", "a comment to read", i)); err != nil {
					b.Fatal(err)
				}
			}
			b.SetParallelism(4)
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					if list, err := s.List(ctx, "harbour"); err != nil || len(list) != 50 {
						b.Errorf("List = %d comments, %v", len(list), err)
						return
					}
				}
			})
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "reads/s")
		})
	}
}

// BenchmarkListWhilePosting reads a 50-comment thread from parallel
// goroutines while one more posts without pause, and reports reads and
// posts per second: on SQLite, reads go through their own pool and do not
// queue behind the writer's commits.
func BenchmarkListWhilePosting(b *testing.B) {
	for _, be := range backends {
		b.Run(be.name, func(b *testing.B) {
			s, _ := openFresh(b, be.fresh)
			ctx := context.Background()
			for i := range 50 {
				if _, _, err := s.Post(ctx, mk(fmt.Sprint("l", i), "harbour", "", "a comment to read", i)); err != nil {
					b.Fatal(err)
				}
			}
			stop := make(chan struct{})
			done := make(chan int)
			go func() {
				n := 0
				for {
					select {
					case <-stop:
						done <- n
						return
					default:
					}
					if _, _, err := s.Post(ctx, mk(fmt.Sprint("w", n), "elsewhere", "", "a write", 0)); err != nil {
						b.Error(err)
					}
					n++
				}
			}()
			b.SetParallelism(4)
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					if list, err := s.List(ctx, "harbour"); err != nil || len(list) != 50 {
						b.Errorf("List = %d comments, %v", len(list), err)
						return
					}
				}
			})
			close(stop)
			posts := <-done
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "reads/s")
			b.ReportMetric(float64(posts)/b.Elapsed().Seconds(), "posts/s")
		})
	}
}

// BenchmarkPageLargeThread reads the first page of a 74,600-comment thread
// (a fifth of them top-level, the rest replies to one of the last eight
// top-level comments), as GET /api/comments does, and reports its size in
// comments and JSON bytes: before threads came in pages, that answer held
// all 74,600 (49 MB). A page holds whole threads, so one top-level comment
// with thousands of replies would still come whole.
func BenchmarkPageLargeThread(b *testing.B) {
	const n, posters = 74600, 8
	for _, be := range backends {
		b.Run(be.name, func(b *testing.B) {
			s, _ := openFresh(b, be.fresh)
			ctx := context.Background()
			var wg sync.WaitGroup
			for p := range posters {
				wg.Go(func() {
					for i := p; i < n; i += posters {
						parent := ""
						if i%5 != 0 {
							parent = fmt.Sprint("t", max(0, i-i%5-5*((i*7919)%8)))
						}
						c := mk(fmt.Sprint("t", i), "harbour", parent, "A comment of a few words, as readers write them.", i)
						if _, _, err := s.Post(ctx, c); err != nil {
							b.Error(err)
							return
						}
					}
				})
			}
			wg.Wait()
			var page comment.Page
			b.ResetTimer()
			for b.Loop() {
				var err error
				if page, err = s.Page(ctx, "harbour", "", 0); err != nil {
					b.Fatal(err)
				}
			}
			body, err := json.Marshal(page)
			if err != nil {
				b.Fatal(err)
			}
			b.ReportMetric(float64(len(page.Comments)), "comments/page")
			b.ReportMetric(float64(len(body)), "bytes/page")
			b.ReportMetric(float64(page.Total), "comments/thread")
			// What GET /api/comments answered before: the whole thread.
			all, err := s.List(ctx, "harbour")
			if err != nil {
				b.Fatal(err)
			}
			whole, _ := json.Marshal(all)
			b.ReportMetric(float64(len(whole)), "bytes/whole-thread")
		})
	}
}
