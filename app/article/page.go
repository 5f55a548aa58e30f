package article

// PageSize is how many stories a front, archive or tag page shows, and how
// many GET /api/articles answers when no limit is asked for.
const PageSize = 12

// Page is one page of the article list, newest first, as GET /api/articles
// answers it.
type Page struct {
	Articles []Meta `json:"articles"`
	// Next is the cursor that asks for the following page: "" on the last.
	Next string `json:"next,omitempty"`
}
