// The web app in a real browser (Debian's Chromium, driven by playwright-core) against the local
// host as `npm start` runs it. Screenshots of each main page go to test/e2e/screenshots/.
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { apiClient, likelyLabourTrafficking, newKey, screening } from '../helpers/api.ts';
import { eventually } from '../helpers/local-host.ts';
import { answer, countRecords, draftSaved, fillInterview, hostAndBrowser, marker, next, phone, shot, signedIn as signedInOn } from './support.ts';

const running = hostAndBrowser();

const signedIn = (username: string, viewport?: { width: number; height: number }) => signedInOn(running.browser, running.host, username, viewport);

/** Every response body the page receives, to search for what must never reach it. */
function responsesOf(page: Page): string[] {
  const bodies: string[] = [];
  page.on('response', (response) => void response.text().then((text) => bodies.push(text), () => undefined));
  return bodies;
}

describe('the web app', () => {
  test('a screener interviews in Spanish; the shelter accepts from its inbox; the coordinator sees the case move and the placement done', async () => {
    const screener = await signedIn('screener');
    const name = marker('Name');
    await fillInterview(screener.page, { givenName: name, screenshots: true });
    // A draft survives a reload.
    await draftSaved(screener.page);
    await screener.page.reload();
    await screener.page.getByRole('link', { name: 'Entrevista de identificación' }).click();
    await screener.page.locator('[data-question="interviewerConclusion"]').waitFor();
    await next(screener.page);
    await screener.page.getByTestId('submit').click();
    await expect.poll(() => screener.page.getByTestId('created-id').count(), { timeout: 15_000 }).toBe(1);
    const caseId = (await screener.page.getByTestId('created-id').textContent())!;
    expect(caseId).toMatch(/^c-/);
    await shot(screener.page, 'interview-submitted');
    // The team that interviewed the person sees the name they gave.
    await screener.page.getByTestId('created-id').click();
    await expect.poll(() => screener.page.locator('[data-answer="givenName"] dd').textContent()).toBe(name);

    const coordinator = await signedIn('coordinator');
    await coordinator.page.getByRole('link', { name: 'Casos' }).first().click();
    const row = coordinator.page.locator(`tr[data-id="${caseId}"]`);
    await expect.poll(() => row.locator('[data-column="stage"]').getAttribute('data-stage'), { timeout: 15_000 }).toBe('referral');
    await shot(coordinator.page, 'board');

    const shelter = await signedIn('shelter2');
    const shelterReceived = responsesOf(shelter.page);
    const card = shelter.page.locator('[data-task-kind="placement"]').filter({ hasText: caseId });
    await card.waitFor({ timeout: 15_000 });
    // No names to a shelter: not on its card, not on the case page it may open, not in any answer it received.
    expect(await card.textContent()).not.toContain(name);
    await shot(shelter.page, 'inbox');
    await shelter.page.goto(`${running.host.url}/#/cases/${caseId}`);
    await expect.poll(() => shelter.page.locator('[data-answer="gender"] dd').textContent()).toBe('Hombre');
    expect(await shelter.page.locator('main').textContent()).not.toContain(name);
    await expect.poll(() => shelterReceived.some((body) => body.includes(caseId))).toBe(true);
    expect(shelterReceived.filter((body) => body.includes(name))).toEqual([]);
    await shelter.page.getByRole('link', { name: 'Bandeja de tareas' }).click();
    await card.locator('[data-question="outcome"] input[value="accepted"]').check();
    await card.getByTestId('next').click();
    await expect.poll(() => shelter.page.getByRole('status').textContent()).toBe('Decisión enviada.');

    await row.locator('a').click();
    // The person's path: the placement answered by the shelter; no law-enforcement referral, the reflection period running.
    await expect.poll(() => coordinator.page.locator('.path [data-task-kind="placement"]').getAttribute('data-status'), { timeout: 15_000 }).toBe('decided');
    await expect.poll(() => coordinator.page.locator('.path [data-task-kind="placement"]').textContent()).toMatch(/Respondida por Albergue San José \(men\) el .*: Aceptada$/);
    await coordinator.page.getByTestId('reflection').waitFor();
    // The drawing is one click away, with readable labels.
    await coordinator.page.getByText('Diagrama del flujo (para la coordinación)').click();
    expect(await coordinator.page.locator('[data-state="ReflectionPeriod"]').getAttribute('data-status')).toBe('waiting');
    expect(await coordinator.page.locator('[data-state="RequestPlacement"] .state-name').textContent()).toBe('Pedir plaza al albergue');
    const placement = coordinator.page.locator('[data-state="RequestPlacement"]');
    await expect.poll(() => placement.getAttribute('data-status'), { timeout: 15_000 }).toBe('done');
    expect(await coordinator.page.locator('[data-state="AssessRisk"]').getAttribute('data-status')).toBe('done');
    expect(await coordinator.page.locator('[data-state="RequestConsentReview"]').getAttribute('data-status')).toBe('not-reached');
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
    const token = (await (await fetch(`${running.host.url}/auth/local/token`, { method: 'POST', body: '{"username":"coordinator"}' })).json()).token;
    const men = (await (await fetch(`${running.host.url}/organizations`, { headers: { authorization: `Bearer ${token}` } })).json()).items.find((org: any) => org.id === 'org-shelter-men');
    const { updatedAt: _updatedAt, version, ...rest } = men;
    const elsewhere = await fetch(`${running.host.url}/organizations/org-shelter-men`, {
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
    const api = apiClient(running.host);
    const { caseId } = (await api.call('screener', 'POST', '/screenings', screening({ gender: 'woman', ageEstimate: 30, shelterNeeded: 'yes' }), { 'idempotency-key': newKey() })).body;
    const placement = await eventually(
      async () => (await api.call('coordinator', 'GET', `/cases/${caseId}`)).body.tasks?.find((task: any) => task.kind === 'placement'),
      20_000,
      'the placement request',
    );
    expect(placement.assigneeOrg).toBe('org-e2e-north');
  });

  test('offline: the submission waits, goes out when the connection returns, and exactly one case results', async () => {
    const screener = await signedIn('screener', phone);
    const casesBefore = await countRecords(running.host);
    await fillInterview(screener.page, { givenName: marker('Offline') });
    await screener.context.setOffline(true);
    await screener.page.getByTestId('submit').click();
    await expect.poll(() => screener.page.getByTestId('outbox-state').textContent()).toContain('sin conexión');
    await shot(screener.page, 'offline-queued-phone');
    expect(await countRecords(running.host)).toBe(casesBefore);
    await screener.context.setOffline(false);
    await expect.poll(() => screener.page.getByTestId('outbox-state').textContent(), { timeout: 15_000 }).toMatch(/^Enviado: caso c-/);
    await expect.poll(() => screener.page.getByTestId('offline').count()).toBe(0);
    expect(await countRecords(running.host)).toBe(casesBefore + 1);
    await screener.context.close();
  });

  test('on a phone the board fits the screen, is searched by reference and sorted by risk; going from one case to another, or to one the reader may not see, never shows the previous one', async () => {
    const api = apiClient(running.host);
    const submit = async (username: string, extra: Record<string, unknown>) => (await api.call(username, 'POST', '/screenings', screening(extra), { 'idempotency-key': newKey() })).body.caseId as string;
    const his = await submit('screener', { gender: 'man' });
    // Hers was interviewed by the labour inspectorate: the screening team may not see it.
    const hers = await submit('inspector', { gender: 'woman', ...likelyLabourTrafficking });

    const coordinator = await signedIn('coordinator', phone);
    await coordinator.page.locator(`[data-id="${hers}"]`).waitFor({ timeout: 15_000 });
    expect(await coordinator.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await coordinator.page.getByTestId('board-search').fill(hers.slice(-6));
    await expect.poll(() => coordinator.page.locator('.board-cards li').count()).toBe(1);
    expect(await coordinator.page.getByTestId('board-count').textContent()).toBe('1 caso');
    await coordinator.page.getByTestId('board-search').fill('');
    await coordinator.page.getByTestId('board-sort').selectOption('risk');
    const risks = await coordinator.page.locator('.board-cards [data-column="risk"] dd').allTextContents();
    const order = ['Crítico', 'Alto', 'Medio', 'Bajo', '—'];
    expect(risks.map((risk) => order.indexOf(risk))).toEqual([...risks.map((risk) => order.indexOf(risk))].sort((a, b) => a - b));

    /** Opens one case, then another, recording every case title shown on the way. */
    const titlesBetween = async (page: Page, from: string, to: string) => {
      await page.goto(`${running.host.url}/#/cases/${from}`);
      await page.locator('#case-title', { hasText: from }).waitFor({ timeout: 15_000 });
      await page.evaluate(() => {
        const seen: string[] = ((window as any).seenTitles = []);
        // Only from the move on: before it, the first case refreshing itself shows its own title, rightly.
        let moving = false;
        const record = () => moving && seen.push(document.querySelector('#case-title')?.textContent ?? '');
        new MutationObserver(record).observe(document.body, { subtree: true, childList: true, characterData: true });
        // And the first frames drawn for the new address, whether or not anything changed in them.
        addEventListener('hashchange', () => {
          moving = true;
          requestAnimationFrame(() => (record(), requestAnimationFrame(record)));
        });
      });
      await page.goto(`${running.host.url}/#/cases/${to}`);
      return page;
    };
    const moved = await titlesBetween(coordinator.page, his, hers);
    await moved.locator('#case-title', { hasText: hers }).waitFor({ timeout: 15_000 });
    expect((await moved.evaluate(() => (window as any).seenTitles as string[])).filter((title) => title.includes(his))).toEqual([]);
    await shot(coordinator.page, 'case-phone');
    await coordinator.context.close();

    const screener = await signedIn('screener', phone);
    const forbidden = await titlesBetween(screener.page, his, hers);
    await expect.poll(() => forbidden.getByRole('alert').textContent(), { timeout: 15_000 }).toBe('No hay aquí nada que usted pueda ver.');
    expect(await forbidden.locator('main').textContent()).not.toContain(his);
    expect((await forbidden.evaluate(() => (window as any).seenTitles as string[])).filter((title) => title.includes(his))).toEqual([]);
    await screener.context.close();
  });
});
