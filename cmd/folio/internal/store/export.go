package store

import (
	"encoding/hex"
	"fmt"
	"time"

	"folio/app/comment"
)

// Record is a comment as the store keeps it, with the content hash it was
// posted with: what folio comments export writes and import reads back. A
// deleted comment's author and body are blank, so its hash cannot be
// computed again and must travel with it.
type Record struct {
	comment.Comment
	// Hash is comment.ContentHash of the comment as first posted, in hex.
	Hash string
	// Reader is the hash of the reader key of the device that posted the
	// comment (comment.ReaderHash, store.Replier), in hex; "" for none. It
	// travels so that a move between stores keeps every device's replies;
	// it opens no feed (only the key does).
	Reader string
	// Owner is the SHA-256 of the secret the post answered with, in hex
	// ("": none): with it the author's device can still edit or delete the
	// comment within comment.EditWindow after a move. Comment.Edited,
	// ByAuthor and Pinned travel with it (export_extras.go).
	Owner string
	// Reactions are each device's reaction and vote, by device.
	Reactions []comment.Reaction
}

// ImportResult says what Import did with each record of a batch.
type ImportResult struct {
	// Added counts the records stored now.
	Added int
	// Same counts records whose id was stored already with the same hash.
	Same int
	// Conflicts lists the ids stored already with other content; the stored
	// comments are kept.
	Conflicts []string
}

// oldest is the earliest creation time a record may have: before it, a time
// is a missing one (the zero time), not a comment's.
var oldest = time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC)

// CheckRecord reports whether Import would take r, with the error it would
// give: a caller that reads records one by one can set a bad one aside
// rather than lose its whole batch.
func CheckRecord(r Record) error {
	_, _, err := checkRecord(r)
	return err
}

// checkRecord checks and normalises a record before Import stores it, as
// prepare does for a post: a published, hidden or pending comment passes
// comment.Validate; a deleted one is as Delete leaves it, its author, body
// and HTML blank. Either way the status must be stored, the hash a SHA-256
// in hex and the time a real one, cut to microseconds in UTC. It returns the
// record with its hash decoded.
func checkRecord(r Record) (Record, []byte, error) {
	c := r.Comment
	var err error
	switch c.Status {
	case comment.Published, comment.Hidden, comment.Pending:
		err = comment.Validate(c)
	case comment.Deleted:
		// Validate with stand-ins for the blanked fields checks the rest.
		x := c
		x.Author, x.Body = "-", "-"
		err = comment.Validate(x)
		if err == nil && (c.Author != "" || c.Body != "" || c.HTML != "") {
			err = fmt.Errorf("%w: a deleted comment keeps no author, body or HTML", comment.ErrInvalid)
		}
	default:
		err = fmt.Errorf("%w: status %q", comment.ErrInvalid, c.Status)
	}
	if err != nil {
		return Record{}, nil, fmt.Errorf("import comment %s: %w", c.ID, err)
	}
	hash, err := hex.DecodeString(r.Hash)
	if err != nil || len(hash) != 32 {
		return Record{}, nil, fmt.Errorf("import comment %s: %w: hash must be 64 hex digits", c.ID, comment.ErrInvalid)
	}
	if c.Created.Before(oldest) {
		return Record{}, nil, fmt.Errorf("import comment %s: %w: no creation time", c.ID, comment.ErrInvalid)
	}
	c.Created = time.UnixMicro(c.Created.UnixMicro()).UTC()
	c.Reason = ""
	reader, err := readerOfRecord(r)
	if err != nil {
		return Record{}, nil, err
	}
	r, err = checkExtras(Record{Comment: c, Hash: hex.EncodeToString(hash), Reader: hex.EncodeToString(reader), Owner: r.Owner, Reactions: r.Reactions})
	if err != nil {
		return Record{}, nil, err
	}
	return r, hash, nil
}
