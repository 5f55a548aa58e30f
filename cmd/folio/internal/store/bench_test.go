package store

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
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
