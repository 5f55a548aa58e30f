// A reader's edits and deletes of their own comments. app.wasm keeps each
// change in localStorage (folio.ownq.ID, client.OwnChange) and shows it at
// once, marked as waiting; this script sends it with the comment's secret
// (folio.own.ID), now or when the network is back, and records the answer
// in it: sent, or refused with the server's reason (the reader's text stays
// there to copy). The request says how long ago the change was made, so the
// server judges the edit window by that, not by when it arrived. Sending a
// change again is harmless: the server takes a delete twice, and an edit no
// newer than the last one kept changes nothing. Then it tells app.wasm with
// a "folio:ownq" event naming the article, and the thread is read again.
// go-app may replace any node: everything goes through event delegation and
// data- attributes.
(function () {
  "use strict";
  var PREFIX = "folio.ownq.", SECRET = "folio.own.";
  var KEEP = 120000, RETRY = 30000; // as client.ownSentFor; between tries
  var sending = false, again = false, timer = 0, tried = {};

  function get(key) {
    try { return JSON.parse(localStorage.getItem(key)); } catch (e) { return null; }
  }
  function put(ch) {
    try { localStorage.setItem(PREFIX + ch.id, JSON.stringify(ch)); } catch (e) { /* full or off */ }
  }
  function api(id) {
    // An export's comments live on the Folio server it names.
    var env = typeof goappEnv === "object" ? goappEnv : {};
    return (env.FOLIO_EXPORT === "1" ? env.FOLIO_EXPORT_API || "" : "") +
      "/api/comments/" + encodeURIComponent(id) + "/own";
  }
  function tell(article) {
    window.dispatchEvent(new CustomEvent("folio:ownq", { detail: article }));
  }

  // next is the oldest change waiting; changes sent a while ago are dropped
  // on the way.
  function next() {
    var found = null, now = Date.now();
    for (var i = localStorage.length - 1; i >= 0; i--) {
      var k = localStorage.key(i);
      if (!k || k.indexOf(PREFIX) !== 0) continue;
      var ch = get(k);
      if (!ch || !ch.id || ch.sent && now - ch.sent > KEEP) {
        localStorage.removeItem(k);
      } else if (!ch.sent && !ch.reason && (!found || ch.made < found.made)) {
        found = ch;
      }
    }
    return found;
  }

  // send sends the changes waiting, one at a time. A try that does not
  // reach the server, or that it cannot take now, is tried again later and
  // when the network is back.
  function send() {
    // Called while a try is on its way (the network came back under it):
    // once that try ends, another starts at once, not after the wait.
    if (sending) { again = true; return; }
    again = false;
    var ch = next();
    if (!ch) return;
    tried[ch.made] = true;
    var secret = localStorage.getItem(SECRET + ch.id);
    if (!secret) {
      settle(ch, 0, "this device no longer holds the key to change this comment.");
      return;
    }
    sending = true;
    fetch(api(ch.id), {
      method: ch["delete"] ? "DELETE" : "PUT", credentials: "same-origin",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify({ secret: secret, body: ch.body || "", ago: Math.max(0, Date.now() - ch.made) }),
    }).then(function (res) {
      if (res.status === 429 || res.status >= 500 && res.status !== 501) throw new Error("later");
      return res.json().then(function (body) {
        settle(ch, res.ok ? Date.now() : 0, res.ok ? "" : body.error || "status " + res.status);
      }, function () {
        settle(ch, res.ok ? Date.now() : 0, res.ok ? "" : "status " + res.status);
      });
    }).then(function () {
      sending = false;
      send();
    }, function () {
      sending = false;
      clearTimeout(timer);
      if (again) send();
      else timer = setTimeout(send, RETRY);
    });
  }

  // settle records the answer to ch, unless the reader changed the comment
  // again meanwhile: that change waits for its own turn.
  function settle(ch, sent, reason) {
    var now = get(PREFIX + ch.id);
    if (!now || now.made !== ch.made) return;
    if (sent) now.sent = sent;
    else now.reason = reason;
    put(now);
    tell(ch.article);
  }

  function copy(button) {
    var box = button.parentNode.querySelector("textarea");
    if (!box) return;
    var done = function () { button.textContent = window.folioI18n ? window.folioI18n.t("Copied") : "Copied"; };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(box.value).then(done, function () { box.select(); });
    } else {
      box.select();
      if (document.execCommand && document.execCommand("copy")) done();
    }
  }

  document.addEventListener("click", function (ev) {
    var b = ev.target.closest && ev.target.closest("[data-ownq-copy], [data-ownq-dismiss]");
    if (!b) return;
    if (b.hasAttribute("data-ownq-copy")) {
      copy(b);
      return;
    }
    var ch = get(PREFIX + b.dataset.ownqDismiss);
    localStorage.removeItem(PREFIX + b.dataset.ownqDismiss);
    if (ch) tell(ch.article);
  });
  window.addEventListener("online", function () {
    clearTimeout(timer);
    send();
  });
  // A change the reader just made shows with its time in data-ownq: send it
  // now, even while a failed try waits for its next turn.
  var queued = false;
  new MutationObserver(function () {
    if (queued) return;
    queued = true;
    requestAnimationFrame(function () {
      queued = false;
      var marks = document.querySelectorAll("[data-ownq]");
      for (var i = 0; i < marks.length; i++) {
        if (!tried[marks[i].dataset.ownq]) {
          clearTimeout(timer);
          send();
          return;
        }
      }
    });
  }).observe(document.documentElement, { childList: true, subtree: true });
  send();
})();
