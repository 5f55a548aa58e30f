package ui

import (
	"sync"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"folio/app/client"
	"folio/app/i18n"
)

var startOnce sync.Once

// appBar is the masthead: the name, the navigation, an offline indicator and
// the notice that a new version is ready.
type appBar struct {
	app.Compo

	// Lang is the interface's language.
	Lang      i18n.Lang
	offline   bool
	update    bool
	listeners []app.Func
}

func (b *appBar) OnMount(ctx app.Context) {
	b.offline = !client.Online()
	b.update = ctx.AppUpdateAvailable() && controlledAtLoad()
	outboxSync.attach(ctx)
	startOnce.Do(func() {
		client.NotifyWorker("folio:wasm-loaded") // the worker keeps it from the HTTP cache
		outboxSync.kick()                        // comments left from last time
	})
	for _, ev := range []string{"online", "offline"} {
		online := ev == "online"
		fn := app.FuncOf(func(app.Value, []app.Value) any {
			ctx.Dispatch(func(app.Context) { b.offline = !online })
			if online {
				outboxSync.kick()
			}
			return nil
		})
		app.Window().Call("addEventListener", ev, fn)
		b.listeners = append(b.listeners, fn)
	}
}

func (b *appBar) OnDismount() {
	for i, ev := range []string{"online", "offline"} {
		app.Window().Call("removeEventListener", ev, b.listeners[i])
		b.listeners[i].Release()
	}
	b.listeners = nil
}

func (b *appBar) OnAppUpdate(ctx app.Context) { b.update = controlledAtLoad() }

// controlledAtLoad tells an update from a first install (see web/loader.js).
func controlledAtLoad() bool { return app.Window().Get("folioControlled").Truthy() }

func (b *appBar) Render() app.UI {
	l := b.Lang
	return app.Header().Class("masthead").Body(
		app.Div().Class("masthead-inner").Body(
			app.A().Class("wordmark").Href("/").Text(siteName),
			app.If(b.offline, func() app.UI {
				return app.Span().Class("offline-badge").Attr("role", "status").Text(l.T("Offline"))
			}),
			app.Nav().Class("masthead-nav").Aria("label", attr(l.T("Main"))).Body(
				app.A().Href("/").Text(l.T("Front page")),
				app.A().Href("/saved").Text(l.T("Saved")),
				app.A().Href(searchPath).Class("search-link").Text(l.T("Search")),
				repliesLink(l),
			),
			readerPanel(l),
		),
		app.If(b.update, func() app.UI {
			return app.Div().Class("update-banner").Attr("role", "status").Body(
				app.Span().Text(l.T("A new version of Folio is available.")),
				app.Button().Type("button").Class("link-button").Text(l.T("Reload")).
					OnClick(func(ctx app.Context, e app.Event) { ctx.Reload() }),
			)
		}),
	)
}
