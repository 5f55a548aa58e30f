package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// newArticle writes an article skeleton named after the title's slug, making
// the content folder (and its parents) if it is new. It never overwrites: an
// existing file is a publisher's work.
func newArticle(args []string, stdout, stderr io.Writer) error {
	fl := newFlags("new", stderr)
	dir := fl.String("content", env("content", "."), "folder to write the article into")
	author := fl.String("author", env("author", ""), "author name for the byline")
	if err := fl.Parse(args); err != nil {
		return errReported
	}
	title := strings.TrimSpace(strings.Join(fl.Args(), " "))
	if title == "" {
		fmt.Fprintln(stderr, `usage: folio new [-content DIR] [-author NAME] "Title"`)
		return errReported
	}
	slug := slugify(title)
	if slug == "" {
		return fmt.Errorf("new: %q has no letters or digits to make a file name from", title)
	}
	if err := os.MkdirAll(*dir, 0o755); err != nil {
		return fmt.Errorf("new: make the content folder: %w", err)
	}
	path := filepath.Join(*dir, slug+".md")
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("new: %s already exists; pick another title or edit it", path)
	}
	if err != nil {
		return fmt.Errorf("new: %w", err)
	}
	defer f.Close()
	if _, err := io.WriteString(f, skeleton(title, *author, time.Now())); err != nil {
		return fmt.Errorf("new: write %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("new: write %s: %w", path, err)
	}
	fmt.Fprintln(stdout, path)
	return nil
}

func skeleton(title, author string, now time.Time) string {
	if author == "" {
		author = "Your Name"
	}
	return fmt.Sprintf(`---
title: %s
summary: One sentence for cards and feeds.
author: %s
published: %s
tags: []
# source: Where the story comes from
# image: images/lead.jpg
# caption: What the picture shows. (Photo: Who took it)
---
Write the story here, in Markdown.

## A section

A paragraph with *emphasis*, a [link](https://example.org) and a footnote.[^1]

[^1]: The footnote.
`, yamlString(title), yamlString(author), now.Format(time.DateOnly))
}

// yamlString quotes a value when plain YAML would misread it.
func yamlString(s string) string {
	if strings.ContainsAny(s, ":#{}[]&*!|>'\"%@`,") || strings.HasPrefix(s, "-") {
		return fmt.Sprintf("%q", s)
	}
	return s
}

// slugify makes "Harbour cranes: return!" into "harbour-cranes-return",
// folding accents so "Café" becomes "cafe".
func slugify(title string) string {
	var b strings.Builder
	dash := false
	for _, r := range norm.NFKD.String(strings.ToLower(title)) {
		switch {
		case unicode.Is(unicode.Mn, r):
			// an accent split off by NFKD
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
		default:
			dash = true
		}
	}
	s := b.String()
	if len(s) > 80 {
		s = strings.TrimRight(s[:80], "-")
	}
	return s
}
