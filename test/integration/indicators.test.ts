// Common indicators and the regional exchange through the HTTP API of two real local hosts (two
// data directories, two ports, two countries): figures counted when they happen, small cells
// suppressed in what leaves a deployment, a bulletin signed by one host verified and imported by
// the other, and tampered, unknown or malformed bulletins refused with nothing stored.
import { CompactSign, exportJWK, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { apiClient, likelyLabourTrafficking, newKey, screening } from '../helpers/api.ts';
import { eventually, startTestHost, type TestHost } from '../helpers/local-host.ts';

let guatemala: TestHost;
let costaRica: TestHost;
let gt: ReturnType<typeof apiClient>;
let cr: ReturnType<typeof apiClient>;
const started = new Date(Date.now() - 60_000).toISOString();
const month = new Date().toISOString().slice(0, 7);

beforeAll(async () => {
  [guatemala, costaRica] = await Promise.all([startTestHost(), startTestHost({ env: { PUENTE_COUNTRY: 'CR', PUENTE_DEPLOYMENT_NAME: 'Puente Costa Rica' } })]);
  gt = apiClient(guatemala);
  cr = apiClient(costaRica);
}, 120_000);
afterAll(async () => Promise.all([guatemala?.stop(), costaRica?.stop()]));

const until = () => new Date(Date.now() + 3_600_000).toISOString();
const indicators = async () => {
  const answer = await gt.call('coordinator', 'GET', `/indicators?from=${started}&to=${until()}`);
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return answer.body;
};
const cellOf = (body: any, id: string, row: string, column: string) => {
  const table = body.indicators.find((one: any) => one.id === id);
  return table.rows.find((one: any) => one.key === row)?.values[table.columns.indexOf(column)];
};

describe('common indicators', () => {
  test('a screening and its placement are counted when each happens, through GET /indicators', async () => {
    const answer = await gt.call('screener', 'POST', '/screenings', screening({ ...likelyLabourTrafficking, shelterNeeded: 'yes', nationality: 'SV' }), { 'idempotency-key': newKey() });
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    const caseId = answer.body.caseId;

    // Assessed and referred: counted by determination, nationality and a placement sent, not yet a placement made.
    const referred = await eventually(async () => {
      const body = await indicators();
      return cellOf(body, 'referrals-by-kind', 'placement', 'sent') === 1 ? body : undefined;
    }, 30_000, 'the placement referral counted');
    expect(cellOf(referred, 'screened-by-determination', 'likely', 'people')).toBe(1);
    expect(cellOf(referred, 'screened-by-nationality', 'SV', 'people')).toBe(1);
    expect(cellOf(referred, 'screened-by-gender-and-age', 'man', 'all')).toBe(1);
    expect(cellOf(referred, 'time-to-protection', 'placement', 'people')).toBe(0);

    const task = await eventually(async () => (await gt.call('shelter2', 'GET', '/tasks')).body.items.find((one: any) => one.caseId === caseId && one.kind === 'placement'), 20_000, 'placement task');
    expect((await gt.call('shelter2', 'POST', `/tasks/${task.taskId}/decision`, { outcome: 'accepted' })).status).toBe(200);

    // Placed, while the case is still open (the asylum and law-enforcement branches may wait): counted now.
    const placed = await eventually(async () => {
      const body = await indicators();
      return cellOf(body, 'time-to-protection', 'placement', 'people') === 1 ? body : undefined;
    }, 20_000, 'the placement counted');
    expect(cellOf(placed, 'time-to-protection', 'placement', 'median-hours')).toBeGreaterThanOrEqual(0);
    expect(cellOf(placed, 'referrals-by-organisation', 'org-shelter-men', 'accepted')).toBe(1);
    expect(cellOf(placed, 'referrals-by-kind', 'placement', 'accepted')).toBe(1);
    expect(placed.definitionsVersion).toBe(1);

    // A period before the screening counts nothing.
    const before = await gt.call('coordinator', 'GET', '/indicators?from=2020-01-01&to=2020-02-01');
    expect(cellOf(before.body, 'screened-by-determination', 'total', 'people')).toBe(0);
  }, 90_000);

  test('the CSV download suppresses small cells: no count below 11 leaves as it is', async () => {
    const answer = await fetch(`${guatemala.url}/indicators?from=${started}&to=${until()}&format=csv`, { headers: { authorization: `Bearer ${await gt.token('coordinator')}` } });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toContain('text/csv');
    expect(answer.headers.get('content-disposition')).toContain('attachment');
    const csv = await answer.text();
    expect(csv).toContain('screened-by-determination,total,people,<11');
    const counts = csv.trim().split('\n').slice(1).map((line) => line.split(','));
    for (const [indicator, , column, value] of counts) {
      if (!/hours|share/.test(column)) expect(`${indicator} ${column} ${value}`).toMatch(/ (<11|\d{2,})$/);
    }
  });

  test('only coordinators read indicators; a wrong period is a 400 naming the field', async () => {
    expect((await gt.call('screener', 'GET', `/indicators?from=${started}&to=${until()}`)).status).toBe(403);
    const wrong = await gt.call('coordinator', 'GET', `/indicators?from=${until()}&to=${started}`);
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.fields).toHaveProperty('to');
    expect((await gt.call('coordinator', 'GET', '/indicators/bulletin?period=2026-13')).status).toBe(400);
  });
});

