package web

import "testing"

// BenchmarkContentTag is what tagging the long article's page costs.
func BenchmarkContentTag(b *testing.B) {
	h, _, ix := newSite(b)
	long := ix.List()[0]
	for _, m := range ix.List() {
		if m.ReadingMinutes > long.ReadingMinutes {
			long = m
		}
	}
	body := get(h, "/a/"+long.Slug).Body.Bytes()
	b.SetBytes(int64(len(body)))
	b.ResetTimer()
	for range b.N {
		contentTag(body)
	}
}
