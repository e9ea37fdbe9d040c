// One person, one consent, across the cases linked as the same person (attack finding F1), through
// the HTTP API of a real local host: a withdrawal on one case reaches the linked case's views and
// exports; a later grant re-grants only the case it was given for; a link brings both cases to the
// more restrictive consent (and ends law enforcement's referral); a withdrawal racing the link
// still reaches both; erasure names the linked cases and erases them only when asked; subject
// access lists them.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { apiClient, likelyLabourTrafficking, newKey, screening } from '../helpers/api.ts';
import { eventually, startTestHost, type TestHost } from '../helpers/local-host.ts';

let host: TestHost;
let api: ReturnType<typeof apiClient>;
const started = new Date(Date.now() - 60_000).toISOString();

beforeAll(async () => {
  host = await startTestHost();
  api = apiClient(host);
});
afterAll(async () => host?.stop());

/** A surname no other test uses: letters only, so every spelling rule leaves it as it is. */
const surname = () => `Zul${Array.from({ length: 6 }, () => 'bdfkmprt'[Math.floor(Math.random() * 8)]).join('')}o`;

async function screen(answers: Record<string, unknown>): Promise<string> {
  const filed = await api.call('screener', 'POST', '/screenings', screening({ shelterNeeded: 'no', ...answers }), { 'idempotency-key': newKey() });
  expect(filed.status, JSON.stringify(filed.body)).toBe(201);
  return filed.body.caseId;
}

/** The same person screened twice (two spellings), and the pair's review task. */
async function screenedTwice(first: Record<string, unknown>, second: Record<string, unknown> = first) {
  const family = surname();
  const one = await screen({ givenName: 'María José', familyName: `López ${family}`, ageEstimate: 28, gender: 'woman', nationality: 'SV', ...first });
  const other = await screen({ givenName: 'Maria Jose', familyName: `Lopez ${family}`, ageEstimate: 29, gender: 'woman', nationality: 'SV', ...second });
  const review = await eventually(
    async () => (await api.call('coordinator', 'GET', '/tasks')).body.items.find((task: any) => [one, other].includes(task.caseId) && task.kind === 'duplicate-review'),
    90_000,
    'duplicate-review task',
  );
  return { one, other, family, review };
}

const samePerson = (review: { taskId: string }) => api.call('coordinator', 'POST', `/tasks/${review.taskId}/decision`, { outcome: 'same-person' });

const consent = (caseId: string, change: { lawEnforcement: string; dataSharing: string }) =>
  api.call('screener', 'POST', `/cases/${caseId}/consent`, {
    language: 'es',
    answers: { assistance: 'yes', ...change, ...(change.dataSharing === 'yes' ? { dataSharingOrganisations: 'red de protección' } : {}), explainedInLanguage: 'es', toldRevocable: 'yes' },
  });

const inboxTask = (user: string, caseId: string, kind: string) =>
  eventually(async () => (await api.call(user, 'GET', '/tasks')).body.items.find((task: any) => task.caseId === caseId && task.kind === kind), 60_000, `${kind} task for ${user}`);

const coordinatorView = async (caseId: string) => (await api.call('coordinator', 'GET', `/cases/${caseId}`)).body;

/** A case's row of the HTCDS export. */
async function exported(caseId: string) {
  const answer = await api.call('coordinator', 'GET', `/exports/htcds?from=${encodeURIComponent(started)}&to=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`);
  expect(answer.status).toBe(200);
  return answer.body.cases.find((row: any) => row.cas_CaseNumber === caseId);
}

const asylumNeed = { fearOfReturn: 'yes', persecutionGrounds: ['political_opinion'] };

