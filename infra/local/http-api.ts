// The HTTP API on one machine: the route table of the system description, each route calling its
// handler with the API Gateway HTTP API (payload 2.0) event AWS would build, JWT claims included.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { LambdaHandler } from './step-functions/engine.ts';
import type { LocalIssuer } from './sign-in.ts';
import type { RouteDescription } from '../../system/description.ts';
import { addressedToThisMachine } from './exposure.ts';

/**
 * The largest request body read at all: Lambda's 6 MB limit on a synchronous invocation's payload
 * (API Gateway itself stops at 10 MB). Above it the request is refused before its body is read, so
 * no one can make the host buffer without bound. Handlers refuse much less (limits.requestBodyBytes).
 */
export const MAX_BODY_BYTES = 6 * 1024 * 1024;
/** Past this, an oversized body is not even read to its end: the connection is cut. */
const DRAIN_BYTES = 32 * 1024 * 1024;

export interface BoundRoute {
  route: RouteDescription;
  handler: LambdaHandler;
}

/** Routes only the local host has (sign-in, health, the web app's files). */
export type HostRoute = (request: IncomingMessage, body: string) => Promise<HttpAnswer | undefined>;

export interface HttpAnswer {
  statusCode: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

interface CompiledRoute extends BoundRoute {
  pattern: RegExp;
  parameterNames: string[];
}

export interface HttpApiOptions {
  /** Listening on loopback alone: answer only requests addressed to this machine by name. */
  loopbackOnly: boolean;
}

export function httpApi(routes: BoundRoute[], issuer: LocalIssuer, hostRoutes: HostRoute[], options: HttpApiOptions): Server {
  const compiled = routes.map(compileRoute);
  return createServer(async (request, response) => {
    try {
      if (options.loopbackOnly && !addressedToThisMachine(request.headers.host)) {
        return send(response, jsonAnswer(403, 'NOT_ADDRESSED_TO_THIS_MACHINE', 'This local host answers requests to localhost or 127.0.0.1 only'), { close: true });
      }
      const body = await readBytes(request, MAX_BODY_BYTES);
      if (body === undefined) {
        // Read on (and drop) what a client is still sending, so it hears the 413 rather than a broken
        // pipe; a body declared beyond that is not waited for.
        if (Number(request.headers['content-length'] ?? 0) <= DRAIN_BYTES) await drain(request, DRAIN_BYTES);
        return send(response, jsonAnswer(413, 'PAYLOAD_TOO_LARGE', `The request body is larger than ${MAX_BODY_BYTES} bytes (6 MB), the most a function can be given`), { close: true });
      }
      for (const hostRoute of hostRoutes) {
        const answer = await hostRoute(request, body.toString('utf8'));
        if (answer) return send(response, answer);
      }
      send(response, await callRoute(compiled, issuer, request, body));
    } catch (error) {
      const correlationId = randomUUID();
      console.error(`http api ${correlationId}:`, error);
      send(response, jsonAnswer(500, 'INTERNAL', `Something went wrong; quote ${correlationId} when reporting it`));
    }
  });
}

async function callRoute(routes: CompiledRoute[], issuer: LocalIssuer, request: IncomingMessage, body: Buffer): Promise<HttpAnswer> {
  const url = new URL(request.url ?? '/', 'http://localhost');
  const method = request.method ?? 'GET';
  const onPath = routes.filter((candidate) => candidate.pattern.test(url.pathname));
  const bound = onPath.find((candidate) => candidate.route.method === method);
  if (!bound) {
    return onPath.length
      ? jsonAnswer(405, 'METHOD_NOT_ALLOWED', `${method} is not allowed on ${url.pathname}`)
      : jsonAnswer(404, 'NOT_FOUND', `No route for ${method} ${url.pathname}`);
  }
  let claims: Record<string, string> | undefined;
  if (bound.route.roles !== 'public') {
    const token = /^Bearer (.+)$/i.exec(String(request.headers.authorization ?? ''))?.[1];
    claims = token ? await issuer.verify(token).catch(() => undefined) : undefined;
    // API Gateway's JWT authorizer answers exactly this, before any handler runs.
    if (!claims) return { statusCode: 401, headers: { 'content-type': 'application/json' }, body: '{"message":"Unauthorized"}' };
  }
  const match = bound.pattern.exec(url.pathname)!;
  let pathParameters: Record<string, string>;
  try {
    pathParameters = Object.fromEntries(bound.parameterNames.map((name, i) => [name, decodeURIComponent(match[i + 1])]));
  } catch {
    return jsonAnswer(400, 'INVALID_PATH', `The path ${url.pathname} is not valid percent-encoding`);
  }
  const event = apiGatewayEvent(request, url, bound.route, body, pathParameters, claims);
  // The function is given the body as the event carries it: base64 makes a binary body a third larger.
  if (Buffer.byteLength(event.body ?? '') > MAX_BODY_BYTES) {
    return jsonAnswer(413, 'PAYLOAD_TOO_LARGE', `The request body is larger than ${MAX_BODY_BYTES} bytes (6 MB) as the function is given it (base64 for a binary body)`);
  }
  const result = await bound.handler(event, { awsRequestId: event.requestContext.requestId, functionName: bound.route.handler, getRemainingTimeInMillis: () => 29_000 });
  return lambdaResultToAnswer(result);
}

function apiGatewayEvent(
  request: IncomingMessage,
  url: URL,
  route: RouteDescription,
  body: Buffer,
  pathParameters: Record<string, string>,
  claims: Record<string, string> | undefined,
) {
  // Built through Maps: a name from the request (`constructor`, `__proto__`) is a name like any other,
  // an own property as in the JSON Lambda receives, never one of Object.prototype's.
  const headerValues = new Map<string, string>();
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headerValues.set(name.toLowerCase(), Array.isArray(value) ? value.join(',') : value);
  }
  const headers: Record<string, string> = Object.fromEntries(headerValues);
  const queryValues = new Map<string, string>();
  for (const [name, value] of url.searchParams) {
    const earlier = queryValues.get(name);
    queryValues.set(name, earlier === undefined ? value : `${earlier},${value}`);
  }
  const queryStringParameters: Record<string, string> = Object.fromEntries(queryValues);
  const routeKey = `${route.method} ${route.path}`;
  const binary = !isTextContent(headers['content-type']);
  const now = new Date();
  return {
    version: '2.0',
    routeKey,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers,
    queryStringParameters: queryValues.size ? queryStringParameters : undefined,
    pathParameters: Object.keys(pathParameters).length ? pathParameters : undefined,
    body: body.length === 0 ? undefined : binary ? body.toString('base64') : body.toString('utf8'),
    isBase64Encoded: body.length > 0 && binary,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: 'localhost',
      http: {
        method: route.method,
        path: url.pathname,
        protocol: `HTTP/${request.httpVersion}`,
        sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey,
      stage: '$default',
      time: now.toISOString(),
      timeEpoch: now.getTime(),
      authorizer: claims ? { jwt: { claims, scopes: null } } : undefined,
    },
  };
}

