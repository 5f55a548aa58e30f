package content

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/language"
	"gopkg.in/yaml.v3"

	"folio/app/article"
)

// Problem is one thing wrong with an article file, located by file and line so
// a publisher can go straight to it.
type Problem struct {
	File string
	Line int
	Msg  string
}

func (p Problem) Error() string { return fmt.Sprintf("%s:%d: %s", p.File, p.Line, p.Msg) }

// frontMatter is what an article file declares about itself, with the line of
// each key so later checks (a missing image file) can point at it.
type frontMatter struct {
	meta  article.Meta
	lines map[string]int
}

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): `)

// splitFrontMatter separates the YAML between the leading "---" lines from the
// Markdown body. bodyLine is the file line the body starts on.
func splitFrontMatter(file string, src []byte) (fm, body []byte, bodyLine int, err error) {
	src = bytes.TrimPrefix(src, []byte("\xef\xbb\xbf")) // a BOM from some editors
	first, rest, _ := bytes.Cut(src, []byte("\n"))
	if string(bytes.TrimRight(first, " \r")) != "---" {
		return nil, nil, 0, Problem{file, 1, `file must start with front matter: a line "---", YAML, and another "---"`}
	}
	line := 2
	for off := 0; off < len(rest); line++ {
		end := bytes.IndexByte(rest[off:], '\n')
		next := len(rest)
		if end >= 0 {
			next = off + end + 1
		}
		if l := bytes.TrimRight(rest[off:next], " \r\n"); string(l) == "---" {
			return rest[:off], rest[next:], line + 1, nil
		}
		off = next
	}
	return nil, nil, 0, Problem{file, 1, `front matter is not closed: no second "---" line`}
}

// parseFrontMatter decodes the YAML block, which starts on file line 2.
func parseFrontMatter(file string, fm []byte) (frontMatter, []Problem) {
	const offset = 1 // YAML line 1 is file line 2
	out := frontMatter{lines: map[string]int{}}
	doc, simple := simpleFrontMatter(fm)
	if !simple {
		if err := yaml.Unmarshal(fm, &doc); err != nil {
			// "caption: The cranes. (Photo: A. Writer)" is how people write, and
			// DESIGN.md's own example; strict YAML calls it a nested mapping.
			// Quote such values and try once more before giving up.
			if err := yaml.Unmarshal(quotePlainValues(fm), &doc); err != nil {
				return out, []Problem{yamlProblem(file, err)}
			}
		}
	}
	if len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return out, []Problem{{file, 2, "front matter must be a list of key: value lines"}}
	}
	var probs []Problem
	bad := func(n *yaml.Node, format string, args ...any) {
		probs = append(probs, Problem{file, n.Line + offset, fmt.Sprintf(format, args...)})
	}
	m := &out.meta
	kv := doc.Content[0].Content
	for i := 0; i+1 < len(kv); i += 2 {
		key, val := kv[i], kv[i+1]
		if _, dup := out.lines[key.Value]; dup {
			bad(key, "%s is given twice", key.Value)
		}
		out.lines[key.Value] = key.Line + offset
		var err error
		switch key.Value {
		case "title":
			err = decodeProse(val, &m.Title)
		case "summary":
			err = decodeProse(val, &m.Summary)
		case "author":
			err = decodeProse(val, &m.Author)
		case "source":
			err = decodeProse(val, &m.Source)
		case "image":
			err = decodeText(val, &m.Image)
			if err == nil {
				err = checkImageURL(m.Image)
			}
			if err != nil {
				m.Image = "" // no second problem about a file it cannot name
			}
		case "caption":
			err = decodeProse(val, &m.Caption)
		case "slug":
			err = decodeText(val, &m.Slug)
			if err == nil && !validSlug(m.Slug) {
				err = fmt.Errorf("%q is not a slug: use lowercase letters, digits and hyphens", m.Slug)
			}
		case "lang":
			m.Lang, err = decodeLang(val)
		case "published":
			m.Published, err = decodeDate(val)
		case "tags":
			m.Tags, err = decodeTags(val)
		default:
			bad(key, "unknown front matter key %q (known: title, summary, author, published, tags, source, image, caption, slug, lang)", key.Value)
			continue
		}
		if err != nil {
			bad(val, "%s: %v", key.Value, err)
		}
	}
	if strings.TrimSpace(m.Title) == "" && out.lines["title"] == 0 {
		probs = append(probs, Problem{file, 1, "front matter has no title"})
	}
	if m.Published.IsZero() && out.lines["published"] == 0 {
		probs = append(probs, Problem{file, 1, "front matter has no published date (published: YYYY-MM-DD)"})
	}
	return out, probs
}

// yamlProblem turns a YAML syntax error into a Problem at its file line.
func yamlProblem(file string, err error) Problem {
	msg, line := err.Error(), 1
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		n, _ := strconv.Atoi(m[1])
		// yaml.v3 counts from 0 for an unclosed flow list or map.
		if strings.Contains(msg, "did not find expected ','") {
			n++
		}
		line, msg = n+1, strings.TrimPrefix(msg, m[0])
	}
	return Problem{file, line, "front matter: " + strings.TrimPrefix(msg, "yaml: ")}
}

// quotePlainValues double-quotes top-level values that contain ": " and are
// not already quoted, a list or a block, keeping every line where it was.
func quotePlainValues(fm []byte) []byte {
	lines := bytes.Split(fm, []byte("\n"))
	for i, l := range lines {
		key, val, ok := bytes.Cut(l, []byte(": "))
		val = bytes.TrimSpace(val)
		if !ok || len(key) == 0 || key[0] == ' ' || key[0] == '\t' || key[0] == '-' ||
			len(val) == 0 || bytes.IndexByte([]byte(`"'[{|>&*!#`), val[0]) >= 0 ||
			!bytes.Contains(val, []byte(": ")) {
			continue
		}
		q := strconv.Quote(string(val))
		lines[i] = append(append(key, ": "...), q...)
	}
	return bytes.Join(lines, []byte("\n"))
}

