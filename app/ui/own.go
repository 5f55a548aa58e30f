package ui

import (
	"html"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"folio/app/client"
	"folio/app/comment"
)

// ownState is a comment section's state for the reader's own comments.
type ownState struct {
	editing, confirming string // the comment being edited, or asked about deleting
	err                 string
	timed               map[string]bool // comments with a timer to end their window
	// queued are the edits and deletes of the thread's comments made on
	// this device: waiting, sent a moment ago, or refused.
	queued map[string]client.OwnChange
	// kept are the comments as they were when changed, for a thread read
	// before they were posted.
	kept []comment.Comment
}

// ownWatch adds, once, the listener for what web/own.js reports.
var ownWatch sync.Once

// refreshOwn reads the thread's changes kept on this device. web/own.js
// sends them and says when the server answered one, with a "folio:ownq"
// event naming the article: its thread is then read again.
func (s *commentSection) refreshOwn() {
	if !app.IsClient {
		return
	}
	s.own.queued = client.OwnChanges(client.LocalStorage(), s.Article, time.Now())
	s.own.kept = s.own.kept[:0]
	for _, ch := range s.own.queued {
		if ch.Comment != nil {
			s.own.kept = append(s.own.kept, *ch.Comment)
		}
	}
	ownWatch.Do(func() {
		app.Window().Call("addEventListener", "folio:ownq", app.FuncOf(func(_ app.Value, args []app.Value) any {
			slug := args[0].Get("detail").String()
			outboxSync.mu.Lock()
			ctx, ok := outboxSync.ctx, outboxSync.hasCtx // the app bar's: always mounted
			outboxSync.mu.Unlock()
			if ok {
				ctx.Dispatch(func(ctx app.Context) {
					ctx.NewActionWithValue(outboxAction, []comment.Comment(nil))
					ctx.NewActionWithValue(threadReloadAction, slug)
				})
			}
			return nil
		}))
	})
}

// withOwn is c as this device shows it: with the change its reader made
// here, unless the server refused it.
func (s *commentSection) withOwn(c comment.Comment) comment.Comment {
	ch, ok := s.own.queued[c.ID]
	switch {
	case !ok || ch.Reason != "" || c.Status != comment.Published:
	case ch.Delete:
		c.Status, c.ByAuthor, c.Author, c.Body, c.HTML = comment.Deleted, true, "", "", ""
	default:
		c.Body, c.HTML = ch.Body, ""
	}
	return c
}

// ownNote says that a comment was edited by its author, that the reader's
// change waits to be sent, or why the server refused it, with the text the
// reader wrote to copy.
func (s *commentSection) ownNote(c comment.Comment) app.UI {
	l := s.Lang
	ch, ok := s.own.queued[c.ID]
	reason := html.EscapeString(ch.Reason)
	refused, waiting := l.F("Your edit was not saved: %s", reason), l.T("edit waiting to be sent")
	if ch.Delete {
		refused, waiting = l.F("Your delete was not saved: %s", reason), l.T("delete waiting to be sent")
	}
	switch {
	case ok && ch.Reason != "":
		text := ""
		if !ch.Delete {
			text = `<textarea readonly rows="3" aria-label="` + l.T("The text of your edit") + `">` + html.EscapeString(ch.Body) + `</textarea>` +
				`<button type="button" class="link-button" data-ownq-copy>` + l.T("Copy your text") + `</button>`
		}
		return app.Raw(`<div class="own-refused" role="alert"><p>` + refused + `</p>` +
			text + `<button type="button" class="link-button" data-ownq-dismiss="` + html.EscapeString(ch.ID) + `">` + l.T("Dismiss") + `</button></div>`)
	case ok && ch.Sent == 0:
		return app.Raw(`<span class="badge badge-waiting" data-ownq="` + strconv.FormatInt(ch.Made, 10) + `">` + waiting + `</span>`)
	}
	if c.Edited.IsZero() || c.Status != comment.Published {
		return nil
	}
	return app.Span().Class("comment-edited").Text(l.T("edited"))
}

// ownActions offers the device that posted c to edit or delete it, for
// comment.EditWindow after it was posted; a timer takes the offer away. A
// comment still in the outbox can be edited there (and discarded).
// Its buttons are markup with data-own, served by one handler: each go-app
// element and handler adds to app.wasm.
func (s *commentSection) ownActions(c comment.Comment) app.UI {
	queued := c.Status == comment.Sending
	if !app.IsClient || !queued && (client.SecretOf(client.LocalStorage(), c.ID) == "" || !comment.Editable(c, time.Now())) {
		return nil
	}
	o := &s.own
	if o.timed == nil {
		o.timed = map[string]bool{}
	}
	if !queued && !o.timed[c.ID] && s.ctx.Context != nil { // mounted: OnMount set it
		o.timed[c.ID] = true
		s.ctx.After(time.Until(c.Created.Add(comment.EditWindow)), func(app.Context) {})
	}
	button := func(act, class, label string) string {
		return `<button type="button" class="` + class + `" data-own="` + act + `">` + label + `</button>`
	}
	l := s.Lang
	markup := button("edit", "link-button", l.T("Edit"))
	if !queued {
		markup += button("ask", "link-button", l.T("Delete"))
	}
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
		switch e.Get("target").Get("dataset").Get("own").String() {
		case "edit":
			o.editing, o.confirming, o.err = c.ID, "", ""
			ctx.Defer(func(app.Context) { setField("own-body", c.Body); focus("own-body") })
		case "ask":
			o.confirming, o.editing, o.err = c.ID, "", ""
		case "cancel":
			o.editing, o.confirming, o.err = "", "", ""
		case "save":
			s.changeOwn(c, false, app.Window().GetElementByID("own-body").Get("value").String())
		case "delete":
			s.changeOwn(c, true, "")
		}
	})
}

// changeOwn keeps the reader's edit (text) or delete of c on the device and
// shows it at once; web/own.js sends it, now or when the network is back.
// A comment still in the outbox is changed there.
func (s *commentSection) changeOwn(c comment.Comment, del bool, text string) {
	o := &s.own
	c.Body = strings.TrimSpace(text)
	if err := comment.Validate(c); err != nil && !del {
		o.err = reason(s.Lang, err)
		return
	}
	ob, _ := device()
	if c.Status == comment.Sending {
		if !ob.Change(c.ID, c.Body, time.Now()) {
			o.err = "Your comment is being posted: edit it once it shows as posted."
			return
		}
	} else {
		ch := client.OwnChange{ID: c.ID, Article: c.Article, Delete: del, Body: c.Body, Made: time.Now().UnixMilli()}
		for _, x := range s.all() {
			if x.ID == c.ID {
				ch.Comment = &x
				break
			}
		}
		client.QueueOwn(client.LocalStorage(), ch)
		client.PersistStorage()
	}
	o.editing, o.confirming, o.err = "", "", ""
	s.refresh()
}
