package comment

import (
	"errors"
	"time"
)

// EditWindow is how long after posting a comment its author may edit or
// delete it, from the device that posted it.
const EditWindow = 15 * time.Minute

// Errors of an author's own edit or delete (403 both).
var (
	// ErrNotYours means the secret does not prove the comment was posted
	// from this device.
	ErrNotYours = errors.New("not your comment")
	// ErrTooLate means the EditWindow is over.
	ErrTooLate = errors.New("too late to change this comment")
)

// Editable reports whether c may still be edited or deleted by its author at now.
func Editable(c Comment, now time.Time) bool {
	return c.Status == Published && now.Before(c.Created.Add(EditWindow))
}
