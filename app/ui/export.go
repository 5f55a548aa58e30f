package ui

import (
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"folio/app/client"
)

// A static export (folio build) is served by plain file hosts, which keep
// each page as DIR/index.html and redirect /a/slug to /a/slug/. Routes
// therefore take an optional trailing slash, and paths are read through
// trimSlash.

// optSlash ends a route pattern: the path with or without a trailing slash.
const optSlash = `/?$`

// trimSlash drops a trailing slash, except from "/".
func trimSlash(p string) string {
	if len(p) > 1 {
		return strings.TrimSuffix(p, "/")
	}
	return p
}

// after is what follows prefix in path, without a trailing slash.
func after(path, prefix string) string {
	return trimSlash(strings.TrimPrefix(path, prefix))
}

// readExport tells the client how the site is laid out, from the variables
// folio build put in app.js (none when folio serve serves the page).
func readExport() {
	client.SetExport(client.ExportFromEnv(app.Getenv))
}
