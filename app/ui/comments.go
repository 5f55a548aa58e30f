package ui

import (
	"strings"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"folio/app/client"
	"folio/app/comment"
	"folio/app/i18n"
)

// maxDepth is how many levels replies nest. Deeper replies line up under
// the last level, in thread order, and say whom they answer: a long thread
// stays readable on a phone, and its page grows linearly with its length.
const maxDepth = 3

const authorKey = "folio.author"

// commentSection is the thread under an article and the box to join it.
type commentSection struct {
	app.Compo

	// Lang is the interface's language.
	Lang i18n.Lang
	// Article is the slug the thread belongs to.
	Article string
	// Comments is the thread as loaded: its first page, and those read
	// after it with "Show more".
	Comments []comment.Comment
	// Published is how many published comments the whole thread has, as
	// the server last said.
	Published int
	// More is how many comments are still to load (0: none); LoadingMore
	// says they are on their way, MoreErr why they did not come.
	More        int
	LoadingMore bool
	MoreErr     error
	// AsOf is when Comments were fetched, when they came from this device's
	// cache rather than the network (zero: fresh).
	AsOf time.Time
	// State is whether the thread loaded; Err says why not when it failed.
	State loadState
	Err   error
	// Order is the order the reader sees the thread in ("" oldest first);
	// SortedHere says the device sorted what it holds, the server's pages
	// in that order being out of reach (thread_sort.go).
	Order      string
	SortedHere bool

	posted   []comment.Comment // confirmed since the page loaded
	pending  []client.Pending  // in the outbox: sending, waiting or refused
	author   string
	body     string
	replyTo  string
	reply    string
	formErr  string
	replyErr string
	// ctx is the section's own context: a reply form's is gone once the
	// reply is posted, and with it anything deferred on it.
	ctx app.Context
	// started is when the section's forms opened; awaiting are this
	// device's comments held for approval.
	started  time.Time
	awaiting []comment.Comment
	// previewing is the text field whose Markdown is shown rendered ("": none).
	previewing string
	own        ownState
}

func (s *commentSection) OnMount(ctx app.Context) {
	s.ctx = ctx
	s.started = time.Now()
	ctx.LocalStorage().Get(authorKey, &s.author)
	s.refresh()
	ctx.Handle(outboxAction, func(ctx app.Context, a app.Action) {
		stored, _ := a.Value.([]comment.Comment)
		for _, c := range stored {
			if c.Article == s.Article {
				s.posted = append(s.posted, c)
			}
		}
		s.refresh()
	})
}

// refresh reads this article's comments from the outbox.
func (s *commentSection) refresh() {
	ob, _ := device()
	s.pending = ob.For(s.Article)
	s.awaiting = ob.Awaiting(s.Article)
	s.refreshOwn()
}

func (s *commentSection) pendingOf(id string) (client.Pending, bool) {
	for _, p := range s.pending {
		if p.ID == id {
			return p, true
		}
	}
	return client.Pending{}, false
}

// all is the thread to show: loaded, confirmed since, and still pending.
func (s *commentSection) all() []comment.Comment {
	seen := make(map[string]bool, len(s.Comments)+len(s.posted))
	out := make([]comment.Comment, 0, len(s.Comments)+len(s.posted)+len(s.pending))
	for _, list := range [][]comment.Comment{s.Comments, s.posted, s.awaiting, s.own.kept} {
		for _, c := range list {
			if !seen[c.ID] {
				seen[c.ID] = true
				out = append(out, c)
			}
		}
	}
	for _, p := range s.pending {
		if !seen[p.ID] {
			out = append(out, p.Comment)
		}
	}
	return out
}

