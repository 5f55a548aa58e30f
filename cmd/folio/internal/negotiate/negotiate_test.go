package negotiate

import (
	"bytes"
	"compress/gzip"
	"io"
	"testing"

	"github.com/andybalholm/brotli"
)

func TestNoneMatch(t *testing.T) {
	for _, tt := range []struct {
		header, etag string
		want         bool
	}{
		{`"a"`, `"a"`, true},
		{`"b", "a"`, `"a"`, true},
		{`W/"a"`, `"a"`, true},
		{`"a"`, `W/"a"`, true},
		{`*`, `"a"`, true},
		{``, `"a"`, false},
		{`"ab"`, `"a"`, false},
		{`"a-br"`, `"a"`, false},
	} {
		if got := NoneMatch(tt.header, tt.etag); got != tt.want {
			t.Errorf("NoneMatch(%q, %q) = %v, want %v", tt.header, tt.etag, got, tt.want)
		}
	}
}

func TestAccepts(t *testing.T) {
	for _, tt := range []struct {
		header, enc string
		want        bool
	}{
		{"gzip, deflate, br", "br", true},
		{"gzip, deflate, br", "gzip", true},
		{"br;q=0, gzip", "br", false},
		{"br; q=0.5", "br", true},
		{"", "gzip", false},
		{"brotli", "br", false},
	} {
		if got := Accepts(tt.header, tt.enc); got != tt.want {
			t.Errorf("Accepts(%q, %q) = %v, want %v", tt.header, tt.enc, got, tt.want)
		}
	}
}

func TestCompressRoundTrip(t *testing.T) {
	raw := bytes.Repeat([]byte("<p>A soup is a conversation with the market.</p>\n"), 200)
	br, err := Brotli(raw, 6)
	if err != nil {
		t.Fatal(err)
	}
	gz, err := Gzip(raw, gzip.BestCompression)
	if err != nil {
		t.Fatal(err)
	}
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		t.Fatal(err)
	}
	for name, r := range map[string]io.Reader{"brotli": brotli.NewReader(bytes.NewReader(br)), "gzip": zr} {
		back, err := io.ReadAll(r)
		if err != nil || !bytes.Equal(back, raw) {
			t.Errorf("%s: round trip gave %d bytes, %v; want the %d bytes in", name, len(back), err, len(raw))
		}
	}
	if _, err := Gzip(raw, 42); err == nil {
		t.Error("Gzip at level 42: no error")
	}
}
