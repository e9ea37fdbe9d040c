// A survivor's data at rest (issue 13): sealed under the record's own key, so nothing on disk and
// nothing a table scan returns holds it, while the people allowed still read it through the API;
// erased by deleting that key, after which the record answers 410 and only its non-personal part
// remains, still counted.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, GetCommand, QueryCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { JOURNAL_TABLE } from '../../infra/local/step-functions/journal.ts';
import { apiClient, likelyLabourTrafficking, newKey, screening } from '../helpers/api.ts';
import { eventually, startTestHost, type TestHost } from '../helpers/local-host.ts';

let host: TestHost;
let api: ReturnType<typeof apiClient>;
let documents: DynamoDBDocumentClient;

beforeAll(async () => {
  host = await startTestHost();
  api = apiClient(host);
  const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
  documents = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: host.dynamodbEndpoint, region: 'us-east-1', credentials }));
});
afterAll(async () => host?.stop());

/** Every file under the data dir whose bytes hold `marker`. */
function filesHolding(marker: string, dir = host.dataDir): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return filesHolding(marker, path);
    return readFileSync(path).includes(Buffer.from(marker)) ? [path] : [];
  });
}

/** Every item of every table, as an AWS CLI scan would return them. */
async function everyItem(): Promise<string> {
  const tables = ['puente', JOURNAL_TABLE];
  const pages: unknown[] = [];
  for (const TableName of tables) {
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await documents.send(new ScanCommand({ TableName, ExclusiveStartKey }));
      pages.push(page.Items);
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
  }
  return JSON.stringify(pages);
}

const child = (marker: string) =>
  screening({ givenName: marker, familyName: `${marker}-family`, ageEstimate: 15, gender: 'woman', separationStatus: 'unaccompanied', fearOfReturn: 'yes', interviewerNotes: `${marker} notes` });

const inboxTask = (user: string, caseId: string, kind: string) =>
  eventually(async () => (await api.call(user, 'GET', '/tasks')).body.items.find((task: any) => task.caseId === caseId && task.kind === kind), 20_000, `${kind} task for ${user}`);

describe('sealed at rest', () => {
  test('no file under the data dir and no scanned item holds a unique name, nor a guardian’s name; the screener still reads both', async () => {
    const marker = `Zq${Date.now().toString(36)}Marcador`;
    const guardian = `${marker}Guardian`;
    const filed = await api.call('screener', 'POST', '/screenings', child(marker), { 'idempotency-key': newKey() });
    expect(filed.status).toBe(201);
    const { caseId } = filed.body;
    const guardianship = await inboxTask('childprotection', caseId, 'guardianship');
    expect(guardianship.brief.answers.givenName).toBe(marker);
    const decided = await api.call('childprotection', 'POST', `/tasks/${guardianship.taskId}/decision`, { guardianAppointed: 'yes', guardianName: guardian, bestInterestsAssessmentOpened: 'yes' });
    expect(decided.status).toBe(200);

    const view = (await api.call('screener', 'GET', `/cases/${caseId}`)).body;
    expect(view.submission.answers.givenName).toBe(marker);
    expect(view.tasks.find((task: any) => task.kind === 'guardianship').decision.guardianName).toBe(guardian);

    const scanned = await everyItem();
    expect(scanned).toContain(caseId); // the scan reaches the case's items and the engine's journal
    expect(scanned).not.toContain(marker);
    // DynamoDB Local writes its file as it goes; wait for it to hold the decision, then look at every byte.
    await eventually(async () => (filesHolding(guardianship.taskId).length ? true : undefined), 20_000, 'the decision on disk');
    expect(filesHolding(marker)).toEqual([]);
    expect(filesHolding(guardian)).toEqual([]);
  });
});

