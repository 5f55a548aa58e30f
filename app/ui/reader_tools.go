package ui

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"folio/app/article"
	"folio/app/i18n"
)

// Listen and Share are browser APIs (Web Speech, Web Share, the clipboard):
// their behaviour is web/listen-share.js, which finds these controls by their
// data- attributes through event delegation, so it works the same on the
// prerendered page and after app.wasm has taken it over. The Go side only
// renders the markup, identical on both sides; what the script changes
// (voices found, playing, a selection) it keeps on <html> as data-
// attributes that the styles read, which the app never replaces.

// readerTools is the row of Listen and Share controls under an article's
// byline. The Listen controls stay hidden unless the browser has a voice.
// The bar that offers to share a selected quote and the status line that
// says a link was copied come with it; both are fixed at the bottom of the
// window. Constant markup through app.Raw costs app.wasm a string, not code.
func readerTools(l i18n.Lang) app.UI {
	return app.Raw(`<div class="reader-tools"><span class="listen">` +
		`<button type="button" class="listen-button listen-play" data-listen="play">` +
		`<span class="listen-start">` + l.T("Listen") + `</span><span class="listen-pause">` + l.T("Pause") + `</span><span class="listen-resume">` + l.T("Resume") + `</span></button>` +
		`<button type="button" class="listen-button listen-more" data-listen="rate">` + l.T("Speed") + ` <span class="listen-rate"></span></button>` +
		`<button type="button" class="listen-button listen-more" data-listen="stop">` + l.T("Stop") + `</button></span>` +
		`<button type="button" class="link-button share-button" data-share="page">` + l.T("Share") + `</button>` +
		`<div class="quote-bar"><button type="button" class="quote-button" data-share="quote">` + l.T("Share quote") + `</button></div>` +
		`<p class="share-status" role="status"></p></div>`)
}

// aroundNav is the end of an article: the next article and more from its
// first tag with others, as the server found them in the content index. They
// are the front page's cards, which costs app.wasm no new elements.
func aroundNav(l i18n.Lang, ar *article.Around) app.UI {
	if ar == nil || ar.Next == nil {
		return nil // the only article: nothing else to read
	}
	var more []app.UI
	if len(ar.More) > 0 {
		more = []app.UI{app.H2().Text(l.F("More from %s", ar.Tag)), cards(l, ar.More)}
	}
	return app.Nav().Class("around").Aria("label", attr(l.T("Read on"))).Body(
		app.H2().Text(l.T("Next article")), card(l, *ar.Next), app.Div().Body(more...))
}
