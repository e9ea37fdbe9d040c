// A shelter keeps its own count of free beds through the API (issue 14, item 11): its own
// organisation only, the count and nothing else, and never over a bed a placement took meanwhile.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { apiClient, likelyLabourTrafficking, newKey, screening } from '../helpers/api.ts';
import { eventually, startTestHost, type TestHost } from '../helpers/local-host.ts';

let host: TestHost;
let api: ReturnType<typeof apiClient>;
beforeAll(async () => {
  host = await startTestHost();
  api = apiClient(host);
});
afterAll(async () => host?.stop());

const own = '/organizations/org-shelter-women-children/beds';
const coordinatorsView = async (id: string) => (await api.call('coordinator', 'GET', '/organizations')).body.items.find((org: any) => org.id === id);

describe("a shelter's free beds", () => {
  test('shelter1 reads and sets its own count; coordinators see it, and the version moves on', async () => {
    const read = await api.call('shelter1', 'GET', own);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id: 'org-shelter-women-children', capacity: 12, bedsFree: 4 });
    const set = await api.call('shelter1', 'PUT', own, { bedsFree: 7 }, { 'if-match': `"${read.body.version}"` });
    expect(set.status).toBe(200);
    expect(set.body).toEqual({ id: 'org-shelter-women-children', bedsFree: 7, version: read.body.version + 1 });
    const seen = await coordinatorsView('org-shelter-women-children');
    expect(seen.shelter).toMatchObject({ bedsFree: 7, capacity: 12, sexes: ['woman', 'transgender_nonconforming', 'undisclosed'] });
    expect(seen.version).toBe(read.body.version + 1);
  });

  test("another organisation's beds: 404 NOT_YOUR_SHELTER, read or changed, and nothing changes", async () => {
    const before = await coordinatorsView('org-shelter-men');
    for (const [method, body] of [['GET', undefined], ['PUT', { bedsFree: 0 }]] as const) {
      const answer = await api.call('shelter1', method, '/organizations/org-shelter-men/beds', body, { 'if-match': `"${before.version}"` });
      expect([answer.status, answer.body.error.code]).toEqual([404, 'NOT_YOUR_SHELTER']);
    }
    expect(await coordinatorsView('org-shelter-men')).toEqual(before);
    // Other roles have no such route at all; coordinators keep PUT /organizations/{id} for the whole record.
    expect((await api.call('coordinator', 'PUT', own, { bedsFree: 1 })).status).toBe(403);
    expect((await api.call('screener', 'GET', own)).status).toBe(403);
  });

  test('only the count: other fields, a count above capacity, or no If-Match are refused, naming what is wrong', async () => {
    const { version } = (await api.call('shelter1', 'GET', own)).body;
    const before = await coordinatorsView('org-shelter-women-children');
    const widened = await api.call('shelter1', 'PUT', own, { bedsFree: 3, capacity: 40, name: 'Renamed' }, { 'if-match': `"${version}"` });
    expect([widened.status, widened.body.error.code]).toEqual([400, 'INVALID_REQUEST']);
    const overCapacity = await api.call('shelter1', 'PUT', own, { bedsFree: 13 }, { 'if-match': `"${version}"` });
    expect([overCapacity.status, overCapacity.body.error.code, overCapacity.body.error.fields]).toEqual([400, 'BEDS_OVER_CAPACITY', { bedsFree: 'at most 12' }]);
    const blind = await api.call('shelter1', 'PUT', own, { bedsFree: 3 });
    expect([blind.status, blind.body.error.code]).toEqual([428, 'PRECONDITION_REQUIRED']);
    expect((await api.call('shelter1', 'PUT', own, { bedsFree: -1 }, { 'if-match': `"${version}"` })).status).toBe(400);
    expect(await coordinatorsView('org-shelter-women-children')).toEqual(before);
  });

  test('a count made before a placement took a bed is refused (412) and gives no bed back; read again, it goes', async () => {
    const read = (await api.call('shelter1', 'GET', own)).body;
    const { caseId } = (await api.call('screener', 'POST', '/screenings', screening({ ...likelyLabourTrafficking, gender: 'woman', shelterNeeded: 'yes' }), { 'idempotency-key': newKey() })).body;
    const task = await eventually(async () => (await api.call('shelter1', 'GET', '/tasks')).body.items.find((item: any) => item.caseId === caseId && item.kind === 'placement'), 20_000, 'placement for shelter1');
    expect((await api.call('shelter1', 'POST', `/tasks/${task.taskId}/decision`, { outcome: 'accepted' })).status).toBe(200);
    const afterPlacement = (await api.call('shelter1', 'GET', own)).body;
    expect(afterPlacement).toMatchObject({ bedsFree: read.bedsFree - 1, version: read.version + 1 });
    const stale = await api.call('shelter1', 'PUT', own, { bedsFree: read.bedsFree }, { 'if-match': `"${read.version}"` });
    expect([stale.status, stale.body.error.code, stale.body.error.fields]).toEqual([412, 'PRECONDITION_FAILED', { 'If-Match': `now ${read.version + 1}` }]);
    expect((await api.call('shelter1', 'GET', own)).body.bedsFree).toBe(read.bedsFree - 1);
    const fresh = await api.call('shelter1', 'PUT', own, { bedsFree: 2 }, { 'if-match': `"${afterPlacement.version}"` });
    expect([fresh.status, fresh.body.bedsFree]).toEqual([200, 2]);
  });
});
