package ui

import (
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"folio/app/comment"
)

// previewPane is the Preview switch of the form whose text field is id,
// and when it is on, text as it will be posted: rendered by comment.Render,
// the renderer the server stores comments with.
func (s *commentSection) previewPane(id, text string) app.UI {
	on := s.previewing == id
	label := s.Lang.T("Preview")
	if on {
		label = s.Lang.T("Hide preview")
	}
	return app.Div().Class("comment-preview").Body(
		app.Button().Type("button").Class("link-button").Aria("expanded", s.previewing == id).Aria("controls", attr(id+"-preview")).Text(label).
			OnClick(func(app.Context, app.Event) {
				if on {
					s.previewing = ""
				} else {
					s.previewing = id
				}
			}),
		app.If(on, func() app.UI {
			html := `<p class="comment-preview-empty">` + s.Lang.T("Nothing to preview yet.") + `</p>`
			if strings.TrimSpace(text) != "" {
				html = comment.Render(strings.TrimSpace(text))
			}
			return app.Raw(`<div id="` + id + `-preview" class="comment-body comment-preview-body" aria-live="polite">` + html + `</div>`)
		}),
	)
}