describe('regional bulletins between two hosts', () => {
  test('a bulletin signed by Costa Rica is verified and imported by Guatemala; tampered or unknown ones are refused and nothing is stored', async () => {
    const issued = await cr.call('coordinator', 'GET', `/indicators/bulletin?period=${month}`);
    expect(issued.status, JSON.stringify(issued.body)).toBe(200);
    expect(issued.body.document).toMatchObject({ schema: 'puente-bulletin/1', country: 'CR', period: month, definitionsVersion: 1, smallCellThreshold: 11 });
    const jws: string = issued.body.bulletin;
    expect(jws.split('.')).toHaveLength(3);

    // Before Costa Rica is registered, its signer is unknown.
    expect((await gt.call('coordinator', 'POST', '/regional/bulletins', { bulletin: jws })).body.error.code).toBe('UNKNOWN_SIGNER');

    const jwks = await fetch(`${costaRica.url}/.well-known/jwks.json`);
    expect(jwks.status).toBe(200);
    const { keys } = await jwks.json();
    expect(keys[0]).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256' });
    expect(keys[0]).not.toHaveProperty('d');
    expect((await gt.call('screener', 'POST', '/regional/peers', { country: 'CR', name: 'Costa Rica', jwk: keys[0] })).status).toBe(403);
    const registered = await gt.call('coordinator', 'POST', '/regional/peers', { country: 'CR', name: 'Costa Rica', jwk: keys[0] });
    expect(registered.status, JSON.stringify(registered.body)).toBe(201);
    expect(registered.body.kid).toBe(keys[0].kid);

    // Tampered: a figure changed in the payload, the signature kept.
    const [header, payload, signature] = jws.split('.');
    const altered = JSON.parse(Buffer.from(payload, 'base64url').toString());
    altered.deployment = 'Someone else';
    const tampered = `${header}.${Buffer.from(JSON.stringify(altered)).toString('base64url')}.${signature}`;
    const refused = await gt.call('coordinator', 'POST', '/regional/bulletins', { bulletin: tampered });
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('BAD_SIGNATURE');
    const notJws = await gt.call('coordinator', 'POST', '/regional/bulletins', { bulletin: 'not a bulletin' });
    expect([notJws.status, notJws.body.error.code]).toEqual([400, 'INVALID_BULLETIN']);
    const nothing = await gt.call('coordinator', 'GET', `/regional/indicators?period=${month}`);
    expect(nothing.body.countries.map((one: any) => one.country)).toEqual(['GT']);

    // The real one: verified under the registered key, stored, and drawn side by side.
    const imported = await gt.call('coordinator', 'POST', '/regional/bulletins', { bulletin: jws });
    expect(imported.status, JSON.stringify(imported.body)).toBe(201);
    expect(imported.body).toMatchObject({ country: 'CR', period: month });
    const region = await gt.call('coordinator', 'GET', `/regional/indicators?period=${month}`);
    expect(region.status).toBe(200);
    expect(region.body.countries).toEqual([expect.objectContaining({ country: 'GT', own: true }), expect.objectContaining({ country: 'CR', name: 'Puente Costa Rica', own: false })]);
    const determination = region.body.indicators.find((one: any) => one.id === 'screened-by-determination');
    expect(Object.keys(determination.rows.find((row: any) => row.key === 'total').byCountry)).toEqual(['GT', 'CR']);
    // Own figures leave the deployment suppressed too: one screening shows as <11.
    expect(determination.rows.find((row: any) => row.key === 'total').byCountry.GT).toEqual(['<11']);
  }, 60_000);

  test('a peer registering its own country is refused; a bulletin in the wrong shape or with a small count is refused', async () => {
    const { publicKey, privateKey } = await generateKeyPair('ES256');
    const jwk = await exportJWK(publicKey);
    expect((await gt.call('coordinator', 'POST', '/regional/peers', { country: 'GT', name: 'Us', jwk })).body.error.code).toBe('OWN_COUNTRY');
    expect((await gt.call('coordinator', 'POST', '/regional/peers', { country: 'PA', name: 'Panamá', jwk: { ...jwk, d: 'c2VjcmV0' } })).status).toBe(400);
    const kid = (await gt.call('coordinator', 'POST', '/regional/peers', { country: 'PA', name: 'Panamá', jwk })).body.kid;
    const signed = (document: unknown) => new CompactSign(Buffer.from(JSON.stringify(document))).setProtectedHeader({ alg: 'ES256', kid }).sign(privateKey);
    const base = {
      schema: 'puente-bulletin/1',
      country: 'PA',
      deployment: 'Puente Panamá',
      period: month,
      from: '2026-11-01T00:00:00.000Z',
      to: '2026-12-01T00:00:00.000Z',
      definitionsVersion: 1,
      smallCellThreshold: 11,
      issuedAt: new Date().toISOString(),
      indicators: [{ id: 'screened-by-determination', columns: ['people'], rows: [{ key: 'total', values: ['<11'] }] }],
    };
    const { period: _period, ...withoutPeriod } = base;
    const schema = await gt.call('coordinator', 'POST', '/regional/bulletins', { bulletin: await signed(withoutPeriod) });
    expect([schema.status, schema.body.error.code]).toEqual([422, 'BULLETIN_SCHEMA']);
    expect(schema.body.error.fields).toHaveProperty('period');
    const small = await gt.call('coordinator', 'POST', '/regional/bulletins', { bulletin: await signed({ ...base, indicators: [{ ...base.indicators[0], rows: [{ key: 'total', values: [3] }] }] }) });
    expect([small.status, small.body.error.code]).toEqual([422, 'SMALL_CELLS']);
    const otherCountry = await gt.call('coordinator', 'POST', '/regional/bulletins', { bulletin: await signed({ ...base, country: 'CR' }) });
    expect([otherCountry.status, otherCountry.body.error.code]).toEqual([422, 'SIGNER_MISMATCH']);
    const region = await gt.call('coordinator', 'GET', `/regional/indicators?period=${month}`);
    expect(region.body.countries.map((one: any) => one.country)).not.toContain('PA');
  });
});
