// Folio's Listen and Share, for an article page (markup: app/ui/reader_tools.go).
//
// Both are browser APIs, so they live here rather than in app.wasm. The app
// may replace any node of the page (it takes the prerendered page over, and
// renders again on navigation), so nothing here holds a node: clicks are
// caught by delegation on window, elements are found again when needed, and
// state the styles show is kept on <html> as data- attributes:
//   data-voices            the browser has a voice: Listen is shown
//   data-listen="playing"  or "paused": which Listen controls show
//   data-quote             text of the article is selected: "Share quote" shows
// and --listen-rate, the speed's label.
(function () {
  "use strict";
  var root = document.documentElement;
  var L = window.folioI18n; // the interface's words (web/i18n.js)
  var synth = window.speechSynthesis;
  var RATES = [1, 1.25, 1.5, 2, 0.75];

  // ---- Listen ----

  var BLOCKS = "p, li, h2, h3, h4, h5, h6, blockquote, figcaption, dt, dd, th, td";
  var SKIP = "pre, sup, .footnotes, script, style";
  var sentences = []; // {block, start, end, text} of the page being read
  var path = ""; // the page they were read from
  var at = 0; // the sentence being read, or to read on resume
  var run = 0; // bumped on every start and stop: old utterances' events are ignored
  var rate = Number(localStorage.getItem("folio-listen-rate")) || 1;

  function voices() {
    if (synth && synth.getVoices().length > 0) root.setAttribute("data-voices", "");
    else root.removeAttribute("data-voices");
  }

  function showRate() {
    root.style.setProperty("--listen-rate", '"' + rate + '\u00d7"');
  }

  // blocks are the story's headline and the body's text blocks that hold no
  // other block: the same list, in order, whichever nodes show them now.
  function blocks() {
    var out = [];
    var h = document.querySelector(".story .headline");
    if (h) out.push(h);
    var body = document.querySelector(".story-body");
    if (!body) return out;
    body.querySelectorAll(BLOCKS).forEach(function (el) {
      if (!el.closest(SKIP) && !el.querySelector(BLOCKS)) out.push(el);
    });
    return out;
  }

  // texts lists a block's text nodes that are read, with their offsets.
  function texts(el) {
    var out = [];
    var pos = 0;
    var walk = document.createTreeWalker(el, NodeFilter.SHOW_TEXT, {
      acceptNode: function (n) {
        return n.parentElement.closest(SKIP) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
      },
    });
    for (var n = walk.nextNode(); n; n = walk.nextNode()) {
      out.push({ node: n, start: pos });
      pos += n.data.length;
    }
    return out;
  }

  // lang is the article's language: its own lang, else the page's.
  function lang() {
    var b = document.querySelector(".story-body");
    var el = b && b.closest("[lang]");
    return (el && el.lang) || "en";
  }

  function split() {
    var seg = window.Intl && Intl.Segmenter ? new Intl.Segmenter(lang(), { granularity: "sentence" }) : null;
    var out = [];
    blocks().forEach(function (el, b) {
      var text = texts(el).map(function (t) { return t.node.data; }).join("");
      var parts = seg ? Array.from(seg.segment(text)) : [{ segment: text, index: 0 }];
      parts.forEach(function (p) {
        var s = p.segment.trim();
        if (!/[\p{L}\p{N}]/u.test(s)) return;
        var start = p.index + p.segment.indexOf(s);
        out.push({ block: b, start: start, end: start + s.length, text: s });
      });
    });
    return out;
  }

  // range is where sentence s is on the page now.
  function range(s) {
    var el = blocks()[s.block];
    if (!el) return null;
    var r = document.createRange();
    var ts = texts(el);
    var set = function (off, setter) {
      for (var i = ts.length - 1; i >= 0; i--) {
        if (ts[i].start <= off) return setter.call(r, ts[i].node, Math.min(off - ts[i].start, ts[i].node.data.length));
      }
    };
    set(s.start, r.setStart);
    set(s.end, r.setEnd);
    return r;
  }

  function highlight(s) {
    var r = s && range(s);
    if (window.CSS && CSS.highlights) {
      if (r) CSS.highlights.set("folio-listen", new Highlight(r));
      else CSS.highlights.delete("folio-listen");
    }
    if (!r) return;
    var box = r.getBoundingClientRect();
    var bar = document.querySelector(".masthead");
    var top = bar ? Math.max(0, bar.getBoundingClientRect().bottom) : 0;
    if (box.top < top || box.bottom > window.innerHeight - 48) {
      window.scrollBy({ top: box.top - top - (window.innerHeight - top) / 3, behavior: "smooth" });
    }
  }

  function setState(state) {
    if (state) root.setAttribute("data-listen", state);
    else root.removeAttribute("data-listen");
  }

  // speak reads from sentence i on, one utterance a sentence: the sentence
  // read is the one highlighted, and a new speed applies from the next.
  function speak(i, mine) {
    if (mine !== run) return;
    if (i >= sentences.length || location.pathname !== path) {
      stop();
      return;
    }
    at = i;
    var u = new SpeechSynthesisUtterance(sentences[i].text);
    u.lang = lang();
    u.rate = rate;
    u.onstart = function () {
      if (mine === run) highlight(sentences[i]);
    };
    u.onend = function () {
      speak(i + 1, mine);
    };
    u.onerror = function (e) {
      if (e.error !== "interrupted" && e.error !== "canceled") speak(i + 1, mine);
    };
    synth.speak(u);
  }

  function play() {
    if (root.getAttribute("data-listen") !== "paused" || location.pathname !== path) {
      sentences = split();
      path = location.pathname;
      at = 0;
    }
    run++;
    synth.cancel();
    setState("playing");
    speak(at, run);
  }

  // pause stops the voice but keeps the place: a resume reads that sentence again.
  function pause() {
    run++;
    synth.cancel();
    setState("paused");
  }

  function stop() {
    run++;
    if (synth) synth.cancel();
    setState("");
    highlight(null);
  }

  function faster() {
    rate = RATES[(RATES.indexOf(rate) + 1) % RATES.length];
    localStorage.setItem("folio-listen-rate", String(rate));
    showRate();
    if (root.getAttribute("data-listen") === "playing") {
      run++;
      synth.cancel();
      speak(at, run);
    }
  }

  // ---- Share ----

  var quote = null; // {text, url}: the article text selected last
  var said = 0;

  function say(msg) {
    var el = document.querySelector(".share-status");
    if (!el) return;
    el.textContent = msg;
    var mine = ++said;
    setTimeout(function () {
      var el = document.querySelector(".share-status");
      if (mine === said && el) el.textContent = "";
    }, 4000);
  }

  function title() {
    var h = document.querySelector(".story .headline");
    return h ? h.textContent : document.title;
  }

  // copy puts text on the clipboard: the async API where the page may use
  // it, else the older command, which works in any page.
  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).catch(function () { return oldCopy(text); });
    }
    return oldCopy(text);
  }

  function oldCopy(text) {
    var t = document.createElement("textarea");
    t.value = text;
    t.setAttribute("readonly", "");
    t.className = "share-copy";
    document.body.appendChild(t);
    t.select();
    var ok = document.execCommand("copy");
    t.remove();
    return ok ? Promise.resolve() : Promise.reject(new Error("copy refused"));
  }

  function share(data, copied) {
    var text = data.text ? "\u201c" + data.text + "\u201d\n" + data.url : data.url;
    if (navigator.share && (!navigator.canShare || navigator.canShare(data))) {
      navigator.share(data).catch(function (e) {
        if (e.name !== "AbortError") copy(text).then(function () { say(copied); });
      });
      return;
    }
    copy(text).then(
      function () { say(copied); },
      function () { say(L.f("Could not copy: the link is %s", data.url)); }
    );
  }

  // directive is a text fragment naming s: the whole of a short quote, the
  // first and last words of a long one.
  function directive(s) {
    var enc = function (x) {
      return encodeURIComponent(x).replace(/-/g, "%2D");
    };
    var words = s.split(/\s+/);
    if (words.length <= 10) return ":~:text=" + enc(s);
    return ":~:text=" + enc(words.slice(0, 4).join(" ")) + "," + enc(words.slice(-4).join(" "));
  }

  // quoted is the selected article text and the link to it: the nearest
  // heading above it, and the text itself as a text fragment.
  function quoted() {
    var sel = window.getSelection();
    var body = document.querySelector(".story-body");
    if (!sel || sel.isCollapsed || !body || !sel.rangeCount) return null;
    var r = sel.getRangeAt(0);
    if (!body.contains(r.commonAncestorContainer)) return null;
    var text = sel.toString().replace(/\s+/g, " ").trim();
    if (!text) return null;
    var id = "";
    body.querySelectorAll("h1[id], h2[id], h3[id], h4[id], h5[id], h6[id]").forEach(function (h) {
      if (r.comparePoint(h, 0) < 0) id = h.id;
    });
    return { text: text, url: location.origin + location.pathname + "#" + encodeURIComponent(id) + directive(text) };
  }

  document.addEventListener("selectionchange", function () {
    quote = quoted();
    if (quote) root.setAttribute("data-quote", "");
    else root.removeAttribute("data-quote");
  });

  // ---- Wiring ----

  // Caught on window, before the page's own handlers on document (the
  // start-up's, which would hold a click for the app): these buttons need
  // only this script.
  window.addEventListener("click", function (e) {
    var b = e.target.closest && e.target.closest("[data-listen], [data-share]");
    if (b) {
      e.stopPropagation();
      switch (b.getAttribute("data-listen") || b.getAttribute("data-share")) {
        case "play":
          if (root.getAttribute("data-listen") === "playing") pause();
          else play();
          return;
        case "rate":
          return faster();
        case "stop":
          return stop();
        case "page":
          return share({ title: title(), url: location.origin + location.pathname }, L.t("Link copied"));
        case "quote":
          if (quote) share({ title: title(), text: quote.text, url: quote.url }, L.t("Link to the quote copied"));
          return;
      }
    }
    // Following a link elsewhere stops the voice.
    var a = e.target.closest && e.target.closest("a[href]");
    if (a && root.hasAttribute("data-listen") && a.pathname !== location.pathname) stop();
  }, true);
  // Keep the selection when the quote button is pressed.
  window.addEventListener("mousedown", function (e) {
    if (e.target.closest && e.target.closest("[data-share=quote]")) e.preventDefault();
  }, true);
  window.addEventListener("popstate", function () {
    if (root.hasAttribute("data-listen")) stop();
  });
  window.addEventListener("pagehide", stop);

  showRate();
  if (synth) {
    voices();
    synth.addEventListener("voiceschanged", voices);
  }
})();
