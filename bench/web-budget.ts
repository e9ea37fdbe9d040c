// The field app's budget (issue 14): the JavaScript a screener downloads before the interview is
// usable (≤ 100 KB gzip), and the time until the interview is usable on an emulated slow
// connection (Chromium throttling: 400 kbit/s, 400 ms RTT): ≤ 5 s on a first visit, ≤ 1 s on a
// repeat or offline visit. Figures, not a test. `node bench/web-budget.ts` prints them;
// `webBudget(host)` returns them, for bench/run.ts to add to its table.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Page } from 'playwright-core';
import { buildWebApp } from '../web/build.ts';
import { startTestHost, type TestHost } from '../test/helpers/local-host.ts';

const rootDir = resolve(import.meta.dirname, '..');
const slow = { offline: false, latency: 400, downloadThroughput: (400 * 1000) / 8, uploadThroughput: (400 * 1000) / 8 };

/** Every script the page loads before it can run (index.html's, and what they import statically). */
function screenerJavaScriptKb(): number {
  const dist = buildWebApp(rootDir);
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const scripts = [...html.matchAll(/<script[^>]*src="([^"]+)"/g)].map((match) => match[1]);
  const seen = new Set<string>();
  const visit = (path: string) => {
    if (seen.has(path)) return;
    seen.add(path);
    const code = readFileSync(join(dist, path), 'utf8');
    for (const [, imported] of code.matchAll(/\bimport\s*(?:[^'"()]*?from\s*)?["'](\.\/[^"']+)["']/g)) visit(join(path, '..', imported));
  };
  for (const script of scripts) visit(script.replace(/^\//, ''));
  const bytes = [...seen].reduce((total, path) => total + gzipSync(readFileSync(join(dist, path)), { level: 9 }).length, 0);
  return Math.round(bytes / 102.4) / 10;
}

/** From a navigation (a first load, or a reload) to the first question of the interview on screen, signing in on the way when asked. */
async function untilInterview(page: Page, navigate: () => Promise<unknown>): Promise<number> {
  const started = Date.now();
  await navigate();
  const question = page.locator('[data-question="consentInterview"]');
  const signIn = page.getByRole('button', { name: 'screener', exact: true });
  await Promise.race([question.waitFor({ timeout: 60_000 }), signIn.waitFor({ timeout: 60_000 }).then(() => signIn.click())]);
  await question.waitFor({ timeout: 60_000 });
  return Date.now() - started;
}

export async function webBudget(host: TestHost) {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const context = await browser.newContext({ viewport: { width: 360, height: 780 }, locale: 'es-GT' });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', slow);
    const first = await untilInterview(page, () => page.goto(`${host.url}/#/interview`, { waitUntil: 'commit' }));
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    const repeat = await untilInterview(page, () => page.reload({ waitUntil: 'commit' }));
    await context.setOffline(true);
    const offline = await untilInterview(page, () => page.reload({ waitUntil: 'commit' }));
    return { screener_js_gzip_kb: screenerJavaScriptKb(), first_visit_ms: first, repeat_visit_ms: repeat, offline_visit_ms: offline };
  } finally {
    await browser.close();
  }
}

if (import.meta.main) {
  const host = await startTestHost();
  try {
    const figures = await webBudget(host);
    console.log(figures);
    console.log(`JavaScript before the interview: ${figures.screener_js_gzip_kb} KB gzip (budget 100)`);
    console.log(`interview usable at 400 kbit/s, 400 ms RTT: first visit ${figures.first_visit_ms} ms (budget 5000), repeat ${figures.repeat_visit_ms} ms, offline ${figures.offline_visit_ms} ms (budget 1000)`);
  } finally {
    await host.stop();
  }
}
