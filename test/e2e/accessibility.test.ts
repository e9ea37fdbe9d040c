// Accessibility: axe-core finds no serious or critical violation on the sign-in page, each section
// of the interview, the review, the outbox, the inbox, a shelter's free beds, the case page and the boards, on a phone
// (360 px); the field app works by keyboard alone. Screenshots of the inbox card, the case page
// and the board at 360 px go to test/e2e/screenshots/.
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, test } from 'vitest';
import { apiClient, likelyLabourTrafficking, newKey, screening } from '../helpers/api.ts';
import { eventually } from '../helpers/local-host.ts';
import { answer, hostAndBrowser, newPage, next, phone, screenshots, signInAs } from './support.ts';
import { resolve } from 'node:path';

const running = hostAndBrowser();
let caseId: string;

beforeAll(async () => {
  const api = apiClient(running.host);
  caseId = (await api.call('screener', 'POST', '/screenings', screening({ ...likelyLabourTrafficking, gender: 'woman', shelterNeeded: 'yes', fearOfReturn: 'yes', medicalNeedUrgent: 'yes' }), { 'idempotency-key': newKey() })).body.caseId;
  await eventually(async () => (await api.call('shelter1', 'GET', '/tasks')).body.items?.find((task: { caseId: string }) => task.caseId === caseId), 30_000, 'the placement request');
});

/** Serious and critical violations, each with the elements it was found on. */
async function violations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id} (${violation.impact}): ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
}

const expectAccessible = async (page: Page, where: string) => expect(await violations(page), where).toEqual([]);

