// Package negotiate holds the small pieces of HTTP content negotiation that
// Folio's static files, pages and cached answers share: If-None-Match, the
// Accept-Encoding header, and compressing a body once.
package negotiate

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"strings"

	"github.com/andybalholm/brotli"
)

// NoneMatch reports whether an If-None-Match header names etag (or is "*"),
// compared weakly, as RFC 9110 asks for If-None-Match: a W/ prefix on
// either side is ignored.
func NoneMatch(header, etag string) bool {
	etag = strings.TrimPrefix(etag, "W/")
	for header != "" {
		var tag string
		tag, header, _ = strings.Cut(header, ",")
		tag = strings.TrimPrefix(strings.TrimSpace(tag), "W/")
		if tag == etag || tag == "*" {
			return true
		}
	}
	return false
}

// Accepts reports whether an Accept-Encoding header value allows enc.
func Accepts(header, enc string) bool {
	for part := range strings.SplitSeq(header, ",") {
		name, q, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.TrimSpace(name) == enc && strings.TrimSpace(q) != "q=0" {
			return true
		}
	}
	return false
}

// Brotli compresses raw at level (0 to 11).
func Brotli(raw []byte, level int) ([]byte, error) {
	var b bytes.Buffer
	w := brotli.NewWriterLevel(&b, level)
	if _, err := w.Write(raw); err != nil {
		return nil, fmt.Errorf("brotli: %w", err)
	}
	if err := w.Close(); err != nil {
		return nil, fmt.Errorf("brotli: %w", err)
	}
	return b.Bytes(), nil
}

// Gzip compresses raw at level (gzip.BestSpeed to gzip.BestCompression).
func Gzip(raw []byte, level int) ([]byte, error) {
	var b bytes.Buffer
	w, err := gzip.NewWriterLevel(&b, level)
	if err != nil {
		return nil, fmt.Errorf("gzip: %w", err)
	}
	if _, err := w.Write(raw); err != nil {
		return nil, fmt.Errorf("gzip: %w", err)
	}
	if err := w.Close(); err != nil {
		return nil, fmt.Errorf("gzip: %w", err)
	}
	return b.Bytes(), nil
}
