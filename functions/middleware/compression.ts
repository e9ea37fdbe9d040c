// API answers compressed for the clients that take it (Brotli, else gzip), by the handler itself:
// API Gateway's HTTP API passes a Lambda's answer through as it is, and the local host does the
// same, so both hosts send the same bytes. A published form is ~48 KB of JSON, ~10 KB compressed:
// on a field phone's 400 kbit/s that is a second saved before the first interview.
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { limits } from '../domain/policy.ts';
import type { ApiEvent, ApiResponse } from './http.ts';

export function compressed(event: ApiEvent, response: ApiResponse): ApiResponse {
  const { body } = response;
  // A binary answer (an .xlsx, itself a zip) is sent as it is.
  if (!body || response.isBase64Encoded || Buffer.byteLength(body) < limits.compressAboveBytes || response.headers?.['content-encoding']) return response;
  const accepted = (event.headers['accept-encoding'] ?? '').toLowerCase();
  // Quality 5: close to Brotli's best on JSON at a small part of its time (the answer is made per request).
  const encoding = /\bbr\b/.test(accepted) ? 'br' : /\bgzip\b/.test(accepted) ? 'gzip' : undefined;
  if (!encoding) return { ...response, headers: { ...response.headers, vary: 'accept-encoding' } };
  const bytes = encoding === 'br' ? brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } }) : gzipSync(body);
  return { ...response, headers: { ...response.headers, 'content-encoding': encoding, vary: 'accept-encoding' }, body: bytes.toString('base64'), isBase64Encoded: true };
}
