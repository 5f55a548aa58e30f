package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"folio/cmd/folio/internal/content"
)

// check reports every problem in a folder of articles, one per line as
// FILE:LINE: message, and fails if there is any.
func check(args []string, stdout, stderr io.Writer) error {
	fl := newFlags("check", stderr)
	if err := fl.Parse(args); err != nil {
		return errReported
	}
	if fl.NArg() != 1 {
		fmt.Fprintln(stderr, "usage: folio check DIR")
		return errReported
	}
	dir := fl.Arg(0)
	root, err := os.OpenRoot(dir)
	if err != nil {
		return fmt.Errorf("check: %w", err)
	}
	defer root.Close()
	ix, probs, err := content.Load(root.FS())
	if err != nil {
		return fmt.Errorf("check %s: %w", dir, err)
	}
	for _, p := range probs {
		p.File = filepath.Join(dir, p.File)
		fmt.Fprintln(stderr, p.Error())
	}
	if len(probs) > 0 {
		fmt.Fprintf(stderr, "%d problem%s; %d article%s ok\n", len(probs), s(len(probs)), len(ix.List()), s(len(ix.List())))
		return errReported
	}
	fmt.Fprintf(stdout, "%d article%s, no problems\n", len(ix.List()), s(len(ix.List())))
	return nil
}

func s(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
