// The app speaks the user's language: a walk through the pages in Spanish, French and Portuguese
// finds no English left (of the app's own messages), no catalogue key, no code without words, and
// the page's `lang` following the user's choice. The catalogues themselves: messages.test.ts.
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, test } from 'vitest';
import { catalogues } from '../../web/src/i18n.ts';
import { apiClient, likelyLabourTrafficking, newKey, screening } from '../helpers/api.ts';
import { eventually } from '../helpers/local-host.ts';
import { answer, hostAndBrowser, newPage, next, phone, screenshots, signInAs } from './support.ts';

const { en } = catalogues;
const running = hostAndBrowser();
let caseId: string;
let tipId: string;
/** One person screened twice under two spellings: the coordinator's duplicate review. */
let duplicates: string[];

beforeAll(async () => {
  const api = apiClient(running.host);
  caseId = (await api.call('screener', 'POST', '/screenings', screening({ ...likelyLabourTrafficking, shelterNeeded: 'yes', fearOfReturn: 'yes' }), { 'idempotency-key': newKey() })).body.caseId;
  const tip = {
    formId: 'labour-tip',
    formVersion: 1,
    language: 'es',
    answers: { workplaceName: 'Finca Walk', workplaceAddress: 'Km 3', country: 'GT', sector: 'agriculture', howObserved: 'inspection_visit', immediateDangerObserved: 'no', iloWithholdingOfWages: 'yes' },
  };
  tipId = (await api.call('inspector', 'POST', '/tips', tip, { 'idempotency-key': newKey() })).body.tipId;
  duplicates = [];
  for (const [givenName, familyName, ageEstimate] of [['Yésica Paola', 'Chávez Villalobos', 24], ['Jesica Paola', 'Chaves Villalobos', 25]] as const) {
    const person = screening({ givenName, familyName, ageEstimate, gender: 'woman', nationality: 'VE', consentLawEnforcement: 'no', shelterNeeded: 'no' });
    duplicates.push((await api.call('screener', 'POST', '/screenings', person, { 'idempotency-key': newKey() })).body.caseId);
  }
  await eventually(async () => (await api.call('shelter2', 'GET', '/tasks')).body.items?.find((task: { caseId: string }) => task.caseId === caseId), 30_000, 'the placement request');
  await eventually(async () => (await api.call('inspector', 'GET', '/tasks')).body.items?.find((task: { tipId: string }) => task.tipId === tipId), 30_000, 'the inspection request');
});

/**
 * What on the page is not in its language: marked codes (⟨…⟩), catalogue keys shown as text, and
 * English messages where the language has its own words. Text nodes and accessible names count.
 */
function untranslated(page: Page, language: string): Promise<string[]> {
  const english = Object.entries(en)
    .filter(([key, message]) => !/[{}]/.test(message) && message.length > 3 && catalogues[language as 'es'][key] !== message)
    .map(([, message]) => message);
  // Words shared by both languages (a cognate in another message) are not evidence.
  const own = new Set(Object.values(catalogues[language as 'es']));
  return page.evaluate(
    ({ english, keys }) => {
      const found: string[] = [];
      const texts: string[] = [];
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      while (walker.nextNode()) texts.push(walker.currentNode.textContent!.trim());
      for (const element of Array.from(document.querySelectorAll('[aria-label], [title], [placeholder]'))) {
        for (const name of ['aria-label', 'title', 'placeholder']) if (element.getAttribute(name)) texts.push(element.getAttribute(name)!.trim());
      }
      for (const text of texts) {
        if (text.includes('⟨')) found.push(text);
        if (keys.includes(text)) found.push(`key: ${text}`);
        if (english.some((message) => text === message || text.startsWith(`${message}:`))) found.push(`English: ${text}`);
      }
      return found;
    },
    { english: english.filter((message) => !own.has(message)), keys: Object.keys(en) },
  );
}

async function expectTranslated(page: Page, language: string, where: string) {
  await expect.poll(() => page.evaluate(() => document.documentElement.lang), { message: where }).toBe(language);
  expect(await untranslated(page, language), where).toEqual([]);
}

/** Signs in after choosing the language on the sign-in page. */
async function signedInIn(language: string, username: string) {
  const opened = await newPage(running.browser, running.host, { locale: language === 'pt' ? 'pt-BR' : `${language}-${language.toUpperCase()}` });
  await opened.page.getByTestId('ui-language').selectOption(language);
  await expectTranslated(opened.page, language, `${language} sign-in`);
  await signInAs(opened.page, username);
  return opened;
}

const go = async (page: Page, hash: string, ready: string) => {
  await page.goto(`${running.host.url}/#/${hash}`);
  await page.locator(ready).first().waitFor({ timeout: 15_000 });
};

