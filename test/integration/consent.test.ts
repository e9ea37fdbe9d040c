// Consent and least data follow the person, not the first snapshot (issue 11 B), through the HTTP
// API of a real local host: withdrawing consent hides data and ends referrals at once, inbox reads
// are audited, a declining shelter steps back, concurrent changes are all kept, retried decisions
// are safe. Also the bad input that once reached a 5xx (D) and empty lists as answers (E).
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
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

const submit = async (extra: Record<string, unknown>) => {
  const answer = await api.call('screener', 'POST', '/screenings', screening(extra), { 'idempotency-key': newKey() });
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  return answer.body.caseId as string;
};

const inboxTask = (user: string, caseId: string, kind: string) =>
  eventually(async () => (await api.call(user, 'GET', '/tasks')).body.items.find((task: any) => task.caseId === caseId && task.kind === kind), 20_000, `${kind} task for ${user}`);

const consent = (caseId: string, change: { lawEnforcement: string; dataSharing: string }, user = 'screener') =>
  api.call(user, 'POST', `/cases/${caseId}/consent`, {
    language: 'es',
    answers: { assistance: 'yes', ...change, ...(change.dataSharing === 'yes' ? { dataSharingOrganisations: 'red de protección' } : {}), explainedInLanguage: 'es', toldRevocable: 'yes' },
  });

/** Everything kept under a case's partition, straight from DynamoDB Local. */
async function caseItems(caseId: string): Promise<Record<string, any>[]> {
  const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
  const documents = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: host.dynamodbEndpoint, region: 'us-east-1', credentials }));
  const { Items } = await documents.send(new QueryCommand({ TableName: 'puente', KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `CASE#${caseId}` } }));
  return Items ?? [];
}

const asylumCase = { fearOfReturn: 'yes', persecutionGrounds: ['political_opinion'], givenName: 'Marcadora', familyName: 'Únicaxyz' };

