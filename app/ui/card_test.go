package ui

import (
	"strings"
	"testing"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"folio/app/article"
	"folio/app/i18n"
)

// TestCardWithoutImage: a story without a picture takes the card's whole
// width; an empty picture column would leave a blank square beside it.
func TestCardWithoutImage(t *testing.T) {
	for _, tt := range []struct {
		image          string
		wantImageLink  bool
		wantTextOnlyCl bool
	}{
		{image: "/web/images/tides.svg", wantImageLink: true},
		{image: "", wantTextOnlyCl: true},
	} {
		html := app.HTMLString(card(i18n.English, article.Meta{Slug: "s", Title: "T", Image: tt.image}))
		if got := strings.Contains(html, "card-image"); got != tt.wantImageLink {
			t.Errorf("card(image %q) has a picture link: %v, want %v", tt.image, got, tt.wantImageLink)
		}
		if got := strings.Contains(html, "card-text-only"); got != tt.wantTextOnlyCl {
			t.Errorf("card(image %q) is marked text-only: %v, want %v", tt.image, got, tt.wantTextOnlyCl)
		}
	}
}
