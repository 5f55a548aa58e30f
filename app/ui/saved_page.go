package ui

import (
	"fmt"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"folio/app/client"
)

// savedPage is the offline library: articles saved on purpose, then the ones
// read recently, with what they take on this device.
type savedPage struct {
	app.Compo

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
	ctx.Page().SetTitle("Saved — %s", siteName)
	ctx.Page().SetDescription("Articles kept on this device for reading offline.")
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
	return page("saved",
		app.H1().Class("section-title").Text("Saved for offline"),
		app.If(p.used > 0, func() app.UI {
			return app.P().Class("storage-used").Text(fmt.Sprintf("Folio uses %s on this device (of %s available).", size(p.used), size(p.quota)))
		}),
		app.If(len(p.entries) == 0, func() app.UI {
			return app.P().Class("empty").Text("Nothing here yet. Articles you open are kept for a while; use “Save for offline” to keep one for good.")
		}),
		app.Ul().Class("library").Body(
			app.Range(p.entries).Slice(func(i int) app.UI {
				k := p.entries[i]
				return app.Li().Class("library-item").Body(
					app.Div().Class("library-text").Body(
						app.A().Class("library-title").Href(attr("/a/"+k.Slug)).Text(k.Title),
						app.P().Class("library-meta byline").Body(
							app.Span().Text(longDate(k.Published)),
							app.Span().Text(keptHow(k)),
							app.Span().Text(size(k.Bytes)),
						),
					),
					app.Button().Type("button").Class("link-button").Text("Remove").
						Aria("label", "Remove "+attrText(k.Title)+" from this device").
						OnClick(func(ctx app.Context, _ app.Event) { p.remove(ctx, k.Slug) }),
				)
			}),
		),
	)
}

func keptHow(k client.Kept) string {
	if k.Saved {
		return "saved " + ago(k.SavedAt)
	}
	return "read " + ago(k.ReadAt)
}

func ago(t time.Time) string {
	switch d := time.Since(t); {
	case d < time.Minute:
		return "just now"
	case d < time.Hour:
		return fmt.Sprintf("%d min ago", int(d.Minutes()))
	case d < 48*time.Hour:
		return fmt.Sprintf("%d h ago", int(d.Hours()))
	default:
		return fmt.Sprintf("%d days ago", int(d.Hours()/24))
	}
}

// size is a byte count as people read it.
func size(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%d KB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}
