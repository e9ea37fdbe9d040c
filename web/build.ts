// The web app's build (esbuild, as the Lambda bundles are) and the headers it is served with:
// the local host serves web/dist, the CDK stack deploys it to S3 behind CloudFront, and both send
// these headers, so the browser enforces the same policy on either host.
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { buildSync } from 'esbuild';

/** Builds web/dist (synchronously: CDK synthesis needs it too, and it takes well under a second). */
export function buildWebApp(rootDir: string): string {
  const out = join(rootDir, 'web/dist');
  const assets = join(out, 'assets');
  mkdirSync(assets, { recursive: true });
  const { metafile } = buildSync({
    entryPoints: [join(rootDir, 'web/src/main.tsx')],
    metafile: true,
    bundle: true,
    minify: true,
    sourcemap: true,
    format: 'esm',
    target: ['es2022'],
    jsx: 'automatic',
    // Pages only some roles open (the coordinator's indicators) are split off and loaded on demand.
    outdir: assets,
    splitting: true,
    entryNames: '[name]',
    chunkNames: 'chunk-[hash]',
    define: { 'process.env.NODE_ENV': '"production"' },
    // The app is written against React's API and runs on Preact's (about 5 KB instead of 60 KB gzip):
    // a screener's phone downloads the app before the first interview, on whatever network there is.
    alias: { react: 'preact/compat', 'react-dom': 'preact/compat' },
    logLevel: 'silent',
  });
  // Chunks of earlier builds would be precached by the service worker: only this build's stay.
  const built = new Set(Object.keys(metafile.outputs).map((path) => basename(path)));
  for (const file of readdirSync(assets)) if (file.startsWith('chunk-') && !built.has(file)) rmSync(join(assets, file), { force: true });
  copyFileSync(join(rootDir, 'web/styles.css'), join(assets, 'styles.css'));
  for (const icon of readdirSync(join(rootDir, 'web/icons'))) copyFileSync(join(rootDir, 'web/icons', icon), join(assets, icon));
  copyFileSync(join(rootDir, 'web/index.html'), join(out, 'index.html'));
  copyFileSync(join(rootDir, 'web/manifest.webmanifest'), join(out, 'manifest.webmanifest'));
  buildServiceWorker(rootDir, out);
  return out;
}

/** The service worker precaches the shell; its version is the shell's hash, so each new build is a new worker the browser installs. */
function buildServiceWorker(rootDir: string, out: string): void {
  const shell = ['/', '/manifest.webmanifest', ...readdirSync(join(out, 'assets')).filter((file) => !file.endsWith('.map')).map((file) => `/assets/${file}`)].sort();
  const hash = createHash('sha256');
  for (const path of shell) hash.update(path).update(readFileSync(join(out, path === '/' ? 'index.html' : path.slice(1))));
  buildSync({
    entryPoints: [join(rootDir, 'web/src/sw.ts')],
    bundle: true,
    minify: true,
    format: 'iife',
    target: ['es2022'],
    outfile: join(out, 'sw.js'),
    define: { SHELL: JSON.stringify(shell), VERSION: JSON.stringify(hash.digest('hex').slice(0, 16)) },
    logLevel: 'silent',
  });
}

/** The web app's security headers, on both hosts. `connect-src` names the API where it has another origin. */
export function webAppHeaders(apiOrigin?: string): Record<string, string> {
  const connect = apiOrigin ? `'self' ${apiOrigin}` : "'self'";
  return {
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    'content-security-policy': `default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src ${connect}; frame-ancestors 'none'`,
  };
}
