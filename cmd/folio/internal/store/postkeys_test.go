package store

import (
	"context"
	"crypto/sha256"
	"errors"
	"testing"

	"folio/app/comment"
)

func init() {
	contract = append(contract, struct {
		name string
		test func(*testing.T, newDB)
	}{"PostKeepsKeys", testPostKeepsKeys})
}

// testPostKeepsKeys: the hashes of a new comment's secret and of its
// device's reader key are kept by Post itself, with the comment (the API
// writes nothing else per post), and a replay does not replace them.
func testPostKeepsKeys(t *testing.T, fresh newDB) {
	st, _ := openFresh(t, fresh)
	ctx := context.Background()
	secret, other := sha256.Sum256([]byte("secret")), sha256.Sum256([]byte("other"))
	reader, stranger := sha256.Sum256([]byte("reader")), sha256.Sum256([]byte("stranger"))

	mine := mk("mine", "a", "", "mine", 0)
	mine.OwnerHash, mine.ReaderHash = string(secret[:]), string(reader[:])
	mustPost(t, st, mine)
	replay := mine
	replay.OwnerHash, replay.ReaderHash = string(other[:]), string(stranger[:])
	if _, created, err := st.Post(ctx, replay); err != nil || created {
		t.Fatalf("replay: created %v, %v; want a replay", created, err)
	}
	mustPost(t, st, mk("plain", "a", "", "no keys", 1))
	mustPost(t, st, mk("reply", "a", "mine", "a reply", 2))

	o := st.(Owner)
	if _, err := o.EditOwn(ctx, "mine", other[:], "x", "<p>x</p>\n", t0); !errors.Is(err, comment.ErrNotYours) {
		t.Errorf("EditOwn with the replay's secret = %v, want %v", err, comment.ErrNotYours)
	}
	if _, err := o.EditOwn(ctx, "plain", secret[:], "x", "<p>x</p>\n", t0); !errors.Is(err, comment.ErrNotYours) {
		t.Errorf("EditOwn of a comment posted without a secret = %v, want %v", err, comment.ErrNotYours)
	}
	if got, err := o.EditOwn(ctx, "mine", secret[:], "edited", "<p>edited</p>\n", t0); err != nil || got.Body != "edited" {
		t.Errorf("EditOwn with the post's secret = %q, %v; want edited", got.Body, err)
	}

	r := st.(Replier)
	if page, err := r.RepliesTo(ctx, reader[:], "", 0); err != nil || len(page.Replies) != 1 || page.Replies[0].ID != "reply" {
		t.Errorf("RepliesTo(the post's reader) = %v, %v; want the reply", replyIDs(page), err)
	}
	if _, err := r.RepliesTo(ctx, stranger[:], "", 0); !errors.Is(err, comment.ErrNotFound) {
		t.Errorf("RepliesTo(the replay's reader) = %v, want %v", err, comment.ErrNotFound)
	}
}