describe('consent follows the person', () => {
  test('withdrawing data sharing hides names and answers from the asylum authority in GET /cases/{id} and GET /tasks at once', async () => {
    const caseId = await submit(asylumCase);
    const task = await inboxTask('asylum', caseId, 'asylum-referral');
    expect(task.brief.answers.givenName).toBe('Marcadora');
    expect((await api.call('asylum', 'GET', `/cases/${caseId}`)).body.answers.familyName).toBe('Únicaxyz');

    expect((await consent(caseId, { lawEnforcement: 'yes', dataSharing: 'no' })).status).toBe(200);

    const inbox = (await api.call('asylum', 'GET', '/tasks')).body.items.find((item: any) => item.taskId === task.taskId);
    const view = (await api.call('asylum', 'GET', `/cases/${caseId}`)).body;
    for (const seen of [JSON.stringify(inbox), JSON.stringify(view)]) {
      expect(seen).not.toContain('Marcadora');
      expect(seen).not.toContain('Únicaxyz');
      expect(seen).not.toContain('political_opinion');
    }
    // The interviewing team still reads the whole interview.
    expect(JSON.stringify((await api.call('screener', 'GET', `/cases/${caseId}`)).body)).toContain('Marcadora');
  });

  test('withdrawing law-enforcement consent withdraws the open liaison task; a later decision on it is refused with 409 CONSENT_WITHDRAWN', async () => {
    const caseId = await submit(likelyLabourTrafficking);
    const liaison = await inboxTask('liaison', caseId, 'liaison-referral');

    expect((await consent(caseId, { lawEnforcement: 'no', dataSharing: 'yes' })).status).toBe(200);

    const inbox = (await api.call('liaison', 'GET', '/tasks')).body.items;
    expect(inbox.find((item: any) => item.taskId === liaison.taskId)).toBeUndefined();
    const late = await api.call('liaison', 'POST', `/tasks/${liaison.taskId}/decision`, { outcome: 'acknowledged' });
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('CONSENT_WITHDRAWN');
    expect(late.body.error.message).toMatch(/withdrew their consent/);
    // The liaison no longer opens the case, and the workflow's branch ends without a referral.
    expect((await api.call('liaison', 'GET', `/cases/${caseId}`)).status).toBe(404);
    const view = await eventually(async () => {
      const current = (await api.call('coordinator', 'GET', `/cases/${caseId}`)).body;
      return current.tasks.find((task: any) => task.taskId === liaison.taskId)?.status === 'withdrawn' ? current : undefined;
    }, 20_000, 'the liaison task withdrawn');
    expect(view.steps.some((step: any) => step.event === 'withdrawn' && step.summary.reason === 'consent-withdrawn')).toBe(true);
  });

  test('reading the inbox is a read of the person: each GET /tasks that shows answers is audited like GET /cases/{id}', async () => {
    const caseId = await submit(asylumCase);
    await inboxTask('asylum', caseId, 'asylum-referral');
    const audits = (await caseItems(caseId)).filter((item) => item.sk.startsWith('AUDIT#'));
    const inboxReads = audits.filter((item) => item.view === 'inbox' && item.role === 'asylum' && item.organisationId === 'org-asylum-authority');
    expect(inboxReads.length).toBeGreaterThanOrEqual(1);
  });

  test('a shelter that declined no longer sees the case; a shelter that accepted still does', async () => {
    const caseId = await submit({ ...likelyLabourTrafficking, shelterNeeded: 'yes' });
    const first = await inboxTask('shelter2', caseId, 'placement');
    expect((await api.call('shelter2', 'GET', `/cases/${caseId}`)).status).toBe(200);
    expect((await api.call('shelter2', 'POST', `/tasks/${first.taskId}/decision`, { outcome: 'declined', reason: 'full' })).status).toBe(200);
    expect((await api.call('shelter2', 'GET', `/cases/${caseId}`)).status).toBe(404);
    expect((await api.call('shelter2', 'GET', '/cases')).body.items.some((row: any) => row.caseId === caseId)).toBe(false);

    const second = await inboxTask('shelter4', caseId, 'placement');
    expect((await api.call('shelter4', 'POST', `/tasks/${second.taskId}/decision`, { outcome: 'accepted' })).status).toBe(200);
    const view = await api.call('shelter4', 'GET', `/cases/${caseId}`);
    expect(view.status).toBe(200);
    expect(view.body.answers.gender).toBe('man');
  });

  test('ten concurrent consent changes keep ten entries', async () => {
    const caseId = await submit({});
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => consent(caseId, { lawEnforcement: i % 2 ? 'yes' : 'later', dataSharing: 'yes' })));
    expect(answers.map((answer) => answer.status)).toEqual(Array(10).fill(200));
    const view = (await api.call('coordinator', 'GET', `/cases/${caseId}`)).body;
    expect(view.consent.changes).toHaveLength(10);
    expect(view.steps.filter((step: any) => step.event === 'consent')).toHaveLength(10);
  });

  test('a retried decision (lost response) gets the first answer back; another decision by the same person is still a 409', async () => {
    const caseId = await submit({ ...likelyLabourTrafficking, shelterNeeded: 'yes' });
    const task = await inboxTask('shelter2', caseId, 'placement');
    const first = await api.call('shelter2', 'POST', `/tasks/${task.taskId}/decision`, { outcome: 'accepted' });
    const retry = await api.call('shelter2', 'POST', `/tasks/${task.taskId}/decision`, { outcome: 'accepted' });
    expect([first.status, retry.status]).toEqual([200, 200]);
    expect(retry.body.taskId).toBe(first.body.taskId);
    const other = await api.call('shelter2', 'POST', `/tasks/${task.taskId}/decision`, { outcome: 'declined', reason: 'changed my mind' });
    expect(other.status).toBe(409);
    const keyed = await api.call('shelter2', 'POST', `/tasks/${task.taskId}/decision`, { outcome: 'accepted' }, { 'idempotency-key': 'another' });
    expect(keyed.status).toBe(409);
    const view = (await api.call('coordinator', 'GET', `/cases/${caseId}`)).body;
    expect(view.steps.filter((step: any) => step.event === 'decision')).toHaveLength(1);
  });

  test('a screener who files a tip reads it', async () => {
    const tip = { formId: 'labour-tip', formVersion: 1, language: 'es', answers: { workplaceName: 'Finca', workplaceAddress: 'Km 5', country: 'GT', sector: 'agriculture', howObserved: 'worker_complaint', immediateDangerObserved: 'no', iloDebtBondage: 'yes' } };
    const filed = await api.call('screener', 'POST', '/tips', tip, { 'idempotency-key': newKey() });
    expect(filed.status, JSON.stringify(filed.body)).toBe(201);
    const read = await api.call('screener', 'GET', `/tips/${filed.body.tipId}`);
    expect(read.status).toBe(200);
    expect(read.body.answers.workplaceName).toBe('Finca');
    expect((await api.call('shelter1', 'GET', `/tips/${filed.body.tipId}`)).status).toBe(403);
  });
});

describe('bad input gets a clear answer, never a 5xx (D) — and empty lists are answers (E)', () => {
  test('a foreign but decodable cursor, a garbled one and an over-long id are 4xx', async () => {
    for (const path of ['/cases?cursor=e30', '/cases?cursor=%%%', '/tasks?cursor=e30', `/cases/c-${'a'.repeat(3000)}`, '/cases?cursor=eyJwayI6eyJTIjoieCJ9fQ']) {
      const answer = await api.call('coordinator', 'GET', path);
      expect({ path, status: answer.status < 500 && answer.status >= 400 }).toEqual({ path, status: true });
    }
  });

  test('answers with their own toString and valueOf are refused with 400, not a 5xx', async () => {
    for (const answers of [{ toString: 'x' }, { valueOf: 1 }, { ...screening().answers, ageEstimate: { valueOf: 3, toString: 'x' } }, { ...screening().answers, languages: { toString: 'es' } }]) {
      const answer = await api.call('screener', 'POST', '/screenings', { ...screening(), answers }, { 'idempotency-key': newKey() });
      expect(answer.status, JSON.stringify(answer.body)).toBe(400);
    }
  });

  test('transitCountries: [] and exploitationTypes: [] are accepted; languages: [] is not', async () => {
    await submit({ transitCountries: [], workedOrExploited: 'yes', exploitationTypes: [] });
    const noLanguage = await api.call('screener', 'POST', '/screenings', screening({ languages: [] }), { 'idempotency-key': newKey() });
    expect(noLanguage.status).toBe(400);
    expect(Object.keys(noLanguage.body.error.fields)).toContain('answers.languages');
  });
});
