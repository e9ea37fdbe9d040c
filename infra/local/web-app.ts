// The web app, built with esbuild (as the Lambda bundles are): served by the local host, and
// deployed by the CDK stack to S3 behind CloudFront.
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import { buildSync } from 'esbuild';
import type { HostRoute } from './http-api.ts';

/** Builds web/dist (synchronously: CDK synthesis needs it too, and it takes well under a second). */
export function buildWebApp(rootDir: string): string {
  const out = join(rootDir, 'web/dist');
  mkdirSync(join(out, 'assets'), { recursive: true });
  buildSync({
    entryPoints: [join(rootDir, 'web/src/main.tsx')],
    bundle: true,
    minify: true,
    sourcemap: true,
    format: 'esm',
    target: ['es2022'],
    jsx: 'automatic',
    outfile: join(out, 'assets/main.js'),
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'silent',
  });
  copyFileSync(join(rootDir, 'web/styles.css'), join(out, 'assets/styles.css'));
  copyFileSync(join(rootDir, 'web/index.html'), join(out, 'index.html'));
  return out;
}

const types: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.map': 'application/json' };
const securityHeaders = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'content-security-policy': "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'",
};

/** Serves `/` and `/assets/*` from the build; the app routes with the URL hash, so nothing else is its. */
export function webAppRoute(dist: string): HostRoute {
  return async (request) => {
    if (request.method !== 'GET') return undefined;
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    const file = path === '/' ? 'index.html' : path.startsWith('/assets/') ? normalize(path.slice(1)) : undefined;
    if (!file || file.startsWith('..')) return undefined;
    try {
      const body = readFileSync(join(dist, file));
      return { statusCode: 200, headers: { 'content-type': types[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-cache', ...securityHeaders }, body };
    } catch {
      return undefined;
    }
  };
}
