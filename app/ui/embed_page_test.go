package ui

import (
	"net/url"
	"testing"
)

func TestEmbedViewOf(t *testing.T) {
	tests := []struct {
		in   string
		want embedView
	}{
		{"/embed/harbour-cranes", embedView{"harbour-cranes", embedComments, ""}},
		{"/embed/harbour-cranes?mode=article&theme=dark", embedView{"harbour-cranes", embedArticle, "dark"}},
		{"/embed/tides?mode=comments&theme=light", embedView{"tides", embedComments, "light"}},
		{"/embed/tides?mode=ARTICLE&theme=auto", embedView{"tides", embedComments, ""}},
		{`/embed/tides?mode=%3Cx%3E&theme=%22dark`, embedView{"tides", embedComments, ""}},
	}
	for _, tt := range tests {
		u, err := url.Parse(tt.in)
		if err != nil {
			t.Fatal(err)
		}
		if got := embedViewOf(u); got != tt.want {
			t.Errorf("embedViewOf(%q) = %+v, want %+v", tt.in, got, tt.want)
		}
	}
}

func TestEmbedPattern(t *testing.T) {
	tests := []struct {
		path string
		want bool
	}{
		{"/embed/harbour-cranes", true},
		{"/embed/2026", true},
		{"/embed/", false},
		{"/embed/Upper", false},
		{"/embed/a/b", false},
		{"/a/harbour-cranes", false},
	}
	for _, tt := range tests {
		if got := IsEmbedPath(tt.path); got != tt.want {
			t.Errorf("IsEmbedPath(%q) = %v, want %v", tt.path, got, tt.want)
		}
	}
}
