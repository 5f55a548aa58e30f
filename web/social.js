// Reactions and votes on comments. app.wasm renders each published
// comment's bar with the server's counts (data-n); this script presses the
// device's own say, shows it in the counts at once, keeps it in
// localStorage (one key per comment) and sends it to the server, now or
// when the network is back. The server keeps one say per device per
// comment, so sending one again is harmless. go-app may replace the bars at
// any time: everything goes through event delegation and data- attributes,
// and the bars are shown again after every change to the page.
(function () {
  "use strict";
  var PREFIX = "folio.react.", DEVICE = "folio.react-device";
  var fresh = {}; // tallies the server answered this page's sends with
  var sending = false, again = false, timer = 0;

  function get(id) {
    try { return JSON.parse(localStorage.getItem(PREFIX + id)) || {}; } catch (e) { return {}; }
  }
  function put(id, s) {
    try { localStorage.setItem(PREFIX + id, JSON.stringify(s)); } catch (e) { /* full or off: the say is not kept */ }
  }
  function device() {
    var d = localStorage.getItem(DEVICE);
    if (!d) {
      d = crypto.randomUUID ? crypto.randomUUID() : String(Math.random()).slice(2) + Date.now();
      localStorage.setItem(DEVICE, d);
    }
    return d;
  }
  function api() {
    // An export's comments live on the Folio server it names.
    var env = typeof goappEnv === "object" ? goappEnv : {};
    return (env.FOLIO_EXPORT === "1" ? env.FOLIO_EXPORT_API || "" : "") + "/api/reactions";
  }
  function num(v) { return parseInt(v, 10) || 0; }

  // counted is what the server counts of this device's say (its last
  // answer's), waiting says what the reader chose since.
  function waiting(s) { return !s.sent && (s.e !== s.ce || s.v !== s.cv); }

  function setText(el, text) {
    var t = el.firstChild || el.appendChild(document.createTextNode(""));
    if (t.nodeValue !== text) t.nodeValue = text; // the node go-app keeps, changed in place
  }

  function show() {
    var bars = document.querySelectorAll(".reactions[data-c]");
    for (var i = 0; i < bars.length; i++) showBar(bars[i]);
  }

  function showBar(bar) {
    var id = bar.dataset.c, s = get(id), t = fresh[id], wait = waiting(s);
    bar.classList.toggle("reactions-waiting", wait);
    var buttons = bar.querySelectorAll("[data-say]");
    for (var i = 0; i < buttons.length; i++) {
      var b = buttons[i], say = b.dataset.say, vote = b.classList.contains("vote");
      var mine = vote ? String(s.v || 0) === say : (s.e || "") === say;
      if (b.getAttribute("aria-pressed") !== String(mine)) b.setAttribute("aria-pressed", String(mine));
      if (vote) continue;
      var k = ["👍", "❤️", "😂", "😮", "🙏"].indexOf(say);
      var n = t ? (t.reactions || [])[k] || 0 : num(b.dataset.n);
      if (wait) n += (s.e === say ? 1 : 0) - (s.ce === say ? 1 : 0);
      setText(b.querySelector(".n"), n > 0 ? String(n) : "");
    }
    var score = bar.querySelector(".score");
    if (score) {
      var sc = t ? t.score || 0 : num(score.dataset.n);
      if (wait) sc += (s.v || 0) - (s.cv || 0);
      setText(score, String(sc));
    }
  }

  // send posts every say the server has not counted, one at a time; a try
  // that does not reach the server, or that it cannot take now, is tried
  // again later (and when the network is back).
  function send() {
    // Called while a try is on its way (the network came back under it):
    // once that try ends, another starts at once, not after the wait.
    if (sending) { again = true; return; }
    again = false;
    var id = "";
    for (var i = 0; i < localStorage.length && !id; i++) {
      var k = localStorage.key(i);
      if (k && k.indexOf(PREFIX) === 0 && waiting(get(k.slice(PREFIX.length)))) id = k.slice(PREFIX.length);
    }
    if (!id) return;
    var s = get(id);
    sending = true;
    fetch(api(), {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify({ comment: id, device: device(), emoji: s.e || "", vote: s.v || 0 }),
    }).then(function (res) {
      if (res.status === 429 || res.status >= 500) throw new Error("later");
      return res.json().then(function (body) { settle(id, s, res.ok ? body : null); });
    }).then(function () {
      sending = false;
      send();
    }, function () {
      sending = false;
      clearTimeout(timer);
      if (again) send();
      else timer = setTimeout(send, 30000);
    });
  }

  // settle records the server's answer to say s on comment id: counted, or
  // refused (then the say it counted before stands). A say changed while
  // it was sent waits for its own turn.
  function settle(id, s, tally) {
    var now = get(id);
    if (now.e !== s.e || now.v !== s.v) return;
    if (tally) fresh[id] = tally;
    else { now.e = now.ce; now.v = now.cv; }
    now.sent = true;
    now.ce = now.e;
    now.cv = now.v;
    put(id, now);
    show();
  }

  document.addEventListener("click", function (ev) {
    var b = ev.target.closest && ev.target.closest(".reactions[data-c] [data-say]");
    if (!b) return;
    var bar = b.closest(".reactions"), id = bar.dataset.c, s = get(id), say = b.dataset.say;
    if (b.classList.contains("vote")) s.v = num(say) === (s.v || 0) ? 0 : num(say);
    else s.e = s.e === say ? "" : say;
    s.sent = false;
    put(id, s);
    showBar(bar);
    send();
  });
  window.addEventListener("online", send);
  window.addEventListener("storage", function (ev) {
    if (!ev.key || ev.key.indexOf(PREFIX) === 0) show();
  });
  var queued = false;
  new MutationObserver(function () {
    if (queued) return;
    queued = true;
    requestAnimationFrame(function () { queued = false; show(); });
  }).observe(document.documentElement, { childList: true, subtree: true, characterData: true });
  show();
  send();
})();
