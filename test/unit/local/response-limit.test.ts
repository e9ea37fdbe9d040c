// The local host is no kinder than AWS about what a handler answers: past Lambda's 6 MB response
// limit the invocation fails there, and API Gateway answers 500; so does the local host.
import { expect, test } from 'vitest';
import { lambdaResultToAnswer, MAX_RESPONSE_BYTES } from '../../../infra/local/http-api.ts';

test('an answer over 6 MB becomes the 500 API Gateway gives; one under it passes whole', () => {
  const under = { statusCode: 200, headers: { 'content-type': 'text/csv' }, body: 'x'.repeat(MAX_RESPONSE_BYTES - 1000) };
  expect(lambdaResultToAnswer(under)).toMatchObject({ statusCode: 200, body: under.body });
  // Quotes are escaped in the function's JSON response: they count twice.
  const escaped = { statusCode: 200, body: '"'.repeat(MAX_RESPONSE_BYTES / 2 + 10) };
  expect(lambdaResultToAnswer(escaped)).toEqual({ statusCode: 500, headers: { 'content-type': 'application/json' }, body: '{"message":"Internal Server Error"}' });
});
