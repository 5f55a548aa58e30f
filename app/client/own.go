package client

import (
	"context"
	"encoding/json"
	"fmt"

	"folio/app/comment"
)

// ownPrefix starts the key of each comment's secret: the proof, per
// comment, that this device posted it, which lets it edit or delete the
// comment for comment.EditWindow.
const ownPrefix = "folio.own."

// KeepSecrets keeps the secret of each comment the server just stored.
func KeepSecrets(kv KV, stored []comment.Comment) {
	for _, c := range stored {
		if c.Secret != "" {
			kv.Set(ownPrefix+c.ID, c.Secret)
		}
	}
}

// SecretOf is the secret of comment id kept on this device ("": none).
func SecretOf(kv KV, id string) string {
	s, _ := kv.Get(ownPrefix + id)
	return s
}

// ChangeOwn edits comment id to body (PUT), or deletes it (DELETE), with
// its secret, and returns the comment as the server now has it.
func (c Client) ChangeOwn(ctx context.Context, method, id, secret, body string) (comment.Comment, error) {
	var out comment.Comment
	in, err := json.Marshal(map[string]string{"secret": secret, "body": body})
	if err == nil {
		var res response
		res, err = fetch(ctx, method, c.Base+commentsBase()+"/api/comments/"+id+"/own", in)
		if err == nil {
			err = statusError(res.status, res.body)
		}
		if err == nil {
			err = json.Unmarshal(res.body, &out)
		}
	}
	if err != nil {
		return out, fmt.Errorf("change comment %s: %w", id, err)
	}
	return out, nil
}
