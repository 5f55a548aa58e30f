// Package article holds Folio's article model and the one goldmark
// configuration that renders article bodies, on the server and in the browser.
package article

import (
	"errors"
	"time"
)

// ErrNotFound is returned when no article has the requested slug.
var ErrNotFound = errors.New("article not found")

// Meta is an article's front matter plus what the index derives from it. It is
// what cards, feeds and the article list need; it carries no body.
type Meta struct {
	Slug           string    `json:"slug"`
	Title          string    `json:"title"`
	Summary        string    `json:"summary"`
	Author         string    `json:"author"`
	Published      time.Time `json:"published"`
	Tags           []string  `json:"tags"`
	Source         string    `json:"source,omitempty"`
	Image          string    `json:"image,omitempty"`
	Caption        string    `json:"caption,omitempty"`
	ReadingMinutes int       `json:"readingMinutes"`
	// Lang is the article's language as a BCP 47 tag (zh-Hans), when its
	// front matter names one; empty means the site's.
	Lang string `json:"lang,omitempty"`
}

// Article is a whole article: its metadata and its Markdown body (front matter
// removed). MediaBase is the URL prefix that relative image paths in the body
// resolve against, so a publisher's folder stays self-contained.
type Article struct {
	Meta
	MediaBase string `json:"mediaBase,omitempty"`
	Markdown  string `json:"markdown"`
	// Code is the highlighting of the body's fenced code blocks, which the
	// server computes; empty when none has a language it knows.
	Code []Code `json:"code,omitempty"`
	// Around is what the article's end offers (next, more from its tag),
	// when the server has filled it in.
	Around *Around `json:"around,omitempty"`
}

// HasTag reports whether the article is tagged tag.
func (m Meta) HasTag(tag string) bool {
	for _, t := range m.Tags {
		if t == tag {
			return true
		}
	}
	return false
}
