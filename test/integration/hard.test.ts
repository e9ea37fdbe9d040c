// Hard tests: hostile input on every route, racing decisions, a shelter's last bed, a thousand
// retried submissions. Bounded in count and time; traffic only to this machine's host.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { ListExecutionsCommand, SFNClient } from '@aws-sdk/client-sfn';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { routes } from '../../system/system.ts';
import { demoUsers } from '../../system/demo.ts';
import { apiClient, likelyLabourTrafficking, newKey, screening } from '../helpers/api.ts';
import { eventually, startTestHost, type TestHost } from '../helpers/local-host.ts';

let host: TestHost;
let api: ReturnType<typeof apiClient>;
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

beforeAll(async () => {
  host = await startTestHost();
  api = apiClient(host);
});
afterAll(async () => host?.stop());

/** Every item of the table, for before/after comparisons (test code: a Scan is fine here). */
async function tableSnapshot(): Promise<string[]> {
  const documents = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: host.dynamodbEndpoint, region: 'us-east-1', credentials }));
  const items: string[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await documents.send(new ScanCommand({ TableName: 'puente', ExclusiveStartKey }));
    items.push(...(page.Items ?? []).map((item) => JSON.stringify(item)));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items.sort();
}

const inboxTask = (user: string, caseId: string, kind: string) =>
  eventually(async () => (await api.call(user, 'GET', '/tasks')).body.items.find((task: any) => task.caseId === caseId && task.kind === kind), 20_000, `${kind} for ${user}`);

describe('hostile input', () => {
  const hostileValue = fc.oneof(
    fc.string({ maxLength: 50 }),
    fc.string({ unit: 'grapheme', maxLength: 30 }),
    fc.constantFrom('\u0000', '\uD800', '‮', '😀'.repeat(2000), 'x'.repeat(100_000), '__proto__', 'constructor', '{"$gt":""}', "'; DROP TABLE --"),
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(fc.string(), { maxLength: 5 }),
    fc.letrec((tie) => ({ deep: fc.oneof({ depthSize: 'small' }, fc.constant({}), fc.dictionary(fc.string({ maxLength: 5 }), tie('deep'), { maxKeys: 3 })) })).deep,
  );
  const hostileBody = fc.oneof(
    fc.dictionary(fc.string({ maxLength: 20 }), hostileValue, { maxKeys: 8 }),
    fc.record({ formId: hostileValue, formVersion: hostileValue, language: hostileValue, answers: hostileValue }, { requiredKeys: [] }),
    fc.constantFrom(
      '{"__proto__":{"polluted":true},"formId":"screening-interview"}',
      '{"constructor":{"prototype":{"polluted":true}}}',
      '[1,2,3]',
      'null',
      '"just a string"',
      `{"a":${'['.repeat(5000)}${']'.repeat(5000)}}`,
      '{"formId":"screening-interview","formVersion":1,"language":"es","answers":{"__proto__":{"admin":true}}}',
      '\u0000\u0001garbage',
    ),
  );

  test('every route answers generated and malformed bodies with a clear 4xx, never a 5xx, and writes nothing', async () => {
    const before = await tableSnapshot();
    const failures: string[] = [];
    const sample: Record<string, string> = { formId: 'screening-interview', caseId: 'c-doesnotexist00', tipId: 't-doesnotexist00', taskId: 'c-doesnotexist00.abc', id: 'org-shelter-men', name: 'case' };
    for (const route of routes.filter((candidate) => candidate.method !== 'GET')) {
      const user = demoUsers.find((candidate) => route.roles === 'public' || route.roles.includes(candidate.role))!;
      await fc.assert(
        fc.asyncProperty(hostileBody, async (body) => {
          const path = route.path.replace(/\{(\w+)\}/g, (_, name: string) => sample[name]);
          const answer = await api.call(user.username, route.method, path, typeof body === 'string' ? body : JSON.stringify(body), { 'idempotency-key': newKey(), 'content-type': 'application/json' });
          const clear = typeof answer.body?.error?.message === 'string' && answer.body.error.message.length > 5;
          if (answer.status < 400 || answer.status >= 500 || !clear) failures.push(`${route.method} ${route.path} ${String(JSON.stringify(body)).slice(0, 80)} → ${answer.status}`);
        }),
        { numRuns: 25, seed: 20261128 },
      );
    }
    // Query strings too: the board's filters.
    for (const query of ['limit=0', 'limit=abc', 'limit=1000', 'stage=' + 'x'.repeat(5000), 'cursor=%7B%7D', 'cursor=not-base64!', 'updatedSince=yesterday', 'risk=extreme', 'unknown=1']) {
      const answer = await api.call('coordinator', 'GET', `/cases?${query}`);
      if (answer.status !== 400) failures.push(`GET /cases?${query.slice(0, 40)} → ${answer.status}`);
    }
    expect(failures).toEqual([]);
    expect(await tableSnapshot()).toEqual(before);
  });

  test('payloads over the limit are refused with 413 and change nothing', async () => {
    const before = await tableSnapshot();
    const big = screening({ interviewerNotes: 'x'.repeat(1_100_000) });
    const overHandler = await api.call('screener', 'POST', '/screenings', big, { 'idempotency-key': newKey() });
    expect(overHandler.status).toBe(413);
    const overHost = await api.call('screener', 'POST', '/screenings', 'x'.repeat(11 * 1024 * 1024), { 'idempotency-key': newKey() });
    expect(overHost.status).toBe(413);
    expect(await tableSnapshot()).toEqual(before);
  });
});

