// Typing is never rewritten: numbers keep their decimals and signs, countries and languages are
// found by name in the user's language and sent as ISO codes, coordinates come from the device,
// dates read as the user's language writes them.
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { apiClient } from '../helpers/api.ts';
import { answer, draftSaved, fillInterview, hostAndBrowser, marker, newPage, next, phone, shot, signInAs } from './support.ts';

const running = hostAndBrowser();

const input = (page: Page, id: string) => page.locator(`[data-question="${id}"] input`).first();

/** Types key by key, as a person does, so that any rewriting between keystrokes would show. */
async function typeInto(page: Page, id: string, text: string) {
  await input(page, id).fill('');
  await input(page, id).pressSequentially(text);
}

describe('what the user types', () => {
  test('a tip keeps "14.7033", "-89.5" and "Honduras" as typed, fills coordinates from the device, and sends numbers and the ISO code', async () => {
    const { context, page } = await newPage(running.browser, running.host, {
      viewport: phone,
      before: async (context) => {
        await context.grantPermissions(['geolocation']);
        await context.setGeolocation({ latitude: 15.50417312, longitude: -88.02501201 });
      },
    });
    await signInAs(page, 'inspector');
    await page.getByRole('link', { name: 'Aviso laboral' }).click();
    await page.getByRole('heading', { name: 'Lugar de trabajo' }).waitFor();
    // Whose language? A tip reports a workplace: no one is interviewed.
    expect(await page.getByText('Idioma de la persona entrevistada').count()).toBe(0);
    const place = marker('Finca');
    await typeInto(page, 'workplaceName', place);
    await typeInto(page, 'workplaceAddress', 'Km 12, carretera al norte');

    // A country by its name in Spanish, as typed; chosen from the list.
    await typeInto(page, 'country', 'Honduras');
    expect(await input(page, 'country').inputValue()).toBe('Honduras');
    const list = page.locator('[data-question="country"] [role="listbox"]');
    expect(await list.getByRole('option').first().textContent()).toBe('Honduras');
    await input(page, 'country').press('Enter');
    expect(await input(page, 'country').inputValue()).toBe('Honduras');

    // The device's position, rounded to about a metre; then typed over by hand, decimals and sign kept.
    await page.getByRole('button', { name: 'Usar mi ubicación' }).click();
    await expect.poll(() => input(page, 'latitude').inputValue()).toBe('15.50417');
    expect(await input(page, 'longitude').inputValue()).toBe('-88.02501');
    expect(await input(page, 'latitude').getAttribute('inputmode')).toBe('decimal');
    await typeInto(page, 'latitude', '14.7033');
    await typeInto(page, 'longitude', '-89.5');
    await typeInto(page, 'workersEstimated', '40');
    expect(await input(page, 'latitude').inputValue()).toBe('14.7033');
    expect(await input(page, 'longitude').inputValue()).toBe('-89.5');
    await answer(page, 'sector', 'agriculture');
    await shot(page, 'tip-workplace-phone');
    await next(page);
    await answer(page, 'iloWithholdingOfWages', 'yes');
    await next(page);
    await answer(page, 'howObserved', 'inspection_visit');
    await answer(page, 'immediateDangerObserved', 'no');
    await next(page);
    await page.getByRole('heading', { name: 'Revisar' }).waitFor();
    const review = (label: string) => page.locator('.review-row', { has: page.getByText(label, { exact: true }) }).locator('dd').textContent();
    expect(await review('País')).toBe('Honduras');
    expect(await review('Latitud')).toBe('14.7033');
    expect(await review('Longitud')).toBe('-89.5');
    await page.getByTestId('submit').click();
    await expect.poll(() => page.getByTestId('outbox-state').textContent(), { timeout: 15_000 }).toMatch(/^Enviado: aviso t-/);
    const tipId = (await page.getByTestId('created-id').textContent())!;
    const tip = (await apiClient(running.host).call('coordinator', 'GET', `/tips/${tipId}`)).body;
    expect(tip.answers).toMatchObject({ workplaceName: place, country: 'HN', latitude: 14.7033, longitude: -89.5, workersEstimated: 40 });
    await context.close();
  });

  test('an interview keeps "14.05" and "es, en", finds "Haití" by "haiti", and shows a date of birth as Spanish writes it', async () => {
    const { context, page } = await newPage(running.browser, running.host);
    await signInAs(page, 'screener');
    await fillInterview(page, { givenName: marker('Typed') });
    await page.locator('.review-section', { hasText: 'Perfil' }).getByRole('button', { name: 'Editar' }).click();
    await page.getByRole('heading', { name: 'Perfil' }).waitFor();

    await typeInto(page, 'ageEstimate', '14.05');
    expect(await input(page, 'ageEstimate').inputValue()).toBe('14.05');
    // A languages list typed with commas: each finished name or code becomes a choice.
    await page.locator('[data-question="languages"] .chip-remove').click();
    await typeInto(page, 'languages', 'es, en');
    await input(page, 'languages').press('Enter');
    const chosen = page.locator('[data-question="languages"] .chips li');
    await expect.poll(() => chosen.evaluateAll((items) => items.map((item) => item.getAttribute('data-value')))).toEqual(['es', 'en']);
    expect(await chosen.allTextContents()).toEqual(['español×', 'inglés×']);
    // Accents need not be typed; the name shows as the language writes it.
    await typeInto(page, 'nationality', 'haiti');
    await input(page, 'nationality').press('Enter');
    expect(await input(page, 'nationality').inputValue()).toBe('Haití');
    await page.locator('[data-question="dateOfBirth"] input').fill('2011-03-05');
    await draftSaved(page);

    // Kept on the device as typed: a reload shows the same.
    await page.reload();
    await page.getByRole('heading', { name: 'Perfil' }).waitFor();
    expect(await input(page, 'ageEstimate').inputValue()).toBe('14.05');
    expect(await input(page, 'nationality').inputValue()).toBe('Haití');
    await shot(page, 'interview-profile-typed');
    for (let section = 0; section < 12 && !(await page.getByRole('heading', { name: 'Revisar' }).count()); section++) {
      await next(page);
      // A child now: the child-protection questions must be answered on the way.
      if (await page.locator('[data-question="separationStatus"] .field-error').count()) await answer(page, 'separationStatus', 'unaccompanied');
    }
    const review = (label: string) => page.locator('.review-row', { has: page.getByText(label, { exact: true }) }).locator('dd').textContent();
    expect(await review('Fecha de nacimiento')).toBe('5 de marzo de 2011');
    expect(await review('Edad estimada')).toBe('14.05');
    expect(await review('Idiomas que habla')).toBe('español, inglés');
    expect(await review('Nacionalidad')).toBe('Haití');
    await context.close();
  });
});
