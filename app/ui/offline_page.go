package ui

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"folio/app/i18n"
)

// offlinePage is the page the service worker answers with when a page was
// never kept and there is no network: app.wasm then opens the address the
// reader asked for, from what this device keeps, or says it cannot.
type offlinePage struct {
	app.Compo
	lang    i18n.Lang
	search  bool // the search page (search_page.go)
	replies bool // the Replies page (replies_page.go)
}

func (p *offlinePage) OnNav(ctx app.Context) {
	p.lang = pageLang(ctx)
	switch {
	case p.search:
		searchNav(ctx, p.lang)
		return
	case p.replies:
		ctx.Page().SetTitle(attrText(p.lang.T(repliesTitle)), siteName)
		return
	}
	ctx.Page().SetTitle("%s", siteName)
}

func (p *offlinePage) Render() app.UI {
	switch {
	case p.search:
		return searchView(p.lang)
	case p.replies:
		return repliesView(p.lang)
	}
	return page(p.lang, "offline", app.P().Class("loading").Text(p.lang.T("Opening from this device…")))
}
