// The middy stack of every HTTP handler, in the order it runs: map errors (onError, last),
// read the caller from the JWT claims and check their role against the route table, parse and
// validate the JSON body. A handler then reads as: parse → domain → store → answer.
import { randomUUID } from 'node:crypto';
import middy from '@middy/core';
import { Logger } from '@aws-lambda-powertools/logger';
import type * as z from 'zod';
import { system } from '../../system/system.ts';
import { Refusal } from '../domain/refusal.ts';
import { languages, type Language } from '../../forms/engine/types.ts';
import { roles, type Role } from '../../system/description.ts';
import { limits } from '../domain/policy.ts';
import { isOutage } from '../store/clients.ts';
import { compressed } from './compression.ts';

// Made on the first warning: most invocations log nothing, and building it is a share of every cold start.
let logger: Logger | undefined;
const log = () => (logger ??= new Logger({ serviceName: 'puente' }));

/** An error the API answers with its own status and code (the domain's refusals are these too). */
export class HttpError extends Refusal {
  override name = 'HttpError';
}

export interface Caller {
  userId: string;
  role: Role;
  organisationId: string;
}

export interface ApiEvent {
  routeKey: string;
  rawPath: string;
  headers: Record<string, string | undefined>;
  queryStringParameters?: Record<string, string | undefined>;
  pathParameters?: Record<string, string | undefined>;
  body?: string;
  isBase64Encoded?: boolean;
  requestContext: { requestId: string; authorizer?: { jwt?: { claims?: Record<string, string> } } };
}

export interface ApiResponse {
  statusCode: number;
  headers?: Record<string, string>;
  body?: string;
  isBase64Encoded?: boolean;
}

export interface ApiRequest<Body> {
  event: ApiEvent;
  caller: Caller;
  body: Body;
  path: Record<string, string>;
  query: Record<string, string | undefined>;
}

/** What a client that met an outage is told to wait before retrying (seconds). */
const RETRY_AFTER_SECONDS = 5;

export function json(statusCode: number, body: unknown, headers: Record<string, string> = {}): ApiResponse {
  return { statusCode, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) };
}

/** The language the caller reads (Accept-Language), among those Puente speaks; English otherwise. */
export function languageOf(event: ApiEvent): Language {
  const header = event.headers['accept-language'] ?? '';
  return languages.find((code) => header.toLowerCase().startsWith(code)) ?? 'en';
}

/** The version an If-Match header names (`3`, `"3"` or `W/"3"`); undefined without the header. */
export function ifMatchVersion(event: ApiEvent): number | undefined {
  const header = event.headers['if-match'];
  if (header === undefined) return undefined;
  const match = /^(?:W\/)?"?(\d{1,15})"?$/.exec(header.trim());
  if (!match) throw new HttpError(400, 'INVALID_REQUEST', 'If-Match must be the version you read, e.g. "3"', { 'If-Match': 'a version number' });
  return Number(match[1]);
}

/** Field errors from a zod error: `path → message`, first message per path. */
export function zodFields(error: z.ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const path = issue.path.join('.') || '(body)';
    if (!Object.hasOwn(fields, path)) fields[path] = issue.message;
  }
  return fields;
}

/** Reads the caller from the claims the JWT authorizer passed on (Cognito's shape on both hosts). */
export function callerOf(event: ApiEvent): Caller {
  const claims = event.requestContext.authorizer?.jwt?.claims;
  if (!claims?.sub) throw new HttpError(401, 'UNAUTHENTICATED', 'Sign in first');
  // API Gateway flattens array claims to "[a b]".
  const groups = String(claims['cognito:groups'] ?? '').replace(/^\[|\]$/g, '').split(/[\s,]+/).filter(Boolean);
  const held = [...new Set(groups.filter((group): group is Role => (roles as readonly string[]).includes(group)))];
  // Two roles would make what the caller sees depend on which one is read first: refuse instead.
  if (held.length > 1) throw new HttpError(403, 'AMBIGUOUS_ROLE', `Your account holds more than one Puente role (${held.join(', ')}); an administrator must leave it one`);
  const organisationId = claims['custom:org'];
  if (!held.length || !organisationId) throw new HttpError(403, 'NO_ROLE', 'Your account has no Puente role or organisation');
  return { userId: claims.sub, role: held[0], organisationId };
}

const routesByKey = new Map(system.routes.map((route) => [`${route.method} ${route.path}`, route]));

/** The role check, from the one route table: a route names who may call it. */
function allowedRoles(routeKey: string): readonly Role[] | 'public' {
  const route = routesByKey.get(routeKey);
  if (!route) throw new Error(`route ${routeKey} is not in the system description`);
  return route.roles;
}

