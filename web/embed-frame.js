// Folio's side of an embed: loaded on every page, it acts only on /embed/
// pages shown in a frame. It tells the host page how tall the content is,
// takes theme changes from the host page (and from no one else), and sends
// links to the reader's window instead of letting go-app route them inside
// the frame.
(function () {
  "use strict";
  if (window.parent === window || location.pathname.indexOf("/embed/") !== 0) return;
  var theme = "";
  var last = -1;
  // The height is no secret, but say it only to the host page when the
  // browser tells us who that is.
  var up = location.ancestorOrigins;
  var host = up && up.length && up[0] !== "null" ? up[0] : "*";

  function report() {
    // The document's own height: no min-height is set on an embed, so it
    // shrinks as well as grows.
    var h = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (h !== last) {
      last = h;
      window.parent.postMessage({ type: "folio:resize", height: h }, host);
    }
  }

  function applyTheme() {
    if (!theme) return;
    var roots = document.querySelectorAll(".embed");
    for (var i = 0; i < roots.length; i++) {
      roots[i].classList.remove("theme-light", "theme-dark");
      roots[i].classList.add("theme-" + theme);
    }
  }

  window.addEventListener("message", function (e) {
    var m = e.data;
    if (e.source !== window.parent || !m || m.type !== "folio:theme") return;
    if (m.theme === "light" || m.theme === "dark") {
      theme = m.theme;
      applyTheme();
    }
  });

  // Bubbling phase on the document: element handlers have run, and go-app's
  // window.onclick (which would route the link inside the frame) does not.
  document.addEventListener("click", function (e) {
    var a = e.target && e.target.closest ? e.target.closest("a[href]") : null;
    if (!a || e.defaultPrevented) return;
    var url = new URL(a.href, location.href);
    if (url.origin === location.origin && url.pathname === location.pathname && url.hash) return; // footnotes
    if (!a.target) a.target = url.origin === location.origin ? "_top" : "_blank";
    if (a.target === "_blank") a.rel = (a.rel + " noopener").trim();
    e.stopPropagation();
  });

  function start() {
    if (window.ResizeObserver) {
      var ro = new ResizeObserver(report);
      ro.observe(document.documentElement);
      ro.observe(document.body);
    }
    // app.wasm replaces the page's elements when it starts: theme them again.
    new MutationObserver(function () {
      applyTheme();
      report();
    }).observe(document.body, { childList: true });
    window.addEventListener("load", report);
    window.addEventListener("resize", report);
    report();
  }

  if (document.body) {
    start();
  } else {
    document.addEventListener("DOMContentLoaded", start);
  }
})();
