// Folio's service worker, given to go-app as Handler.ServiceWorkerTemplate.
// go-app fills in {{.Version}} (the build) and {{.ResourcesToCache}} (the app
// shell: go-app's files, our styles, scripts and icons, and "/").
//
// Three caches:
//   folio-shell-VERSION  the app shell of one build; replaced whole on update
//   folio-pages-VERSION  prerendered pages as last fetched; they name this
//                        build's scripts, so they go with the build too
//   folio-data-v1        articles, comments and images: what the reader keeps;
//                        it belongs to no build and survives updates
// A page or shell file is only ever answered from this build's caches, so an
// old build's shell never meets a new build's wasm.
//
// A repeat visit needs no network before the app runs: a kept page is
// answered from the cache at once and revalidated afterwards (a conditional
// request: 304 and no body when it did not change; a changed page is kept
// for the next visit), and the app refreshes its comment thread itself.

const VERSION = "{{.Version}}";
const SHELL = "folio-shell-" + VERSION;
const PAGES = "folio-pages-" + VERSION;
const DATA = "folio-data-v1";
// Where web/reader.js keeps the reader's choice of language.
const LANG_KEY = "/folio-lang";
const WASM = "/web/app.wasm";
const OFFLINE = "/offline";
// The search page is the same for every query: one shell answers them all.
const SEARCH = "/search";
const SHELL_FILES = {{.ResourcesToCache}};
// Files every page names that go-app's list leaves out: the favicon; and the
// pages that must open offline before any was visited.
const MORE_SHELL_FILES = [OFFLINE, SEARCH, "/web/icons/icon.svg"];
const NAV_TIMEOUT = 4000;
// Pages are only a head start (the app can open any kept article without
// them), so only the most recent are kept.
const MAX_PAGES = 60;

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(SHELL);
    // app.wasm is left out on a first visit: the page is downloading it right
    // now, and it is taken from the HTTP cache once it has run (see message).
    // On an update the new build's wasm is fetched here, before activation.
    const files = SHELL_FILES.filter((u) => u !== WASM);
    for (const u of MORE_SHELL_FILES) if (!files.includes(u)) files.push(u);
    await Promise.all(files.map((u) => addUnredirected(cache, u)));
    const keys = await caches.keys();
    if (keys.some((k) => k.startsWith("folio-shell-") && k !== SHELL)) {
      await cache.add(new Request(WASM, { cache: "no-cache" }));
    }
    await self.skipWaiting();
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    const keep = new Set([SHELL, PAGES, DATA]);
    const keys = await caches.keys();
    await Promise.all(keys.filter((k) => !keep.has(k)).map((k) => caches.delete(k)));
    await self.clients.claim();
  })());
});

self.addEventListener("message", (event) => {
  const msg = event.data || {};
  if (msg.type === "folio:wasm-loaded") {
    const from = event.source && event.source.url;
    event.waitUntil(Promise.all([keepWasm(), from ? keepPage(new URL(from)) : null]));
  }
});

// addUnredirected is cache.add, except that an answer reached through a
// redirect is stored as a plain one: a static host sends /offline to
// /offline/, and a redirected response may not answer a navigation.
async function addUnredirected(cache, url) {
  const res = await fetch(url);
  if (!res.ok) throw new Error(url + ": " + res.status);
  const clean = res.redirected
    ? new Response(await res.blob(), { status: res.status, statusText: res.statusText, headers: res.headers })
    : res;
  await cache.put(url, clean);
}

// keepWasm stores the wasm the page just ran. force-cache answers from the
// HTTP cache without asking the server, so the first visit downloads it once.
async function keepWasm() {
  const cache = await caches.open(SHELL);
  if (await cache.match(WASM)) return;
  const res = await fetch(WASM, { cache: "force-cache" });
  if (res.ok) await cache.put(WASM, res);
}

