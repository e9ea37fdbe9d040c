// Possible duplicates (issue 16, item 7): a person screened twice under different spellings is
// found through the blind index; the coordinator, and only the coordinator, sees the pair and a
// duplicate-review task with both cases side by side; same-person links the cases, different-person
// dismisses the pair for good; an erased case drops out of matching.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { apiClient, newKey, screening } from '../helpers/api.ts';
import { eventually, startTestHost, type TestHost } from '../helpers/local-host.ts';

let host: TestHost;
let api: ReturnType<typeof apiClient>;

beforeAll(async () => {
  host = await startTestHost();
  api = apiClient(host);
});
afterAll(async () => host?.stop());

/** A surname no other test uses: letters only, so every spelling rule leaves it as it is. */
const surname = () => `Zub${Array.from({ length: 6 }, () => 'bdfkmprt'[Math.floor(Math.random() * 8)]).join('')}a`;

async function screen(answers: Record<string, unknown>): Promise<string> {
  const filed = await api.call('screener', 'POST', '/screenings', screening({ shelterNeeded: 'no', consentLawEnforcement: 'no', ...answers }), { 'idempotency-key': newKey() });
  expect(filed.status).toBe(201);
  return filed.body.caseId;
}

const coordinatorView = async (caseId: string) => (await api.call('coordinator', 'GET', `/cases/${caseId}`)).body;
/** The pair's review: asked for by whichever case's check recorded the pair first. */
const reviewTask = (pair: string[]) =>
  eventually(async () => (await api.call('coordinator', 'GET', '/tasks')).body.items.find((task: any) => pair.includes(task.caseId) && task.kind === 'duplicate-review'), 60_000, `duplicate-review task for ${pair}`);
/** How often the duplicate check of a case has run to its end. */
const checksRun = async (caseId: string) => (await coordinatorView(caseId)).steps.filter((step: any) => step.state === 'FindPossibleDuplicates' && step.event === 'succeeded');

