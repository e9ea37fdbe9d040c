// The app is installable and opens with no network after the first visit: a service worker keeps
// its shell, the app keeps the published forms; a new version is offered, never forced.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, test } from 'vitest';
import { countRecords, draftSaved, fillInterview, hostAndBrowser, marker, newPage, phone, signInAs, storedText } from './support.ts';

const running = hostAndBrowser();

/**
 * The host behind a proxy that can play "the next build": its service worker has another version
 * and its page another mark. (The browser fetches a service worker's script itself, where
 * page.route cannot reach; a proxy of its own also keeps other test files' pages out of it.)
 */
async function deployments(target: string) {
  let next = false;
  const server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const forwarded = Object.fromEntries(
      ['authorization', 'content-type', 'idempotency-key', 'accept-language', 'if-match'].flatMap((name) => (request.headers[name] ? [[name, String(request.headers[name])]] : [])),
    );
    const upstream = await fetch(`${target}${request.url}`, { method: request.method, headers: forwarded, body: chunks.length ? Buffer.concat(chunks) : undefined });
    let body = Buffer.from(await upstream.arrayBuffer());
    const path = new URL(request.url!, target).pathname;
    if (next && path === '/sw.js') body = Buffer.from(body.toString().replace(/puente-shell-[0-9a-f]{16}/, 'puente-shell-0000000000000next'));
    if (next && path === '/') body = Buffer.from(body.toString().replace('<title>', '<meta name="build" content="next" /><title>'));
    const headers: Record<string, string> = {};
    upstream.headers.forEach((value, name) => void (['content-length', 'content-encoding', 'transfer-encoding', 'connection'].includes(name) || (headers[name] = value)));
    response.writeHead(upstream.status, headers).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://localhost:${(server.address() as AddressInfo).port}`,
    release: () => (next = true),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('offline', () => {
  test('after the first visit the app opens with no network, in a reload and in a new tab, and runs a full interview that goes out when the connection returns', async () => {
    const { context, page } = await newPage(running.browser, running.host, { viewport: phone });
    await signInAs(page, 'screener');
    // The shell is kept by the service worker, the screener's forms by the app: nothing else is needed.
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    await expect.poll(() => storedText(page)).toContain('id:screening-interview');
    const before = await countRecords(running.host);

    await context.setOffline(true);
    await page.reload();
    await page.getByRole('navigation').waitFor();
    await page.getByTestId('offline').waitFor();
    await fillInterview(page, { givenName: marker('Offline') });
    await page.getByTestId('submit').click();
    await expect.poll(() => page.getByTestId('outbox-state').textContent()).toBe('Pendiente de envío: sin conexión; se enviará cuando vuelva la conexión');

    const tab = await context.newPage();
    await tab.goto(running.host.url);
    await tab.getByRole('navigation').waitFor();
    expect(await tab.getByTestId('outbox-count').textContent()).toBe(' (1)');
    await tab.close();

    await context.setOffline(false);
    await expect.poll(() => page.getByTestId('outbox-state').textContent(), { timeout: 15_000 }).toMatch(/^Enviado: caso c-/);
    expect(await countRecords(running.host)).toBe(before + 1);
    await context.close();
  });

  test('the app is installable: a manifest with a name, a start URL and icons, served with the strict CSP', async () => {
    const response = await fetch(`${running.host.url}/manifest.webmanifest`);
    expect(response.headers.get('content-type')).toBe('application/manifest+json');
    const manifest = await response.json();
    expect(manifest).toMatchObject({ name: 'Puente', start_url: '/', display: 'standalone' });
    for (const icon of manifest.icons) expect((await fetch(`${running.host.url}${icon.src}`)).status).toBe(200);
    expect(manifest.icons.map((icon: { sizes: string }) => icon.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']));
    const worker = await fetch(`${running.host.url}/sw.js`);
    expect(worker.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(worker.headers.get('content-security-policy')).toContain("connect-src 'self'");
  });

  test('a new version is offered and used only when the user chooses; what they typed stays', async () => {
    const deployment = await deployments(running.host.url);
    const context = await running.browser.newContext({ viewport: phone, locale: 'es-GT' });
    const page = await context.newPage();
    await page.goto(deployment.url);
    await signInAs(page, 'screener');
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    await page.getByRole('link', { name: 'Entrevista de identificación' }).click();
    await page.locator('[data-question="consentInterview"] input[value="yes"]').check();
    await draftSaved(page);

    deployment.release();
    await page.evaluate(() => navigator.serviceWorker.getRegistration().then((registration) => registration!.update()));
    await page.getByTestId('new-version').waitFor();
    // Offered, not forced: the page is still the old one, the interview as it was.
    expect(await page.locator('meta[name="build"]').count()).toBe(0);
    expect(await page.locator('[data-question="consentInterview"] input[value="yes"]').isChecked()).toBe(true);

    await page.getByRole('button', { name: 'Usarla ahora' }).click();
    await expect.poll(() => page.locator('meta[name="build"]').getAttribute('content').catch(() => null)).toBe('next');
    await page.locator('[data-question="consentInterview"] input[value="yes"]').waitFor();
    expect(await page.locator('[data-question="consentInterview"] input[value="yes"]').isChecked()).toBe(true);
    expect(await page.getByTestId('new-version').count()).toBe(0);
    // The new version is the one kept for offline use.
    await context.setOffline(true);
    await page.reload();
    await page.getByRole('navigation').waitFor();
    expect(await page.locator('meta[name="build"]').getAttribute('content')).toBe('next');
    await context.close();
    await deployment.close();
  });
});
