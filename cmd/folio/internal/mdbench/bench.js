// Markdown benchmark: Folio's article renderer (goldmark, compiled to wasm
// with app.wasm's flags) against marked, in the same Node process, on a
// 2,000- and a 20,000-word article made from the sample magazine.
//
//   node bench.js --marked marked.esm.js --samples DIR --wasm-exec wasm_exec.js \
//        [--runs N] [--warmup N] [--words 2000,20000] [--out DIR] [--cpu] [LABEL=]render.wasm...
//
// Each render.wasm (cmd/folio/internal/mdbench/render) exports one function;
// several builds (old and new) are timed in the same process. Both renderers
// get the same string, GitHub-flavoured Markdown on in both; the two are
// called alternately, and each figure is the median of --runs calls after
// --warmup calls and two seconds of warm-up. --cpu times with the process's
// CPU time instead of the wall clock. The goldmark time includes handing the string to the wasm
// and the HTML back, as a page calling it would. --out writes each article
// (words-N.md) and each build's HTML (words-N.LABEL.html) there.
"use strict";

const fs = require("fs");
const path = require("path");

function parseArgs(argv) {
  const o = { runs: 0, warmup: 0, words: [2000, 20000], wasm: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => {
      if (i + 1 >= argv.length) throw new Error(a + " needs a value");
      return argv[++i];
    };
    switch (a) {
      case "--marked": o.marked = val(); break;
      case "--samples": o.samples = val(); break;
      case "--wasm-exec": o.wasmExec = val(); break;
      case "--runs": o.runs = +val(); break;
      case "--warmup": o.warmup = +val(); break;
      case "--words": o.words = val().split(",").map(Number); break;
      case "--out": o.out = val(); break;
      case "--cpu": o.cpu = true; break;
      default:
        if (a.startsWith("--")) throw new Error("unknown flag " + a);
        const eq = a.indexOf("=");
        o.wasm.push(eq > 0 ? { label: a.slice(0, eq), file: a.slice(eq + 1) }
          : { label: "goldmark", file: a });
    }
  }
  if (!o.marked || !o.samples || !o.wasmExec || o.wasm.length === 0) {
    throw new Error("usage: bench.js --marked FILE --samples DIR --wasm-exec FILE [LABEL=]render.wasm...");
  }
  return o;
}

