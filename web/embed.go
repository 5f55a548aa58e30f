// Package web holds the static files served under /web/: styles, scripts,
// icons and the built app.wasm (with its precompressed copies).
package web

import (
	"embed"
	"io/fs"
	"path"
	"strings"
)

// folder is the web folder as built. app.wasm is present once `make wasm`
// ran: a pattern naming it would fail to compile before that, hence "*".
//
//go:embed *
var folder embed.FS

// Files is what the browser gets from the web folder: everything in it but
// the README's screenshots and this Go source, which are no part of the app.
var Files = appFiles{folder}

// Served reports whether the web folder's file name (a slash path) is part of
// the app the browser gets.
func Served(name string) bool {
	first, _, _ := strings.Cut(name, "/")
	return first != "screenshots" && path.Ext(name) != ".go"
}

// appFiles is the web folder with only the files the browser gets.
type appFiles struct{ all embed.FS }

func (f appFiles) Open(name string) (fs.File, error) {
	if !Served(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	file, err := f.all.Open(name)
	if err != nil {
		return nil, err
	}
	if dir, ok := file.(fs.ReadDirFile); ok {
		return appDir{dir, name}, nil
	}
	return file, nil
}

// ReadFile reads a file the browser gets.
func (f appFiles) ReadFile(name string) ([]byte, error) {
	if !Served(name) {
		return nil, &fs.PathError{Op: "read", Path: name, Err: fs.ErrNotExist}
	}
	return f.all.ReadFile(name)
}

// ReadDir lists a folder's files the browser gets.
func (f appFiles) ReadDir(name string) ([]fs.DirEntry, error) {
	if !Served(name) {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: fs.ErrNotExist}
	}
	entries, err := f.all.ReadDir(name)
	return served(name, entries), err
}

// appDir is an open folder that lists only the files the browser gets.
type appDir struct {
	fs.ReadDirFile
	name string
}

func (d appDir) ReadDir(n int) ([]fs.DirEntry, error) {
	for {
		entries, err := d.ReadDirFile.ReadDir(n)
		entries = served(d.name, entries)
		if len(entries) > 0 || err != nil || n <= 0 {
			return entries, err
		}
	}
}

func served(dir string, entries []fs.DirEntry) []fs.DirEntry {
	kept := entries[:0]
	for _, e := range entries {
		if Served(path.Join(dir, e.Name())) {
			kept = append(kept, e)
		}
	}
	return kept
}
