// The service worker: keeps the app's shell (its page, script, styles, manifest, icons) so the app
// opens with no network after the first visit. Hand-written rather than Workbox: it does three
// things (precache one versioned list, serve it cache-first, drop old versions) and the build stays
// one esbuild call. Published forms and the deployment's config are kept by the app itself in
// IndexedDB, with the rest of what it keeps; API requests pass through untouched.
// A new build is a new script (its version changes), so the browser installs it beside the old one;
// it waits until the user chooses to reload (the page offers it), so no one is switched mid-interview.
declare const SHELL: string[];
declare const VERSION: string;

interface FetchEvent extends ExtendableEvent {
  request: Request;
  respondWith(response: Promise<Response>): void;
}
interface ExtendableEvent extends Event {
  waitUntil(work: Promise<unknown>): void;
}
const worker = self as unknown as {
  addEventListener(type: 'install' | 'activate', listener: (event: ExtendableEvent) => void): void;
  addEventListener(type: 'fetch', listener: (event: FetchEvent) => void): void;
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  skipWaiting(): Promise<void>;
  clients: { claim(): Promise<void> };
  location: Location;
};

const CACHE = `puente-shell-${VERSION}`;

worker.addEventListener('install', (event) => event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(SHELL))));

worker.addEventListener('activate', (event) =>
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((name) => name.startsWith('puente-shell-') && name !== CACHE).map((name) => caches.delete(name))))
      // The first version takes the open page at once, so it works offline without a reload.
      .then(() => worker.clients.claim()),
  ),
);

worker.addEventListener('message', (event) => {
  if (event.data === 'activate') void worker.skipWaiting();
});

worker.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== worker.location.origin) return;
  // The app lives at `/` (its routes are in the hash); `/?code=…` is the way back from the hosted sign-in.
  const path = event.request.mode === 'navigate' && url.pathname === '/' ? '/' : url.pathname;
  if (!SHELL.includes(path) || (path === '/' && event.request.mode !== 'navigate')) return;
  event.respondWith(caches.open(CACHE).then(async (cache) => (await cache.match(path)) ?? fetch(event.request)));
});
