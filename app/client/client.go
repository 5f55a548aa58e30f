// Package client is Folio's browser-side data access: it reads articles and
// reads and posts comments through the browser's own fetch, and implements
// comment.Store so the UI does not care which side it talks to.
package client

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"folio/app/article"
	"folio/app/comment"
)

// ErrOffline is returned when the request never reached the server.
var ErrOffline = errors.New("network unavailable")

// ErrServer is returned for a 5xx answer: the request may be retried later.
var ErrServer = errors.New("server error")

// response is what fetch brings back. fetchedAt is set when the service
// worker answered from its cache: when that copy was fetched.
type response struct {
	status    int
	body      []byte
	fetchedAt time.Time
	// retryAfter is the wait a 429 or 503 asked for (Retry-After, seconds).
	retryAfter time.Duration
}

// Client talks to a Folio server's JSON API. The zero value uses the page's own origin.
type Client struct {
	// Base is the origin and path prefix of the API, "" for the page's own origin.
	Base string
}

// ArticlePage returns page n (from 1) of the article list, newest first,
// article.PageSize to a page: every article, or those tagged tag.
func (c Client) ArticlePage(ctx context.Context, tag string, n int) (article.Page, error) {
	var p article.Page
	if _, err := c.get(ctx, ArticlesPageURL(tag, n), &p); err != nil {
		return p, fmt.Errorf("list articles (tag %q, page %d): %w", tag, n, err)
	}
	return p, nil
}

// Article returns one article with its Markdown body, or article.ErrNotFound.
func (c Client) Article(ctx context.Context, slug string) (article.Article, error) {
	var a article.Article
	if _, err := c.get(ctx, ArticleURL(slug), &a); err != nil {
		return a, fmt.Errorf("get article %s: %w", slug, err)
	}
	return a, nil
}

// Page implements comment.Store. limit 0 asks for the server's page size;
// the first page is then read at CommentsURL, the address Keep stores it
// under for offline reading.
func (c Client) Page(ctx context.Context, slug, cursor string, limit int) (comment.Page, error) {
	if limit != 0 {
		cursor += "&limit=" + strconv.Itoa(limit)
	}
	page, _, err := c.PageAsOf(ctx, slug, cursor)
	return page, err
}

// PageAsOf reads the page of slug's thread after cursor ("" for the first),
// and when the page came from this device's cache because the network was
// not there, when it was fetched (zero when fresh).
func (c Client) PageAsOf(ctx context.Context, slug, cursor string) (comment.Page, time.Time, error) {
	return c.SortedPageAsOf(ctx, slug, "", cursor)
}

// SortedPageAsOf is PageAsOf in order sort (comment.SortNewest or
// comment.SortBest; "" and comment.SortOldest are PageAsOf), with a cursor
// of that order.
func (c Client) SortedPageAsOf(ctx context.Context, slug, sort, cursor string) (comment.Page, time.Time, error) {
	if !CommentsOn() {
		return comment.Page{Comments: []comment.Comment{}}, time.Time{}, nil // an export without a comment server
	}
	u := PageURL(slug, cursor)
	if sort != "" && sort != comment.SortOldest {
		u += "&sort=" + sort
	}
	if LiveComments() {
		var raw json.RawMessage
		res, err := c.get(ctx, u, &raw)
		page, at, err := threadAcrossOrigins(u, res, err)
		if err != nil {
			return comment.Page{}, time.Time{}, fmt.Errorf("list comments of %s: %w", slug, err)
		}
		return page, at, nil
	}
	var raw json.RawMessage
	res, err := c.get(ctx, u, &raw)
	if err != nil {
		return comment.Page{}, time.Time{}, fmt.Errorf("list comments of %s: %w", slug, err)
	}
	page, err := decodePage(raw)
	if err != nil {
		return comment.Page{}, time.Time{}, fmt.Errorf("list comments of %s: %w", slug, err)
	}
	return page, res.fetchedAt, nil
}

// PageURL is where the page of slug's thread after cursor is read: the
// first page at CommentsURL, the next ones with their cursor.
func PageURL(slug, cursor string) string {
	if cursor == "" {
		return CommentsURL(slug)
	}
	return CommentsURL(slug) + "&cursor=" + cursor
}

