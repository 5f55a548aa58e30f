//go:build js && wasm

// Command render is Folio's article renderer alone, for the Markdown
// benchmark (make bench-markdown): built with app.wasm's flags, it exports
// one JavaScript function, globalThis[NAME](markdown) → HTML, that runs
// article.Render exactly as the browser program does. NAME is the first
// argument (default "folioRender"), so one Node process can load two builds
// side by side.
package main

import (
	"os"
	"syscall/js"

	"folio/app/article"
)

func main() {
	name := "folioRender"
	if len(os.Args) > 1 {
		name = os.Args[1]
	}
	js.Global().Set(name, js.FuncOf(func(_ js.Value, args []js.Value) any {
		if len(args) < 1 || args[0].Type() != js.TypeString {
			return js.Null()
		}
		return article.Render([]byte(args[0].String()), "/media/").HTML
	}))
	select {} // serve calls until the process exits
}
