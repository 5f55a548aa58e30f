// Folio's reader's desk in the browser: the reading settings panel, the
// reading progress bar with "N min left", the contents marking the section
// being read, and "Back to top". The markup comes from the app
// (app/ui/reader.go), prerendered and the same once app.wasm runs; go-app
// may replace any of its nodes, so everything here listens on the document
// and finds its elements again each time.
(function () {
  "use strict";
  var KEY = "folio-reader";
  var NAMES = ["size", "width", "spacing", "font", "theme"];
  var root = document.documentElement;

  // ok: the values web/reader-head.js also accepts.
  function ok(v) {
    return typeof v === "string" && /^[a-z0-9]{1,8}$/.test(v);
  }

  function load() {
    try {
      var s = JSON.parse(localStorage.getItem(KEY) || "{}");
      return s && typeof s === "object" ? s : {};
    } catch (e) {
      return {};
    }
  }

  // apply puts the settings on <html> (web/reader-head.js did so before the
  // first paint; this is for a browser that blocked it).
  function apply(s) {
    if (location.pathname.indexOf("/embed/") === 0) return;
    NAMES.forEach(function (k) {
      if (ok(s[k])) root.setAttribute("data-reader-" + k, s[k]);
      else root.removeAttribute("data-reader-" + k);
    });
  }

  // sync checks the panel's radio buttons that match the settings; the
  // prerendered panel shows the defaults.
  var synced = null;
  function sync() {
    var form = document.querySelector(".reader-settings");
    if (!form || form === synced) return;
    synced = form;
    var s = load();
    NAMES.forEach(function (k) {
      var el = ok(s[k]) && form.querySelector('input[name="reader-' + k + '"][value="' + s[k] + '"]');
      if (el) el.checked = true;
    });
    var lang = form.querySelector('input[name="reader-lang"][value="' + chosenLang() + '"]');
    if (lang) lang.checked = true;
  }

  // The interface language is the server's to render: the choice goes in the
  // folio-lang cookie (none: Auto, the browser's languages), which every
  // page request carries, and to the service worker, which keeps pages in
  // the language asked for (it cannot read cookies). Then the page is made
  // again in it. web/i18n.js reads the same cookie.
  var LANG_COOKIE = "folio-lang";
  function chosenLang() {
    var m = /(?:^|;\s*)folio-lang=(en|zh)(?:;|$)/.exec(document.cookie);
    return m ? m[1] : "auto";
  }
  function chooseLang(v) {
    if (v === "en" || v === "zh") {
      document.cookie = LANG_COOKIE + "=" + v + "; path=/; max-age=31536000; samesite=lax";
    } else {
      document.cookie = LANG_COOKIE + "=; path=/; max-age=0; samesite=lax";
      v = "auto";
    }
    var told = window.caches
      ? caches.open("folio-data-v1").then(function (c) {
          return c.put("/folio-lang", new Response(v, { headers: { "Content-Type": "text/plain" } }));
        }).catch(function () {})
      : Promise.resolve();
    told.then(function () { location.reload(); });
  }

  document.addEventListener("change", function (e) {
    var el = e.target;
    if (!el || !el.closest || !el.closest(".reader-settings") || el.type !== "radio") return;
    if (el.name === "reader-lang") {
      chooseLang(el.value);
      return;
    }
    var s = load();
    s[el.name.replace("reader-", "")] = el.value;
    try { localStorage.setItem(KEY, JSON.stringify(s)); } catch (err) {}
    apply(s);
  });

  // The panel: Escape or a click elsewhere closes it. One open when the app
  // replaced the page's nodes stays open (seen: the panel last seen).
  var seen = null;
  document.addEventListener("toggle", function (e) {
    if (e.target && e.target.classList && e.target.classList.contains("reader-panel") && e.target.open) sync();
  }, true);
  function close(focus) {
    var p = document.querySelector(".reader-panel[open]");
    if (!p) return;
    p.open = false;
    if (focus) p.querySelector("summary").focus();
  }
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape" && e.target && e.target.closest && e.target.closest(".reader-panel")) close(true);
  });
  document.addEventListener("click", function (e) {
    if (!e.target || !e.target.closest || !e.target.closest(".reader-panel")) close(false);
  }, true);

  // Reading progress: how much of the article's text has come into view.
  var ticking = false;
  function progress() {
    var bar = document.querySelector(".reading-progress");
    var body = document.querySelector(".story-body");
    if (!bar || !body) return;
    var r = body.getBoundingClientRect();
    var p = r.height > 0 ? (innerHeight - r.top) / r.height : 0;
    p = Math.min(1, Math.max(0, p));
    var pct = Math.round(p * 100);
    bar.setAttribute("aria-valuenow", String(pct));
    var fill = bar.querySelector(".reading-progress-bar");
    if (fill) fill.style.transform = "scaleX(" + p + ")";
    bar.toggleAttribute("data-reading", r.top < 0 && pct < 100);
    var words = +bar.getAttribute("data-words") || 0, wpm = +bar.getAttribute("data-wpm") || 230;
    var left = Math.ceil((words * (1 - p)) / wpm - 1e-9);
    var label = bar.querySelector(".reading-left");
    if (label) {
      var text = left > 0 ? label.getAttribute("data-left").replace("{n}", left) : label.getAttribute("data-done");
      if (label.textContent !== text) label.textContent = text;
    }
  }

  // Contents: the section being read is the last whose heading has passed
  // the top fifth of the window; none before the first.
  function current() {
    var links = document.querySelectorAll(".toc a[href^='#']");
    if (!links.length) return;
    var line = innerHeight / 5, now = null;
    for (var i = 0; i < links.length; i++) {
      var h = document.getElementById(decodeURIComponent(links[i].hash.slice(1)));
      if (h && h.getBoundingClientRect().top <= line) now = links[i];
    }
    for (var j = 0; j < links.length; j++) {
      if (links[j] === now) {
        if (links[j].getAttribute("aria-current") !== "location") links[j].setAttribute("aria-current", "location");
      } else if (links[j].hasAttribute("aria-current")) {
        links[j].removeAttribute("aria-current");
      }
    }
  }

  function update() {
    ticking = false;
    progress();
    current();
  }
  function schedule() {
    if (!ticking) {
      ticking = true;
      requestAnimationFrame(update);
    }
  }
  addEventListener("scroll", schedule, { passive: true });
  addEventListener("resize", schedule);

  // "Back to top": the very top, and focus at the start of the main content
  // so the next Tab goes on from there. Before go-app's router sees the click.
  document.addEventListener("click", function (e) {
    var a = e.target && e.target.closest ? e.target.closest("a.back-to-top") : null;
    if (!a || e.defaultPrevented) return;
    e.preventDefault();
    e.stopPropagation();
    scrollTo(0, 0);
    var main = document.getElementById("main");
    if (main) main.focus({ preventScroll: true });
  });

  // The app replaces nodes: check the new panel, keep it open if it was,
  // and mark the new contents and bar.
  new MutationObserver(function () {
    var p = document.querySelector(".reader-panel");
    if (p && seen && p !== seen && seen.open && !seen.isConnected) p.open = true;
    seen = p;
    sync();
    schedule();
  }).observe(document.body, { childList: true, subtree: true });

  apply(load());
  seen = document.querySelector(".reader-panel");
  sync();
  update();
})();
