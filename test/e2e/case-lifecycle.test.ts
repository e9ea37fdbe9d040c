// The case lifecycle in the browser (issue 16), on a phone (360 px), in Spanish and English: the
// case team plans a service and keeps a note, refers to a partner (a clear message when the person
// did not agree to share data; a pending referral revoked), asks a transfer; the receiving team
// accepts it from its inbox and then sees the case whole. axe finds no serious violation.
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, test } from 'vitest';
import { apiClient } from '../helpers/api.ts';
import { openCase } from '../helpers/lifecycle.ts';
import { hostAndBrowser, newPage, phone, shot, signInAs } from './support.ts';

const running = hostAndBrowser();
let api: ReturnType<typeof apiClient>;
let consenting: string;
let withoutConsent: string;

beforeAll(async () => {
  api = apiClient(running.host);
  [consenting, withoutConsent] = await Promise.all([openCase(api), openCase(api, { consentDataSharing: 'no' })]);
});

async function expectAccessible(page: Page, where: string) {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical').map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
  expect(serious, where).toEqual([]);
  expect(await page.evaluate(() => document.documentElement.scrollWidth), `${where}: no sideways scrolling`).toBeLessThanOrEqual(phone.width);
}

const signedIn = async (username: string, language: 'es' | 'en') => {
  const opened = await newPage(running.browser, running.host, { viewport: phone, locale: language === 'es' ? 'es-GT' : 'en-GB' });
  await signInAs(opened.page, username);
  await opened.page.getByTestId('ui-language').selectOption(language);
  return opened;
};

const inDays = (days: number) => new Date(Date.now() + days * 86400_000).toISOString().slice(0, 10);

describe('the case lifecycle on a phone', () => {
  test('es: the plan, a note, a referral refused without consent, another revoked, a transfer asked', async () => {
    const { context, page } = await signedIn('screener', 'es');
    await page.goto(`${running.host.url}/#/cases/${withoutConsent}`);
    const refer = page.locator('.partner-referrals');
    await refer.getByText('Todavía no hay remisiones a organizaciones aliadas.').waitFor();
    await refer.getByLabel('Organización aliada').selectOption('org-legal-aid');
    await refer.getByLabel('Servicio solicitado').fill('asesoría jurídica');
    await refer.getByLabel('Motivo').fill('pidió consejo sobre su solicitud');
    await refer.getByRole('button', { name: 'Remitir' }).click();
    await expect.poll(() => refer.getByRole('alert').textContent()).toContain('La persona no ha aceptado compartir sus datos');
    await expectAccessible(page, 'a referral refused without consent');

    await page.goto(`${running.host.url}/#/cases/${consenting}`);
    const plan = page.locator('.case-plan');
    await plan.getByText('Todavía no hay nada previsto.').waitFor();
    await plan.getByLabel('Servicio', { exact: true }).fill('control médico');
    await plan.getByLabel('Quién lo presta').selectOption('org-health');
    await plan.getByLabel('Seguimiento para el').fill(inDays(5));
    await plan.getByRole('button', { name: 'Añadir al plan' }).click();
    await expect.poll(() => plan.getByRole('status').textContent()).toBe('Añadido al plan; se pidió el seguimiento.');
    await plan.locator('[data-plan-status="planned"]').filter({ hasText: 'control médico' }).waitFor();
    await plan.getByLabel('Nueva nota').fill('su hermano sigue en la finca');
    await plan.getByRole('button', { name: 'Guardar la nota' }).click();
    await plan.getByText('su hermano sigue en la finca').waitFor();

    await refer.getByLabel('Organización aliada').selectOption('org-psychosocial');
    await refer.getByLabel('Servicio solicitado').fill('acompañamiento');
    await refer.getByLabel('Motivo').fill('lo pidió ella');
    await refer.getByRole('button', { name: 'Remitir' }).click();
    await refer.locator('[data-referral-status="pending"]').waitFor({ timeout: 15_000 });
    // Revocable once the partner has been asked.
    await expect
      .poll(async () => {
        const revoke = refer.locator('[data-referral-status="pending"]').getByRole('button', { name: 'Revocar' });
        if (await revoke.count()) await revoke.click();
        return refer.locator('[data-referral-status="revoked"]').count();
      }, { timeout: 30_000, interval: 1000 })
      .toBe(1);

    const transfer = page.locator('.transfer');
    await transfer.getByLabel('Equipo receptor').selectOption('org-screening-north');
    await transfer.getByLabel('Motivo').fill('se mudó al norte con su tía');
    await transfer.getByRole('button', { name: 'Solicitar el traspaso' }).click();
    await transfer.getByTestId('transfer-pending').waitFor({ timeout: 15_000 });
    await expectAccessible(page, 'the case page with its plan, referrals and a pending transfer');
    await shot(page, 'case-lifecycle-es');
    await context.close();
  });

  test('en: the receiving team accepts the transfer from its inbox and then sees the case whole; the sending team no longer opens it', async () => {
    const { context, page } = await signedIn('screener2', 'en');
    await page.goto(`${running.host.url}/#/inbox`);
    const card = page.locator('[data-task-kind="transfer"]').filter({ hasText: consenting });
    await card.waitFor({ timeout: 30_000 });
    await card.getByText('Another team asks your organisation to take responsibility for this case.').waitFor();
    await expectAccessible(page, 'the inbox with a transfer');
    await card.locator('[data-question="outcome"] input[value="accepted"]').check();
    await card.getByTestId('next').click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toBeTruthy();
    await page.goto(`${running.host.url}/#/cases/${consenting}`);
    await expect.poll(() => page.getByTestId('responsible-org').textContent(), { timeout: 30_000 }).toBe('Coalición Puente – equipo del norte');
    // The plan the sending team made comes with the case.
    await page.locator('.case-plan [data-plan-status="planned"]').filter({ hasText: 'control médico' }).waitFor();
    await expectAccessible(page, 'the case page after the transfer');
    await shot(page, 'case-lifecycle-en');
    await context.close();
    expect((await api.call('screener', 'GET', `/cases/${consenting}`)).status).toBe(404);
  });
});
