package ui

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// savedPage will list what the reader keeps for offline reading.
type savedPage struct {
	app.Compo
}

func (p *savedPage) OnNav(ctx app.Context) {
	ctx.Page().SetTitle("Saved — %s", siteName)
	ctx.Page().SetDescription("Articles kept on this device for reading offline.")
}

func (p *savedPage) Render() app.UI {
	return page("saved",
		app.H1().Class("section-title").Text("Saved for offline"),
		app.P().Class("empty").Text("Articles you save will appear here."),
	)
}
