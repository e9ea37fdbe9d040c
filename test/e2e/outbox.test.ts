// The field app never loses an interview: it waits in a sealed outbox until the server accepts
// it or a person discards it, whatever happens to the connection or the session meanwhile.
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { apiClient, newKey, screening } from '../helpers/api.ts';
import { countRecords, draftSaved, fillInterview, hostAndBrowser, marker, newPage, phone, shot, signInAs, storedText } from './support.ts';

const running = hostAndBrowser();

const state = (page: Page) => page.getByTestId('outbox-state').first().textContent();
/** POST /screenings requests that reached the server (an attempt offline never does), to count how often an interview went out. */
function countSubmissions(page: Page): () => number {
  let sent = 0;
  page.on('response', (response) => void (response.request().method() === 'POST' && new URL(response.url()).pathname === '/screenings' && sent++));
  return () => sent;
}

describe('the outbox', () => {
  test('an interview queued offline survives an expired session and another user signing in on the same device, and is sent exactly once when its author signs in again', async () => {
    const { context, page } = await newPage(running.browser, running.host, { viewport: phone, before: (context) => context.clock.install() });
    const submissions = countSubmissions(page);
    await signInAs(page, 'screener');
    const before = await countRecords(running.host);
    const name = marker('Ana');
    await fillInterview(page, { givenName: name });
    await context.setOffline(true);
    await page.getByTestId('submit').click();

    // Visible: waiting, why, how many; and the banner that says there is no connection.
    await expect.poll(() => state(page)).toBe('Pendiente de envío: sin conexión; se enviará cuando vuelva la conexión');
    await page.getByTestId('offline').waitFor();
    expect(await page.getByTestId('outbox-count').textContent()).toBe(' (1)');
    await shot(page, 'outbox-offline-phone');

    // Sealed on the device: the name appears nowhere in clear, and the key cannot be taken out.
    const kept = await storedText(page);
    expect(kept).toContain('outbox:');
    expect(kept).not.toContain(name);
    expect(kept).toContain('"cryptoKey":"secret","algorithm":{"name":"AES-GCM","length":256},"extractable":false');

    // Thirteen hours later (local tokens live 12): the session has ended while the interview waited.
    await page.clock.fastForward('13:00:00');
    await page.getByTestId('session-ended').waitFor();
    await context.setOffline(false);
    await expect.poll(() => page.getByTestId('offline').count()).toBe(0);
    await expect.poll(() => state(page)).toBe('Pendiente de envío: inicie sesión de nuevo para enviarlo');
    expect(submissions()).toBe(0);

    // The sign-in page is no dead end: back to work, the queue as it was.
    await page.getByRole('button', { name: 'Iniciar sesión de nuevo' }).click();
    await page.getByRole('button', { name: 'Volver a lo que estaba haciendo' }).click();
    expect(await page.getByTestId('outbox-count').textContent()).toBe(' (1)');
    // Someone else signs in on this phone: the interview is not theirs to read or to send.
    await page.getByRole('button', { name: 'Iniciar sesión de nuevo' }).click();
    await page.getByTestId('session-ended').waitFor();
    await signInAs(page, 'inspector');
    await page.getByRole('link', { name: /^Por enviar/ }).click();
    await expect.poll(() => page.getByTestId('others-waiting').textContent()).toContain('1 envío(s) de otra persona esperan en este dispositivo (screener)');
    expect(await page.locator('main').textContent()).not.toContain(name);
    await page.getByRole('button', { name: 'Cerrar sesión' }).click(); // nothing of theirs waits: no warning
    await page.getByTestId('others-waiting').waitFor();
    expect(submissions()).toBe(0);
    expect(await countRecords(running.host)).toBe(before);

    // Its author signs in again: it goes, once, as theirs.
    await signInAs(page, 'screener');
    await page.getByRole('link', { name: /^Por enviar/ }).click();
    await expect.poll(() => state(page), { timeout: 15_000 }).toMatch(/^Enviado: caso c-/);
    const caseId = (await page.getByTestId('created-id').textContent())!;
    expect(await countRecords(running.host)).toBe(before + 1);
    expect(submissions()).toBe(1);
    const record = (await apiClient(running.host).call('coordinator', 'GET', `/cases/${caseId}`)).body;
    expect(record.createdByOrg).toBe('org-coalition-screening');
    expect(record.submission.answers.givenName).toBe(name);
    expect(await page.getByTestId('outbox-count').count()).toBe(0);
    await context.close();
  });

  test('a refused interview stays with the server’s reason, is fixed beside the field and sent again; a 401 asks to sign in again and then sends', async () => {
    const { context, page } = await newPage(running.browser, running.host);
    await signInAs(page, 'screener');
    const before = await countRecords(running.host);

    // Refused (as the API refuses an answer it does not accept): kept, visible, with the reason and the field.
    await page.route('**/screenings', (route) =>
      route.fulfill({
        status: 400,
        contentType: 'application/json',
        body: JSON.stringify({ error: { code: 'INVALID_SUBMISSION', message: 'La entrevista no cumple el formulario', fields: { 'answers.ageEstimate': 'Revise la edad estimada' } } }),
      }),
    );
    await fillInterview(page, { givenName: marker('Refused') });
    await page.getByTestId('submit').click();
    await expect.poll(() => state(page)).toBe('Rechazado: El servidor no aceptó algunas respuestas; vea los campos marcados.');
    await expect.poll(() => page.getByTestId('outbox-summary').textContent()).toBe('1 rechazados: por corregir');
    await page.unroute('**/screenings');

    // Still there after a reload: nothing was dropped.
    await page.reload();
    await page.getByRole('link', { name: /^Por enviar/ }).click();
    await expect.poll(() => state(page)).toBe('Rechazado: El servidor no aceptó algunas respuestas; vea los campos marcados.');
    await expect.poll(() => page.locator('.field-errors').textContent()).toBe('Edad estimada: Revise la edad estimada');
    await shot(page, 'outbox-refused');

    // Fixed where the server pointed, and sent again.
    await page.getByRole('link', { name: 'Corregir y reenviar' }).click();
    await expect.poll(() => page.locator('[data-question="ageEstimate"] .field-error').textContent()).toBe('Revise la edad estimada');
    await page.locator('[data-question="ageEstimate"] input').fill('34');
    await draftSaved(page);
    for (let section = 0; section < 8 && !(await page.getByRole('heading', { name: 'Revisar' }).count()); section++) await page.getByTestId('next').click();
    await page.getByTestId('submit').click();
    await expect.poll(() => state(page), { timeout: 15_000 }).toMatch(/^Enviado: caso c-/);
    expect(await countRecords(running.host)).toBe(before + 1);

    // The API refuses the token (expired, as API Gateway answers): kept, and sent after signing in again.
    await page.route('**/screenings', (route) => route.fulfill({ status: 401, contentType: 'application/json', body: '{"message":"Unauthorized"}' }));
    await fillInterview(page, { givenName: marker('Expired') });
    await page.getByTestId('submit').click();
    await page.getByTestId('session-ended').waitFor();
    await expect.poll(() => state(page)).toBe('Pendiente de envío: inicie sesión de nuevo para enviarlo');
    await page.unroute('**/screenings');
    await page.getByRole('button', { name: 'Iniciar sesión de nuevo' }).click();
    await signInAs(page, 'screener');
    await page.getByRole('link', { name: /^Por enviar/ }).click();
    await expect.poll(() => page.locator('[data-state="sent"]').count(), { timeout: 15_000 }).toBe(2);
    expect(await countRecords(running.host)).toBe(before + 2);
    await context.close();
  });

  test('signing out warns about what is not sent and then clears it from the device; another user’s interview stays', async () => {
    const { context, page } = await newPage(running.browser, running.host);
    await signInAs(page, 'inspector');
    const theirs = marker('Theirs');
    await fillInterview(page, { givenName: theirs });
    await context.setOffline(true);
    await page.getByTestId('submit').click();
    await expect.poll(() => state(page)).toContain('sin conexión');
    // The inspector's session ends before it went (the API refuses the token, as API Gateway does).
    await page.route('**/screenings', (route) => route.fulfill({ status: 401, contentType: 'application/json', body: '{"message":"Unauthorized"}' }));
    await context.setOffline(false);
    await page.getByTestId('session-ended').waitFor();
    await page.unroute('**/screenings');
    await page.getByRole('button', { name: 'Iniciar sesión de nuevo' }).click();
    await signInAs(page, 'screener');

    const name = marker('Mine');
    await fillInterview(page, { givenName: name });
    await context.setOffline(true);
    await page.getByTestId('submit').click();
    await expect.poll(() => state(page)).toContain('sin conexión');
    await page.getByRole('link', { name: 'Entrevista de identificación' }).click();
    await page.getByRole('button', { name: 'Nueva entrevista' }).click();
    await page.locator('[data-question="consentInterview"] input[value="yes"]').check();
    await draftSaved(page);

    await page.getByRole('button', { name: 'Cerrar sesión' }).click();
    const warning = page.getByRole('alertdialog');
    await expect.poll(() => warning.textContent()).toContain('1 envío(s) terminados aún no aceptados por el servidor. 1 borrador(es) sin terminar.');
    await shot(page, 'sign-out-warning');
    await warning.getByRole('button', { name: 'Seguir con la sesión' }).click();
    expect(await page.getByTestId('outbox-count').textContent()).toBe(' (1)');

    await page.getByRole('button', { name: 'Cerrar sesión' }).click();
    await page.getByRole('button', { name: 'Borrarlos y cerrar sesión' }).click();
    await page.getByRole('heading', { name: 'Iniciar sesión como usuario de demostración' }).waitFor();
    // The screener's draft and outbox are gone; the inspector's sealed interview is still there, for them.
    await expect.poll(async () => (await storedText(page)).match(/outbox:/g)?.length ?? 0).toBe(1);
    expect(await storedText(page)).not.toContain('draft:');
    expect(await page.getByTestId('others-waiting').textContent()).toContain('(inspector)');
    await context.setOffline(false);
    const before = await countRecords(running.host);
    await signInAs(page, 'inspector');
    await page.getByRole('link', { name: /^Por enviar/ }).click();
    await expect.poll(() => state(page), { timeout: 15_000 }).toMatch(/^Enviado: caso c-/);
    expect(await countRecords(running.host)).toBe(before + 1);
    expect(await storedText(page)).not.toContain(theirs);
    await context.close();
  });

  test('plaintext an earlier version left in localStorage moves into the vault: its queued interview is sent by its author, its draft reopens, and localStorage keeps only the language', async () => {
    const { context, page } = await newPage(running.browser, running.host);
    const before = await countRecords(running.host);
    const token = await apiClient(running.host).token('screener');
    const [queued, drafted] = [marker('Queued'), marker('Drafted')];
    await page.evaluate(
      ({ token, queued, drafted, key }) => {
        localStorage.setItem('puente:session', JSON.stringify({ username: 'screener', role: 'screener', organisationId: 'org-coalition-screening', token }));
        localStorage.setItem('puente:outbox', JSON.stringify([{ path: '/screenings', body: queued, key, queuedAt: new Date().toISOString(), label: 'screening-interview' }]));
        localStorage.setItem('puente:draft:screening-interview:screener', JSON.stringify({ answers: { consentInterview: 'yes', givenName: drafted }, key: 'draft-key', section: 1 }));
      },
      { token, queued: screening({ givenName: queued }), drafted, key: newKey() },
    );
    await page.reload();
    await page.getByRole('link', { name: /^Por enviar/ }).click();
    await expect.poll(() => state(page), { timeout: 15_000 }).toMatch(/^Enviado: caso c-/);
    expect(await countRecords(running.host)).toBe(before + 1);
    expect(await page.evaluate(() => Object.keys(localStorage))).toEqual(['puente:language']);
    const kept = await storedText(page);
    expect(kept).not.toContain(queued);
    expect(kept).not.toContain(drafted);
    await page.getByRole('link', { name: 'Entrevista de identificación' }).click();
    await expect.poll(() => page.locator('[data-question="givenName"] input').inputValue()).toBe(drafted);
    await context.close();
  });
});
