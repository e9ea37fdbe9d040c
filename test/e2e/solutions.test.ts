// The case lifecycle in the browser, on a phone (360 px), in Spanish and in Portuguese: a screener
// asks for a voluntary return for a person whose asylum referral is open and reads the
// non-refoulement hold in their language; asks to close the case; the coordinator reads the request
// on the case page and approves it from the inbox; child protection gives its best-interests findings
// from its inbox and the coordinator approves them; axe finds no serious or critical violation.
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { beforeAll, expect, test } from 'vitest';
import { catalogues } from '../../web/src/i18n.ts';
import { apiClient, newKey, screening } from '../helpers/api.ts';
import { eventually } from '../helpers/local-host.ts';
import { hostAndBrowser, newPage, phone, shot, signInAs } from './support.ts';

const running = hostAndBrowser();
let caseId: string;
let childCaseId: string;

beforeAll(async () => {
  const api = apiClient(running.host);
  const person = screening({ givenName: 'Solución', familyName: `Navegador${Date.now().toString(36)}`, fearOfReturn: 'yes', shelterNeeded: 'yes' });
  caseId = (await api.call('screener', 'POST', '/screenings', person, { 'idempotency-key': newKey() })).body.caseId;
  await eventually(async () => (await api.call('asylum', 'GET', '/tasks')).body.items?.find((task: { caseId: string }) => task.caseId === caseId), 30_000, 'the asylum referral');
  const child = screening({ givenName: 'Niño', familyName: `Interés${Date.now().toString(36)}`, ageEstimate: 14, separationStatus: 'unaccompanied' });
  childCaseId = (await api.call('screener', 'POST', '/screenings', child, { 'idempotency-key': newKey() })).body.caseId;
  await eventually(async () => ((await api.call('screener', 'GET', `/cases/${childCaseId}`)).body.assessment?.flags?.includes('child') ? true : undefined), 30_000, 'the child assessed');
  expect((await api.call('screener', 'POST', `/cases/${childCaseId}/best-interests`, {})).status).toBe(201);
});

async function casePage(username: string, locale: string, id = caseId): Promise<Page> {
  const { page } = await newPage(running.browser, running.host, { viewport: phone, locale });
  await page.getByTestId('ui-language').selectOption(locale.split('-')[0]);
  await signInAs(page, username);
  await page.goto(`${running.host.url}/#/${id ? `cases/${id}` : 'inbox'}`);
  return page;
}

/** A task's card in the inbox on screen: waits for it, answers by question id, sends it. */
async function decideInInbox(page: Page, language: 'es' | 'pt', kind: string, id: string, answers: Record<string, string>) {
  const card = page.locator(`[data-task-kind="${kind}"]`).filter({ hasText: id });
  await card.waitFor({ timeout: 30_000 });
  for (const [question, value] of Object.entries(answers)) {
    // The decision form renders after its card: wait for the question's own field before asking what kind it is.
    await card.locator(`[data-question="${question}"]`).locator('input, textarea, select').first().waitFor();
    const choice = card.locator(`[data-question="${question}"] input[value="${value}"]`);
    if (await choice.count()) await choice.check();
    else await card.locator(`[data-question="${question}"] textarea, [data-question="${question}"] input`).first().fill(value);
  }
  expect(await fitsThePhone(page)).toBe(true);
  await expectAccessible(page);
  await card.getByTestId('next').click();
  await expect.poll(() => page.getByRole('status').allTextContents(), { timeout: 30_000 }).toContain(catalogues[language].decided);
}

async function expectAccessible(page: Page) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  expect(violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical').map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`)).toEqual([]);
}

/** Nothing wider than the phone's screen. */
const fitsThePhone = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

test('Spanish: a voluntary return is refused with the non-refoulement hold in words; closing is asked for', async () => {
  const page = await casePage('screener', 'es-GT');
  const panel = page.getByTestId('solutions');
  await panel.waitFor({ timeout: 20_000 });
  await panel.locator('#solution-kind').selectOption('voluntary-return');
  await panel.getByLabel(catalogues.es.solutionInformed).check();
  await panel.getByLabel(catalogues.es.solutionVoluntary).check();
  await panel.getByRole('button', { name: catalogues.es.startSolution }).click();
  await expect.poll(() => panel.getByRole('alert').textContent()).toBe(catalogues.es.holdRefusal);

  const closure = page.getByTestId('closure');
  await closure.locator('#closure-reason').selectOption('no-further-assistance-needed');
  await closure.getByRole('button', { name: catalogues.es.requestClosure }).click();
  await expect.poll(() => closure.getByRole('status').textContent()).toBe(catalogues.es.closureAsked);
  expect(await fitsThePhone(page)).toBe(true);
  await shot(page, 'solutions-es-360');
  await expectAccessible(page);
});

test('Portuguese: the coordinator sees the request on the case and approves it from the inbox; the case closes and can be reopened', async () => {
  const page = await casePage('coordinator', 'pt-PT');
  await expect.poll(() => page.getByTestId('closure-status').textContent(), { timeout: 20_000 }).toContain(catalogues.pt['closureStatus.requested']);
  await expectAccessible(page);
  await page.goto(`${running.host.url}/#/inbox`);
  const card = page.locator('[data-task-kind="closure-approval"]').filter({ hasText: caseId });
  await card.waitFor({ timeout: 30_000 });
  expect(await fitsThePhone(page)).toBe(true);
  await expectAccessible(page);
  await card.locator('[data-question="outcome"] input[value="approved"]').check();
  await card.locator('[data-question="comment"] textarea').fill('Sem mais necessidades');
  await card.getByTestId('next').click();
  await page.goto(`${running.host.url}/#/cases/${caseId}`);
  await expect.poll(() => page.getByTestId('stage').getAttribute('data-stage'), { timeout: 30_000 }).toBe('closed');
  const closure = page.getByTestId('closure');
  await closure.getByRole('button', { name: catalogues.pt.reopen }).waitFor();
  await shot(page, 'solutions-pt-360');
  await expectAccessible(page);
  await closure.getByRole('button', { name: catalogues.pt.reopen }).click();
  await expect.poll(() => page.getByTestId('stage').getAttribute('data-stage'), { timeout: 20_000 }).toBe('reopened');
});

test('the best-interests assessment: child protection’s findings from its inbox (Portuguese), the coordinator’s approval from the inbox (Spanish); the case says so', async () => {
  const protection = await casePage('childprotection', 'pt-PT', '');
  await decideInInbox(protection, 'pt', 'best-interests', childCaseId, { childHeard: 'yes', recommendation: 'family-reunification', findings: 'Quer viver com a tia' });
  await shot(protection, 'best-interests-pt-360');
  const coordinator = await casePage('coordinator', 'es-GT', '');
  await decideInInbox(coordinator, 'es', 'best-interests-approval', childCaseId, { outcome: 'approved', comment: 'De acuerdo' });
  await coordinator.goto(`${running.host.url}/#/cases/${childCaseId}`);
  await expect.poll(() => coordinator.getByTestId('best-interests-status').textContent(), { timeout: 30_000 }).toContain(catalogues.es['bestInterestsStatus.approved']);
  await expectAccessible(coordinator);
});
