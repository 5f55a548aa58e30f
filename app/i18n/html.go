package i18n

import "strings"

// textAttrs are the attributes whose values a reader sees or hears.
var textAttrs = []string{"aria-label", "title", "placeholder", "alt", "data-done"}

// HTML is markup written as a constant in English, in l: each text node and
// each value of textAttrs that is a message is replaced by its translation.
// Translations hold no markup characters (TestCatalogue), so the markup
// stays as written; text that is not a message (a name, a number) stays too.
func (l Lang) HTML(markup string) string {
	if l == English {
		return markup
	}
	var b strings.Builder
	b.Grow(len(markup) + len(markup)/4)
	for markup != "" {
		lt := strings.IndexByte(markup, '<')
		if lt < 0 {
			b.WriteString(l.text(markup))
			break
		}
		b.WriteString(l.text(markup[:lt]))
		gt := strings.IndexByte(markup[lt:], '>')
		if gt < 0 {
			b.WriteString(markup[lt:])
			break
		}
		b.WriteString(l.tag(markup[lt : lt+gt+1]))
		markup = markup[lt+gt+1:]
	}
	return b.String()
}

// text translates a text node, keeping the space around it.
func (l Lang) text(s string) string {
	core := strings.TrimSpace(s)
	if core == "" {
		return s
	}
	i := strings.Index(s, core)
	return s[:i] + l.T(core) + s[i+len(core):]
}

// tag translates the values of a start tag's textAttrs.
func (l Lang) tag(t string) string {
	for _, name := range textAttrs {
		start := strings.Index(t, " "+name+`="`)
		if start < 0 {
			continue
		}
		start += len(name) + 3
		end := strings.IndexByte(t[start:], '"')
		if end < 0 {
			continue
		}
		t = t[:start] + l.T(t[start:start+end]) + t[start+end:]
	}
	return t
}
