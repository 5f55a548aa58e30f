/* Folio embed: <script src=".../embed.js" data-folio-article="slug"
 * data-folio-mode="comments|article" data-folio-theme="auto|light|dark" async>
 * becomes an iframe onto /embed/slug, sized by its messages;
 * <span data-folio-count="slug"> shows a comment count. Only global: Folio. */
(function (w, d) {
  "use strict";
  var F = w.Folio;
  if (F && typeof F.scan === "function") {
    F.scan(); // another tag loaded the script again: pick up new tags
    return;
  }
  var SLUG = /^[a-z0-9][a-z0-9-]{0,199}$/;
  var DONE = "data-folio-done"; // handled, by this or another copy
  var frames = [];
  var dark = w.matchMedia ? w.matchMedia("(prefers-color-scheme: dark)") : null;
  var me = d.currentScript;

  function theme() {
    return dark && dark.matches ? "dark" : "light";
  }

  function originOf(script) {
    try {
      return script && script.src ? new URL(script.src, d.baseURI).origin : "";
    } catch (e) {
      return "";
    }
  }

  function send(f) {
    if (f.auto && f.el.contentWindow) {
      f.el.contentWindow.postMessage({ type: "folio:theme", theme: theme() }, f.origin);
    }
  }

  function embed(s) {
    var slug = s.getAttribute("data-folio-article") || "";
    var origin = originOf(s);
    if (!SLUG.test(slug) || !origin || !s.parentNode) return;
    var mode = s.getAttribute("data-folio-mode") === "article" ? "article" : "comments";
    var want = s.getAttribute("data-folio-theme");
    var auto = want !== "light" && want !== "dark";
    var el = d.createElement("iframe");
    var f = { el: el, origin: origin, auto: auto };
    el.src = origin + "/embed/" + slug + "?mode=" + mode + "&theme=" + (auto ? theme() : want);
    el.title = mode === "article" ? "Article from Folio" : "Comments from Folio";
    el.loading = "lazy";
    el.setAttribute("scrolling", "no");
    el.style.display = "block";
    el.style.width = "100%";
    el.style.border = "0";
    el.style.height = mode === "article" ? "800px" : "360px";
    el.addEventListener("load", function () { send(f); });
    s.parentNode.insertBefore(el, s.nextSibling);
    frames.push(f);
  }

  function count(origin) {
    var spans = d.querySelectorAll("[data-folio-count]");
    var by = {};
    var slugs = [];
    for (var i = 0; i < spans.length; i++) {
      var slug = spans[i].getAttribute("data-folio-count");
      if (spans[i].hasAttribute(DONE) || !SLUG.test(slug)) continue;
      spans[i].setAttribute(DONE, "");
      if (!by[slug]) {
        by[slug] = [];
        slugs.push(slug);
      }
      by[slug].push(spans[i]);
    }
    // One request for all of them (the API takes up to 50 at a time).
    for (var j = 0; j < slugs.length; j += 50) {
      fetch(origin + "/api/comments/count?article=" + slugs.slice(j, j + 50).join("&article="))
        .then(function (r) { return r.ok ? r.json() : {}; })
        .then(function (n) {
          Object.keys(n).forEach(function (slug) {
            var v = n[slug];
            if (typeof v !== "number" || !by[slug]) return;
            by[slug].forEach(function (el) { el.textContent = countLabel(el, v); });
          });
        })
        .catch(function () {});
    }
  }

  // "N comments" in the language around el (the nearest lang), with the
  // catalogue's labels (checked by web/embedcount_test.go).
  var COUNT = { en: ["%d comment", "%d comments"], zh: ["%d 条评论", "%d 条评论"] };
  function countLabel(el, v) {
    for (var n = el, l = ""; n && n.getAttribute && !l; n = n.parentNode) l = n.getAttribute("lang");
    return COUNT[/^zh/i.test(l) ? "zh" : "en"][v === 1 ? 0 : 1].replace("%d", v);
  }

  function scan() {
    var list = d.querySelectorAll("script[data-folio-article]");
    for (var i = 0; i < list.length; i++) {
      if (!list[i].hasAttribute(DONE)) {
        list[i].setAttribute(DONE, "");
        embed(list[i]);
      }
    }
    var origin = originOf(me) || (frames[0] && frames[0].origin);
    if (origin) count(origin);
  }

  w.addEventListener("message", function (e) {
    var m = e.data;
    if (!m || m.type !== "folio:resize" || typeof m.height !== "number" || !(m.height >= 0)) return;
    for (var i = 0; i < frames.length; i++) {
      var f = frames[i];
      if (e.origin === f.origin && e.source === f.el.contentWindow) {
        f.el.style.height = Math.max(0, Math.min(Math.ceil(m.height), 100000)) + "px";
      }
    }
  });
  if (dark && dark.addEventListener) {
    dark.addEventListener("change", function () { frames.forEach(send); });
  }
  if (!F) w.Folio = { scan: scan }; // never replace a host's own Folio
  try {
    scan();
    if (d.readyState === "loading") d.addEventListener("DOMContentLoaded", scan);
  } catch (e) {} // an odd host page gets no embed, never an error
})(window, document);
