// The web app's build (esbuild, as the Lambda bundles are) and the headers it is served with:
// the local host serves web/dist, the CDK stack deploys it to S3 behind CloudFront, and both send
// these headers, so the browser enforces the same policy on either host.
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { buildSync } from 'esbuild';

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