describe('accessibility on a phone', () => {
  test('sign-in, every interview section, the review and the outbox', async () => {
    const { context, page } = await newPage(running.browser, running.host, { viewport: phone });
    await expectAccessible(page, 'sign-in');
    await signInAs(page, 'screener');
    await page.goto(`${running.host.url}/#/interview`);
    await page.locator('[data-question="consentInterview"]').waitFor();
    const answers: Record<string, string> = {
      consentInterview: 'yes', informedOfRights: 'yes', interviewLanguage: 'es', consentDataSharing: 'yes', consentLawEnforcement: 'no',
      ageEstimate: '16', gender: 'woman', languages: 'es', separationStatus: 'unaccompanied', recruitedByThirdParty: 'yes', workedOrExploited: 'yes', exploitationTypes: 'forced_labour',
      immediateDanger: 'no', medicalNeedUrgent: 'no', shelterNeeded: 'yes', interviewerConclusion: 'possible_victim',
    };
    for (let section = 1; section < 14 && !(await page.locator('#review-title').count()); section++) {
      await expectAccessible(page, `interview section ${section}`);
      for (const [id, value] of Object.entries(answers)) if (await page.locator(`[data-question="${id}"]`).count()) await answer(page, id, value);
      await next(page);
      // The same section again means an error: shown accessibly too, then answered.
      if (await page.locator('.field-error').count()) await expectAccessible(page, `interview section ${section} with errors`);
    }
    await page.locator('#review-title').waitFor({ timeout: 1000 });
    await expectAccessible(page, 'review');
    await context.setOffline(true);
    await page.getByTestId('submit').click();
    await page.getByTestId('outbox-state').waitFor();
    await expectAccessible(page, 'queued, offline');
    await page.goto(`${running.host.url}/#/outbox`);
    await page.locator('#outbox-title').waitFor();
    await expectAccessible(page, 'outbox');
    await context.close();
  });

  test('the inbox, the case page and the board, with their screenshots', async () => {
    const shelter = await newPage(running.browser, running.host, { viewport: phone });
    await signInAs(shelter.page, 'shelter1');
    const card = shelter.page.locator('[data-task-kind="placement"]').filter({ hasText: caseId });
    await card.waitFor({ timeout: 15_000 });
    await expectAccessible(shelter.page, 'inbox');
    await card.screenshot({ path: resolve(screenshots, 'inbox-card-360.png') });
    await shelter.page.goto(`${running.host.url}/#/beds`);
    await shelter.page.getByTestId('beds-free').waitFor();
    await expectAccessible(shelter.page, 'free beds');
    await shelter.context.close();

    const coordinator = await newPage(running.browser, running.host, { viewport: phone });
    await signInAs(coordinator.page, 'coordinator');
    await coordinator.page.locator(`tr[data-id="${caseId}"], [data-id="${caseId}"]`).first().waitFor({ timeout: 15_000 });
    await expectAccessible(coordinator.page, 'board');
    await coordinator.page.getByTestId('show-nationality').click();
    await coordinator.page.locator(`[data-id="${caseId}"] [data-column="nationality"]`).waitFor({ timeout: 15_000 });
    await expectAccessible(coordinator.page, 'board with nationalities');
    await coordinator.page.screenshot({ path: resolve(screenshots, 'board-360.png'), fullPage: true });
    await coordinator.page.goto(`${running.host.url}/#/cases/${caseId}`);
    await coordinator.page.getByTestId('stage').waitFor();
    await expectAccessible(coordinator.page, 'case page');
    await coordinator.page.screenshot({ path: resolve(screenshots, 'case-360.png'), fullPage: true });
    await coordinator.context.close();
  });

  test('Next opens the next section at its top with its heading focused; a refused Next focuses the first question in error and lists each error with a way to it; long sections are grouped; all by keyboard', async () => {
    const { context, page } = await newPage(running.browser, running.host, { viewport: phone });
    await signInAs(page, 'screener');
    await page.goto(`${running.host.url}/#/interview`);
    await page.locator('[data-question="consentInterview"]').waitFor();
    const focused = () => page.evaluate(() => ({ question: document.activeElement?.closest('[data-question]')?.getAttribute('data-question'), tag: document.activeElement?.tagName, text: document.activeElement?.textContent }));

    // Nothing answered: the first question in error has the focus; the summary names every one.
    await page.getByTestId('next').focus();
    await page.keyboard.press('Enter');
    await expect.poll(focused).toMatchObject({ question: 'consentInterview', tag: 'INPUT' });
    const summary = page.getByTestId('error-summary').getByRole('button');
    expect(await summary.count()).toBeGreaterThanOrEqual(4);
    await summary.filter({ hasText: 'Acepta que sus datos se compartan' }).first().click();
    await expect.poll(focused).toMatchObject({ question: 'consentDataSharing' });

    // Answered by keyboard: arrows choose within a group, Tab moves on.
    for (const [id, value] of [['consentInterview', 'yes'], ['informedOfRights', 'yes'], ['consentDataSharing', 'yes'], ['consentLawEnforcement', 'no']]) {
      await page.locator(`[data-question="${id}"] input[value="${value}"]`).focus();
      await page.keyboard.press('Space');
    }
    await page.locator('[data-question="interviewLanguage"] input').focus();
    await page.keyboard.type('espa');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Enter');
    expect(await page.locator('[data-question="interviewLanguage"] input').inputValue()).toBe('español');
    await page.getByTestId('next').focus();
    await page.keyboard.press('Enter');
    // The next section starts at its top, its heading focused.
    await expect.poll(focused).toMatchObject({ tag: 'H2', text: 'Perfil' });
    expect(await page.evaluate(() => document.querySelector('.form-runner')!.getBoundingClientRect().top)).toBeGreaterThanOrEqual(-1);

    await page.locator('[data-question="ageEstimate"] input').fill('30');
    await page.locator('[data-question="gender"] input[value="woman"]').check();
    await page.locator('[data-question="languages"] input').fill('es');
    await page.locator('[data-question="languages"] input').press('Enter');
    await next(page);
    await next(page);
    await answer(page, 'recruitedByThirdParty', 'yes');
    // 38 questions read in groups, under their dimension's name.
    expect(await page.locator('h3.group-heading').allTextContents()).toEqual(['Reclutamiento engañoso', 'Reclutamiento coercitivo', 'Abuso de vulnerabilidad en el reclutamiento']);
    await expectAccessible(page, 'recruitment, grouped');
    await context.close();
  });
});
