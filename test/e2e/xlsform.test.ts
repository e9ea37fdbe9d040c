// Imported XLSForms in the browser (issue 15 §1): an administrator imports the household visit
// workbook; a screener on a phone (360 px) picks it among the forms, reads it in Spanish and in
// French, and fills it with the interview's runner: the choice filter offers only the chosen
// country's cities, skip logic asks about children only when more than one person lives there,
// and the submission goes through the outbox; a case's page lists its follow-up records. axe finds no serious or critical violation.
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { fixture, householdAnswers } from '../fixtures/xlsform/build.ts';
import { apiClient, newKey, screening } from '../helpers/api.ts';
import { eventually } from '../helpers/local-host.ts';
import { answer, hostAndBrowser, next, phone, shot, signedIn } from './support.ts';

const running = hostAndBrowser();

async function expectAccessible(page: Page, where: string) {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
  expect(serious.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`), where).toEqual([]);
}

const choicesOf = (page: Page, id: string) => page.locator(`[data-question="${id}"] input`).evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value));

describe('an imported XLSForm in the web app', () => {
  test('an administrator imports it and sees it published', async () => {
    const { context, page } = await signedIn(running.browser, running.host, 'admin');
    await page.goto(`${running.host.url}/#/form-import`);
    await page.getByTestId('xlsform-file').setInputFiles(fixture('household.xlsx'));
    await page.getByTestId('import-form').click();
    await expect.poll(() => page.getByTestId('import-result').textContent(), { timeout: 20_000 }).toContain('household_visit');
    await expectAccessible(page, 'import result');
    // A refusal names the sheet, row and column in the reader's language (Spanish here).
    await page.getByTestId('xlsform-file').setInputFiles(fixture('unsupported.xlsx'));
    await page.getByTestId('import-form').click();
    await expect.poll(() => page.getByTestId('import-refused').textContent(), { timeout: 20_000 }).toContain('Hoja survey, fila 6, columna relevant');
    await context.close();
  });

  test('a screener fills it on a phone in Spanish and French: choice filter and skip logic as written', async () => {
    const { context, page } = await signedIn(running.browser, running.host, 'screener', phone);
    await page.goto(`${running.host.url}/#/forms`);
    await page.locator('[data-form="household_visit"]').click();
    await page.locator('[data-question="welcome"]').waitFor();
    // The interface is in Spanish: so is the form.
    expect(await page.getByTestId('form-language').inputValue()).toBe('es');
    await expect.poll(() => page.locator('[data-question="welcome"]').textContent()).toContain('Gracias por su tiempo');
    await page.getByTestId('form-language').selectOption('fr');
    await expect.poll(() => page.locator('[data-question="welcome"]').textContent()).toContain('Merci de votre temps');
    // The form has no Portuguese: only its own languages are offered.
    expect(await page.getByTestId('form-language').locator('option').evaluateAll((options) => options.map((option) => (option as HTMLOptionElement).value))).toEqual(['en', 'es', 'fr']);
    await page.getByTestId('form-language').selectOption('es');
    await expectAccessible(page, 'first section');
    await next(page);

    await page.locator('[data-question="country"]').waitFor();
    expect(await page.locator('[data-question="country"] legend').textContent()).toContain('País');
    await answer(page, 'country', 'ug');
    await expect.poll(() => choicesOf(page, 'city')).toEqual(['kampala']);
    await answer(page, 'country', 'ke');
    await expect.poll(() => choicesOf(page, 'city')).toEqual(['nairobi', 'mombasa']);
    await answer(page, 'city', 'mombasa');
    await page.locator('[data-question="visit_date"] input').fill('2026-11-20');
    await expectAccessible(page, 'place');
    await shot(page, 'xlsform-place-360');
    await next(page);

    // One person (the default): no question about children.
    await page.locator('[data-question="members"]').waitFor();
    expect(await page.locator('[data-question="members"] input').inputValue()).toBe('1');
    expect(await page.locator('[data-question="has_children"]').count()).toBe(0);
    await page.locator('[data-question="members"] input').fill('3');
    await page.locator('[data-question="has_children"]').waitFor();
    await answer(page, 'has_children', 'no');
    await page.locator('[data-question="monthly_income"] input').fill('0');
    expect(await page.locator('[data-question="income_sources"]').count()).toBe(0);
    // The note's ${per_person} shows the calculated value, not the reference as written.
    await expect.poll(() => page.locator('[data-question="summary"]').textContent()).toBe('Ingreso por persona: 0');
    await expectAccessible(page, 'household');
    await next(page);
    await page.locator('#review-title').waitFor();
    await page.getByTestId('submit').click();
    await page.getByTestId('form-queued').waitFor();

    const api = apiClient(running.host);
    const sent = await eventually(async () => {
      const listed = await api.call('coordinator', 'GET', '/forms/household_visit/submissions?format=json');
      return listed.body.submissions?.find((submission: { language: string }) => submission.language === 'es');
    }, 30_000, 'the submission sent from the outbox');
    expect(sent.answers).toMatchObject({ country: 'ke', city: 'mombasa', members: 3, has_children: 'no' });
    await context.close();
  });

  test("a follow-up record is listed on its case's page, its answers in the reader's words", async () => {
    const api = apiClient(running.host);
    const caseId = (await api.call('screener', 'POST', '/screenings', screening(), { 'idempotency-key': newKey() })).body.caseId as string;
    const followUp = await api.call('screener', 'POST', '/forms/household_visit/submissions', { formVersion: 1, language: 'es', answers: householdAnswers, caseId }, { 'idempotency-key': newKey() });
    expect(followUp.status).toBe(201);
    const { context, page } = await signedIn(running.browser, running.host, 'screener', phone);
    await page.goto(`${running.host.url}/#/cases/${caseId}`);
    const listed = page.getByTestId('follow-ups');
    await expect.poll(() => listed.textContent(), { timeout: 20_000 }).toContain('household_visit');
    // The city by its label in Spanish, not its XLSForm name.
    await expect.poll(() => listed.textContent()).toContain('Mombasa');
    await expectAccessible(page, 'case page with a follow-up');
    await context.close();
  });
});
