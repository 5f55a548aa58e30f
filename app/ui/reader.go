package ui

import (
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"folio/app/article"
	"folio/app/i18n"
)

// The reader's desk: the markup of the reading settings, the reading
// progress bar and "Back to top". Go only renders it, the same on the server
// and in the browser; what it does is browser work in web/reader.js (saving
// the settings on the device, following the scroll), and the settings are
// put on <html> before the first paint by web/reader-head.js, inlined in
// every page's <head>. Both find these elements by class and data-
// attributes, so they keep working when the app replaces the page's nodes.

// readerPanel is the masthead's "Aa" button and the settings it opens. A
// <details> opens and closes without app.wasm, by keyboard too; the radio
// buttons show the defaults until web/reader.js checks the reader's own.
// data-without-app: choosing here does not call for the app (web/takeover.js).
// It is raw HTML, made once from constants: the elements it is made of
// would each add their go-app type to app.wasm (+10 KB brotli measured).
func readerPanel(l i18n.Lang) app.UI { return app.Raw(l.HTML(readerPanelHTML)) }

// readerPanelHTML is the panel: a row per setting, each a group of radio
// buttons whose choice web/reader.js keeps on the device as
// data-reader-NAME on <html>, which web/folio.css styles. It is written out
// as a constant (TestReaderPanel checks it against the table of settings in
// reader_test.go, and prints it anew when a row is added, such as the
// language): app.wasm carries the markup, not the code that would make it.
const readerPanelHTML = `<details class="reader-panel" id="reader-panel" data-without-app><summary class="reader-panel-button">Aa <span class="visually-hidden">Reading settings</span></summary><form class="reader-settings" aria-label="Reading settings"><fieldset class="reader-row reader-size"><legend>Text size</legend><div class="reader-options"><label class="reader-option"><input type="radio" id="reader-size-85" name="reader-size" value="85"><span>85%</span></label><label class="reader-option"><input type="radio" id="reader-size-100" name="reader-size" value="100" checked><span>100%</span></label><label class="reader-option"><input type="radio" id="reader-size-115" name="reader-size" value="115"><span>115%</span></label><label class="reader-option"><input type="radio" id="reader-size-130" name="reader-size" value="130"><span>130%</span></label><label class="reader-option"><input type="radio" id="reader-size-150" name="reader-size" value="150"><span>150%</span></label></div></fieldset><fieldset class="reader-row reader-width"><legend>Column width</legend><div class="reader-options"><label class="reader-option"><input type="radio" id="reader-width-narrow" name="reader-width" value="narrow"><span>Narrow</span></label><label class="reader-option"><input type="radio" id="reader-width-medium" name="reader-width" value="medium" checked><span>Medium</span></label><label class="reader-option"><input type="radio" id="reader-width-wide" name="reader-width" value="wide"><span>Wide</span></label></div></fieldset><fieldset class="reader-row reader-spacing"><legend>Line spacing</legend><div class="reader-options"><label class="reader-option"><input type="radio" id="reader-spacing-tight" name="reader-spacing" value="tight"><span>Tight</span></label><label class="reader-option"><input type="radio" id="reader-spacing-normal" name="reader-spacing" value="normal" checked><span>Normal</span></label><label class="reader-option"><input type="radio" id="reader-spacing-loose" name="reader-spacing" value="loose"><span>Loose</span></label></div></fieldset><fieldset class="reader-row reader-font"><legend>Typeface</legend><div class="reader-options"><label class="reader-option"><input type="radio" id="reader-font-serif" name="reader-font" value="serif" checked><span>Serif</span></label><label class="reader-option"><input type="radio" id="reader-font-sans" name="reader-font" value="sans"><span>Sans</span></label></div></fieldset><fieldset class="reader-row reader-theme"><legend>Theme</legend><div class="reader-options"><label class="reader-option"><input type="radio" id="reader-theme-auto" name="reader-theme" value="auto" checked><span>Auto</span></label><label class="reader-option"><input type="radio" id="reader-theme-light" name="reader-theme" value="light"><span>Light</span></label><label class="reader-option"><input type="radio" id="reader-theme-dark" name="reader-theme" value="dark"><span>Dark</span></label><label class="reader-option"><input type="radio" id="reader-theme-sepia" name="reader-theme" value="sepia"><span>Sepia</span></label></div></fieldset><fieldset class="reader-row reader-lang"><legend>Language</legend><div class="reader-options"><label class="reader-option"><input type="radio" id="reader-lang-auto" name="reader-lang" value="auto" checked><span>Auto</span></label><label class="reader-option"><input type="radio" id="reader-lang-en" name="reader-lang" value="en"><span>English</span></label><label class="reader-option"><input type="radio" id="reader-lang-zh" name="reader-lang" value="zh"><span>中文</span></label></div></fieldset></form></details>`

// readingProgress is the bar along the top of an article and "N min left",
// which web/reader.js moves as the reader scrolls through the text. It
// counts the words left at article.WordsPerMinute, the rate of the byline's
// "N min read": at the top both say the same.
func readingProgress(l i18n.Lang, a article.Article) app.UI {
	words := article.CountWords([]byte(a.Markdown))
	n, wpm := strconv.Itoa(words), strconv.Itoa(article.WordsPerMinute)
	left := strconv.Itoa((words + article.WordsPerMinute - 1) / article.WordsPerMinute)
	// Raw for the same reason as readerPanel; the values are numbers.
	// "{n} min left" is web/reader.js's, which puts the minutes in.
	return app.Raw(l.HTML(`<div class="reading-progress" role="progressbar" aria-label="Reading progress" aria-valuemin="0" aria-valuemax="100" aria-valuenow="0" data-words="`+n+`" data-wpm="`+wpm+`">`+
		`<div class="reading-progress-bar"></div><span class="reading-left" data-left="`) + l.T("{n} min left") + `" data-done="` + l.T("Finished") + `">` +
		strings.Replace(l.T("{n} min left"), "{n}", left, 1) + `</span></div>`)
}

// backToTop ends an article. Without scripts it is a skip link to the page's
// main content; web/reader.js scrolls to the very top and puts focus there.
func backToTop(l i18n.Lang) app.UI {
	return app.Raw(`<p class="back-to-top-line"><a class="back-to-top" href="#main">` + l.T("Back to top") + `</a></p>`)
}
