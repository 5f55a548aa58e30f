package web

import (
	"context"
	"fmt"
	"syscall"
	"testing"
	"time"

	"folio/app/comment"
)

// cpuTime is the CPU time this process has used so far. On a machine other
// work shares, CPU time per operation varies far less than wall time.
func cpuTime(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkThread50 is the server's work for what make bench-scale reads:
// an article's page and its comments from the API, with a thread of 50
// comments, gzipped as a browser asks for them. cpu-ns/op is the figure to
// compare on a busy machine.
func BenchmarkThread50(b *testing.B) {
	h, st, ix := newSite(b)
	slug := ix.List()[0].Slug
	start := time.Now().Add(-time.Hour)
	parent := ""
	for i := range 50 {
		c := comment.Comment{
			ID: fmt.Sprintf("c%02d", i), Article: slug, Author: fmt.Sprint("Reader ", i),
			Body:    "I walked this route last *spring* and the tide tables were spot on.",
			HTML:    "<p>I walked this route last <em>spring</em> and the tide tables were spot on.</p>",
			Created: start.Add(time.Duration(i) * time.Second), Status: comment.Published,
		}
		if i%3 == 2 {
			c.Parent = parent
		} else {
			parent = c.ID
		}
		if _, _, err := st.Post(context.Background(), c); err != nil {
			b.Fatal(err)
		}
	}
	for _, p := range []struct{ name, path string }{
		{"page", "/a/" + slug},
		{"api", "/api/comments?article=" + slug},
	} {
		b.Run(p.name, func(b *testing.B) {
			b.ReportAllocs()
			cpu := cpuTime(b)
			for b.Loop() {
				if w := get(h, p.path, "Accept-Encoding", "gzip"); w.Code != 200 {
					b.Fatal(w.Code)
				}
			}
			b.ReportMetric(float64((cpuTime(b)-cpu).Nanoseconds())/float64(b.N), "cpu-ns/op")
		})
	}
}
