//go:build js && wasm

// Command wasmprobe is a small browser program for TestWasmCodeCache: it
// renders Markdown over and over, so V8 optimizes enough of it to keep its
// compiled code, then says so and waits.
package main

import (
	"bytes"
	"strings"
	"syscall/js"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
)

func main() {
	md := goldmark.New(goldmark.WithExtensions(extension.GFM, extension.Footnote, extension.DefinitionList, extension.Typographer))
	src := []byte(strings.Repeat("# Title\n\nSome *text* with `code`, a [link](https://example.com) and \"quotes\".\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n- item\n- [x] done\n\nTerm\n: Definition[^1]\n\n[^1]: A note.\n\n", 300))
	var buf bytes.Buffer
	for range 60 {
		buf.Reset()
		if err := md.Convert(src, &buf); err != nil {
			panic(err)
		}
	}
	js.Global().Set("wasmprobeDone", true)
	select {}
}