func (s *commentSection) Render() app.UI {
	if !client.CommentsOn() {
		// A static export with no comment server: no box that can never post.
		return app.Div().Class("comments-off").Hidden(true)
	}
	all := s.all()
	count := s.count(all)
	title := s.Lang.T("Comments")
	if count > 0 {
		title = s.Lang.N(count, "%d comment", "%d comments")
	}
	tree := comment.Limit(comment.Tree(all), maxDepth)
	comment.SortRoots(tree, s.Order)
	tree = pinnedFirst(tree) // pinned threads first, whatever the order
	return app.Section().ID("comments").Class("comments").Aria("label", attr(s.Lang.T("Comments"))).Body(
		app.H2().Class("comments-title").Text(title),
		s.form("", s.body, s.formErr),
		app.If(!s.AsOf.IsZero(), func() app.UI {
			return app.P().Class("comments-asof").Text(s.Lang.F("You are offline. Comments as of %s.", commentTime(s.Lang, s.AsOf)))
		}),
		s.threadNote(len(tree) == 0),
		s.sortPicker(len(tree)),
		s.sortNote(len(tree)),
		app.Div().Class("thread").Body(
			app.Range(tree).Slice(func(i int) app.UI { return s.node(tree[i], 1) }),
		),
		s.moreButton(),
	)
}

// count is the thread's published comments: the server's count, and the
// reader's own published since it was read.
func (s *commentSection) count(all []comment.Comment) int {
	loaded := make(map[string]bool, len(s.Comments))
	for _, c := range s.Comments {
		loaded[c.ID] = true
	}
	n := s.Published
	for _, c := range all {
		if c.Status == comment.Published && !loaded[c.ID] {
			n++
		}
	}
	return n
}

// moreButton loads the thread's next page, and says when it could not.
func (s *commentSection) moreButton() app.UI {
	if s.More == 0 || s.State != loaded {
		return nil
	}
	label := s.Lang.F("Show more comments (%d more)", s.More)
	if s.LoadingMore {
		label = s.Lang.T("Loading more comments…")
	}
	return app.Div().Class("comments-more").Body(
		app.If(s.MoreErr != nil, func() app.UI {
			return app.P().Class("comments-more-failed").Attr("role", "status").
				Text(s.Lang.F("More comments could not load: %s", client.Reason(s.MoreErr)))
		}),
		app.Button().Type("button").Class("button comments-more-button").
			Disabled(s.LoadingMore).Text(label).
			OnClick(func(ctx app.Context, e app.Event) {
				ctx.NewActionWithValue(threadMoreAction, s.Article)
			}),
	)
}

// threadNote is what stands in for the thread, or above it, when it is not
// loaded: whether it failed (and a Retry), is loading, or is empty.
func (s *commentSection) threadNote(empty bool) app.UI {
	switch {
	case s.State == failed:
		return threadProblem(s.Lang, s.Article, s.Err)
	case s.State != loaded:
		return app.P().Class("comments-loading").Text(s.Lang.T("Loading comments…"))
	case empty:
		return app.P().Class("comments-empty").Text(s.Lang.T("No comments yet. Start the conversation."))
	}
	return nil
}

func (s *commentSection) node(n *comment.Node, depth int) app.UI {
	c := s.withOwn(n.Comment)
	// tabindex -1: focus can be moved here (after posting), not tabbed to.
	return app.Article().ID(attr("c-"+c.ID)).Class(attr("comment comment-"+string(c.Status))).TabIndex(-1).Body(
		app.Header().Class("comment-meta").Body(
			app.Span().Class("comment-author").Text(authorName(s.Lang, c)),
			replyingTo(s.Lang, n.ReplyTo),
			app.Time().DateTime(c.Created.UTC().Format(time.RFC3339)).Text(commentTime(s.Lang, c.Created)),
			s.statusBadge(c),
			s.ownNote(c),
		),
		app.Raw(`<div class="comment-body">`+commentHTML(s.Lang, c)+`</div>`),
		reactionBar(s.Lang, c),
		s.actions(c),
		app.If(s.replyTo == c.ID, func() app.UI { return s.form(c.ID, s.reply, s.replyErr) }),
		app.If(len(n.Replies) > 0, func() app.UI {
			class := "replies"
			if depth >= maxDepth {
				class += " replies-flat"
			}
			return app.Div().Class(attr(class)).Body(
				app.Range(n.Replies).Slice(func(i int) app.UI { return s.node(n.Replies[i], depth+1) }),
			)
		}),
	)
}

