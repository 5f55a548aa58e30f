package comment

import (
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// PageSize is how many top-level comments a page of a thread holds when the
// reader does not ask for another size; MaxPageSize is the most it may ask.
// A page also stops before a top-level comment whose replies would take it
// over PageComments comments; a thread longer than that alone fills pages of
// PageComments (see Cursor): a page's size follows the number of comments on
// it, whatever the shape of the thread, and an article page that carries
// the first page stays small (TestTenThousandCommentsPage).
const (
	PageSize     = 20
	MaxPageSize  = 200
	PageComments = 50
)

// Page is one page of an article's thread: top-level comments, oldest
// first, each with all its replies, in one flat list ordered by time. Next is the cursor of
// the page after it, "" on the last page. Total counts every comment the
// thread's pages hold together (published and deleted), Published only
// the published ones, so a reader can be told how many are still to come.
type Page struct {
	Comments  []Comment `json:"comments"`
	Next      string    `json:"next,omitempty"`
	Total     int       `json:"total"`
	Published int       `json:"published"`
}

// Cursor is where a page of a thread starts: after the top-level comment
// with this creation time and id. Comments are posted with the server's
// current time, so a new one sorts after every cursor handed out before
// it, and pages already read stay as they were.
//
// A top-level comment whose replies alone are more than PageComments spans
// several pages: then the cursor also names the last reply shown (ReplyID,
// ReplyCreated), and the page goes on inside that thread, after it.
//
// Sort is the order the cursor's pages follow ("" or SortOldest, SortNewest,
// SortBest): a cursor goes on only in its own order. Score is the top-level
// comment's score when its page was read, the first key of SortBest.
type Cursor struct {
	Created      time.Time
	ID           string
	ReplyCreated time.Time
	ReplyID      string
	Sort         string
	Score        int
}

// String is the cursor as a URL-safe token; the zero Cursor is "", the
// start of the thread.
func (c Cursor) String() string {
	if c.ID == "" {
		return ""
	}
	raw := strconv.FormatInt(c.Created.UnixMicro(), 10) + "." + c.ID
	switch c.Sort {
	case SortNewest:
		raw = SortNewest + "." + raw
	case SortBest:
		raw = SortBest + "." + strconv.Itoa(c.Score) + "." + raw
	}
	if c.ReplyID != "" {
		raw += "." + strconv.FormatInt(c.ReplyCreated.UnixMicro(), 10) + "." + c.ReplyID
	}
	return base64.RawURLEncoding.EncodeToString([]byte(raw))
}

// ParseCursor reads a token String made; "" is the zero Cursor. Anything
// else returns ErrMalformed with the reason.
func ParseCursor(s string) (Cursor, error) {
	if s == "" {
		return Cursor{}, nil
	}
	if len(s) > 4*MaxIDLen {
		return Cursor{}, fmt.Errorf("%w: the cursor is too long", ErrMalformed)
	}
	raw, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return Cursor{}, fmt.Errorf("%w: the cursor is not one this server gave", ErrMalformed)
	}
	bad := fmt.Errorf("%w: the cursor is not one this server gave", ErrMalformed)
	parts := strings.Split(string(raw), ".") // ids hold no dots
	var c Cursor
	switch parts[0] {
	case SortNewest:
		c.Sort, parts = SortNewest, parts[1:]
	case SortBest:
		if len(parts) < 2 {
			return Cursor{}, bad
		}
		if c.Score, err = strconv.Atoi(parts[1]); err != nil {
			return Cursor{}, bad
		}
		c.Sort, parts = SortBest, parts[2:]
	}
	if len(parts) != 2 && len(parts) != 4 {
		return Cursor{}, bad
	}
	for i, at := range []struct {
		t  *time.Time
		id *string
	}{{&c.Created, &c.ID}, {&c.ReplyCreated, &c.ReplyID}}[:len(parts)/2] {
		n, err := strconv.ParseInt(parts[2*i], 10, 64)
		if err != nil || !validID(parts[2*i+1]) {
			return Cursor{}, bad
		}
		*at.t, *at.id = time.UnixMicro(n).UTC(), parts[2*i+1]
	}
	return c, nil
}