describe('possible duplicates', () => {
  test('the same person under two spellings: the coordinator sees the pair and reviews it side by side; same-person links both cases', async () => {
    const family = surname();
    const first = await screen({ givenName: 'José María', familyName: `García ${family}`, ageEstimate: 30, gender: 'man', nationality: 'HN' });
    const second = await screen({ givenName: 'Jose Maria', familyName: `${family} Garsia`, ageEstimate: 31, gender: 'man', nationality: 'HN' });

    const task = await reviewTask([first, second]);
    const reviewer = task.caseId as string;
    expect(task.pair.score).toBeGreaterThanOrEqual(0.7);
    expect(task.pair.reasons).toEqual(expect.arrayContaining(['given-name', 'family-name', 'birth-year', 'nationality', 'gender']));
    expect(task.pair.cases.map((side: any) => side.caseId)).toEqual(reviewer === second ? [second, first] : [first, second]);
    expect(task.pair.cases.find((side: any) => side.caseId === first).answers).toMatchObject({ givenName: 'José María', familyName: `García ${family}` });
    // One review for the pair, whichever check found it first.
    expect((await api.call('coordinator', 'GET', '/tasks')).body.items.filter((item: any) => item.kind === 'duplicate-review' && [first, second].includes(item.caseId))).toHaveLength(1);

    for (const [caseId, other] of [
      [second, first],
      [first, second],
    ]) {
      expect((await coordinatorView(caseId)).possibleDuplicates).toEqual([{ caseId: other, score: task.pair.score, reasons: task.pair.reasons }]);
    }
    // Not the screening team's to see, nor another organisation's.
    const screenerView = await api.call('screener', 'GET', `/cases/${second}`);
    expect(screenerView.status).toBe(200);
    expect(screenerView.body).not.toHaveProperty('possibleDuplicates');
    expect(screenerView.body).not.toHaveProperty('linkedCases');
    expect((await api.call('screener', 'GET', '/tasks')).body.items.filter((item: any) => item.kind === 'duplicate-review')).toEqual([]);
    expect((await api.call('shelter1', 'GET', `/cases/${second}`)).status).toBe(404);

    const decided = await api.call('coordinator', 'POST', `/tasks/${task.taskId}/decision`, { outcome: 'same-person' });
    expect(decided.status).toBe(200);
    expect(await coordinatorView(second)).toMatchObject({ linkedCases: [first], possibleDuplicates: [] });
    expect(await coordinatorView(first)).toMatchObject({ linkedCases: [second], possibleDuplicates: [] });
    // The check ran again after the decision and proposed nothing more.
    await eventually(async () => ((await checksRun(reviewer)).length === 2 ? true : undefined), 60_000, 'second duplicate check');
    expect((await checksRun(reviewer))[1].summary).toEqual({ found: 0 });
  });

  test('different-person dismisses the pair for good: the check runs again and does not propose it', async () => {
    const family = surname();
    const sister = await screen({ givenName: 'Ana Lucía', familyName: `Flores ${family}`, ageEstimate: 19, gender: 'woman', nationality: 'GT' });
    const other = await screen({ givenName: 'Ana Lucia', familyName: `Florez ${family}`, ageEstimate: 20, gender: 'woman', nationality: 'GT' });
    const task = await reviewTask([sister, other]);
    expect((await api.call('coordinator', 'POST', `/tasks/${task.taskId}/decision`, { outcome: 'different-person' })).status).toBe(200);
    await eventually(async () => ((await checksRun(task.caseId)).length === 2 ? true : undefined), 60_000, 'second duplicate check');
    expect((await checksRun(task.caseId))[1].summary).toEqual({ found: 0 });
    for (const caseId of [other, sister]) expect(await coordinatorView(caseId)).toMatchObject({ possibleDuplicates: [], linkedCases: [] });
    expect((await api.call('coordinator', 'GET', '/tasks')).body.items.filter((item: any) => item.kind === 'duplicate-review' && [other, sister].includes(item.caseId))).toEqual([]);
  });

  test('a correction of the names refreshes the blind index in its write: the person is found under the corrected names, no longer under the old ones', async () => {
    const [old, corrected] = [surname(), surname()];
    const person = { ageEstimate: 40, gender: 'man', nationality: 'NI' };
    const caseId = await screen({ givenName: 'Wilmer', familyName: `Castro ${old}`, ...person });
    await eventually(async () => ((await checksRun(caseId)).length ? true : undefined), 60_000, 'first duplicate check');
    const correction = await api.call('screener', 'POST', `/cases/${caseId}/corrections`, { answers: { givenName: 'Édgar', familyName: `Bonilla ${corrected}` }, reason: 'names misheard' });
    expect(correction.status, JSON.stringify(correction.body)).toBe(200);

    const underOld = await screen({ givenName: 'Wilmer', familyName: `Castro ${old}`, ...person });
    const underNew = await screen({ givenName: 'Edgar', familyName: `Bonilla ${corrected}`, ...person });
    await eventually(async () => ((await checksRun(underOld)).length && (await checksRun(underNew)).length ? true : undefined), 60_000, 'duplicate checks');
    expect((await checksRun(underOld))[0].summary).toEqual({ found: 0 });
    expect((await coordinatorView(underNew)).possibleDuplicates.map((pair: any) => pair.caseId)).toEqual([caseId]);
  });

  test('an erased case drops out of matching', async () => {
    const family = surname();
    const erased = await screen({ givenName: 'Kevin Josué', familyName: `Aguilar ${family}`, ageEstimate: 25, gender: 'man', nationality: 'HN' });
    await eventually(async () => ((await checksRun(erased)).length ? true : undefined), 60_000, 'first duplicate check');
    expect((await api.call('coordinator', 'POST', `/cases/${erased}/erasure`, { reason: 'subject-request' })).status).toBe(200);
    const again = await screen({ givenName: 'Kevin Josue', familyName: `Aguilar ${family}`, ageEstimate: 25, gender: 'man', nationality: 'HN' });
    await eventually(async () => ((await checksRun(again)).length ? true : undefined), 60_000, 'duplicate check');
    expect((await checksRun(again))[0].summary).toEqual({ found: 0 });
    expect((await coordinatorView(again)).possibleDuplicates).toEqual([]);
  });
});
