package ui

import (
	"fmt"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"folio/app/client"
	"folio/app/i18n"
)

// savedPage is the offline library: articles saved on purpose, then the ones
// read recently, with what they take on this device.
type savedPage struct {
	app.Compo

	lang    i18n.Lang
	entries []client.Kept
	used    int64
	quota   int64
}

func (p *savedPage) OnInit() {
	if app.IsClient {
		_, lib := device()
		p.entries = lib.List()
	}
}

func (p *savedPage) OnNav(ctx app.Context) {
	p.lang = pageLang(ctx)
	ctx.Page().SetTitle(attrText(p.lang.T("Saved — %s")), siteName)
	ctx.Page().SetDescription("%s", attr(p.lang.T("Articles kept on this device for reading offline.")))
	ctx.Page().SetCanonicalLink("/saved")
}

func (p *savedPage) OnMount(ctx app.Context) {
	p.measure(ctx, nil)
	ctx.Handle(libraryAction, func(ctx app.Context, _ app.Action) {
		_, lib := device()
		p.entries = lib.List()
		p.measure(ctx, nil)
	})
}

// measure deletes the files in drop from the cache, then reads the storage
// used, so the figure shown counts what was just freed.
func (p *savedPage) measure(ctx app.Context, drop []string) {
	ctx.Async(func() {
		evict(drop)
		used, quota := client.StorageUsed()
		ctx.Dispatch(func(app.Context) { p.used, p.quota = used, quota })
	})
}

func (p *savedPage) remove(ctx app.Context, slug string) {
	_, lib := device()
	drop := lib.Remove(slug)
	p.entries = lib.List()
	p.measure(ctx, drop)
}

func (p *savedPage) Render() app.UI {
	l := p.lang
	return page(l, "saved",
		app.H1().Class("section-title").Text(l.T("Saved for offline")),
		app.If(p.used > 0, func() app.UI {
			return app.P().Class("storage-used").Text(l.F("Folio uses %s on this device (of %s available).", size(l, p.used), size(l, p.quota)))
		}),
		app.If(len(p.entries) == 0, func() app.UI {
			return app.P().Class("empty").Text(l.T("Nothing here yet. Articles you open are kept for a while; use “Save for offline” to keep one for good."))
		}),
		app.Ul().Class("library").Body(
			app.Range(p.entries).Slice(func(i int) app.UI {
				k := p.entries[i]
				return app.Li().Class("library-item").Body(
					app.Div().Class("library-text").Body(
						app.A().Class("library-title").Href(attr("/a/"+k.Slug)).Text(k.Title),
						app.P().Class("library-meta byline").Body(
							app.Span().Text(l.Date(k.Published)),
							app.Span().Text(keptHow(l, k)),
							app.Span().Text(size(l, k.Bytes)),
						),
					),
					app.Button().Type("button").Class("link-button").Text(l.T("Remove")).
						Aria("label", attr(l.F("Remove %s from this device", attrText(k.Title)))).
						OnClick(func(ctx app.Context, _ app.Event) { p.remove(ctx, k.Slug) }),
				)
			}),
		),
	)
}

func keptHow(l i18n.Lang, k client.Kept) string {
	if k.Saved {
		return l.F("saved %s", ago(l, k.SavedAt))
	}
	return l.F("read %s", ago(l, k.ReadAt))
}

func ago(l i18n.Lang, t time.Time) string {
	switch d := time.Since(t); {
	case d < time.Minute:
		return l.T("just now")
	case d < time.Hour:
		return l.F("%d min ago", int(d.Minutes()))
	case d < 48*time.Hour:
		return l.F("%d h ago", int(d.Hours()))
	default:
		return l.F("%d days ago", int(d.Hours()/24))
	}
}

// size is a byte count as people read it.
func size(l i18n.Lang, n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%d KB", n>>10)
	}
	return l.F("%d bytes", n)
}
