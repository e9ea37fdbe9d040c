// Bad input gets a clear 4xx, never a 5xx: bodies over the limit, ids over the limit, a caller
// holding two roles, and a workflow name that is a property of every object.
import { beforeAll, describe, expect, test } from 'vitest';
import * as z from 'zod';
import type { ApiEvent, ApiResponse } from '../../../functions/middleware/http.ts';
import { limits } from '../../../functions/domain/policy.ts';

let http: typeof import('../../../functions/middleware/http.ts');
let workflows: (event: ApiEvent, context: unknown) => Promise<ApiResponse>;
beforeAll(async () => {
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  http = await import('../../../functions/middleware/http.ts');
  workflows = (await import('../../../functions/api/workflows.ts')).handler as any;
});

const coordinator = { sub: 'u-1', 'cognito:groups': '[coordinator]', 'custom:org': 'org-coalition' };
const event = (routeKey: string, extra: Partial<ApiEvent> = {}, claims: Record<string, string> = coordinator): ApiEvent => ({
  routeKey,
  rawPath: routeKey.split(' ')[1],
  headers: {},
  requestContext: { requestId: 'r-1', authorizer: { jwt: { claims } } },
  ...extra,
});
const errorOf = (response: ApiResponse) => JSON.parse(response.body!).error;

describe('request bodies', () => {
  const echo = () => http.api({ body: z.unknown(), handle: async ({ body }) => http.json(200, { got: typeof body }) });
  const bodyOf = (bytes: number) => JSON.stringify({ note: 'x'.repeat(bytes - '{"note":""}'.length) });

  test(`a body of exactly ${limits.requestBodyBytes} bytes is read`, async () => {
    const body = bodyOf(limits.requestBodyBytes);
    expect(Buffer.byteLength(body)).toBe(limits.requestBodyBytes);
    const response = await echo()(event('POST /cases/{caseId}/consent', { body }), {} as any);
    expect(response.statusCode).toBe(200);
  });

  test('one byte more is refused with 413 PAYLOAD_TOO_LARGE naming the limit, before parsing', async () => {
    const response = await echo()(event('POST /cases/{caseId}/consent', { body: bodyOf(limits.requestBodyBytes + 1) }), {} as any);
    expect(response.statusCode).toBe(413);
    expect(errorOf(response).code).toBe('PAYLOAD_TOO_LARGE');
    expect(errorOf(response).message).toContain(String(limits.requestBodyBytes));
    expect(errorOf(response).message).toContain('128 KiB');
  });

  test('the limit counts the decoded bytes of a base64 body', async () => {
    const body = Buffer.from(bodyOf(limits.requestBodyBytes + 1)).toString('base64');
    const response = await echo()(event('POST /cases/{caseId}/consent', { body, isBase64Encoded: true }), {} as any);
    expect(response.statusCode).toBe(413);
  });
});

describe('ids in the path', () => {
  const named = () => http.api({ handle: async ({ path }) => http.json(200, path) });

  test(`an id of ${limits.idCharacters} characters reaches the handler`, async () => {
    const caseId = 'c'.repeat(limits.idCharacters);
    const response = await named()(event('GET /cases/{caseId}', { pathParameters: { caseId } }), {} as any);
    expect(response.statusCode).toBe(200);
  });

  test('a longer id is refused with 400 ID_TOO_LONG naming the parameter', async () => {
    const caseId = 'c'.repeat(limits.idCharacters + 1);
    const response = await named()(event('GET /cases/{caseId}', { pathParameters: { caseId } }), {} as any);
    expect(response.statusCode).toBe(400);
    expect(errorOf(response)).toMatchObject({ code: 'ID_TOO_LONG', fields: { caseId: expect.any(String) } });
  });

  test('a 2 KB id is refused the same way', async () => {
    const response = await named()(event('POST /tasks/{taskId}/decision', { pathParameters: { taskId: 't'.repeat(2048) } }), {} as any);
    expect(response.statusCode).toBe(400);
  });
});

describe('the caller', () => {
  const whoAmI = () => http.api({ handle: async ({ caller }) => http.json(200, caller) });

  test('a user in two Puente groups is refused with 403 AMBIGUOUS_ROLE, whichever comes first', async () => {
    for (const groups of ['[coordinator screener]', '[screener coordinator]']) {
      const response = await whoAmI()(event('GET /cases', {}, { ...coordinator, 'cognito:groups': groups }), {} as any);
      expect(response.statusCode).toBe(403);
      expect(errorOf(response).code).toBe('AMBIGUOUS_ROLE');
    }
  });

  test('one Puente group beside groups Puente does not know is that role', async () => {
    const response = await whoAmI()(event('GET /cases', {}, { ...coordinator, 'cognito:groups': '[everyone coordinator]' }), {} as any);
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body!).role).toBe('coordinator');
  });
});

describe('GET /workflows/{name}', () => {
  test('answers a workflow by name', async () => {
    const response = await workflows(event('GET /workflows/{name}', { pathParameters: { name: 'case' } }), {});
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body!).StartAt).toEqual(expect.any(String));
  });

  test.each(['constructor', '__proto__', 'toString', 'hasOwnProperty'])('answers 404 for %s, a property of every object', async (name) => {
    const response = await workflows(event('GET /workflows/{name}', { pathParameters: { name } }), {});
    expect(response.statusCode).toBe(404);
    expect(errorOf(response).code).toBe('NOT_FOUND');
  });
});
