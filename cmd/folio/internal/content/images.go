package content

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"path"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/text"
)

// imageParser reads article bodies with the block and inline syntax the
// renderer knows, so an image written inside code stays text here too.
var imageParser = goldmark.New(goldmark.WithExtensions(
	extension.GFM, extension.Footnote, extension.DefinitionList,
)).Parser()

// outside is the problem with a file the server will not send: it serves
// the content folder and nothing else.
const outside = "outside the content folder"

// checkBodyImages reports the body's images that point at missing files or
// outside the content folder, each at the line it is written on.
func checkBodyImages(fsys fs.FS, file, dir string, body []byte, firstLine int) []Problem {
	if !bytes.Contains(body, []byte("![")) {
		return nil // every Markdown image starts so; parsing would find none
	}
	var probs []Problem
	doc := imageParser.Parse(text.NewReader(body))
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		img, ok := n.(*ast.Image)
		if !ok || !entering {
			return ast.WalkContinue, nil
		}
		ref := string(img.Destination)
		if _, msg := checkImage(fsys, dir, ref); msg != "" {
			line := firstLine + bytes.Count(body[:imageOffset(img, body)], []byte("\n"))
			probs = append(probs, Problem{file, line, fmt.Sprintf("image %s: %s", ref, msg)})
		}
		return ast.WalkContinue, nil
	})
	return probs
}

// imageOffset is where in src an image is written, near enough for its line:
// its alt text, else the "![" after the text before it, else its paragraph.
func imageOffset(img *ast.Image, src []byte) int {
	for c := img.FirstChild(); c != nil; c = c.FirstChild() {
		if t, ok := c.(*ast.Text); ok {
			return t.Segment.Start
		}
	}
	from := 0
	if t, ok := img.PreviousSibling().(*ast.Text); ok {
		from = t.Segment.Stop
	} else {
		for p := img.Parent(); p != nil; p = p.Parent() {
			if p.Type() == ast.TypeBlock && p.Lines().Len() > 0 {
				from = p.Lines().At(0).Start
				break
			}
		}
	}
	if i := bytes.Index(src[from:], []byte("![")); i >= 0 {
		return from + i
	}
	return from
}

// checkImage resolves an image reference written in an article in folder dir.
// local is its path in the content folder ("" for a URL the browser fetches
// elsewhere); msg says what is wrong with it, or is empty.
func checkImage(fsys fs.FS, dir, ref string) (local, msg string) {
	local, msg = resolveImage(dir, ref)
	if local == "" || msg != "" {
		return local, msg
	}
	if _, err := fs.Stat(fsys, local); err != nil {
		return local, statProblem(fsys, local, err)
	}
	return local, ""
}

// resolveImage maps ref to a path in the content folder without touching it.
// Relative paths resolve against the article's folder and /media/ paths
// against the content folder; URLs and /web/ files are the browser's to fetch.
func resolveImage(dir, ref string) (local, msg string) {
	p, _, _ := strings.Cut(ref, "?")
	p, _, _ = strings.Cut(p, "#")
	if p == "" || strings.HasPrefix(p, "//") {
		return "", ""
	}
	if i := strings.IndexAny(p, ":/"); i >= 0 && p[i] == ':' {
		// A scheme: file: URLs and drive letters (C:\) name the
		// publisher's disk, which no reader can see.
		if scheme := strings.ToLower(p[:i]); scheme == "file" || len(scheme) == 1 {
			return "", outside
		}
		return "", ""
	}
	if unescaped, err := url.PathUnescape(p); err == nil {
		p = unescaped // the browser asks for "my%20pic.png" as "my pic.png"
	}
	switch {
	case strings.HasPrefix(p, MediaPrefix):
		p = strings.TrimPrefix(p, MediaPrefix)
	case strings.HasPrefix(p, "/web/"):
		return "", ""
	case strings.HasPrefix(p, "/"):
		return "", outside
	default:
		p = path.Join(dir, p)
	}
	if !fs.ValidPath(p) || p == "." {
		return "", outside
	}
	return p, ""
}

// statProblem says why a file in the content folder cannot be served.
func statProblem(fsys fs.FS, name string, err error) string {
	if errors.Is(err, fs.ErrNotExist) {
		if isLink(fsys, name) {
			return "a link to a missing file"
		}
		return "file not found"
	}
	if isLink(fsys, name) {
		return "a link to a file " + outside
	}
	return fmt.Sprintf("cannot be read: %v", err)
}

// isLink reports whether name is a symbolic link, for file systems that say.
func isLink(fsys fs.FS, name string) bool {
	lfs, ok := fsys.(fs.ReadLinkFS)
	if !ok {
		return false
	}
	fi, err := lfs.Lstat(name)
	return err == nil && fi.Mode()&fs.ModeSymlink != 0
}
