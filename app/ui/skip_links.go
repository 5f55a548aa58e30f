package ui

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"folio/app/i18n"
)

// skip is a link past the masthead to a part of the page.
type skip struct{ target, text string }

// toContent is the skip link every page has: to its main content.
var toContent = skip{"main", "Skip to content"} // a key: skipLink translates it

// skipLinks are the page's first Tab stops, shown only while focused.
func skipLinks(l i18n.Lang, skips []skip) app.UI {
	return app.Div().Class("skip-links").Body(
		app.Range(skips).Slice(func(i int) app.UI { return skipLink(l, skips[i]) }),
	)
}

// skipLink moves keyboard focus to its target, not only the view: go-app
// routes in-page links itself and only scrolls. Before app.wasm runs, the
// browser follows the plain #fragment link.
func skipLink(l i18n.Lang, s skip) app.UI {
	return app.A().Class("skip-link").Href(attr("#" + s.target)).Text(l.T(s.text)).
		OnClick(func(ctx app.Context, e app.Event) {
			e.PreventDefault()
			e.Call("stopPropagation") // keep go-app's router out of it
			focusTarget(s.target)
		})
}

// focusTarget focuses the element with id, making it focusable from script
// (tabindex -1) if it is not, so the next Tab continues from there.
func focusTarget(id string) {
	el := app.Window().GetElementByID(id)
	if !el.Truthy() {
		return
	}
	if !el.Call("hasAttribute", "tabindex").Bool() {
		el.Call("setAttribute", "tabindex", "-1")
	}
	el.Call("focus")
}
