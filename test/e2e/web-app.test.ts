// The web app in a real browser (Debian's Chromium, driven by playwright-core) against the local
// host as `npm start` runs it. Screenshots of each main page go to test/e2e/screenshots/.
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { apiClient, newKey, screening } from '../helpers/api.ts';
import { eventually, startTestHost, type TestHost } from '../helpers/local-host.ts';

const screenshots = resolve(import.meta.dirname, 'screenshots');
mkdirSync(screenshots, { recursive: true });

let host: TestHost;
let browser: Browser;

beforeAll(async () => {
  host = await startTestHost();
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});
afterAll(async () => {
  await browser?.close();
  await host?.stop();
});

async function signedIn(username: string, viewport = { width: 1100, height: 900 }): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport, locale: 'es-GT' });
  const page = await context.newPage();
  await page.goto(host.url);
  await page.getByRole('button', { name: username, exact: true }).click();
  await page.getByRole('navigation').waitFor();
  return { context, page };
}

const shot = (page: Page, name: string) => page.screenshot({ path: resolve(screenshots, `${name}.png`), fullPage: true });

/** Answers the question with this id: a radio or checkbox by value, or a field by its text. */
async function answer(page: Page, id: string, value: string | string[]) {
  const field = page.locator(`[data-question="${id}"]`);
  for (const item of [value].flat()) {
    const option = field.locator(`input[value="${item}"]`);
    if (await option.count()) await option.check();
    else await field.locator('input, textarea').first().fill(item);
  }
}

const next = (page: Page) => page.getByTestId('next').click();

/** A full interview, in Spanish, of a man exploited in agriculture who needs a shelter. */
async function fillInterview(page: Page) {
  await page.getByRole('link', { name: 'Entrevista de identificación' }).click();
  await page.getByRole('heading', { name: 'Consentimiento' }).waitFor();
  await answer(page, 'consentInterview', 'yes');
  await answer(page, 'informedOfRights', 'yes');
  await answer(page, 'interviewLanguage', 'es');
  await answer(page, 'consentDataSharing', 'yes');
  await answer(page, 'consentLawEnforcement', 'no');
  await shot(page, 'interview-consent');
  await next(page);
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
  await shot(page, 'interview-validation');
  await answer(page, 'immediateDanger', 'no');
  await answer(page, 'medicalNeedUrgent', 'no');
  await answer(page, 'shelterNeeded', 'yes');
  await next(page);
  await answer(page, 'interviewerConclusion', 'presumed_victim');
  await next(page);
  await page.getByRole('heading', { name: 'Revisar' }).waitFor();
  await shot(page, 'interview-review');
}