// countWords counts runs of letters, digits and apostrophes, as
// article.CountWords does.
function countWords(s) {
  const m = s.match(/[\p{L}\p{N}']+/gu);
  return m ? m.length : 0;
}

// body drops an article file's front matter.
function body(src) {
  if (!src.startsWith("---\n")) return src;
  const end = src.indexOf("\n---\n", 3);
  return end < 0 ? src : src.slice(end + 5);
}

// blocks splits Markdown at blank lines outside fenced code.
function blocks(md) {
  const out = [];
  let cur = [];
  let fence = null;
  for (const line of md.split("\n")) {
    const f = line.match(/^ {0,3}(`{3,}|~{3,})/);
    if (f) {
      if (fence === null) fence = f[1][0];
      else if (f[1][0] === fence) fence = null;
    }
    if (line.trim() === "" && fence === null) {
      if (cur.length) out.push(cur.join("\n"));
      cur = [];
    } else {
      cur.push(line);
    }
  }
  if (cur.length) out.push(cur.join("\n"));
  return out;
}

// makeArticle takes whole blocks from the sample articles, the longest
// first and then the others by name, over and over, until it has words words.
function makeArticle(samples, words) {
  const parts = [];
  let n = 0;
  for (let i = 0; n < words; i = (i + 1) % samples.length) {
    for (const b of samples[i]) {
      parts.push(b);
      n += countWords(b);
      if (n >= words) break;
    }
  }
  return parts.join("\n\n") + "\n";
}

function loadSamples(dir) {
  const files = fs.readdirSync(dir).filter((f) => f.endsWith(".md")).sort();
  const bodies = files.map((f) => body(fs.readFileSync(path.join(dir, f), "utf8")));
  const longest = bodies.reduce((l, b, i) => (b.length > bodies[l].length ? i : l), 0);
  bodies.unshift(...bodies.splice(longest, 1)); // the longest first, then by name
  return bodies.map(blocks);
}

async function loadWasm(file, name) {
  const go = new Go();
  go.argv = ["render", name];
  go.env = {};
  go.exit = (code) => { if (code !== 0) throw new Error(file + " exited with " + code); };
  const { instance } = await WebAssembly.instantiate(fs.readFileSync(file), go.importObject);
  go.run(instance); // main registers the function, then waits for calls
  if (typeof globalThis[name] !== "function") throw new Error(file + " exported no " + name);
  return globalThis[name];
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

// check fails the run if a renderer gave no HTML, and keeps the HTML when asked.
function check(r, out, src, words, keep) {
  if (typeof out !== "string" || out.length < src.length / 2) {
    throw new Error(`${r.label} gave no HTML for ${words} words`);
  }
  if (keep) fs.writeFileSync(path.join(keep, `words-${words}.${r.label}.html`), out);
}

// now is the wall clock in ms, or with --cpu the process's CPU time: on a
// busy machine, time other programs take is then left out.
let now = () => performance.now();

function cpuNow() {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

function time(fn, src) {
  const t = now();
  const out = fn(src);
  return [now() - t, out];
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  if (o.cpu) now = cpuNow;
  globalThis.crypto ??= require("crypto").webcrypto;
  require(path.resolve(o.wasmExec));
  const { marked } = await import(require("url").pathToFileURL(path.resolve(o.marked)).href);
  const markedVersion = JSON.parse(fs.readFileSync(
    path.join(path.dirname(path.resolve(o.marked)), "..", "package.json"), "utf8")).version;
  const renderers = [{ label: "marked", fn: (s) => marked.parse(s, { gfm: true, async: false }) }];
  for (let i = 0; i < o.wasm.length; i++) {
    renderers.push({ label: o.wasm[i].label, fn: await loadWasm(o.wasm[i].file, "folioRender" + i) });
  }
  const samples = loadSamples(o.samples);
  if (o.out) fs.mkdirSync(o.out, { recursive: true });

  console.log(`marked ${markedVersion} (gfm) and Folio's article.Render in wasm, Node ${process.version}, ` +
    `same process, ${o.cpu ? "CPU" : "wall-clock"} time`);
  console.log(["words", "bytes", ...renderers.map((r) => r.label + " ms"),
    ...renderers.slice(1).map((r) => r.label + "÷marked")].join("\t"));
  const ratios = [];
  for (const words of o.words) {
    const src = makeArticle(samples, words);
    const runs = o.runs || Math.max(21, Math.round(400000 / words));
    const warmup = o.warmup || Math.max(5, runs >> 2);
    if (o.out) fs.writeFileSync(path.join(o.out, `words-${words}.md`), src);
    // Warm up until every renderer has had warmup calls and two seconds:
    // V8 compiles hot wasm and JavaScript again, optimised, only after a while.
    const until = performance.now() + 2000;
    for (let i = 0; i < warmup || performance.now() < until; i++) {
      for (const r of renderers) check(r, r.fn(src), src, words, i === 0 && o.out);
    }
    const times = renderers.map(() => []);
    for (let i = 0; i < runs; i++) {
      // Alternate who goes first, so neither always runs on a warmer cache.
      for (let k = 0; k < renderers.length; k++) {
        const j = (i + k) % renderers.length;
        const [ms, out] = time(renderers[j].fn, src);
        check(renderers[j], out, src, words, false);
        times[j].push(ms);
      }
    }
    const med = times.map(median);
    const row = med.slice(1).map((m) => m / med[0]);
    ratios.push(row);
    console.log([countWords(src), Buffer.byteLength(src), ...med.map((m) => m.toFixed(2)),
      ...row.map((r) => r.toFixed(2) + "×")].join("\t"));
    // The line make bench's report reads (cmd/folio/internal/benchreport).
    const g = renderers.findIndex((r) => r.label === "goldmark");
    if (g > 0) {
      console.log(`bench-markdown words=${countWords(src)} goldmark_ms=${med[g].toFixed(3)} marked_ms=${med[0].toFixed(3)}`);
    }
  }
  for (let k = 1; k < renderers.length; k++) {
    console.log(`${renderers[k].label} ÷ marked: ` +
      o.words.map((w, i) => `${w} words ${ratios[i][k - 1].toFixed(2)}×`).join(", "));
  }
  process.exit(0);
}

main().catch((err) => {
  console.error("bench-markdown:", err.message || err);
  process.exit(1);
});
