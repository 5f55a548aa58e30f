package comment

// Emojis are the reactions a reader may give a comment, in the order they
// are shown and counted.
var Emojis = [...]string{"👍", "❤️", "😂", "😮", "🙏"}

// Counts holds how many devices gave each of Emojis, in its order: an
// array, so a Comment stays comparable.
type Counts [len(Emojis)]int

// EmojiIndex is the place of emoji in Emojis, or -1.
func EmojiIndex(emoji string) int {
	for i, e := range Emojis {
		if e == emoji {
			return i
		}
	}
	return -1
}

// Reaction is what one device says of one comment: at most one emoji and
// one vote (-1, 0 or +1). It is the device's whole say, so sending it again
// changes nothing and sending another replaces it.
type Reaction struct {
	Comment string `json:"comment"`
	Device  string `json:"device"`
	Emoji   string `json:"emoji,omitempty"`
	Vote    int    `json:"vote,omitempty"`
}

// Tally is a comment's reactions counted by emoji, and its score: the sum
// of its votes.
type Tally struct {
	Reactions Counts `json:"reactions,omitzero"`
	Score     int    `json:"score,omitempty"`
}

// ValidateReaction checks a reaction: ids wrap ErrMalformed, an emoji not
// in Emojis or a vote outside -1 to 1 wraps ErrInvalid.
func ValidateReaction(r Reaction) error {
	switch {
	case !validID(r.Comment):
		return Explain(ErrMalformed, "comment must be a comment id")
	case !validID(r.Device):
		return Explain(ErrMalformed, "device must be 1 to %d letters, digits, '-' or '_'", MaxIDLen)
	case r.Emoji != "" && EmojiIndex(r.Emoji) < 0:
		return Explain(ErrInvalid, "reaction must be one of %v", Emojis[:])
	case r.Vote < -1 || r.Vote > 1:
		return Explain(ErrInvalid, "vote must be -1, 0 or 1")
	}
	return nil
}
