package store

import (
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sort"
	"time"

	"folio/app/comment"
)

// What an export carries beside each comment, so that a move between
// stores keeps all the reader's desk added: who may still change it (the
// hash of its secret), what its author did (Comment.Edited and ByAuthor),
// whether it is pinned (Comment.Pinned), and each device's reaction. The
// blocked names travel on lines of their own (Moderator.Blocked).

// checkExtras checks what a record carries beside its comment and returns
// it normalised: the owner's hash in lower-case hex, the edit time cut to
// microseconds, the reactions sorted by device, each one once.
func checkExtras(r Record) (Record, error) {
	bad := func(why string) (Record, error) {
		return Record{}, fmt.Errorf("import comment %s: %w: %s", r.ID, comment.ErrInvalid, why)
	}
	if r.Owner != "" {
		b, err := hex.DecodeString(r.Owner)
		if err != nil || len(b) != 32 {
			return bad("owner must be 64 hex digits")
		}
		r.Owner = hex.EncodeToString(b)
	}
	switch {
	case r.Owner == "" && (!r.Edited.IsZero() || r.ByAuthor):
		return bad("an edit or delete by its author needs the owner's hash")
	case r.ByAuthor && r.Status != comment.Deleted:
		return bad("only a deleted comment is deleted by its author")
	case !r.Edited.IsZero() && r.Edited.Before(oldest):
		return bad("no edit time")
	}
	if !r.Edited.IsZero() {
		r.Edited = time.UnixMicro(r.Edited.UnixMicro()).UTC()
	}
	seen := make(map[string]bool, len(r.Reactions))
	for i := range r.Reactions {
		x := &r.Reactions[i]
		x.Comment = r.ID
		if err := comment.ValidateReaction(*x); err != nil {
			return Record{}, fmt.Errorf("import comment %s: reaction: %w", r.ID, err)
		}
		if seen[x.Device] {
			return bad("two reactions of device " + x.Device)
		}
		seen[x.Device] = true
	}
	sortReactions(r.Reactions)
	return r, nil
}

func sortReactions(rs []comment.Reaction) {
	sort.Slice(rs, func(i, j int) bool { return rs[i].Device < rs[j].Device })
}

// extrasRow is what a store's Each reads beside a comment: the owner's
// hash, edit time and own delete (NULL: no owner), the pin, and the
// reactions as a JSON array of [device, emoji, vote] (NULL or "[]": none).
type extrasRow struct {
	owner     []byte  // PostgreSQL keeps the hash
	ownerHex  *string // SQLite keeps it in hex
	edited    *int64
	byAuthor  *bool
	pinned    bool
	reactions *string
}

// dest are the columns extrasJoin reads, to scan into; hexOwner for SQLite.
func (x *extrasRow) dest(hexOwner bool) []any {
	owner := any(&x.owner)
	if hexOwner {
		owner = &x.ownerHex
	}
	return []any{owner, &x.edited, &x.byAuthor, &x.pinned, &x.reactions}
}

// fill sets what x read on r.
func (x *extrasRow) fill(r *Record) error {
	if len(x.owner) > 0 {
		r.Owner = hex.EncodeToString(x.owner)
	}
	if x.ownerHex != nil {
		r.Owner = *x.ownerHex
	}
	if x.edited != nil && *x.edited > 0 {
		r.Edited = time.UnixMicro(*x.edited).UTC()
	}
	r.ByAuthor = x.byAuthor != nil && *x.byAuthor
	r.Pinned = x.pinned
	if x.reactions == nil {
		return nil
	}
	var rows [][3]json.RawMessage
	if err := json.Unmarshal([]byte(*x.reactions), &rows); err != nil {
		return fmt.Errorf("reactions of %s: %w", r.ID, err)
	}
	for _, row := range rows {
		rc := comment.Reaction{Comment: r.ID}
		if err := json.Unmarshal(row[0], &rc.Device); err != nil {
			return fmt.Errorf("reactions of %s: %w", r.ID, err)
		}
		if err := json.Unmarshal(row[1], &rc.Emoji); err != nil {
			return fmt.Errorf("reactions of %s: %w", r.ID, err)
		}
		if err := json.Unmarshal(row[2], &rc.Vote); err != nil {
			return fmt.Errorf("reactions of %s: %w", r.ID, err)
		}
		r.Reactions = append(r.Reactions, rc)
	}
	sortReactions(r.Reactions)
	return nil
}