describe('concurrency', () => {
  test('50 concurrent decisions on one placement (each its own Idempotency-Key): exactly one wins, the rest get 409', async () => {
    const { caseId } = (await api.call('screener', 'POST', '/screenings', screening({ shelterNeeded: 'yes' }), { 'idempotency-key': newKey() })).body;
    const task = await inboxTask('shelter2', caseId, 'placement');
    const answers = await Promise.all(
      // Distinct keys: a retry of one decision (same key) would get its first answer back instead.
      Array.from({ length: 50 }, (_, i) => api.call('shelter2', 'POST', `/tasks/${task.taskId}/decision`, i % 2 ? { outcome: 'accepted' } : { outcome: 'declined', reason: 'race' }, { 'idempotency-key': `race-${i}` })),
    );
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(1);
    expect(statuses.filter((status) => status === 409)).toHaveLength(49);
    const decided = (await api.call('coordinator', 'GET', `/cases/${caseId}`)).body;
    expect(decided.steps.filter((step: any) => step.event === 'decision')).toHaveLength(1);
  });

  test('two acceptances racing for a shelter’s last bed: one placement, one 409; a form read before the bed was taken cannot give it back', async () => {
    const shelters = (await api.call('coordinator', 'GET', '/organizations')).body.items;
    const men = shelters.find((org: any) => org.id === 'org-shelter-men');
    const { updatedAt: _updatedAt, version, ...editable } = men;
    const oneBed = await api.call('coordinator', 'PUT', '/organizations/org-shelter-men', { ...editable, shelter: { ...men.shelter, bedsFree: 1 } }, { 'if-match': `"${version}"` });
    expect(oneBed.status).toBe(200);
    expect(oneBed.body.version).toBe(version + 1);
    const caseIds = await Promise.all(
      [1, 2].map(async () => (await api.call('screener', 'POST', '/screenings', screening({ ...likelyLabourTrafficking, shelterNeeded: 'yes' }), { 'idempotency-key': newKey() })).body.caseId),
    );
    const tasks = await Promise.all(caseIds.map((caseId) => inboxTask('shelter2', caseId, 'placement')));
    const answers = await Promise.all(tasks.map((task) => api.call('shelter2', 'POST', `/tasks/${task.taskId}/decision`, { outcome: 'accepted' })));
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409]);
    expect(answers.find((answer) => answer.status === 409)!.body.error.code).toBe('NO_FREE_BED');
    const after = (await api.call('coordinator', 'GET', '/organizations')).body.items.find((org: any) => org.id === 'org-shelter-men');
    expect(after.shelter.bedsFree).toBe(0);
    // The bed taken moved the version on: a save from the page read before it is refused, and changes nothing.
    expect(after.version).toBe(version + 2);
    const stale = await api.call('coordinator', 'PUT', '/organizations/org-shelter-men', { ...editable, name: 'Renamed', shelter: { ...men.shelter, bedsFree: 1 } }, { 'if-match': `"${version + 1}"` });
    expect(stale.status).toBe(412);
    expect(stale.body.error.code).toBe('PRECONDITION_FAILED');
    expect(stale.body.error.fields['If-Match']).toBe(`now ${version + 2}`);
    const unchanged = (await api.call('coordinator', 'GET', '/organizations')).body.items.find((org: any) => org.id === 'org-shelter-men');
    expect(unchanged).toEqual(after);
    expect((await api.call('coordinator', 'PUT', '/organizations/org-shelter-men', editable, { 'if-match': 'soon' })).status).toBe(400);
    const again = await api.call('coordinator', 'POST', '/organizations', editable);
    expect([again.status, again.body.error.code, Object.keys(again.body.error.fields)]).toEqual([409, 'ALREADY_EXISTS', ['id']]);
  });
});