// keepPage keeps the page the app started on, when it came before this
// worker did (a first visit): from the HTTP cache, so not downloaded again.
async function keepPage(url) {
  if (url.origin !== self.location.origin || url.pathname === OFFLINE) return;
  const key = url.pathname + url.search;
  const cache = await caches.open(PAGES);
  if (await cache.match(key)) return;
  const res = await fetch(key, { cache: "force-cache", headers: { Accept: "text/html" } });
  if (isPage(res)) await putPage(cache, key, res);
}

self.addEventListener("fetch", (event) => {
  const req = event.request;
  const url = new URL(req.url);
  if (req.method !== "GET" || url.origin !== self.location.origin) return;
  // The moderation desk is never kept, nor answered from a cache.
  if (url.pathname === "/admin" || url.pathname.startsWith("/admin/")) return;

  if (req.mode === "navigate") {
    event.respondWith(navigate(req, url, event));
  } else if (url.pathname.startsWith("/api/comments")) {
    event.respondWith(networkFirst(req));
  } else if (url.pathname.startsWith("/api/articles") || url.pathname.startsWith("/media/")) {
    event.respondWith(staleWhileRevalidate(req, event));
  } else if (url.pathname.startsWith("/api/")) {
    return;
  } else {
    event.respondWith(shellFirst(req));
  }
});

// navigate answers a page kept by this build at once, and revalidates it
// afterwards. A page not kept comes from the network, and is kept; without a
// network, the shell lets the app open what this device has saved (or say it
// has not).
//
// A page is kept in the language it was made in (Content-Language), and
// only answers a reader who wants that language: one who has chosen
// another is given the page anew from the network, or, offline, the kept
// one, which web/i18n.js and the app then show in the reader's language.
async function navigate(req, url, event) {
  const key = url.pathname + url.search;
  const pages = await caches.open(PAGES);
  const shell = await caches.open(SHELL);
  const lang = await wantedLang();
  let other = null; // kept, in another language
  const inLang = (res) => {
    if (res && !sameLang(res, lang)) {
      other = other || res;
      return null;
    }
    return res;
  };
  if (url.pathname.replace(/\/$/, "") === SEARCH) {
    const search = inLang(await pages.match(SEARCH)) || inLang(await shell.match(SEARCH));
    if (search) return search;
  }
  const kept = url.pathname !== OFFLINE &&
    (inLang(await pages.match(key)) || (key === "/" && inLang(await shell.match("/"))));
  if (kept) {
    event.waitUntil(revalidatePage(pages, key, kept).catch(() => {}));
    return kept;
  }
  try {
    const res = await withTimeout(fetch(req), NAV_TIMEOUT);
    if (isPage(res) && url.pathname !== OFFLINE) {
      await putPage(pages, url.pathname.replace(/\/$/, "") === SEARCH ? SEARCH : key, res.clone());
    }
    return res;
  } catch (err) {
    return other || (await shell.match(OFFLINE)) || Response.error();
  }
}

// wantedLang is the interface language the reader wants, as web/i18n.js
// chooses it: what they chose in the reading settings (web/reader.js keeps
// it here, as the worker cannot read the cookie), else the first of the
// browser's languages that Folio speaks.
async function wantedLang() {
  let choice = "auto";
  try {
    const res = await (await caches.open(DATA)).match(LANG_KEY);
    if (res) choice = await res.text();
  } catch (err) {}
  if (choice === "en" || choice === "zh") return choice;
  for (const tag of self.navigator.languages || [self.navigator.language || ""]) {
    const primary = String(tag).toLowerCase().split(/[-_]/)[0];
    if (primary === "en" || primary === "zh") return primary;
  }
  return "en";
}

// sameLang reports whether a kept page is in lang ("en" or "zh"). A page
// that does not say (a static host's, all in the magazine's default
// language) is for everyone: web/i18n.js and the app show it in theirs.
function sameLang(res, lang) {
  const tag = (res.headers.get("Content-Language") || "").toLowerCase();
  return !tag || tag.split("-")[0] === lang;
}

