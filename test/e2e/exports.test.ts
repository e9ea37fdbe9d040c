// The coordinator's exports in a real browser: from the metrics page, the HTCDS cases and the
// anonymised release download as CSV files (in Spanish, as the coalition works).
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { apiClient, newKey, screening } from '../helpers/api.ts';
import { eventually } from '../helpers/local-host.ts';
import { hostAndBrowser, marker, shot, signedIn } from './support.ts';

const running = hostAndBrowser();

describe('exports from the web app', () => {
  test('the coordinator downloads the HTCDS cases and the anonymised release from the metrics page', async () => {
    const api = apiClient(running.host);
    const name = marker('Export');
    const answer = await api.call('screener', 'POST', '/screenings', screening({ givenName: name, familyName: '=1+2' }), { 'idempotency-key': newKey() });
    const caseId = answer.body.caseId as string;
    await eventually(async () => ((await api.call('coordinator', 'GET', `/cases/${caseId}`)).body.stage !== 'intake' ? true : undefined), 30_000, 'assessed');

    const { page } = await signedIn(running.browser, running.host, 'coordinator');
    await page.getByRole('link', { name: 'Métricas' }).click();
    const htcds = page.getByRole('button', { name: 'Descargar casos (HTCDS, CSV)' });
    await htcds.waitFor();
    await shot(page, 'exports');
    const [cases] = await Promise.all([page.waitForEvent('download'), htcds.click()]);
    expect(cases.suggestedFilename()).toMatch(/^htcds-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/);
    const text = readFileSync((await cases.path())!, 'utf8').replace(/^\uFEFF/, '');
    const [header, ...rows] = text.split('\r\n').filter(Boolean);
    expect(header.split(',').slice(0, 3)).toEqual(['cas_CaseNumber', 'cas_CreatedDate', 'cas_Status']);
    const row = rows.find((line) => line.startsWith(caseId))!;
    expect(row).toContain(`${name},'=1+2`);
    await expect.poll(() => page.getByRole('status').textContent()).toBe('Descargado.');

    const [release] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Descargar la publicación anonimizada (CSV)' }).click()]);
    const released = readFileSync((await release.path())!, 'utf8').replace(/^\uFEFF/, '');
    expect(released.split('\r\n')[0]).toBe('ageBand,gender,citizenship,exploitationType,yearOfRegistration,countryOfExploitation,traffickingStatus');
    expect(released).not.toContain(caseId);
    // One case alone is too rare to release: left out, and the page says so.
    await expect.poll(() => page.getByRole('status').textContent()).toMatch(/^Descargado\. Se omitió a 1 persona/);
  });
});
