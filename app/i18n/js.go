//go:build !(js && wasm)

package i18n

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
)

// JS is web/i18n.js: the catalogue and its helpers for the browser's plain
// scripts (and app.wasm, which reads its table). TestJSFile keeps the file
// in step with the table; `go test ./app/i18n -update` writes it.
func JS() ([]byte, error) {
	keys := make([]string, 0, len(zh))
	for k := range zh {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var table bytes.Buffer
	table.WriteString("{\n")
	for i, k := range keys {
		kb, err := json.Marshal(k)
		if err != nil {
			return nil, fmt.Errorf("i18n.js: %w", err)
		}
		vb, err := json.Marshal(zh[k])
		if err != nil {
			return nil, fmt.Errorf("i18n.js: %w", err)
		}
		sep := ","
		if i == len(keys)-1 {
			sep = ""
		}
		fmt.Fprintf(&table, "    %s: %s%s\n", kb, vb, sep)
	}
	table.WriteString("  }")
	return []byte(fmt.Sprintf(jsTemplate, Cookie, table.String())), nil
}

// jsTemplate is web/i18n.js around its table. Its choice of language is
// Choose's, over navigator.languages; its dates follow the layouts of the
// catalogue (the tokens Go's time package reads, those the layouts use).
const jsTemplate = `// Folio's interface text in the browser. GENERATED from app/i18n by
// "go test ./app/i18n -update": edit app/i18n/zh.go, not this file.
//
// Loaded first of the page's scripts, before app.wasm starts. It chooses the
// interface language as the server does: the reader's choice in the
// %[1]s cookie (set in the reading settings, web/reader.js), else the first
// of navigator.languages that Folio speaks, else English. A page made in
// another language (a static export's, or one kept from before the reader
// chose) gets its <html lang> changed, and app.wasm, which reads it, renders
// in the reader's language. Scripts call folioI18n.t("English text"),
// .f(key, args...) for %%s and %%d, .n(count, one, other) and .date(d).
(function () {
  "use strict";
  var zh = %[2]s;
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December"];
  function choose() {
    var m = /(?:^|;\s*)%[1]s=(en|zh)(?:;|$)/.exec(document.cookie);
    if (m) return m[1];
    var list = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || ""];
    for (var i = 0; i < list.length; i++) {
      var p = String(list[i]).toLowerCase().split(/[-_]/)[0];
      if (p === "en" || p === "zh") return p;
    }
    return "en";
  }
  var lang = choose();
  var tag = lang === "zh" ? "zh-Hans" : "en";
  var root = document.documentElement;
  if (root.getAttribute("lang") !== tag) root.setAttribute("lang", tag);
  function t(key) {
    return lang === "zh" && Object.prototype.hasOwnProperty.call(zh, key) ? zh[key] : key;
  }
  function f(key) {
    var args = arguments, i = 1;
    return t(key).replace(/%%[sd%%]/g, function (v) { return v === "%%%%" ? "%%" : String(args[i++]); });
  }
  // n is one or other as N chooses them, with count for the first %%d and
  // any further arguments after it.
  function n(count, one, other) {
    var args = Array.prototype.slice.call(arguments, 3);
    return f.apply(null, [count === 1 && lang === "en" ? one : other, count].concat(args));
  }
  function pad(v) { return v < 10 ? "0" + v : String(v); }
  // format writes d by one of the catalogue's layouts, in local time.
  function format(d, layout) {
    return t(layout).replace(/2006|January|Jan|15|04|1|2/g, function (k) {
      switch (k) {
        case "2006": return String(d.getFullYear());
        case "January": return MONTHS[d.getMonth()];
        case "Jan": return MONTHS[d.getMonth()].slice(0, 3);
        case "15": return pad(d.getHours());
        case "04": return pad(d.getMinutes());
        case "1": return String(d.getMonth() + 1);
        default: return String(d.getDate());
      }
    });
  }
  window.folioI18n = {
    lang: lang, tag: tag, zh: zh, t: t, f: f, n: n, format: format,
    date: function (d) { return format(d, "2 January 2006"); },
    dateTime: function (d) { return format(d, "2 Jan 2006, 15:04"); }
  };
})();
`