// revalidatePage asks the server whether a kept page changed, naming the
// copy it has: a 304 costs no body. A changed page is kept for the next
// visit; a page that is gone is forgotten.
async function revalidatePage(cache, key, kept) {
  const headers = { Accept: "text/html" };
  const tag = kept.headers.get("ETag");
  if (tag) headers["If-None-Match"] = tag;
  const res = await fetch(key, { headers, cache: "no-store", credentials: "same-origin", redirect: "manual" });
  if (res.status === 304) return;
  if (isPage(res)) {
    await putPage(cache, key, res);
  } else if (res.status === 404 || res.status === 410) {
    await cache.delete(key);
  }
}

// isPage reports whether res is a prerendered page worth keeping.
function isPage(res) {
  return !!res && res.ok && res.type === "basic" && !res.redirected &&
    (res.headers.get("Content-Type") || "").startsWith("text/html");
}

// putPage keeps a page, and only the most recent MAX_PAGES.
async function putPage(cache, key, res) {
  await cache.put(key, res);
  await trim(cache, MAX_PAGES);
}

// networkFirst serves comments fresh, and as last seen when offline; the
// X-Folio-Fetched-At header lets the page say how old they are.
async function networkFirst(req) {
  const cache = await caches.open(DATA);
  try {
    const res = await fetch(req);
    if (res.ok) await cache.put(req, await stamped(res.clone()));
    return res;
  } catch (err) {
    return (await cache.match(req)) || Response.error();
  }
}

// staleWhileRevalidate answers from the cache at once and refreshes it in the
// background; the first time, it waits for the network.
async function staleWhileRevalidate(req, event) {
  const cache = await caches.open(DATA);
  const cached = await cache.match(req);
  const refresh = fetch(req).then(async (res) => {
    if (res.ok) await cache.put(req, await stamped(res.clone()));
    return res;
  });
  if (cached) {
    event.waitUntil(refresh.catch(() => {}));
    return cached;
  }
  return refresh.catch(() => Response.error());
}

// shellFirst answers the app's own files from this build's shell. The cached
// Response itself is returned, never a copy made with new Response(): for
// app.wasm, Chromium keeps the compiled code of a module instantiated from
// such a response (instantiateStreaming), and loads it on the next start
// instead of compiling (traced: wasm.Deserialize; never for a copy).
async function shellFirst(req) {
  const cache = await caches.open(SHELL);
  const cached = await cache.match(req, { ignoreSearch: true });
  if (cached) return cached;
  const res = await fetch(req);
  if (res.ok && new URL(req.url).pathname === WASM) await cache.put(WASM, res.clone());
  return res;
}

// trim deletes the oldest entries (keys come in insertion order) beyond max.
async function trim(cache, max) {
  const keys = await cache.keys();
  await Promise.all(keys.slice(0, Math.max(0, keys.length - max)).map((k) => cache.delete(k)));
}

async function stamped(res) {
  const headers = new Headers(res.headers);
  headers.set("X-Folio-Fetched-At", new Date().toISOString());
  return new Response(await res.blob(), { status: res.status, statusText: res.statusText, headers });
}

function withTimeout(promise, ms) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("timeout")), ms);
    promise.then((v) => { clearTimeout(timer); resolve(v); }, (e) => { clearTimeout(timer); reject(e); });
  });
}

// go-app's notification behaviour, kept: show pushed notifications, and open
// or focus the app on the path a notification names.
self.addEventListener("push", (event) => {
  let n = null;
  try { n = event.data ? event.data.json() : null; } catch (e) { n = null; }
  if (!n) return;
  event.waitUntil(self.registration.showNotification(n.title || "Folio", {
    body: n.body, icon: n.icon, badge: n.badge, data: { goapp: { path: n.path || "/", actions: [] } },
  }));
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const path = (event.notification.data && event.notification.data.goapp && event.notification.data.goapp.path) || "/";
  event.waitUntil(self.clients.matchAll({ type: "window" }).then((list) => {
    for (const client of list) {
      if ("focus" in client) {
        client.focus();
        client.postMessage({ goapp: { type: "notification", path } });
        return;
      }
    }
    return self.clients.openWindow(path);
  }));
});
