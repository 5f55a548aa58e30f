// Package i18n is Folio's message catalogue: the interface's words in
// English and Simplified Chinese, chosen per reader.
//
// Messages are keyed by their English text, gettext style: a call site reads
// l.T("Post comment"), and only the Chinese translations are stored (zh.go).
// The same table reaches the browser's plain scripts as web/i18n.js, which
// TestJSFile keeps in step with it; app.wasm reads it from there too rather
// than carrying a second copy (see catalogue_wasm.go).
//
// Placeholders are fmt verbs (%s, %d) and the translation keeps the same ones
// in the same order; plurals are a pair of keys (N), of which Chinese, having
// none, translates only the second; dates are a time layout, itself a message.
package i18n

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Lang is an interface language. The zero value is English, the magazine's
// default: the language of pages nobody chose one for.
type Lang uint8

// The languages Folio speaks.
const (
	English Lang = iota
	Chinese
)

// Langs are all the languages, in the settings panel's order.
var Langs = []Lang{English, Chinese}

// Cookie is the cookie that carries a reader's choice to the server
// ("en" or "zh"; none: the browser's languages decide).
const Cookie = "folio-lang"

// Code is the language's short name, as the cookie and the settings keep it.
func (l Lang) Code() string {
	if l == Chinese {
		return "zh"
	}
	return "en"
}

// Tag is the language's BCP 47 tag, for lang attributes and Content-Language.
func (l Lang) Tag() string {
	if l == Chinese {
		return "zh-Hans"
	}
	return "en"
}

// Parse reads a language tag or code ("zh", "zh-CN", "zh-Hans", "en-GB"),
// reporting false for a language Folio does not speak.
func Parse(tag string) (Lang, bool) {
	primary, _, _ := strings.Cut(strings.ToLower(strings.TrimSpace(tag)), "-")
	primary, _, _ = strings.Cut(primary, "_")
	switch primary {
	case "en":
		return English, true
	case "zh":
		return Chinese, true
	}
	return English, false
}

// Choose is the first language of tags, a reader's languages in order of
// preference, that Folio speaks; English if none. The browser's scripts
// choose from navigator.languages the same way (web/i18n.js).
func Choose(tags []string) Lang {
	for _, t := range tags {
		if l, ok := Parse(t); ok {
			return l
		}
	}
	return English
}

// Negotiate is a request's interface language: the reader's own choice
// (the Cookie's value) if it names one, else the first of the
// Accept-Language header's languages, by quality, that Folio speaks.
func Negotiate(choice, acceptLanguage string) Lang {
	if l, ok := Parse(choice); ok && choice != "" {
		return l
	}
	return Choose(acceptLanguages(acceptLanguage))
}

// acceptLanguages lists an Accept-Language header's tags, most wanted
// first; q=0 means not wanted.
func acceptLanguages(h string) []string {
	type tagQ struct {
		tag string
		q   float64
	}
	var list []tagQ
	for part := range strings.SplitSeq(h, ",") {
		tag, params, _ := strings.Cut(part, ";")
		q := 1.0
		if v, ok := strings.CutPrefix(strings.TrimSpace(params), "q="); ok {
			if f, err := strconv.ParseFloat(v, 64); err == nil {
				q = f
			}
		}
		if tag = strings.TrimSpace(tag); tag != "" && q > 0 {
			list = append(list, tagQ{tag, q})
		}
	}
	sort.SliceStable(list, func(i, j int) bool { return list[i].q > list[j].q })
	out := make([]string, len(list))
	for i, t := range list {
		out[i] = t.tag
	}
	return out
}

// T is the message key in l.
func (l Lang) T(key string) string {
	if l == Chinese {
		if s, ok := lookup(key); ok {
			return s
		}
	}
	return key
}

// F is the message key in l, its placeholders filled with args.
func (l Lang) F(key string, args ...any) string {
	return fmt.Sprintf(l.T(key), args...)
}

// N is "1 comment" or "3 comments": one when n is 1 in English, else
// other, with n for its %d. Chinese has no plural: other's translation
// always.
func (l Lang) N(n int, one, other string) string {
	if n == 1 && l == English {
		return fmt.Sprintf(one, n)
	}
	return l.F(other, n)
}

// DateLayout is a long date's layout, "1 December 2026"; translated, it is
// "2026年12月1日" (Go's layouts take digits for the month and day).
const DateLayout = "2 January 2006"

// Date is t as a long date in l.
func (l Lang) Date(t time.Time) string { return t.Format(l.T(DateLayout)) }