describe('erasure by crypto-shredding', () => {
  test('POST /cases/{id}/erasure: 410 ERASED afterwards, the key item gone, open tasks withdrawn, the case still counted', async () => {
    const marker = `Er${Date.now().toString(36)}Borrar`;
    const { caseId } = (await api.call('screener', 'POST', '/screenings', child(marker), { 'idempotency-key': newKey() })).body;
    const asylum = await inboxTask('asylum', caseId, 'asylum-referral');
    const before = (await api.call('coordinator', 'GET', '/metrics')).body.cases.total;

    expect((await api.call('screener', 'POST', `/cases/${caseId}/erasure`, { reason: 'subject-request' })).status).toBe(403);
    expect((await api.call('coordinator', 'POST', `/cases/${caseId}/erasure`, { reason: 'because I said so' })).status).toBe(400);
    const erased = await api.call('coordinator', 'POST', `/cases/${caseId}/erasure`, { reason: 'subject-request' });
    expect(erased.status, JSON.stringify(erased.body)).toBe(200);

    for (const user of ['coordinator', 'screener']) {
      const read = await api.call(user, 'GET', `/cases/${caseId}`);
      expect(read.status).toBe(410);
      expect(read.body.error.code).toBe('ERASED');
    }
    const key = await documents.send(new GetCommand({ TableName: 'puente', Key: { pk: `KEY#CASE#${caseId}`, sk: 'KEY' }, ConsistentRead: true }));
    expect(key.Item).toBeUndefined();
    expect((await api.call('asylum', 'GET', '/tasks')).body.items.some((task: any) => task.taskId === asylum.taskId)).toBe(false);
    const late = await api.call('asylum', 'POST', `/tasks/${asylum.taskId}/decision`, { outcome: 'registered' });
    expect(late.status).toBe(409);
    expect((await api.call('coordinator', 'POST', `/cases/${caseId}/erasure`, { reason: 'subject-request' })).status).toBe(410);

    // Still counted, as erased; the execution stopped without marking the case failed.
    const metrics = (await api.call('coordinator', 'GET', '/metrics')).body;
    expect(metrics.cases.total).toBeGreaterThanOrEqual(before);
    expect(metrics.cases.byStage.erased).toBeGreaterThanOrEqual(1);
    const board = await eventually(async () => {
      const rows = (await api.call('coordinator', 'GET', '/cases?stage=erased')).body.items;
      return rows.find((row: any) => row.caseId === caseId);
    }, 20_000, 'the erased case on the board');
    expect(board).toMatchObject({ stage: 'erased', determination: expect.any(String) });
    expect(JSON.stringify(board)).not.toContain(marker);
  });

  test('POST /tips/{id}/erasure erases a tip the same way', async () => {
    const tip = { formId: 'labour-tip', formVersion: 1, language: 'es', answers: { workplaceName: 'Finca', workplaceAddress: 'Km 5', country: 'GT', sector: 'agriculture', howObserved: 'third_party_report', sourceAnonymous: 'no', sourceContact: 'MarkerSource', immediateDangerObserved: 'no' } };
    const { tipId } = (await api.call('inspector', 'POST', '/tips', tip, { 'idempotency-key': newKey() })).body;
    expect((await api.call('admin', 'POST', `/tips/${tipId}/erasure`, { reason: 'collected-in-error' })).status).toBe(200);
    expect((await api.call('coordinator', 'GET', `/tips/${tipId}`)).status).toBe(410);
  });
});

