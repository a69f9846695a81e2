{% autoescape off %}// The portal's service worker, served at /sw.js by kim_portal.offline.service_worker.
// Online, every page comes from the network. A page is kept for reading offline only when the
// server marked it in the X-Offline-Copy header: "public" (built for anonymous visitors, anyone
// may see it) or "private" (the signed-in author's writing form, kept in its own cache; every
// login and logout clears the site's storage). Offline, a kept page opens; anything else gets the
// offline page. Only GET requests are touched: forms always go to the network.
"use strict";

const VERSION = "{{ version }}";
const SHELL_CACHE = "kim-shell-" + VERSION;
const PAGES_CACHE = "kim-pages";
const PRIVATE_CACHE = "kim-private";
const MEDIA_CACHE = "kim-media";
const SHELL = {{ shell }};
const OFFLINE_URL = {{ offline_url }};
const STATIC_PREFIX = {{ static_prefix }};
const MEDIA_PREFIX = {{ media_prefix }};
const HEADER = {{ header }};
const MAX_PAGES = 30;
const MAX_PHOTOS = 90;

self.addEventListener("install", (event) => {
  // Fetched without cookies: the shell is the same for everyone.
  const requests = SHELL.map((url) => new Request(url, { credentials: "omit" }));
  event.waitUntil(
    caches.open(SHELL_CACHE).then((cache) => cache.addAll(requests)).then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(
          names
            .filter((name) => name.startsWith("kim-shell-") && name !== SHELL_CACHE)
            .map((name) => caches.delete(name)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    event.respondWith(page(request));
  } else if (url.pathname.startsWith(STATIC_PREFIX)) {
    event.respondWith(staticFile(request));
  } else if (url.pathname.startsWith(MEDIA_PREFIX)) {
    event.respondWith(photo(request));
  }
});

async function page(request) {
  try {
    const response = await fetch(request);
    const scope = response.headers.get(HEADER);
    if (response.status === 200 && (scope === "public" || scope === "private")) {
      await keep(scope === "public" ? PAGES_CACHE : PRIVATE_CACHE, request, response.clone());
    }
    return response;
  } catch (error) {
    for (const name of [PAGES_CACHE, PRIVATE_CACHE]) {
      const cache = await caches.open(name);
      const copy = await cache.match(request, { ignoreVary: true });
      if (copy) return copy;
    }
    const offline = await caches.match(OFFLINE_URL, { cacheName: SHELL_CACHE, ignoreVary: true });
    return offline || Response.error();
  }
}

async function keep(name, request, response, limit = MAX_PAGES) {
  const cache = await caches.open(name);
  await cache.put(request, response);
  const keys = await cache.keys();
  // Oldest first: forget entries beyond the most recent few.
  await Promise.all(keys.slice(0, Math.max(0, keys.length - limit)).map((key) => cache.delete(key)));
}

// Public photos (re-encoded, unique names: they never change) of the pages read recently.
async function photo(request) {
  const cache = await caches.open(MEDIA_CACHE);
  const copy = await cache.match(request);
  if (copy) return copy;
  const response = await fetch(request);
  if (response.status === 200) await keep(MEDIA_CACHE, request, response.clone(), MAX_PHOTOS);
  return response;
}

async function staticFile(request) {
  const cache = await caches.open(SHELL_CACHE);
  const copy = await cache.match(request, { ignoreVary: true });
  if (copy) return copy;
  const response = await fetch(request);
  if (response.status === 200) await cache.put(request, response.clone());
  return response;
}
{% endautoescape %}
