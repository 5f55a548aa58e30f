package content

import (
	"bytes"
	"strings"
	"unicode"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// simpleFrontMatter reads the front matter most articles have, one
// "key: plain text" or "key: [word, word]" line per key, into the node tree
// yaml.Unmarshal would make of it (the same kinds, values and lines, which is
// all parseFrontMatter reads; no tags or columns), about
// ten times faster: a magazine of thousands of articles starts in time. It
// reports false for anything else, which then goes through the YAML parser:
// quotes, comments, blank lines, blocks, indentation, repeated keys, CR,
// and every character YAML gives a meaning to where it would.
func simpleFrontMatter(fm []byte) (yaml.Node, bool) {
	mapping := &yaml.Node{Kind: yaml.MappingNode, Line: 1}
	seen := map[string]bool{}
	lines := bytes.Split(fm, []byte("\n"))
	if len(lines) > 0 && len(lines[len(lines)-1]) == 0 {
		lines = lines[:len(lines)-1]
	}
	if len(lines) == 0 {
		return yaml.Node{}, false
	}
	for i, l := range lines {
		key, val, ok := strings.Cut(string(l), ": ")
		if !ok || !lowerWord(key) || seen[key] {
			return yaml.Node{}, false
		}
		seen[key] = true
		line := i + 1
		k := &yaml.Node{Kind: yaml.ScalarNode, Value: key, Line: line}
		v, ok := simpleValue(strings.TrimLeft(val, " "), line)
		if !ok {
			return yaml.Node{}, false
		}
		mapping.Content = append(mapping.Content, k, v)
	}
	return yaml.Node{Kind: yaml.DocumentNode, Line: 1, Content: []*yaml.Node{mapping}}, true
}

// simpleValue is a plain one-line scalar, or a flow list of plain words.
func simpleValue(val string, line int) (*yaml.Node, bool) {
	val = strings.TrimRight(val, " ")
	if strings.HasPrefix(val, "[") && strings.HasSuffix(val, "]") {
		seq := &yaml.Node{Kind: yaml.SequenceNode, Line: line}
		for item := range strings.SplitSeq(val[1:len(val)-1], ",") {
			item = strings.Trim(item, " ")
			if item == "" || strings.ContainsFunc(item, func(r rune) bool {
				return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-')
			}) || item[0] == '-' {
				return nil, false
			}
			seq.Content = append(seq.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: item, Line: line})
		}
		return seq, len(seq.Content) > 0
	}
	if !plainText(val) {
		return nil, false
	}
	return &yaml.Node{Kind: yaml.ScalarNode, Value: val, Line: line}, true
}

// plainText reports whether YAML reads s, written after "key: ", as s
// itself: printable, starting with no indicator, holding no comment and no
// further "key: ".
func plainText(s string) bool {
	if s == "" || !utf8.ValidString(s) || strings.ContainsRune("-?:,[]{}#&*!|>'\"%@`", rune(s[0])) {
		return false
	}
	if strings.Contains(s, ": ") || strings.HasSuffix(s, ":") || strings.Contains(s, " #") {
		return false
	}
	return !strings.ContainsFunc(s, func(r rune) bool { return !unicode.IsPrint(r) })
}

func lowerWord(s string) bool {
	return s != "" && !strings.ContainsFunc(s, func(r rune) bool { return r < 'a' || r > 'z' })
}
