// Command precompress writes FILE.br and FILE.gz beside each FILE given, at
// the highest levels, so the server sends app.wasm compressed without spending
// CPU on every request. It prints the sizes (for `make bench-details` too).
package main

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"os"

	"github.com/andybalholm/brotli"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: precompress FILE...")
		os.Exit(2)
	}
	for _, name := range os.Args[1:] {
		if err := compress(name); err != nil {
			fmt.Fprintln(os.Stderr, "precompress:", err)
			os.Exit(1)
		}
	}
}

func compress(name string) error {
	raw, err := os.ReadFile(name)
	if err != nil {
		return err
	}
	var br, gz bytes.Buffer
	bw := brotli.NewWriterLevel(&br, brotli.BestCompression)
	if _, err := bw.Write(raw); err != nil {
		return fmt.Errorf("brotli %s: %w", name, err)
	}
	if err := bw.Close(); err != nil {
		return fmt.Errorf("brotli %s: %w", name, err)
	}
	gw, _ := gzip.NewWriterLevel(&gz, gzip.BestCompression)
	if _, err := gw.Write(raw); err != nil {
		return fmt.Errorf("gzip %s: %w", name, err)
	}
	if err := gw.Close(); err != nil {
		return fmt.Errorf("gzip %s: %w", name, err)
	}
	if err := os.WriteFile(name+".br", br.Bytes(), 0o644); err != nil {
		return err
	}
	if err := os.WriteFile(name+".gz", gz.Bytes(), 0o644); err != nil {
		return err
	}
	fmt.Printf("%s: raw %d bytes, brotli %d bytes, gzip %d bytes\n", name, len(raw), br.Len(), gz.Len())
	return nil
}
