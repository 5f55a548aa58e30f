package ui

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// offlinePage is the page the service worker answers with when a page was
// never kept and there is no network: app.wasm then opens the address the
// reader asked for, from what this device keeps, or says it cannot.
type offlinePage struct {
	app.Compo
	search  bool // the search page (search_page.go)
	replies bool // the Replies page (replies_page.go)
}

func (p *offlinePage) OnNav(ctx app.Context) {
	switch {
	case p.search:
		searchNav(ctx)
		return
	case p.replies:
		ctx.Page().SetTitle("%s", repliesTitle)
		return
	}
	ctx.Page().SetTitle("%s", siteName)
}

func (p *offlinePage) Render() app.UI {
	switch {
	case p.search:
		return searchView()
	case p.replies:
		return repliesView()
	}
	return page("offline", app.P().Class("loading").Text("Opening from this device…"))
}
