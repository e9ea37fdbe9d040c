// What the browser tests share: Debian's Chromium (playwright-core), a signed-in page, answering
// questions by id, the Spanish interview most tests walk through, and reading what the device keeps.
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { startTestHost, type TestHost } from '../helpers/local-host.ts';

export const screenshots = resolve(import.meta.dirname, 'screenshots');
mkdirSync(screenshots, { recursive: true });

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** A local host and a browser for the test file, started before its tests and stopped after. */
export function hostAndBrowser(): { host: TestHost; browser: Browser } {
  const running = {} as { host: TestHost; browser: Browser };
  beforeAll(async () => {
    running.host = await startTestHost();
    running.browser = await launchBrowser();
  });
  afterAll(async () => {
    await running.browser?.close();
    await running.host?.stop();
  });
  return running;
}

export const phone = { width: 360, height: 780 };

export async function newPage(
  browser: Browser,
  host: TestHost,
  { viewport = { width: 1100, height: 900 }, locale = 'es-GT', before }: { viewport?: { width: number; height: number }; locale?: string; before?: (context: BrowserContext) => Promise<void> } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport, locale });
  await before?.(context);
  const page = await context.newPage();
  await page.goto(host.url);
  return { context, page };
}

/** Picks a demo user on the sign-in page and waits for the app behind it. */
export async function signInAs(page: Page, username: string): Promise<void> {
  await page.getByRole('button', { name: username, exact: true }).click();
  await page.getByRole('navigation').waitFor();
}

export async function signedIn(browser: Browser, host: TestHost, username: string, viewport?: { width: number; height: number }) {
  const opened = await newPage(browser, host, { viewport });
  await signInAs(opened.page, username);
  return opened;
}

export const shot = (page: Page, name: string) => page.screenshot({ path: resolve(screenshots, `${name}.png`), fullPage: true });

/** Answers the question with this id: a radio or checkbox by value, a pick-list by a name or code (then Enter), or a field by its text. */
export async function answer(page: Page, id: string, value: string | string[]) {
  const field = page.locator(`[data-question="${id}"]`);
  for (const item of [value].flat()) {
    const option = field.locator(`input[value="${item}"]`);
    if (await option.count()) await option.check();
    else {
      const input = field.locator('input, textarea').first();
      await input.fill(item);
      if ((await input.getAttribute('role')) === 'combobox') await input.press('Enter');
    }
  }
}

export const next = (page: Page) => page.getByTestId('next').click();

/** Waits until the draft on screen is sealed on the device (writes are asynchronous). */
export const draftSaved = (page: Page) => expect.poll(() => page.locator('[data-draft-saved]').getAttribute('data-draft-saved')).toBe('true');

/**
 * A full interview, in Spanish, of a man exploited in agriculture who needs a shelter, ending on
 * the review page. `givenName` is a marker to look for where it must (not) appear.
 */
export async function fillInterview(page: Page, { givenName, screenshots: take = false }: { givenName: string; screenshots?: boolean }) {
  await page.getByRole('link', { name: 'Entrevista de identificación' }).click();
  await page.getByRole('heading', { name: 'Consentimiento' }).waitFor();
  await answer(page, 'consentInterview', 'yes');
  await answer(page, 'informedOfRights', 'yes');
  await answer(page, 'interviewLanguage', 'es');
  await answer(page, 'consentDataSharing', 'yes');
  await answer(page, 'consentLawEnforcement', 'no');
  if (take) await shot(page, 'interview-consent');
  await next(page);
  await answer(page, 'givenName', givenName);
  await answer(page, 'ageEstimate', '33');
  await answer(page, 'gender', 'man');
  await answer(page, 'nationality', 'hn');
  await answer(page, 'languages', 'es');
  await next(page);
  await answer(page, 'usedSmuggler', 'yes');
  await next(page);
  // Skip logic, live: the recruitment indicators appear only behind their gate.
  expect(await page.locator('[data-question="drNatureOfJob"]').count()).toBe(0);
  await answer(page, 'recruitedByThirdParty', 'yes');
  await answer(page, 'drNatureOfJob', 'yes');
  await answer(page, 'drWages', 'yes');
  await next(page);
  await answer(page, 'workedOrExploited', 'yes');
  await answer(page, 'exploitationTypes', 'forced_labour');
  await answer(page, 'labourSector', 'agriculture');
  for (const id of ['ecExcessiveHours', 'ecLowOrNoPay', 'cdDocumentsConfiscated', 'cdDebtBondage']) await answer(page, id, 'yes');
  await next(page);
  await next(page); // protection: nothing to add
  // Required answers missing: the message stands beside the field, in Spanish.
  await next(page);
  await expect.poll(() => page.locator('[data-question="immediateDanger"] .field-error').textContent()).toBe('Esta pregunta debe responderse');
  if (take) await shot(page, 'interview-validation');
  await answer(page, 'immediateDanger', 'no');
  await answer(page, 'medicalNeedUrgent', 'no');
  await answer(page, 'shelterNeeded', 'yes');
  await next(page);
  await answer(page, 'interviewerConclusion', 'presumed_victim');
  await next(page);
  await page.getByRole('heading', { name: 'Revisar' }).waitFor();
  if (take) await shot(page, 'interview-review');
}

/** A name no other test uses, to search for in what the device keeps and what others see. */
export const marker = (label: string) => `Zq${label}${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

export async function countRecords(host: TestHost, kind: 'cases' | 'tips' = 'cases'): Promise<number> {
  const token = (await (await fetch(`${host.url}/auth/local/token`, { method: 'POST', body: '{"username":"coordinator"}' })).json()).token;
  const response = await fetch(`${host.url}/${kind}?limit=100`, { headers: { authorization: `Bearer ${token}` } });
  return (await response.json()).items.length;
}

/**
 * Everything the page's origin keeps in localStorage and IndexedDB, as text: binary values as
 * Latin-1, so a plaintext marker inside a buffer would still show. CryptoKeys are described
 * (type, algorithm, extractable), never exported.
 */
export function storedText(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const parts: string[] = [JSON.stringify({ ...localStorage }), JSON.stringify({ ...sessionStorage })];
    const text = (value: unknown): string => {
      if (value instanceof CryptoKey) return JSON.stringify({ cryptoKey: value.type, algorithm: value.algorithm, extractable: value.extractable });
      if (value instanceof ArrayBuffer || ArrayBuffer.isView(value)) {
        const bytes = value instanceof ArrayBuffer ? new Uint8Array(value) : new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
        return Array.from(bytes, (byte) => String.fromCharCode(byte)).join('');
      }
      if (Array.isArray(value)) return value.map(text).join(',');
      if (value && typeof value === 'object') return Object.entries(value).map(([key, inner]) => `${key}:${text(inner)}`).join(',');
      return String(value);
    };
    for (const info of await indexedDB.databases()) {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open(info.name!);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      for (const name of Array.from(db.objectStoreNames)) {
        const values = await new Promise<unknown[]>((resolve, reject) => {
          const request = db.transaction(name).objectStore(name).getAll();
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(request.error);
        });
        parts.push(`${info.name}/${name}:${values.map(text).join('\n')}`);
      }
      db.close();
    }
    return parts.join('\n');
  });
}
