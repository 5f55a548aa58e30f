// Folio's loading bar. go-app writes the wasm download progress into
// #app-wasm-loader-label; this turns it into the width of a thin bar at the top
// of the page, so the prerendered article stays readable while app.wasm loads.
(function () {
  "use strict";
  // Whether a service worker already controlled this page when it loaded.
  // Only then is a newly activated worker an update: on a first visit it is
  // just the first install, and the app must not say "new version".
  window.folioControlled = !!(navigator.serviceWorker && navigator.serviceWorker.controller);
  function watch() {
    var loader = document.getElementById("app-wasm-loader");
    var label = document.getElementById("app-wasm-loader-label");
    if (!loader || !label) return;
    var update = function () {
      var p = parseInt(label.textContent, 10);
      if (!isNaN(p)) loader.style.setProperty("--progress", Math.min(100, Math.max(2, p)) + "%");
    };
    new MutationObserver(update).observe(label, { childList: true, characterData: true, subtree: true });
    update();
    // go-app removes the loader once app.wasm runs: from then on the page
    // is interactive (the comment box works). Marked for measurements.
    new MutationObserver(function (_, obs) {
      if (!document.getElementById("app-wasm-loader")) {
        performance.mark("folio-app-ready");
        obs.disconnect();
      }
    }).observe(document.body, { childList: true });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", watch);
  } else {
    watch();
  }
})();
