// Folio's start-up, appended by the server to go-app's /app.js (see
// cmd/folio/internal/web/appjs.go). go-app's loader calls folioTakeOver(run)
// once app.wasm is compiled and instantiated; run starts the Go program,
// which sets itself up and waits (ui.AwaitTakeOver) until folioGo is called;
// then its first render replaces the prerendered page with the app's own
// DOM, laid out the same.
//
// The prerendered page is the page until then: it paints first and stays.
// The app takes it over once the page has painted and loaded, at an idle
// moment; or at once when the reader reaches for what only the app does
// (a form field, a button). What the reader did to the prerendered page is
// carried over into the app's: typed text, focus and selection, the scroll
// position, and a click or submit that was waiting for the app.
var folioTakeOver = (function () {
  "use strict";
  var wanted = false; // the reader reached for the app
  var started = false; // the Go program runs
  var waiting = null; // {sel, index}: a click or submit to replay
  var wake = function () {};

  function want() {
    wanted = true;
    wake();
  }

  function indexOf(sel, el) {
    return Array.prototype.indexOf.call(document.querySelectorAll(sel), el);
  }

  // Until the app runs, a button does nothing and a form would be sent as a
  // page load (the reader's comment in the address bar): hold both for the app.
  // Fields that work without it ([data-without-app]: the reading settings)
  // do not call for it: a tap there must not race a take-over.
  document.addEventListener("focusin", function (e) {
    if (!started && e.target && /^(INPUT|TEXTAREA|SELECT)$/.test(e.target.tagName) && !e.target.closest("[data-without-app]")) want();
  }, true);
  document.addEventListener("click", function (e) {
    var b = !started && e.target && e.target.closest ? e.target.closest("button") : null;
    if (!b) return;
    e.preventDefault();
    e.stopImmediatePropagation();
    waiting = { sel: "button", index: indexOf("button", b) };
    want();
  }, true);
  document.addEventListener("submit", function (e) {
    if (started) return;
    e.preventDefault();
    e.stopImmediatePropagation();
    waiting = { sel: "form", index: indexOf("form", e.target) };
    want();
  }, true);

  // whenDue resolves when the app should take the page over: the reader
  // wants it, or the page has loaded and the browser is idle. A page whose
  // images never finish still gets the app: it must always start by itself
  // (comments refresh, the outbox is sent).
  function whenDue() {
    return new Promise(function (resolve) {
      var loaded = document.readyState === "complete";
      var idling = false;
      var check = function () {
        if (wanted) return resolve();
        if (!loaded || idling) return;
        idling = true;
        if (window.requestIdleCallback) requestIdleCallback(resolve, { timeout: 500 });
        else setTimeout(resolve, 0);
      };
      wake = check;
      window.addEventListener("load", function () { loaded = true; check(); });
      setTimeout(function () { loaded = true; check(); }, 6000);
      check();
    });
  }

  // keep notes what the reader did to the prerendered page.
  function keep() {
    var fields = [];
    var all = document.querySelectorAll("input[id], textarea[id]");
    for (var i = 0; i < all.length; i++) {
      if (all[i].value !== all[i].defaultValue) fields.push([all[i].id, all[i].value]);
    }
    var a = document.activeElement, focus = null;
    if (a && a.id && a !== document.body) {
      focus = { id: a.id };
      try { focus.start = a.selectionStart; focus.end = a.selectionEnd; focus.dir = a.selectionDirection; } catch (err) {}
    }
    var shown = {};
    for (var j = 0; j < document.images.length; j++) {
      var img = document.images[j];
      if (img.complete && img.naturalWidth > 0) shown[img.currentSrc] = img;
    }
    return { fields: fields, focus: focus, x: window.scrollX, y: window.scrollY, shown: shown };
  }

  // restore gives it to the app's page: pictures shown, typed text as input events, which
  // the app's handlers take as typing; then focus, scroll, and the waiting
  // click or submit.
  function restore(k) {
    // The app's images are new elements, painted empty until they have
    // loaded and decoded their pictures again: the page's own image stands
    // in for each until then, so the take-over does not blink.
    Array.prototype.slice.call(document.images).forEach(function (img) {
      var old = k.shown[img.src];
      if (!old || old === img || old.isConnected) return;
      img.replaceWith(old);
      var back = function () { if (old.isConnected) old.replaceWith(img); };
      img.decode().then(back, back);
    });
    k.fields.forEach(function (f) {
      var el = document.getElementById(f[0]);
      if (el && el.value !== f[1]) {
        el.value = f[1];
        el.dispatchEvent(new Event("input", { bubbles: true }));
      }
    });
    var el = k.focus && document.getElementById(k.focus.id);
    if (el && document.activeElement !== el) {
      el.focus({ preventScroll: true });
      if (k.focus.start != null) {
        try { el.setSelectionRange(k.focus.start, k.focus.end, k.focus.dir); } catch (err) {}
      }
    }
    // A reader who has not scrolled leaves it to the app (which may return
    // them to where they left the article last time).
    if ((k.x || k.y) && (window.scrollX !== k.x || window.scrollY !== k.y)) window.scrollTo(k.x, k.y);
    var w = waiting;
    waiting = null;
    var target = w && document.querySelectorAll(w.sel)[w.index];
    if (!target) return;
    if (w.sel === "form") target.requestSubmit();
    else target.click();
  }

  var whenPainted = folioWhenPainted;

  // The Go program starts in two tasks: its own start-up once the page has
  // painted (run returns when the program waits in ui.AwaitTakeOver and
  // sets window.folioGo), and its first render, which replaces the
  // prerendered page, when due.
  return function (run) {
    return whenPainted().then(function () {
      performance.mark("folio-app-start");
      run();
      return whenDue();
    }).then(function () {
      var kept = keep();
      performance.mark("folio-app-takeover");
      if (window.folioGo) window.folioGo();
      started = true;
      restore(kept);
    });
  };
})();

// folioWhenPainted resolves once the prerendered page has painted (or
// cannot: it is hidden), or after a while whatever happened; the same
// promise for every caller. A function declaration, so that go-app's loader
// above can use it before this part of the script has run.
function folioWhenPainted() {
  "use strict";
  if (folioWhenPainted.done) return folioWhenPainted.done;
  folioWhenPainted.done = new Promise(function (resolve) {
    if (document.visibilityState === "hidden") return resolve();
    try {
      new PerformanceObserver(function (list, obs) {
        if (list.getEntriesByName("first-contentful-paint").length) { obs.disconnect(); resolve(); }
      }).observe({ type: "paint", buffered: true });
    } catch (err) {
      resolve();
    }
    document.addEventListener("visibilitychange", function () { if (document.visibilityState === "hidden") resolve(); });
    setTimeout(resolve, 4000);
  });
  return folioWhenPainted.done;
}

// folioFetchWasm fetches app.wasm for go-app's loader once the prerendered
// page has painted, at low priority: the page's own styles and pictures
// come first.
function folioFetchWasm(url) {
  "use strict";
  return folioWhenPainted().then(function () { return fetch(url, { priority: "low" }); });
}
