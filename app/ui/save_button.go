package ui

import (
	"errors"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"folio/app/article"
	"folio/app/client"
	"folio/app/comment"
	"folio/app/i18n"
)

// saveButton keeps an article on this device on purpose ("save for
// offline"), fetching it first when it was never opened, with visible
// progress; once saved it offers to remove it.
type saveButton struct {
	app.Compo

	// Lang is the interface's language.
	Lang i18n.Lang
	// Meta names the article.
	Meta article.Meta
	// Article, Thread (the first page of its comments) and Images are
	// passed when the page has them already; otherwise saving fetches them.
	Article *article.Article
	Thread  *comment.Page
	Images  []string

	saved bool
	// queued: the reader asked to save it offline; it is saved when the
	// network returns (see finishSaves).
	queued   bool
	progress string
	// self is the component's context. Saving outlives the button that
	// started it, and go-app drops a Dispatch from an unmounted element.
	self app.Context
}

func (b *saveButton) OnMount(ctx app.Context) {
	b.self = ctx
	b.sync()
	ctx.Handle(libraryAction, func(app.Context, app.Action) { b.sync() })
}

// sync reads the article's state from the device, which another tab or a
// queued save may have changed.
func (b *saveButton) sync() {
	_, lib := device()
	k, _ := lib.Get(b.Meta.Slug)
	b.saved, b.queued = k.Saved, !k.Saved && lib.SaveQueued(b.Meta.Slug)
}

func (b *saveButton) save() {
	ctx := b.self
	m, a, first, images := b.Meta, b.Article, b.Thread, b.Images
	b.progress = b.Lang.T("Saving…")
	ctx.Async(func() {
		err := saveArticle(m, a, first, images, func(done, total int) {
			ctx.Dispatch(func(app.Context) { b.progress = b.Lang.F("Saving… %d of %d", done, total) })
		})
		offline := errors.Is(err, client.ErrOffline)
		if offline {
			_, lib := device()
			lib.QueueSave(m)
			client.PersistStorage()
		}
		ctx.Dispatch(func(app.Context) {
			switch {
			case offline:
				b.queued, b.progress = true, ""
			case err != nil:
				b.progress = b.Lang.F("Could not save: %s", client.Reason(err))
			default:
				b.saved, b.progress = true, ""
			}
		})
	})
}

// cancel drops a save queued for when the network returns.
func (b *saveButton) cancel() {
	_, lib := device()
	lib.Unqueue(b.Meta.Slug)
	b.queued = false
}

func (b *saveButton) remove() {
	_, lib := device()
	drop := lib.Remove(b.Meta.Slug)
	b.self.Async(func() { evict(drop) })
	b.saved = false
}

func (b *saveButton) Render() app.UI {
	switch {
	case b.progress != "":
		return app.P().Class("save-control").Body(
			app.Span().Class("save-progress").Attr("role", "status").Text(b.progress),
		)
	case b.queued:
		return app.P().Class("save-control").Body(
			app.Span().Class("save-progress").Attr("role", "status").Text(b.Lang.T("Saving when back online")),
			app.Button().Type("button").Class("link-button").Text(b.Lang.T("Cancel")).
				OnClick(func(app.Context, app.Event) { b.cancel() }),
		)
	case b.saved:
		return app.P().Class("save-control").Body(
			app.Span().Class("saved-mark").Text(b.Lang.T("Saved for offline")),
			app.Button().Type("button").Class("link-button").Text(b.Lang.T("Remove")).
				Aria("label", attr(b.Lang.F("Remove %s from this device", attrText(b.Meta.Title)))).
				OnClick(func(app.Context, app.Event) { b.remove() }),
		)
	}
	return app.P().Class("save-control").Body(
		app.Button().Type("button").Class("link-button save-button").Text(b.Lang.T("Save for offline")).
			// The name starts with the visible text, so a reader who says
			// "click Save for offline" (voice control) reaches it.
			Aria("label", attr(b.Lang.F("Save for offline: %s", attrText(b.Meta.Title)))).
			OnClick(func(app.Context, app.Event) { b.save() }),
	)
}
