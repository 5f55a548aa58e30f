package store

import (
	"context"
	"encoding/hex"
	"fmt"

	"folio/app/comment"
)

// Replier is what a store offers for "replies to me": each comment can be
// linked to the device that posted it, by a hash of that device's reader
// key (comment.ReaderHash; the key itself is never stored), and the
// published replies to a device's comments read back through that hash.
// The links live in a table of their own (comment_readers), so no comment
// read, page, count or cache ever carries them.
type Replier interface {
	// LinkReader records that comment id was posted from the device whose
	// key hashes to reader. A comment's first link stays: linking it again,
	// to the same or another device, changes nothing. It returns
	// comment.ErrNotFound for an unknown id and comment.ErrMalformed for a
	// hash that is not 32 bytes.
	LinkReader(ctx context.Context, id string, reader []byte) error
	// RepliesTo returns up to limit (comment.PageSize if 0) published
	// replies to the comments linked to reader, newest first (ties broken
	// by id, descending), after cursor ("" for the newest). Replies the
	// same device posted are left out, and so is anything not published
	// (hidden, deleted, or waiting for a moderator). A reader with no
	// comment linked returns comment.ErrNotFound; a cursor that
	// comment.ParseCursor refuses or a limit outside 0 to
	// comment.MaxPageSize, comment.ErrMalformed.
	RepliesTo(ctx context.Context, reader []byte, cursor string, limit int) (comment.Replies, error)
}

var (
	_ Replier = (*SQLite)(nil)
	_ Replier = (*Postgres)(nil)
)

// repliesQuery checks what a page of replies is asked with, as pageQuery
// does for a thread.
func repliesQuery(reader []byte, cursor string, limit int) (comment.Cursor, int, error) {
	if len(reader) != 32 {
		return comment.Cursor{}, 0, fmt.Errorf("replies: %w: the reader hash must be 32 bytes", comment.ErrMalformed)
	}
	after, limit, err := pageQuery("", cursor, limit)
	if err != nil {
		return comment.Cursor{}, 0, fmt.Errorf("replies: %w", err)
	}
	if after.ReplyID != "" {
		return comment.Cursor{}, 0, fmt.Errorf("replies: %w: the cursor is not one this server gave", comment.ErrMalformed)
	}
	return after, limit, nil
}

// repliesPage makes the page from the replies read, one more than limit
// when there is a page after.
func repliesPage(list []comment.Comment, limit int) comment.Replies {
	page := comment.Replies{Replies: append([]comment.Comment{}, list...)}
	if len(list) > limit {
		page.Replies = page.Replies[:limit]
		last := page.Replies[limit-1]
		page.Next = comment.Cursor{Created: last.Created, ID: last.ID}.String()
	}
	return page
}

// replyColumns are columns read from the replies' side of the join.
const replyColumns = `c.id, c.article, c.parent, c.author, c.body, c.html, c.created, c.status`

// readerOfRecord checks the reader hash an exported record carries ("" is
// none) and returns it decoded, nil for none.
func readerOfRecord(r Record) ([]byte, error) {
	if r.Reader == "" {
		return nil, nil
	}
	b, err := hex.DecodeString(r.Reader)
	if err != nil || len(b) != 32 {
		return nil, fmt.Errorf("import comment %s: %w: reader must be 64 hex digits", r.ID, comment.ErrInvalid)
	}
	return b, nil
}
