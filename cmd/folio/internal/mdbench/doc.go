// Package mdbench holds the Markdown benchmark (make bench-markdown):
// bench.js times Folio's article renderer, compiled to wasm by the render
// command, beside marked in one Node process. The package's test checks
// that the wasm renderer gives the same HTML as the server's.
package mdbench
