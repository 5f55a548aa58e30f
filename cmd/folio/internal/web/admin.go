package web

import (
	"html/template"
	"io"
	"net/http"
	"strings"

	"folio/app/i18n"
	"folio/cmd/folio/internal/respcache"
)

// deskPage is the moderation desk at /admin: a small page the server
// renders, driven by web/admin.js, rather than a route of app.wasm: only
// moderators use it, and every byte of the wasm is paid by every reader
// (its brotli budget has room for no desk). It holds no data and no
// secret: admin.js signs in with the token the moderator types, keeps it
// in sessionStorage alone, and sends it only in the Authorization header
// of /api/ requests.
var deskPage = template.Must(template.New("desk").Parse(`<!doctype html>
<html lang="{{.Lang}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Moderation desk · Folio</title>
<link rel="stylesheet" href="/web/folio.css?v={{.Version}}">
<script src="/web/i18n.js?v={{.Version}}" defer></script>
<script src="/web/admin.js?v={{.Version}}" defer></script>
</head>
<body class="desk-page">
<header class="desk-header"><a class="desk-home" href="/">Folio</a> <span>Moderation desk</span></header>
<main id="desk" class="desk">
<h1 class="desk-title">Moderation desk</h1>
<form id="desk-signin" class="desk-signin comment-form" method="post" novalidate>
<label for="desk-token">Admin token</label>
<input id="desk-token" name="token" type="password" autocomplete="off" required>
<p id="desk-signin-error" class="form-error" role="alert" hidden></p>
<div class="form-actions"><button class="button" type="submit">Sign in</button></div>
<p class="desk-note">The token is kept in this tab only, until you sign out or close it.</p>
</form>
<div id="desk-main" class="desk-main" hidden>
<div class="desk-bar">
<div class="desk-tabs" role="group" aria-label="Show">
<button type="button" class="desk-tab" data-desk-tab="pending" aria-pressed="true">Pending <span id="desk-pending-count"></span></button>
<button type="button" class="desk-tab" data-desk-tab="" aria-pressed="false">Latest</button>
<button type="button" class="desk-tab" data-desk-tab="hidden" aria-pressed="false">Hidden</button>
</div>
<button type="button" id="desk-signout" class="link-button">Sign out</button>
</div>
<p id="desk-status" class="desk-status" role="status"></p>
<ol id="desk-list" class="desk-list"></ol>
<button type="button" id="desk-more" class="button desk-more" hidden>Show older comments</button>
<section class="desk-blocks" aria-labelledby="desk-blocks-title">
<h2 id="desk-blocks-title">Blocked names</h2>
<p class="desk-note">A blocked name cannot post new comments; its comments already posted stay as they are.</p>
<form id="desk-block-form" class="comment-form desk-block-form" method="post" novalidate>
<label for="desk-block-name">Name to block</label>
<input id="desk-block-name" name="name" type="text" maxlength="80" autocomplete="off" required>
<div class="form-actions"><button class="button" type="submit">Block</button></div>
</form>
<ul id="desk-block-list" class="desk-block-list"></ul>
</section>
</div>
</main>
</body>
</html>
`))

// deskData is what the desk page is made with.
type deskData struct{ Version, Lang string }

// deskHandler serves the desk page. No cache may keep it, nor the service
// worker (sw.js leaves /admin alone), and it tells no one where it was.
func deskHandler(version string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Type", "text/html; charset=utf-8")
		h.Set("Cache-Control", "no-store")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("X-Robots-Tag", "noindex")
		// The page is made in English and put in the moderator's language
		// (whose words web/admin.js then speaks too).
		l := i18n.FromRequest(r)
		var b strings.Builder
		if err := deskPage.Execute(&b, deskData{Version: version, Lang: l.Tag()}); err != nil {
			http.Error(w, "the desk could not be made", http.StatusInternalServerError)
			return
		}
		respcache.AddVary(h, "Cookie")
		respcache.AddVary(h, "Accept-Language")
		h.Set("Content-Language", l.Tag())
		_, _ = io.WriteString(w, l.HTML(b.String())) // an error: the client went away
	})
}