// replyingTo names the comment a reply answers when the reply is not shown
// nested under it, with a link to it.
func replyingTo(l i18n.Lang, p *comment.Parent) app.UI {
	if p == nil {
		return nil
	}
	name := p.Author
	if name == "" {
		name = l.T("a removed comment")
	}
	return app.Span().Class("comment-replyto").Body(
		app.Text(l.T("replying to ")),
		app.A().Href(attr("#c-"+p.ID)).Text(name),
	)
}

func authorName(l i18n.Lang, c comment.Comment) string {
	if c.Status == comment.Deleted {
		return l.T("Removed")
	}
	return c.Author
}

// commentHTML is the server's sanitized rendering when there is one; a comment
// not yet stored is rendered here with the same restricted renderer.
func commentHTML(l i18n.Lang, c comment.Comment) string {
	switch {
	case c.Status == comment.Deleted && c.ByAuthor:
		return "<p><em>" + l.T("Deleted by its author.") + "</em></p>"
	case c.Status == comment.Deleted:
		return "<p><em>" + l.T("This comment was removed.") + "</em></p>"
	case c.HTML != "":
		return c.HTML
	default:
		return comment.Render(c.Body)
	}
}

func commentTime(l i18n.Lang, t time.Time) string {
	if app.IsClient {
		t = t.Local()
	} else {
		t = t.UTC()
	}
	return t.Format(l.T("2 Jan 2006, 15:04"))
}

func (s *commentSection) statusBadge(c comment.Comment) app.UI {
	p, _ := s.pendingOf(c.ID)
	switch {
	case c.Status == comment.Sending && p.RateLimited && p.NextTry.After(time.Now()):
		return app.Span().Class("badge badge-waiting").Text(rateLimitedText(s.Lang, p, time.Now()))
	case c.Status == comment.Sending && p.Offline:
		return app.Span().Class("badge badge-waiting").Text(s.Lang.T("waiting for network"))
	case c.Status == comment.Sending:
		return app.Span().Class("badge badge-sending").Text(s.Lang.T("sending…"))
	case c.Status == comment.Failed:
		return app.Span().Class("badge badge-failed").Text(s.Lang.T("not posted"))
	case c.Status == comment.Pending:
		return app.Span().Class("badge badge-awaiting").Text(s.Lang.T("awaiting approval"))
	case c.Pinned:
		return app.Span().Class("badge badge-pinned").Text(s.Lang.T("pinned"))
	}
	return nil
}

func (s *commentSection) actions(c comment.Comment) app.UI {
	switch c.Status {
	case comment.Published:
		return app.Div().Class("comment-actions").Body(
			app.Button().Type("button").Class("link-button").Text(s.Lang.T("Reply")).
				Aria("expanded", s.replyTo == c.ID).
				OnClick(func(ctx app.Context, e app.Event) {
					s.replyTo, s.replyErr = c.ID, ""
					if s.replyTo == c.ID {
						ctx.Defer(func(app.Context) { focus("reply-body") })
					}
				}),

			s.ownActions(c),
		)
	case comment.Failed:
		return app.Div().Class("comment-actions").Body(
			app.P().Class("comment-reason").Text(c.Reason),
			app.Button().Type("button").Class("link-button").Text(s.Lang.T("Edit")).
				OnClick(func(ctx app.Context, e app.Event) { s.edit(ctx, c) }),
			app.Button().Type("button").Class("link-button").Text(s.Lang.T("Try again")).
				OnClick(func(app.Context, app.Event) { s.retry(c.ID) }),
			app.Button().Type("button").Class("link-button").Text(s.Lang.T("Discard")).
				OnClick(func(app.Context, app.Event) { s.discard(c.ID) }),
		)
	case comment.Sending:
		if p, _ := s.pendingOf(c.ID); p.Offline {
			return app.Div().Class("comment-actions").Body(
				app.P().Class("comment-reason").Text(s.Lang.T("Kept on this device; it will be posted when the network is back.")),
				app.Button().Type("button").Class("link-button").Text(s.Lang.T("Discard")).
					OnClick(func(app.Context, app.Event) { s.discard(c.ID) }),
				s.ownActions(c),
			)
		}
	}
	return nil
}

func focus(id string) {
	if el := app.Window().GetElementByID(id); el.Truthy() {
		el.Call("focus")
	}
}

