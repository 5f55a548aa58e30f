// Folio's page script. go-app's loader element (#app-wasm-loader) is hidden
// (folio.css) and removed by go-app once app.wasm runs: from then on the app
// has taken the page over and the comment box works. Marked for measurements
// as folio-app-ready.
(function () {
  "use strict";
  // Whether a service worker already controlled this page when it loaded.
  // Only then is a newly activated worker an update: on a first visit it is
  // just the first install, and the app must not say "new version".
  window.folioControlled = !!(navigator.serviceWorker && navigator.serviceWorker.controller);
  function watch() {
    if (!document.getElementById("app-wasm-loader")) return;
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
