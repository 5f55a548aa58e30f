package ui

import (
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"folio/app/comment"
	"folio/app/i18n"
)

// reactionBar is a published comment's score between its vote buttons, and
// its reactions with their counts, as the server counted them (data-n).
// web/social.js does the rest in the browser: it presses this device's own
// say, shows it in the counts at once, keeps it and sends it, offline too.
// It is written as markup: a bar costs app.wasm one string, not a tree of
// elements.
func reactionBar(l i18n.Lang, c comment.Comment) app.UI {
	if c.Status != comment.Published || strings.ContainsAny(c.ID, `"'<>& `) {
		return nil // ids are validated as [A-Za-z0-9_-]; anything else gets no bar
	}
	score := strconv.Itoa(c.Score)
	var b strings.Builder
	b.WriteString(`<div class="reactions" data-c="` + c.ID + `" role="group" aria-label="` + l.T("Reactions") + `">` +
		`<button type="button" class="vote" data-say="1" aria-label="` + l.T("Vote up") + `">▲</button>` +
		`<span class="score" title="` + l.T("Score") + `" data-n="` + score + `">` + score + `</span>` +
		`<button type="button" class="vote" data-say="-1" aria-label="` + l.T("Vote down") + `">▼</button>`)
	for i, e := range comment.Emojis {
		n := ""
		if c.Reactions[i] > 0 {
			n = strconv.Itoa(c.Reactions[i])
		}
		b.WriteString(`<button type="button" class="react" data-say="` + e + `" data-n="` + n + `">` + e + `<span class="n">` + n + `</span></button>`)
	}
	return app.Raw(b.String() + `</div>`)
}
