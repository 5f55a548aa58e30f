package ui

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// repliesPage is "replies to me": the replies to the comments this device
// posted, and the private feed of them. The page is the same for everyone,
// so it is prerendered and kept like any other; what is this device's own
// (its reader key, the replies fetched and kept for offline, the unread
// count) web/replies.js fills in from the device's storage, through the
// data-replies attributes, so app.wasm carries none of it.
type repliesPage struct {
	app.Compo
}

func (p *repliesPage) OnNav(ctx app.Context) {
	ctx.Page().SetTitle("Replies — %s", siteName)
	ctx.Page().SetDescription("Replies to the comments you posted from this device.")
}

func (p *repliesPage) Render() app.UI {
	return page("inbox",
		app.H1().Class("section-title").Text("Replies to you"),
		app.Div().Class("inbox-list").Attr("data-replies", "list").Body(
			app.P().Class("empty").Attr("data-replies", "empty").
				Text("No replies yet. When someone answers a comment you posted from this device, it shows here."),
		),
		app.Section().Class("inbox-feed").Attr("data-replies", "feed").Hidden(true).Body(
			app.H2().Text("Follow in a feed reader"),
			app.P().Text("Add this address to your feed reader to hear of replies there too. It is private: anyone who has it can read the replies to your comments, so keep it to yourself."),
			app.Input().Type("text").ReadOnly(true).Class("inbox-url").Attr("data-replies", "url").
				Aria("label", "Your private feed address"),
		),
	)
}

// repliesLink is the masthead's link to the Replies page, with the count
// of unread replies that web/replies.js keeps up to date.
func repliesLink() app.UI {
	return app.A().Href("/replies").Class("inbox-link").Attr("data-replies", "link").Body(
		app.Text("Replies"),
		app.Span().Class("inbox-badge").Attr("data-replies", "badge").Hidden(true),
	)
}
