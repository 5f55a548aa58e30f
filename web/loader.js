// Folio's loading bar. go-app writes the wasm download progress into
// #app-wasm-loader-label; this turns it into the width of a thin bar at the top
// of the page, so the prerendered article stays readable while app.wasm loads.
(function () {
  "use strict";
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
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", watch);
  } else {
    watch();
  }
})();