// form is the box for a new comment (parent "") or a reply to parent.
func (s *commentSection) form(parent, text, errMsg string) app.UI {
	id, label, button := "comment-body", s.Lang.T("Your comment"), s.Lang.T("Post comment")
	target := &s.body
	if parent != "" {
		id, label, button = "reply-body", s.Lang.T("Your reply"), s.Lang.T("Post reply")
		target = &s.reply
	}
	return app.Form().Class("comment-form").Attr("novalidate", true).
		OnSubmit(func(ctx app.Context, e app.Event) {
			e.PreventDefault()
			s.submit(ctx, parent)
		}).
		Body(
			app.Label().For(attr(id+"-author")).Text(s.Lang.T("Name")),
			app.Input().ID(attr(id+"-author")).Name("author").Type("text").
				Attr("autocomplete", "name").MaxLength(80).Required(true).
				Value(attr(s.author)).OnInput(s.ValueTo(&s.author)),
			app.Label().For(attr(id)).Text(label),
			app.Textarea().ID(attr(id)).Name("body").Rows(4).MaxLength(5000).Required(true).
				Placeholder(attr(s.Lang.T("Be kind. *Emphasis*, **bold**, `code` and links work."))).
				Text(text).OnInput(s.ValueTo(target)),
			honeypot(s.Lang, id),
			s.previewPane(id, text),
			app.If(errMsg != "", func() app.UI {
				return app.P().Class("form-error").Attr("role", "alert").Text(errMsg)
			}),
			app.Div().Class("form-actions").Body(
				app.Button().Type("submit").Class("button").Text(button),
				app.If(parent != "", func() app.UI {
					return app.Button().Type("button").Class("link-button").Text(s.Lang.T("Cancel")).
						OnClick(func(app.Context, app.Event) { s.replyTo, s.reply = "", "" })
				}),
			),
		)
}

func (s *commentSection) submit(ctx app.Context, parent string) {
	text := s.body
	if parent != "" {
		text = s.reply
	}
	c := comment.New(s.Article, parent, s.author, text, time.Now())
	c.Started, c.Trap = s.started, trapValue(parent)
	if err := comment.Validate(c); err != nil {
		if parent != "" {
			s.replyErr = reason(s.Lang, err)
		} else {
			s.formErr = reason(s.Lang, err)
		}
		return
	}
	ctx.LocalStorage().Set(authorKey, c.Author)
	if parent != "" {
		s.reply, s.replyTo, s.replyErr = "", "", ""
	} else {
		s.body, s.formErr = "", ""
		setField("comment-body", "")
	}
	queue(c)
	s.refresh()
	// A keyboard or screen-reader user lands on what they just posted. The
	// element stays when the server confirms it, and so does the focus.
	s.ctx.Defer(func(app.Context) { focus("c-" + c.ID) })
}

// setField sets a text field the reader may have typed into: its DOM value
// no longer follows the rendered text once edited.
func setField(id, value string) {
	if el := app.Window().GetElementByID(id); el.Truthy() {
		el.Set("value", value)
	}
}

// edit takes a refused comment back into its form to be fixed.
func (s *commentSection) edit(ctx app.Context, c comment.Comment) {
	s.discard(c.ID)
	if c.Parent == "" {
		s.body, s.formErr = c.Body, c.Reason
		ctx.Defer(func(app.Context) { setField("comment-body", c.Body); focus("comment-body") })
		return
	}
	s.replyTo, s.reply, s.replyErr = c.Parent, c.Body, c.Reason
	ctx.Defer(func(app.Context) { setField("reply-body", c.Body); focus("reply-body") })
}

func (s *commentSection) retry(id string) {
	ob, _ := device()
	ob.Retry(id)
	s.refresh()
	outboxSync.kick()
}

func (s *commentSection) discard(id string) {
	ob, _ := device()
	ob.Remove(id)
	s.refresh()
}

// reason is what a reader is told when a comment is refused here, before it
// is sent: the validation message in l, without its "invalid comment: " prefix.
func reason(l i18n.Lang, err error) string {
	if msg := comment.Tell(l, err); msg != "" {
		return msg
	}
	msg := client.Reason(err)
	if _, after, ok := strings.Cut(msg, ": "); ok {
		return after
	}
	return msg
}
