// A case's plan and notes (issue 16, item 1), through the HTTP API of a real local host: each
// planned service opens a follow-up for the organisation responsible, which is reminded before it is
// due and escalated to the coordination after; notes are sealed and the case team's alone.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { apiClient } from '../helpers/api.ts';
import { closedCase, inboxTask, makeOverdue, openCase, timeline } from '../helpers/lifecycle.ts';
import { eventually, startTestHost, type TestHost } from '../helpers/local-host.ts';

let host: TestHost;
let api: ReturnType<typeof apiClient>;
let documents: DynamoDBDocumentClient;

beforeAll(async () => {
  // The overdue sweep (which also sends reminders) every second.
  host = await startTestHost({ env: { PUENTE_SCHEDULE_SECONDS: '1' } });
  api = apiClient(host);
  documents = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: host.dynamodbEndpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }));
});
afterAll(async () => host?.stop());

const inHours = (hours: number) => new Date(Date.now() + hours * 3600_000).toISOString();

describe('the case plan', () => {
  test('a planned service opens a follow-up for the organisation named, which is reminded before it is due, and decides it done', async () => {
    const caseId = await openCase(api);
    const dueAt = inHours(5);
    const planned = await api.call('screener', 'POST', `/cases/${caseId}/plan`, { service: 'medical check-up', organisationId: 'org-health', dueAt, note: 'bring the clinic letter' });
    expect(planned.status).toBe(201);
    expect(planned.body).toMatchObject({ service: 'medical check-up', organisationId: 'org-health', dueAt, status: 'planned' });

    const followUp = await inboxTask(api, 'health', caseId, 'follow-up');
    expect(followUp.dueAt).toBe(dueAt);
    // Due within the reminder period: the sweep reminds the assignee at once, on the task and the timeline (an event).
    const reminded = await inboxTask(api, 'health', caseId, 'follow-up', (task) => !!task.remindedAt);
    expect(reminded.taskId).toBe(followUp.taskId);
    expect((await timeline(api, caseId)).some((step) => step.event === 'reminded' && step.summary.taskId === followUp.taskId)).toBe(true);

    const plan = (await api.call('screener', 'GET', `/cases/${caseId}/plan`)).body.items;
    expect(plan).toEqual([expect.objectContaining({ planId: planned.body.planId, service: 'medical check-up', note: 'bring the clinic letter', overdue: false })]);

    expect((await api.call('health', 'POST', `/tasks/${followUp.taskId}/decision`, { outcome: 'not-done' })).status).toBe(400);
    expect((await api.call('health', 'POST', `/tasks/${followUp.taskId}/decision`, { outcome: 'done' })).status).toBe(200);
    await eventually(async () => ((await api.call('screener', 'GET', `/cases/${caseId}/plan`)).body.items[0].status === 'done' ? true : undefined), 30_000, 'the plan entry done');
  });

  test("without an organisation the case's own team follows up; lapsed, it escalates to the coordination; rescheduled, it is asked again at the new date", async () => {
    const caseId = await openCase(api);
    const planned = await api.call('screener', 'POST', `/cases/${caseId}/plan`, { service: 'document renewal', dueAt: inHours(24 * 10) });
    expect(planned.body.organisationId).toBe('org-coalition-screening');
    const first = await inboxTask(api, 'screener', caseId, 'follow-up');
    // Ten days ahead: no reminder yet.
    expect(first.remindedAt).toBeUndefined();
    const newDate = new Date(Date.now() + 20 * 86400_000).toISOString().slice(0, 10);
    expect((await api.call('screener', 'POST', `/tasks/${first.taskId}/decision`, { outcome: 'rescheduled', rescheduledTo: newDate })).status).toBe(200);
    const again = await inboxTask(api, 'screener', caseId, 'follow-up', (task) => task.taskId !== first.taskId);
    expect(again.dueAt.slice(0, 10)).toBe(newDate);

    await makeOverdue(documents, caseId, again.taskId);
    const escalation = await inboxTask(api, 'coordinator', caseId, 'escalation');
    expect(escalation).toBeTruthy();
    const plan = (await api.call('coordinator', 'GET', `/cases/${caseId}/plan`)).body.items;
    expect(plan[0]).toMatchObject({ status: 'overdue', overdue: true });
  });

  test('refused: a closed case (409), an unknown organisation (404), a date in the past (400), another team (404); nothing is planned', async () => {
    const closed = await closedCase(api);
    expect(await api.call('screener', 'POST', `/cases/${closed}/plan`, { service: 'x', dueAt: inHours(2) })).toMatchObject({ status: 409, body: { error: { code: 'CASE_CLOSED' } } });
    const caseId = await openCase(api);
    expect(await api.call('screener', 'POST', `/cases/${caseId}/plan`, { service: 'x', organisationId: 'org-nowhere', dueAt: inHours(2) })).toMatchObject({ status: 404, body: { error: { code: 'UNKNOWN_ORGANISATION' } } });
    expect((await api.call('screener', 'POST', `/cases/${caseId}/plan`, { service: 'x', dueAt: inHours(-2) })).status).toBe(400);
    expect((await api.call('screener2', 'POST', `/cases/${caseId}/plan`, { service: 'x', dueAt: inHours(2) })).status).toBe(404);
    expect((await api.call('screener', 'GET', `/cases/${caseId}/plan`)).body.items).toEqual([]);
  });
});

describe('case notes', () => {
  test("sealed at rest, read by the case's team only (never by a partner working on it), each read on the access log", async () => {
    const caseId = await openCase(api);
    const marker = `Nota${Date.now().toString(36)}Reservada`;
    expect((await api.call('screener', 'POST', `/cases/${caseId}/notes`, { text: `${marker}: her brother is still at the farm` })).status).toBe(201);
    const notes = await api.call('screener', 'GET', `/cases/${caseId}/notes`);
    expect(notes.body.items).toEqual([expect.objectContaining({ text: `${marker}: her brother is still at the farm` })]);
    expect((await api.call('coordinator', 'GET', `/cases/${caseId}/notes`)).status).toBe(200);

    // A partner working on the case (a follow-up), and the asylum authority acting on it, never read notes.
    await api.call('screener', 'POST', `/cases/${caseId}/plan`, { service: 'medical check-up', organisationId: 'org-health', dueAt: inHours(5) });
    await inboxTask(api, 'health', caseId, 'follow-up');
    expect((await api.call('health', 'GET', `/cases/${caseId}/notes`)).status).toBe(403);
    expect((await api.call('asylum', 'GET', `/cases/${caseId}/notes`)).status).toBe(403);
    expect(JSON.stringify((await api.call('health', 'GET', `/cases/${caseId}`)).body)).not.toContain(marker);
    expect((await api.call('screener2', 'GET', `/cases/${caseId}/notes`)).status).toBe(404);

    const { Items } = await documents.send(new QueryCommand({ TableName: 'puente', KeyConditionExpression: 'pk = :pk AND begins_with(sk, :note)', ExpressionAttributeValues: { ':pk': `CASE#${caseId}`, ':note': 'NOTE#' } }));
    expect(Items).toHaveLength(1);
    expect(JSON.stringify(Items)).not.toContain(marker);
    expect(Items![0].sealed).toMatch(/^v1\./);

    const log = (await api.call('coordinator', 'GET', `/cases/${caseId}/access-log`)).body;
    expect(log.entries).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'read', role: 'screener', view: 'notes' }), expect.objectContaining({ type: 'read', role: 'coordinator', view: 'notes' })]));
  });
});
