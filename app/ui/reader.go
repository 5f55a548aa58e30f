package ui

import (
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"folio/app/article"
)

// The reader's desk: the markup of the reading settings, the reading
// progress bar and "Back to top". Go only renders it, the same on the server
// and in the browser; what it does is browser work in web/reader.js (saving
// the settings on the device, following the scroll), and the settings are
// put on <html> before the first paint by web/reader-head.js, inlined in
// every page's <head>. Both find these elements by class and data-
// attributes, so they keep working when the app replaces the page's nodes.

// readerSetting is one row of the settings panel: a group of radio buttons
// whose choice web/reader.js keeps on the device as data-reader-NAME on
// <html>, which web/folio.css styles.
type readerSetting struct {
	name, legend string
	values       []string // as stored and set on <html>
	labels       []string // what the reader sees
	def          int      // the default's index
}

// readerSettings are the panel's rows. A later row (the language) is one
// more entry here and one more key in web/reader-head.js and web/reader.js.
var readerSettings = []readerSetting{
	{"size", "Text size", []string{"85", "100", "115", "130", "150"}, []string{"85%", "100%", "115%", "130%", "150%"}, 1},
	{"width", "Column width", []string{"narrow", "medium", "wide"}, []string{"Narrow", "Medium", "Wide"}, 1},
	{"spacing", "Line spacing", []string{"tight", "normal", "loose"}, []string{"Tight", "Normal", "Loose"}, 1},
	{"font", "Typeface", []string{"serif", "sans"}, []string{"Serif", "Sans"}, 0},
	{"theme", "Theme", []string{"auto", "light", "dark", "sepia"}, []string{"Auto", "Light", "Dark", "Sepia"}, 0},
}

// readerPanel is the masthead's "Aa" button and the settings it opens. A
// <details> opens and closes without app.wasm, by keyboard too; the radio
// buttons show the defaults until web/reader.js checks the reader's own.
// data-without-app: choosing here does not call for the app (web/takeover.js).
// It is raw HTML, made once from constants: the elements it is made of
// would each add their go-app type to app.wasm (+10 KB brotli measured).
func readerPanel() app.UI { return app.Raw(readerPanelHTML) }

var readerPanelHTML = panelHTML(readerSettings)

// panelHTML writes the panel. Every value in it is a constant of this file.
func panelHTML(rows []readerSetting) string {
	var b strings.Builder
	b.WriteString(`<details class="reader-panel" id="reader-panel" data-without-app><summary class="reader-panel-button">Aa <span class="visually-hidden">Reading settings</span></summary>`)
	b.WriteString(`<form class="reader-settings" aria-label="Reading settings">`)
	for _, s := range rows {
		b.WriteString(`<fieldset class="reader-row reader-` + s.name + `"><legend>` + s.legend + `</legend><div class="reader-options">`)
		for i, v := range s.values {
			id := "reader-" + s.name + "-" + v
			checked := ""
			if i == s.def {
				checked = " checked"
			}
			b.WriteString(`<label class="reader-option"><input type="radio" id="` + id + `" name="reader-` + s.name + `" value="` + v + `"` + checked + `><span>` + s.labels[i] + `</span></label>`)
		}
		b.WriteString(`</div></fieldset>`)
	}
	b.WriteString(`</form></details>`)
	return b.String()
}

// readingProgress is the bar along the top of an article and "N min left",
// which web/reader.js moves as the reader scrolls through the text. It
// counts the words left at article.WordsPerMinute, the rate of the byline's
// "N min read": at the top both say the same.
func readingProgress(a article.Article) app.UI {
	words := article.CountWords([]byte(a.Markdown))
	n, wpm := strconv.Itoa(words), strconv.Itoa(article.WordsPerMinute)
	left := strconv.Itoa((words + article.WordsPerMinute - 1) / article.WordsPerMinute)
	// Raw for the same reason as readerPanel; the values are numbers.
	return app.Raw(`<div class="reading-progress" role="progressbar" aria-label="Reading progress" aria-valuemin="0" aria-valuemax="100" aria-valuenow="0" data-words="` + n + `" data-wpm="` + wpm + `">` +
		`<div class="reading-progress-bar"></div><span class="reading-left" data-left="{n} min left" data-done="Finished">` + left + ` min left</span></div>`)
}

// backToTop ends an article. Without scripts it is a skip link to the page's
// main content; web/reader.js scrolls to the very top and puts focus there.
func backToTop() app.UI {
	return app.P().Class("back-to-top-line").Body(
		app.A().Class("back-to-top").Href("#main").Text("Back to top"),
	)
}
