package ui

import (
	"context"
	"fmt"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"folio/app/article"
	"folio/app/client"
	"folio/app/comment"
)

// saveButton keeps an article on this device on purpose ("save for
// offline"), fetching it first when it was never opened, with visible
// progress; once saved it offers to remove it.
type saveButton struct {
	app.Compo

	// Meta names the article.
	Meta article.Meta
	// Article, Thread (the first page of its comments) and Images are
	// passed when the page has them already; otherwise saving fetches them.
	Article *article.Article
	Thread  *comment.Page
	Images  []string

	saved    bool
	progress string
	// self is the component's context. Saving outlives the button that
	// started it, and go-app drops a Dispatch from an unmounted element.
	self app.Context
}

func (b *saveButton) OnMount(ctx app.Context) {
	b.self = ctx
	_, lib := device()
	k, _ := lib.Get(b.Meta.Slug)
	b.saved = k.Saved
}

func (b *saveButton) save() {
	ctx := b.self
	m, a, first, images := b.Meta, b.Article, b.Thread, b.Images
	b.progress = "Saving…"
	ctx.Async(func() {
		err := func() error {
			bg := context.Background()
			if a == nil {
				got, err := source.Article(bg, m.Slug)
				if err != nil {
					return err
				}
				a, images = &got, article.Render([]byte(got.Markdown), got.MediaBase).Images
				if p, err := source.Page(bg, m.Slug, "", 0); err == nil {
					first = &p
				}
			}
			files, n, err := client.Keep(*a, first, images, func(done, total int) {
				ctx.Dispatch(func(app.Context) { b.progress = fmt.Sprintf("Saving… %d of %d", done, total) })
			})
			if err != nil {
				return err
			}
			_, lib := device()
			lib.Record(a.Meta, true, files, n, time.Now())
			client.PersistStorage()
			return nil
		}()
		ctx.Dispatch(func(app.Context) {
			if err != nil {
				b.progress = "Could not save: " + client.Reason(err)
				return
			}
			b.saved, b.progress = true, ""
		})
	})
}

func (b *saveButton) remove() {
	_, lib := device()
	if k, ok := lib.Remove(b.Meta.Slug); ok {
		client.Forget(k.Files)
	}
	b.saved = false
}

func (b *saveButton) Render() app.UI {
	switch {
	case b.progress != "":
		return app.P().Class("save-control").Body(
			app.Span().Class("save-progress").Attr("role", "status").Text(b.progress),
		)
	case b.saved:
		return app.P().Class("save-control").Body(
			app.Span().Class("saved-mark").Text("Saved for offline"),
			app.Button().Type("button").Class("link-button").Text("Remove").
				Aria("label", "Remove "+attrText(b.Meta.Title)+" from this device").
				OnClick(func(app.Context, app.Event) { b.remove() }),
		)
	}
	return app.P().Class("save-control").Body(
		app.Button().Type("button").Class("link-button save-button").Text("Save for offline").
			// The name starts with the visible text, so a reader who says
			// "click Save for offline" (voice control) reaches it.
			Aria("label", "Save for offline: "+attrText(b.Meta.Title)).
			OnClick(func(app.Context, app.Event) { b.save() }),
	)
}