describe('the person’s rights and a history that shows tampering', () => {
  test('subject access holds the answers, the referrals, the consent history and every read, the inbox’s included; as a page in the person’s language', async () => {
    const marker = `Sa${Date.now().toString(36)}Acceso`;
    const { caseId } = (await api.call('screener', 'POST', '/screenings', child(marker), { 'idempotency-key': newKey() })).body;
    await inboxTask('asylum', caseId, 'asylum-referral'); // the asylum officer reads the brief
    // The guardianship referral opens on a parallel branch; under load it can come after the asylum one.
    await inboxTask('childprotection', caseId, 'guardianship');
    await api.call('coordinator', 'GET', `/cases/${caseId}`);

    const access = await api.call('screener', 'GET', `/cases/${caseId}/subject-access`);
    expect(access.status).toBe(200);
    expect(access.body.answers.givenName).toBe(marker);
    expect(access.body.referrals.map((referral: any) => referral.kind)).toEqual(expect.arrayContaining(['asylum-referral', 'guardianship']));
    const reads = access.body.reads.map((read: any) => `${read.role} ${read.organisationId} ${read.view}`);
    expect(reads).toEqual(expect.arrayContaining(['asylum org-asylum-authority inbox', 'coordinator org-coordination coordinator-view']));

    const page = await api.call('screener', 'GET', `/cases/${caseId}/subject-access?format=html`);
    expect(page.status).toBe(200);
    expect(page.body).toContain('<html lang="es">');
    expect(page.body).toContain('Quién leyó su expediente');
    expect(page.body).toContain(marker);
    expect((await api.call('screener', 'GET', `/cases/${caseId}/subject-access?format=pdf`)).status).toBe(400);
    expect((await api.call('shelter1', 'GET', `/cases/${caseId}/subject-access`)).status).toBe(403);
  });

  test('the access log lists reads and changes newest first and verifies; an edited or a deleted entry is found, and where', async () => {
    const { caseId } = (await api.call('screener', 'POST', '/screenings', child('Chain'), { 'idempotency-key': newKey() })).body;
    await inboxTask('asylum', caseId, 'asylum-referral');
    await api.call('coordinator', 'GET', `/cases/${caseId}`);
    const log = (await api.call('coordinator', 'GET', `/cases/${caseId}/access-log`)).body;
    expect(log.verified).toBe(true);
    const places = log.entries.map((entry: any) => entry.seq);
    expect(places).toEqual([...places].sort((a, b) => b - a));
    expect(log.entries).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'read', role: 'coordinator', view: 'coordinator-view' })]));
    expect(log.entries.at(-1)).toMatchObject({ type: 'change', event: 'submitted', seq: 1 });

    const { Items } = await documents.send(new QueryCommand({ TableName: 'puente', KeyConditionExpression: 'pk = :pk AND begins_with(sk, :step)', ExpressionAttributeValues: { ':pk': `CASE#${caseId}`, ':step': 'STEP#' } }));
    const submitted = Items!.find((item) => item.event === 'submitted')!;
    await documents.send(new UpdateCommand({ TableName: 'puente', Key: { pk: submitted.pk, sk: submitted.sk }, UpdateExpression: 'SET summary.formVersion = :v', ExpressionAttributeValues: { ':v': 99 } }));
    const edited = (await api.call('coordinator', 'GET', `/cases/${caseId}/access-log`)).body;
    expect(edited).toMatchObject({ verified: false, problem: 'edited', brokenAt: { sk: submitted.sk } });

    await documents.send(new UpdateCommand({ TableName: 'puente', Key: { pk: submitted.pk, sk: submitted.sk }, UpdateExpression: 'SET summary.formVersion = :v', ExpressionAttributeValues: { ':v': submitted.summary.formVersion } }));
    expect((await api.call('coordinator', 'GET', `/cases/${caseId}/access-log`)).body.verified).toBe(true);
    const middle = Items!.find((item) => item.seq === 2)!;
    await documents.send(new DeleteCommand({ TableName: 'puente', Key: { pk: middle.pk, sk: middle.sk } }));
    expect((await api.call('coordinator', 'GET', `/cases/${caseId}/access-log`)).body).toMatchObject({ verified: false, problem: 'deleted' });
  });
});

describe('correction', () => {
  test('POST /cases/{id}/corrections amends answers with a reason; the earlier answers stay; the assessment runs again and a changed determination shows on the timeline', async () => {
    const { caseId } = (await api.call('screener', 'POST', '/screenings', screening(likelyLabourTrafficking), { 'idempotency-key': newKey() })).body;
    const before = await eventually(async () => {
      const view = (await api.call('screener', 'GET', `/cases/${caseId}`)).body;
      return view.assessment?.determination ? view : undefined;
    }, 20_000, 'assessed');
    expect(before.assessment.determination).toBe('likely');
    const cleared = { cdDocumentsConfiscated: 'no', cdDebtBondage: 'no', ecExcessiveHours: 'no', ecLowOrNoPay: 'no', drNatureOfJob: 'no', drWages: 'no' };

    expect((await api.call('shelter1', 'POST', `/cases/${caseId}/corrections`, { answers: cleared, reason: 'x' })).status).toBe(403);
    const invalid = await api.call('screener', 'POST', `/cases/${caseId}/corrections`, { answers: { gender: 'martian' }, reason: 'typo' });
    expect(invalid.status).toBe(400);
    expect(Object.keys(invalid.body.error.fields)).toContain('answers.gender');
    const corrected = await api.call('screener', 'POST', `/cases/${caseId}/corrections`, { answers: cleared, reason: 'misheard in the first interview' });
    expect(corrected.status, JSON.stringify(corrected.body)).toBe(200);

    const after = (await api.call('screener', 'GET', `/cases/${caseId}`)).body;
    expect(after.submission.answers.cdDebtBondage).toBe('no');
    expect(after.assessment.determination).not.toBe('likely');
    const step = after.steps.find((entry: any) => entry.event === 'corrected');
    expect(step.summary).toMatchObject({ determinationBefore: 'likely', determinationAfter: after.assessment.determination });
    expect(step.summary.fields).toEqual(expect.arrayContaining(['cdDebtBondage']));
    const { Items } = await documents.send(new QueryCommand({ TableName: 'puente', KeyConditionExpression: 'pk = :pk AND begins_with(sk, :s)', ExpressionAttributeValues: { ':pk': `CASE#${caseId}`, ':s': 'SUBMISSION#' } }));
    expect(Items).toHaveLength(2);
    expect(JSON.stringify(Items)).not.toContain('misheard');
  });
});

