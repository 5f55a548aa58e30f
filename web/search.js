// Folio's offline search: full-text search over the articles this device
// keeps, with no network. The page (app/ui/search_page.go) renders the form
// and an empty result list, prerendered and kept by the service worker; this
// script searches and fills the list. It reads the library (localStorage,
// one key per kept article: folio.library.SLUG) and each article as the app
// kept it in the worker's data cache (folio-data-v1).
//
// Matching folds case, accents and full-width forms one character for one
// (so a match's place in the folded text is its place in the article) and
// finds each word of the query as a substring: Chinese, written without
// spaces, is found as typed. Every word must occur; titles weigh most.
//
// app.wasm may replace the page's nodes at any time (it takes over the
// prerendered page, and renders on navigation): listeners are on document,
// and a list that appears empty is filled again. The page's elements are
// found by id (go-app drops attributes with no value). Article text is only ever
// put in the page as text nodes; matches are <mark> elements.
//
// Each search is timed as the performance measure "folio-search" (from the
// query to its results in the page), reading the articles from the cache
// as "folio-search-index", and ends with a "folio:searched" event.
(function () {
  "use strict";
  // The interface's words, in the reader's language (web/i18n.js).
  var L = window.folioI18n;
  var DATA = "folio-data-v1";
  var LIBRARY = "folio.library.";
  var SEARCH = "/search";
  var SHOWN = 50; // results listed; all are counted
  var SNIPPET = 180; // characters around the first match
  var MAX_WORDS = 8;

  // docs caches each kept article's searchable text by slug, with the
  // library entry it was read for: a changed entry (read again, saved) reads
  // the article again.
  var docs = {};
  var seq = 0; // the latest search; older ones do not render
  var list = null; // the result list last filled

  // --- folding -------------------------------------------------------------

  var folded = new Uint16Array(65536); // 0: not worked out yet
  var PUNCT = { 0x2018: 39, 0x2019: 39, 0x201c: 34, 0x201d: 34, 0x00a0: 32, 0x3000: 32 };

  function foldCode(c) {
    if (PUNCT[c]) return PUNCT[c];
    if (c >= 0xd800 && c <= 0xdfff) return c; // half of a pair: kept as is
    var s = String.fromCharCode(c).normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
    if (s.length === 1) return s.charCodeAt(0);
    s = String.fromCharCode(c).toLowerCase();
    return s.length === 1 ? s.charCodeAt(0) : c;
  }

  // fold returns s in lower case without accents, as long as s.
  function fold(s) {
    var out = new Uint16Array(s.length);
    for (var i = 0; i < s.length; i++) {
      var c = s.charCodeAt(i);
      if (c < 128) {
        out[i] = c >= 65 && c <= 90 ? c + 32 : c;
      } else {
        var f = folded[c];
        if (!f) f = folded[c] = foldCode(c);
        out[i] = f;
      }
    }
    var parts = [];
    for (var j = 0; j < out.length; j += 8192) {
      parts.push(String.fromCharCode.apply(null, out.subarray(j, j + 8192)));
    }
    return parts.join("");
  }

  // words splits a query into folded words, once each.
  function words(q) {
    var out = [];
    fold(q).split(/\s+/).forEach(function (w) {
      if (w && out.indexOf(w) < 0 && out.length < MAX_WORDS) out.push(w);
    });
    return out;
  }

  // --- the kept articles -----------------------------------------------------

  // plain is an article's Markdown as the text a reader sees, on one line.
  function plain(md) {
    return md
      .replace(/^ {0,3}(```|~~~).*$/gm, " ")
      .replace(/^ {0,3}\[[^\]]+\]:.*$/gm, " ")
      .replace(/!\[([^\]]*)\]\([^)]*\)/g, "$1")
      .replace(/\[\^[^\]]*\]/g, "")
      .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
      .replace(/\[([^\]]*)\]\[[^\]]*\]/g, "$1")
      .replace(/<[^>]*>/g, " ")
      .replace(/^ {0,3}(#{1,6}|>|[-*+]|\d+[.)])[ \t]+/gm, "")
      .replace(/^[ \t]*[-:|]+[-:| \t]*$/gm, " ")
      .replace(/[*_`|]+/g, " ")
      .replace(/\s+/g, " ")
      .trim();
  }

  function doc(entry, a) {
    var title = a.title || entry.title || entry.slug;
    var body = [a.summary || "", plain(a.markdown || "")].join(" ").trim();
    var extra = [a.author || ""].concat(a.tags || []).join(" ");
    return {
      slug: entry.slug, title: title, body: body,
      titleF: fold(title), bodyF: fold(body), extraF: fold(extra),
      published: a.published || entry.published, saved: !!entry.saved,
    };
  }

  // library is the kept articles' entries, each with its raw stored value.
  function library() {
    var out = [];
    for (var i = 0; i < localStorage.length; i++) {
      var key = localStorage.key(i);
      if (!key || key.indexOf(LIBRARY) !== 0) continue;
      var raw = localStorage.getItem(key), entry = null;
      try { entry = JSON.parse(raw); } catch (err) {}
      if (entry && entry.slug === key.slice(LIBRARY.length)) out.push({ raw: raw, entry: entry });
    }
    return out;
  }

  // read finds the kept article: under the API's address, or an export's.
  function read(cache, slug) {
    var base = "/api/articles/" + encodeURIComponent(slug);
    return cache.match(base).then(function (res) {
      return res || cache.match(base + ".json");
    }).then(function (res) {
      return res ? res.json() : {};
    }).catch(function () { return {}; });
  }

  // index brings docs up to date with the library and returns them.
  function index() {
    var kept = library();
    var stale = kept.filter(function (k) {
      var d = docs[k.entry.slug];
      return !d || d.raw !== k.raw;
    });
    // result drops what the library no longer lists.
    var result = function () {
      var now = {}, out = [];
      kept.forEach(function (k) {
        now[k.entry.slug] = docs[k.entry.slug];
        out.push(now[k.entry.slug].doc);
      });
      docs = now;
      return out;
    };
    if (!stale.length) return Promise.resolve(result());
    performance.mark("folio-search-index-start");
    return caches.open(DATA).then(function (cache) {
      return Promise.all(stale.map(function (k) {
        return read(cache, k.entry.slug).then(function (a) {
          docs[k.entry.slug] = { raw: k.raw, doc: doc(k.entry, a) };
        });
      }));
    }).then(function () {
      measure("folio-search-index", "folio-search-index-start");
      return result();
    });
  }

  function measure(name, start) {
    performance.clearMeasures(name);
    performance.measure(name, start);
  }

  // --- matching --------------------------------------------------------------

  function count(hay, w, most) {
    var n = 0;
    for (var i = hay.indexOf(w); i >= 0 && n < most; i = hay.indexOf(w, i + w.length)) n++;
    return n;
  }

  // match returns the documents holding every word, best first.
  function match(all, ws) {
    var out = [];
    all.forEach(function (d) {
      var score = 0;
      for (var i = 0; i < ws.length; i++) {
        var t = count(d.titleF, ws[i], 10), e = count(d.extraF, ws[i], 10), b = count(d.bodyF, ws[i], 20);
        if (!t && !e && !b) return;
        score += 10 * t + 3 * e + b;
      }
      out.push({ doc: d, score: score });
    });
    out.sort(function (x, y) {
      return y.score - x.score || String(y.doc.published).localeCompare(String(x.doc.published)) ||
        x.doc.slug.localeCompare(y.doc.slug);
    });
    return out;
  }

  // ranges are where the words occur in hay[from:to], merged, in order.
  function ranges(hay, ws, from, to) {
    var rs = [];
    ws.forEach(function (w) {
      for (var i = hay.indexOf(w, from); i >= 0 && i < to; i = hay.indexOf(w, i + w.length)) {
        rs.push([i, Math.min(i + w.length, to)]);
      }
    });
    rs.sort(function (a, b) { return a[0] - b[0]; });
    var out = [];
    rs.forEach(function (r) {
      var last = out[out.length - 1];
      if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
      else out.push(r);
    });
    return out;
  }

  // around is the part of the body to show: around the first match.
  function around(d, ws) {
    var first = -1;
    ws.forEach(function (w) {
      var i = d.bodyF.indexOf(w);
      if (i >= 0 && (first < 0 || i < first)) first = i;
    });
    var len = d.body.length;
    var from = Math.max(0, (first < 0 ? 0 : first) - SNIPPET / 3);
    if (from > 0) {
      var space = d.body.indexOf(" ", from);
      if (space >= 0 && space - from < 20) from = space + 1;
    }
    var to = Math.min(len, from + SNIPPET);
    if (to < len) {
      var back = d.body.lastIndexOf(" ", to);
      if (back > from && to - back < 20) to = back;
    }
    if (isLow(d.body.charCodeAt(from))) from++;
    if (to < len && isLow(d.body.charCodeAt(to))) to++;
    return [from, to];
  }

  function isLow(c) { return c >= 0xdc00 && c <= 0xdfff; }

  // --- the page ----------------------------------------------------------------

  // marked appends text to el with the ranges in <mark>, as text nodes only.
  function marked(el, text, rs, from, to) {
    var at = from;
    rs.forEach(function (r) {
      if (r[0] > at) el.appendChild(document.createTextNode(text.slice(at, r[0])));
      var m = document.createElement("mark");
      m.textContent = text.slice(r[0], r[1]);
      el.appendChild(m);
      at = r[1];
    });
    if (at < to) el.appendChild(document.createTextNode(text.slice(at, to)));
  }


  function item(d, ws) {
    var li = document.createElement("li");
    li.className = "search-result";
    var a = document.createElement("a");
    a.className = "search-title";
    a.href = "/a/" + encodeURIComponent(d.slug);
    marked(a, d.title, ranges(d.titleF, ws, 0, d.title.length), 0, d.title.length);
    var h = document.createElement("h2");
    h.appendChild(a);
    li.appendChild(h);
    var w = around(d, ws);
    if (w[1] > w[0]) {
      var p = document.createElement("p");
      p.className = "search-snippet";
      if (w[0] > 0) p.appendChild(document.createTextNode("…"));
      marked(p, d.body, ranges(d.bodyF, ws, w[0], w[1]), w[0], w[1]);
      if (w[1] < d.body.length) p.appendChild(document.createTextNode("…"));
      li.appendChild(p);
    }
    var meta = document.createElement("p");
    meta.className = "search-meta byline";
    var when = new Date(d.published);
    var parts = [isNaN(when) ? "" : L.format(utc(when), "2 January 2006"), d.saved ? L.t("saved") : L.t("read recently")];
    parts.filter(Boolean).forEach(function (t) {
      var s = document.createElement("span");
      s.textContent = t;
      meta.appendChild(s);
    });
    li.appendChild(meta);
    return li;
  }

  function say(text) {
    var s = document.getElementById("search-status");
    if (s && s.textContent !== text) s.textContent = text;
  }

  // utc is d's UTC date as a local one: articles are dated in UTC.
  function utc(d) { return new Date(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()); }

  // search runs the query q and lists what it finds in the result list.
  function search(q) {
    var mine = ++seq;
    performance.mark("folio-search-start");
    var ws = words(q);
    return index().then(function (all) {
      var ol = document.getElementById("search-results");
      if (mine !== seq || !ol) return;
      var found = ws.length ? match(all, ws) : [];
      var frag = document.createDocumentFragment();
      found.slice(0, SHOWN).forEach(function (r) { frag.appendChild(item(r.doc, ws)); });
      ol.replaceChildren(frag);
      ol.setAttribute("data-search-query", q);
      ol.setAttribute("data-search-count", String(found.length));
      list = ol;
      if (!all.length) say(L.t("No articles are kept on this device yet: those you read or save can be searched here, even offline."));
      else if (!ws.length) say(L.n(all.length, "Search %d article kept on this device, even offline.", "Search %d articles kept on this device, even offline."));
      else if (!found.length) say(L.f("No article kept on this device matches “%s”.", q.trim()));
      else if (found.length > SHOWN) say(L.f("%d articles match “%s” (the first %d are listed).", found.length, q.trim(), SHOWN));
      else say(L.n(found.length, "%d article matches “%s”.", "%d articles match “%s”.", q.trim()));
      measure("folio-search", "folio-search-start");
      document.dispatchEvent(new CustomEvent("folio:searched", { detail: { query: q, count: found.length } }));
    });
  }

  function onSearchPage() {
    return location.pathname.replace(/\/$/, "") === SEARCH;
  }

  function remember(q) {
    if (!onSearchPage()) return;
    var url = SEARCH + (q ? "?q=" + encodeURIComponent(q) : "");
    if (location.pathname + location.search !== url) history.replaceState(history.state, "", url);
  }

  function input() { return document.getElementById("search-q"); }

  document.addEventListener("input", function (e) {
    if (!e.target || !e.target.matches || !e.target.matches("#search-q")) return;
    remember(e.target.value);
    search(e.target.value);
  });

  document.addEventListener("submit", function (e) {
    var field = e.target && e.target.querySelector && e.target.querySelector("#search-q");
    if (!field) return;
    e.preventDefault();
    remember(field.value);
    search(field.value);
    field.blur(); // a phone's keyboard makes way for the results
  });

  // fill searches when a result list appears that this script did not fill:
  // the page opened, or the app rendered it anew.
  function fill() {
    var ol = document.getElementById("search-results");
    if (!ol || ol === list) return;
    list = ol;
    var field = input();
    var q = new URLSearchParams(location.search).get("q") || "";
    if (field && !field.value && q) field.value = q;
    search(field ? field.value : q);
  }

  function start() {
    fill();
    new MutationObserver(fill).observe(document.body, { childList: true, subtree: true });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