// decodeProse is decodeText for words a reader sees, typeset.
func decodeProse(n *yaml.Node, dst *string) error {
	err := decodeText(n, dst)
	*dst = smarten(*dst)
	return err
}

func decodeText(n *yaml.Node, dst *string) error {
	if n.Kind != yaml.ScalarNode {
		return fmt.Errorf("must be text, not a list or map")
	}
	*dst = strings.TrimSpace(n.Value)
	if *dst == "" {
		return fmt.Errorf("is empty")
	}
	return nil
}

var dashes = strings.NewReplacer("---", "\u2014", "--", "\u2013", "...", "\u2026")

// smarten gives front matter text the typography the body gets from
// goldmark's typographer: curly quotes, dashes and ellipses.
func smarten(s string) string {
	if !strings.ContainsAny(s, "\"'-.") {
		return s
	}
	s = dashes.Replace(s)
	var b strings.Builder
	prev := ' '
	for _, r := range s {
		switch {
		case r == '"' && (unicode.IsSpace(prev) || strings.ContainsRune("([{\u2014\u2013", prev)):
			r = '\u201c'
		case r == '"':
			r = '\u201d'
		case r == '\'' && (unicode.IsSpace(prev) || strings.ContainsRune("([{\u2014\u2013", prev)):
			r = '\u2018'
		case r == '\'':
			r = '\u2019'
		}
		b.WriteRune(r)
		prev = r
	}
	return b.String()
}

// checkImageURL holds the image to the article links' allow-list, and to the
// characters a URL may hold: the value goes into attributes and feeds as
// it is, and a quote or a space there is a mistake or an attack.
func checkImageURL(u string) error {
	bad := strings.ContainsFunc(u, func(r rune) bool {
		return r < 0x80 && strings.ContainsRune(" \t\"<>\\^`{|}", r) || unicode.IsSpace(r) || !unicode.IsPrint(r)
	})
	if bad || !article.AllowedURL(u) {
		return fmt.Errorf("%q is not a URL: use a path like images/cranes.jpg or an http(s) address, without spaces or quotes", u)
	}
	return nil
}

func decodeDate(n *yaml.Node) (time.Time, error) {
	if n.Kind != yaml.ScalarNode {
		return time.Time{}, fmt.Errorf("must be a date like 2026-02-01")
	}
	for _, layout := range []string{time.DateOnly, time.RFC3339, "2006-01-02 15:04"} {
		if t, err := time.Parse(layout, n.Value); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not a date like 2026-02-01", n.Value)
}

func decodeTags(n *yaml.Node) ([]string, error) {
	var raw []string
	switch n.Kind {
	case yaml.SequenceNode:
		for _, c := range n.Content {
			if c.Kind != yaml.ScalarNode {
				return nil, fmt.Errorf("each tag must be a word")
			}
			raw = append(raw, c.Value)
		}
	case yaml.ScalarNode: // "tags: city, food" is forgiven
		raw = strings.Split(n.Value, ",")
	default:
		return nil, fmt.Errorf("must be a list like [city, food]")
	}
	tags := make([]string, 0, len(raw))
	for _, t := range raw {
		t = strings.ToLower(strings.TrimSpace(t))
		if t == "" {
			continue
		}
		if !validSlug(t) {
			return nil, fmt.Errorf("tag %q: use lowercase letters, digits and hyphens", t)
		}
		tags = append(tags, t)
	}
	return tags, nil
}

func validSlug(s string) bool {
	if s == "" || len(s) > 100 || s[0] == '-' {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
			return false
		}
	}
	return true
}

// decodeLang reads a language tag (lang: zh-Hans) in its canonical form.
func decodeLang(n *yaml.Node) (string, error) {
	var s string
	if err := decodeText(n, &s); err != nil {
		return "", err
	}
	tag, err := language.Parse(strings.TrimSpace(s))
	if err != nil || tag == language.Und {
		return "", fmt.Errorf("%q is not a language tag, like en or zh-Hans", s)
	}
	return tag.String(), nil
}
