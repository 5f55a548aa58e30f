// "Replies to me", on the device: the unread count in the masthead and the
// Replies page's list and feed address. app.wasm renders the markup (the
// [data-replies] elements) and keeps none of this: the device's reader key
// (localStorage "folio.reader", made by app.wasm with the first comment)
// opens /api/replies/KEY; the newest page is kept in localStorage for
// offline, and "folio.replies.seen" is the time of the newest reply shown on
// the Replies page. go-app may replace the nodes at any time, so everything
// is found again on each change of the document, never held.
(function () {
  "use strict";
  // The interface's words, in the reader's language (web/i18n.js).
  var L = window.folioI18n;
  var KEY = "folio.reader", KEPT = "folio.replies", SEEN = "folio.replies.seen";
  var more = null; // the next page's cursor, once the Replies page asked
  var extra = []; // replies of the pages after the first, this visit only

  function get(k) {
    try { return localStorage.getItem(k); } catch (e) { return null; }
  }
  function set(k, v) {
    try { localStorage.setItem(k, v); } catch (e) { /* full or denied: kept for this visit */ }
  }
  function kept() {
    try { return JSON.parse(get(KEPT)) || { replies: [] }; } catch (e) { return { replies: [] }; }
  }
  function key() {
    var k = get(KEY);
    return k && /^[0-9a-f]{64}$/.test(k) ? k : "";
  }
  function find(what) {
    return document.querySelectorAll('[data-replies="' + what + '"]');
  }

  // fetchReplies reads a page of this device's replies; the first page
  // replaces the kept one. A 404 means no comment of this device has
  // reached the server yet: no replies.
  function fetchReplies(cursor) {
    var k = key();
    if (!k || !navigator.onLine) return Promise.resolve(null);
    var url = "/api/replies/" + k + (cursor ? "?cursor=" + encodeURIComponent(cursor) : "");
    return fetch(url, { cache: "no-store", credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (res) {
        if (res.status === 404) return { replies: [] };
        return res.ok ? res.json() : null;
      })
      .then(function (page) {
        if (page && !cursor) {
          set(KEPT, JSON.stringify({ replies: page.replies || [], next: page.next || "" }));
        }
        return page;
      })
      .catch(function () { return null; });
  }

  function unread() {
    var seen = get(SEEN) || "";
    return kept().replies.filter(function (r) { return r.created > seen; }).length;
  }

  // markSeen: the Replies page is open, so everything it shows is read.
  function markSeen() {
    var list = kept().replies;
    if (list.length && list[0].created > (get(SEEN) || "")) set(SEEN, list[0].created);
  }

  function showBadges() {
    var n = unread();
    var text = n ? String(n) : "";
    var links = find("link");
    for (var i = 0; i < links.length; i++) {
      var label = n ? L.f("Replies, %d unread", n) : L.t("Replies");
      if (links[i].getAttribute("aria-label") !== label) links[i].setAttribute("aria-label", label);
    }
    var badges = find("badge");
    for (var j = 0; j < badges.length; j++) {
      if (badges[j].textContent !== text) badges[j].textContent = text;
      if (badges[j].hidden !== !n) badges[j].hidden = !n;
    }
  }

  function item(r) {
    var li = document.createElement("li");
    li.className = "inbox-item";
    var a = document.createElement("a");
    a.className = "inbox-reply";
    a.href = "/a/" + encodeURIComponent(r.article) + "#c-" + encodeURIComponent(r.id);
    a.textContent = r.title ? L.f("%s replied on %s", r.author, r.title) : L.f("%s replied", r.author);
    var p = document.createElement("p");
    p.className = "inbox-body";
    p.textContent = r.body.length > 280 ? r.body.slice(0, 279) + "…" : r.body;
    var t = document.createElement("time");
    t.className = "inbox-date byline";
    t.dateTime = r.created;
    t.textContent = L.dateTime(new Date(r.created));
    li.append(a, p, t);
    return li;
  }

  // showPage fills the Replies page, if it is the one shown, from what is
  // kept, and marks it read. rendered names what it shows, so a change of
  // the document that left it as it was costs nothing.
  function showPage() {
    var box = find("list")[0];
    if (!box) return false;
    var data = kept();
    var replies = data.replies.concat(extra);
    var next = extra.length ? more : data.next;
    var shows = replies.map(function (r) { return r.id; }).join(",") + "|" + (next || "");
    var k = key();
    var feeds = find("feed"), urls = find("url");
    for (var i = 0; i < feeds.length; i++) feeds[i].hidden = !k;
    for (var j = 0; j < urls.length; j++) {
      var u = k ? location.origin + "/replies/" + k + ".xml" : "";
      if (urls[j].value !== u) urls[j].value = u;
    }
    markSeen();
    if (box.getAttribute("data-shows") === shows) return true;
    box.setAttribute("data-shows", shows);
    var old = box.querySelector(".inbox-items, .inbox-more");
    while (old) { old.remove(); old = box.querySelector(".inbox-items, .inbox-more"); }
    var empty = find("empty");
    for (var e = 0; e < empty.length; e++) empty[e].hidden = replies.length > 0;
    if (!replies.length) return true;
    var ol = document.createElement("ol");
    ol.className = "inbox-items";
    replies.forEach(function (r) { ol.append(item(r)); });
    box.append(ol);
    if (next) {
      var b = document.createElement("button");
      b.type = "button";
      b.className = "inbox-more link-button";
      b.setAttribute("data-inbox-more", next);
      b.textContent = L.t("Older replies");
      box.append(b);
    }
    return true;
  }

  var queued = false;
  function update() {
    if (queued) return;
    queued = true;
    requestAnimationFrame(function () {
      queued = false;
      var onPage = showPage();
      showBadges();
      if (onPage && !showPage.fetched) {
        showPage.fetched = true; // once per visit of the page
        refresh();
      } else if (!onPage) {
        showPage.fetched = false;
        extra = [];
      }
    });
  }

  function refresh() {
    fetchReplies("").then(function (page) { if (page) update(); });
  }

  document.addEventListener("click", function (e) {
    var b = e.target.closest && e.target.closest("[data-inbox-more]");
    if (b) {
      b.disabled = true;
      fetchReplies(b.getAttribute("data-inbox-more")).then(function (page) {
        if (page) {
          extra = extra.concat(page.replies || []);
          more = page.next || "";
        }
        b.disabled = false;
        update();
      });
      return;
    }
    var u = e.target.closest && e.target.closest('[data-replies="url"]');
    if (u) u.select();
  });
  window.addEventListener("online", refresh);
  window.addEventListener("storage", function (e) {
    if (e.key === KEPT || e.key === SEEN || e.key === KEY) update();
  });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") refresh();
  });
  new MutationObserver(update).observe(document.documentElement, { childList: true, subtree: true });
  update();
  refresh();
})();
