// Package comment holds Folio's comment model: the Comment type, its
// validation, threading, the restricted Markdown renderer and the Store
// interface that both the browser client and the server storage implement.
//
// The package is pure: it builds for js/wasm and the server alike, so it must
// not import database drivers, net/http or the HTML sanitizer.
package comment

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"strings"
	"time"

	"github.com/google/uuid"
)

// Sentinel errors. Validation and storage errors wrap one of them with a
// human-readable reason; the API maps each to an HTTP status and the client
// maps the status back, so callers can use errors.Is on either side.
var (
	// ErrInvalid means the comment breaks a rule a person can fix (422).
	ErrInvalid = errors.New("invalid comment")
	// ErrMalformed means the request itself is broken, such as a bad id (400).
	ErrMalformed = errors.New("malformed request")
	// ErrTooLong means the comment or request is over its size limit (413).
	ErrTooLong = errors.New("comment too long")
	// ErrNotFound means no comment has the requested id (404).
	ErrNotFound = errors.New("comment not found")
	// ErrConflict means a comment with the same id but other content exists (409).
	ErrConflict = errors.New("comment id already used for different content")
	// ErrRateLimited means the poster sent too many comments too quickly (429).
	ErrRateLimited = errors.New("too many comments, try again later")
)

// Status is where a comment stands in its life.
type Status string

// The statuses a comment can have. Sending and Failed exist only in the
// browser, for comments the outbox has not delivered yet.
const (
	// Published comments are listed and counted.
	Published Status = "published"
	// Deleted comments were removed by a moderator: their body and HTML are
	// blanked, but the row stays so replies still hang from it.
	Deleted Status = "deleted"
	// Hidden comments are kept but not listed.
	Hidden Status = "hidden"
	// Sending comments wait in the browser's outbox (client-only).
	Sending Status = "sending"
	// Failed comments were refused by the server (client-only); Reason says why.
	Failed Status = "failed"
	// Pending comments wait for a moderator's approval (-moderation pre):
	// stored, but neither listed nor counted until published.
	Pending Status = "pending"
)

// Comment is one reader comment on an article. Parent is the id of the
// comment it replies to, or empty for a top-level comment.
type Comment struct {
	ID      string `json:"id"`
	Article string `json:"article"`
	Parent  string `json:"parent,omitempty"`
	Author  string `json:"author"`
	Body    string `json:"body"`
	// HTML is Body rendered and sanitized by the server when it was posted.
	HTML    string    `json:"html,omitempty"`
	Created time.Time `json:"created"`
	Status  Status    `json:"status"`
	// Reason says why the server refused the comment; it is set only in the
	// browser, on Failed comments.
	Reason string `json:"reason,omitempty"`
	// Pinned comments show first in their article's thread.
	Pinned bool `json:"pinned,omitempty"`
	// Started is when the form the comment was written in opened, and Trap
	// what its honeypot field held (filled only by robots): the browser
	// sends both with a new comment, and the server checks them and keeps
	// neither.
	Started time.Time `json:"started,omitzero"`
	Trap    string    `json:"website,omitempty"`
	// Reactions counts the comment's reactions, in the order of Emojis, and
	// Score sums its votes, as the server last counted them (see Tally).
	Reactions Counts `json:"reactions,omitzero"`
	Score     int    `json:"score,omitempty"`
	// Edited is when its author last edited it (zero: never); ByAuthor says
	// a deleted comment was deleted by its author, not a moderator.
	Edited   time.Time `json:"edited,omitzero"`
	ByAuthor bool      `json:"byAuthor,omitempty"`
	// Secret is given once, in the answer to the post that stored the
	// comment: the device that keeps it may edit and delete the comment for
	// EditWindow. The server keeps only its hash.
	Secret string `json:"secret,omitempty"`
	// OwnerHash (the SHA-256 of Secret) and ReaderHash (of the posting
	// device's reader key) are the server's alone and never sent: a store's
	// Post keeps each, when set, with the comment it creates, in the same
	// transaction, so a post costs one commit.
	OwnerHash  string `json:"-"`
	ReaderHash string `json:"-"`
}

// New returns a comment ready for the outbox: a fresh UUIDv7 id, trimmed
// author and body, status Sending, created at now. UUIDv7 ids sort by time,
// which keeps ties in Tree close to posting order.
func New(article, parent, author, body string, now time.Time) Comment {
	return Comment{
		ID:      newID(),
		Article: article,
		Parent:  parent,
		Author:  strings.TrimSpace(author),
		Body:    strings.TrimSpace(body),
		Created: now,
		Status:  Sending,
	}
}

// newID returns a UUIDv7, or a random UUIDv4 in the unlikely case the clock
// or the random source fails for v7: an id must never be empty.
func newID() string {
	id, err := uuid.NewV7()
	if err != nil {
		return uuid.NewString()
	}
	return id.String()
}

// Store keeps comments. The server implements it over a database and the
// browser client over HTTP; both keep the same contract.
type Store interface {
	// Page returns a page of an article's thread: up to limit top-level
	// comments after cursor ("" for the first page), oldest first, each with
	// all its published and deleted replies; hidden comments are left out.
	// A limit of 0 means PageSize. An article without comments gives an
	// empty page, not an error. A cursor that ParseCursor refuses, or a
	// limit outside 0 to MaxPageSize, returns ErrMalformed.
	Page(ctx context.Context, article, cursor string, limit int) (Page, error)

	// Post stores c once. Posting the same id again with the same content
	// returns the stored comment and created == false; the same id with
	// different content returns ErrConflict. Implementations may also return
	// ErrInvalid, ErrMalformed, ErrTooLong or ErrRateLimited for comments they
	// refuse.
	Post(ctx context.Context, c Comment) (stored Comment, created bool, err error)
}

// ContentHash is the hex SHA-256 of the fields a poster controls: article,
// parent, author and body. Each field is length-prefixed so that content
// cannot move from one field into the next and keep the same hash. Stores use
// it to tell a replay (same id, same hash) from a conflict.
func ContentHash(c Comment) string {
	h := sha256.New()
	var n [8]byte
	for _, f := range []string{c.Article, c.Parent, c.Author, c.Body} {
		binary.BigEndian.PutUint64(n[:], uint64(len(f)))
		h.Write(n[:])
		h.Write([]byte(f))
	}
	return hex.EncodeToString(h.Sum(nil))
}
