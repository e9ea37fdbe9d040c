// The web app on the local host: its build (web/build.ts) served with the same headers CloudFront sends.
import { readFileSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import { webAppHeaders } from '../../web/build.ts';
import type { HostRoute } from './http-api.ts';

// A Map: the extension comes from the request's path.
const types = new Map([
  ['.html', 'text/html; charset=utf-8'],
  ['.js', 'text/javascript; charset=utf-8'],
  ['.css', 'text/css; charset=utf-8'],
  ['.map', 'application/json'],
]);
const securityHeaders = webAppHeaders();

/** Serves `/` and `/assets/*` from the build; the app routes with the URL hash, so nothing else is its. */
export function webAppRoute(dist: string): HostRoute {
  return async (request) => {
    if (request.method !== 'GET') return undefined;
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    const file = path === '/' ? 'index.html' : path.startsWith('/assets/') ? normalize(path.slice(1)) : undefined;
    if (!file || file.startsWith('..')) return undefined;
    try {
      const body = readFileSync(join(dist, file));
      return { statusCode: 200, headers: { 'content-type': types.get(extname(file)) ?? 'application/octet-stream', 'cache-control': 'no-cache', ...securityHeaders }, body };
    } catch {
      return undefined;
    }
  };
}
