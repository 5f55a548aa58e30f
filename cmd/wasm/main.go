// Command wasm is Folio's browser program, built to web/app.wasm.
package main

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"folio/app/ui"
)

func main() {
	ui.Register()
	ui.AwaitTakeOver()
	app.RunWhenOnBrowser()
}
