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

const VERSION = "{{.Version}}";
const SHELL = "folio-shell-" + VERSION;
const PAGES = "folio-pages-" + VERSION;
const DATA = "folio-data-v1";
const WASM = "/web/app.wasm";
const OFFLINE = "/offline";
const SHELL_FILES = {{.ResourcesToCache}};
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
    if (!files.includes(OFFLINE)) files.push(OFFLINE);
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
    event.waitUntil(keepWasm());
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

self.addEventListener("fetch", (event) => {
  const req = event.request;
  const url = new URL(req.url);
  if (req.method !== "GET" || url.origin !== self.location.origin) return;

  if (req.mode === "navigate") {
    event.respondWith(navigate(req, url));
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

// navigate: the network's fresh prerendered page, kept for offline; without a
// network, the page as last seen, else the shell that lets the app open what
// this device has saved (or say it has not).
async function navigate(req, url) {
  try {
    const res = await withTimeout(fetch(req), NAV_TIMEOUT);
    if (res.ok && url.pathname !== OFFLINE) {
      const cache = await caches.open(PAGES);
      await cache.put(url.pathname + url.search, res.clone());
      await trim(cache, MAX_PAGES);
    }
    return res;
  } catch (err) {
    const pages = await caches.open(PAGES);
    const shell = await caches.open(SHELL);
    return (await pages.match(url.pathname + url.search)) ||
      (url.pathname === "/" && (await shell.match("/"))) ||
      (await shell.match(OFFLINE)) ||
      Response.error();
  }
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

// shellFirst answers the app's own files from this build's shell.
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
