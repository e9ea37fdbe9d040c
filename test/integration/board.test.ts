// The board's profile columns (issue 14, item 9): the age band comes with every case row (coarse,
// in the clear, inside the projected assessment); nationality is on no index, and reaches the
// coordinator's board only when asked for, each case's read audited.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
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

const submit = async (extra: Record<string, unknown>) => (await api.call('screener', 'POST', '/screenings', screening(extra), { 'idempotency-key': newKey() })).body.caseId as string;
const boardRow = (username: string, caseId: string) => eventually(async () => (await api.call(username, 'GET', '/cases')).body.items?.find((row: any) => row.caseId === caseId && row.ageBand), 20_000, `${caseId} assessed on ${username}'s board`);

describe('age band and nationality on the board', () => {
  test('every viewer gets the age band, none the age or the nationality; the board index holds neither', async () => {
    const caseId = await submit({ ageEstimate: 19, nationality: 'SV' });
    for (const username of ['coordinator', 'screener']) {
      const row = await boardRow(username, caseId);
      expect(row.ageBand).toBe('18-20');
      expect(row).not.toHaveProperty('age');
      expect(row).not.toHaveProperty('nationality');
    }
    const documents = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: host.dynamodbEndpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }));
    const { Items } = await documents.send(new QueryCommand({ TableName: 'puente', IndexName: 'recent', KeyConditionExpression: 'recentPk = :pk', ExpressionAttributeValues: { ':pk': 'CASES' } }));
    const indexed = Items!.find((item) => item.id === caseId)!;
    expect(indexed.assessment.ageBand).toBe('18-20');
    expect(JSON.stringify(indexed)).not.toMatch(/"SV"|"age"|"sealed"|"answers"/);
  });

  test('nationalities: the coordinator asks for listed cases and gets each, each read audited; other roles may not ask; bad lists are refused', async () => {
    const [first, second] = [await submit({ nationality: 'HN' }), await submit({ nationality: 'stateless' })];
    const asked = await api.call('coordinator', 'GET', `/nationalities?cases=${first},${second},c-nosuchcase`);
    expect(asked.status).toBe(200);
    expect(asked.body.items).toEqual({ [first]: 'HN', [second]: 'stateless' });
    const log = (await api.call('coordinator', 'GET', `/cases/${first}/access-log`)).body;
    expect(log.verified).toBe(true);
    expect(log.entries).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'read', role: 'coordinator', view: 'board-nationality' })]));
    for (const username of ['screener', 'shelter1', 'asylum']) expect((await api.call(username, 'GET', `/nationalities?cases=${first}`)).status).toBe(403);
    for (const bad of ['', `?cases=${first};drop`, `?cases=${Array.from({ length: 101 }, () => first).join(',')}`, `?cases=${first}&extra=1`]) {
      const refused = await api.call('coordinator', 'GET', `/nationalities${bad}`);
      expect([refused.status, refused.body.error.code], bad).toEqual([400, 'INVALID_REQUEST']);
    }
  });
});
