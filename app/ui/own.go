package ui

import (
	"context"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"folio/app/client"
	"folio/app/comment"
	"folio/app/i18n"
)

// ownState is a comment section's state for the reader's own comments.
type ownState struct {
	editing, confirming string // the comment being edited, or asked about deleting
	err                 string
	busy                bool
	timed               map[string]bool // comments with a timer to end their window
}

// editedNote says that a comment was edited by its author.
func editedNote(l i18n.Lang, c comment.Comment) app.UI {
	if c.Edited.IsZero() || c.Status != comment.Published {
		return nil
	}
	return app.Span().Class("comment-edited").Text(l.T("edited"))
}

// ownActions offers the device that posted c to edit or delete it, for
// comment.EditWindow after it was posted; a timer takes the offer away.
// Its buttons are markup with data-own, served by one handler: each go-app
// element and handler adds to app.wasm.
func (s *commentSection) ownActions(c comment.Comment) app.UI {
	if !app.IsClient || client.SecretOf(client.LocalStorage(), c.ID) == "" || !comment.Editable(c, time.Now()) {
		return nil
	}
	o := &s.own
	if o.timed == nil {
		o.timed = map[string]bool{}
	}
	if !o.timed[c.ID] && s.ctx.Context != nil { // mounted: OnMount set it
		o.timed[c.ID] = true
		s.ctx.After(time.Until(c.Created.Add(comment.EditWindow)), func(app.Context) {})
	}
	button := func(act, class, label string) string {
		return `<button type="button" class="` + class + `" data-own="` + act + `">` + label + `</button>`
	}
	l := s.Lang
	markup := button("edit", "link-button", l.T("Edit")) + button("ask", "link-button", l.T("Delete"))
	switch {
	case o.editing == c.ID:
		markup = `<textarea id="own-body" aria-label="` + l.T("Your comment") + `" rows="4" maxlength="5000"></textarea>` +
			button("save", "button", l.T("Save")) + button("cancel", "link-button", l.T("Cancel"))
	case o.confirming == c.ID:
		markup = `<span>` + l.T("Delete your comment?") + `</span>` + button("delete", "link-button", l.T("Delete")) + button("cancel", "link-button", l.T("Keep it"))
	}
	return app.Div().Class("comment-own").Body(
		app.Raw(`<div class="comment-own-actions">`+markup+`</div>`),
		app.If(o.err != "" && (o.editing == c.ID || o.confirming == c.ID), func() app.UI {
			return app.P().Class("form-error").Attr("role", "alert").Text(o.err)
		}),
	).OnClick(func(ctx app.Context, e app.Event) {
		if o.busy {
			return
		}
		switch e.Get("target").Get("dataset").Get("own").String() {
		case "edit":
			o.editing, o.confirming, o.err = c.ID, "", ""
			ctx.Defer(func(app.Context) { setField("own-body", c.Body); focus("own-body") })
		case "ask":
			o.confirming, o.editing, o.err = c.ID, "", ""
		case "cancel":
			o.editing, o.confirming, o.err = "", "", ""
		case "save":
			s.changeOwn(ctx, c.ID, "PUT", app.Window().GetElementByID("own-body").Get("value").String())
		case "delete":
			s.changeOwn(ctx, c.ID, "DELETE", "")
		}
	})
}

// changeOwn sends the edit (PUT, with text) or delete (DELETE) of comment
// id, then reads the thread again to show it.
func (s *commentSection) changeOwn(ctx app.Context, id, method, text string) {
	o := &s.own
	secret := client.SecretOf(client.LocalStorage(), id)
	o.busy, o.err = true, ""
	ctx.Async(func() {
		bg, cancel := context.WithTimeout(context.Background(), 15*time.Second)
		defer cancel()
		_, err := client.Client{}.ChangeOwn(bg, method, id, secret, text)
		ctx.Dispatch(func(ctx app.Context) {
			o.busy = false
			if err != nil {
				o.err = client.Reason(err)
				return
			}
			o.editing, o.confirming = "", ""
			ctx.NewActionWithValue(threadReloadAction, s.Article)
		})
	})
}