describe('the web app', () => {
  test('a screener interviews in Spanish; the shelter accepts from its inbox; the coordinator sees the case move and the placement done', async () => {
    const screener = await signedIn('screener');
    await fillInterview(screener.page);
    // A draft survives a reload.
    await screener.page.reload();
    await screener.page.getByRole('link', { name: 'Entrevista de identificación' }).click();
    await screener.page.locator('[data-question="interviewerConclusion"]').waitFor();
    await next(screener.page);
    await screener.page.getByTestId('submit').click();
    const caseId = (await screener.page.getByTestId('created-id').textContent())!;
    expect(caseId).toMatch(/^c-/);
    await shot(screener.page, 'interview-submitted');

    const coordinator = await signedIn('coordinator');
    await coordinator.page.getByRole('link', { name: 'Casos' }).first().click();
    const row = coordinator.page.locator(`tr[data-id="${caseId}"]`);
    await expect.poll(() => row.locator('[data-column="stage"]').textContent(), { timeout: 15_000 }).toBe('referral');
    await shot(coordinator.page, 'board');

    const shelter = await signedIn('shelter2');
    const card = shelter.page.locator('[data-task-kind="placement"]').filter({ hasText: caseId });
    await card.waitFor({ timeout: 15_000 });
    expect(await card.textContent()).not.toContain('Test'); // no names to a shelter
    await shot(shelter.page, 'inbox');
    await card.getByRole('button', { name: 'Enviar decisión' }).click();
    await card.locator('[data-question="outcome"] input[value="accepted"]').check();
    await card.getByTestId('next').click();
    await expect.poll(() => shelter.page.getByRole('status').textContent()).toBe('Decisión enviada.');

    await row.locator('a').click();
    const placement = coordinator.page.locator('[data-state="RequestPlacement"]');
    await expect.poll(() => placement.getAttribute('data-status'), { timeout: 15_000 }).toBe('done');
    expect(await coordinator.page.locator('[data-state="AssessRisk"]').getAttribute('data-status')).toBe('done');
    expect(await coordinator.page.locator('[data-state="RequestConsentReview"]').getAttribute('data-status')).toMatch(/not-reached|running|waiting/);
    await shot(coordinator.page, 'case-workflow');

    await coordinator.page.getByRole('link', { name: 'Métricas' }).click();
    await coordinator.page.getByRole('heading', { name: 'Métricas' }).waitFor();
    await shot(coordinator.page, 'metrics');

    // Shelter beds: saved with the version read; changed meanwhile by someone else, refused and reloaded.
    await coordinator.page.getByRole('link', { name: 'Organizaciones' }).click();
    const beds = coordinator.page.locator('tr[data-id="org-shelter-men"] form');
    await beds.getByLabel('Camas libres').fill('5');
    await beds.getByRole('button', { name: 'Guardar' }).click();
    await expect.poll(() => beds.getByRole('status').textContent()).toBe('Guardado');
    const token = (await (await fetch(`${host.url}/auth/local/token`, { method: 'POST', body: '{"username":"coordinator"}' })).json()).token;
    const men = (await (await fetch(`${host.url}/organizations`, { headers: { authorization: `Bearer ${token}` } })).json()).items.find((org: any) => org.id === 'org-shelter-men');
    const { updatedAt: _updatedAt, version, ...rest } = men;
    const elsewhere = await fetch(`${host.url}/organizations/org-shelter-men`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'if-match': `"${version}"` },
      body: JSON.stringify({ ...rest, shelter: { ...rest.shelter, bedsFree: 3 } }),
    });
    expect(elsewhere.status).toBe(200);
    await beds.getByLabel('Camas libres').fill('7');
    await beds.getByRole('button', { name: 'Guardar' }).click();
    await expect.poll(() => beds.getByRole('status').textContent()).toContain('Alguien cambió este albergue');
    await expect.poll(() => beds.getByLabel('Camas libres').inputValue()).toBe('3');
    await shot(coordinator.page, 'organisations');
    for (const session of [screener, coordinator, shelter]) await session.context.close();
  });

  test('an admin registers a shelter through the organisation form, checked in their language, and it takes referrals from then on', async () => {
    const admin = await signedIn('admin');
    await admin.page.getByRole('link', { name: 'Organizaciones' }).click();
    await admin.page.getByRole('button', { name: 'Añadir una organización' }).click();
    await admin.page.locator('[data-question="type"] input[value="shelter"]').waitFor();
    await answer(admin.page, 'type', 'shelter');
    await answer(admin.page, 'name', 'Albergue Norte');
    await answer(admin.page, 'id', 'org-e2e-north');
    await answer(admin.page, 'country', 'mx');
    await answer(admin.page, 'distanceRank', '5');
    await next(admin.page);
    await admin.page.locator('[data-question="capacity"]').waitFor();
    await answer(admin.page, 'capacity', '6');
    await answer(admin.page, 'bedsFree', '9');
    await answer(admin.page, 'sexes', ['woman', 'man']);
    await answer(admin.page, 'ageMin', '18');
    await answer(admin.page, 'ageMax', '60');
    await answer(admin.page, 'acceptsChildren', 'no');
    await answer(admin.page, 'languages', 'es, en');
    await next(admin.page);
    await expect.poll(() => admin.page.locator('[data-question="bedsFree"] .field-error').textContent()).toBe('No puede superar la capacidad');
    await answer(admin.page, 'bedsFree', '4');
    await next(admin.page);
    await expect.poll(() => admin.page.getByRole('status').first().textContent()).toBe('Organización añadida: org-e2e-north');
    const row = admin.page.locator('tr[data-id="org-e2e-north"]');
    await expect.poll(() => row.getByLabel('Camas libres', { exact: true }).inputValue()).toBe('4');
    await shot(admin.page, 'organisation-added');
    await admin.context.close();
    // Nearest of the shelters that take her: the next woman who needs a bed is referred there.
    const api = apiClient(host);
    const { caseId } = (await api.call('screener', 'POST', '/screenings', screening({ gender: 'woman', ageEstimate: 30, shelterNeeded: 'yes' }), { 'idempotency-key': newKey() })).body;
    const placement = await eventually(
      async () => (await api.call('coordinator', 'GET', `/cases/${caseId}`)).body.tasks?.find((task: any) => task.kind === 'placement'),
      20_000,
      'the placement request',
    );
    expect(placement.assigneeOrg).toBe('org-e2e-north');
  });

  test('offline: the submission waits, goes out when the connection returns, and exactly one case results', async () => {
    const screener = await signedIn('screener', { width: 360, height: 780 });
    const casesBefore = await countCases();
    await fillInterview(screener.page);
    await screener.context.setOffline(true);
    await screener.page.getByTestId('submit').click();
    await expect.poll(() => screener.page.getByRole('status').first().textContent()).toContain('Sin conexión');
    await shot(screener.page, 'offline-queued-phone');
    expect(await countCases()).toBe(casesBefore);
    await screener.context.setOffline(false);
    await expect.poll(() => screener.page.locator('.outbox').count(), { timeout: 15_000 }).toBe(0);
    await expect.poll(countCases, { timeout: 15_000 }).toBe(casesBefore + 1);
    // Going offline and back again sends nothing twice.
    await screener.context.setOffline(true);
    await screener.context.setOffline(false);
    await screener.page.waitForTimeout(1000);
    expect(await countCases()).toBe(casesBefore + 1);
    await screener.context.close();
  });
});

async function countCases(): Promise<number> {
  const token = (await (await fetch(`${host.url}/auth/local/token`, { method: 'POST', body: '{"username":"coordinator"}' })).json()).token;
  const response = await fetch(`${host.url}/cases?limit=100`, { headers: { authorization: `Bearer ${token}` } });
  return (await response.json()).items.length;
}