describe('retention, on a fake clock', () => {
  const day = 24 * 3600 * 1000;
  let sweep: (event: { time?: string }) => Promise<{ erased: number }>;

  beforeAll(async () => {
    // The sweep runs here, in this process, against the host's table, as of the day it is given.
    Object.assign(process.env, {
      TABLE_NAME: 'puente',
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_ENDPOINT_URL_DYNAMODB: host.dynamodbEndpoint,
      AWS_ENDPOINT_URL_SFN: host.stepFunctionsEndpoint,
      PUENTE_MASTER_KEY_FILE: join(host.dataDir, 'master.key'),
    });
    sweep = (await import('../../functions/tasks/retention-sweep.ts')).handler;
  });

  const closedCase = async (extra: Record<string, unknown>) => {
    const { caseId } = (await api.call('screener', 'POST', '/screenings', screening(extra), { 'idempotency-key': newKey() })).body;
    await eventually(async () => ((await api.call('coordinator', 'GET', `/cases/${caseId}`)).body.stage === 'closed' ? true : undefined), 30_000, 'closed');
    return caseId as string;
  };
  const stage = async (caseId: string) => (await api.call('coordinator', 'GET', `/cases/${caseId}`)).status;

  test('closed cases are erased when their period ends (sooner without consent to sharing); a legal hold stops it until lifted, then a grace', async () => {
    const sharing = await closedCase({});
    const notSharing = await closedCase({ consentDataSharing: 'no' });
    const held = await closedCase({});
    const hold = await api.call('coordinator', 'POST', `/cases/${held}/legal-hold`, { hold: true, reason: 'court order 12/2026' });
    expect(hold.status, JSON.stringify(hold.body)).toBe(200);
    expect((await api.call('coordinator', 'POST', `/cases/${held}/legal-hold`, { hold: true, reason: 'again' })).status).toBe(409);

    await sweep({ time: new Date(Date.now() + 30 * day).toISOString() });
    expect([await stage(sharing), await stage(notSharing), await stage(held)]).toEqual([200, 200, 200]);

    await sweep({ time: new Date(Date.now() + 100 * day).toISOString() });
    expect([await stage(sharing), await stage(notSharing), await stage(held)]).toEqual([200, 410, 200]);

    await sweep({ time: new Date(Date.now() + 800 * day).toISOString() });
    expect([await stage(sharing), await stage(held)]).toEqual([410, 200]);
    expect((await api.call('coordinator', 'POST', `/cases/${held}/erasure`, { reason: 'subject-request' })).body.error.code).toBe('LEGAL_HOLD');

    expect((await api.call('coordinator', 'POST', `/cases/${held}/legal-hold`, { hold: false })).status).toBe(200);
    await sweep({ time: new Date(Date.now() + 800 * day).toISOString() });
    expect(await stage(held)).toBe(410);
    const log = (await api.call('coordinator', 'GET', `/cases/${held}/access-log`)).body;
    expect(log.verified).toBe(true);
    expect(log.entries.map((entry: any) => entry.event)).toEqual(expect.arrayContaining(['legal-hold', 'legal-hold-lifted', 'erased']));
  });
});
