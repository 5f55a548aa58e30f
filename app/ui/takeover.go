package ui

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// AwaitTakeOver holds the browser program between its start-up and its
// first render, until the page's start-up script (web/takeover.js, in
// /app.js) calls folioGo: the program's own start-up (the Go runtime,
// package set-up, Register reading the page's data) and the take-over of
// the prerendered page are then two tasks, each shorter, and the second
// runs when the reader can be interrupted. Without that script, and on the
// server, it returns at once. Call it after Register, before
// app.RunWhenOnBrowser.
func AwaitTakeOver() {
	if !app.IsClient || !app.Window().Get("folioTakeOver").Truthy() {
		return
	}
	due := make(chan struct{})
	var goFunc app.Func
	goFunc = app.FuncOf(func(app.Value, []app.Value) any {
		app.Window().Set("folioGo", nil)
		goFunc.Release()
		close(due)
		return nil
	})
	app.Window().Set("folioGo", goFunc)
	<-due
}
