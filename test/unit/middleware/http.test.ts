// The HTTP wrapper's guard between public and signed-in routes: a public handler gets no caller,
// and neither wrapper serves a route the route table gives to the other kind.
import { beforeAll, expect, test } from 'vitest';
import type { ApiEvent, ApiResponse } from '../../../functions/middleware/http.ts';

let http: typeof import('../../../functions/middleware/http.ts');
let openapi: (event: ApiEvent, context: unknown) => Promise<ApiResponse>;
beforeAll(async () => {
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  http = await import('../../../functions/middleware/http.ts');
  openapi = (await import('../../../functions/api/openapi.ts')).handler as any;
});

const event = (routeKey: string, claims?: Record<string, string>): ApiEvent => ({
  routeKey,
  rawPath: routeKey.split(' ')[1],
  headers: {},
  requestContext: { requestId: 'r-1', authorizer: claims ? { jwt: { claims } } : undefined },
});
const coordinator = { sub: 'u-1', 'cognito:groups': '[coordinator]', 'custom:org': 'org-coalition' };

test('the public route answers without a caller', async () => {
  const response = await openapi(event('GET /openapi.json'), {});
  expect(response.statusCode).toBe(200);
  const document = JSON.parse(response.body!);
  expect(document.openapi).toMatch(/^3\./);
  // Headers and filters a client must know of are documented with the route.
  expect(document.paths['/screenings'].post.parameters).toContainEqual(expect.objectContaining({ name: 'Idempotency-Key', in: 'header', required: true }));
  expect(document.paths['/organizations/{id}'].put.parameters).toContainEqual(expect.objectContaining({ name: 'If-Match', in: 'header', required: false }));
  expect(document.paths['/cases'].get.parameters.map((parameter: { name: string }) => parameter.name)).toEqual(expect.arrayContaining(['stage', 'risk', 'flag', 'overdue', 'cursor']));
});

test('a public handler bound to a signed-in route refuses, even for a signed-in caller', async () => {
  const response = await openapi(event('GET /cases', coordinator), {});
  expect(response.statusCode).toBe(500);
  expect(JSON.parse(response.body!).error.code).toBe('INTERNAL');
});

test('a signed-in handler bound to the public route refuses rather than invent a caller', async () => {
  const handler = http.api({ handle: async ({ caller }) => http.json(200, caller) });
  expect((await handler(event('GET /openapi.json'), {} as any)).statusCode).toBe(500);
  expect((await handler(event('GET /cases'), {} as any)).statusCode).toBe(401);
  const signedIn = await handler(event('GET /cases', coordinator), {} as any);
  expect(JSON.parse(signedIn.body!)).toEqual({ userId: 'u-1', role: 'coordinator', organisationId: 'org-coalition' });
});
