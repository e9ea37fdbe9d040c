// API answers go compressed to clients that take it (a published form: tens of KB of JSON on a field
// phone's slow line), and plain to those that do not; small answers and errors as they are.
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, test } from 'vitest';
import type { ApiEvent, ApiResponse } from '../../../functions/middleware/http.ts';
import { limits } from '../../../functions/domain/policy.ts';

let forms: (event: ApiEvent, context: unknown) => Promise<ApiResponse>;
beforeAll(async () => {
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  forms = (await import('../../../functions/api/forms.ts')).handler as any;
});

const screener = { sub: 'u-1', 'cognito:groups': '[screener]', 'custom:org': 'org-screening' };
const get = (formId: string, acceptEncoding?: string, version?: string) =>
  forms(
    {
      routeKey: 'GET /forms/{formId}',
      rawPath: `/forms/${formId}`,
      pathParameters: { formId },
      ...(version ? { queryStringParameters: { version } } : {}),
      headers: acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding },
      requestContext: { requestId: 'r-1', authorizer: { jwt: { claims: screener } } },
    },
    {},
  );
const decoded = (response: ApiResponse) => {
  const bytes = Buffer.from(response.body!, response.isBase64Encoded ? 'base64' : 'utf8');
  const encoding = response.headers?.['content-encoding'];
  return JSON.parse((encoding === 'br' ? brotliDecompressSync(bytes) : encoding === 'gzip' ? gunzipSync(bytes) : bytes).toString('utf8'));
};

describe('compressed answers', () => {
  test('a published form goes as Brotli to a browser that takes it, in a quarter of the bytes or less', async () => {
    const plain = await get('screening-interview');
    const brotli = await get('screening-interview', 'gzip, deflate, br, zstd');
    expect(plain.headers?.['content-encoding']).toBeUndefined();
    expect(brotli.headers).toMatchObject({ 'content-encoding': 'br', vary: 'accept-encoding' });
    expect(decoded(brotli)).toEqual(JSON.parse(plain.body!));
    expect(Buffer.from(brotli.body!, 'base64').length).toBeLessThan(Buffer.byteLength(plain.body!) / 4);
  });

  test('gzip to a client that takes only gzip', async () => {
    const gzip = await get('labour-tip', 'gzip');
    expect(gzip.headers?.['content-encoding']).toBe('gzip');
    expect(decoded(gzip).id).toBe('labour-tip');
  });

  test(`refusals and answers under ${limits.compressAboveBytes} bytes go as they are`, async () => {
    // A version Puente's own form does not have: answered from the deployment's forms (imported ones need the table).
    const missing = await get('screening-interview', 'br', '99');
    expect(missing.statusCode).toBe(404);
    expect(missing.headers?.['content-encoding']).toBeUndefined();
    expect(JSON.parse(missing.body!).error.code).toBe('NOT_FOUND');
  });
});