describe('consent follows the person across linked cases', () => {
  test('a withdrawal on one case reaches the linked case (export, receiving organisation); a later grant re-grants only its own case', async () => {
    const { one, other, family, review } = await screenedTwice(asylumNeed);
    expect((await samePerson(review)).status).toBe(200);
    const referral = await inboxTask('asylum', other, 'asylum-referral');
    expect(referral.brief.answers.familyName).toBe(`Lopez ${family}`);
    expect((await exported(other)).prs_SecondName).toBe(`Lopez ${family}`);

    expect((await consent(one, { lawEnforcement: 'no', dataSharing: 'no' })).status).toBe(200);

    expect(await exported(other)).toMatchObject({ prs_FirstName: null, prs_SecondName: null });
    const asylumView = await api.call('asylum', 'GET', `/cases/${other}`);
    const inbox = (await api.call('asylum', 'GET', '/tasks')).body.items.find((item: any) => item.taskId === referral.taskId);
    for (const seen of [JSON.stringify(asylumView.body), JSON.stringify(inbox)]) expect(seen).not.toContain(family);
    const followed = (await coordinatorView(other)).consent;
    expect(followed).toMatchObject({ dataSharing: 'no' });
    expect(followed.changes.at(-1)).toMatchObject({ dataSharing: 'no', followsCase: one });

    // Given again on the first case, it is the person's word for that case: the linked one waits for its own.
    expect((await consent(one, { lawEnforcement: 'no', dataSharing: 'yes' })).status).toBe(200);
    expect((await exported(one)).prs_SecondName).toBe(`López ${family}`);
    expect((await exported(other)).prs_SecondName).toBeNull();
    expect((await consent(other, { lawEnforcement: 'no', dataSharing: 'yes' })).status).toBe(200);
    expect((await exported(other)).prs_SecondName).toBe(`Lopez ${family}`);
  });

  test('a link brings both cases to the more restrictive consent: law enforcement loses the referral and the case, the export the names', async () => {
    const { one, family, review } = await screenedTwice({ ...likelyLabourTrafficking, consentLawEnforcement: 'yes' }, { ...likelyLabourTrafficking, consentLawEnforcement: 'no', consentDataSharing: 'no' });
    const liaison = await inboxTask('liaison', one, 'liaison-referral');
    expect((await exported(one)).prs_SecondName).toBe(`López ${family}`);

    expect((await samePerson(review)).status).toBe(200);

    expect((await coordinatorView(one)).consent).toMatchObject({ lawEnforcement: 'no', dataSharing: 'no' });
    const late = await api.call('liaison', 'POST', `/tasks/${liaison.taskId}/decision`, { outcome: 'acknowledged' });
    expect([late.status, late.body.error?.code]).toEqual([409, 'CONSENT_WITHDRAWN']);
    expect((await api.call('liaison', 'GET', `/cases/${one}`)).status).toBe(404);
    expect(await exported(one)).toMatchObject({ prs_FirstName: null, prs_SecondName: null });
  });

  test('a withdrawal racing the link still reaches both cases', async () => {
    const pairs = await Promise.all([0, 1, 2].map(() => screenedTwice({})));
    await Promise.all(
      pairs.map(async ({ one, review }) => {
        const [linked, withdrawn] = await Promise.all([samePerson(review), consent(one, { lawEnforcement: 'no', dataSharing: 'no' })]);
        expect([linked.status, withdrawn.status]).toEqual([200, 200]);
      }),
    );
    for (const { one, other } of pairs) {
      for (const caseId of [one, other]) expect((await coordinatorView(caseId)).consent).toMatchObject({ dataSharing: 'no', lawEnforcement: 'no' });
    }
  });
});

describe('erasure and subject access of linked cases', () => {
  test('erasure names the linked case (409 LINKED_CASES); "keep" erases one case, "erase" the whole set; subject access lists the linked cases', async () => {
    const first = await screenedTwice({});
    expect((await samePerson(first.review)).status).toBe(200);
    const access = await api.call('screener', 'GET', `/cases/${first.other}/subject-access`);
    expect(access.body.linkedCases).toEqual([first.one]);

    const unsaid = await api.call('coordinator', 'POST', `/cases/${first.one}/erasure`, { reason: 'subject-request' });
    expect([unsaid.status, unsaid.body.error.code, unsaid.body.error.fields]).toEqual([409, 'LINKED_CASES', { linkedCases: first.other }]);
    expect((await api.call('screener', 'GET', `/cases/${first.one}`)).status).toBe(200);

    const kept = await api.call('coordinator', 'POST', `/cases/${first.one}/erasure`, { reason: 'collected-in-error', linkedCases: 'keep' });
    expect(kept.status).toBe(200);
    expect((await api.call('screener', 'GET', `/cases/${first.one}`)).status).toBe(410);
    expect((await api.call('screener', 'GET', `/cases/${first.other}`)).status).toBe(200);
    expect((await api.call('screener', 'GET', `/cases/${first.other}/subject-access`)).body.linkedCases).toEqual([]);

    const second = await screenedTwice({});
    expect((await samePerson(second.review)).status).toBe(200);
    const erased = await api.call('coordinator', 'POST', `/cases/${second.other}/erasure`, { reason: 'subject-request', linkedCases: 'erase' });
    expect([erased.status, erased.body.erasedLinkedCases]).toEqual([200, [second.one]]);
    for (const caseId of [second.one, second.other]) expect((await api.call('coordinator', 'GET', `/cases/${caseId}`)).status).toBe(410);
  });
});
