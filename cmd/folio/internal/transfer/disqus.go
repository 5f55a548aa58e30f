package transfer

import (
	"bufio"
	"cmp"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"folio/app/comment"
)

// A Disqus export is one XML document: <disqus> holding <category>,
// <thread> and <post> elements, threads first. A thread has its address
// (<link>) and the identifier the site gave it (<id>); a post names its
// thread and parent by Disqus id (dsq:id), and holds its author's name,
// its message as HTML, its time and whether it was deleted or is spam.
type disqusThread struct {
	Attrs []xml.Attr `xml:",any,attr"`
	Ident string     `xml:"id"`
	Link  string     `xml:"link"`
}

type disqusRef struct {
	Attrs []xml.Attr `xml:",any,attr"`
}

type disqusPost struct {
	Attrs     []xml.Attr `xml:",any,attr"`
	Message   string     `xml:"message"`
	CreatedAt string     `xml:"createdAt"`
	IsDeleted bool       `xml:"isDeleted"`
	IsSpam    bool       `xml:"isSpam"`
	Author    struct {
		Name     string `xml:"name"`
		Username string `xml:"username"`
	} `xml:"author"`
	Thread disqusRef  `xml:"thread"`
	Parent *disqusRef `xml:"parent"`
}

// disqusPrefix starts the ids of comments from Disqus, whose own ids are
// numbers.
const disqusPrefix = "disqus-"

// dsqID is the Disqus id among an element's attributes (dsq:id).
func dsqID(attrs []xml.Attr) string {
	for _, a := range attrs {
		if a.Name.Local == "id" {
			return strings.TrimSpace(a.Value)
		}
	}
	return ""
}

// readDisqus reads the export element by element: threads are kept (by
// Disqus id, to map posts to them), posts go one by one to add.
func readDisqus(name string, r *bufio.Reader, add func(item) error) error {
	dec := xml.NewDecoder(r)
	dec.Strict = true
	threads := map[string]source{}
	depth, root := 0, false
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			if !root {
				return fmt.Errorf("%s:1: no <disqus> element: not a Disqus export", name)
			}
			return nil
		}
		if err != nil {
			return xmlError(name, dec, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			if depth == 1 {
				if t.Name.Local != "disqus" {
					return fmt.Errorf("%s:%d: <%s> is not a Disqus export's <disqus>", name, inputLine(dec), t.Name.Local)
				}
				root = true
				continue
			}
			if depth != 2 {
				continue
			}
			n := inputLine(dec)
			switch t.Name.Local {
			case "thread":
				var th disqusThread
				if err := dec.DecodeElement(&th, &t); err != nil {
					return xmlError(name, dec, err)
				}
				threads[dsqID(th.Attrs)] = source{link: strings.TrimSpace(th.Link), ident: strings.TrimSpace(th.Ident)}
			case "post":
				var p disqusPost
				if err := dec.DecodeElement(&p, &t); err != nil {
					return xmlError(name, dec, err)
				}
				it, err := p.item(n, threads)
				if err != nil {
					return fmt.Errorf("%s:%d: %w", name, n, err)
				}
				if err := add(it); err != nil {
					return err
				}
			default:
				if err := dec.Skip(); err != nil {
					return xmlError(name, dec, err)
				}
			}
			depth-- // DecodeElement and Skip read the end element
		case xml.EndElement:
			depth--
		}
	}
}

func (p disqusPost) item(n int, threads map[string]source) (item, error) {
	id := dsqID(p.Attrs)
	if id == "" {
		return item{}, errors.New("a post without a dsq:id")
	}
	created, err := time.Parse(time.RFC3339, strings.TrimSpace(p.CreatedAt))
	if err != nil {
		return item{}, fmt.Errorf("post %s: createdAt %q is not a time", id, p.CreatedAt)
	}
	thread, ok := threads[dsqID(p.Thread.Attrs)]
	if !ok {
		// A thread the file does not describe: reported by its Disqus id.
		thread = source{ident: "disqus thread " + dsqID(p.Thread.Attrs)}
	}
	c := comment.Comment{ID: disqusPrefix + id, Created: created, Status: comment.Published}
	if p.Parent != nil && dsqID(p.Parent.Attrs) != "" {
		c.Parent = disqusPrefix + dsqID(p.Parent.Attrs)
	}
	switch {
	case p.IsDeleted:
		c.Status = comment.Deleted
	default:
		if p.IsSpam {
			// Kept out of sight, for a moderator to look at.
			c.Status = comment.Hidden
		}
		c.Author = cmp.Or(plainText(p.Author.Name), plainText(p.Author.Username), anonymous)
		c.Body = markdown(p.Message)
	}
	return item{line: n, thread: thread, c: c}, nil
}

// inputLine is the line the decoder has read to.
func inputLine(dec *xml.Decoder) int {
	l, _ := dec.InputPos()
	return l
}

func xmlError(name string, dec *xml.Decoder, err error) error {
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		return fmt.Errorf("%s:%d: %s", name, se.Line, se.Msg)
	}
	return fmt.Errorf("%s:%d: %w", name, inputLine(dec), err)
}

// jsonUnmarshal decodes b into v, allowing fields v does not have: other
// systems' files carry much that Folio does not keep.
func jsonUnmarshal(b []byte, v any) error {
	return json.Unmarshal(b, v)
}
