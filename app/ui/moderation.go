package ui

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"folio/app/comment"
	"folio/app/i18n"
)

// pinnedFirst puts the threads a moderator pinned before the others,
// keeping each group in its order.
func pinnedFirst(roots []*comment.Node) []*comment.Node {
	out := make([]*comment.Node, 0, len(roots))
	for _, pinned := range []bool{true, false} {
		for _, n := range roots {
			if n.Pinned == pinned {
				out = append(out, n)
			}
		}
	}
	return out
}

// honeypot is a field people never see nor reach, and a screen reader
// never announces, but that robots filling every field of a form fill in:
// the server refuses a comment that comes with it filled. It is raw markup
// read at submit (trapValue), not component state: app.wasm's budget.
func honeypot(l i18n.Lang, form string) app.UI {
	return app.Raw(`<div class="hp" aria-hidden="true"><label for="` + form + `-website">` + l.T("Website (leave empty)") + `</label>` +
		`<input id="` + form + `-website" name="website" type="text" tabindex="-1" autocomplete="off"></div>`)
}

// trapValue is what the honeypot of the form for parent holds.
func trapValue(parent string) string {
	id := "comment-body-website"
	if parent != "" {
		id = "reply-body-website"
	}
	if el := app.Window().GetElementByID(id); el.Truthy() {
		return el.Get("value").String()
	}
	return ""
}
