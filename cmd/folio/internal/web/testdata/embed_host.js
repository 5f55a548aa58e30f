// Runs web/embed.js (path in argv[2]) against fake host pages with Node and
// checks what it does: attribute parsing, the iframes, the one count
// request, which messages it takes, and that odd pages never make it throw.
// Exits non-zero with a message on the first failure.
"use strict";
const fs = require("fs");
const vm = require("vm");
const assert = require("assert");

const code = fs.readFileSync(process.argv[2], "utf8");
const FOLIO = "https://folio.example";

function element(tag, attrs, parent) {
  const el = {
    tagName: tag.toUpperCase(),
    attrs: Object.assign({}, attrs),
    style: {},
    listeners: {},
    parentNode: parent || null,
    nextSibling: null,
    textContent: "",
    getAttribute(n) { return n in this.attrs ? this.attrs[n] : null; },
    setAttribute(n, v) { this.attrs[n] = String(v); },
    hasAttribute(n) { return n in this.attrs; },
    addEventListener(type, fn) { (this.listeners[type] = this.listeners[type] || []).push(fn); },
  };
  if (attrs && attrs.src) {
    try {
      el.src = new URL(attrs.src, "https://host.example/page").href;
    } catch (e) {
      el.src = attrs.src; // as browsers do with a URL they cannot parse
    }
  }
  return el;
}

function page({ scripts = [], spans = [], dark = false, current = 0, counts = {}, hostFolio = null }) {
  const body = { inserted: [], insertBefore(el, next) { el.parentNode = body; this.inserted.push(el); } };
  const scriptEls = scripts.map((a) => element("script", a, body));
  const spanEls = spans.map((s) => element("span", { "data-folio-count": s }, body));
  const media = { matches: dark, listeners: [], addEventListener(t, fn) { this.listeners.push(fn); } };
  const fetches = [];
  const win = { listeners: {}, addEventListener(t, fn) { (this.listeners[t] = this.listeners[t] || []).push(fn); } };
  win.matchMedia = () => media;
  if (hostFolio) win.Folio = hostFolio;
  const doc = {
    baseURI: "https://host.example/page",
    readyState: "complete",
    currentScript: current === null ? null : scriptEls[current] || null,
    createElement(tag) {
      const el = element(tag);
      el.contentWindow = { posted: [], postMessage(m, o) { this.posted.push([m, o]); } };
      return el;
    },
    querySelectorAll(sel) {
      if (sel === "script[data-folio-article]") return scriptEls.filter((s) => s.hasAttribute("data-folio-article"));
      if (sel === "[data-folio-count]") return spanEls;
      throw new Error("unexpected selector " + sel);
    },
    addEventListener() {},
  };
  const ctx = {
    window: win,
    document: doc,
    URL,
    fetch(url) {
      fetches.push(url);
      return Promise.resolve({ ok: true, json: () => Promise.resolve(counts) });
    },
  };
  vm.createContext(ctx);
  const run = () => vm.runInContext(code, ctx);
  run();
  const message = (data, origin, source) => win.listeners.message.forEach((fn) => fn({ data, origin, source }));
  return { win, doc, body, media, fetches, spanEls, run, message };
}

async function main() {
  // A page with good and bad tags, and count spans.
  const p = page({
    scripts: [
      { src: FOLIO + "/embed.js", "data-folio-article": "harbour-cranes" },
      { src: FOLIO + "/embed.js", "data-folio-article": "tides", "data-folio-mode": "article", "data-folio-theme": "dark" },
      { src: FOLIO + "/embed.js", "data-folio-article": "../../admin" },
      { src: FOLIO + "/embed.js", "data-folio-article": "" },
      { "data-folio-article": "no-src" },
    ],
    spans: ["harbour-cranes", "tides", "harbour-cranes", "Not A Slug", ""],
    counts: { "harbour-cranes": 3, tides: 1 },
  });
  const [a, b] = p.body.inserted;
  assert.strictEqual(p.body.inserted.length, 2, "two iframes for two good tags");
  assert.strictEqual(a.src, FOLIO + "/embed/harbour-cranes?mode=comments&theme=light");
  assert.strictEqual(b.src, FOLIO + "/embed/tides?mode=article&theme=dark");
  assert.strictEqual(a.loading, "lazy");
  assert.strictEqual(a.getAttribute("scrolling"), "no");
  assert.ok(a.title, "iframe has a title");
  assert.deepStrictEqual([a.style.width, a.style.border], ["100%", "0"]);
  assert.deepStrictEqual(Object.keys(p.win).filter((k) => !["listeners", "addEventListener", "matchMedia"].includes(k)), ["Folio"], "one global");

  assert.deepStrictEqual(p.fetches, [FOLIO + "/api/comments/count?article=harbour-cranes&article=tides"], "one count request");
  await new Promise((r) => setTimeout(r, 10));
  assert.deepStrictEqual(p.spanEls.map((s) => s.textContent), ["3 comments", "1 comment", "3 comments", "", ""]);

  // Size messages: only from our origin and from the iframe's own window.
  p.message({ type: "folio:resize", height: 523.2 }, FOLIO, a.contentWindow);
  assert.strictEqual(a.style.height, "524px");
  const before = b.style.height;
  p.message({ type: "folio:resize", height: 5 }, "https://evil.example", b.contentWindow);
  p.message({ type: "folio:resize", height: 5 }, FOLIO, {}); // another window
  p.message({ type: "folio:resize", height: "5" }, FOLIO, b.contentWindow);
  p.message({ type: "folio:resize", height: NaN }, FOLIO, b.contentWindow);
  p.message({ type: "other", height: 5 }, FOLIO, b.contentWindow);
  p.message(null, FOLIO, b.contentWindow);
  assert.strictEqual(b.style.height, before, "foreign or malformed messages are ignored");

  // The host turns dark: only the auto iframe is told, and only at our origin.
  p.media.matches = true;
  p.media.listeners.forEach((fn) => fn());
  // (objects made in the script's realm: compare them as JSON)
  assert.strictEqual(JSON.stringify(a.contentWindow.posted), JSON.stringify([[{ type: "folio:theme", theme: "dark" }, FOLIO]]));
  assert.deepStrictEqual(b.contentWindow.posted, []);

  // The script runs again for a later tag: nothing is embedded twice.
  p.run();
  assert.strictEqual(p.body.inserted.length, 2, "no duplicate iframes");
  assert.strictEqual(p.fetches.length, 1, "no second count request for the same spans");

  // A host with its own window.Folio keeps it, and a second copy of the
  // script still embeds each tag once.
  const own = { mine: true };
  const h = page({ scripts: [{ src: FOLIO + "/embed.js", "data-folio-article": "tides" }], hostFolio: own });
  h.run();
  assert.strictEqual(h.win.Folio, own, "the host's Folio is left alone");
  assert.strictEqual(h.body.inserted.length, 1, "one iframe for one tag, however often the script runs");

  // Pages with nothing for us, or no currentScript: no error, no request.
  const empty = page({ current: null });
  assert.strictEqual(empty.body.inserted.length, 0);
  assert.strictEqual(empty.fetches.length, 0);
  const noAttrs = page({ scripts: [{ src: FOLIO + "/embed.js" }], spans: [] });
  assert.strictEqual(noAttrs.body.inserted.length, 0);
  const badSrc = page({ scripts: [{ src: "http://[::1", "data-folio-article": "x" }] });
  assert.strictEqual(badSrc.body.inserted.length, 0);
}

main().catch((e) => {
  console.error(e && e.stack ? e.stack : e);
  process.exit(1);
});