describe.each(['es', 'fr', 'pt'])('the pages in %s', (language) => {
  test('no English, no untranslated code, and lang follows the user', async () => {
    const screener = await signedInIn(language, 'screener');
    // The interview, section by section (answers by question id, so the walk is the same in every language).
    await go(screener.page, 'interview', '[data-question="consentInterview"]');
    const answers: Record<string, string> = {
      consentInterview: 'yes', informedOfRights: 'yes', interviewLanguage: 'es', consentDataSharing: 'yes', consentLawEnforcement: 'no',
      ageEstimate: '30', gender: 'woman', languages: 'es', recruitedByThirdParty: 'no', workedOrExploited: 'no',
      immediateDanger: 'no', medicalNeedUrgent: 'no', shelterNeeded: 'no', interviewerConclusion: 'further_assessment',
    };
    for (let section = 0; section < 12 && !(await screener.page.locator('#review-title').count()); section++) {
      await expectTranslated(screener.page, language, `${language} interview section ${section + 1}`);
      for (const [id, value] of Object.entries(answers)) if (await screener.page.locator(`[data-question="${id}"]`).count()) await answer(screener.page, id, value);
      await next(screener.page);
    }
    await expectTranslated(screener.page, language, `${language} review`);
    await go(screener.page, 'outbox', '#outbox-title');
    await expectTranslated(screener.page, language, `${language} outbox`);
    await screener.context.close();

    const shelter = await signedInIn(language, 'shelter2');
    await go(shelter.page, 'inbox', `[data-task-kind="placement"]`);
    await expectTranslated(shelter.page, language, `${language} shelter inbox`);
    await go(shelter.page, 'beds', '[data-testid="beds-free"]');
    await expectTranslated(shelter.page, language, `${language} free beds`);
    await shelter.context.close();

    const inspector = await signedInIn(language, 'inspector');
    await go(inspector.page, 'inbox', '.workplace');
    await expectTranslated(inspector.page, language, `${language} inspector inbox`);
    await go(inspector.page, `tips/${tipId}`, '.panel');
    await expectTranslated(inspector.page, language, `${language} tip page`);
    await inspector.context.close();

    const coordinator = await signedInIn(language, 'coordinator');
    await go(coordinator.page, 'cases', `tr[data-id="${caseId}"]`);
    await coordinator.page.getByTestId('show-nationality').click();
    await coordinator.page.locator(`tr[data-id="${caseId}"] [data-column="nationality"]`).waitFor({ timeout: 15_000 });
    await expectTranslated(coordinator.page, language, `${language} board`);
    await go(coordinator.page, `cases/${caseId}`, '#path-title');
    await coordinator.page.locator('.workflow-details summary').click();
    await coordinator.page.locator('[data-state="AssessRisk"]').waitFor();
    await expectTranslated(coordinator.page, language, `${language} case page`);
    await go(coordinator.page, 'tips', `tr[data-id="${tipId}"]`);
    await expectTranslated(coordinator.page, language, `${language} tips board`);
    await go(coordinator.page, 'metrics', '.bars');
    await expectTranslated(coordinator.page, language, `${language} metrics`);
    await go(coordinator.page, 'organisations', 'tr[data-id]');
    await expectTranslated(coordinator.page, language, `${language} organisations`);
    await go(coordinator.page, 'webhooks', 'form.webhook-form');
    await expectTranslated(coordinator.page, language, `${language} webhooks`);
    await coordinator.context.close();
  });
});

describe.each(['en', 'es', 'fr', 'pt'])('the duplicate review in %s', (language) => {
  test('the coordinator reads the two cases side by side, with what agrees, in the language', async () => {
    const coordinator = await signedInIn(language, 'coordinator');
    await go(coordinator.page, 'inbox', '[data-task-kind="duplicate-review"] .pair');
    const card = coordinator.page.locator('[data-task-kind="duplicate-review"]').first();
    await expectTranslated(coordinator.page, language, `${language} duplicate review`);
    const words = catalogues[language as 'es'];
    await expect.poll(() => card.textContent()).toContain(words['task.duplicate-review']);
    const text = (await card.textContent())!;
    for (const caseId of duplicates) expect(text).toContain(caseId);
    for (const reason of ['given-name', 'family-name', 'birth-year', 'nationality', 'gender']) expect(text).toContain(words[`duplicateReason.${reason}`]);
    // Side by side: each name as each screener wrote it, in one row.
    await expect.poll(() => card.locator('tr[data-answer="familyName"]').textContent()).toContain('Chaves Villalobos');
    expect(await card.locator('tr[data-answer="familyName"]').textContent()).toContain('Chávez Villalobos');
    // On a phone the pair fits: long case ids wrap, and the inbox never scrolls sideways.
    await coordinator.page.setViewportSize(phone);
    await expect.poll(() => coordinator.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(phone.width);
    await card.screenshot({ path: resolve(screenshots, `duplicate-review-${language}.png`) });
    await coordinator.context.close();
  });
});