describe('load without loss', () => {
  // Its time limit is a guard, not a figure: 215–271 s on the 2-core machine beside another suite.
  test('1,000 submissions from 32 clients, with random retries of the same keys: exactly the distinct ones exist, each with its workflow', async () => {
    const distinct = 1000;
    const submissions = Array.from({ length: distinct }, (_, i) => ({ key: newKey(), body: screening({ ageEstimate: 18 + (i % 60), givenName: `Load ${i}` }) }));
    // Each submission is sent once, and about a third are sent again (a flaky field connection).
    const sends = [...submissions, ...submissions.filter((_, i) => (i * 7919) % 3 === 0)];
    let next = 0;
    const statuses = new Map<number, number>();
    const ids = new Map<string, Set<string>>();
    let retriedAfter503 = 0;
    await Promise.all(
      Array.from({ length: 32 }, async () => {
        while (next < sends.length) {
          const { key, body } = sends[next++];
          let answer = await api.call('screener', 'POST', '/screenings', body, { 'idempotency-key': key });
          // Overloaded, the API says when to come back (503, Retry-After), as a field device hears it: send again then.
          while (answer.status === 503 && answer.body.error.code === 'SERVICE_UNAVAILABLE') {
            retriedAfter503++;
            await new Promise((resolve) => setTimeout(resolve, 1000));
            answer = await api.call('screener', 'POST', '/screenings', body, { 'idempotency-key': key });
          }
          statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
          if (answer.status === 201) (ids.get(key) ?? ids.set(key, new Set()).get(key)!).add(answer.body.caseId);
        }
      }),
    );
    expect([...statuses.keys()]).toEqual([201]);
    expect(retriedAfter503, 'sends the host asked to retry (overload)').toBeLessThan(sends.length / 2);
    expect(ids.size).toBe(distinct);
    expect([...ids.values()].every((set) => set.size === 1)).toBe(true);
    const sfn = new SFNClient({ endpoint: host.stepFunctionsEndpoint, region: 'us-east-1', credentials });
    const stateMachineArn = (await (await fetch(`${host.url}/health`)).json()).stepFunctions.stateMachines.find((arn: string) => arn.endsWith(':puente-case'));
    const started = new Set<string>();
    let nextToken: string | undefined;
    do {
      const page = await sfn.send(new ListExecutionsCommand({ stateMachineArn, maxResults: 100, nextToken }));
      for (const execution of page.executions ?? []) started.add(execution.name!);
      nextToken = page.nextToken;
    } while (nextToken);
    for (const set of ids.values()) expect(started.has([...set][0])).toBe(true);
  }, 480_000);
});
