package ui

import (
	"testing"

	"folio/app/i18n"
)

func TestAttrText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain", "plain"},
		{`an "honest" figure`, "an \u201chonest\u201d figure"},
		{"two\nlines", "two lines"},
		{`back\slash`, "back/slash"},
		{`"a" and "b"`, "\u201ca\u201d and \u201cb\u201d"},
	}
	for _, tt := range tests {
		if got := attrText(tt.in); got != tt.want {
			t.Errorf("attrText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestRoutePatterns(t *testing.T) {
	tests := []struct {
		path string
		want bool
	}{
		{"/a/harbour-cranes", true},
		{"/a/2026", true},
		{"/a/", false},
		{"/a/Upper", false},
		{"/a/x/y", false},
		{"/tag/city", false},
	}
	for _, tt := range tests {
		if got := IsArticlePath(tt.path); got != tt.want {
			t.Errorf("IsArticlePath(%q) = %v, want %v", tt.path, got, tt.want)
		}
	}
}

func TestSize(t *testing.T) {
	tests := map[int64]string{0: "0 bytes", 900: "900 bytes", 2048: "2 KB", 5 << 20: "5.0 MB", 3 << 30: "3.0 GB"}
	for n, want := range tests {
		if got := size(i18n.English, n); got != want {
			t.Errorf("size(%d) = %q, want %q", n, got, want)
		}
	}
}
