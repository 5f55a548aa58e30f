// Package web holds the static files served under /web/: styles, scripts,
// icons and the built app.wasm (with its precompressed copies).
package web

import "embed"

// Files is the web folder as built. app.wasm is present once `make wasm` ran.
//
//go:embed *
var Files embed.FS
