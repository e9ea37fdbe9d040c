// Transfer of responsibility (issue 16, item 3), through the HTTP API of a real local host: on
// acceptance the case moves, with what each organisation lists and opens; declined or lapsed,
// nothing moves; two answers at once, one outcome.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { apiClient } from '../helpers/api.ts';
import { closedCase, inboxTask, makeOverdue, openCase, timeline } from '../helpers/lifecycle.ts';
import { eventually, startTestHost, type TestHost } from '../helpers/local-host.ts';

let host: TestHost;
let api: ReturnType<typeof apiClient>;
let documents: DynamoDBDocumentClient;

beforeAll(async () => {
  host = await startTestHost({ env: { PUENTE_SCHEDULE_SECONDS: '1' } });
  api = apiClient(host);
  documents = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: host.dynamodbEndpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }));
});
afterAll(async () => host?.stop());

const transfer = (caseId: string, organisationId = 'org-screening-north', user = 'screener') => api.call(user, 'POST', `/cases/${caseId}/transfer`, { organisationId, reason: 'she moved north to live with her aunt' });
const lists = async (user: string, caseId: string) => (await api.call(user, 'GET', '/cases?limit=100')).body.items.some((row: any) => row.caseId === caseId);

describe('transfer of responsibility', () => {
  test('accepted: the receiving team lists and opens the case whole, the sending team neither; the coordination still does', async () => {
    const caseId = await openCase(api);
    // Before: the registering team sees it whole; the other team neither lists nor opens it.
    const before = (await api.call('screener', 'GET', `/cases/${caseId}`)).body;
    expect(before).toMatchObject({ responsibleOrg: 'org-coalition-screening' });
    expect(before.submission.answers.givenName).toBe('Lucía');
    expect(await lists('screener', caseId)).toBe(true);
    expect((await api.call('screener2', 'GET', `/cases/${caseId}`)).status).toBe(404);
    expect(await lists('screener2', caseId)).toBe(false);

    const asked = await transfer(caseId);
    expect(asked).toMatchObject({ status: 201, body: { from: 'org-coalition-screening', to: 'org-screening-north', status: 'pending' } });
    expect(await transfer(caseId)).toMatchObject({ status: 409, body: { error: { code: 'TRANSFER_PENDING' } } });
    const task = await inboxTask(api, 'screener2', caseId, 'transfer');
    // While it is asked, the receiving team sees no more than a receiving organisation does.
    expect((await api.call('screener2', 'GET', `/cases/${caseId}`)).body).not.toHaveProperty('submission');

    expect((await api.call('screener2', 'POST', `/tasks/${task.taskId}/decision`, { outcome: 'accepted' })).status).toBe(200);
    const after = await eventually(async () => {
      const view = await api.call('screener2', 'GET', `/cases/${caseId}`);
      return view.body.responsibleOrg === 'org-screening-north' ? view.body : undefined;
    }, 30_000, 'the case moved');
    expect(after.submission.answers.givenName).toBe('Lucía');
    expect(after.pendingTransfer).toBeUndefined();
    expect(await lists('screener2', caseId)).toBe(true);
    expect((await api.call('screener', 'GET', `/cases/${caseId}`)).status).toBe(404);
    expect(await lists('screener', caseId)).toBe(false);
    expect((await api.call('screener', 'GET', `/cases/${caseId}/notes`)).status).toBe(404);
    expect((await api.call('screener2', 'GET', `/cases/${caseId}/notes`)).status).toBe(200);
    expect((await api.call('coordinator', 'GET', `/cases/${caseId}`)).body.responsibleOrg).toBe('org-screening-north');
    expect((await timeline(api, caseId)).find((step) => step.event === 'transferred')?.summary).toMatchObject({ from: 'org-coalition-screening', to: 'org-screening-north' });
  });

  test('two answers at once: one outcome; declined, nothing moves and another transfer may be asked', async () => {
    const caseId = await openCase(api);
    await transfer(caseId);
    const task = await inboxTask(api, 'screener2', caseId, 'transfer');
    const answers = await Promise.all([
      api.call('screener2', 'POST', `/tasks/${task.taskId}/decision`, { outcome: 'declined', reason: 'no caseworker free' }),
      api.call('screener2', 'POST', `/tasks/${task.taskId}/decision`, { outcome: 'accepted' }),
    ]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409]);
    const won = answers.find((answer) => answer.status === 200) === answers[0] ? 'org-coalition-screening' : 'org-screening-north';
    await eventually(async () => ((await api.call('coordinator', 'GET', `/cases/${caseId}`)).body.pendingTransfer === undefined ? true : undefined), 30_000, 'the transfer answered');
    expect((await api.call('coordinator', 'GET', `/cases/${caseId}`)).body.responsibleOrg).toBe(won);
  });

  test('lapsed: escalated to the coordination, the sending team stays responsible, the receiving one steps back', async () => {
    const caseId = await openCase(api);
    await transfer(caseId);
    const task = await inboxTask(api, 'screener2', caseId, 'transfer');
    await makeOverdue(documents, caseId, task.taskId);
    await inboxTask(api, 'coordinator', caseId, 'escalation');
    const view = (await api.call('coordinator', 'GET', `/cases/${caseId}`)).body;
    expect(view).toMatchObject({ responsibleOrg: 'org-coalition-screening' });
    expect(view.pendingTransfer).toBeUndefined();
    expect((await api.call('screener2', 'GET', `/cases/${caseId}`)).status).toBe(404);
    expect((await transfer(caseId)).status).toBe(201);
  });

  test('refused: to a shelter (400), to an unknown organisation (404), to itself (409), a closed case (409), by another team (404)', async () => {
    const caseId = await openCase(api);
    expect(await transfer(caseId, 'org-shelter-men')).toMatchObject({ status: 400, body: { error: { code: 'NOT_A_CASE_TEAM' } } });
    expect(await transfer(caseId, 'org-nowhere')).toMatchObject({ status: 404, body: { error: { code: 'UNKNOWN_ORGANISATION' } } });
    expect(await transfer(caseId, 'org-coalition-screening')).toMatchObject({ status: 409, body: { error: { code: 'ALREADY_RESPONSIBLE' } } });
    expect((await transfer(caseId, 'org-screening-north', 'screener2')).status).toBe(404);
    expect(await transfer(await closedCase(api))).toMatchObject({ status: 409, body: { error: { code: 'CASE_CLOSED' } } });
  });
});