// decodePage reads a page of comments. A thread kept on this device before
// threads came in pages is a plain list: it reads as one whole page.
func decodePage(b []byte) (comment.Page, error) {
	var page comment.Page
	if len(b) > 0 && b[0] == '[' {
		if err := json.Unmarshal(b, &page.Comments); err != nil {
			return comment.Page{}, fmt.Errorf("decode: %w", err)
		}
		page.Total = len(page.Comments)
		for _, c := range page.Comments {
			if c.Status == comment.Published {
				page.Published++
			}
		}
	} else if err := json.Unmarshal(b, &page); err != nil {
		return comment.Page{}, fmt.Errorf("decode: %w", err)
	}
	if page.Comments == nil {
		page.Comments = []comment.Comment{}
	}
	return page, nil
}

// Post implements comment.Store. A repeated post of the same id is harmless:
// the server answers 200 with the comment it already holds.
func (c Client) Post(ctx context.Context, cm comment.Comment) (comment.Comment, bool, error) {
	in := struct {
		ID      string `json:"id"`
		Article string `json:"article"`
		Parent  string `json:"parent,omitempty"`
		Author  string `json:"author"`
		Body    string `json:"body"`
		// The form's start time, when it is sent and the honeypot, for the
		// server's spam checks; sent is now, whenever the outbox sends it.
		Started time.Time `json:"started,omitzero"`
		Sent    time.Time `json:"sent,omitzero"`
		Website string    `json:"website,omitempty"`
		Reader  string    `json:"reader"` // reader.go
	}{cm.ID, cm.Article, cm.Parent, cm.Author, cm.Body, cm.Started, time.Now(), cm.Trap, ReaderKey(LocalStorage())}
	body, err := json.Marshal(in)
	if err != nil {
		return cm, false, fmt.Errorf("post comment %s: %w", cm.ID, err)
	}
	res, err := fetch(ctx, "POST", c.Base+commentsBase()+"/api/comments", body)
	if err == nil {
		err = statusError(res.status, res.body)
	}
	if e, ok := errors.AsType[*Error](err); ok {
		e.RetryAfter = res.retryAfter
	}
	if err != nil {
		return cm, false, fmt.Errorf("post comment %s: %w", cm.ID, err)
	}
	var stored comment.Comment
	if err := json.Unmarshal(res.body, &stored); err != nil {
		return cm, false, fmt.Errorf("post comment %s: decode: %w", cm.ID, err)
	}
	return stored, res.status == 201, nil
}

func (c Client) get(ctx context.Context, path string, v any) (response, error) {
	res, err := fetch(ctx, "GET", c.Base+path, nil)
	if err != nil {
		return res, err
	}
	if err := statusError(res.status, res.body); err != nil {
		return res, err
	}
	if err := json.Unmarshal(res.body, v); err != nil {
		return res, fmt.Errorf("decode: %w", err)
	}
	return res, nil
}

// statusError maps an HTTP status back to the domain's sentinel errors, so
// the UI uses errors.Is whichever side failed. The server's reason is kept.
func statusError(status int, body []byte) error {
	if status < 400 {
		return nil
	}
	var e struct {
		Error string `json:"error"`
	}
	_ = json.Unmarshal(body, &e)
	reason := e.Error
	if reason == "" {
		reason = fmt.Sprintf("status %d", status)
	}
	var kind error
	switch {
	case status == 400:
		kind = comment.ErrMalformed
	case status == 404:
		kind = article.ErrNotFound
	case status == 409:
		kind = comment.ErrConflict
	case status == 413:
		kind = comment.ErrTooLong
	case status == 422:
		kind = comment.ErrInvalid
	case status == 429:
		kind = comment.ErrRateLimited
	case status >= 500:
		kind = ErrServer
	default:
		kind = comment.ErrInvalid
	}
	return &Error{Kind: kind, Reason: reason}
}

// Error is an error answer from the server: its kind (a sentinel) and its reason.
type Error struct {
	Kind   error
	Reason string
	// RetryAfter is how long the server asked to wait (0: it did not say).
	RetryAfter time.Duration
}

func (e *Error) Error() string { return e.Reason }

// Unwrap lets errors.Is match the sentinel.
func (e *Error) Unwrap() error { return e.Kind }
