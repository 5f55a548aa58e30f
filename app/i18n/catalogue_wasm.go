//go:build js && wasm

package i18n

import "syscall/js"

// In the browser, the Chinese table is web/i18n.js's, which every page loads
// before app.wasm starts: app.wasm carries the keys (its own English text)
// and not a second copy of the translations.
var zh map[string]string

func lookup(key string) (string, bool) {
	if zh == nil {
		zh = map[string]string{}
		table := js.Global().Get("folioI18n")
		if table.Truthy() {
			table = table.Get("zh")
			keys := js.Global().Get("Object").Call("keys", table)
			for i := range keys.Length() {
				k := keys.Index(i).String()
				zh[k] = table.Get(k).String()
			}
		}
	}
	s, ok := zh[key]
	return s, ok
}
