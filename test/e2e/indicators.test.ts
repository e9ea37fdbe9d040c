// The coordinator's indicators page on a phone: each indicator named and defined in the user's
// language, its figures as a table with bars, a CSV download with small cells suppressed, the region
// side by side with an imported peer bulletin; axe finds nothing serious; and a screener's app
// never downloads the page.
import { readFile } from 'node:fs/promises';
import { AxeBuilder } from '@axe-core/playwright';
import { CompactSign, exportJWK, generateKeyPair } from 'jose';
import { beforeAll, describe, expect, test } from 'vitest';
import { bulletinOf } from '../../functions/domain/bulletin.ts';
import type { CaseFacts } from '../../functions/domain/indicators.ts';
import { apiClient, likelyLabourTrafficking, newKey, screening } from '../helpers/api.ts';
import { eventually } from '../helpers/local-host.ts';
import { indicatorCatalogues } from '../../web/src/indicator-words.ts';
import { hostAndBrowser, newPage, phone, shot, signInAs } from './support.ts';

const running = hostAndBrowser();
const month = new Date().toISOString().slice(0, 7);

beforeAll(async () => {
  const api = apiClient(running.host);
  const caseId = (await api.call('screener', 'POST', '/screenings', screening(likelyLabourTrafficking), { 'idempotency-key': newKey() })).body.caseId;
  await eventually(async () => ((await api.call('coordinator', 'GET', `/cases/${caseId}`)).body.assessment ? true : undefined), 30_000, 'the assessment');
  // A peer (Costa Rica) registered with its key, and its bulletin for this month imported.
  const { publicKey, privateKey } = await generateKeyPair('ES256');
  const kid = (await api.call('coordinator', 'POST', '/regional/peers', { country: 'CR', name: 'Costa Rica', jwk: await exportJWK(publicKey) })).body.kid;
  const screened = (n: number, determination: string): CaseFacts[] =>
    Array.from({ length: n }, (_, i) => ({ id: `c-${determination}${i}`, createdAt: `${month}-02T00:00:00.000Z`, assessment: { determination, flags: [] }, tasks: [] }));
  const cases = [...screened(25, 'likely'), ...screened(12, 'possible')];
  const bulletin = bulletinOf({ cases, tips: [] }, { country: 'CR', name: 'Puente Costa Rica' }, month, new Date().toISOString());
  const jws = await new CompactSign(Buffer.from(JSON.stringify(bulletin))).setProtectedHeader({ alg: 'ES256', kid }).sign(privateKey);
  expect((await api.call('coordinator', 'POST', '/regional/bulletins', { bulletin: jws })).status).toBe(201);
});

describe('the indicators page', () => {
  test('a coordinator reads each indicator with its definition, downloads the suppressed CSV and sees the region side by side', async () => {
    const { context, page } = await newPage(running.browser, running.host, { viewport: phone });
    await signInAs(page, 'coordinator');
    await page.getByRole('link', { name: 'Indicadores' }).click();
    const determination = page.locator('[data-indicator="screened-by-determination"]').first();
    await determination.getByRole('heading', { name: 'Personas entrevistadas, por determinación' }).waitFor();
    await expect.poll(() => determination.locator('.definition').textContent()).toContain('determinación Delphi');
    // Inside the deployment the figure is as counted: one person, trafficking likely.
    const likely = determination.getByRole('row', { name: /Trata probable/ });
    await expect.poll(() => likely.locator('td').first().textContent()).toBe('1');
    await expect.poll(() => determination.locator('svg.figure-bar').count()).toBeGreaterThan(0);

    const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId('indicators-csv').click()]);
    const csv = await readFile((await file.path())!, 'utf8');
    expect(csv).toContain('screened-by-determination,likely,people,<11');
    expect(csv).not.toMatch(/,people,[1-9]\n/);

    const regional = page.locator('.regional');
    const table = regional.locator('[data-indicator="screened-by-determination"] table');
    await table.getByRole('columnheader', { name: 'Costa Rica' }).waitFor();
    await expect.poll(() => table.getByRole('columnheader').allTextContents()).toEqual(['Guatemala (este despliegue)', 'Costa Rica']);
    // The region sees this deployment as a bulletin would show it: suppressed.
    const likelyRegional = table.getByRole('row', { name: /Trata probable/ });
    await expect.poll(() => likelyRegional.locator('td').allTextContents()).toEqual(['<11', '25']);

    const results = await new AxeBuilder({ page }).analyze();
    expect(results.violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical').map((violation) => violation.id)).toEqual([]);
    await shot(page, 'indicators-phone');
    await context.close();
  }, 90_000);

  test("a screener's app never downloads the indicators page, and has no link to it", async () => {
    const scripts: string[] = [];
    const { context, page } = await newPage(running.browser, running.host, {
      viewport: phone,
      before: async (opened) =>
        void opened.on('response', (response) => {
          if (response.url().endsWith('.js')) void response.text().then((text) => scripts.push(text), () => undefined);
        }),
    });
    await signInAs(page, 'screener');
    await page.goto(`${running.host.url}/#/interview`);
    await page.locator('[data-question="consentInterview"]').waitFor();
    expect(await page.getByRole('link', { name: 'Indicadores' }).count()).toBe(0);
    expect(scripts.length).toBeGreaterThan(0);
    expect(scripts.filter((text) => text.includes('indicatorDefinition.'))).toEqual([]);
    await context.close();
  });

  test.each(['fr', 'pt'] as const)('in %s every indicator is named and defined in that language, with no untranslated code', async (language) => {
    const { context, page } = await newPage(running.browser, running.host, { locale: language === 'pt' ? 'pt-BR' : 'fr-FR' });
    await page.getByTestId('ui-language').selectOption(language);
    await signInAs(page, 'coordinator');
    await page.goto(`${running.host.url}/#/indicators`);
    await page.locator('#indicators-common ~ [data-indicator]').first().waitFor();
    await page.locator('.regional [data-indicator]').first().waitFor();
    const titles = await page.locator('#indicators-common ~ [data-indicator] h3').allTextContents();
    expect(titles).toEqual(Object.keys(indicatorCatalogues.en).filter((key) => key.startsWith('indicator.')).map((key) => indicatorCatalogues[language][key]));
    expect(await page.locator('body').innerText()).not.toContain('⟨');
    await context.close();
  }, 60_000);
});