/** Lambda's limit on a synchronous invocation's response: past it the invocation fails, and API Gateway answers 500. */
export const MAX_RESPONSE_BYTES = 6 * 1024 * 1024;

/** What API Gateway makes of a Lambda's answer (payload 2.0): a structured result, or any JSON as a 200; too large, a 500. */
export function lambdaResultToAnswer(result: unknown): HttpAnswer {
  if (Buffer.byteLength(JSON.stringify(result ?? null)) > MAX_RESPONSE_BYTES) {
    console.error(`http api: a handler answered more than ${MAX_RESPONSE_BYTES} bytes; Lambda would fail the invocation (ResponseSizeTooLarge)`);
    return { statusCode: 500, headers: { 'content-type': 'application/json' }, body: '{"message":"Internal Server Error"}' };
  }
  if (result && typeof result === 'object' && 'statusCode' in result) {
    const { statusCode, headers, body, isBase64Encoded } = result as {
      statusCode: number;
      headers?: Record<string, string>;
      body?: string;
      isBase64Encoded?: boolean;
    };
    return { statusCode, headers, body: isBase64Encoded && body ? Buffer.from(body, 'base64') : body };
  }
  return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(result ?? null) };
}

export function jsonAnswer(statusCode: number, code: string, message: string): HttpAnswer {
  return { statusCode, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ error: { code, message } }) };
}

/** `close`: the request's body was not read to its end, so the connection cannot carry another. */
function send(response: ServerResponse, answer: HttpAnswer, { close = false } = {}): void {
  const body = answer.body ?? '';
  response.writeHead(answer.statusCode, { ...answer.headers, 'content-length': Buffer.byteLength(body), ...(close ? { connection: 'close' } : {}) });
  response.end(body);
  if (close) response.once('finish', () => response.req.socket.destroySoon());
}

/**
 * Whether API Gateway's HTTP API passes a body of this type as text: text, JSON, XML, JavaScript
 * and form data; any other body (an .xlsx, or one with no type) reaches the function base64.
 */
export function isTextContent(contentType: string | undefined): boolean {
  const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
  return /^text\//.test(type) || /^application\/(json|xml|javascript|x-www-form-urlencoded)$/.test(type) || /\+(json|xml)$/.test(type);
}

/** The request body as text (see readBytes). */
export const readBody = (request: IncomingMessage, limit: number): Promise<string | undefined> => readBytes(request, limit).then((bytes) => bytes?.toString('utf8'));

/**
 * The request body, or undefined when it is larger than `limit`: refused on its declared length
 * before any of it is read, or the moment what arrives passes the limit (a chunked body).
 */
export function readBytes(request: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  if (Number(request.headers['content-length'] ?? 0) > limit) return Promise.resolve(undefined);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      request.off('data', onData);
      request.pause();
      resolve(undefined);
    };
    request.on('data', onData);
    request.once('end', () => resolve(Buffer.concat(chunks)));
    request.once('error', reject);
  });
}

/** Discards the rest of a request body, up to `limit` bytes; resolves at its end or at the limit. */
function drain(request: IncomingMessage, limit: number): Promise<void> {
  return new Promise((resolve) => {
    let size = 0;
    const done = () => {
      request.off('data', onData);
      resolve();
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) done();
    };
    request.on('data', onData);
    request.once('end', done);
    request.once('error', done);
    request.once('close', done);
    request.resume();
  });
}

function compileRoute(bound: BoundRoute): CompiledRoute {
  const parameterNames: string[] = [];
  const source = bound.route.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{(\w+)\}/g, (_, name: string) => {
    parameterNames.push(name);
    return '([^/]+)';
  });
  return { ...bound, pattern: new RegExp(`^${source}/?$`), parameterNames };
}
