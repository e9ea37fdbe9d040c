// The web app on the local host: its build (web/build.ts) served with the same headers CloudFront sends.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { promisify } from 'node:util';
import { extname, join, normalize } from 'node:path';
import { brotliCompress, gzip as gzipCompress } from 'node:zlib';
import { webAppHeaders } from '../../web/build.ts';
import type { HostRoute } from './http-api.ts';

// A Map: the extension comes from the request's path.
const types = new Map([
  ['.html', 'text/html; charset=utf-8'],
  ['.js', 'text/javascript; charset=utf-8'],
  ['.css', 'text/css; charset=utf-8'],
  ['.map', 'application/json'],
  ['.webmanifest', 'application/manifest+json'],
  ['.png', 'image/png'],
  ['.svg', 'image/svg+xml'],
]);
/** Files the app needs at its root: the service worker (its scope is the folder it is served from) and the manifest. */
const rootFiles = ['/sw.js', '/manifest.webmanifest'];
const securityHeaders = webAppHeaders();

const encodings = new Map<string, { modified: number; body: Promise<Buffer> }>();
const brotli = promisify(brotliCompress);
const gzip = promisify(gzipCompress);
const compressible = (type: string) => /^(text\/|application\/(json|manifest)|image\/svg)/.test(type);
const typeOf = (file: string) => types.get(extname(file)) ?? 'application/octet-stream';

/**
 * A file of the build as sent, compressed once per build (Brotli at its best takes a second or
 * more for the script) in zlib's threads, so requests meanwhile are not held up; a rebuilt file anew.
 */
async function encodedFile(path: string, encoding: 'br' | 'gzip' | undefined): Promise<Buffer> {
  const modified = statSync(path).mtimeMs;
  const kept = encodings.get(`${encoding}:${path}`);
  if (kept?.modified === modified) return kept.body;
  const plain = readFileSync(path);
  const body = encoding === 'br' ? brotli(plain) : encoding === 'gzip' ? gzip(plain, { level: 9 }) : Promise.resolve(plain);
  encodings.set(`${encoding}:${path}`, { modified, body });
  return body;
}

/** Serves `/`, `/assets/*` and the root files from the build; the app routes with the URL hash, so nothing else is its. */
export function webAppRoute(dist: string): HostRoute {
  // Compressed from the start, as a CDN's edge has them from earlier visitors: a first visit waits for the network, not for Brotli.
  const shell = ['index.html', ...rootFiles.map((file) => file.slice(1)), ...readdirSync(join(dist, 'assets')).map((file) => `assets/${file}`)];
  for (const file of shell.filter((name) => compressible(typeOf(name)) && !name.endsWith('.map'))) void encodedFile(join(dist, file), 'br').catch(() => undefined);
  return async (request) => {
    if (request.method !== 'GET') return undefined;
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    // On AWS config.json names the API and the sign-in; here there is nothing to name (same origin, demo users).
    if (path === '/config.json') return { statusCode: 200, headers: { 'content-type': 'application/json', 'cache-control': 'no-cache', ...securityHeaders }, body: '{}' };
    const file = path === '/' ? 'index.html' : path.startsWith('/assets/') ? normalize(path.slice(1)) : rootFiles.includes(path) ? path.slice(1) : undefined;
    if (!file || file.startsWith('..')) return undefined;
    try {
      const type = typeOf(file);
      // Compressed where the browser takes it, as CloudFront does (Brotli, else gzip): a field phone on a slow link gets the app in a fraction of the bytes.
      const accepted = String(request.headers['accept-encoding'] ?? '');
      const encoding = !compressible(type) ? undefined : /\bbr\b/.test(accepted) ? 'br' : /\bgzip\b/.test(accepted) ? 'gzip' : undefined;
      const encodingHeaders: Record<string, string> = encoding ? { 'content-encoding': encoding, vary: 'accept-encoding' } : {};
      return { statusCode: 200, headers: { 'content-type': type, 'cache-control': 'no-cache', ...encodingHeaders, ...securityHeaders }, body: await encodedFile(join(dist, file), encoding) };
    } catch {
      return undefined;
    }
  };
}
