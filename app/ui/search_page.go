package ui

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"folio/app/i18n"
)

// searchPath is the search page; the service worker keeps its prerendered
// shell with the app's own files, so it opens with no network.
const searchPath = "/search"

// searchView is the search page, which searches the articles kept on this
// device. It only renders the form and an empty result list: web/search.js
// does the searching in the browser, over the articles in the worker's data
// cache, and fills the list (again, when app.wasm replaces the prerendered
// page). Searching in plain JavaScript keeps app.wasm as it is: the browser
// already folds case and accents (String.normalize) and finds Chinese words
// without spaces. The page has no state, so the offline page's component
// shows it (a component type of its own costs app.wasm some 4 KB brotli).
func searchView(l i18n.Lang) app.UI {
	return page(l, "search-page", app.Raw(l.HTML(searchHTML)))
}

// searchHTML is the search page's content as one constant: web/search.js
// owns what is inside, which go-app then leaves alone, and app.wasm carries
// a string instead of the code that builds these elements (some 18 KB raw).
const searchHTML = `<div class="search">` +
	`<h1 class="section-title">Search</h1>` +
	`<form class="search-form" action="/search" method="get" role="search">` +
	`<label class="search-label" for="search-q">Search the articles on this device</label>` +
	`<div class="search-row">` +
	`<input id="search-q" class="search-input" type="search" name="q" autocomplete="off" enterkeyhint="search">` +
	`<button class="button search-button" type="submit">Search</button>` +
	`</div></form>` +
	`<p id="search-status" class="search-status" role="status">Articles you have read or saved can be searched here, with or without a network.</p>` +
	`<ol id="search-results" class="search-results"></ol>` +
	`</div>`

// searchNav names the search page.
func searchNav(ctx app.Context, l i18n.Lang) {
	ctx.Page().SetTitle(attrText(l.T("Search — %s")), siteName)
	ctx.Page().SetDescription("%s", attr(l.T("Search the articles kept on this device, even offline.")))
	ctx.Page().SetCanonicalLink(searchPath)
}
