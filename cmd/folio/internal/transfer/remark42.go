package transfer

import (
	"bufio"
	"cmp"
	"fmt"
	"html"
	"strings"
	"time"

	"folio/app/comment"
)

// Remark42's backup (its "native" format) is JSON Lines: a first line of
// meta data, {"version":1,"users":[…],"posts":[…]}, then one comment a
// line. Only what Folio keeps is read; votes, scores, pins, users' ids and
// addresses are not.
type remark42Meta struct {
	Version *int `json:"version"`
}

type remark42Comment struct {
	ID     string `json:"id"`
	Parent string `json:"pid"`
	// Text is the comment rendered to HTML by Remark42; Orig, when there,
	// the Markdown it was written in, passed through an HTML sanitizer.
	Text string `json:"text"`
	Orig string `json:"orig"`
	User struct {
		// Name was HTML-escaped by Remark42.
		Name string `json:"name"`
	} `json:"user"`
	Locator struct {
		URL string `json:"url"`
	} `json:"locator"`
	Time    time.Time `json:"time"`
	Deleted bool      `json:"delete"`
}

// remark42Prefix starts the ids of comments from Remark42, which keeps the
// threads of both systems apart and says where a comment came from.
const remark42Prefix = "remark42-"

func readRemark42(name string, r *bufio.Reader, add func(item) error) error {
	first := true
	return lines(name, r, func(n int, b []byte) error {
		if first {
			first = false
			if isMeta, err := remark42MetaLine(b); err != nil {
				return fmt.Errorf("%s:%d: %w", name, n, err)
			} else if isMeta {
				return nil
			}
		}
		var rc remark42Comment
		if err := jsonUnmarshal(b, &rc); err != nil {
			return fmt.Errorf("%s:%d: %w", name, n, err)
		}
		return add(item{line: n, thread: source{link: rc.Locator.URL}, c: rc.comment()})
	})
}

// remark42MetaLine reports whether b is the meta line, and refuses a
// version this reader does not know.
func remark42MetaLine(b []byte) (bool, error) {
	var m remark42Meta
	if err := jsonUnmarshal(b, &m); err != nil || m.Version == nil {
		return false, nil
	}
	if *m.Version != 0 && *m.Version != 1 {
		return false, fmt.Errorf("Remark42 backup version %d, want 1", *m.Version)
	}
	return true, nil
}

func (rc remark42Comment) comment() comment.Comment {
	c := comment.Comment{ID: remark42Prefix + rc.ID, Created: rc.Time, Status: comment.Published}
	if rc.Parent != "" {
		c.Parent = remark42Prefix + rc.Parent
	}
	if rc.Deleted {
		c.Status = comment.Deleted
		return c
	}
	c.Author = cmp.Or(plainText(html.UnescapeString(rc.User.Name)), anonymous)
	if rc.Orig != "" {
		c.Body = strings.TrimSpace(cleanText(html.UnescapeString(rc.Orig)))
	} else {
		c.Body = markdown(rc.Text)
	}
	return c
}
