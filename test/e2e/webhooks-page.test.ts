// The coordination's webhooks page: a hook is added to a receiver on this machine, its secret is
// shown once, a screening's delivery shows in its log, and it can be sent again; a refused address
// is explained; axe finds no serious or critical violation on it. The API behind it:
// test/integration/webhooks.test.ts.
import { createServer, type Server } from 'node:http';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { apiClient, newKey, screening } from '../helpers/api.ts';
import { startTestHost, type TestHost } from '../helpers/local-host.ts';
import { launchBrowser, shot, signedIn } from './support.ts';

let host: TestHost;
let browser: Browser;
let receiver: Server;
let receiverUrl: string;
const bodies: string[] = [];

beforeAll(async () => {
  receiver = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      bodies.push(body);
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((done) => receiver.listen(0, '127.0.0.1', done));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/puente`;
  host = await startTestHost({ env: { PUENTE_SCHEDULE_SECONDS: '1' } });
  browser = await launchBrowser();
}, 90_000);
afterAll(async () => {
  await browser?.close();
  await host?.stop();
  await new Promise((done) => receiver?.close(done));
});

test('a coordinator adds a webhook, sees its secret once, follows a delivery and sends it again', async () => {
  const { page, context } = await signedIn(browser, host, 'coordinator');
  await page.goto(`${host.url}/#/webhooks`);
  await page.getByTestId('webhook-url').fill('https://10.0.0.9/in');
  await page.getByTestId('add-webhook').click();
  await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/private/);

  await page.getByTestId('webhook-url').fill(receiverUrl);
  await page.getByTestId('add-webhook').click();
  await expect.poll(() => page.getByTestId('webhook-secret').textContent()).toMatch(/whsec_[A-Za-z0-9+/]{32}/);
  const row = page.locator('tr[data-id]', { hasText: receiverUrl });
  await row.waitFor();
  expect(await row.textContent()).not.toContain('whsec_');

  const caseId = (await apiClient(host).call('screener', 'POST', '/screenings', screening(), { 'idempotency-key': newKey() })).body.caseId;
  await expect.poll(() => bodies.some((body) => body.includes(caseId)), { timeout: 30_000 }).toBe(true);
  await row.getByTestId('show-deliveries').click();
  const delivery = page.locator('tr[data-status="delivered"]', { hasText: caseId }).first();
  await delivery.waitFor({ timeout: 30_000 });
  await shot(page, 'webhooks');
  const { violations } = await new AxeBuilder({ page }).analyze();
  expect(violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical').map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`)).toEqual([]);
  await delivery.getByTestId('retry-delivery').click();
  await page.locator('tr[data-status="delivered"][data-attempts="2"]', { hasText: caseId }).first().waitFor({ timeout: 30_000 });
  await context.close();
}, 120_000);
