package article

// MoreSize is how many other stories "more from this tag" lists.
const MoreSize = 3

// Around is what the end of an article offers: the story to read next and
// more from the article's first tag. The server works it out from the
// content index's metadata when the article is asked for; nothing is stored
// per article. Its stories come without their pictures: the end of an
// article costs the reader no downloads, and shows no missing picture
// offline.
type Around struct {
	// Next is the story after this one in the magazine's order (the next
	// older; the newest after the oldest): nil when it is the only one.
	Next *Meta `json:"next,omitempty"`
	// Tag is the tag More is from: the article's first tag that has
	// other stories.
	Tag string `json:"tag,omitempty"`
	// More is up to MoreSize other stories tagged Tag, newest first,
	// leaving out this one and Next.
	More []Meta `json:"more,omitempty"`
}

// AroundIn works out Around for the article at position at of list (every
// article, newest first); tagged lists the articles with a tag in the same
// order. It reads only metadata, and stops at the first tag with others.
func AroundIn(list []Meta, at int, tagged func(tag string) []Meta) Around {
	var ar Around
	if at < 0 || at >= len(list) {
		return ar
	}
	self := list[at]
	if len(list) > 1 {
		next := list[(at+1)%len(list)]
		next.Image = ""
		ar.Next = &next
	}
	for _, tag := range self.Tags {
		if more := ar.others(self, tagged(tag)); len(more) > 0 {
			ar.Tag, ar.More = tag, more
			break
		}
	}
	return ar
}

// others is up to MoreSize of ms that are neither self nor ar.Next.
func (ar Around) others(self Meta, ms []Meta) []Meta {
	var out []Meta
	for _, m := range ms {
		if len(out) == MoreSize {
			break
		}
		if m.Slug != self.Slug && (ar.Next == nil || m.Slug != ar.Next.Slug) {
			m.Image = ""
			out = append(out, m)
		}
	}
	return out
}
