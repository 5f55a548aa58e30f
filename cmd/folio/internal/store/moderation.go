package store

import (
	"context"
	"fmt"
	"strings"

	"folio/app/comment"
)

// Moderator is what the moderation desk needs beyond Store: the latest
// comments across articles, pins and blocked author names. Both stores
// implement it.
type Moderator interface {
	// Latest returns up to limit comments of every article, newest first
	// (ties broken by id, descending), after cursor ("" for the newest):
	// those with status, or of any status when status is "". Next is the
	// cursor of the page after it, Total how many comments the filter
	// matches. A limit outside 1 to comment.MaxPageSize, or a cursor
	// comment.ParseCursor refuses, returns comment.ErrMalformed.
	Latest(ctx context.Context, status comment.Status, cursor string, limit int) (comment.Page, error)
	// Pin pins (pinned true) or unpins a comment. It returns
	// comment.ErrNotFound for an unknown id and comment.ErrConflict to pin
	// a deleted comment.
	Pin(ctx context.Context, id string, pinned bool) error
	// Block refuses new comments from an author name, as BlockKey folds it;
	// blocking a name twice is harmless. A name that is empty or over
	// comment.MaxAuthorLen returns comment.ErrInvalid.
	Block(ctx context.Context, name string) error
	// Unblock lets a name post again; unblocking a name not blocked is
	// harmless.
	Unblock(ctx context.Context, name string) error
	// Blocked lists the blocked names as they were given, sorted by key.
	Blocked(ctx context.Context) ([]string, error)
	// IsBlocked reports whether name is blocked.
	IsBlocked(ctx context.Context, name string) (bool, error)
}

var (
	_ Moderator = (*SQLite)(nil)
	_ Moderator = (*Postgres)(nil)
)

// BlockKey is how a blocked name is compared: lower case, with runs of
// space as one space, so "Spam  Bot" cannot slip past a block on "spam bot".
func BlockKey(name string) string {
	return strings.ToLower(strings.Join(strings.Fields(name), " "))
}

// blockName checks a name to block and returns it trimmed, with its key.
func blockName(name string) (string, string, error) {
	name = strings.Join(strings.Fields(name), " ")
	if n := len([]rune(name)); n < 1 || n > comment.MaxAuthorLen {
		return "", "", fmt.Errorf("block %q: %w: a name must be 1 to %d characters", name, comment.ErrInvalid, comment.MaxAuthorLen)
	}
	return name, BlockKey(name), nil
}

// latestQuery checks what a page of the desk is asked with.
func latestQuery(status comment.Status, cursor string, limit int) (comment.Cursor, error) {
	if status != "" && !stored(status) {
		return comment.Cursor{}, fmt.Errorf("latest comments: %w: status %q", comment.ErrMalformed, status)
	}
	if limit < 1 || limit > comment.MaxPageSize {
		return comment.Cursor{}, fmt.Errorf("latest comments: %w: limit must be 1 to %d", comment.ErrMalformed, comment.MaxPageSize)
	}
	after, err := comment.ParseCursor(cursor)
	if err != nil {
		return comment.Cursor{}, fmt.Errorf("latest comments: %w", err)
	}
	return after, nil
}

// latestPage cuts list, read with one row more than limit, to limit and
// sets the cursor of the page after it.
func latestPage(list []comment.Comment, limit, total int) comment.Page {
	page := comment.Page{Comments: append([]comment.Comment{}, list...), Total: total}
	if len(page.Comments) > limit {
		page.Comments = page.Comments[:limit]
		last := page.Comments[limit-1]
		page.Next = comment.Cursor{Created: last.Created, ID: last.ID}.String()
	}
	return page
}

// markPinned sets Pinned on the comments of page whose ids are in pinned;
// a deleted comment shows as removed, not pinned.
func markPinned(page *comment.Page, pinned []string) {
	if len(pinned) == 0 {
		return
	}
	set := make(map[string]bool, len(pinned))
	for _, id := range pinned {
		set[id] = true
	}
	for i := range page.Comments {
		c := &page.Comments[i]
		c.Pinned = set[c.ID] && c.Status != comment.Deleted
	}
}

// withPinned puts before a thread's first page the pinned threads that are
// not on it (their comments, oldest first), so that pinned comments show
// first however long the thread; they come again on their own page, and
// the reader's client shows each comment once.
func withPinned(page *comment.Page, pinned []comment.Comment) {
	on := make(map[string]bool, len(page.Comments))
	for _, c := range page.Comments {
		on[c.ID] = true
	}
	var extra []comment.Comment
	for _, c := range pinned {
		if !on[c.ID] {
			extra = append(extra, c)
		}
	}
	if len(extra) > 0 {
		page.Comments = append(extra, page.Comments...)
	}
}

// pinnedRootsSQL picks an article's pinned published top-level comments.
const pinnedRootsSQL = `SELECT c.id FROM comments c JOIN pins p ON p.id = c.id
	WHERE p.article = %s AND c.article = p.article AND c.status = '` + string(comment.Published) + `' AND ` + rootCondition
