// The OpenAPI 3.1 document of every route (GET /openapi.json), from the route table and the same
// zod schemas the handlers validate with.
import * as z from 'zod';
import { routes } from '../../system/system.ts';
import { requestShapes } from './requests.ts';
import { eventTypes } from '../domain/webhooks.ts';
import { bulletinDocument } from '../domain/bulletin.ts';

const errorShape = {
  type: 'object',
  properties: { error: { type: 'object', properties: { code: { type: 'string' }, message: { type: 'string' }, fields: { type: 'object', additionalProperties: { type: 'string' } } }, required: ['code', 'message'] } },
};

export function openApiDocument() {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const shape = requestShapes[`${route.method} ${route.path}`] ?? {};
    const parameters: Record<string, unknown>[] = [...route.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({ name, in: 'path', required: true, schema: { type: 'string' } }));
    for (const header of shape.headers ?? []) parameters.push({ ...header, in: 'header', schema: { type: 'string' } });
    if (shape.query) {
      const schema = z.toJSONSchema(shape.query, { io: 'input' }) as { properties?: Record<string, unknown> };
      for (const [name, property] of Object.entries(schema.properties ?? {})) parameters.push({ name, in: 'query', required: false, schema: property as any });
    }
    (paths[route.path] ??= {})[route.method.toLowerCase()] = {
      summary: `${route.method} ${route.path}`,
      'x-roles': route.roles,
      security: route.roles === 'public' ? [] : [{ jwt: [] }],
      parameters,
      // A file sent as it is (an XLSForm workbook): the body is its bytes.
      ...(shape.consumes ? { requestBody: { required: true, content: { [shape.consumes]: { schema: { type: 'string', format: 'binary' } } } } } : {}),
      ...(shape.body ? { requestBody: { required: true, content: { 'application/json': { schema: z.toJSONSchema(shape.body, { io: 'input', unrepresentable: 'any' }) } } } } : {}),
      responses: {
        [String(shape.success ?? 200)]: {
          description: shape.success === 201 ? 'Created' : 'OK',
          // A route that answers in several formats (an export's ?format=csv) lists each.
          content: Object.fromEntries((shape.produces ?? ['application/json']).map((type) => [type, { schema: type === 'application/json' ? { type: 'object' } : type.startsWith('text/') ? { type: 'string' } : { type: 'string', format: 'binary' } }])),
        },
        '400': { description: 'Invalid request: every offending field is named', content: { 'application/json': { schema: errorShape } } },
        '401': { description: 'Not signed in' },
        '403': { description: 'Not allowed for this role or organisation', content: { 'application/json': { schema: errorShape } } },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Puente API', version: '1.0.0', description: 'Screening, referral and workflow API for counter-trafficking coalitions.' },
    components: {
      securitySchemes: { jwt: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      // The payload of a signed bulletin (GET /indicators/bulletin, POST /regional/bulletins): docs/indicators.md.
      schemas: { Bulletin: z.toJSONSchema(bulletinDocument, { io: 'input' }) },
    },
    paths,
    // What Puente POSTs to a registered webhook (docs/webhooks.md): Standard Webhooks headers and payload.
    webhooks: Object.fromEntries(
      eventTypes.map((type) => [
        type,
        {
          post: {
            summary: `${type} (docs/webhooks.md)`,
            parameters: ['webhook-id', 'webhook-timestamp', 'webhook-signature'].map((name) => ({ name, in: 'header', required: true, schema: { type: 'string' } })),
            requestBody: {
              required: true,
              content: {
                'application/json': {
                  schema: { type: 'object', properties: { type: { const: type }, timestamp: { type: 'string', format: 'date-time' }, data: { type: 'object', description: 'Ids and what the hook’s organisation may see; never personal data' } }, required: ['type', 'timestamp', 'data'] },
                },
              },
            },
            responses: { '2XX': { description: 'Received; any other answer is a failure (timeouts, 5xx and 429 are retried)' } },
          },
        },
      ]),
    ),
  };
}
