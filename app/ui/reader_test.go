package ui

import (
	"strings"
	"testing"
)

// readerSetting is one row of the settings panel: a group of radio buttons
// whose choice web/reader.js keeps on the device as data-reader-NAME on
// <html>, which web/folio.css styles.
type readerSetting struct {
	name, legend string
	values       []string // as stored and set on <html>
	labels       []string // what the reader sees
	def          int      // the default's index
}

// readerSettings are the panel's rows. A later row is one more entry here
// and one more key in web/reader-head.js and web/reader.js. The language is
// not put on <html> as the others are: web/reader.js keeps it in a cookie
// for the server, which makes the page in it.
var readerSettings = []readerSetting{
	{"size", "Text size", []string{"85", "100", "115", "130", "150"}, []string{"85%", "100%", "115%", "130%", "150%"}, 1},
	{"width", "Column width", []string{"narrow", "medium", "wide"}, []string{"Narrow", "Medium", "Wide"}, 1},
	{"spacing", "Line spacing", []string{"tight", "normal", "loose"}, []string{"Tight", "Normal", "Loose"}, 1},
	{"font", "Typeface", []string{"serif", "sans"}, []string{"Serif", "Sans"}, 0},
	{"theme", "Theme", []string{"auto", "light", "dark", "sepia"}, []string{"Auto", "Light", "Dark", "Sepia"}, 0},
	{"lang", "Language", []string{"auto", "en", "zh"}, []string{"Auto", "English", "中文"}, 0},
}

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

// TestReaderPanel checks the panel's markup is the table's: a row per
// setting, an option per value, the default checked.
func TestReaderPanel(t *testing.T) {
	if want := panelHTML(readerSettings); readerPanelHTML != want {
		t.Errorf("readerPanelHTML is not what the settings make; set it to:\n%s", want)
	}
}
