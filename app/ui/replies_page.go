package ui

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"folio/app/i18n"
)

// The Replies page ("replies to me") lists the replies to the comments this
// device posted, and gives the private feed of them. The page is the same
// for everyone, so it is prerendered and kept like any other; what is this
// device's own (its reader key, the replies fetched and kept for offline,
// the unread count) web/replies.js fills in from the device's storage,
// through the data-replies attributes, so app.wasm carries none of it.
//
// It is an offlinePage with replies set, not a component of its own: a
// component type of its own cost app.wasm 7.7 KB raw (go-app's machinery
// for it), for a page that has no state.
const repliesPath = "/replies"

// repliesTitle is the Replies page's title.
const repliesTitle = "Replies — %s"

// repliesView is the Replies page's content. It is fixed markup, so it is
// one app.Raw: each go-app builder call costs app.wasm code, and the
// builders for this page and its masthead link came to 14 KB raw.
func repliesView(l i18n.Lang) app.UI {
	return page(l, "inbox", app.Raw(l.HTML(`<div class="inbox-page">
<h1 class="section-title">Replies to you</h1>
<div class="inbox-list" data-replies="list"><p class="empty" data-replies="empty">No replies yet. When someone answers a comment you posted from this device, it shows here.</p></div>
<section class="inbox-feed" data-replies="feed" hidden>
<h2>Follow in a feed reader</h2>
<p>Add this address to your feed reader to hear of replies there too. It is private: anyone who has it can read the replies to your comments, so keep it to yourself.</p>
<input type="text" readonly class="inbox-url" data-replies="url" aria-label="Your private feed address">
</section>
</div>`)))
}

// repliesLink is the masthead's link to the Replies page, with the count
// of unread replies that web/replies.js keeps up to date (go-app routes a
// click on any link, its own or not).
func repliesLink(l i18n.Lang) app.UI {
	return app.Raw(`<a href="/replies" class="inbox-link" data-replies="link">` + l.T("Replies") + `<span class="inbox-badge" data-replies="badge" hidden></span></a>`)
}
