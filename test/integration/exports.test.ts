// Exports in the field's standards (issue 15, part 2), through the HTTP API of a real local host:
// HTCDS 2.0 as JSON and CSV, consent governing the personal fields, paging with a cursor, erased
// cases passed over, the anonymised release meeting k = 11 on the real export, every export on the
// audit chains, and everyone but the coordination refused.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { apiClient, likelyLabourTrafficking, newKey, screening } from '../helpers/api.ts';
import { eventually, startTestHost, type TestHost } from '../helpers/local-host.ts';

let host: TestHost;
let api: ReturnType<typeof apiClient>;
const started = new Date(Date.now() - 60_000).toISOString();
const period = () => `from=${encodeURIComponent(started)}&to=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`;

const submit = async (extra: Record<string, unknown>) => {
  const answer = await api.call('screener', 'POST', '/screenings', screening(extra), { 'idempotency-key': newKey() });
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  return answer.body.caseId as string;
};

/** A raw answer, headers included (the api helper reads bodies only). */
async function download(user: string, path: string) {
  const response = await fetch(`${host.url}${path}`, { headers: { authorization: `Bearer ${await api.token(user)}` } });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

/** RFC 4180, written here apart from the code: quoted fields, doubled quotes, CRLF between records. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(cell), (cell = '');
    else if (c === '\r' && text[i + 1] === '\n') row.push(cell), rows.push(row), (row = []), (cell = ''), i++;
    else cell += c;
  }
  if (cell || row.length) rows.push([...row, cell]);
  return rows;
}

const common = { gender: 'woman', nationality: 'GT', ageEstimate: 19, workedOrExploited: 'yes', exploitationTypes: ['sexual_exploitation'], sexualExploitationType: 'prostitution' };
let consented: string;
let withheld: string;
let formula: string;
let unique: string;
let erased: string;
let commons: string[];

beforeAll(async () => {
  host = await startTestHost();
  api = apiClient(host);
  consented = await submit({ ...likelyLabourTrafficking, givenName: 'Exportada', familyName: 'Consentidaxyz', dateOfBirth: '2001-02-03', ageEstimate: undefined });
  withheld = await submit({ consentDataSharing: 'no', givenName: 'Reservada', familyName: 'Sinconsentxyz' });
  formula = await submit({ givenName: '=HYPERLINK("http://evil.example","clic")', familyName: 'Comas, "y" comillas' });
  unique = await submit({ gender: 'transgender_nonconforming', nationality: 'stateless', ageEstimate: 63, workedOrExploited: 'yes', exploitationTypes: ['organ_removal'] });
  erased = await submit({});
  commons = [];
  for (let i = 0; i < 12; i++) commons.push(await submit(common));
  // The age band is the assessment's: wait until every case was assessed.
  for (const id of [consented, withheld, formula, unique, erased, ...commons]) {
    await eventually(async () => ((await api.call('coordinator', 'GET', `/cases/${id}`)).body.stage !== 'intake' ? true : undefined), 60_000, `${id} assessed`);
  }
  expect((await api.call('coordinator', 'POST', `/cases/${erased}/erasure`, { reason: 'subject-request' })).status).toBe(200);
}, 300_000);
afterAll(async () => host?.stop());

describe('HTCDS export', () => {
  test('JSON: HTCDS 2.0 names and values; names and birth date only for the person who consented to data sharing', async () => {
    const answer = await api.call('coordinator', 'GET', `/exports/htcds?${period()}`);
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(answer.body.standard).toBe('HTCDS 2.0');
    const byId = new Map(answer.body.cases.map((row: any) => [row.cas_CaseNumber, row]));
    const row: any = byId.get(consented);
    expect(row).toMatchObject({ prs_FirstName: 'Exportada', prs_SecondName: 'Consentidaxyz', prs_Birthdate: '2001-02-03', prs_Gender: 'Masculine', prs_Citizenship: ['HN'], con_Consent: true, cas_Status: expect.any(String) });
    expect(row).toMatchObject({ vic_TypeOfExploitation: ['ForcedLabour'], vic_ForcedLabourIndustry: 'A_AgricultureForestryAndFishing', vic_MethodOfRecruitment: ['ThroughAnOnlineAdvertisement'], vic_TraffickingStatus: 'PossibleVictimOfTrafficking' });
    expect(row.vic_MethodsOfControl).toEqual(expect.arrayContaining(['DebtBondage', 'WithholdsDocuments', 'FalsePromises', 'ExcessiveWorkingHours']));
    expect(byId.get(withheld)).toMatchObject({ prs_FirstName: null, prs_SecondName: null, prs_Gender: 'Masculine', prs_Citizenship: ['HN'] });
    expect(JSON.stringify(answer.body)).not.toMatch(/Reservada|Sinconsentxyz/);
    expect(answer.body.skipped.erased).toBe(1);
    expect(byId.has(erased)).toBe(false);
    expect(answer.body.count).toBe(16);
  });

  test('consent governs at the time of export: withdrawn, the names go from the next export', async () => {
    const withdraw = await api.call('screener', 'POST', `/cases/${consented}/consent`, {
      language: 'es',
      answers: { assistance: 'yes', lawEnforcement: 'yes', dataSharing: 'no', explainedInLanguage: 'es', toldRevocable: 'yes' },
    });
    expect(withdraw.status, JSON.stringify(withdraw.body)).toBe(200);
    const answer = await api.call('coordinator', 'GET', `/exports/htcds?${period()}`);
    expect(answer.body.cases.find((row: any) => row.cas_CaseNumber === consented)).toMatchObject({ prs_FirstName: null, prs_SecondName: null, prs_Birthdate: null, vic_TypeOfExploitation: ['ForcedLabour'] });
    expect(JSON.stringify(answer.body)).not.toMatch(/Exportada|Consentidaxyz/);
  });

  test('CSV: a header of HTCDS names, one quoted row per case, formulas neutralised', async () => {
    const json = (await api.call('coordinator', 'GET', `/exports/htcds?${period()}`)).body;
    const csv = await download('coordinator', `/exports/htcds?${period()}&format=csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
    expect(csv.headers.get('content-disposition')).toMatch(/^attachment; filename="htcds-/);
    expect(csv.headers.get('cache-control')).toBe('no-store');
    const [header, ...rows] = parseCsv(csv.text.replace(/^\uFEFF/, ''));
    expect(header).toEqual(Object.keys(json.cases[0]));
    expect(rows).toHaveLength(json.count);
    const column = (name: string) => header.indexOf(name);
    const row = rows.find((cells) => cells[column('cas_CaseNumber')] === formula)!;
    expect(row[column('prs_FirstName')]).toBe(`'=HYPERLINK("http://evil.example","clic")`);
    expect(row[column('prs_SecondName')]).toBe('Comas, "y" comillas');
    expect(rows.find((cells) => cells[column('cas_CaseNumber')] === unique)![column('vic_TypeOfExploitation')]).toBe('OrganRemoval');
    for (const cells of rows) expect(cells.every((cell) => !/^[=+\-@]/.test(cell))).toBe(true);
  });

  test('a page at a time: the cursor (or the CSV Link header) goes on until every case was sent once', async () => {
    const seen: string[] = [];
    let next: string | undefined = `/exports/htcds?${period()}&limit=5`;
    for (let pages = 0; next && pages < 10; pages++) {
      const answer = await api.call('coordinator', 'GET', next);
      expect(answer.status).toBe(200);
      expect(answer.body.cases.length).toBeLessThanOrEqual(5);
      seen.push(...answer.body.cases.map((row: any) => row.cas_CaseNumber));
      next = answer.body.cursor ? `/exports/htcds?${period()}&limit=5&cursor=${answer.body.cursor}` : undefined;
    }
    expect(next).toBeUndefined();
    expect(new Set(seen).size).toBe(16);
    const csv = await download('coordinator', `/exports/htcds?${period()}&format=csv&limit=5`);
    expect(csv.headers.get('link')).toMatch(/^<\/exports\/htcds\?.*cursor=.*>; rel="next"$/);
    expect((await api.call('coordinator', 'GET', `/exports/htcds?${period()}&cursor=bm90LW91cnM`)).status).toBe(400);
  });

  test('an altered cursor, or one taken to a later period, is a 400 and never a 500', async () => {
    const first = await api.call('coordinator', 'GET', `/exports/htcds?${period()}&limit=1`);
    const key = JSON.parse(Buffer.from(first.body.cursor, 'base64url').toString('utf8'));
    const altered = (change: Record<string, string>) => Buffer.from(JSON.stringify({ ...key, ...change })).toString('base64url');
    for (const cursor of [altered({ recentSk: '0000' }), altered({ recentSk: '' }), altered({ pk: '' })]) {
      const answer = await api.call('coordinator', 'GET', `/exports/htcds?${period()}&limit=1&cursor=${cursor}`);
      expect([answer.status, answer.body.error?.fields]).toEqual([400, { cursor: 'not one this API returned' }]);
    }
    const later = encodeURIComponent(new Date(Date.now() + 60_000).toISOString());
    expect((await api.call('coordinator', 'GET', `/exports/htcds?from=${later}&limit=1&cursor=${first.body.cursor}`)).status).toBe(400);
  });

  test('bad periods are refused with the field named', async () => {
    const backwards = await api.call('coordinator', 'GET', `/exports/htcds?from=2026-05-01&to=2026-04-01`);
    expect(backwards.status).toBe(400);
    expect(backwards.body.error.fields).toHaveProperty('to');
    expect((await api.call('coordinator', 'GET', '/exports/htcds')).body.error.fields).toHaveProperty('from');
  });
});

describe('anonymised release', () => {
  test('every combination of quasi-identifiers in the real export appears at least 11 times; the unique profiles are suppressed and counted', async () => {
    const answer = await api.call('coordinator', 'GET', '/exports/anonymised');
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(answer.body.k).toBe(11);
    expect(answer.body.quasiIdentifiers).toEqual(['ageBand', 'gender', 'citizenship', 'exploitationType', 'yearOfRegistration', 'countryOfExploitation']);
    const counts = new Map<string, number>();
    for (const row of answer.body.rows) {
      const key = answer.body.quasiIdentifiers.map((name: string) => row[name]).join('|');
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    expect(Math.min(...counts.values())).toBeGreaterThanOrEqual(11);
    expect(answer.body.rows.filter((row: any) => row.gender === 'woman' && row.citizenship === 'GT' && row.exploitationType === 'sexual_exploitation' && row.ageBand === '18-20' && row.countryOfExploitation === 'GT')).toHaveLength(12);
    // The four others (two Honduran men of 30-38, one of 24-26, the unique profile) reach no group of 11 at any step.
    expect(answer.body.suppressed).toBe(4);
    expect(answer.body.count).toBe(12);
    expect(answer.body.skipped.erased).toBe(1);
    const text = JSON.stringify(answer.body);
    for (const id of [consented, withheld, unique, ...commons]) expect(text).not.toContain(id);
    expect(text).not.toMatch(/stateless|organ_removal|Exportada|HYPERLINK|\d{4}-\d{2}-\d{2}/);
  });

  test('CSV: the quasi-identifiers and the status as columns, the suppressed count in a header', async () => {
    const csv = await download('coordinator', '/exports/anonymised?format=csv');
    expect(csv.status).toBe(200);
    const [header, ...rows] = parseCsv(csv.text.replace(/^\uFEFF/, ''));
    expect(header).toEqual(['ageBand', 'gender', 'citizenship', 'exploitationType', 'yearOfRegistration', 'countryOfExploitation', 'traffickingStatus']);
    expect(Number(csv.headers.get('x-suppressed')) + rows.length).toBe(16);
    expect(csv.headers.get('x-k')).toBe('11');
  });
});

describe('exports are audited and refused to anyone else', () => {
  test('each exported case shows the export on its access log; the export chain says who, what and how many rows', async () => {
    await api.call('coordinator', 'GET', `/exports/htcds?${period()}`);
    const log = await api.call('coordinator', 'GET', `/cases/${withheld}/access-log`);
    expect(log.body.entries).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'read', view: 'export-htcds', role: 'coordinator' })]));
    const exports = await api.call('admin', 'GET', '/exports/log');
    expect(exports.status).toBe(200);
    expect(exports.body.verified).toBe(true);
    const htcds = exports.body.entries.find((entry: any) => entry.view === 'htcds' && entry.export.rows === 16 && !entry.export.more);
    expect(htcds).toMatchObject({ event: 'export', role: 'coordinator', export: { format: 'json', erasedSkipped: 1 } });
    expect(exports.body.entries.find((entry: any) => entry.view === 'anonymised')).toMatchObject({ role: 'coordinator', export: { k: 11, suppressed: expect.any(Number) } });
    expect(JSON.stringify(exports.body)).not.toMatch(/Exportada|Reservada|HYPERLINK/);
  });

  test('403 for a screener, a shelter, law enforcement and an administrator', async () => {
    for (const user of ['screener', 'shelter1', 'liaison', 'admin']) {
      for (const path of [`/exports/htcds?${period()}`, '/exports/anonymised']) {
        const answer = await api.call(user, 'GET', path);
        expect(answer.status, `${user} ${path}`).toBe(403);
        expect(answer.body.error.code).toBe('FORBIDDEN');
      }
    }
    expect((await api.call('screener', 'GET', '/exports/log')).status).toBe(403);
  });
});
