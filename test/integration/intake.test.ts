// Intake and the case API against the local host: real DynamoDB Local, real workflow starts.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { routes } from '../../system/system.ts';
import { demoUsers } from '../../system/demo.ts';
import { apiClient, newKey, screening } from '../helpers/api.ts';
import { eventually, startTestHost, type TestHost } from '../helpers/local-host.ts';

let host: TestHost;
let api: ReturnType<typeof apiClient>;

beforeAll(async () => {
  host = await startTestHost();
  api = apiClient(host);
});
afterAll(async () => host?.stop());

const submit = (body: unknown, key = newKey(), user = 'screener') => api.call(user, 'POST', '/screenings', body, { 'idempotency-key': key });
const boardIds = async () => (await api.call('coordinator', 'GET', '/cases?limit=100')).body.items.map((item: { caseId: string }) => item.caseId);

describe('POST /screenings', () => {
  test('creates the case, the submission and the first step, starts the workflow, shows it on the board', async () => {
    const created = await submit(screening());
    expect(created.status).toBe(201);
    const { caseId } = created.body;
    expect(caseId).toMatch(/^c-[a-z0-9]{14}$/);
    expect(await boardIds()).toContain(caseId);
    const view = await eventually(async () => {
      const answer = await api.call('coordinator', 'GET', `/cases/${caseId}`);
      const assessed = answer.body.steps?.some((step: { event: string; state?: string }) => step.event === 'succeeded' && step.state === 'AssessRisk');
      return assessed ? answer.body : undefined;
    });
    expect(view.submission.answers.givenName).toBe('Test');
    expect(view.assessment.determination).toBe('unlikely');
    const events = view.steps.map((step: { event: string; state?: string }) => `${step.event}${step.state ? ` ${step.state}` : ''}`);
    expect(events.slice(0, 3)).toEqual(['submitted', 'entered AssessRisk', 'succeeded AssessRisk']);
  });

  test('the same Idempotency-Key and body gives the same case and creates nothing; another body is a 409', async () => {
    const key = newKey();
    const body = screening({ ageEstimate: 41 });
    const first = await submit(body, key);
    const again = await submit(body, key);
    expect(again).toEqual(first);
    expect((await boardIds()).filter((id: string) => id === first.body.caseId)).toHaveLength(1);
    const other = await submit(screening({ ageEstimate: 42 }), key);
    expect(other.status).toBe(409);
    expect(other.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  test('a submission that breaks the form gets 400 with every field named, and nothing is written', async () => {
    const before = await boardIds();
    const key = newKey();
    const bad = await submit(screening({ gender: 'robot', immediateDanger: undefined, separationStatus: 'unaccompanied', unknownThing: 1, ageEstimate: 'old' }), key);
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('INVALID_SUBMISSION');
    expect(Object.keys(bad.body.error.fields).sort()).toEqual([
      'answers.ageEstimate',
      'answers.gender',
      'answers.immediateDanger',
      'answers.separationStatus',
      'answers.unknownThing',
    ]);
    expect(bad.body.error.fields['answers.gender']).toBe('Elija una de las respuestas de la lista');
    // The same cases (their order may move: earlier cases' workflows still change them).
    expect((await boardIds()).sort()).toEqual([...before].sort());
    // The key was not claimed: the corrected submission goes through under it.
    expect((await submit(screening(), key)).status).toBe(201);
  });

  test('bad requests are named: no key, unknown version, not JSON, wrong shape', async () => {
    expect((await api.call('screener', 'POST', '/screenings', screening())).body.error.code).toBe('IDEMPOTENCY_KEY_REQUIRED');
    const version = await submit({ ...screening(), formVersion: 9 });
    expect(version.status).toBe(400);
    expect(version.body.error.fields).toEqual({ formVersion: 'one of 1' });
    const notJson = await api.call('screener', 'POST', '/screenings', '{"formId":', { 'idempotency-key': newKey() });
    expect(notJson).toMatchObject({ status: 400, body: { error: { code: 'INVALID_JSON' } } });
    const shape = await submit({ formId: 'screening-interview', language: 'xx', answers: [] });
    expect(shape.status).toBe(400);
    expect(Object.keys(shape.body.error.fields).sort()).toEqual(['answers', 'formVersion', 'language']);
  });
});

describe('forms and the API description', () => {
  test('GET /forms lists the published forms; GET /forms/{id} returns a definition, ?version= an older one', async () => {
    const list = await api.call('shelter1', 'GET', '/forms');
    expect(list.body.forms.map((form: { id: string }) => form.id)).toEqual(expect.arrayContaining(['screening-interview', 'labour-tip', 'consent', 'decision-placement']));
    const form = await api.call('screener', 'GET', '/forms/screening-interview?version=1');
    expect(form.body.sections.map((section: { id: string }) => section.id)).toEqual(['consent', 'profile', 'journey', 'recruitment', 'exploitation', 'protection', 'needs', 'child', 'conclusion']);
    expect((await api.call('screener', 'GET', '/forms/nothing')).status).toBe(404);
  });

  test('/openapi.json documents every route in the route table', async () => {
    const document = (await api.call(undefined, 'GET', '/openapi.json')).body;
    expect(document.openapi).toBe('3.1.0');
    for (const route of routes) expect(document.paths[route.path]?.[route.method.toLowerCase()], `${route.method} ${route.path}`).toBeDefined();
    expect(document.paths['/screenings'].post.requestBody.content['application/json'].schema.properties.formId).toBeDefined();
  });
});

describe('access', () => {
  test('every read of a case by a person is audited, and a case is invisible to an organisation not working on it', async () => {
    const { caseId } = (await submit(screening())).body;
    await api.call('screener', 'GET', `/cases/${caseId}`);
    await api.call('coordinator', 'GET', `/cases/${caseId}`);
    const unlinked = await api.call('shelter1', 'GET', `/cases/${caseId}`);
    expect(unlinked.status).toBe(404);
    expect((await api.call('liaison', 'GET', `/cases/${caseId}`)).status).toBe(404);
    const { DynamoDBClient } = await import('@aws-sdk/client-dynamodb');
    const { DynamoDBDocumentClient, QueryCommand } = await import('@aws-sdk/lib-dynamodb');
    const documents = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: host.dynamodbEndpoint, region: 'us-east-1', credentials: { accessKeyId: 'l', secretAccessKey: 'l' } }));
    const { Items = [] } = await documents.send(
      new QueryCommand({ TableName: 'puente', KeyConditionExpression: 'pk = :pk AND begins_with(sk, :audit)', ExpressionAttributeValues: { ':pk': `CASE#${caseId}`, ':audit': 'AUDIT#' } }),
    );
    expect(Items.map((item) => item.view).sort()).toEqual(['coordinator-view', 'screener-view']);
  });

  test('each role × each route: 403 exactly where the route table says the role may not go', async () => {
    const sample: Record<string, string> = { formId: 'screening-interview', caseId: 'c-doesnotexist00', tipId: 't-doesnotexist00', taskId: 'c-doesnotexist00.abc', id: 'org-nothing', name: 'case' };
    const mismatches: string[] = [];
    for (const route of routes) {
      const path = route.path.replace(/\{(\w+)\}/g, (_, name: string) => sample[name]);
      for (const user of demoUsers) {
        const answer = await api.call(user.username, route.method, path, route.method === 'GET' ? undefined : {}, { 'idempotency-key': newKey() });
        const allowed = route.roles === 'public' || route.roles.includes(user.role);
        if ((answer.status === 403) === allowed) mismatches.push(`${user.username} ${route.method} ${route.path} → ${answer.status}`);
        if (answer.status >= 500) mismatches.push(`${user.username} ${route.method} ${route.path} → ${answer.status}`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  test('without a token every non-public route answers 401', async () => {
    for (const route of routes.filter((candidate) => candidate.roles !== 'public')) {
      const answer = await api.call(undefined, route.method, route.path.replace(/\{\w+\}/g, 'x'));
      expect(answer.status, `${route.method} ${route.path}`).toBe(401);
    }
  });
});
