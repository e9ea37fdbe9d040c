// DynamoDB unreachable or silent: a request fails within seconds with 503 SERVICE_UNAVAILABLE and
// Retry-After, not a 29 s hang and a 500. Judged by the error's name and code, never its message;
// and proved with the real client against a server that refuses, cuts or never answers.
import { createServer, type Server, type Socket } from 'node:net';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { ApiEvent, ApiResponse } from '../../../functions/middleware/http.ts';

let http: typeof import('../../../functions/middleware/http.ts');
let store: typeof import('../../../functions/store/clients.ts');
let server: Server;
let mode: 'cut' | 'silent' = 'cut';
const sockets = new Set<Socket>();

beforeAll(async () => {
  // A DynamoDB endpoint that misbehaves on demand; the client reads its endpoint when first loaded.
  server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    if (mode === 'cut') socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  Object.assign(process.env, {
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    AWS_ENDPOINT_URL_DYNAMODB: `http://127.0.0.1:${port}`,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    TABLE_NAME: 'puente',
  });
  http = await import('../../../functions/middleware/http.ts');
  store = await import('../../../functions/store/clients.ts');
});
afterAll(() => {
  for (const socket of sockets) socket.destroy();
  server?.close();
});

const event = (): ApiEvent => ({
  routeKey: 'GET /cases/{caseId}',
  rawPath: '/cases/c-1',
  headers: {},
  pathParameters: { caseId: 'c-1' },
  requestContext: { requestId: 'r-1', authorizer: { jwt: { claims: { sub: 'u-1', 'cognito:groups': '[coordinator]', 'custom:org': 'org-coalition' } } } },
});
const throwing = (error: unknown) => http.api({ handle: async () => Promise.reject(error) });
const reading = () => http.api({ handle: async () => http.json(200, await store.documents.send(new GetCommand({ TableName: 'puente', Key: { pk: 'CASE#c-1', sk: 'RECORD' } }))) });
const timed = async (run: () => Promise<ApiResponse>) => {
  const started = Date.now();
  const response = await run();
  return { response, ms: Date.now() - started };
};
const expectUnavailable = (response: ApiResponse) => {
  expect(response.statusCode).toBe(503);
  expect(JSON.parse(response.body!).error.code).toBe('SERVICE_UNAVAILABLE');
  expect(Number(response.headers!['retry-after'])).toBeGreaterThan(0);
};

describe('errors that mean a service did not answer', () => {
  const named = (name: string, fields: Record<string, unknown> = {}) => Object.assign(new Error('x'), { name, ...fields });
  test.each([
    ['a timeout', named('TimeoutError')],
    ['a refused connection', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' })],
    ['a socket hang up', Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })],
    ['throttling after the retries', named('ThrottlingException')],
    ['a refusal on every address', new AggregateError([Object.assign(new Error('a'), { code: 'ECONNREFUSED' }), Object.assign(new Error('b'), { code: 'ECONNREFUSED' })])],
  ])('%s → 503 with Retry-After', async (_, error) => {
    expectUnavailable(await throwing(error)(event(), {} as any));
  });

  test('is judged by name and code: a message that only mentions ECONNREFUSED is a 500', async () => {
    const response = await throwing(new Error('ECONNREFUSED socket hang up TimeoutError'))(event(), {} as any);
    expect(response.statusCode).toBe(500);
  });
});

describe('the DynamoDB client', () => {
  test('a connection cut at once: 503 within a few seconds', async () => {
    mode = 'cut';
    const { response, ms } = await timed(() => reading()(event(), {} as any));
    expectUnavailable(response);
    expect(ms).toBeLessThan(5000);
  });

  test('a DynamoDB that accepts and never answers: 503 within the request timeout × attempts, not 29 s', async () => {
    mode = 'silent';
    const { dynamoDbTimeouts } = store;
    const { response, ms } = await timed(() => reading()(event(), {} as any));
    expectUnavailable(response);
    expect(ms).toBeLessThan(dynamoDbTimeouts.maxAttempts * (dynamoDbTimeouts.requestTimeoutMs + 1000) + 2000);
    expect(ms).toBeLessThan(15_000);
  }, 30_000);

  test('the health probe says the table does not answer, rather than hanging', async () => {
    mode = 'silent';
    const started = Date.now();
    expect(await store.tableAnswers(1000)).toBe(false);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  test('nothing listening: 503 at once', async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const { response, ms } = await timed(() => reading()(event(), {} as any));
    expectUnavailable(response);
    expect(ms).toBeLessThan(5000);
  });
});