/**
 * The error mapping every HTTP handler shares: HttpError → its status; DynamoDB or Step Functions
 * unreachable or too slow → 503 with Retry-After (the request may be sent again); anything else → 500, logged.
 */
function httpHandler(run: (event: ApiEvent) => Promise<ApiResponse>) {
  return middy<ApiEvent, ApiResponse>()
    .use({ after: async (request) => void (request.response = compressed(request.event, request.response)) })
    .use({
      onError: async (request) => {
        const error = request.error as Error;
        if (error instanceof Refusal) {
          request.response = json(error.status, { error: { code: error.code, message: error.message, ...(error.fields ? { fields: error.fields } : {}) } });
          return;
        }
        const correlationId = request.event?.requestContext?.requestId ?? randomUUID();
        if (isOutage(error)) {
          log().warn('a service did not answer', { correlationId, errorName: error.name, errorCode: (error as { code?: string }).code });
          request.response = json(
            503,
            { error: { code: 'SERVICE_UNAVAILABLE', message: `Puente's data store or workflow engine did not answer in time; try again in ${RETRY_AFTER_SECONDS} s`, correlationId } },
            { 'retry-after': String(RETRY_AFTER_SECONDS) },
          );
          return;
        }
        // The error's message may carry data from the request: log its kind and stack only.
        log().error('unhandled error', { correlationId, errorName: error?.name, stack: error?.stack });
        request.response = json(500, { error: { code: 'INTERNAL', message: `Something went wrong; quote ${correlationId} when reporting it`, correlationId } });
      },
    })
    .handler(run);
}

/** A route for signed-in users: the caller's role is checked against the route table, the body parsed. */
export function api<Body = undefined>(options: {
  body?: z.ZodType<Body>;
  handle: (request: ApiRequest<Body>) => Promise<ApiResponse>;
}) {
  return httpHandler(async (event) => {
    const allowed = allowedRoles(event.routeKey);
    // A public route has no caller to give: it must use publicApi, which takes none.
    if (allowed === 'public') throw new Error(`${event.routeKey} is public; its handler must use publicApi`);
    const caller = callerOf(event);
    if (!allowed.includes(caller.role)) throw new HttpError(403, 'FORBIDDEN', `The ${caller.role} role may not use ${event.routeKey}`);
    const path: Record<string, string> = Object.fromEntries(Object.entries(event.pathParameters ?? {}).map(([k, v]) => [k, String(v ?? '')]));
    for (const [name, value] of Object.entries(path)) {
      if (value.length > limits.idCharacters) throw new HttpError(400, 'ID_TOO_LONG', `The ${name} in the path is longer than ${limits.idCharacters} characters; no such id exists`, { [name]: `at most ${limits.idCharacters} characters` });
    }
    let body = undefined as Body;
    if (options.body) {
      const text = event.isBase64Encoded && event.body ? Buffer.from(event.body, 'base64').toString('utf8') : (event.body ?? '');
      const size = Buffer.byteLength(text);
      if (size > limits.requestBodyBytes) {
        throw new HttpError(413, 'PAYLOAD_TOO_LARGE', `The request body is ${size} bytes; the limit is ${limits.requestBodyBytes} bytes (${limits.requestBodyBytes / 1024} KiB)`);
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        throw new HttpError(400, 'INVALID_JSON', 'The request body must be JSON');
      }
      const result = options.body.safeParse(parsed);
      if (!result.success) throw new HttpError(400, 'INVALID_REQUEST', 'The request is not valid; see fields', zodFields(result.error));
      body = result.data;
    }
    return options.handle({ event, caller, body, path, query: event.queryStringParameters ?? {} });
  });
}

/**
 * One handler file for several routes (one function on AWS, fewer resources in the stack): each
 * route key's own `api` handler, chosen by the route the event came by.
 */
export function byRoute(handlers: Record<string, ReturnType<typeof api<any>>>) {
  return (event: ApiEvent, context: Parameters<ReturnType<typeof api>>[1]) => {
    const chosen = handlers[event.routeKey];
    if (!chosen) throw new Error(`no handler for ${event.routeKey}`);
    return chosen(event, context);
  };
}

/** A route anyone may call (the route table says 'public'): no caller, no body. */
export function publicApi(handle: (event: ApiEvent) => Promise<ApiResponse>) {
  return httpHandler(async (event) => {
    // Bound to a signed-in route by mistake, it would skip the role check: refuse instead.
    if (allowedRoles(event.routeKey) !== 'public') throw new Error(`${event.routeKey} is not public; its handler must use api`);
    return handle(event);
  });
}
